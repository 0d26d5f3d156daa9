// SPDX-License-Identifier: GPL-2.0
/*
 * `config create --binary FILE.cell`: the model written directly in the
 * `.cell` layout, byte for byte what the generated C compiles to (the
 * golden tests compare the two).  For targets without a compiler, and so
 * that a generated config can be used in the same boot that made it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config-model.h"

static void fill_system(const struct model *m, struct jailhouse_system_desc *s,
			__u32 cpu_set_size)
{
	struct jailhouse_cell_desc *root = &s->root_cell;
	unsigned int n;

	memcpy(s->signature, JAILHOUSE_SYSTEM_SIGNATURE,
	       JAILHOUSE_SIGNATURE_SIZE);
	s->revision = JAILHOUSE_CONFIG_REVISION;
	s->flags = m->flags;
	s->num_iommu_scopes = m->num_scopes;
	s->num_rmrrs = m->num_rmrrs;
	s->hypervisor_memory.phys_start = m->hypervisor.phys_start;
	s->hypervisor_memory.size = m->hypervisor.size;
	s->debug_console = m->console;
	s->platform = m->platform;
	for (n = 0; n < m->platform.num_iommu_units; n++)
		s->platform.iommu_units[n] = m->iommus[n].unit;
	memcpy(root->signature, JAILHOUSE_CELL_SIGNATURE,
	       JAILHOUSE_SIGNATURE_SIZE);
	root->revision = JAILHOUSE_CONFIG_REVISION;
	memcpy(root->name, m->name, sizeof(root->name));
	root->cpu_set_size = cpu_set_size;
	root->num_memory_regions = m->num_regions;
	root->num_irqchips = m->num_irqchips;
	root->num_pio_regions = 2;
	root->num_pci_devices = m->num_pci;
	root->num_pci_caps = m->num_caps;
}

/* The arrays behind the descriptor, in the order config.h gives. */
static void fill_arrays(const struct model *m, __u8 *p, __u32 cpu_set_size)
{
	struct jailhouse_memory *mem;
	struct jailhouse_pio *pio;
	unsigned int n;

	memcpy(p, m->cpu_set,
	       cpu_set_size < sizeof(m->cpu_set) ? cpu_set_size :
						   sizeof(m->cpu_set));
	p += cpu_set_size;
	for (n = 0; n < m->num_regions; n++, p += sizeof(*mem)) {
		mem = (struct jailhouse_memory *)p;
		mem->phys_start = m->regions[n].start;
		mem->virt_start = m->regions[n].start;
		mem->size = m->regions[n].end - m->regions[n].start;
		mem->flags = m->regions[n].flags;
	}
	for (n = 0; n < m->num_irqchips;
	     n++, p += sizeof(struct jailhouse_irqchip))
		memcpy(p, &m->irqchips[n].chip,
		       sizeof(struct jailhouse_irqchip));
	/* As in the C: all ports, 0xffff in an entry of its own. */
	pio = (struct jailhouse_pio *)p;
	pio[0].base = 0;
	pio[0].length = 0xffff;
	pio[1].base = 0xffff;
	pio[1].length = 1;
	p += 2 * sizeof(*pio);
	for (n = 0; n < m->num_pci;
	     n++, p += sizeof(struct jailhouse_pci_device))
		memcpy(p, &m->pci[n].dev, sizeof(struct jailhouse_pci_device));
	memcpy(p, m->caps, m->num_caps * sizeof(m->caps[0]));
	p += m->num_caps * sizeof(m->caps[0]);
	memcpy(p, m->scopes, m->num_scopes * sizeof(m->scopes[0]));
	p += m->num_scopes * sizeof(m->scopes[0]);
	memcpy(p, m->rmrrs, m->num_rmrrs * sizeof(m->rmrrs[0]));
}

int model_write_cell(const struct model *m, const char *path)
{
	__u32 cpu_set_size = (m->num_cpus + 63) / 64 * 8;
	size_t size = sizeof(struct jailhouse_system_desc) + cpu_set_size +
		      m->num_regions * sizeof(struct jailhouse_memory) +
		      m->num_irqchips * sizeof(struct jailhouse_irqchip) +
		      2 * sizeof(struct jailhouse_pio) +
		      m->num_pci * sizeof(struct jailhouse_pci_device) +
		      m->num_caps * sizeof(struct jailhouse_pci_capability) +
		      m->num_scopes * sizeof(struct jailhouse_iommu_scope) +
		      m->num_rmrrs * sizeof(struct jailhouse_rmrr);
	__u8 *buf = calloc(1, size);
	FILE *out;
	int err;

	if (!buf)
		return -1;
	fill_system(m, (struct jailhouse_system_desc *)buf, cpu_set_size);
	fill_arrays(m, buf + sizeof(struct jailhouse_system_desc),
		    cpu_set_size);
	out = fopen(path, "wb");
	err = !out || fwrite(buf, 1, size, out) != size;
	if (out && fclose(out))
		err = 1;
	if (err)
		fprintf(stderr, "%s: cannot write: %s\n", path,
			strerror(errno));
	free(buf);
	return err ? -1 : 0;
}
