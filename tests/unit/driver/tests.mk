# SPDX-License-Identifier: GPL-2.0
# The driver's pure logic, built for the host (driver/pure.h maps the few
# kernel library calls it uses to libc).
DRIVER_TEST_CFLAGS := -I$(ROOT)/driver -I$(ROOT)/common/include
DRIVER_TEST_DEPS := $(wildcard $(ROOT)/driver/*.h $(ROOT)/common/include/common/*.h)

UNIT_TESTS += driver-config-check driver-pci-select driver-console-ring
# config-check.c refuses with the validator shared with the hypervisor.
driver-config-check_SRCS := $(ROOT)/tests/unit/driver/test-config-check.c \
	$(ROOT)/driver/config-check.c $(ROOT)/common/config-validate.c \
	$(ROOT)/common/format.c
driver-config-check_CFLAGS := $(DRIVER_TEST_CFLAGS)
driver-config-check_DEPS := $(DRIVER_TEST_DEPS)
driver-pci-select_SRCS := $(ROOT)/tests/unit/driver/test-pci-select.c \
	$(ROOT)/driver/pci-select.c
driver-pci-select_CFLAGS := $(DRIVER_TEST_CFLAGS)
driver-pci-select_DEPS := $(DRIVER_TEST_DEPS)
driver-console-ring_SRCS := $(ROOT)/tests/unit/driver/test-console-ring.c \
	$(ROOT)/driver/console-ring.c
driver-console-ring_CFLAGS := $(DRIVER_TEST_CFLAGS)
driver-console-ring_DEPS := $(DRIVER_TEST_DEPS)
# version-check.c: the image of another revision refused at enable.
UNIT_TESTS += driver-version-check
driver-version-check_SRCS := $(ROOT)/tests/unit/driver/test-version-check.c \
	$(ROOT)/driver/version-check.c
driver-version-check_CFLAGS := $(DRIVER_TEST_CFLAGS)
driver-version-check_DEPS := $(DRIVER_TEST_DEPS)
