# SPDX-License-Identifier: GPL-2.0
# Host unit tests of the hypervisor (hypervisor-x86/), laid out as the
# code they test: test-NAME.c tests NAME.c of the top level, arch/ the
# files of arch/.  vmx/ code is reached through the tests of the generic
# files that use it (mmio-subpage, root-ept, apic), vmx/cr.c by its own
# (test-vmx-cr.c, a VMCS in an array).
HV := $(ROOT)/hypervisor-x86
HV_TEST := $(ROOT)/tests/unit/hypervisor
COMMON := $(ROOT)/common
HV_CFLAGS := -I$(HV)/include -I$(COMMON)/include -I$(ROOT)/tests/unit/common
HV_DEPS := $(wildcard $(HV)/include/*.h $(COMMON)/include/common/*.h) \
	$(wildcard $(ROOT)/tests/unit/common/*.h) \
	$(wildcard $(HV_TEST)/fixtures/*.h $(HV_TEST)/arch/*.h)
HV_LIB := $(COMMON)/string.c $(COMMON)/format.c

# fake/ comes first: vmx.h and processor.h without VMX instructions/RDMSR.
# JH_FAKE_GUEST_REGS: the tests define guest_reg_read/write (include/hv.h)
# to see which registers the code under test touches.
HV_FAKE_CFLAGS := -I$(HV_TEST)/fake -I$(HV)/include -I$(COMMON)/include \
	-I$(ROOT)/tests/unit/common -DJH_FAKE_GUEST_REGS
HV_FAKE_DEPS := $(HV_DEPS) $(wildcard $(HV_TEST)/fake/*.h) \
	$(wildcard $(ROOT)/configs/x86/*.c)

# ---- the top level ----

UNIT_TESTS += hv-page-pool
hv-page-pool_SRCS := $(HV_TEST)/test-page-pool.c $(HV)/page-pool.c $(HV_LIB)
hv-page-pool_CFLAGS := $(HV_CFLAGS)
hv-page-pool_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-paging
hv-paging_SRCS := $(HV_TEST)/test-paging.c $(HV)/paging.c $(HV)/page-pool.c $(HV_LIB)
hv-paging_CFLAGS := $(HV_CFLAGS)
hv-paging_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-phys-window
hv-phys-window_SRCS := $(HV_TEST)/test-phys-window.c $(HV)/phys-window.c \
	$(HV)/paging.c $(HV)/page-pool.c $(HV_LIB)
hv-phys-window_CFLAGS := $(HV_CFLAGS)
hv-phys-window_DEPS := $(HV_DEPS)

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

UNIT_TESTS += hv-pci-virt
hv-pci-virt_SRCS := $(HV_TEST)/test-pci-virt.c $(HV)/pci-virt.c $(HV_LIB)
hv-pci-virt_CFLAGS := $(HV_CFLAGS)
hv-pci-virt_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-pci-reset
hv-pci-reset_SRCS := $(HV_TEST)/test-pci-reset.c $(HV)/pci-reset.c \
	$(HV)/pci-virt.c $(HV_LIB)
hv-pci-reset_CFLAGS := $(HV_CFLAGS)
hv-pci-reset_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-pci-topology
hv-pci-topology_SRCS := $(HV_TEST)/test-pci-topology.c $(HV)/pci-topology.c
hv-pci-topology_CFLAGS := $(HV_CFLAGS)
hv-pci-topology_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-pci-unit
hv-pci-unit_SRCS := $(HV_TEST)/test-pci-unit.c $(HV_TEST)/fake/printk.c \
	$(HV_TEST)/fake/spinlock.c \
	$(HV_TEST)/fake/ivshmem.c $(HV_TEST)/fake/mmio-traps.c \
	$(HV)/pci.c $(HV)/pci-virt.c $(HV)/pci-config.c $(HV)/pci-reset.c \
	$(HV)/pci-topology.c $(HV_LIB)
hv-pci-unit_CFLAGS := $(HV_FAKE_CFLAGS)
hv-pci-unit_DEPS := $(HV_FAKE_DEPS)

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

UNIT_TESTS += hv-guest-walk
hv-guest-walk_SRCS := $(HV_TEST)/test-guest-walk.c $(HV)/guest-memory.c \
	$(HV)/paging.c $(HV)/page-pool.c $(COMMON)/string.c $(COMMON)/format.c
hv-guest-walk_CFLAGS := -I$(HV)/include -I$(COMMON)/include
hv-guest-walk_DEPS := $(wildcard $(HV)/include/*.h $(COMMON)/include/common/*.h)

UNIT_TESTS += hv-mmio-subpage
hv-mmio-subpage_SRCS := $(HV_TEST)/test-mmio-subpage.c $(HV_TEST)/fake/printk.c \
	$(HV)/vmx/mmio.c $(HV)/mmio.c $(HV)/mmio-subpage.c $(HV)/mmio-region.c \
	$(HV)/arch/mmio-decode.c $(COMMON)/cell-config.c \
	$(HV)/cell-resources.c $(COMMON)/config-validate.c $(COMMON)/string.c \
	$(COMMON)/format.c
hv-mmio-subpage_CFLAGS := $(HV_FAKE_CFLAGS)
hv-mmio-subpage_DEPS := $(HV_FAKE_DEPS)

UNIT_TESTS += hv-root-ept
hv-root-ept_SRCS := $(HV_TEST)/test-root-ept.c $(HV)/root-cell.c \
	$(HV)/mmio.c $(HV)/mmio-subpage.c $(HV)/mmio-region.c \
	$(COMMON)/config-validate.c $(HV)/vmx/cell.c $(HV)/arch/cpu-features.c \
	$(HV)/cell-memory.c $(HV)/cell-resources.c $(HV)/arch/msr-policy.c \
	$(HV)/paging.c $(HV)/page-pool.c $(COMMON)/string.c \
	$(COMMON)/format.c
hv-root-ept_CFLAGS := $(HV_FAKE_CFLAGS)
hv-root-ept_DEPS := $(HV_FAKE_DEPS)

UNIT_TESTS += hv-cpu-events
hv-cpu-events_SRCS := $(HV_TEST)/test-cpu-events.c $(HV_TEST)/fake/printk.c $(HV)/cpu-events.c \
	$(COMMON)/string.c
hv-cpu-events_CFLAGS := $(HV_FAKE_CFLAGS)
hv-cpu-events_DEPS := $(HV_FAKE_DEPS)

UNIT_TESTS += hv-cell-fault
hv-cell-fault_SRCS := $(HV_TEST)/test-cell-fault.c $(HV)/cell-fault.c \
	$(HV)/spinlock.c $(HV_TEST)/fake/printk.c $(COMMON)/format.c \
	$(COMMON)/string.c
hv-cell-fault_CFLAGS := $(HV_FAKE_CFLAGS)
hv-cell-fault_DEPS := $(HV_FAKE_DEPS)

UNIT_TESTS += hv-spinlock
hv-spinlock_SRCS := $(HV_TEST)/test-spinlock.c $(HV)/spinlock.c \
	$(HV_TEST)/fake/printk.c $(COMMON)/format.c $(COMMON)/string.c
hv-spinlock_CFLAGS := $(HV_FAKE_CFLAGS)
hv-spinlock_DEPS := $(HV_FAKE_DEPS)

UNIT_TESTS += hv-console
hv-console_SRCS := $(HV_TEST)/test-console.c $(HV)/console.c \
	$(HV_TEST)/fake/spinlock.c \
	$(COMMON)/format.c $(COMMON)/string.c
hv-console_CFLAGS := $(HV_FAKE_CFLAGS)
hv-console_DEPS := $(HV_FAKE_DEPS)

UNIT_TESTS += hv-units
hv-units_SRCS := $(HV_TEST)/test-units.c $(HV)/unit.c $(COMMON)/string.c \
	$(HV_TEST)/fake/spinlock.c
hv-units_CFLAGS := $(HV_FAKE_CFLAGS)
hv-units_DEPS := $(HV_FAKE_DEPS)

# ---- arch/ ----

UNIT_TESTS += hv-apic-icr
hv-apic-icr_SRCS := $(HV_TEST)/arch/test-apic-icr.c $(HV)/arch/apic-icr.c
hv-apic-icr_CFLAGS := $(HV_CFLAGS)
hv-apic-icr_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-apic-regs
hv-apic-regs_SRCS := $(HV_TEST)/arch/test-apic-regs.c $(HV)/arch/apic-regs.c
hv-apic-regs_CFLAGS := $(HV_CFLAGS)
hv-apic-regs_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-msr-policy
hv-msr-policy_SRCS := $(HV_TEST)/arch/test-msr-policy.c
hv-msr-policy_CFLAGS := $(HV_CFLAGS)
hv-msr-policy_DEPS := $(HV_DEPS) $(HV)/arch/msr-policy.c

UNIT_TESTS += hv-cpuid-filter
hv-cpuid-filter_SRCS := $(HV_TEST)/arch/test-cpuid-filter.c $(HV)/arch/cpuid-filter.c $(HV)/arch/cpu-features.c \
	$(HV)/arch/msr-policy.c
hv-cpuid-filter_CFLAGS := $(HV_CFLAGS)
hv-cpuid-filter_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-scrub
hv-scrub_SRCS := $(HV_TEST)/arch/test-scrub.c $(HV)/arch/scrub.c $(HV_LIB)
hv-scrub_CFLAGS := $(HV_CFLAGS)
hv-scrub_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-ioapic-filter
hv-ioapic-filter_SRCS := $(HV_TEST)/arch/test-ioapic-filter.c $(HV)/arch/ioapic-filter.c
hv-ioapic-filter_CFLAGS := $(HV_CFLAGS)
hv-ioapic-filter_DEPS := $(HV_DEPS) $(HV_TEST)/arch/ioapic-root-request.h

UNIT_TESTS += hv-pci-msi
hv-pci-msi_SRCS := $(HV_TEST)/arch/test-pci-msi.c $(HV)/arch/pci-msi.c \
	$(HV)/arch/ioapic-filter.c
hv-pci-msi_CFLAGS := $(HV_CFLAGS)
hv-pci-msi_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-ivshmem
hv-ivshmem_SRCS := $(HV_TEST)/test-ivshmem.c $(HV)/ivshmem.c \
	$(HV)/arch/pci-msi.c $(HV)/arch/ioapic-filter.c \
	$(COMMON)/config-validate.c $(HV_LIB)
hv-ivshmem_CFLAGS := $(HV_CFLAGS)
hv-ivshmem_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-ivshmem-unit
hv-ivshmem-unit_SRCS := $(HV_TEST)/test-ivshmem-unit.c \
	$(HV_TEST)/fake/printk.c $(HV_TEST)/fake/mmio-traps.c \
	$(HV_TEST)/fake/spinlock.c $(HV)/ivshmem-unit.c $(HV)/ivshmem.c \
	$(HV)/arch/pci-msi.c $(HV)/arch/ioapic-filter.c $(HV_LIB)
hv-ivshmem-unit_CFLAGS := $(HV_FAKE_CFLAGS)
hv-ivshmem-unit_DEPS := $(HV_FAKE_DEPS)

UNIT_TESTS += hv-ioapic-window
hv-ioapic-window_SRCS := $(HV_TEST)/arch/test-ioapic-window.c $(HV)/arch/ioapic-filter.c \
	$(COMMON)/cell-config.c $(COMMON)/config-validate.c $(HV_LIB)
hv-ioapic-window_CFLAGS := $(HV_CFLAGS)
hv-ioapic-window_DEPS := $(HV_DEPS) $(ROOT)/configs/x86/bochs-sys.c \
	$(ROOT)/configs/x86/ioapic-pin.c

UNIT_TESTS += hv-ioapic
hv-ioapic_SRCS := $(HV_TEST)/arch/test-ioapic.c $(HV)/arch/ioapic.c \
	$(HV)/arch/ioapic-filter.c $(HV_TEST)/fake/mmio-traps.c \
	$(HV_TEST)/fake/spinlock.c $(HV_TEST)/fake/printk.c $(HV_LIB)
hv-ioapic_CFLAGS := $(HV_FAKE_CFLAGS)
hv-ioapic_DEPS := $(HV_FAKE_DEPS) $(HV_TEST)/arch/ioapic-root-request.h

UNIT_TESTS += hv-mmio-decode
hv-mmio-decode_SRCS := $(HV_TEST)/arch/test-mmio-decode.c $(HV)/arch/mmio-decode.c
hv-mmio-decode_CFLAGS := $(HV_CFLAGS)
hv-mmio-decode_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-apic
hv-apic_SRCS := $(HV_TEST)/arch/test-apic.c $(HV_TEST)/fake/printk.c $(HV)/arch/apic.c \
	$(HV)/arch/apic-icr.c $(HV)/arch/apic-regs.c $(HV)/arch/mmio-decode.c $(HV)/vmx/mmio.c \
	$(HV)/vmx/mmio-fetch.c $(HV)/mmio.c $(COMMON)/string.c \
	$(COMMON)/format.c
hv-apic_CFLAGS := $(HV_FAKE_CFLAGS)
hv-apic_DEPS := $(HV_FAKE_DEPS)

UNIT_TESTS += hv-xcr0
hv-xcr0_SRCS := $(HV_TEST)/arch/test-xcr0.c $(HV)/arch/xcr0.c
hv-xcr0_CFLAGS := $(HV_CFLAGS)
hv-xcr0_DEPS := $(HV_DEPS) $(HV_TEST)/fixtures/cpu-parts.h

UNIT_TESTS += hv-cr-rules
hv-cr-rules_SRCS := $(HV_TEST)/arch/test-cr-rules.c $(HV)/arch/cr-rules.c
hv-cr-rules_CFLAGS := $(HV_CFLAGS)
hv-cr-rules_DEPS := $(HV_DEPS)

UNIT_TESTS += hv-cpu-features
hv-cpu-features_SRCS := $(HV_TEST)/arch/test-cpu-features.c $(HV)/arch/cpu-features.c \
	$(HV)/arch/cpuid-filter.c $(HV)/arch/msr-policy.c
hv-cpu-features_CFLAGS := $(HV_CFLAGS)
hv-cpu-features_DEPS := $(HV_DEPS) $(HV_TEST)/fixtures/cpu-parts.h

UNIT_TESTS += hv-vmx-cr
hv-vmx-cr_SRCS := $(HV_TEST)/test-vmx-cr.c $(HV)/vmx/cr.c $(HV)/arch/cr-rules.c
hv-vmx-cr_CFLAGS := $(HV_FAKE_CFLAGS)
hv-vmx-cr_DEPS := $(HV_FAKE_DEPS)
UNIT_TESTS += hv-spec-plan
hv-spec-plan_SRCS := $(HV_TEST)/arch/test-spec-plan.c $(HV)/arch/spec-plan.c
hv-spec-plan_CFLAGS := $(HV_CFLAGS)
hv-spec-plan_DEPS := $(HV_DEPS) $(HV_TEST)/arch/spec-parts.h

UNIT_TESTS += hv-spec
hv-spec_SRCS := $(HV_TEST)/arch/test-spec.c $(HV_TEST)/fake/printk.c $(HV)/arch/spec.c \
	$(HV)/arch/spec-plan.c $(HV)/arch/spec-barriers.S
hv-spec_CFLAGS := $(HV_FAKE_CFLAGS) -I$(HV_TEST)/arch
hv-spec_DEPS := $(HV_FAKE_DEPS) $(HV_TEST)/arch/spec-parts.h

UNIT_TESTS += hv-vtd
hv-vtd_SRCS := $(HV_TEST)/arch/test-vtd.c $(HV_TEST)/vtd-model.c \
	$(HV)/arch/vtd-queue.c $(HV)/arch/vtd-tables.c $(HV)/arch/vtd-cells.c \
	$(HV)/arch/vtd-fault.c $(HV)/arch/vtd-ir.c $(HV)/arch/vtd-root.c $(HV)/arch/vtd-root-fault.c \
	$(HV)/cell-resources.c \
	$(HV)/paging.c $(HV)/page-pool.c $(HV_LIB)
hv-vtd_CFLAGS := $(HV_CFLAGS) -I$(HV_TEST)
hv-vtd_DEPS := $(HV_DEPS) $(HV_TEST)/vtd-model.h $(HV_TEST)/arch/vtd-model-hw.h \
	$(HV_TEST)/vtd-test-configs.h

UNIT_TESTS += hv-vtd-ir
hv-vtd-ir_SRCS := $(HV_TEST)/arch/test-vtd-ir.c $(HV_TEST)/vtd-model.c \
	$(HV)/arch/pci-msi.c $(HV)/arch/ioapic-filter.c \
	$(HV)/arch/vtd-queue.c $(HV)/arch/vtd-tables.c $(HV)/arch/vtd-cells.c \
	$(HV)/arch/vtd-fault.c $(HV)/arch/vtd-ir.c $(HV)/arch/vtd-root.c $(HV)/arch/vtd-root-fault.c \
	$(HV)/cell-resources.c \
	$(HV)/paging.c $(HV)/page-pool.c $(HV_LIB)
hv-vtd-ir_CFLAGS := $(HV_CFLAGS) -I$(HV_TEST)
hv-vtd-ir_DEPS := $(HV_DEPS) $(HV_TEST)/vtd-model.h $(HV_TEST)/arch/vtd-model-hw.h \
	$(HV_TEST)/vtd-test-configs.h

UNIT_TESTS += hv-vtd-root
hv-vtd-root_SRCS := $(HV_TEST)/arch/test-vtd-root.c $(HV_TEST)/vtd-model.c \
	$(HV)/arch/ioapic-filter.c \
	$(HV)/arch/vtd-queue.c $(HV)/arch/vtd-tables.c $(HV)/arch/vtd-cells.c \
	$(HV)/arch/vtd-fault.c $(HV)/arch/vtd-ir.c $(HV)/arch/vtd-root.c $(HV)/arch/vtd-root-fault.c \
	$(HV)/cell-resources.c \
	$(HV)/paging.c $(HV)/page-pool.c $(HV_LIB)
hv-vtd-root_CFLAGS := $(HV_CFLAGS) -I$(HV_TEST)
hv-vtd-root_DEPS := $(HV_DEPS) $(HV_TEST)/vtd-model.h $(HV_TEST)/arch/vtd-model-hw.h \
	$(HV_TEST)/vtd-test-configs.h $(HV_TEST)/arch/ioapic-root-request.h
