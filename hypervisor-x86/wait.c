// SPDX-License-Identifier: GPL-2.0
/*
 * Bounded waits measured with the TSC.  Its frequency is, in this order:
 * the system config's tsc_khz (the driver fills it with Linux's
 * calibration when the config leaves it 0), CPUID leaf 0x15 (crystal
 * clock times the TSC/crystal ratio), CPUID leaf 0x16 (base frequency in
 * MHz, close to the TSC's on parts that lack 0x15's crystal field), and
 * 4 GHz otherwise: too high a guess only makes a wait longer, never
 * shorter than WAIT_LIMIT_MS on any CPU up to that clock.
 */
#include "hv.h"
#include "processor.h"
#include "wait.h"

#define FALLBACK_KHZ 4000000ULL

static __u64 cpuid_tsc_khz(void)
{
	__u32 max, eax, ebx, ecx, edx;

	cpuid_count(0, 0, &max, &ebx, &ecx, &edx);
	if (max >= 0x15) {
		cpuid_count(0x15, 0, &eax, &ebx, &ecx, &edx);
		if (eax && ebx && ecx)
			return (__u64)ecx * ebx / eax / 1000;
	}
	if (max >= 0x16) {
		cpuid_count(0x16, 0, &eax, &ebx, &ecx, &edx);
		if (eax & 0xffff)
			return (__u64)(eax & 0xffff) * 1000;
	}
	return 0;
}

__u64 wait_tsc_khz(void)
{
	/* computed once; CPUs racing here compute the same value */
	static __u64 khz;

	if (!khz) {
		__u64 k = hv_system_config ?
				  hv_system_config->platform.tsc_khz :
				  0;

		khz = k ?: cpuid_tsc_khz() ?: FALLBACK_KHZ;
	}
	return khz;
}

void wait_begin(struct hv_wait *w, unsigned int ms)
{
	w->end = read_tsc() + wait_tsc_khz() * ms;
}

int wait_expired(const struct hv_wait *w)
{
	return read_tsc() >= w->end;
}
