# SPDX-License-Identifier: GPL-2.0
# Host unit tests of the hypervisor's pure logic (HV-LOGIC).
HV := $(ROOT)/hypervisor-x86
HV_TEST := $(ROOT)/tests/unit/hypervisor
COMMON := $(ROOT)/common
HV_CFLAGS := -I$(HV)/include -I$(COMMON)/include
HV_DEPS := $(wildcard $(HV)/include/*.h $(COMMON)/include/common/*.h) \
	$(wildcard $(HV_TEST)/*.h)
HV_LIB := $(COMMON)/string.c $(COMMON)/format.c

UNIT_TESTS += hv-lib
hv-lib_SRCS := $(HV_TEST)/test-lib.c $(HV_LIB)
hv-lib_CFLAGS := $(HV_CFLAGS)
hv-lib_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-page-pool
hv-page-pool_SRCS := $(HV_TEST)/test-page-pool.c $(HV)/page-pool.c $(HV_LIB)
hv-page-pool_CFLAGS := $(HV_CFLAGS)
hv-page-pool_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-paging
hv-paging_SRCS := $(HV_TEST)/test-paging.c $(HV)/paging.c $(HV)/page-pool.c $(HV_LIB)
hv-paging_CFLAGS := $(HV_CFLAGS)
hv-paging_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-config-validate
hv-config-validate_SRCS := $(HV_TEST)/test-config-validate.c $(COMMON)/config-validate.c $(HV_LIB)
hv-config-validate_CFLAGS := $(HV_CFLAGS)
hv-config-validate_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-cell-config
hv-cell-config_SRCS := $(HV_TEST)/test-cell-config.c $(COMMON)/cell-config.c $(COMMON)/config-validate.c $(HV_LIB)
hv-cell-config_CFLAGS := $(HV_CFLAGS)
hv-cell-config_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-rig-configs
hv-rig-configs_SRCS := $(HV_TEST)/test-rig-configs.c $(COMMON)/cell-config.c $(COMMON)/config-validate.c $(HV_LIB)
hv-rig-configs_CFLAGS := $(HV_CFLAGS)
hv-rig-configs_DEPS := $(HV_DEPS) $(wildcard $(ROOT)/configs/x86/*.c)

UNIT_TESTS += hv-mmio-decode
hv-mmio-decode_SRCS := $(HV_TEST)/test-mmio-decode.c $(HV)/arch/mmio-decode.c
hv-mmio-decode_CFLAGS := $(HV_CFLAGS)
hv-mmio-decode_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-apic-icr
hv-apic-icr_SRCS := $(HV_TEST)/test-apic-icr.c $(HV)/arch/apic-icr.c
hv-apic-icr_CFLAGS := $(HV_CFLAGS)
hv-apic-icr_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-msr-policy
hv-msr-policy_SRCS := $(HV_TEST)/test-msr-policy.c
hv-msr-policy_CFLAGS := $(HV_CFLAGS)
hv-msr-policy_DEPS := $(HV_DEPS) $(HV)/arch/msr-policy.c

UNIT_TESTS += hv-cpuid-filter
hv-cpuid-filter_SRCS := $(HV_TEST)/test-cpuid-filter.c $(HV)/arch/cpuid-filter.c \
	$(HV)/arch/msr-policy.c
hv-cpuid-filter_CFLAGS := $(HV_CFLAGS)
hv-cpuid-filter_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-ioapic-filter
hv-ioapic-filter_SRCS := $(HV_TEST)/test-ioapic-filter.c $(HV)/arch/ioapic-filter.c
hv-ioapic-filter_CFLAGS := $(HV_CFLAGS)
hv-ioapic-filter_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-ioapic-window
hv-ioapic-window_SRCS := $(HV_TEST)/test-ioapic-window.c $(HV)/arch/ioapic-filter.c \
	$(COMMON)/cell-config.c $(COMMON)/config-validate.c $(HV_LIB)
hv-ioapic-window_CFLAGS := $(HV_CFLAGS)
hv-ioapic-window_DEPS := $(HV_DEPS) $(ROOT)/configs/x86/bochs-sys.c \
	$(ROOT)/configs/x86/ioapic-pin.c

UNIT_TESTS += hv-config-fuzz
hv-config-fuzz_SRCS := $(HV_TEST)/test-config-fuzz.c $(COMMON)/cell-config.c $(COMMON)/config-validate.c $(HV_LIB)
hv-config-fuzz_CFLAGS := $(HV_CFLAGS)
hv-config-fuzz_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-cell-resources
hv-cell-resources_SRCS := $(HV_TEST)/test-cell-resources.c $(HV)/cell-resources.c
hv-cell-resources_CFLAGS := $(HV_CFLAGS)
hv-cell-resources_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-mmio-region
hv-mmio-region_SRCS := $(HV_TEST)/test-mmio-region.c $(HV)/mmio-region.c
hv-mmio-region_CFLAGS := $(HV_CFLAGS)
hv-mmio-region_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-mmio-dispatch
hv-mmio-dispatch_SRCS := $(HV_TEST)/test-mmio-dispatch.c $(HV)/mmio.c
hv-mmio-dispatch_CFLAGS := $(HV_CFLAGS)
hv-mmio-dispatch_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-pci-config
hv-pci-config_SRCS := $(HV_TEST)/test-pci-config.c $(HV)/pci-config.c
hv-pci-config_CFLAGS := $(HV_CFLAGS)
hv-pci-config_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-cell-memory
hv-cell-memory_SRCS := $(HV_TEST)/test-cell-memory.c $(HV)/cell-memory.c \
	$(HV)/cell-resources.c $(HV)/paging.c $(HV)/page-pool.c $(HV_LIB)
hv-cell-memory_CFLAGS := $(HV_CFLAGS)
hv-cell-memory_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-msr-fixup
hv-msr-fixup_SRCS := $(HV_TEST)/test-msr-fixup.c
# absolute addresses in the table, as in the hypervisor's fixed-address link
hv-msr-fixup_CFLAGS := $(HV_CFLAGS) -fno-pie -no-pie
hv-msr-fixup_DEPS := $(HV_DEPS)
