# SPDX-License-Identifier: GPL-2.0
UNIT_TESTS += abi-layout
abi-layout_SRCS := $(ROOT)/tests/unit/abi/test-layout.c
