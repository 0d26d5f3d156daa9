/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The system config that `config create` builds from what it read, before
 * it is written out as C.  Every entry carries a comment saying where it
 * came from, because the user has to review the generated file.
 */
#ifndef _JAILHOUSE_CONFIG_MODEL_H
#define _JAILHOUSE_CONFIG_MODEL_H

#include <stdio.h>

#include <jailhouse/config.h>

#include "host-info.h"
#include "pci-scan.h"

#define MODEL_COMMENT_LEN 96

struct model_region {
	__u64 start;
	__u64 end; /* exclusive */
	__u64 flags;
	char comment[MODEL_COMMENT_LEN];
};

struct model_irqchip {
	struct jailhouse_irqchip chip;
	char comment[MODEL_COMMENT_LEN];
};

struct model_iommu {
	struct jailhouse_iommu unit;
	char comment[MODEL_COMMENT_LEN];
};

struct model_pci {
	struct jailhouse_pci_device dev;
	char comment[MODEL_COMMENT_LEN];
};

struct model {
	const char *source; /* "the live system" or the --root tree */
	char name[JAILHOUSE_CELL_NAME_MAXLEN + 1];
	char cmdline[512];
	__u32 flags; /* JAILHOUSE_SYS_* */
	struct jailhouse_memory hypervisor;
	__u64 reservation_base, reservation_size;
	__u64 pool_size; /* memory for cells, behind the hypervisor */
	struct jailhouse_console console;
	char console_comment[MODEL_COMMENT_LEN];
	struct jailhouse_x86_platform platform;
	char apic_comment[MODEL_COMMENT_LEN];
	char iommu_note[MODEL_COMMENT_LEN];
	char ir_note[MODEL_COMMENT_LEN]; /* how iommu_ir_order was found */
	/* the interrupt sources of the unit with the most of them */
	unsigned int ir_sources, ir_busiest;

	unsigned int num_cpus; /* highest CPU + 1 */
	__u8 cpu_set[JAILHOUSE_MAX_CPU_SET_SIZE];

	unsigned int num_regions;
	struct model_region regions[JAILHOUSE_MAX_MEM_REGIONS];
	unsigned int num_irqchips;
	struct model_irqchip irqchips[JAILHOUSE_MAX_IRQCHIPS];
	struct model_iommu iommus[JAILHOUSE_MAX_IOMMU_UNITS];
	unsigned int num_pci;
	struct model_pci pci[JAILHOUSE_MAX_PCI_DEVICES];
	unsigned int num_caps;
	struct jailhouse_pci_capability caps[JAILHOUSE_MAX_PCI_CAPS];
	/* the DMAR's device scopes (units' and RMRRs') and RMRRs */
	unsigned int num_scopes;
	struct jailhouse_iommu_scope scopes[JAILHOUSE_MAX_IOMMU_SCOPES];
	unsigned int num_rmrrs;
	struct jailhouse_rmrr rmrrs[JAILHOUSE_MAX_RMRRS];
};

/* The memory map of the root cell (config-memory.c); 0 or -1. */
int model_build_memory(struct model *m, const struct host_info *host);
/* IOAPICs, IOMMU units, PCI devices (config-devices.c); 0 or -1. */
int model_build_devices(struct model *m, const struct host_info *host,
			const struct pci_scan_device *devices,
			unsigned int num_devices);
/* Writes the model as a binary .cell (config-binary.c); 0 or -1. */
int model_write_cell(const struct model *m, const char *path);
/* Writes the model as C source (config-emit.c); 0 or -1. */
int model_emit(const struct model *m, FILE *out);

void model_comment(char *dst, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
