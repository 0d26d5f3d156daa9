/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hand-over into the hypervisor and back: the structures the driver
 * fills in (driver/handover.c, driver/trampoline.S) and the hypervisor
 * reads at entry, at the offset include/jailhouse/image.h's header names.
 * Both sides include this file (the hypervisor freestanding).
 * Documentation/handover.md tells the whole story.
 */
#ifndef _JAILHOUSE_HANDOVER_H
#define _JAILHOUSE_HANDOVER_H

/*
 * Per-CPU block in driver memory that both worlds map at the same (Linux)
 * address (struct jailhouse_trampoline_cpu below).  trampoline.S uses its
 * fields at offsets that Kbuild generates from the structure
 * (driver/trampoline-offsets.c).  The stack at its end serves the few
 * instructions between the page-table switches, where neither Linux's nor
 * the hypervisor's own stack is mapped.
 */
#define JAILHOUSE_TCPU_SIZE 1024

/* Offset of struct jailhouse_handover_area inside the hypervisor image. */
#define JAILHOUSE_HANDOVER_OFFSET 0x1000
/* Pages the driver may use for the boot page tables it builds. */
#define JAILHOUSE_BOOT_PT_PAGES 24
/* Linux pages (trampoline text, shared data) mapped in both worlds. */
#define JAILHOUSE_HANDOVER_MAX_MAPPINGS 16
/* CPUs the hand-over supports (the image header's max_cpus may be less). */
#define JAILHOUSE_HANDOVER_MAX_CPUS 64

#define JAILHOUSE_MAPPING_WRITE 0x1
#define JAILHOUSE_MAPPING_EXECUTE 0x2

#ifndef __ASSEMBLY__
#ifdef __KERNEL__
#include <linux/types.h>
#endif
#include <jailhouse/types.h>

/* A Linux page that the hypervisor keeps mapped at its Linux address. */
struct jailhouse_handover_mapping {
	__u64 virt;
	__u64 phys;
	__u64 flags; /* JAILHOUSE_MAPPING_* */
} JH_PACKED;

/* A segment register as the VMCS holds it (access rights in VMCS format,
 * bit 16 = unusable). */
struct jailhouse_segment {
	__u64 base;
	__u32 limit;
	__u32 access;
	__u16 selector;
	__u16 reserved[3];
} JH_PACKED;

/* Order of jailhouse_linux_cpu_state.segments: the VMCS field order. */
enum jailhouse_segment_index {
	JAILHOUSE_SEG_ES,
	JAILHOUSE_SEG_CS,
	JAILHOUSE_SEG_SS,
	JAILHOUSE_SEG_DS,
	JAILHOUSE_SEG_FS,
	JAILHOUSE_SEG_GS,
	JAILHOUSE_SEG_LDTR,
	JAILHOUSE_SEG_TR,
	JAILHOUSE_NUM_SEGMENTS
};

/*
 * Linux's state on one CPU at the moment of the hand-over: what the root
 * cell's VMCS mirrors, and what a native return must restore.
 */
struct jailhouse_linux_cpu_state {
	__u64 cr0, cr3, cr4, efer, pat, rflags;
	__u64 gdtr_base, idtr_base;
	__u32 gdtr_limit, idtr_limit;
	struct jailhouse_segment segments[JAILHOUSE_NUM_SEGMENTS];
	__u64 kernel_gs_base;
	__u64 sysenter_cs, sysenter_esp, sysenter_eip;
	__u64 debugctl, dr7;
	/* Where the root cell resumes: the trampoline's return point. */
	__u64 rip;
	/* This CPU's struct jailhouse_trampoline_cpu (Linux address). */
	__u64 trampoline_cpu;
	__u32 apic_id;
	__u32 entered; /* set by the hypervisor on arrival */
} JH_PACKED;

/* Lives at JAILHOUSE_HANDOVER_OFFSET in the image. */
struct jailhouse_handover_area {
	/* ---- fixed at link time ---- */
	__u64 boot_pt_offset; /* image offset of the boot page-table pages */
	__u64 boot_pt_pages;
	/* ---- filled in by the driver ---- */
	__u64 boot_pt_used; /* pages of them in use (PML4 first) */
	__u64 return_entry; /* Linux address of the native way back */
	__u32 num_mappings;
	__u32 reserved;
	struct jailhouse_handover_mapping
		mappings[JAILHOUSE_HANDOVER_MAX_MAPPINGS];
	struct jailhouse_linux_cpu_state cpu[JAILHOUSE_HANDOVER_MAX_CPUS];
} JH_PACKED;

struct jailhouse_descriptor_table {
	__u16 limit;
	__u64 base;
	__u8 pad[6];
} JH_PACKED;

struct jailhouse_trampoline_cpu {
	__u64 linux_rsp;
	__u64 linux_cr3;
	__s64 result;
	struct jailhouse_descriptor_table shared_gdtr;
	struct jailhouse_descriptor_table shared_idtr;
	struct jailhouse_descriptor_table linux_gdtr;
	struct jailhouse_descriptor_table linux_idtr;
	__u64 linux_ss;
	__u64 linux_tr;
	/* Writable alias of Linux's TSS descriptor: its busy bit must be
	 * cleared before LTR, and the GDT Linux runs on is read-only. */
	__u64 linux_tss_desc;
	/* LTR sets the busy bit in the GDT it finds in GDTR: it must be
	 * loaded from the writable alias (as Linux's load_TR_desc() does). */
	struct jailhouse_descriptor_table linux_gdtr_rw;
	__u8 stack[JAILHOUSE_TCPU_SIZE - 128];
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_trampoline_cpu, JAILHOUSE_TCPU_SIZE);

#endif /* !__ASSEMBLY__ */

#endif
