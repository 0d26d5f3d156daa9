// SPDX-License-Identifier: GPL-2.0
/*
 * The image header the driver checks, and the hand-over area where the
 * driver leaves Linux's per-CPU state and the boot page tables for us.
 */
#include <generated/version.h>

#include "hv.h"

extern __u8 __image_size[], __core_size[], __image_start[];
extern struct jailhouse_console_log hv_console_log;

/* Page tables the driver builds before entry (hypervisor + trampoline). */
__u8 hv_boot_page_tables[JAILHOUSE_BOOT_PT_PAGES][PAGE_SIZE]
	__attribute__((aligned(PAGE_SIZE)));

struct jailhouse_image_header hv_header __attribute__((section(".header"),
						       used)) = {
	.signature = JAILHOUSE_IMAGE_SIGNATURE,
	.revision = JAILHOUSE_IMAGE_REVISION,
	.header_size = sizeof(struct jailhouse_image_header),
	.link_address = HV_LINK_ADDRESS,
	.image_size = (unsigned long)__image_size,
	.core_size = (unsigned long)__core_size,
	.percpu_size = sizeof(struct per_cpu),
	.entry = (unsigned long)arch_entry,
	.max_cpus = HV_MAX_CPUS,
	.console_log_offset = (unsigned long)&hv_console_log - HV_LINK_ADDRESS,
	/* the driver names it when it refuses an image of another revision */
	.version = JAILHOUSE_VERSION,
};

struct jailhouse_handover_area hv_handover __attribute__((section(".handover"),
							  used)) = {
	.boot_pt_offset = (unsigned long)hv_boot_page_tables - HV_LINK_ADDRESS,
	.boot_pt_pages = JAILHOUSE_BOOT_PT_PAGES,
};
