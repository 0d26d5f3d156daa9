# SPDX-License-Identifier: GPL-2.0
# Host tests of the pure parts of the inmate library (inmates/x86/lib).
INMATE_LIB := $(ROOT)/inmates/x86/lib
INMATE_TEST_CFLAGS := -I$(ROOT)/inmates/x86/include -I$(ROOT)/common/include
INMATE_TEST_DEPS := $(wildcard $(ROOT)/inmates/x86/include/inmate/*.h)

UNIT_TESTS += inmates-timing inmates-jitter inmates-comm inmates-param

inmates-timing_SRCS := $(ROOT)/tests/unit/inmates/test-timing.c $(INMATE_LIB)/timing-math.c
inmates-timing_CFLAGS := $(INMATE_TEST_CFLAGS)
inmates-timing_DEPS := $(INMATE_TEST_DEPS)

inmates-jitter_SRCS := $(ROOT)/tests/unit/inmates/test-jitter.c $(INMATE_LIB)/jitter.c
inmates-jitter_CFLAGS := $(INMATE_TEST_CFLAGS)
inmates-jitter_DEPS := $(INMATE_TEST_DEPS)

inmates-comm_SRCS := $(ROOT)/tests/unit/inmates/test-comm.c $(INMATE_LIB)/comm.c
inmates-comm_CFLAGS := $(INMATE_TEST_CFLAGS)
inmates-comm_DEPS := $(INMATE_TEST_DEPS)

inmates-param_SRCS := $(ROOT)/tests/unit/inmates/test-param.c $(INMATE_LIB)/param.c
inmates-param_CFLAGS := $(INMATE_TEST_CFLAGS)
inmates-param_DEPS := $(INMATE_TEST_DEPS)

UNIT_TESTS += inmates-ivnet-echo
# what the ivshmem-net-echo inmate answers (its answer.h)
inmates-ivnet-echo_SRCS := $(ROOT)/tests/unit/inmates/test-ivnet-echo.c
inmates-ivnet-echo_DEPS := $(ROOT)/inmates/x86/ivshmem-net-echo/answer.h
