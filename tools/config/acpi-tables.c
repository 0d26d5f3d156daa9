// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI table parser for the config tools; see acpi-tables.h.  Layouts are
 * those of the ACPI specification (MADT, MCFG, FADT, HPET) and of Intel's
 * VT-d specification, chapter 8 (DMAR).  Every read is bounds-checked
 * against the bytes actually present, never against a length field alone.
 */
#include <string.h>

#include "acpi-tables.h"
#include "config-diag.h"

#define ACPI_HEADER_SIZE 36

static __u16 rd16(const __u8 *p)
{
	return p[0] | (__u16)p[1] << 8;
}

static __u32 rd32(const __u8 *p)
{
	return rd16(p) | (__u32)rd16(p + 2) << 16;
}

static __u64 rd64(const __u8 *p)
{
	return rd32(p) | (__u64)rd32(p + 4) << 32;
}

void acpi_info_init(struct acpi_info *info)
{
	memset(info, 0, sizeof(*info));
}

/*
 * Checks the common header.  Returns the number of bytes that may be
 * parsed (the smaller of the header's length and what is present), or 0
 * when the table is unusable.
 */
static size_t acpi_usable_length(const char *name, const __u8 *buf, size_t len)
{
	__u32 header_len;
	__u8 sum = 0;
	size_t n;

	if (len < ACPI_HEADER_SIZE) {
		cfg_warn("%s: truncated at offset 0x%zx: shorter than the "
			 "36-byte ACPI header; table ignored",
			 name, len);
		return 0;
	}
	header_len = rd32(buf + 4);
	if (header_len < ACPI_HEADER_SIZE) {
		cfg_warn("%s: offset 0x4: length field %u is shorter than the "
			 "ACPI header; table ignored",
			 name, header_len);
		return 0;
	}
	if (header_len > len) {
		cfg_warn("%s: truncated at offset 0x%zx: the header says %u "
			 "bytes; parsing what is there",
			 name, len, header_len);
		return len;
	}
	for (n = 0; n < header_len; n++)
		sum += buf[n];
	if (sum)
		cfg_warn("%s: offset 0x9: bad checksum (bytes sum to 0x%02x, "
			 "not 0); using the table anyway",
			 name, sum);
	return header_len;
}

/* The fixed part of a table before its structures; -1 if it is cut off. */
static int check_fixed_part(const char *name, size_t len, size_t fixed,
			    const char *what)
{
	if (len >= fixed)
		return 0;
	cfg_warn("%s: truncated at offset 0x%zx: no room for the %s", name, len,
		 what);
	return -1;
}

/* Called for each structure of a table; @slen is known to fit. */
typedef void structure_fn(const char *name, struct acpi_info *info,
			  const __u8 *buf, size_t off, unsigned int type,
			  unsigned int slen);

/*
 * Walks the structures from @off to the end of a table (MADT, DMAR).  Each
 * starts with its type and its length, @field_size bytes each (1 in the
 * MADT, 2 in the DMAR).  A length that is impossible or runs past the end
 * stops the walk with a warning, as nothing after it can be trusted.
 */
static void walk_structures(const char *name, const __u8 *buf, size_t off,
			    size_t len, unsigned int field_size,
			    struct acpi_info *info, structure_fn *each)
{
	unsigned int type, slen;

	while (off + 2 * field_size <= len) {
		type = field_size == 1 ? buf[off] : rd16(buf + off);
		slen = field_size == 1 ? buf[off + 1] : rd16(buf + off + 2);
		if (slen < 2 * field_size || off + slen > len) {
			cfg_warn("%s: offset 0x%zx: structure type %u has length "
				 "%u, which %s; rest of the table ignored",
				 name, off, type, slen,
				 slen < 2 * field_size ? "is impossible" :
							 "runs past the end");
			return;
		}
		each(name, info, buf, off, type, slen);
		off += slen;
	}
	if (off != len)
		cfg_warn("%s: offset 0x%zx: %zu stray bytes at the end", name,
			 off, len - off);
}

/* ---- MADT --------------------------------------------------------------- */

static void madt_add_cpu(const char *name, struct acpi_info *info,
			 __u32 apic_id, __u32 flags, int x2apic, size_t off)
{
	struct acpi_cpu *cpu;

	/* Bit 0: enabled; bit 1: online capable (hot-pluggable later). */
	if (!(flags & 3))
		return;
	if (info->num_cpus >= ACPI_MAX_CPUS) {
		cfg_warn("%s: offset 0x%zx: more than %d CPUs, APIC ID 0x%x "
			 "ignored",
			 name, off, ACPI_MAX_CPUS, apic_id);
		return;
	}
	cpu = &info->cpus[info->num_cpus++];
	cpu->apic_id = apic_id;
	cpu->enabled = flags & 1;
	cpu->x2apic_entry = x2apic;
}

static void madt_add_ioapic(const char *name, struct acpi_info *info,
			    const __u8 *e, size_t off)
{
	struct acpi_ioapic *ioapic;

	if (info->num_ioapics >= ACPI_MAX_IOAPICS) {
		cfg_warn("%s: offset 0x%zx: more than %d IOAPICs, IOAPIC %u "
			 "ignored",
			 name, off, ACPI_MAX_IOAPICS, e[2]);
		return;
	}
	ioapic = &info->ioapics[info->num_ioapics++];
	ioapic->id = e[2];
	ioapic->address = rd32(e + 4);
	ioapic->gsi_base = rd32(e + 8);
}

/* Minimum lengths of the MADT structures this parser reads. */
static size_t madt_min_length(unsigned int type)
{
	switch (type) {
	case 0:
		return 8; /* processor local APIC */
	case 1:
		return 12; /* IOAPIC */
	case 9:
		return 16; /* processor local x2APIC */
	default:
		return 2;
	}
}

static void madt_structure(const char *name, struct acpi_info *info,
			   const __u8 *buf, size_t off, unsigned int type,
			   unsigned int elen)
{
	const __u8 *e = buf + off;

	if (elen < madt_min_length(type))
		cfg_warn("%s: offset 0x%zx: structure type %u too short "
			 "(%u bytes); skipped",
			 name, off, type, elen);
	else if (type == 0)
		madt_add_cpu(name, info, e[3], rd32(e + 4), 0, off);
	else if (type == 1)
		madt_add_ioapic(name, info, e, off);
	else if (type == 9)
		madt_add_cpu(name, info, rd32(e + 4), rd32(e + 8), 1, off);
}

static int parse_madt(const char *name, const __u8 *buf, size_t len,
		      struct acpi_info *info)
{
	if (check_fixed_part(name, len, 44, "local APIC address and flags"))
		return -1;
	info->have_madt = 1;
	info->lapic_address = rd32(buf + 36);
	walk_structures(name, buf, 44, len, 1, info, madt_structure);
	return 0;
}

/* ---- MCFG --------------------------------------------------------------- */

static int parse_mcfg(const char *name, const __u8 *buf, size_t len,
		      struct acpi_info *info)
{
	size_t off;

	info->have_mcfg = 1;
	for (off = 44; off + 16 <= len; off += 16) {
		const __u8 *e = buf + off;
		struct acpi_mcfg *m;

		if (info->num_mcfg >= ACPI_MAX_MCFG) {
			cfg_warn("%s: offset 0x%zx: more than %d MMCONFIG areas; "
				 "rest ignored",
				 name, off, ACPI_MAX_MCFG);
			return 0;
		}
		if (e[10] > e[11]) {
			cfg_warn("%s: offset 0x%zx: start bus %u after end bus "
				 "%u; entry ignored",
				 name, off, e[10], e[11]);
			continue;
		}
		m = &info->mcfg[info->num_mcfg++];
		m->base = rd64(e);
		m->segment = rd16(e + 8);
		m->start_bus = e[10];
		m->end_bus = e[11];
	}
	if (off != len && len >= 44)
		cfg_warn("%s: offset 0x%zx: %zu stray bytes at the end", name,
			 off, len - off);
	return 0;
}

/* ---- FADT and HPET ------------------------------------------------------ */

/*
 * A PM1 control block: the 32-bit field at @legacy, replaced by the
 * generic address at @gas when that is in system I/O space (space 1).  A
 * block in memory space cannot be a port: it is left out with a warning.
 */
static __u16 fadt_control_block(const char *name, const __u8 *buf, size_t len,
				size_t legacy, size_t gas, unsigned int bytes,
				const char *what)
{
	__u64 port = 0;

	if (len >= legacy + 4)
		port = rd32(buf + legacy);
	if (len >= gas + 12 && rd64(buf + gas + 4)) {
		if (buf[gas] == 1) {
			port = rd64(buf + gas + 4);
		} else {
			cfg_warn("%s: offset 0x%zx: %s is not in I/O space "
				 "(space %u); not recorded",
				 name, gas, what, buf[gas]);
			return 0;
		}
	}
	if (port && port + bytes > 0x10000) {
		cfg_warn("%s: offset 0x%zx: %s at 0x%llx is not an I/O port "
			 "range; ignored",
			 name, legacy, what, (unsigned long long)port);
		return 0;
	}
	return port;
}

/* The ports no cell may own (common/cell-config.c refuses them). */
static void parse_fadt_control_ports(const char *name, const __u8 *buf,
				     size_t len, struct acpi_info *info)
{
	__u32 smi = len >= 52 ? rd32(buf + 48) : 0;   /* SMI_CMD */
	unsigned int bytes = len >= 90 ? buf[89] : 0; /* PM1_CNT_LEN */

	if (smi > 0xffff) {
		cfg_warn("%s: offset 0x30: SMI command port 0x%x is not an I/O "
			 "port; ignored",
			 name, smi);
		smi = 0;
	}
	info->smi_command_port = smi;
	info->pm1_control_length = bytes;
	/* PM1a_CNT_BLK and X_PM1a_CNT_BLK, PM1b_CNT_BLK and X_PM1b_CNT_BLK */
	info->pm1a_control_port = fadt_control_block(name, buf, len, 64, 172,
						     bytes ? bytes : 2,
						     "PM1a control block");
	info->pm1b_control_port = fadt_control_block(name, buf, len, 68, 184,
						     bytes ? bytes : 2,
						     "PM1b control block");
}

static int parse_fadt(const char *name, const __u8 *buf, size_t len,
		      struct acpi_info *info)
{
	__u32 port = 0;

	if (len >= 80)
		port = rd32(buf + 76); /* PM_TMR_BLK */
	/* X_PM_TMR_BLK, a generic address; space 1 is system I/O. */
	if (len >= 220 && buf[208] == 1 && rd64(buf + 212))
		port = rd64(buf + 212);
	if (len >= 116)
		info->pm_timer_32bit = !!(rd32(buf + 112) & (1 << 8));
	if (port > 0xfffc) {
		cfg_warn("%s: offset 0x4c: PM timer port 0x%x is not an I/O "
			 "port; ignored",
			 name, port);
		port = 0;
	}
	info->have_fadt = 1;
	info->pm_timer_port = port;
	parse_fadt_control_ports(name, buf, len, info);
	return 0;
}

static int parse_hpet(const char *name, const __u8 *buf, size_t len,
		      struct acpi_info *info)
{
	if (len < 56) {
		cfg_warn("%s: truncated at offset 0x%zx: no base address", name,
			 len);
		return -1;
	}
	if (buf[40] != 0) {
		cfg_warn("%s: offset 0x28: base address is not in memory space "
			 "(space %u); ignored",
			 name, buf[40]);
		return -1;
	}
	info->have_hpet = 1;
	info->hpet_address = rd64(buf + 44);
	return 0;
}

/* ---- DMAR --------------------------------------------------------------- */

static void dmar_add_scope(const char *name, struct acpi_info *info,
			   const __u8 *s, size_t off, int unit, int rmrr)
{
	struct acpi_dmar_scope *scope;
	__u8 slen = s[1];
	unsigned int n;

	if (s[0] < ACPI_SCOPE_ENDPOINT || s[0] > ACPI_SCOPE_NAMESPACE)
		cfg_warn("%s: offset 0x%zx: unknown device scope type %u; "
			 "skipped",
			 name, off, s[0]);
	else if (slen < 8 || (slen - 6) % 2)
		cfg_warn("%s: offset 0x%zx: device scope of length %u has no "
			 "whole PCI path; skipped",
			 name, off, slen);
	else if ((slen - 6) / 2 > ACPI_MAX_SCOPE_PATH)
		cfg_warn("%s: offset 0x%zx: device scope path of %u hops is "
			 "longer than %d; skipped",
			 name, off, (slen - 6) / 2, ACPI_MAX_SCOPE_PATH);
	else if (info->num_dmar_scopes >= ACPI_MAX_DMAR_SCOPES)
		cfg_warn("%s: offset 0x%zx: more than %d device scopes; skipped",
			 name, off, ACPI_MAX_DMAR_SCOPES);
	else {
		scope = &info->dmar_scopes[info->num_dmar_scopes++];
		scope->type = s[0];
		scope->enumeration_id = s[4];
		scope->start_bus = s[5];
		scope->path_len = (slen - 6) / 2;
		for (n = 0; n < scope->path_len; n++) {
			scope->path[n][0] = s[6 + 2 * n];
			scope->path[n][1] = s[7 + 2 * n];
			if (scope->path[n][0] > 31 || scope->path[n][1] > 7)
				cfg_warn("%s: offset 0x%zx: device scope path "
					 "entry %02x.%x is not a PCI device and "
					 "function",
					 name, off, scope->path[n][0],
					 scope->path[n][1]);
		}
		scope->unit = unit;
		scope->rmrr = rmrr;
		scope->offset = off;
	}
}

/* Device scopes from @off to @end of one remapping structure. */
static void dmar_parse_scopes(const char *name, struct acpi_info *info,
			      const __u8 *buf, size_t off, size_t end, int unit,
			      int rmrr)
{
	while (off + 2 <= end) {
		__u8 slen = buf[off + 1];

		if (slen < 2 || off + slen > end) {
			cfg_warn("%s: offset 0x%zx: device scope length %u runs "
				 "past its structure; rest of the scopes ignored",
				 name, off, slen);
			return;
		}
		dmar_add_scope(name, info, buf + off, off, unit, rmrr);
		off += slen;
	}
	if (off != end)
		cfg_warn("%s: offset 0x%zx: %zu stray bytes after the device "
			 "scopes",
			 name, off, end - off);
}

static void dmar_parse_drhd(const char *name, struct acpi_info *info,
			    const __u8 *buf, size_t off, size_t end)
{
	struct acpi_dmar_unit *unit;
	const __u8 *e = buf + off;

	if (end - off < 16) {
		cfg_warn("%s: offset 0x%zx: remapping unit structure too short "
			 "(%zu bytes); skipped",
			 name, off, end - off);
		return;
	}
	if (info->num_dmar_units >= ACPI_MAX_DMAR_UNITS) {
		cfg_warn("%s: offset 0x%zx: more than %d remapping units; unit "
			 "at 0x%llx ignored",
			 name, off, ACPI_MAX_DMAR_UNITS,
			 (unsigned long long)rd64(e + 8));
		return;
	}
	unit = &info->dmar_units[info->num_dmar_units];
	unit->include_all = e[4] & 1;
	/* VT-d 3.x: bits 3:0 of "size" give 2^N pages; older tables say 0. */
	unit->size = 0x1000u << (e[5] & 0xf);
	unit->segment = rd16(e + 6);
	unit->base = rd64(e + 8);
	unit->offset = off;
	if (unit->base & 0xfff)
		cfg_warn("%s: offset 0x%zx: remapping unit base 0x%llx is not "
			 "page aligned",
			 name, off, (unsigned long long)unit->base);
	dmar_parse_scopes(name, info, buf, off + 16, end, info->num_dmar_units,
			  -1);
	info->num_dmar_units++;
}

static void dmar_parse_rmrr(const char *name, struct acpi_info *info,
			    const __u8 *buf, size_t off, size_t end)
{
	struct acpi_rmrr *rmrr;
	const __u8 *e = buf + off;

	if (end - off < 24) {
		cfg_warn("%s: offset 0x%zx: reserved-memory structure too short "
			 "(%zu bytes); skipped",
			 name, off, end - off);
		return;
	}
	if (rd64(e + 16) < rd64(e + 8)) {
		cfg_warn("%s: offset 0x%zx: reserved-memory region ends before "
			 "it starts; skipped",
			 name, off);
		return;
	}
	if (info->num_rmrrs >= ACPI_MAX_RMRRS) {
		cfg_warn("%s: offset 0x%zx: more than %d reserved-memory regions;"
			 " skipped",
			 name, off, ACPI_MAX_RMRRS);
		return;
	}
	rmrr = &info->rmrrs[info->num_rmrrs++];
	rmrr->segment = rd16(e + 6);
	rmrr->base = rd64(e + 8);
	rmrr->limit = rd64(e + 16);
	dmar_parse_scopes(name, info, buf, off + 24, end, -1,
			  info->num_rmrrs - 1);
}

static void dmar_structure(const char *name, struct acpi_info *info,
			   const __u8 *buf, size_t off, unsigned int type,
			   unsigned int slen)
{
	if (type == 0)
		dmar_parse_drhd(name, info, buf, off, off + slen);
	else if (type == 1)
		dmar_parse_rmrr(name, info, buf, off, off + slen);
	else if (type > 5)
		cfg_warn("%s: offset 0x%zx: unknown remapping structure type %u "
			 "(length %u); skipped",
			 name, off, type, slen);
	/* ATSR, RHSA, ANDD, SATC: nothing the hypervisor needs. */
}

static int parse_dmar(const char *name, const __u8 *buf, size_t len,
		      struct acpi_info *info)
{
	if (check_fixed_part(name, len, 48, "host address width and flags"))
		return -1;
	info->have_dmar = 1;
	info->dmar_host_address_width = buf[36] + 1;
	info->dmar_flags = buf[37];
	walk_structures(name, buf, 48, len, 2, info, dmar_structure);
	return 0;
}

int acpi_parse_table(const char *name, const __u8 *buf, size_t len,
		     struct acpi_info *info)
{
	len = acpi_usable_length(name, buf, len);
	if (!len)
		return -1;
	if (!memcmp(buf, "APIC", 4))
		return parse_madt(name, buf, len, info);
	if (!memcmp(buf, "MCFG", 4))
		return parse_mcfg(name, buf, len, info);
	if (!memcmp(buf, "DMAR", 4))
		return parse_dmar(name, buf, len, info);
	if (!memcmp(buf, "FACP", 4))
		return parse_fadt(name, buf, len, info);
	if (!memcmp(buf, "HPET", 4))
		return parse_hpet(name, buf, len, info);
	return 0;
}

int acpi_ioapic_scope(const struct acpi_info *info, __u32 ioapic_id,
		      const struct acpi_dmar_scope **scope)
{
	unsigned int n;

	for (n = 0; n < info->num_dmar_scopes; n++) {
		const struct acpi_dmar_scope *s = &info->dmar_scopes[n];

		if (s->type == ACPI_SCOPE_IOAPIC && s->unit >= 0 &&
		    s->enumeration_id == ioapic_id) {
			*scope = s;
			return s->unit;
		}
	}
	return -1;
}
