// SPDX-License-Identifier: GPL-2.0
/*
 * Structural checks of configs handed to the driver.  Order matters: the
 * file kind (signature) and revision first, so that a wrong file is named
 * as such, then every count against its upper bound, and only then the
 * size the counts imply, which is what a truncated file fails.
 */
#include "config-check.h"

#define PAGE_BYTES	4096ULL

struct check {
	const char *kind;	/* "system config", "cell config" */
	size_t header_size;
	char *msg;
	size_t msg_size;
};

#define refuse(c, err, fmt, ...)                                               \
	(scnprintf((c)->msg, (c)->msg_size, "%s: " fmt, (c)->kind,            \
		   ##__VA_ARGS__), (err))

static void escape_signature(const char *sig, char *out, size_t out_size)
{
	size_t used = 0;
	unsigned int i;

	out[0] = '\0';
	for (i = 0; i < JAILHOUSE_SIGNATURE_SIZE; i++) {
		unsigned char ch = sig[i];

		if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\')
			used += scnprintf(out + used, out_size - used, "%c", ch);
		else
			used += scnprintf(out + used, out_size - used, "\\x%02x", ch);
	}
}

static int check_signature(struct check *c, const char *sig,
			   const char *expected, const char *other,
			   const char *other_kind)
{
	char shown[4 * JAILHOUSE_SIGNATURE_SIZE + 1];

	if (!memcmp(sig, expected, JAILHOUSE_SIGNATURE_SIZE))
		return 0;
	if (!memcmp(sig, other, JAILHOUSE_SIGNATURE_SIZE))
		return refuse(c, -EINVAL, "this is a %s (signature %s), not a %s",
			      other_kind, other, c->kind);
	escape_signature(sig, shown, sizeof(shown));
	return refuse(c, -EINVAL,
		      "bad signature \"%s\" (expected \"%s\"): not a Jailhouse configuration",
		      shown, expected);
}

/*
 * In two steps: the signature is looked at as soon as it is there, so that
 * a short file of the other kind is named as such, not as truncated.
 */
static int check_header_size(struct check *c, size_t size, size_t needed)
{
	if (size >= needed)
		return 0;
	return refuse(c, -EINVAL,
		      "only %zu bytes, less than the %zu-byte header (truncated?)",
		      size, c->header_size);
}

static int check_revision(struct check *c, __u16 revision)
{
	if (revision == JAILHOUSE_CONFIG_REVISION)
		return 0;
	return refuse(c, -EINVAL,
		      "config revision %u, but this driver reads revision %u (rebuild the config with matching tools)",
		      revision, JAILHOUSE_CONFIG_REVISION);
}

static int check_count(struct check *c, const char *what, __u32 count,
		       __u32 max)
{
	if (count <= max)
		return 0;
	return refuse(c, -EINVAL, "%u %s, at most %u allowed", count, what, max);
}

static int check_cell_counts(struct check *c, const struct jailhouse_cell_desc *cell)
{
	int err;

	if (cell->cpu_set_size == 0 || cell->cpu_set_size % 8 ||
	    cell->cpu_set_size > JAILHOUSE_MAX_CPU_SET_SIZE)
		return refuse(c, -EINVAL,
			      "CPU set size %u is not a multiple of 8 between 8 and %u",
			      cell->cpu_set_size, JAILHOUSE_MAX_CPU_SET_SIZE);
	err = check_count(c, "memory regions", cell->num_memory_regions,
			  JAILHOUSE_MAX_MEM_REGIONS);
	err = err ?: check_count(c, "irqchips", cell->num_irqchips,
				 JAILHOUSE_MAX_IRQCHIPS);
	err = err ?: check_count(c, "port I/O regions", cell->num_pio_regions,
				 JAILHOUSE_MAX_PIO_REGIONS);
	err = err ?: check_count(c, "PCI devices", cell->num_pci_devices,
				 JAILHOUSE_MAX_PCI_DEVICES);
	err = err ?: check_count(c, "PCI capabilities", cell->num_pci_caps,
				 JAILHOUSE_MAX_PCI_CAPS);
	return err;
}

static int check_cell_head(struct check *c, const struct jailhouse_cell_desc *cell)
{
	if (!memchr(cell->name, '\0', sizeof(cell->name)))
		return refuse(c, -EINVAL, "the cell name is not NUL-terminated");
	if (!cell->name[0])
		return refuse(c, -EINVAL, "the cell name is empty");
	if (cell->flags & ~JAILHOUSE_CELL_VALID_FLAGS)
		return refuse(c, -EINVAL, "cell \"%s\" has unknown flags 0x%x",
			      cell->name,
			      cell->flags & ~JAILHOUSE_CELL_VALID_FLAGS);
	return check_cell_counts(c, cell);
}

static int check_size(struct check *c, size_t size, __u64 expected)
{
	if (size == expected)
		return 0;
	if (size < expected)
		return refuse(c, -EINVAL,
			      "file has %zu bytes but its header describes %llu (truncated?)",
			      size, (unsigned long long)expected);
	return refuse(c, -EINVAL,
		      "file has %zu bytes but its header describes only %llu (trailing garbage?)",
		      size, (unsigned long long)expected);
}

static bool range_wraps(__u64 start, __u64 size)
{
	return start + size < start;
}

static bool page_aligned(__u64 value)
{
	return (value & (PAGE_BYTES - 1)) == 0;
}

static int check_region(struct check *c, unsigned int n,
			const struct jailhouse_memory *mem)
{
	bool sub_page = mem->flags & (JAILHOUSE_MEM_IO_UNALIGNED |
				      JAILHOUSE_MEM_IO_WIDTHS);

	if (mem->flags & ~(__u64)JAILHOUSE_MEM_VALID_FLAGS)
		return refuse(c, -EINVAL, "memory region %u has unknown flags 0x%llx",
			      n, (unsigned long long)(mem->flags &
					~(__u64)JAILHOUSE_MEM_VALID_FLAGS));
	if (mem->size == 0)
		return refuse(c, -EINVAL, "memory region %u is empty", n);
	if (range_wraps(mem->phys_start, mem->size) ||
	    range_wraps(mem->virt_start, mem->size))
		return refuse(c, -EINVAL,
			      "memory region %u wraps around the address space", n);
	if (!sub_page && (!page_aligned(mem->phys_start) ||
			  !page_aligned(mem->virt_start) ||
			  !page_aligned(mem->size)))
		return refuse(c, -EINVAL,
			      "memory region %u (0x%llx+0x%llx) is not page-aligned",
			      n, (unsigned long long)mem->phys_start,
			      (unsigned long long)mem->size);
	return 0;
}

static int check_cell_body(struct check *c, const struct jailhouse_cell_desc *cell)
{
	const struct jailhouse_memory *mem = jailhouse_cell_mem_regions(cell);
	const __u8 *cpus = jailhouse_cell_cpu_set(cell);
	bool any_cpu = false;
	unsigned int n;
	int err;

	for (n = 0; n < cell->cpu_set_size; n++)
		any_cpu |= cpus[n] != 0;
	if (!any_cpu)
		return refuse(c, -EINVAL, "cell \"%s\" has no CPU", cell->name);
	for (n = 0; n < cell->num_memory_regions; n++) {
		err = check_region(c, n, &mem[n]);
		if (err)
			return err;
	}
	return 0;
}

static int check_hypervisor_memory(struct check *c,
				   const struct jailhouse_system_desc *sys)
{
	const struct jailhouse_memory *hv = &sys->hypervisor_memory;

	if (hv->size == 0)
		return refuse(c, -EINVAL, "the hypervisor memory is empty");
	if (!page_aligned(hv->phys_start) || !page_aligned(hv->size) ||
	    range_wraps(hv->phys_start, hv->size))
		return refuse(c, -EINVAL,
			      "hypervisor memory 0x%llx+0x%llx is not a page-aligned range",
			      (unsigned long long)hv->phys_start,
			      (unsigned long long)hv->size);
	return 0;
}

int jailhouse_check_hypervisor_overlap(const struct jailhouse_system_desc *sys,
				       char *msg, size_t msg_size)
{
	const struct jailhouse_memory *hv = &sys->hypervisor_memory;
	const struct jailhouse_memory *mem =
		jailhouse_cell_mem_regions(&sys->root_cell);
	struct check check = { "system config", sizeof(*sys), msg, msg_size };
	struct check *c = &check;
	unsigned int n;

	for (n = 0; n < sys->root_cell.num_memory_regions; n++) {
		if (mem[n].flags & JAILHOUSE_MEM_COMM_REGION)
			continue;
		if (mem[n].phys_start < hv->phys_start + hv->size &&
		    hv->phys_start < mem[n].phys_start + mem[n].size)
			return refuse(c, -EINVAL,
				      "hypervisor memory 0x%llx+0x%llx overlaps root region %u",
				      (unsigned long long)hv->phys_start,
				      (unsigned long long)hv->size, n);
	}
	return 0;
}

int jailhouse_check_system_config(const void *buf, size_t size, char *msg,
				  size_t msg_size)
{
	const struct jailhouse_system_desc *sys = buf;
	struct check c = { "system config", sizeof(*sys), msg, msg_size };
	int err;

	err = check_header_size(&c, size, JAILHOUSE_SIGNATURE_SIZE);
	err = err ?: check_signature(&c, sys->signature, JAILHOUSE_SYSTEM_SIGNATURE,
				     JAILHOUSE_CELL_SIGNATURE, "cell config");
	err = err ?: check_header_size(&c, size, sizeof(*sys));
	err = err ?: check_revision(&c, sys->revision);
	if (err)
		return err;
	if (sys->flags & ~JAILHOUSE_SYS_VALID_FLAGS)
		return refuse(&c, -EINVAL, "unknown system flags 0x%x",
			      sys->flags & ~JAILHOUSE_SYS_VALID_FLAGS);
	if (sys->platform.num_iommu_units > JAILHOUSE_MAX_IOMMU_UNITS)
		return refuse(&c, -EINVAL, "%u IOMMU units, at most %u allowed",
			      sys->platform.num_iommu_units,
			      JAILHOUSE_MAX_IOMMU_UNITS);
	err = check_signature(&c, sys->root_cell.signature,
			      JAILHOUSE_CELL_SIGNATURE, JAILHOUSE_CELL_SIGNATURE,
			      "cell config");
	err = err ?: check_cell_head(&c, &sys->root_cell);
	err = err ?: check_size(&c, size, jailhouse_system_config_size(sys));
	err = err ?: check_cell_body(&c, &sys->root_cell);
	return err ?: check_hypervisor_memory(&c, sys);
}

int jailhouse_check_cell_config(const void *buf, size_t size, char *msg,
				size_t msg_size)
{
	const struct jailhouse_cell_desc *cell = buf;
	struct check c = { "cell config", sizeof(*cell), msg, msg_size };
	int err;

	err = check_header_size(&c, size, JAILHOUSE_SIGNATURE_SIZE);
	err = err ?: check_signature(&c, cell->signature, JAILHOUSE_CELL_SIGNATURE,
				     JAILHOUSE_SYSTEM_SIGNATURE, "system config");
	err = err ?: check_header_size(&c, size, sizeof(*cell));
	err = err ?: check_revision(&c, cell->revision);
	err = err ?: check_cell_head(&c, cell);
	err = err ?: check_size(&c, size, jailhouse_cell_config_size(cell));
	return err ?: check_cell_body(&c, cell);
}
