/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `config show`: the partition that a system config and its cell configs
 * describe, as one picture.  config-show-model.c works out who owns what
 * once every cell is created (the rules of hypervisor-x86/cell-resources.h:
 * a cell takes its resources from the root unless they are marked
 * root-shared); config-show-text.c prints it as tables,
 * config-show-svg.c draws it.
 *
 * Parties: index 0 is the root cell, 1.. the cells in command-line order.
 * A set of parties is a bit mask, hence SHOW_MAX_PARTIES.
 */
#ifndef _JAILHOUSE_CONFIG_SHOW_H
#define _JAILHOUSE_CONFIG_SHOW_H

#include <stdio.h>

#include "cell-decode.h"

#define SHOW_MAX_PARTIES 64
#define SHOW_ROOT 0
#define SHOW_ROOT_MASK 1ULL

/* Who has a resource once every cell is created. */
enum show_owner {
	SHOW_OWNER_ROOT,       /* only the root */
	SHOW_OWNER_CELL,       /* one cell, taken from the root */
	SHOW_OWNER_SHARED,     /* several keep access, as the flags allow */
	SHOW_OWNER_CONFLICT,   /* claimed twice: `cell create` refuses */
	SHOW_OWNER_UNBACKED,   /* a cell claims what the root does not have */
	SHOW_OWNER_HYPERVISOR, /* the hypervisor's memory */
};

/* A piece of an address or port space with the same parties throughout. */
struct show_span {
	__u64 start, end; /* [start, end) */
	__u64 parties;	  /* who maps it (bit n: party n) */
	int hypervisor;	  /* inside the hypervisor memory */
	enum show_owner owner;
	unsigned int cell; /* the owner for SHOW_OWNER_CELL/UNBACKED */
};

/* Runs of pins of one IOAPIC with the same parties. */
struct show_pins {
	__u64 address; /* of the IOAPIC */
	unsigned int id, first, last;
	__u64 parties;
	enum show_owner owner;
	unsigned int cell;
};

struct show_device {
	__u16 domain, bdf;
	__u8 type;
	__u64 parties;
	enum show_owner owner;
	unsigned int cell;
	/* The first config listing it, for flags and BARs. */
	const struct jailhouse_pci_device *desc;
};

/* One ivshmem device of one party. */
struct show_peer {
	unsigned int party;
	const struct jailhouse_pci_device *desc;
	unsigned int first_region, num_regions; /* in that party's config */
};

/*
 * An ivshmem link: the ivshmem devices of the configs with the same
 * domain, bdf and physical start of their first shared-memory region.
 */
struct show_link {
	__u16 domain, bdf;
	__u64 phys; /* of the first shared region; 0 if it has none */
	unsigned int num_peers;
	struct show_peer peers[SHOW_MAX_PARTIES];
	int duplicate_ids; /* two peers with the same shmem_dev_id */
};

struct show_cpu {
	unsigned int cpu;
	__u64 parties;
	enum show_owner owner;
	unsigned int cell;
};

struct partition {
	unsigned int num_parties;
	const struct cell_view *parties; /* [0] is the system config */

	struct show_cpu *cpus;
	unsigned int num_cpus;
	struct show_span *memory;
	unsigned int num_memory;
	struct show_span *ports;
	unsigned int num_ports;
	struct show_pins *pins;
	unsigned int num_pins;
	struct show_device *devices;
	unsigned int num_devices;
	struct show_link *links;
	unsigned int num_links;

	unsigned int problems; /* conflicts, unbacked claims, bad links */
};

/*
 * Works out the partition of views[0] (a system config) and views[1..n-1]
 * (cell configs, at most SHOW_MAX_PARTIES - 1).  0, or -1 when out of
 * memory.
 */
int partition_build(struct partition *p, const struct cell_view *views,
		    unsigned int n);
void partition_free(struct partition *p);

/* The name of party n, and of an owner for tables ("CONFLICT"...). */
const char *party_name(const struct partition *p, unsigned int n);
/* Who owns a range, as a word: a party's name, "shared", "CONFLICT"... */
const char *owner_name(const struct partition *p, enum show_owner owner,
		       unsigned int cell);

/* The memory region of party n that holds address, or NULL. */
const struct jailhouse_memory *party_region_at(const struct partition *p,
					       unsigned int n, __u64 address);

/* The ivshmem link whose shared memory holds address in party n, or NULL. */
const struct show_link *link_at(const struct partition *p, unsigned int n,
				__u64 address);

/* "0000:00:02.0" into buf (at least 13 bytes). */
const char *bdf_text(char *buf, size_t size, __u16 domain, __u16 bdf);

/* "640 KiB", "6 MiB", "4097 bytes" into buf. */
const char *size_text(char *buf, size_t size, __u64 bytes);

void show_text(FILE *out, const struct partition *p);
/* 0, or -1 if writing failed (errno set). */
int show_svg(FILE *out, const struct partition *p);

#endif
