// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Probing accesses with recovery from the exception they may raise. */
#include <inmate.h>
#include <inmate/probe.h>

struct fixup {
	u64 instruction;
	u64 resume;
};

extern const struct fixup __fixups_start[], __fixups_end[];

static volatile u32 probe_vector[INMATE_MAX_CPUS];

/* The instruction at label 1 may fault; execution then resumes at 2. */
#define PROBED(instruction)        \
	"1: " instruction "\n2:\n" \
	".pushsection .fixups, \"a\"\n.quad 1b, 2b\n.popsection\n"

u32 rdmsr_probe(u32 msr, u64 *value)
{
	u32 lo = 0, hi = 0;

	probe_vector[this_cpu()] = PROBE_NO_FAULT;
	asm volatile(PROBED("rdmsr")
		     : "+a"(lo), "+d"(hi)
		     : "c"(msr)
		     : "memory");
	*value = ((u64)hi << 32) | lo;
	return probe_vector[this_cpu()];
}

u32 wrmsr_probe(u32 msr, u64 value)
{
	probe_vector[this_cpu()] = PROBE_NO_FAULT;
	asm volatile(PROBED("wrmsr")
		     :
		     : "c"(msr), "a"((u32)value), "d"((u32)(value >> 32))
		     : "memory");
	return probe_vector[this_cpu()];
}

u32 xsetbv_probe(u32 index, u64 value)
{
	probe_vector[this_cpu()] = PROBE_NO_FAULT;
	asm volatile(PROBED("xsetbv")
		     :
		     : "c"(index), "a"((u32)value), "d"((u32)(value >> 32))
		     : "memory");
	return probe_vector[this_cpu()];
}

u32 cr0_write_probe(unsigned long value)
{
	probe_vector[this_cpu()] = PROBE_NO_FAULT;
	asm volatile(PROBED("mov %0, %%cr0") : : "r"(value) : "memory");
	return probe_vector[this_cpu()];
}

u32 cr4_write_probe(unsigned long value)
{
	probe_vector[this_cpu()] = PROBE_NO_FAULT;
	asm volatile(PROBED("mov %0, %%cr4") : : "r"(value) : "memory");
	return probe_vector[this_cpu()];
}

/* The linker script brackets the table with these two symbols. */
static unsigned long fixup_count(void)
{
	return ((unsigned long)__fixups_end - (unsigned long)__fixups_start) /
	       sizeof(struct fixup);
}

bool probe_fixup(struct interrupt_frame *frame)
{
	for (unsigned long n = 0; n < fixup_count(); n++)
		if (__fixups_start[n].instruction == frame->rip) {
			probe_vector[this_cpu()] = frame->vector;
			frame->rip = __fixups_start[n].resume;
			return true;
		}
	return false;
}
