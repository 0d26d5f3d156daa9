# SPDX-License-Identifier: GPL-2.0
# Host unit tests of the HV-VMX engineer's pure logic.
HVX := $(ROOT)/hypervisor-x86
HVX_TEST := $(ROOT)/tests/unit/hypervisor-vmx

UNIT_TESTS += hv-guest-walk
hv-guest-walk_SRCS := $(HVX_TEST)/test-guest-walk.c $(HVX)/guest-memory.c \
	$(HVX)/paging.c $(HVX)/page-pool.c $(HVX)/lib/string.c $(HVX)/lib/format.c
hv-guest-walk_CFLAGS := -I$(HVX)/include
hv-guest-walk_DEPS := $(wildcard $(HVX)/include/*.h) $(ROOT)/driver/handover.h
