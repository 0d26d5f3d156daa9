/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The hypervisor image (jailhouse-intel.bin) and the entry contract between
 * jailhouse.ko and the hypervisor.  Documentation/handover.md tells the
 * whole story; in short:
 *
 * 1. The driver loads the image with request_firmware(), checks this header
 *    (signature, revision, sizes), and copies it to the start of the
 *    hypervisor memory named by the system config (it must be reserved, not
 *    System RAM).  It zeroes the rest up to core_size (bss) and copies the
 *    system config right behind, at offset core_size.
 * 2. The driver fills in the "driver" fields below, then enters the
 *    hypervisor on every online CPU at once through a small trampoline in
 *    the module.  The hypervisor runs on its own page tables from its first
 *    instruction; those tables also map the trampoline at its module address
 *    so that the way back works.  No executable kernel mapping of the
 *    hypervisor memory is ever made.
 * 3. Each CPU comes back either as a VMX guest (the root cell) with result
 *    0, or natively with a negative errno; the hypervisor makes all CPUs
 *    return the same result and leaves the sentence of the first failure in
 *    error_msg/error_cpu.
 */
#ifndef _JAILHOUSE_IMAGE_H
#define _JAILHOUSE_IMAGE_H

#include "types.h"
#include "fault.h"

#define JAILHOUSE_IMAGE_SIGNATURE "JHIMAGE1"
#define JAILHOUSE_IMAGE_SIGNATURE_SIZE 8
/*
 * The contract between driver and image: raise it with every change of
 * this header, of the hand-over (handover.h) or of what the hypervisor
 * expects of the driver.  The driver refuses an image of another revision
 * and names both versions (revision 1 had no version string).
 */
#define JAILHOUSE_IMAGE_REVISION 2
/* The first revision with the version string at version_offset. */
#define JAILHOUSE_IMAGE_FIRST_VERSIONED 2
/*
 * The build's version (`git describe`, or the package's version), NUL
 * terminated; a longer version does not compile.  It stays at this offset
 * in every later revision, so that a driver can name the version of an
 * image it refuses.
 */
#define JAILHOUSE_VERSION_MAX 48
#define JAILHOUSE_IMAGE_VERSION_OFFSET 376

struct jailhouse_image_header {
	/* ---- fixed at link time ---- */
	char signature[JAILHOUSE_IMAGE_SIGNATURE_SIZE];
	__u32 revision;
	__u32 header_size;  /* sizeof(struct jailhouse_image_header) */
	__u64 link_address; /* virtual address the image is linked at */
	__u64 image_size;   /* bytes in the file */
	__u64 core_size;    /* image + bss, page aligned */
	__u64 percpu_size;  /* per-CPU data and stack, per CPU */
	__u64 entry;	    /* virtual address of the per-CPU entry */
	__u32 max_cpus;
	__u32 reserved;
	/* offset from the image start of the struct jailhouse_console_log */
	__u64 console_log_offset;

	/* ---- filled in by the driver before entry ---- */
	__u32 online_cpus; /* CPUs that will enter */
	__u32 reserved2;
	__u64 hv_phys_base;    /* physical address of the hypervisor memory */
	__u64 hv_size;	       /* its size */
	__u64 trampoline_page; /* virtual (module) address of the trampoline */
	__u64 trampoline_phys; /* its physical address */

	/* ---- written by the hypervisor ---- */
	volatile __s32 result;	  /* 0 or -errno, the same for all CPUs */
	volatile __u32 error_cpu; /* CPU whose failure came first */
	char error_msg[JAILHOUSE_MSG_MAX];

	/* ---- fixed at link time, since revision 2 ---- */
	char version[JAILHOUSE_VERSION_MAX];
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_image_header, 424);
_Static_assert(__builtin_offsetof(struct jailhouse_image_header, version) ==
		       JAILHOUSE_IMAGE_VERSION_OFFSET,
	       "ABI: the image's version string must stay at offset 376");

#endif
