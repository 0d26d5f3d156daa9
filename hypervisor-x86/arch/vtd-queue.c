// SPDX-License-Identifier: GPL-2.0
/*
 * Commands and queued invalidation of one VT-d unit (include/vtd.h).
 *
 * Global commands: the spec has software write GCMD with the persistent
 * bits as GSTS reports them and one command changed, and wait until the
 * status follows (VT-d spec 11.4.4).  The one-shot bits (SRTP, SFL, WBF,
 * SIRTP) read back as "done" or "busy", never as "on": they are left out
 * of what is written back, or the root table pointer would be latched
 * again with every other command.
 *
 * The queue is one page of 256 descriptors of 128 bits (IQA.QS = 0); a
 * descriptor counts as executed only once a later wait descriptor has
 * written its status word.
 */
#include "vtd.h"
#include "vtd-regs.h"
#include <common/env.h>

static __u32 read_status(const struct vtd_unit *u)
{
	return u->hw.read32(u->hw.ctx, VTD_REG_GSTS);
}

static int status_done(__u32 status, __u32 bit, int on)
{
	if (bit == VTD_GCMD_WBF) /* WBFS: set while the flush runs */
		return !(status & bit);
	if (bit & VTD_GCMD_ONE_SHOT) /* RTPS, IRTPS: set once latched */
		return (status & bit) != 0;
	return on ? (status & bit) != 0 : !(status & bit);
}

int vtd_command(struct vtd_unit *u, __u32 bit, int on)
{
	__u32 cmd = read_status(u) & ~VTD_GCMD_ONE_SHOT;
	unsigned int polls = 0;

	if (bit & VTD_GCMD_ONE_SHOT || on)
		cmd |= bit;
	else
		cmd &= ~bit;
	u->hw.write32(u->hw.ctx, VTD_REG_GCMD, cmd);
	while (!status_done(read_status(u), bit, on))
		if (u->hw.poll_expired(u->hw.ctx, polls++))
			return -EIO;
	return 0;
}

static __u64 phys_of(const struct vtd_unit *u, const volatile void *virt)
{
	return u->env->memory->virt_to_phys((const void *)virt);
}

int vtd_queue_enable(struct vtd_unit *u)
{
	/* the queue must be empty when it starts: the unit resets its head
	 * to 0 and would execute whatever lies between head and tail */
	u->queue_tail = 0;
	u->hw.write64(u->hw.ctx, VTD_REG_IQT, 0);
	u->hw.write64(u->hw.ctx, VTD_REG_IQA, phys_of(u, u->queue));
	return vtd_command(u, VTD_GCMD_QIE, 1);
}

static unsigned int queue_head(const struct vtd_unit *u)
{
	return (u->hw.read64(u->hw.ctx, VTD_REG_IQH) >> VTD_IQ_INDEX_SHIFT) %
	       VTD_QUEUE_ENTRIES;
}

/* The unit stopped at a descriptor it refused: nothing behind it runs. */
static int queue_error(const struct vtd_unit *u)
{
	return (u->hw.read32(u->hw.ctx, VTD_REG_FSTS) &
		(VTD_FSTS_IQE | VTD_FSTS_ITE)) != 0;
}

int vtd_queue_disable(struct vtd_unit *u)
{
	unsigned int polls = 0;

	while (queue_head(u) != u->queue_tail && !queue_error(u))
		if (u->hw.poll_expired(u->hw.ctx, polls++))
			return -EIO;
	return vtd_command(u, VTD_GCMD_QIE, 0);
}

static int queue_put(struct vtd_unit *u, __u64 lo, __u64 hi)
{
	unsigned int next = (u->queue_tail + 1) % VTD_QUEUE_ENTRIES;
	__u64 *desc = &u->queue[2 * u->queue_tail];
	unsigned int polls = 0;

	/* full while the unit has not fetched the slot behind the tail */
	while (queue_head(u) == next) {
		if (queue_error(u) || u->hw.poll_expired(u->hw.ctx, polls++))
			return -EIO;
	}
	desc[0] = lo;
	desc[1] = hi;
	vtd_to_unit(u, desc, 16);
	u->queue_tail = next;
	u->hw.write64(u->hw.ctx, VTD_REG_IQT,
		      (__u64)next << VTD_IQ_INDEX_SHIFT);
	return 0;
}

int vtd_queue_context(struct vtd_unit *u, unsigned int granularity, __u16 did,
		      __u16 sid)
{
	__u64 lo = VTD_DESC_CONTEXT |
		   (__u64)granularity << VTD_DESC_GRAN_SHIFT |
		   (__u64)did << VTD_DESC_DID_SHIFT;

	if (granularity == VTD_INV_DEVICE)
		lo |= (__u64)sid
		      << VTD_DESC_SID_SHIFT; /* FM 0: this SID only */
	return queue_put(u, lo, 0);
}

int vtd_queue_iotlb(struct vtd_unit *u, unsigned int granularity, __u16 did)
{
	/* DW/DR: writes and reads already translated with the old entries
	 * complete before the invalidation does (where CAP.DWD/DRD) */
	__u64 lo = VTD_DESC_IOTLB | (__u64)granularity << VTD_DESC_GRAN_SHIFT |
		   VTD_DESC_IOTLB_DW | VTD_DESC_IOTLB_DR |
		   (__u64)did << VTD_DESC_DID_SHIFT;

	if (!(u->cap & VTD_CAP_DWD))
		lo &= ~VTD_DESC_IOTLB_DW;
	if (!(u->cap & VTD_CAP_DRD))
		lo &= ~VTD_DESC_IOTLB_DR;
	return queue_put(u, lo, 0);
}

int vtd_queue_iec(struct vtd_unit *u)
{
	return queue_put(u, VTD_DESC_IEC, 0); /* G = 0: global */
}

int vtd_queue_iec_index(struct vtd_unit *u, unsigned int index,
			unsigned int order)
{
	return queue_put(u,
			 VTD_DESC_IEC | VTD_DESC_IEC_INDEX |
				 (__u64)order << VTD_DESC_IEC_IM_SHIFT |
				 (__u64)index << VTD_DESC_IEC_IIDX_SHIFT,
			 0);
}

int vtd_queue_sync(struct vtd_unit *u)
{
	unsigned int polls = 0;
	__u32 seq;
	int err;

	seq = ++u->wait_seq ?: ++u->wait_seq; /* 0 is "not yet written" */
	*u->wait_word = 0;
	/* FN: nothing behind the wait starts before it is done */
	err = queue_put(u,
			VTD_DESC_WAIT | VTD_DESC_WAIT_SW | VTD_DESC_WAIT_FN |
				(__u64)seq << VTD_DESC_WAIT_DATA_SHIFT,
			phys_of(u, u->wait_word));
	if (err)
		return err;
	while (*u->wait_word != seq) {
		if (queue_error(u) || u->hw.poll_expired(u->hw.ctx, polls++))
			return -EIO;
	}
	return 0;
}
