// SPDX-License-Identifier: GPL-2.0
/*
 * ivshmem.c: the ivshmem v2 device as each peer sees it (config space,
 * BAR 0 registers, BAR 1 MSI-X), the signals doorbells and state changes
 * ask for and which of them become interrupts, resets, and the memory
 * layout rules (jh_config_validate() and ivshmem_layout_check() /
 * ivshmem_peer_check()).
 *
 * The machine: CPUs with APIC IDs 0-3, the root on CPU 0, cells A, B and
 * C on CPUs 1, 2 and 3, one cell per peer (peer n on CPU n + 1).  The link
 * lives at 00:1f.0 with 3 peers unless a test says otherwise.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <common/config-validate.h>
#include <common/env.h>
#include "config-builder.h"
#include "ivshmem.h"

#define PEERS_MAX 3
#define SHMEM_GPHYS 0x200000ULL
#define SHMEM_PHYS 0x3ae00000ULL
#define BAR0 0xfc000000U
#define BAR1 0xfc001000U
#define MSI_ADDRESS(apic) (0xfee00000U | (apic) << 12)

struct ivsh_cell {
	struct jailhouse_cell_desc header;
	__u64 cpus[1];
	/* RAM, comm region, state table, r/w section, 3 output sections */
	struct jailhouse_memory mem[7];
	struct jailhouse_pci_device pci[1];
} JH_PACKED;

static struct ivsh_cell configs[PEERS_MAX];
static struct ivshmem_endpoint ep[PEERS_MAX];
static struct ivshmem_link link;
static __u32 table[1024];
static struct apic_cpu cpu_table[PEERS_MAX][4];
static struct pci_msi_cpus cpus[PEERS_MAX]; /* peer n's cell */
static char msg[JAILHOUSE_MSG_MAX];

/* ---- configs ---- */

static void fill_config(struct ivsh_cell *c, unsigned int id,
			unsigned int peers)
{
	struct jailhouse_cell_desc *h = &c->header;
	unsigned int k;

	memset(c, 0, sizeof(*c));
	fill_cell_header(h, "peer");
	h->name[4] = 'a' + id;
	h->flags = JAILHOUSE_CELL_PASSIVE_COMMREG;
	h->num_memory_regions = 4 + peers;
	h->num_pci_devices = 1;
	h->cpu_reset_address = 0xfff0;
	h->msg_reply_timeout_ms = 100;
	c->cpus[0] = 1ULL << (id + 1);
	c->mem[0] = (struct jailhouse_memory){ 0x3a600000 + id * 0x100000, 0,
					       0x100000,
					       JAILHOUSE_MEM_RWX |
						       JAILHOUSE_MEM_LOADABLE };
	c->mem[1] =
		(struct jailhouse_memory){ 0, 0x100000, 0x1000,
					   JAILHOUSE_MEM_RW |
						   JAILHOUSE_MEM_COMM_REGION };
	/* state table 4 KiB, r/w section 16 KiB, output sections 8 KiB */
	c->mem[2] =
		(struct jailhouse_memory){ SHMEM_PHYS, SHMEM_GPHYS, 0x1000,
					   JAILHOUSE_MEM_READ |
						   JAILHOUSE_MEM_ROOTSHARED };
	c->mem[3] = (struct jailhouse_memory){
		SHMEM_PHYS + 0x1000, SHMEM_GPHYS + 0x1000, 0x4000,
		JAILHOUSE_MEM_RW | JAILHOUSE_MEM_ROOTSHARED
	};
	for (k = 0; k < peers; k++)
		c->mem[4 + k] = (struct jailhouse_memory){
			SHMEM_PHYS + 0x5000 + k * 0x2000,
			SHMEM_GPHYS + 0x5000 + k * 0x2000, 0x2000,
			(k == id ? JAILHOUSE_MEM_RW : JAILHOUSE_MEM_READ) |
				JAILHOUSE_MEM_ROOTSHARED
		};
	c->pci[0] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
		.bdf = 0x00f8,
		.shmem_regions_start = 2,
		.shmem_dev_id = id,
		.shmem_peers = peers,
		.shmem_protocol = 0x4001,
		.bar_address = { BAR0, BAR1 },
	};
}

/* The config's arrays are packed behind the header only when the cell
 * has 3 peers (mem[7]); fewer peers leave a hole: move the device. */
static unsigned long pack(struct ivsh_cell *c)
{
	memmove((char *)jailhouse_cell_pci_devices(&c->header), c->pci,
		sizeof(c->pci));
	return jailhouse_cell_config_size(&c->header);
}

static const struct jailhouse_pci_device *dev_of(struct ivsh_cell *c)
{
	return jailhouse_cell_pci_devices(&c->header);
}

static int validate(struct ivsh_cell *c)
{
	return jh_config_validate(c, pack(c), msg, sizeof(msg));
}

/* ---- the link ---- */

static void fill_cpus(void)
{
	unsigned int p, n;

	for (p = 0; p < PEERS_MAX; p++) {
		for (n = 0; n < 4; n++)
			cpu_table[p][n] = (struct apic_cpu){
				.apic_id = n,
				.xapic_logical_id = 1 << n,
				.in_cell = n == p + 1,
			};
		cpus[p] = (struct pci_msi_cpus){ .cpus = cpu_table[p],
						 .num_cpus = 4 };
	}
}

static void make_link(unsigned int peers)
{
	unsigned int n;

	memset(&link, 0, sizeof(link));
	memset(ep, 0, sizeof(ep));
	memset(table, 0x5a, sizeof(table));
	link.max_peers = peers;
	link.state_table = table;
	fill_cpus();
	for (n = 0; n < peers; n++) {
		fill_config(&configs[n], n, peers);
		assert_int_equal(validate(&configs[n]), 0);
		assert_int_equal(ivshmem_layout_check(&ep[n],
						      &configs[n].header,
						      dev_of(&configs[n]), msg,
						      sizeof(msg)),
				 0);
		assert_int_equal(ivshmem_peer_check(&link, &ep[n], msg,
						    sizeof(msg)),
				 0);
		ivshmem_attach(&link, &ep[n]);
		ivshmem_activate(&ep[n]);
	}
}

static __u32 cfg_read(unsigned int n, unsigned int reg, unsigned int size)
{
	const char *reason;
	__u32 v = 0xdeadbeef;

	assert_int_equal(ivshmem_config_access(&ep[n], &cpus[n], reg, size, 0,
					       &v, &reason),
			 0);
	return v;
}

static int cfg_write(unsigned int n, unsigned int reg, unsigned int size,
		     __u32 v)
{
	const char *reason;

	return ivshmem_config_access(&ep[n], &cpus[n], reg, size, 1, &v,
				     &reason);
}

static __u64 reg_read(unsigned int n, unsigned int offset, unsigned int size)
{
	struct ivshmem_effect e;
	__u64 v = 0xdeadbeef;

	ivshmem_register_access(&ep[n], offset, size, 0, &v, &e);
	assert_int_equal(e.count, 0);
	return v;
}

static unsigned int reg_write(unsigned int n, unsigned int offset,
			      unsigned int size, __u32 value,
			      struct ivshmem_effect *e)
{
	__u64 v = value;

	ivshmem_register_access(&ep[n], offset, size, 1, &v, e);
	return e->count;
}

static int msix_write(unsigned int n, unsigned int offset, __u32 value,
		      const char **reason)
{
	__u64 v = value;

	*reason = NULL;
	return ivshmem_msix_access(&ep[n], &cpus[n], offset, 4, 1, &v, reason);
}

/* Peer n takes interrupts: decoding on, vector `vector` of MSI-X entry
 * `entry` to its CPU, MSI-X enabled, Interrupt Control on. */
static void listen(unsigned int n, unsigned int entry, __u32 vector)
{
	struct ivshmem_effect e;
	const char *reason;

	assert_int_equal(cfg_write(n, 0x04, 2, 0x0006), 0);
	assert_int_equal(msix_write(n, entry * 16, MSI_ADDRESS(n + 1), &reason),
			 0);
	assert_int_equal(msix_write(n, entry * 16 + 4, 0, &reason), 0);
	assert_int_equal(msix_write(n, entry * 16 + 8, vector, &reason), 0);
	assert_int_equal(msix_write(n, entry * 16 + 12, 0, &reason), 0);
	assert_int_equal(cfg_write(n, IVSHMEM_CAP_MSIX + 2, 2, 0x8000), 0);
	reg_write(n, IVSHMEM_REG_INT_CTRL, 4, 1, &e);
}

/* The interrupt signal `s` becomes for its target: 0 with apic/vector. */
static int deliver(const struct ivshmem_signal *s, __u32 *apic, __u8 *vector)
{
	const char *reason;

	return ivshmem_signal_message(s, &cpus[s->target->id], apic, vector,
				      &reason);
}

static int setup3(void **state)
{
	(void)state;
	make_link(3);
	return 0;
}

static int setup2(void **state)
{
	(void)state;
	make_link(2);
	return 0;
}

/* ---- config space ---- */

static void test_config_header_is_ivshmem_v2(void **state)
{
	(void)state;
	assert_int_equal(cfg_read(0, 0x00, 2), 0x110a);
	assert_int_equal(cfg_read(0, 0x02, 2), 0x4106);
	assert_int_equal(cfg_read(0, 0x06, 2), 0x0010); /* capability list */
	/* revision 0, protocol 0x4001 in interface and sub-class, base ff */
	assert_int_equal(cfg_read(0, 0x08, 4), 0xff400100);
	assert_int_equal(cfg_read(0, 0x0e, 1), 0);
	assert_int_equal(cfg_read(0, 0x2c, 4), 0x4106110a);
	assert_int_equal(cfg_read(0, 0x34, 1), IVSHMEM_CAP_VENDOR);
	assert_int_equal(cfg_read(0, 0x3d, 1), 0); /* no INTx: MSI-X */
	assert_int_equal(cfg_read(0, 0x18, 4), 0); /* no shared-memory BAR */
	assert_int_equal(cfg_read(0, 0x30, 4), 0);
	assert_int_equal(cfg_read(0, 0x100, 4), 0);
	/* IDs and class are read-only */
	assert_int_equal(cfg_write(0, 0x00, 4, 0x12345678), 0);
	assert_int_equal(cfg_write(0, 0x08, 4, 0), 0);
	assert_int_equal(cfg_read(0, 0x00, 4), 0x4106110a);
	assert_int_equal(cfg_read(0, 0x08, 4), 0xff400100);
}

static void test_config_vendor_capability_gives_the_layout(void **state)
{
	(void)state;
	assert_int_equal(cfg_read(1, 0x40, 4), 0x00206009);
	assert_int_equal(cfg_read(1, 0x44, 4), 0x1000);
	assert_int_equal(cfg_read(1, 0x48, 4), 0x4000);
	assert_int_equal(cfg_read(1, 0x4c, 4), 0);
	assert_int_equal(cfg_read(1, 0x50, 4), 0x2000);
	assert_int_equal(cfg_read(1, 0x54, 4), 0);
	assert_int_equal(cfg_read(1, 0x58, 4), (__u32)SHMEM_GPHYS);
	assert_int_equal(cfg_read(1, 0x5c, 4), 0);
	/* the sizes are read-only; only bit 0 of Privileged Control */
	assert_int_equal(cfg_write(1, 0x44, 4, 0x10), 0);
	assert_int_equal(cfg_write(1, 0x43, 1, 0xff), 0);
	assert_int_equal(cfg_read(1, 0x40, 4), 0x01206009);
	assert_int_equal(cfg_read(1, 0x44, 4), 0x1000);
	assert_int_equal(cfg_write(1, 0x40, 4, 0), 0);
	assert_int_equal(cfg_read(1, 0x43, 1), 0);
}

static void test_config_msix_capability(void **state)
{
	(void)state;
	/* last capability; table size 4 (encoded 3), off */
	assert_int_equal(cfg_read(0, 0x60, 4), 0x00030011);
	assert_int_equal(cfg_read(0, 0x64, 4), 0x00000001);
	assert_int_equal(cfg_read(0, 0x68, 4), 0x00000801);
	assert_int_equal(cfg_write(0, 0x62, 2, 0xffff), 0);
	assert_int_equal(cfg_read(0, 0x62, 2), 0xc003);
	/* a byte write keeps the other byte */
	assert_int_equal(cfg_write(0, 0x62, 1, 0x00), 0);
	assert_int_equal(cfg_read(0, 0x62, 2), 0xc003);
	assert_int_equal(cfg_write(0, 0x63, 1, 0x80), 0);
	assert_int_equal(cfg_read(0, 0x62, 2), 0x8003);
	assert_int_equal(cfg_write(0, 0x64, 4, 0x1234), 0);
	assert_int_equal(cfg_read(0, 0x64, 4), 1);
}

static void test_config_command_keeps_its_writable_bits(void **state)
{
	(void)state;
	assert_int_equal(cfg_write(0, 0x04, 4, 0xffffffff), 0);
	assert_int_equal(cfg_read(0, 0x04, 4), 0x00100406);
	assert_int_equal(cfg_write(0, 0x05, 1, 0x00), 0);
	assert_int_equal(cfg_read(0, 0x04, 2), 0x0006);
}

static void test_config_bars_size_but_never_move(void **state)
{
	(void)state;
	assert_int_equal(cfg_read(0, 0x10, 4), BAR0);
	assert_int_equal(cfg_read(0, 0x14, 4), BAR1);
	assert_int_equal(cfg_write(0, 0x10, 4, 0xffffffff), 0);
	assert_int_equal(cfg_read(0, 0x10, 4), 0xfffff000);
	assert_int_equal(cfg_write(0, 0x10, 4, BAR0), 0);
	assert_int_equal(cfg_read(0, 0x10, 4), BAR0);
	/* elsewhere: dropped */
	assert_int_equal(cfg_write(0, 0x14, 4, 0xe0000000), 0);
	assert_int_equal(cfg_read(0, 0x14, 4), BAR1);
	assert_int_equal(cfg_write(0, 0x16, 2, 0xe000), 0);
	assert_int_equal(cfg_read(0, 0x14, 4), BAR1);
}

/* ---- BAR 0 ---- */

static void test_registers_need_memory_decoding(void **state)
{
	struct ivshmem_effect e;

	(void)state;
	assert_int_equal(reg_read(0, IVSHMEM_REG_ID, 4), 0xffffffff);
	assert_int_equal(reg_write(0, IVSHMEM_REG_STATE, 4, 3, &e), 0);
	assert_int_equal(ep[0].state, 0);
	/* decoding on, but BAR 0 holds the sizing pattern */
	assert_int_equal(cfg_write(0, 0x04, 2, 0x0002), 0);
	assert_int_equal(cfg_write(0, 0x10, 4, 0xffffffff), 0);
	assert_int_equal(reg_read(0, IVSHMEM_REG_ID, 4), 0xffffffff);
	assert_int_equal(cfg_write(0, 0x10, 4, BAR0), 0);
	assert_int_equal(reg_read(0, IVSHMEM_REG_ID, 4), 0);
}

static void test_registers_id_and_max_peers_are_read_only(void **state)
{
	struct ivshmem_effect e;

	(void)state;
	assert_int_equal(cfg_write(2, 0x04, 2, 0x0002), 0);
	assert_int_equal(reg_read(2, IVSHMEM_REG_ID, 4), 2);
	assert_int_equal(reg_read(2, IVSHMEM_REG_MAX_PEERS, 4), 3);
	assert_int_equal(reg_write(2, IVSHMEM_REG_ID, 4, 0, &e), 0);
	assert_int_equal(reg_write(2, IVSHMEM_REG_MAX_PEERS, 4, 16, &e), 0);
	assert_int_equal(reg_read(2, IVSHMEM_REG_ID, 4), 2);
	assert_int_equal(reg_read(2, IVSHMEM_REG_MAX_PEERS, 4), 3);
	assert_int_equal(reg_read(2, IVSHMEM_REG_DOORBELL, 4), 0);
	/* only aligned 32-bit accesses; unbacked offsets read 0 */
	assert_int_equal(reg_read(2, IVSHMEM_REG_ID, 2), 0);
	assert_int_equal(reg_read(2, IVSHMEM_REG_MAX_PEERS + 1, 4), 0);
	assert_int_equal(reg_read(2, 0x14, 4), 0);
	assert_int_equal(reg_read(2, 0xffc, 4), 0);
	assert_int_equal(reg_write(2, IVSHMEM_REG_STATE, 2, 9, &e), 0);
	assert_int_equal(reg_read(2, IVSHMEM_REG_STATE, 4), 0);
}

static void test_registers_interrupt_control_is_bit_0(void **state)
{
	struct ivshmem_effect e;

	(void)state;
	assert_int_equal(cfg_write(0, 0x04, 2, 0x0002), 0);
	assert_int_equal(reg_read(0, IVSHMEM_REG_INT_CTRL, 4), 0);
	reg_write(0, IVSHMEM_REG_INT_CTRL, 4, 0xffffffff, &e);
	assert_int_equal(reg_read(0, IVSHMEM_REG_INT_CTRL, 4), 1);
	reg_write(0, IVSHMEM_REG_INT_CTRL, 4, 0xfffffffe, &e);
	assert_int_equal(reg_read(0, IVSHMEM_REG_INT_CTRL, 4), 0);
}

/* ---- doorbells ---- */

static void test_doorbell_reaches_the_target_vector_on_its_cpu(void **state)
{
	struct ivshmem_effect e;
	__u32 apic = 99;
	__u8 vector = 0;

	(void)state;
	listen(1, 2, 0x41);
	assert_int_equal(cfg_write(0, 0x04, 2, 0x0002), 0);
	/* target id in bits 31:16, vector in 15:0 */
	assert_int_equal(reg_write(0, IVSHMEM_REG_DOORBELL, 4, 1 << 16 | 2, &e),
			 1);
	assert_ptr_equal(e.signal[0].target, &ep[1]);
	assert_int_equal(e.signal[0].vector, 2);
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), 0);
	assert_int_equal(apic, 2);
	assert_int_equal(vector, 0x41);
	/* interrupts stay on without one-shot */
	assert_int_equal(ep[1].interrupt_control, 1);
}

static void test_doorbell_to_itself_stays_on_its_cpu(void **state)
{
	struct ivshmem_effect e;
	__u32 apic;
	__u8 vector;

	(void)state;
	listen(2, 1, 0x30);
	assert_int_equal(reg_write(2, IVSHMEM_REG_DOORBELL, 4, 2 << 16 | 1, &e),
			 1);
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), 0);
	assert_int_equal(apic, 3);
	assert_int_equal(vector, 0x30);
}

static void test_doorbell_without_effect(void **state)
{
	struct ivshmem_effect e;
	__u32 apic;
	__u8 vector;

	(void)state;
	listen(1, 1, 0x41);
	assert_int_equal(cfg_write(0, 0x04, 2, 0x0002), 0);
	/* no such peer: id 3 of 3, id 0xffff */
	assert_int_equal(reg_write(0, IVSHMEM_REG_DOORBELL, 4, 3 << 16 | 1, &e),
			 0);
	assert_int_equal(reg_write(0, IVSHMEM_REG_DOORBELL, 4,
				   0xffffU << 16 | 1, &e),
			 0);
	/* vectors out of range or masked */
	assert_int_equal(reg_write(0, IVSHMEM_REG_DOORBELL, 4, 1 << 16 | 4, &e),
			 1);
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), -ENOENT);
	reg_write(0, IVSHMEM_REG_DOORBELL, 4, 1 << 16 | 0xffff, &e);
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), -ENOENT);
	reg_write(0, IVSHMEM_REG_DOORBELL, 4, 1 << 16 | 0, &e);
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), -ENOENT);
	reg_write(0, IVSHMEM_REG_DOORBELL, 4, 1 << 16 | 1, &e);
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), 0);
	/* Interrupt Control off */
	reg_write(1, IVSHMEM_REG_INT_CTRL, 4, 0, &e);
	reg_write(0, IVSHMEM_REG_DOORBELL, 4, 1 << 16 | 1, &e);
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), -ENOENT);
	reg_write(1, IVSHMEM_REG_INT_CTRL, 4, 1, &e);
	/* function masked, then MSI-X off */
	assert_int_equal(cfg_write(1, IVSHMEM_CAP_MSIX + 2, 2, 0xc000), 0);
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), -ENOENT);
	assert_int_equal(cfg_write(1, IVSHMEM_CAP_MSIX + 2, 2, 0x0000), 0);
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), -ENOENT);
	assert_int_equal(cfg_write(1, IVSHMEM_CAP_MSIX + 2, 2, 0x8000), 0);
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), 0);
	/* an inactive peer (its cell stopped) */
	ep[1].active = 0;
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), -ENOENT);
}

static void test_doorbell_one_shot_clears_interrupt_control(void **state)
{
	struct ivshmem_effect e;
	__u32 apic;
	__u8 vector;

	(void)state;
	listen(1, 0, 0x50);
	assert_int_equal(cfg_write(1, 0x43, 1, 0x01), 0);
	assert_int_equal(cfg_write(0, 0x04, 2, 0x0002), 0);
	reg_write(0, IVSHMEM_REG_DOORBELL, 4, 1 << 16, &e);
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), 0);
	assert_int_equal(ep[1].interrupt_control, 0);
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), -ENOENT);
	/* the receiver turns it on again */
	reg_write(1, IVSHMEM_REG_INT_CTRL, 4, 1, &e);
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), 0);
}

/* ---- state ---- */

static void test_state_write_updates_table_and_signals_vector_0(void **state)
{
	struct ivshmem_effect e;

	(void)state;
	/* attach wrote every peer's entry 0 */
	assert_int_equal(table[0], 0);
	assert_int_equal(table[2], 0);
	assert_int_equal(table[3], 0x5a5a5a5a);
	assert_int_equal(cfg_write(1, 0x04, 2, 0x0002), 0);
	assert_int_equal(reg_write(1, IVSHMEM_REG_STATE, 4, 7, &e), 2);
	assert_int_equal(table[1], 7);
	assert_int_equal(reg_read(1, IVSHMEM_REG_STATE, 4), 7);
	assert_ptr_equal(e.signal[0].target, &ep[0]);
	assert_ptr_equal(e.signal[1].target, &ep[2]);
	assert_int_equal(e.signal[0].vector, 0);
	assert_int_equal(e.signal[1].vector, 0);
	/* the same value again changes nothing */
	assert_int_equal(reg_write(1, IVSHMEM_REG_STATE, 4, 7, &e), 0);
	assert_int_equal(reg_write(1, IVSHMEM_REG_STATE, 4, 8, &e), 2);
	assert_int_equal(table[1], 8);
}

static void test_state_signal_delivered_only_where_enabled(void **state)
{
	struct ivshmem_effect e;
	__u32 apic;
	__u8 vector;

	(void)state;
	listen(0, 0, 0x60);
	assert_int_equal(cfg_write(1, 0x04, 2, 0x0002), 0);
	assert_int_equal(reg_write(1, IVSHMEM_REG_STATE, 4, 1, &e), 2);
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), 0);
	assert_int_equal(apic, 1);
	assert_int_equal(vector, 0x60);
	/* peer 2 never enabled its interrupts */
	assert_int_equal(deliver(&e.signal[1], &apic, &vector), -ENOENT);
}

/* ---- MSI-X ---- */

static void test_msix_table_reads_back_and_pba_is_zero(void **state)
{
	const char *reason;
	__u64 v = 0;

	(void)state;
	assert_int_equal(cfg_write(0, 0x04, 2, 0x0002), 0);
	assert_int_equal(ivshmem_msix_access(&ep[0], &cpus[0], 12, 4, 0, &v,
					     &reason),
			 0);
	assert_int_equal(v, 1); /* masked after reset */
	assert_int_equal(msix_write(0, 0x38, 0x45, &reason), 0);
	assert_int_equal(msix_write(0, 0x3c, 0xfffffffe, &reason), 0);
	assert_int_equal(ivshmem_msix_access(&ep[0], &cpus[0], 0x38, 8, 0, &v,
					     &reason),
			 0);
	assert_int_equal(v, 0x45); /* reserved control bits read 0 */
	v = 5;
	assert_int_equal(ivshmem_msix_access(&ep[0], &cpus[0],
					     IVSHMEM_PBA_OFFSET, 8, 0, &v,
					     &reason),
			 0);
	assert_int_equal(v, 0);
	/* past the 4 entries */
	v = 5;
	assert_int_equal(ivshmem_msix_access(&ep[0], &cpus[0], 0x40, 4, 0, &v,
					     &reason),
			 0);
	assert_int_equal(v, 0);
}

/* Entry 0 of peer 0 (cell A, CPU 1) live with `address`/`data`. */
static int program_live(__u32 address, __u32 data, const char **reason)
{
	assert_int_equal(cfg_write(0, 0x04, 2, 0x0002), 0);
	assert_int_equal(cfg_write(0, IVSHMEM_CAP_MSIX + 2, 2, 0x8000), 0);
	assert_int_equal(msix_write(0, 0, address, reason), 0);
	assert_int_equal(msix_write(0, 8, data, reason), 0);
	return msix_write(0, 12, 0, reason);
}

static void test_msix_vector_at_root_cpu_refused(void **state)
{
	const char *reason = NULL;
	struct ivshmem_signal s = { &ep[0], 0 };
	__u32 apic;
	__u8 vector;

	(void)state;
	assert_int_equal(program_live(MSI_ADDRESS(0), 0x41, &reason), -EPERM);
	assert_non_null(reason);
	reg_write(0, IVSHMEM_REG_INT_CTRL, 4, 1, &(struct ivshmem_effect){ 0 });
	/* never sent either */
	assert_int_equal(deliver(&s, &apic, &vector), -EPERM);
	/* another cell's CPU, broadcast */
	assert_int_equal(msix_write(0, 0, MSI_ADDRESS(2), &reason), -EPERM);
	assert_int_equal(msix_write(0, 0, MSI_ADDRESS(0xff), &reason), -EPERM);
	assert_int_equal(msix_write(0, 0, MSI_ADDRESS(1), &reason), 0);
	assert_int_equal(deliver(&s, &apic, &vector), 0);
	assert_int_equal(apic, 1);
}

static void test_msix_nmi_init_smi_delivery_refused(void **state)
{
	const char *reason = NULL;
	static const __u32 modes[] = { 2, 4, 5, 7 }; /* SMI NMI INIT ExtINT */
	unsigned int n;

	(void)state;
	assert_int_equal(program_live(MSI_ADDRESS(1), 0x41, &reason), 0);
	for (n = 0; n < sizeof(modes) / sizeof(modes[0]); n++) {
		assert_int_equal(msix_write(0, 8, modes[n] << 8 | 0x41,
					    &reason),
				 -EPERM);
		assert_non_null(reason);
	}
	/* vectors 0-15 are exceptions */
	assert_int_equal(msix_write(0, 8, 0x02, &reason), -EPERM);
	/* lowest priority is fine */
	assert_int_equal(msix_write(0, 8, 1 << 8 | 0x41, &reason), 0);
}

static void test_msix_enable_checks_unmasked_entries(void **state)
{
	const char *reason;

	(void)state;
	assert_int_equal(cfg_write(0, 0x04, 2, 0x0002), 0);
	/* filled while off: not checked yet */
	assert_int_equal(msix_write(0, 0, MSI_ADDRESS(0), &reason), 0);
	assert_int_equal(msix_write(0, 8, 0x41, &reason), 0);
	assert_int_equal(msix_write(0, 12, 0, &reason), 0);
	assert_int_equal(cfg_write(0, IVSHMEM_CAP_MSIX + 2, 2, 0x8000), -EPERM);
	assert_int_equal(cfg_read(0, IVSHMEM_CAP_MSIX + 2, 2) & 0x8000, 0);
	/* masked, it may stay as it is */
	assert_int_equal(msix_write(0, 12, 1, &reason), 0);
	assert_int_equal(cfg_write(0, IVSHMEM_CAP_MSIX + 2, 2, 0x8000), 0);
	/* unmasked while live: checked at once */
	assert_int_equal(msix_write(0, 12, 0, &reason), -EPERM);
}

static void test_msix_message_rechecked_at_delivery(void **state)
{
	struct ivshmem_signal s = { &ep[1], 1 };
	__u32 apic;
	__u8 vector;

	(void)state;
	listen(1, 1, 0x41);
	assert_int_equal(deliver(&s, &apic, &vector), 0);
	/* the target's CPU is no longer its cell's */
	cpu_table[1][2].in_cell = 0;
	assert_int_equal(deliver(&s, &apic, &vector), -EPERM);
}

/* ---- reset ---- */

static void test_reset_clears_state_and_tells_the_peers(void **state)
{
	struct ivshmem_effect e;
	__u32 apic;
	__u8 vector;

	(void)state;
	listen(0, 0, 0x60);
	listen(1, 1, 0x41);
	reg_write(1, IVSHMEM_REG_STATE, 4, 5, &e);
	assert_int_equal(table[1], 5);
	ivshmem_reset(&ep[1], &e);
	assert_int_equal(table[1], 0);
	assert_int_equal(e.count, 2);
	assert_ptr_equal(e.signal[0].target, &ep[0]);
	assert_int_equal(e.signal[0].vector, 0);
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), 0);
	assert_int_equal(vector, 0x60);
	/* back at its reset values */
	assert_int_equal(ep[1].active, 0);
	assert_int_equal(ep[1].state, 0);
	assert_int_equal(ep[1].interrupt_control, 0);
	assert_int_equal(ep[1].command, 0);
	assert_int_equal(ep[1].msix_control, 0);
	assert_int_equal(ep[1].msix[1].ctrl, 1);
	assert_int_equal(cfg_read(1, 0x10, 4), BAR0);
	/* doorbells to it have no effect until it is active again */
	assert_int_equal(cfg_write(0, 0x04, 2, 0x0002), 0);
	reg_write(0, IVSHMEM_REG_DOORBELL, 4, 1 << 16 | 1, &e);
	assert_int_equal(deliver(&e.signal[0], &apic, &vector), -ENOENT);
	/* a second reset, state already 0: nobody is told */
	ivshmem_reset(&ep[1], &e);
	assert_int_equal(e.count, 0);
}

static void test_reset_then_detach_frees_the_id(void **state)
{
	struct ivshmem_effect e;

	(void)state;
	ivshmem_reset(&ep[2], &e);
	ivshmem_detach(&ep[2]);
	assert_null(link.peers[2]);
	assert_int_equal(cfg_write(0, 0x04, 2, 0x0002), 0);
	assert_int_equal(reg_write(0, IVSHMEM_REG_DOORBELL, 4, 2 << 16, &e), 0);
	/* state changes now reach one peer */
	assert_int_equal(reg_write(0, IVSHMEM_REG_STATE, 4, 1, &e), 1);
	/* the cell comes back */
	assert_int_equal(ivshmem_layout_check(&ep[2], &configs[2].header,
					      dev_of(&configs[2]), msg,
					      sizeof(msg)),
			 0);
	assert_int_equal(ivshmem_peer_check(&link, &ep[2], msg, sizeof(msg)),
			 0);
	ivshmem_attach(&link, &ep[2]);
	ivshmem_activate(&ep[2]);
	assert_int_equal(table[0], 1); /* peer 0's state is still there */
	assert_int_equal(table[2], 0);
}

static void test_three_peers_ring_each_other(void **state)
{
	struct ivshmem_effect e;
	unsigned int from, to;
	__u32 apic;
	__u8 vector;

	(void)state;
	for (to = 0; to < 3; to++)
		listen(to, 3, 0x70 + to);
	for (from = 0; from < 3; from++)
		for (to = 0; to < 3; to++) {
			assert_int_equal(reg_write(from, IVSHMEM_REG_DOORBELL,
						   4, to << 16 | 3, &e),
					 1);
			assert_int_equal(deliver(&e.signal[0], &apic, &vector),
					 0);
			assert_int_equal(apic, to + 1);
			assert_int_equal(vector, 0x70 + to);
		}
}

/* ---- layout ---- */

static void test_layout_valid_configs_pass(void **state)
{
	(void)state;
	/* setup2 validated and linked two peers */
	assert_int_equal(link.max_peers, 2);
	assert_int_equal(ep[1].shmem_gphys, SHMEM_GPHYS);
	assert_int_equal(ep[1].output_size, 0x2000);
}

#define LAYOUT_REFUSED(c, text)                                         \
	do {                                                            \
		assert_int_equal(validate(c), -EINVAL);                 \
		if (!strstr(msg, text))                                 \
			fail_msg("got \"%s\", want \"%s\"", msg, text); \
	} while (0)

static void test_layout_validator_refusals(void **state)
{
	struct ivsh_cell *c = &configs[0];

	(void)state;
	fill_config(c, 0, 3);
	c->mem[2].flags |= JAILHOUSE_MEM_WRITE;
	LAYOUT_REFUSED(c, "ivshmem state table (memory region 2) is writable");
	fill_config(c, 0, 3);
	c->mem[5].flags |= JAILHOUSE_MEM_WRITE;
	LAYOUT_REFUSED(c, "ivshmem output section of peer 1 (memory region 5) "
			  "is writable");
	fill_config(c, 0, 3);
	c->mem[6].size = 0x3000;
	LAYOUT_REFUSED(c, "output sections differ in size (peer 2: 0x3000");
	fill_config(c, 0, 3);
	c->mem[3].flags |= JAILHOUSE_MEM_IO;
	LAYOUT_REFUSED(c, "ivshmem read/write section (memory region 3) has "
			  "flags 0x10");
	fill_config(c, 0, 3);
	c->mem[4].flags = JAILHOUSE_MEM_EXECUTE;
	LAYOUT_REFUSED(c, "output section of peer 0 (memory region 4) is not "
			  "readable");
	fill_config(c, 0, 3);
	c->pci[0].shmem_peers = 1;
	LAYOUT_REFUSED(c, "an ivshmem link has 2 to 16 peers, not 1");
	fill_config(c, 0, 3);
	c->pci[0].shmem_peers = 17;
	LAYOUT_REFUSED(c, "an ivshmem link has 2 to 16 peers, not 17");
	fill_config(c, 0, 3);
	c->pci[0].shmem_dev_id = 3;
	LAYOUT_REFUSED(c, "ivshmem peer id 3 is not below the 3 peers");
	fill_config(c, 0, 3);
	c->pci[0].shmem_regions_start = 3;
	LAYOUT_REFUSED(c, "needs 5 memory regions from region 3");
	/* one's own output section may be read-only (it restricts itself) */
	fill_config(c, 0, 3);
	c->mem[4].flags &= ~JAILHOUSE_MEM_WRITE;
	assert_int_equal(validate(c), 0);
}

#define CHECK_REFUSED(c, err, text)                                         \
	do {                                                                \
		pack(c);                                                    \
		assert_int_equal(ivshmem_layout_check(&ep[0], &(c)->header, \
						      dev_of(c), msg,       \
						      sizeof(msg)),         \
				 err);                                      \
		if (!strstr(msg, text))                                     \
			fail_msg("got \"%s\", want \"%s\"", msg, text);     \
	} while (0)

static void test_layout_check_refusals(void **state)
{
	struct ivsh_cell c;

	(void)state;
	fill_config(&c, 0, 3);
	c.mem[3].virt_start += 0x1000;
	CHECK_REFUSED(&c, -EINVAL,
		      "memory region 3 (at 0x202000) does not follow region 2");
	/* the state table would be where the spec says, but not the rest */
	fill_config(&c, 0, 3);
	c.mem[6].virt_start = 0x400000;
	CHECK_REFUSED(&c, -EINVAL, "memory region 6 (at 0x400000)");
	fill_config(&c, 0, 3);
	c.pci[0].bar_address[1] = 0;
	CHECK_REFUSED(&c, -EINVAL, "BAR 1 must be given");
	fill_config(&c, 0, 3);
	c.pci[0].bar_address[0] = BAR0 | 0x4; /* 64-bit */
	CHECK_REFUSED(&c, -EINVAL, "BAR 0 must be given");
	fill_config(&c, 0, 3);
	c.pci[0].bar_address[0] = 0x100000000ULL;
	CHECK_REFUSED(&c, -EINVAL, "BAR 0 must be given");
	fill_config(&c, 0, 3);
	c.pci[0].bar_address[0] = BAR0 + 0x800;
	CHECK_REFUSED(&c, -EINVAL, "BAR 0 must be given");
	fill_config(&c, 0, 3);
	c.pci[0].bar_address[0] = SHMEM_GPHYS + 0x1000;
	CHECK_REFUSED(&c, -EINVAL, "BAR 0 at 0x201000 lies in memory region 3");
	fill_config(&c, 0, 3);
	c.pci[0].bar_address[1] = 0xfee00000;
	CHECK_REFUSED(&c, -EINVAL,
		      "BAR 1 at 0xfee00000 lies in 0xfec00000-0xfeffffff");
	/* right below the range is fine */
	fill_config(&c, 0, 3);
	c.pci[0].bar_address[0] = 0xfebff000;
	pack(&c);
	assert_int_equal(ivshmem_layout_check(&ep[0], &c.header, dev_of(&c),
					      msg, sizeof(msg)),
			 0);
	fill_config(&c, 0, 3);
	c.pci[0].bar_address[1] = BAR0;
	CHECK_REFUSED(&c, -EINVAL, "BARs 0 and 1 are at the same address");
}

/* The layout of `c` passes on its own; against the link it gives `err`,
 * with `words` in the sentence if given. */
static void peer_check_gives(struct ivsh_cell *c,
			     struct ivshmem_endpoint *other, int err,
			     const char *words)
{
	assert_int_equal(ivshmem_layout_check(other, &c->header, dev_of(c), msg,
					      sizeof(msg)),
			 0);
	assert_int_equal(ivshmem_peer_check(&link, other, msg, sizeof(msg)),
			 err);
	if (words)
		assert_non_null(strstr(msg, words));
}

static void test_layout_peers_must_agree(void **state)
{
	struct ivsh_cell c;
	struct ivshmem_endpoint other;

	(void)state;
	ivshmem_reset(&ep[1], &(struct ivshmem_effect){ 0 });
	ivshmem_detach(&ep[1]);
	/* the same id twice */
	fill_config(&c, 0, 2);
	pack(&c);
	peer_check_gives(&c, &other, -EBUSY, "peer id 0 is taken");
	/* 3 peers on a link of 2 */
	fill_config(&c, 1, 3);
	pack(&c);
	peer_check_gives(&c, &other, -EINVAL, "3 peers, but the link has 2");
	/* its read/write section elsewhere, or another size */
	fill_config(&c, 1, 2);
	c.mem[3].phys_start += 0x100000;
	pack(&c);
	peer_check_gives(&c, &other, -EINVAL,
			 "section 1 (0x3af01000+0x4000) differs");
	fill_config(&c, 1, 2);
	c.mem[4].size = c.mem[5].size = 0x4000;
	c.mem[5].phys_start = SHMEM_PHYS + 0x9000;
	c.mem[5].virt_start = SHMEM_GPHYS + 0x9000;
	if (validate(&c))
		fail_msg("%s", msg);
	peer_check_gives(&c, &other, -EINVAL,
			 "section 2 (0x3ae05000+0x4000) differs");
	/* and the right one fits */
	fill_config(&c, 1, 2);
	pack(&c);
	peer_check_gives(&c, &other, 0, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_config_header_is_ivshmem_v2,
				       setup3),
		cmocka_unit_test_setup(
			test_config_vendor_capability_gives_the_layout, setup3),
		cmocka_unit_test_setup(test_config_msix_capability, setup3),
		cmocka_unit_test_setup(test_config_command_keeps_its_writable_bits,
				       setup3),
		cmocka_unit_test_setup(test_config_bars_size_but_never_move,
				       setup3),
		cmocka_unit_test_setup(test_registers_need_memory_decoding,
				       setup3),
		cmocka_unit_test_setup(test_registers_id_and_max_peers_are_read_only,
				       setup3),
		cmocka_unit_test_setup(test_registers_interrupt_control_is_bit_0,
				       setup3),
		cmocka_unit_test_setup(
			test_doorbell_reaches_the_target_vector_on_its_cpu,
			setup3),
		cmocka_unit_test_setup(test_doorbell_to_itself_stays_on_its_cpu,
				       setup3),
		cmocka_unit_test_setup(test_doorbell_without_effect, setup3),
		cmocka_unit_test_setup(
			test_doorbell_one_shot_clears_interrupt_control,
			setup3),
		cmocka_unit_test_setup(
			test_state_write_updates_table_and_signals_vector_0,
			setup3),
		cmocka_unit_test_setup(
			test_state_signal_delivered_only_where_enabled, setup3),
		cmocka_unit_test_setup(test_msix_table_reads_back_and_pba_is_zero,
				       setup3),
		cmocka_unit_test_setup(test_msix_vector_at_root_cpu_refused,
				       setup3),
		cmocka_unit_test_setup(test_msix_nmi_init_smi_delivery_refused,
				       setup3),
		cmocka_unit_test_setup(test_msix_enable_checks_unmasked_entries,
				       setup3),
		cmocka_unit_test_setup(test_msix_message_rechecked_at_delivery,
				       setup3),
		cmocka_unit_test_setup(test_reset_clears_state_and_tells_the_peers,
				       setup3),
		cmocka_unit_test_setup(test_reset_then_detach_frees_the_id,
				       setup3),
		cmocka_unit_test_setup(test_three_peers_ring_each_other,
				       setup3),
		cmocka_unit_test_setup(test_layout_valid_configs_pass, setup2),
		cmocka_unit_test_setup(test_layout_validator_refusals, setup3),
		cmocka_unit_test_setup(test_layout_check_refusals, setup3),
		cmocka_unit_test_setup(test_layout_peers_must_agree, setup2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
