/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's own RSB fill (hypervisor-x86/include/spec-barriers.inc,
 * copied beside this file by tests/bench/run), run in ring 0 of the guest:
 * in Bochs a tick is an instruction, so this is what the fill adds to
 * every VM exit on parts without eIBRS.  exit_bench_empty() is the same
 * call and return without it, to subtract.
 */
#include <linux/linkage.h>
#include "spec-barriers.inc"

SYM_FUNC_START(exit_bench_rsb_fill)
	SPEC_FILL_RSB
	RET
SYM_FUNC_END(exit_bench_rsb_fill)

SYM_FUNC_START(exit_bench_empty)
	RET
SYM_FUNC_END(exit_bench_empty)
