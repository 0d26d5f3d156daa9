// SPDX-License-Identifier: GPL-2.0
/*
 * VT-d fault recording (include/vtd.h): the unit's fault recording
 * registers read and cleared, each fault reported with device, address,
 * direction and reason, at most VTD_FAULT_REPORTS_PER_WINDOW per window
 * so that a device hammering unmapped addresses costs the console and
 * the reporting CPU a bounded amount (VT-d spec 7.2, 11.4.14).
 */
#include "vtd.h"
#include "vtd-regs.h"
#include <common/env.h>
#include <common/format.h>

static __u64 record_reg(const struct vtd_unit *u, unsigned int n)
{
	return VTD_CAP_FRO(u->cap) + 16ULL * n;
}

static int read_record(struct vtd_unit *u, unsigned int n, struct vtd_fault *f)
{
	unsigned int reg = record_reg(u, n);
	__u64 hi = u->hw.read64(u->hw.ctx, reg + 8);

	if (!(hi & VTD_FRCD_F))
		return 0;
	*f = (struct vtd_fault){
		.unit = u->index,
		.segment = u->config->segment,
		.source_id = VTD_FRCD_SID(hi),
		.address = u->hw.read64(u->hw.ctx, reg) & ~0xfffULL,
		.is_write = !(hi & VTD_FRCD_T),
		.reason = VTD_FRCD_FR(hi),
		/* read before the device moves: attributes the fault */
		.domain = u->root_table ?
				  vtd_context_domain(u, VTD_FRCD_SID(hi)) :
				  0,
	};
	if (f->reason >= VTD_FAULT_FIRST_IR_REASON) {
		/* an interrupt request: FI holds the index it named */
		f->interrupt_index =
			VTD_FRCD_INTERRUPT_INDEX(u->hw.read64(u->hw.ctx, reg));
		f->address = 0;
		f->is_write = 1;
	}
	/* F is write-1-to-clear, in the record's last dword */
	u->hw.write32(u->hw.ctx, reg + 12, 1U << 31);
	return 1;
}

unsigned int vtd_fault_read(struct vtd_unit *u, struct vtd_fault *out,
			    unsigned int max)
{
	__u32 status = u->hw.read32(u->hw.ctx, VTD_REG_FSTS);
	unsigned int nfr = VTD_CAP_NFR(u->cap);
	unsigned int first = VTD_FSTS_FRI(status);
	unsigned int k, count = 0;

	if (status & VTD_FSTS_PFO) {
		u->faults.overflows++;
		u->hw.write32(u->hw.ctx, VTD_REG_FSTS, VTD_FSTS_PFO);
	}
	if (!(status & VTD_FSTS_PPF))
		return 0;
	/* the unit fills the records in a ring, oldest at FRI */
	for (k = 0; k < nfr && count < max; k++)
		count += read_record(u, (first + k) % nfr, &out[count]);
	return count;
}

unsigned int vtd_fault_event(struct vtd_unit *u, __u64 now_ms,
			     vtd_fault_report_fn report, void *ctx)
{
	struct vtd_fault f[8];
	unsigned int n, got, total = 0;
	/* at most all records a unit has, twice: a unit that refills them
	 * as fast as they are read must not keep this CPU */
	unsigned int budget = 2 * VTD_CAP_NFR(u->cap);

	do {
		got = vtd_fault_read(u, f, sizeof(f) / sizeof(f[0]));
		for (n = 0; n < got; n++) {
			if (now_ms - u->faults.window_start_ms >=
			    VTD_FAULT_WINDOW_MS) {
				u->faults.window_start_ms = now_ms;
				u->faults.reported = 0;
			}
			/* every fault counts for its cell; only the
			 * console is limited */
			f[n].printed = u->faults.reported <
				       VTD_FAULT_REPORTS_PER_WINDOW;
			if (f[n].printed)
				u->faults.reported++;
			else
				u->faults.suppressed++;
			report(&f[n], ctx);
		}
		total += got;
	} while (got && total < budget);
	return total;
}

int vtd_fault_summary(struct vtd_unit *u, __u64 now_ms, char *msg,
		      unsigned long msg_size)
{
	if (!u->faults.suppressed ||
	    now_ms - u->faults.window_start_ms < VTD_FAULT_WINDOW_MS)
		return 0;
	jh_snprintf(msg, msg_size,
		    "IOMMU unit %u: %lu more DMA faults not reported (at most %u per %u ms)",
		    u->index, u->faults.suppressed,
		    VTD_FAULT_REPORTS_PER_WINDOW, VTD_FAULT_WINDOW_MS);
	u->faults.suppressed = 0;
	return 1;
}

static const char *const reasons[] = {
	[0x1] = "root entry not present",
	[0x2] = "context entry not present (device in no domain)",
	[0x3] = "invalid context entry",
	[0x4] = "address beyond the domain's width",
	[0x5] = "write to a page not mapped writable",
	[0x6] = "read of a page not mapped readable",
	[0x7] = "second-level table access error",
	[0x8] = "root table access error",
	[0x9] = "context table access error",
	[0xa] = "reserved bits set in a root entry",
	[0xb] = "reserved bits set in a context entry",
	[0xc] = "reserved bits set in a second-level entry",
	[0xd] = "request type blocked by the context entry",
	[0x20] = "reserved bits set in the interrupt request",
	[0x21] = "interrupt index beyond the remapping table",
	[0x22] = "interrupt remapping entry not present",
	[0x23] = "interrupt remapping table access error",
	[0x24] = "reserved bits set in the interrupt remapping entry",
	[0x25] = "compatibility-format interrupt blocked",
	[0x26] = "source ID does not match the interrupt remapping entry",
};

const char *vtd_fault_reason(unsigned int reason)
{
	if (reason < sizeof(reasons) / sizeof(reasons[0]) && reasons[reason])
		return reasons[reason];
	return "unknown reason";
}

int vtd_fault_format(const struct vtd_fault *f, const char *cell_name,
		     char *msg, unsigned long msg_size)
{
	if (f->reason >= VTD_FAULT_FIRST_IR_REASON)
		return jh_snprintf(
			msg, msg_size,
			"interrupt blocked: PCI device %04x:%02x:%02x.%x (cell \"%s\") interrupt index %u: %s (reason 0x%x, IOMMU unit %u)",
			f->segment, f->source_id >> 8,
			(f->source_id >> 3) & 0x1f, f->source_id & 7, cell_name,
			f->interrupt_index, vtd_fault_reason(f->reason),
			f->reason, f->unit);
	return jh_snprintf(
		msg, msg_size,
		"DMA fault: PCI device %04x:%02x:%02x.%x (cell \"%s\") %s at 0x%llx: %s (reason 0x%x, IOMMU unit %u)",
		f->segment, f->source_id >> 8, (f->source_id >> 3) & 0x1f,
		f->source_id & 7, cell_name, f->is_write ? "write" : "read",
		(unsigned long long)f->address, vtd_fault_reason(f->reason),
		f->reason, f->unit);
}

void vtd_fault_report(const struct vtd_fault *f, const char *cell_name,
		      struct jailhouse_fault_report *r)
{
	int is_ir = f->reason >= VTD_FAULT_FIRST_IR_REASON;

	*r = (struct jailhouse_fault_report){
		.reason = JAILHOUSE_FAULT_IOMMU,
		.cpu = JAILHOUSE_FAULT_NO_CPU,
		.access = f->is_write ? JAILHOUSE_ACCESS_WRITE :
					JAILHOUSE_ACCESS_READ,
		.address = is_ir ? f->interrupt_index : f->address,
		.qualification = (__u64)f->segment << 16 | f->source_id |
				 (__u64)f->reason << 32 | (__u64)f->unit << 48,
	};
	vtd_fault_format(f, cell_name, r->message, sizeof(r->message));
}
