# SPDX-License-Identifier: GPL-2.0
# Host unit tests of common/, the code built into several components
# (hypervisor, driver, CLI, config build, inmates).  config-builder.h
# builds configs for these tests and for the hypervisor's.
COMMON := $(ROOT)/common
COMMON_TEST := $(ROOT)/tests/unit/common
COMMON_CFLAGS := -I$(COMMON)/include
COMMON_DEPS := $(wildcard $(COMMON)/include/common/*.h $(COMMON_TEST)/*.h)
COMMON_SRCS := $(COMMON)/string.c $(COMMON)/format.c

UNIT_TESTS += common-string-format
common-string-format_SRCS := $(COMMON_TEST)/test-string-format.c $(COMMON_SRCS)
common-string-format_CFLAGS := $(COMMON_CFLAGS)
common-string-format_DEPS := $(COMMON_DEPS)

UNIT_TESTS += common-config-validate
common-config-validate_SRCS := $(COMMON_TEST)/test-config-validate.c $(COMMON)/config-validate.c $(COMMON_SRCS)
common-config-validate_CFLAGS := $(COMMON_CFLAGS)
common-config-validate_DEPS := $(COMMON_DEPS)

UNIT_TESTS += common-cell-config
common-cell-config_SRCS := $(COMMON_TEST)/test-cell-config.c $(COMMON)/cell-config.c $(COMMON)/config-validate.c $(COMMON_SRCS)
common-cell-config_CFLAGS := $(COMMON_CFLAGS)
common-cell-config_DEPS := $(COMMON_DEPS)

UNIT_TESTS += common-dmar-config
common-dmar-config_SRCS := $(COMMON_TEST)/test-dmar-config.c $(COMMON)/cell-config.c $(COMMON)/config-validate.c $(COMMON_SRCS)
common-dmar-config_CFLAGS := $(COMMON_CFLAGS)
common-dmar-config_DEPS := $(COMMON_DEPS)

UNIT_TESTS += common-rig-configs
common-rig-configs_SRCS := $(COMMON_TEST)/test-rig-configs.c $(COMMON)/cell-config.c $(COMMON)/config-validate.c $(COMMON_SRCS)
common-rig-configs_CFLAGS := $(COMMON_CFLAGS)
common-rig-configs_DEPS := $(COMMON_DEPS) $(wildcard $(ROOT)/configs/x86/*.c)

UNIT_TESTS += common-config-fuzz
common-config-fuzz_SRCS := $(COMMON_TEST)/test-config-fuzz.c $(COMMON)/cell-config.c $(COMMON)/config-validate.c $(COMMON_SRCS)
common-config-fuzz_CFLAGS := $(COMMON_CFLAGS)
common-config-fuzz_DEPS := $(COMMON_DEPS)

UNIT_TESTS += common-format
# the inmates' uses of the formatter (libc-like results, %p, truncation)
common-format_SRCS := $(COMMON_TEST)/test-format.c $(COMMON)/format.c
common-format_CFLAGS := -I$(COMMON)/include -Wno-format-truncation
common-format_DEPS := $(COMMON_DEPS)

UNIT_TESTS += common-ivnet-configs
# the ivshmem-net rig configs (bochs-sys-ivnet.c, ivshmem-net-echo.c,
# bochs-sys-3cpu-ivnet.c, linux-cell-bochs.c)
common-ivnet-configs_SRCS := $(COMMON_TEST)/test-ivnet-configs.c $(COMMON)/cell-config.c $(COMMON)/config-validate.c $(COMMON_SRCS)
common-ivnet-configs_CFLAGS := $(COMMON_CFLAGS)
common-ivnet-configs_DEPS := $(COMMON_DEPS) $(wildcard $(ROOT)/configs/x86/*.c $(ROOT)/configs/x86/*.h)
