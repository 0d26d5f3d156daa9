/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Shared by the attack inmates of the isolation tests.  Each does one thing
 * a cell must not be able to do, after announcing it with the RIP of the
 * attacking instruction (global label attack_instruction) so that the test
 * can compare it with the fault report.  Two kinds:
 *  - attacks the hypervisor must stop: the cell must end up failed; if the
 *    inmate gets past the attack it says "NOT STOPPED" and halts;
 *  - attacks refused the way hardware refuses them (#GP for an MSR outside
 *    the allow-list, all-ones for PCI config space of a device the cell does
 *    not own): the inmate reports what it saw, then stays running and
 *    answers the shutdown request.
 * Every line an attack prints starts with its name.  They run in the
 * tiny-demo or apic-demo cell configs (CPU 1, 1 MiB at 0).
 */
#ifndef _INMATE_TESTS_ATTACK_H
#define _INMATE_TESTS_ATTACK_H

#include <inmate.h>
#include <inmate/probe.h>

/* Labels the one attacking instruction of an inmate. */
#define ATTACK_INSTRUCTION(insn) \
	".globl attack_instruction\nattack_instruction:\n\t" insn "\n"

extern const char attack_instruction[];

static inline void attack_announce(const char *name, const char *what)
{
	printk("%s: %s at RIP %#lx\n", name, what,
	       (unsigned long)attack_instruction);
	console_flush();
}

static inline void __attribute__((noreturn))
attack_not_stopped(const char *name)
{
	printk("%s: NOT STOPPED: the cell still runs after the attack\n", name);
	console_flush();
	halt_forever();
}

/* For the refused kind: stay alive until the root shuts the cell down. */
static inline void __attribute__((noreturn)) attack_stay_alive(const char *name)
{
	if (timing_init() != 0)
		halt_forever();
	apic_init(false);
	printk("%s: done, waiting for shutdown\n", name);
	wait_for_shutdown_request();
	printk("%s: shutdown requested, stopping\n", name);
	console_flush();
	comm_region_approve_shutdown(comm_region());
	halt_forever();
}

#endif
