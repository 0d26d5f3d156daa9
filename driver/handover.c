// SPDX-License-Identifier: GPL-2.0
/*
 * Hand-over into the hypervisor and back (Documentation/handover.md).
 *
 * Only exported kernel interfaces are used: the hypervisor memory is never
 * mapped executable in Linux.  We build small boot page tables inside the
 * hypervisor memory that map the image at its link address plus the
 * trampoline text and one driver data area at their Linux addresses; on
 * every CPU at once (stop_machine, interrupts off) we record Linux's
 * complete CPU state for the hypervisor, then call the trampoline, which
 * switches to those tables and jumps to the hypervisor's entry.  Each CPU
 * comes back either as a guest (result 0) or natively with -errno.
 */
#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/slab.h>
#include <asm/io.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/special_insns.h>
#include <asm/debugreg.h>

#include <jailhouse/image.h>
#include <jailhouse/fault.h>
#include <jailhouse/handover.h>
#include "hypercall.h"
#include "jailhouse.h"

/* trampoline.S */
extern char jailhouse_trampoline_start[], jailhouse_trampoline_end[];
extern char jailhouse_trampoline_return[], jailhouse_trampoline_resume[];
extern char jailhouse_trampoline_nmi[];
long jailhouse_trampoline_enter(struct jailhouse_trampoline_cpu *tcpu,
				u64 hv_cr3, u64 hv_entry, u64 cpu);
long jailhouse_trampoline_disable(struct jailhouse_trampoline_cpu *tcpu);

#define PTE_PRESENT 0x1ULL
#define PTE_WRITE 0x2ULL
#define PTE_NX (1ULL << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000ULL

#define SHARED_HEADER_SIZE 1024
#define SEG_UNUSABLE 0x10000

/* GDT and IDT used during the switches (first SHARED_HEADER_SIZE bytes of
 * the shared area), then one struct jailhouse_trampoline_cpu per CPU. */
struct shared_header {
	u64 gdt[4];
	u64 idt[2 * 3]; /* vectors 0-2: only the NMI gate is set */
};

static void *shared_area;
static unsigned int shared_order;

struct handover_run {
	struct jailhouse_image_header *header;
	struct jailhouse_handover_area *area;
	u64 boot_cr3;
	long result[JAILHOUSE_HANDOVER_MAX_CPUS];
};

static struct jailhouse_trampoline_cpu *tcpu_of(unsigned int cpu)
{
	return shared_area + SHARED_HEADER_SIZE +
	       cpu * sizeof(struct jailhouse_trampoline_cpu);
}

/* ---- boot page tables ------------------------------------------------ */

struct boot_tables {
	u8 *pages; /* kernel address of the first page */
	phys_addr_t phys;
	unsigned int used, max;
	u64 nx; /* PTE_NX if EFER.NXE */
};

static u64 *boot_table(struct boot_tables *bt, u64 entry)
{
	return (u64 *)(bt->pages + ((entry & PTE_ADDR_MASK) - bt->phys));
}

static int boot_map_page(struct boot_tables *bt, u64 virt, u64 phys,
			 unsigned long flags)
{
	u64 *table = (u64 *)bt->pages;
	unsigned int level, index;

	for (level = 3; level > 0; level--) {
		index = (virt >> (12 + 9 * level)) & 511;
		if (!(table[index] & PTE_PRESENT)) {
			if (bt->used >= bt->max)
				return -ENOMEM;
			table[index] = (bt->phys + bt->used * PAGE_SIZE) |
				       PTE_PRESENT | PTE_WRITE;
			bt->used++;
		}
		table = boot_table(bt, table[index]);
	}
	index = (virt >> 12) & 511;
	table[index] = (phys & PTE_ADDR_MASK) | PTE_PRESENT;
	if (flags & JAILHOUSE_MAPPING_WRITE)
		table[index] |= PTE_WRITE;
	if (!(flags & JAILHOUSE_MAPPING_EXECUTE))
		table[index] |= bt->nx;
	return 0;
}

static int add_linux_mapping(struct jailhouse_handover_area *area,
			     unsigned long virt, unsigned long flags)
{
	struct jailhouse_handover_mapping *m;
	u64 phys;

	if (area->num_mappings >= JAILHOUSE_HANDOVER_MAX_MAPPINGS)
		return -E2BIG;
	/* module text lives in vmalloc space, the shared area in the
	 * direct map */
	if (virt_addr_valid((void *)virt))
		phys = virt_to_phys((void *)virt);
	else
		phys = (u64)vmalloc_to_pfn((void *)virt) << PAGE_SHIFT;
	m = &area->mappings[area->num_mappings++];
	m->virt = virt & PAGE_MASK;
	m->phys = phys;
	m->flags = flags;
	return 0;
}

/* The pages both worlds see at the same address: trampoline text (read,
 * execute) and the shared area (read, write). */
static int collect_linux_mappings(struct jailhouse_handover_area *area)
{
	unsigned long v, end;
	int err = 0;

	area->num_mappings = 0;
	end = (unsigned long)jailhouse_trampoline_end + 16;
	for (v = (unsigned long)jailhouse_trampoline_start & PAGE_MASK;
	     v < end && !err; v += PAGE_SIZE)
		err = add_linux_mapping(area, v, JAILHOUSE_MAPPING_EXECUTE);
	end = (unsigned long)shared_area + (PAGE_SIZE << shared_order);
	for (v = (unsigned long)shared_area; v < end && !err; v += PAGE_SIZE)
		err = add_linux_mapping(area, v, JAILHOUSE_MAPPING_WRITE);
	return err;
}

static int build_boot_tables(struct handover_run *run, void *hv_mem,
			     phys_addr_t hv_phys, size_t hv_size)
{
	struct jailhouse_handover_area *area = run->area;
	struct boot_tables bt;
	u64 efer, offset;
	unsigned int n;
	int err;

	if (area->boot_pt_pages > JAILHOUSE_BOOT_PT_PAGES ||
	    area->boot_pt_offset + area->boot_pt_pages * PAGE_SIZE >
		    run->header->core_size)
		return -EINVAL;
	bt.pages = hv_mem + area->boot_pt_offset;
	bt.phys = hv_phys + area->boot_pt_offset;
	bt.used = 1;
	bt.max = area->boot_pt_pages;
	rdmsrl(MSR_EFER, efer);
	bt.nx = (efer & EFER_NX) ? PTE_NX : 0;
	memset(bt.pages, 0, bt.max * PAGE_SIZE);

	for (offset = 0; offset < hv_size; offset += PAGE_SIZE) {
		err = boot_map_page(&bt, run->header->link_address + offset,
				    hv_phys + offset,
				    JAILHOUSE_MAPPING_WRITE |
					    JAILHOUSE_MAPPING_EXECUTE);
		if (err)
			return err;
	}
	for (n = 0; n < area->num_mappings; n++) {
		err = boot_map_page(&bt, area->mappings[n].virt,
				    area->mappings[n].phys,
				    area->mappings[n].flags);
		if (err)
			return err;
	}
	area->boot_pt_used = bt.used;
	run->boot_cr3 = bt.phys;
	return 0;
}

/* ---- the shared area --------------------------------------------------- */

static void set_nmi_gate(u64 *idt, unsigned long handler)
{
	/* 64-bit interrupt gate, present, DPL 0, IST 0, selector 0x10 */
	idt[2 * 2] = (handler & 0xffff) | (0x10ULL << 16) | (0x8eULL << 40) |
		     (((u64)handler >> 16) & 0xffff) << 48;
	idt[2 * 2 + 1] = handler >> 32;
}

static int shared_area_alloc(void)
{
	size_t size = SHARED_HEADER_SIZE +
		      nr_cpu_ids * sizeof(struct jailhouse_trampoline_cpu);
	struct shared_header *hdr;
	struct jailhouse_trampoline_cpu *t;
	unsigned int cpu;

	shared_order = get_order(size);
	shared_area =
		(void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, shared_order);
	if (!shared_area)
		return -ENOMEM;
	hdr = shared_area;
	/* null, null, 64-bit code (0x10), data (0x18): Linux's selectors */
	hdr->gdt[2] = 0x00af9b000000ffffULL;
	hdr->gdt[3] = 0x00cf93000000ffffULL;
	set_nmi_gate(hdr->idt, (unsigned long)jailhouse_trampoline_nmi);
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		t = tcpu_of(cpu);
		t->shared_gdtr.limit = sizeof(hdr->gdt) - 1;
		t->shared_gdtr.base = (unsigned long)hdr->gdt;
		t->shared_idtr.limit = sizeof(hdr->idt) - 1;
		t->shared_idtr.base = (unsigned long)hdr->idt;
	}
	return 0;
}

static void shared_area_free(void)
{
	free_pages((unsigned long)shared_area, shared_order);
	shared_area = NULL;
}

/* ---- Linux's CPU state -------------------------------------------------- */

static void parse_segment(const struct desc_ptr *gdt, u16 selector,
			  struct jailhouse_segment *seg, bool system)
{
	const u64 *table = (const u64 *)gdt->address;
	u64 d;

	seg->selector = selector;
	if ((selector & ~3) == 0 || (selector & 4) ||
	    (selector | 7) > gdt->size) {
		seg->base = 0;
		seg->limit = 0;
		seg->access = SEG_UNUSABLE;
		return;
	}
	d = table[selector >> 3];
	seg->base = ((d >> 16) & 0xffffff) | ((d >> 56) << 24);
	if (system)
		seg->base |= (table[(selector >> 3) + 1] & 0xffffffffULL) << 32;
	seg->limit = (d & 0xffff) | ((d >> 32) & 0xf0000);
	if (d & (1ULL << 55))
		seg->limit = (seg->limit << 12) | 0xfff;
	seg->access = (d >> 40) & 0xf0ff;
}

static u32 apic_id_of_this_cpu(void)
{
	u32 eax, ebx, ecx, edx;

	cpuid(1, &eax, &ebx, &ecx, &edx);
	return ebx >> 24;
}

static void capture_state(struct jailhouse_linux_cpu_state *s)
{
	struct jailhouse_segment *seg = s->segments;
	struct desc_ptr gdt, idt;
	u16 sel[JAILHOUSE_NUM_SEGMENTS];
	unsigned long dr7;
	unsigned int n;

	s->cr0 = read_cr0();
	s->cr3 = __read_cr3();
	s->cr4 = __read_cr4();
	rdmsrl(MSR_EFER, s->efer);
	rdmsrl(MSR_IA32_CR_PAT, s->pat);
	s->rflags = native_save_fl();
	native_store_gdt(&gdt);
	store_idt(&idt);
	s->gdtr_base = gdt.address;
	s->gdtr_limit = gdt.size;
	s->idtr_base = idt.address;
	s->idtr_limit = idt.size;

	asm volatile("mov %%es, %0" : "=r"(sel[JAILHOUSE_SEG_ES]));
	asm volatile("mov %%cs, %0" : "=r"(sel[JAILHOUSE_SEG_CS]));
	asm volatile("mov %%ss, %0" : "=r"(sel[JAILHOUSE_SEG_SS]));
	asm volatile("mov %%ds, %0" : "=r"(sel[JAILHOUSE_SEG_DS]));
	asm volatile("mov %%fs, %0" : "=r"(sel[JAILHOUSE_SEG_FS]));
	asm volatile("mov %%gs, %0" : "=r"(sel[JAILHOUSE_SEG_GS]));
	asm volatile("sldt %0" : "=r"(sel[JAILHOUSE_SEG_LDTR]));
	asm volatile("str %0" : "=r"(sel[JAILHOUSE_SEG_TR]));
	for (n = 0; n < JAILHOUSE_NUM_SEGMENTS; n++)
		parse_segment(&gdt, sel[n], &seg[n],
			      n == JAILHOUSE_SEG_LDTR || n == JAILHOUSE_SEG_TR);
	/* a null SS at CPL 0 is fine in 64-bit mode; its DPL is the CPL */
	rdmsrl(MSR_FS_BASE, seg[JAILHOUSE_SEG_FS].base);
	rdmsrl(MSR_GS_BASE, seg[JAILHOUSE_SEG_GS].base);
	rdmsrl(MSR_KERNEL_GS_BASE, s->kernel_gs_base);
	rdmsrl(MSR_IA32_SYSENTER_CS, s->sysenter_cs);
	rdmsrl(MSR_IA32_SYSENTER_ESP, s->sysenter_esp);
	rdmsrl(MSR_IA32_SYSENTER_EIP, s->sysenter_eip);
	rdmsrl(MSR_IA32_DEBUGCTLMSR, s->debugctl);
	asm volatile("mov %%dr7, %0" : "=r"(dr7));
	s->dr7 = dr7;
	s->rip = (unsigned long)jailhouse_trampoline_resume;
	s->apic_id = apic_id_of_this_cpu();
	s->entered = 0;
}

/* ---- per CPU, inside stop_machine -------------------------------------- */

static int enter_this_cpu(void *data)
{
	struct handover_run *run = data;
	unsigned int cpu = smp_processor_id();
	struct jailhouse_linux_cpu_state *s = &run->area->cpu[cpu];
	struct jailhouse_trampoline_cpu *t = tcpu_of(cpu);
	long result;

	capture_state(s);
	s->trampoline_cpu = (unsigned long)t;
	t->linux_cr3 = s->cr3;
	t->linux_gdtr.limit = s->gdtr_limit;
	t->linux_gdtr.base = s->gdtr_base;
	t->linux_idtr.limit = s->idtr_limit;
	t->linux_idtr.base = s->idtr_base;
	t->linux_ss = s->segments[JAILHOUSE_SEG_SS].selector;
	t->linux_tr = s->segments[JAILHOUSE_SEG_TR].selector;
	t->linux_gdtr_rw.limit = s->gdtr_limit;
	t->linux_gdtr_rw.base = (unsigned long)get_current_gdt_rw();
	t->linux_tss_desc = t->linux_gdtr_rw.base + (t->linux_tr & ~7);
	t->result = -EIO;

	result = jailhouse_trampoline_enter(t, run->boot_cr3,
					    run->header->entry, cpu);
	/* As a guest, the hypervisor memory (and so *s) is out of reach. */
	run->result[cpu] = result;
	return 0;
}

/* Where the first CPU whose disable is refused puts the hypervisor's
 * sentence (kmalloc'd: the hypervisor writes it by physical address). */
static char *refusal_msg;
static atomic_t refusal_taken;

static int leave_this_cpu(void *data)
{
	struct handover_run *run = data;
	unsigned int cpu = smp_processor_id();
	long result;

	if (run && run->result[cpu] != 0)
		return 0; /* this CPU never became a guest */
	result = jailhouse_trampoline_disable(tcpu_of(cpu));
	if (result && run)
		run->result[cpu] = result;
	/* refused: the hypervisor still runs here and can say why */
	if (result < 0 && refusal_msg && !atomic_xchg(&refusal_taken, 1))
		jailhouse_call_arg2(JAILHOUSE_HC_GET_ERROR_MSG,
				    virt_to_phys(refusal_msg),
				    JAILHOUSE_MSG_MAX);
	return result;
}

/* ---- the interface ------------------------------------------------------ */

static int check_preconditions(struct jailhouse_image_header *hdr, char *msg,
			       size_t msg_size)
{
	if (pgtable_l5_enabled()) {
		snprintf(msg, msg_size,
			 "5-level paging (LA57) is not supported by the hand-over");
		return -EOPNOTSUPP;
	}
	if (nr_cpu_ids > JAILHOUSE_HANDOVER_MAX_CPUS ||
	    nr_cpu_ids > hdr->max_cpus) {
		snprintf(msg, msg_size,
			 "%u possible CPUs, the hypervisor supports at most %u",
			 nr_cpu_ids,
			 min_t(unsigned int, hdr->max_cpus,
			       JAILHOUSE_HANDOVER_MAX_CPUS));
		return -E2BIG;
	}
	if (JAILHOUSE_HANDOVER_OFFSET + sizeof(struct jailhouse_handover_area) >
	    hdr->core_size) {
		snprintf(msg, msg_size,
			 "hypervisor image has no hand-over area");
		return -EINVAL;
	}
	return 0;
}

static int collect_result(struct handover_run *run, char *msg, size_t msg_size)
{
	unsigned int cpu, guests = 0, natives = 0;
	long err = 0;

	for_each_online_cpu(cpu)
	{
		if (run->result[cpu] == 0) {
			guests++;
		} else {
			natives++;
			err = run->result[cpu];
		}
	}
	if (!natives)
		return 0;
	if (guests) {
		/* e.g. VMLAUNCH failed on one CPU only: take the others back */
		stop_machine(leave_this_cpu, run, cpu_online_mask);
	}
	if (run->header->result)
		err = run->header->result;
	if (run->header->error_msg[0])
		snprintf(msg, msg_size, "%.*s",
			 (int)sizeof(run->header->error_msg),
			 run->header->error_msg);
	else
		snprintf(msg, msg_size,
			 "the hypervisor failed to start (error %ld)", err);
	return err < 0 && err >= -MAX_ERRNO ? err : -EIO;
}

int jailhouse_handover_enable(void *hv_mem, phys_addr_t hv_phys, size_t hv_size,
			      char *msg, size_t msg_size)
{
	struct jailhouse_image_header *hdr = hv_mem;
	struct handover_run *run;
	int err;

	err = check_preconditions(hdr, msg, msg_size);
	if (err)
		return err;
	run = kzalloc(sizeof(*run), GFP_KERNEL);
	if (!run || shared_area_alloc()) {
		kfree(run);
		snprintf(msg, msg_size, "out of memory for the hand-over");
		return -ENOMEM;
	}
	run->header = hdr;
	run->area = hv_mem + JAILHOUSE_HANDOVER_OFFSET;
	err = collect_linux_mappings(run->area);
	if (!err)
		err = build_boot_tables(run, hv_mem, hv_phys, hv_size);
	if (err) {
		snprintf(msg, msg_size,
			 "the hypervisor's boot page tables do not fit (%d pages)",
			 JAILHOUSE_BOOT_PT_PAGES);
		goto out_free;
	}
	hdr->online_cpus = num_online_cpus();
	hdr->hv_phys_base = hv_phys;
	hdr->hv_size = hv_size;
	hdr->trampoline_page = run->area->mappings[0].virt;
	hdr->trampoline_phys = run->area->mappings[0].phys;
	hdr->result = 0;
	hdr->error_cpu = 0;
	hdr->error_msg[0] = 0;
	run->area->return_entry = (unsigned long)jailhouse_trampoline_return;

	stop_machine(enter_this_cpu, run, cpu_online_mask);
	err = collect_result(run, msg, msg_size);
	if (err)
		goto out_free;
	kfree(run);
	return 0;

out_free:
	shared_area_free();
	kfree(run);
	return err;
}

int jailhouse_handover_disable(char *msg, size_t msg_size)
{
	int err;

	if (!shared_area) {
		snprintf(msg, msg_size, "the hypervisor is not enabled");
		return -EINVAL;
	}
	refusal_msg = kzalloc(JAILHOUSE_MSG_MAX, GFP_KERNEL);
	atomic_set(&refusal_taken, 0);
	err = stop_machine(leave_this_cpu, NULL, cpu_online_mask);
	if (err) {
		if (refusal_msg && refusal_msg[0])
			snprintf(msg, msg_size, "%.*s", JAILHOUSE_MSG_MAX - 1,
				 refusal_msg);
		else
			snprintf(msg, msg_size,
				 "the hypervisor refused to disable (error %d)",
				 err);
	}
	kfree(refusal_msg);
	refusal_msg = NULL;
	if (err)
		return err;
	shared_area_free();
	return 0;
}
