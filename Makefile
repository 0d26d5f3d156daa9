# SPDX-License-Identifier: GPL-2.0
#
# One `make` builds everything: the hypervisor image, the module, the CLI,
# the configs and the inmates.  `make check` runs every test layer,
# `make demo` the main job on the emulated PC.  Both install what they need.

KDIR ?= $(shell scripts/kdir)
export KDIR

prefix ?= /usr/local
DESTDIR ?=
export prefix DESTDIR

COMPONENTS := hypervisor-x86 driver tools configs/x86 inmates/x86

.PHONY: all $(COMPONENTS) deps check demo bench fuzz soak install clean

all: $(COMPONENTS)

# Configs are compiled against the ABI only; tools use the shared validator.
$(COMPONENTS):
	$(MAKE) -C $@

deps:
	scripts/install-deps

check: deps
	$(MAKE) all
	tests/run-check $(LAYERS)

demo: deps
	$(MAKE) all
	tests/rig/demo

bench: deps
	$(MAKE) all
	tests/bench/run

# FUZZ_RUNS inputs per parser (default 10^7) and the coverage each
# reached; the seeds come from the built configs and inmates.
FUZZ_RUNS ?= 10000000
export FUZZ_RUNS
fuzz: deps
	$(MAKE) -C configs/x86
	$(MAKE) -C inmates/x86
	tests/fuzz/run --long

# SOAK_CYCLES cell cycles (default 1000) on the 3-CPU Bochs PC, root Linux
# under load (tests/soak/run); hours of emulation, not part of make check.
SOAK_CYCLES ?= 1000
export SOAK_CYCLES
soak: deps
	$(MAKE) all
	tests/soak/run

install: all
	$(MAKE) -C hypervisor-x86 install
	$(MAKE) -C driver install
	$(MAKE) -C tools install
	$(MAKE) -C configs/x86 install
	$(MAKE) -C inmates/x86 install

clean:
	for d in $(COMPONENTS); do $(MAKE) -C $$d clean || exit 1; done
	$(MAKE) -C tests/unit clean
	rm -rf build
