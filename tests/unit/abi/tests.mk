# SPDX-License-Identifier: GPL-2.0
UNIT_TESTS += abi-layout
abi-layout_SRCS := $(ROOT)/tests/unit/abi/test-layout.c
UNIT_TESTS += abi-ivshmem-demo
abi-ivshmem-demo_SRCS := $(ROOT)/tests/unit/abi/test-ivshmem-demo.c
UNIT_TESTS += abi-ivshmem-net
abi-ivshmem-net_SRCS := $(ROOT)/tests/unit/abi/test-ivshmem-net.c
