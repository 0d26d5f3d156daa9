/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The facts about the running system (or a copied tree of it, --root) that
 * `config create` reads: /proc/iomem, /proc/cmdline, the present CPUs, the
 * serial ports, the ACPI tables.  Every path is taken relative to a root
 * directory, "/" for the live system.
 */
#ifndef _JAILHOUSE_HOST_INFO_H
#define _JAILHOUSE_HOST_INFO_H

#include <stddef.h>
#include <jailhouse/types.h>

#include "acpi-tables.h"

#define HOST_MAX_IOMEM 512
#define HOST_MAX_CPUS 256

struct iomem_entry {
	__u64 start;
	__u64 end;	    /* last byte */
	unsigned int level; /* nesting depth, 0 = top level */
	char name[64];
};

struct host_info {
	const char *root;
	unsigned int num_iomem;
	struct iomem_entry iomem[HOST_MAX_IOMEM];
	char cmdline[4096];
	unsigned int num_cpus;
	__u8 cpu_present[HOST_MAX_CPUS / 8];
	struct acpi_info acpi;
};

/* Reads ROOT/PATH whole (sysfs/procfs files report no useful size). */
int host_read_file(const char *root, const char *path, char **buf, size_t *len);

/*
 * The CAP and ECAP registers of the VT-d unit at @base as Linux's IOMMU
 * driver exports them (sys/class/iommu/dmarN/intel-iommu/).  0, or -1 when
 * they are not visible (the driver is off, or no unit has that address).
 */
int host_read_vtd_regs(const char *root, __u64 base, __u64 *cap, __u64 *ecap);

int host_parse_iomem(const char *text, struct host_info *host);
/* "0-3,5" into a bitmap; returns the number of CPUs or -1. */
int host_parse_cpu_list(const char *text, __u8 *bitmap, unsigned int max);
/* Finds "memmap=SIZE$ADDR" in a command line; 0 when found. */
int host_find_memmap(const char *cmdline, __u64 *base, __u64 *size);
/* Parses "6M", "0x600000", "82M$0x3a000000" pieces; 0 on success. */
int host_parse_size(const char *text, __u64 *value, const char **end);

/* Everything above plus the ACPI tables; 0, or -1 after an error message. */
int host_info_read(const char *root, struct host_info *host);

/*
 * Reads MSR @index (CPUID leaf @leaf) of @cpu through ROOT/dev/cpu/N/msr
 * (cpuid).  The devices take the index as file offset; in a copied tree a
 * regular file stands in for them, holding each value at index * 8 (leaf *
 * 16) so that neighbouring registers do not overlap.  0 or -errno.
 * host_read_cpuid's `leaf` carries a subleaf in bits 63:32 (the cpuid
 * device's offset); a regular file has subleaf 0 only.
 */
int host_read_msr(const char *root, unsigned int cpu, __u32 index,
		  __u64 *value);
int host_read_cpuid(const char *root, unsigned int cpu, __u64 leaf,
		    __u32 regs[4]);

/* 1 when /sys/devices/jailhouse/enabled says the hypervisor runs. */
int host_hypervisor_enabled(const char *root);

/* Whether the 8250 UART at @port exists (per sysfs or /proc/ioports). */
int host_serial_exists(const char *root, unsigned int port);

#endif
