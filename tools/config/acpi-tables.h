/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What `config create` and `hardware check` need from the ACPI tables:
 * MADT (CPUs, IOAPICs), MCFG (MMCONFIG), DMAR (remapping units, their
 * device scopes, reserved-memory regions), FADT (PM timer, SMI command
 * port, PM1 control blocks) and HPET.
 *
 * The parser trusts nothing in the tables: firmware ships unknown structure
 * types, odd device scopes, bad checksums and truncated tables.  Each of
 * those gives a warning naming the table and the byte offset, and parsing
 * goes on with what can be read safely.
 */
#ifndef _JAILHOUSE_ACPI_TABLES_H
#define _JAILHOUSE_ACPI_TABLES_H

#include <stddef.h>
#include <jailhouse/types.h>

#define ACPI_MAX_CPUS 256
#define ACPI_MAX_IOAPICS 8
#define ACPI_MAX_MCFG 4
#define ACPI_MAX_DMAR_UNITS 8
#define ACPI_MAX_DMAR_SCOPES 128
#define ACPI_MAX_RMRRS 16
#define ACPI_MAX_SCOPE_PATH 8

#define ACPI_SCOPE_ENDPOINT 1
#define ACPI_SCOPE_BRIDGE 2
#define ACPI_SCOPE_IOAPIC 3
#define ACPI_SCOPE_HPET 4
#define ACPI_SCOPE_NAMESPACE 5

/* DMAR table flags */
#define ACPI_DMAR_INTR_REMAP 0x01
#define ACPI_DMAR_X2APIC_OPT_OUT 0x02

struct acpi_cpu {
	__u32 apic_id;
	int enabled;
	int x2apic_entry; /* came from a local x2APIC structure */
};

struct acpi_ioapic {
	__u32 id;
	__u32 address;
	__u32 gsi_base;
};

struct acpi_mcfg {
	__u64 base; /* address of bus 0 */
	__u16 segment;
	__u8 start_bus;
	__u8 end_bus;
};

struct acpi_dmar_unit {
	__u64 base;
	__u32 size;
	__u16 segment;
	int include_all;
	unsigned int offset; /* in the DMAR table, for messages */
};

/* A device scope: a PCI path from start_bus, owned by a unit or an RMRR. */
struct acpi_dmar_scope {
	__u8 type;
	__u8 enumeration_id; /* IOAPIC ID or HPET number */
	__u8 start_bus;
	__u8 path_len;
	__u8 path[ACPI_MAX_SCOPE_PATH][2]; /* device, function */
	int unit; /* index into units, -1 for an RMRR scope */
	int rmrr; /* index into rmrrs, -1 for a unit's scope */
	unsigned int offset;
};

struct acpi_rmrr {
	__u64 base;
	__u64 limit; /* last byte */
	__u16 segment;
};

struct acpi_info {
	int have_madt, have_mcfg, have_dmar, have_fadt, have_hpet;

	__u32 lapic_address;
	unsigned int num_cpus;
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
	unsigned int num_ioapics;
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];

	unsigned int num_mcfg;
	struct acpi_mcfg mcfg[ACPI_MAX_MCFG];

	__u8 dmar_host_address_width; /* already +1: bits */
	__u8 dmar_flags;
	unsigned int num_dmar_units;
	struct acpi_dmar_unit dmar_units[ACPI_MAX_DMAR_UNITS];
	unsigned int num_dmar_scopes;
	struct acpi_dmar_scope dmar_scopes[ACPI_MAX_DMAR_SCOPES];
	unsigned int num_rmrrs;
	struct acpi_rmrr rmrrs[ACPI_MAX_RMRRS];

	__u16 pm_timer_port;
	int pm_timer_32bit;
	/* FADT ports that reset, sleep or raise SMIs; 0: none */
	__u16 smi_command_port;
	__u16 pm1a_control_port;
	__u16 pm1b_control_port;
	__u8 pm1_control_length;

	__u64 hpet_address;
};

void acpi_info_init(struct acpi_info *info);

/*
 * Parses one table (dispatching on its signature; other signatures are
 * ignored).  @name is the file name, for messages.  Returns 0 when the
 * table was used, -1 when it was unusable (a warning said why).
 */
int acpi_parse_table(const char *name, const __u8 *buf, size_t len,
		     struct acpi_info *info);

/* The unit whose scope names the IOAPIC, or -1; *source_id gets its RID. */
int acpi_ioapic_scope(const struct acpi_info *info, __u32 ioapic_id,
		      const struct acpi_dmar_scope **scope);

#endif
