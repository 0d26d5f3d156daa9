# SPDX-License-Identifier: GPL-2.0
#
# One `make` builds everything: the hypervisor image, the module, the CLI,
# the configs and the inmates.  `make check` runs every test layer,
# `make demo` the main job on the emulated PC.  Both install what they need.

KDIR ?= $(shell scripts/kdir)
export KDIR

prefix ?= /usr/local
DESTDIR ?=
sysconfdir ?= /etc
export prefix DESTDIR

# One version for the CLI, the DKMS source and the man pages; a package
# build passes its own (make VERSION=...).
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo unknown)

COMPONENTS := hypervisor-x86 driver tools configs/x86 inmates/x86

.PHONY: all $(COMPONENTS) deps check demo bench fuzz soak install uninstall \
	install-userspace install-dkms uninstall-dkms man clean print-version

all: $(COMPONENTS)

# TOOLS_CC: the compiler command for the CLI alone (the Debian package
# adds its hardening flags there; the freestanding parts keep theirs).
TOOLS_CC ?=
TOOLS_ARGS = $(if $(TOOLS_CC),CC="$(TOOLS_CC)")

# Configs are compiled against the ABI only; tools use the shared validator.
$(COMPONENTS):
	$(MAKE) -C $@ $(if $(filter tools,$@),$(TOOLS_ARGS))

deps:
	scripts/install-deps

# The rig's guests get the Debian packages of the tree (tests/rig/lib/
# initramfs.sh; the packaging layer builds them before the rig's layers,
# a rig run alone builds them when the tree changed); RIG_FROM_TREE=1
# boots the build tree instead.
check: deps
	$(MAKE) all
	tests/run-check $(LAYERS)

# LINUX=1: then a Linux cell in a 3-CPU Bochs PC (needs the guest kernel of
# scripts/build-guest-kernel; without it that part is "not there yet").
demo: deps
	$(MAKE) all
	tests/rig/demo $(if $(LINUX),--linux)

# The version the components are built with (the rig's tree build uses it).
print-version:
	@echo $(VERSION)

bench: deps
	$(MAKE) all
	tests/bench/run
	tests/bench/ivshmem
	tests/bench/linux-cell

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

# What a package installs (debian/ splits it up), under $(DESTDIR) with
# $(prefix): the firmware (/lib/firmware), the module for $(KDIR)'s kernel,
# the CLI, cells, inmates, the ABI headers and config sources (to write
# configs of one's own), man pages, bash completion, the systemd unit with
# its helper, the environment file ($(sysconfdir)/default/jailhouse, kept
# if it exists) and the GRUB example.  `make uninstall` takes the same
# variables and removes all of it but a changed environment file.
datadir = $(prefix)/share
libexecdir = $(prefix)/libexec/jailhouse
unitdir = $(prefix)/lib/systemd/system
MAN_PAGES := $(patsubst Documentation/man/%.in,build/man/%,\
	$(wildcard Documentation/man/*.8.in))
CONFIG_SOURCES := $(filter-out configs/x86/cell-check.c,$(wildcard configs/x86/*.c))
ABI_HEADERS := $(wildcard include/jailhouse/*.h)
D = $(DESTDIR)

# The man pages are written from the CLI's own help (Documentation/man/gen-man).
man: tools
	Documentation/man/gen-man tools/jailhouse build/man

# Written on every install: it names $(libexecdir), which follows prefix.
.PHONY: build/jailhouse.service
build/jailhouse.service: tools/systemd/jailhouse.service
	@mkdir -p $(@D)
	sed 's|/usr/libexec/jailhouse/|$(libexecdir)/|' $< >$@

install: all install-userspace
	$(MAKE) -C driver install

# All but the module (the packages build it with DKMS on the target).
install-userspace: man build/jailhouse.service
	$(MAKE) -C hypervisor-x86 install
	$(MAKE) -C tools install $(TOOLS_ARGS)
	$(MAKE) -C configs/x86 install
	$(MAKE) -C inmates/x86 install
	install -d $(D)$(prefix)/include/jailhouse $(D)$(datadir)/jailhouse/configs \
		$(D)$(datadir)/man/man8 $(D)$(datadir)/bash-completion/completions \
		$(D)$(unitdir) $(D)$(libexecdir) $(D)$(sysconfdir)/default \
		$(D)$(datadir)/doc/jailhouse/examples
	install -m 0644 $(ABI_HEADERS) $(D)$(prefix)/include/jailhouse/
	install -m 0644 $(CONFIG_SOURCES) $(D)$(datadir)/jailhouse/configs/
	install -m 0644 $(MAN_PAGES) $(D)$(datadir)/man/man8/
	install -m 0644 tools/completion/jailhouse $(D)$(datadir)/bash-completion/completions/
	install -m 0644 build/jailhouse.service $(D)$(unitdir)/
	install -m 0755 tools/systemd/jailhouse-service $(D)$(libexecdir)/
	install -m 0644 tools/systemd/grub-jailhouse.cfg $(D)$(datadir)/doc/jailhouse/examples/
	[ -e $(D)$(sysconfdir)/default/jailhouse ] || \
		install -m 0644 tools/systemd/jailhouse.default $(D)$(sysconfdir)/default/jailhouse

uninstall:
	$(MAKE) -C hypervisor-x86 uninstall
	$(MAKE) -C driver uninstall
	$(MAKE) -C tools uninstall
	$(MAKE) -C configs/x86 uninstall
	$(MAKE) -C inmates/x86 uninstall
	rm -f $(addprefix $(D)$(prefix)/include/jailhouse/,$(notdir $(ABI_HEADERS))) \
		$(addprefix $(D)$(datadir)/jailhouse/configs/,$(notdir $(CONFIG_SOURCES))) \
		$(addprefix $(D)$(datadir)/man/man8/,$(notdir $(MAN_PAGES))) \
		$(D)$(datadir)/bash-completion/completions/jailhouse \
		$(D)$(unitdir)/jailhouse.service $(D)$(libexecdir)/jailhouse-service \
		$(D)$(datadir)/doc/jailhouse/examples/grub-jailhouse.cfg
	! cmp -s tools/systemd/jailhouse.default $(D)$(sysconfdir)/default/jailhouse || \
		rm -f $(D)$(sysconfdir)/default/jailhouse
	-rmdir -p --ignore-fail-on-non-empty $(D)$(prefix)/include/jailhouse \
		$(D)$(datadir)/jailhouse/configs $(D)$(datadir)/doc/jailhouse/examples \
		$(D)$(datadir)/man/man8 $(D)$(datadir)/bash-completion/completions \
		$(D)$(unitdir) $(D)$(libexecdir) $(D)$(sysconfdir)/default \
		$(D)$(prefix)/sbin $(D)/lib/firmware

# The DKMS source of jailhouse.ko (what jailhouse-dkms installs):
# $(D)/usr/src/jailhouse-$(VERSION), see scripts/dkms-source.
install-dkms:
	scripts/dkms-source $(D)/usr/src/jailhouse-$(VERSION) $(VERSION)

uninstall-dkms:
	rm -rf $(D)/usr/src/jailhouse-$(VERSION)

clean:
	for d in $(COMPONENTS); do $(MAKE) -C $$d clean || exit 1; done
	$(MAKE) -C tests/unit clean
	rm -rf build
