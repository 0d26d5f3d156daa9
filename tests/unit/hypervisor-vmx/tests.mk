# SPDX-License-Identifier: GPL-2.0
# Host unit tests of the HV-VMX engineer's pure logic.
HVX := $(ROOT)/hypervisor-x86
HVX_TEST := $(ROOT)/tests/unit/hypervisor-vmx
COMMON := $(ROOT)/common

UNIT_TESTS += hv-guest-walk
hv-guest-walk_SRCS := $(HVX_TEST)/test-guest-walk.c $(HVX)/guest-memory.c \
	$(HVX)/paging.c $(HVX)/page-pool.c $(COMMON)/string.c $(COMMON)/format.c
hv-guest-walk_CFLAGS := -I$(HVX)/include -I$(COMMON)/include
hv-guest-walk_DEPS := $(wildcard $(HVX)/include/*.h $(COMMON)/include/common/*.h)

# fake/ comes first: vmx.h and processor.h without VMX instructions/RDMSR.
# JH_FAKE_GUEST_REGS: the tests define guest_reg_read/write (include/hv.h)
# to see which registers the code under test touches.
HVX_FAKE_CFLAGS := -I$(HVX_TEST)/fake -I$(HVX)/include -I$(COMMON)/include \
	-DJH_FAKE_GUEST_REGS
HVX_FAKE_DEPS := $(wildcard $(HVX)/include/*.h $(HVX_TEST)/fake/*.h $(COMMON)/include/common/*.h) \
	$(wildcard $(ROOT)/configs/x86/*.c)

UNIT_TESTS += hv-mmio-subpage
hv-mmio-subpage_SRCS := $(HVX_TEST)/test-mmio-subpage.c $(HVX_TEST)/fake/printk.c \
	$(HVX)/vmx/mmio.c $(HVX)/mmio.c $(HVX)/mmio-subpage.c $(HVX)/mmio-region.c \
	$(HVX)/arch/mmio-decode.c $(COMMON)/cell-config.c \
	$(HVX)/cell-resources.c $(COMMON)/config-validate.c $(COMMON)/string.c \
	$(COMMON)/format.c
hv-mmio-subpage_CFLAGS := $(HVX_FAKE_CFLAGS)
hv-mmio-subpage_DEPS := $(HVX_FAKE_DEPS)

UNIT_TESTS += hv-root-ept
hv-root-ept_SRCS := $(HVX_TEST)/test-root-ept.c $(HVX)/root-cell.c \
	$(HVX)/mmio.c $(HVX)/mmio-subpage.c $(HVX)/mmio-region.c \
	$(COMMON)/config-validate.c $(HVX)/vmx/cell.c \
	$(HVX)/cell-memory.c $(HVX)/cell-resources.c $(HVX)/arch/msr-policy.c \
	$(HVX)/paging.c $(HVX)/page-pool.c $(COMMON)/string.c \
	$(COMMON)/format.c
hv-root-ept_CFLAGS := $(HVX_FAKE_CFLAGS)
hv-root-ept_DEPS := $(HVX_FAKE_DEPS)

UNIT_TESTS += hv-apic
hv-apic_SRCS := $(HVX_TEST)/test-apic.c $(HVX_TEST)/fake/printk.c $(HVX)/arch/apic.c \
	$(HVX)/arch/apic-icr.c $(HVX)/arch/mmio-decode.c $(HVX)/vmx/mmio.c \
	$(HVX)/vmx/mmio-fetch.c $(HVX)/mmio.c $(COMMON)/string.c \
	$(COMMON)/format.c
hv-apic_CFLAGS := $(HVX_FAKE_CFLAGS)
hv-apic_DEPS := $(HVX_FAKE_DEPS)

UNIT_TESTS += hv-cpu-events
hv-cpu-events_SRCS := $(HVX_TEST)/test-cpu-events.c $(HVX_TEST)/fake/printk.c $(HVX)/cpu-events.c \
	$(COMMON)/string.c
hv-cpu-events_CFLAGS := $(HVX_FAKE_CFLAGS)
hv-cpu-events_DEPS := $(HVX_FAKE_DEPS)

UNIT_TESTS += hv-console
hv-console_SRCS := $(HVX_TEST)/test-console.c $(HVX)/console.c \
	$(COMMON)/format.c $(COMMON)/string.c
hv-console_CFLAGS := $(HVX_FAKE_CFLAGS)
hv-console_DEPS := $(HVX_FAKE_DEPS)

UNIT_TESTS += hv-units
hv-units_SRCS := $(HVX_TEST)/test-units.c $(HVX)/unit.c
hv-units_CFLAGS := $(HVX_FAKE_CFLAGS)
hv-units_DEPS := $(HVX_FAKE_DEPS)
