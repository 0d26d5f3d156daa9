# SPDX-License-Identifier: GPL-2.0
# Host tests of the `jailhouse` CLI (tools/*.c): argument parsing, config
# file checks, the sysfs view, output formatting, and whole commands run
# against a fake sysfs tree and fake device paths.

TOOLS_TEST_CFLAGS := -D_GNU_SOURCE -I$(ROOT)/tools -I$(ROOT)/common/include
TOOLS_DIR := $(ROOT)/tools
TOOLS_TEST_DEPS := $(wildcard $(TOOLS_DIR)/*.h $(ROOT)/common/include/common/*.h)
# config-file.c refuses with the validator shared with the hypervisor
# (test-config-file.c fakes it; JH_HOST_TEST builds need common/format.c).
TOOLS_VALIDATOR := $(ROOT)/common/config-validate.c $(ROOT)/common/format.c

UNIT_TESTS += tools-command-line
tools-command-line_SRCS := $(ROOT)/tests/unit/tools/test-command-line.c \
	$(TOOLS_DIR)/command-line.c $(TOOLS_DIR)/image-list.c $(TOOLS_DIR)/file.c
tools-command-line_CFLAGS := $(TOOLS_TEST_CFLAGS)
tools-command-line_DEPS := $(TOOLS_TEST_DEPS)

UNIT_TESTS += tools-config-file
tools-config-file_SRCS := $(ROOT)/tests/unit/tools/test-config-file.c \
	$(TOOLS_DIR)/config-file.c $(TOOLS_DIR)/file.c
tools-config-file_CFLAGS := $(TOOLS_TEST_CFLAGS)
tools-config-file_DEPS := $(TOOLS_TEST_DEPS)

UNIT_TESTS += tools-sysfs
tools-sysfs_SRCS := $(ROOT)/tests/unit/tools/test-sysfs.c \
	$(ROOT)/tests/unit/tools/fake-sysfs.c \
	$(TOOLS_DIR)/sysfs.c $(TOOLS_DIR)/fault-report.c $(TOOLS_DIR)/file.c \
	$(TOOLS_DIR)/command-line.c
tools-sysfs_CFLAGS := $(TOOLS_TEST_CFLAGS)
tools-sysfs_DEPS := $(TOOLS_TEST_DEPS) $(ROOT)/tests/unit/tools/fake-sysfs.h

UNIT_TESTS += tools-format
tools-format_SRCS := $(ROOT)/tests/unit/tools/test-format.c \
	$(TOOLS_DIR)/stats.c $(TOOLS_DIR)/cell-table.c \
	$(TOOLS_DIR)/console-log.c $(TOOLS_DIR)/text.c
tools-format_CFLAGS := $(TOOLS_TEST_CFLAGS)
tools-format_DEPS := $(TOOLS_TEST_DEPS)

UNIT_TESTS += tools-linux-boot
tools-linux-boot_SRCS := $(ROOT)/tests/unit/tools/test-linux-boot.c \
	$(TOOLS_DIR)/linux-boot.c
tools-linux-boot_CFLAGS := $(TOOLS_TEST_CFLAGS) -I$(ROOT)/include
tools-linux-boot_DEPS := $(TOOLS_TEST_DEPS)

UNIT_TESTS += tools-linux-cell
tools-linux-cell_SRCS := $(ROOT)/tests/unit/tools/test-linux-cell.c \
	$(TOOLS_DIR)/linux-cell.c
tools-linux-cell_CFLAGS := $(TOOLS_TEST_CFLAGS) -I$(ROOT)/include
tools-linux-cell_DEPS := $(TOOLS_TEST_DEPS)

# Every tools/*.c except main(): the commands end to end, minus the driver.
UNIT_TESTS += tools-commands
tools-commands_SRCS := $(ROOT)/tests/unit/tools/test-commands.c \
	$(ROOT)/tests/unit/tools/fake-sysfs.c \
	$(filter-out $(TOOLS_DIR)/jailhouse.c,$(wildcard $(TOOLS_DIR)/*.c)) \
	$(TOOLS_DIR)/config/cell-decode.c \
	$(TOOLS_VALIDATOR)
tools-commands_CFLAGS := $(TOOLS_TEST_CFLAGS)
tools-commands_DEPS := $(TOOLS_TEST_DEPS) $(ROOT)/tests/unit/tools/fake-sysfs.h

# The Secure Boot hint of a missing /dev/jailhouse (tools/driver.c).
UNIT_TESTS += tools-secure-boot
TOOLS_DRIVER_SRCS := $(TOOLS_DIR)/driver.c $(TOOLS_DIR)/file.c \
	$(TOOLS_DIR)/version-check.c $(TOOLS_DIR)/sysfs.c \
	$(TOOLS_DIR)/fault-report.c $(TOOLS_DIR)/command-line.c \
	$(TOOLS_DIR)/image-list.c
tools-secure-boot_SRCS := $(ROOT)/tests/unit/tools/test-secure-boot.c \
	$(TOOLS_DRIVER_SRCS)
tools-secure-boot_CFLAGS := $(TOOLS_TEST_CFLAGS)
tools-secure-boot_DEPS := $(TOOLS_TEST_DEPS)

# The CLI against a driver of another version or interface revision
# (tools/version-check.c, checked in driver_open()).
UNIT_TESTS += tools-version-check
tools-version-check_SRCS := $(ROOT)/tests/unit/tools/test-version-check.c \
	$(ROOT)/tests/unit/tools/fake-sysfs.c $(TOOLS_DRIVER_SRCS)
tools-version-check_CFLAGS := $(TOOLS_TEST_CFLAGS) -DJAILHOUSE_VERSION='"test-1"'
tools-version-check_DEPS := $(TOOLS_TEST_DEPS) $(ROOT)/tests/unit/tools/fake-sysfs.h

# libpci opened on first use (tools/pci-load.c), against the installed one.
UNIT_TESTS += tools-pci-load
tools-pci-load_SRCS := $(ROOT)/tests/unit/tools/test-pci-load.c \
	$(TOOLS_DIR)/pci-load.c
tools-pci-load_CFLAGS := $(TOOLS_TEST_CFLAGS)
tools-pci-load_DEPS := $(TOOLS_TEST_DEPS)
