/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VT-d register model (vtd-model.h) behind the hypervisor's struct
 * vtd_hw, for the unit tests of arch/vtd-*.c.  The model answers at once,
 * so a wait that polls more than 100 times has gone wrong.
 */
#ifndef _JH_TEST_VTD_MODEL_HW_H
#define _JH_TEST_VTD_MODEL_HW_H

#include "vtd-model.h"
#include "vtd.h"

static inline __u32 model_hw_read32(void *ctx, unsigned int reg)
{
	return vtd_model_read32(ctx, reg);
}

static inline void model_hw_write32(void *ctx, unsigned int reg, __u32 value)
{
	vtd_model_write32(ctx, reg, value);
}

static inline __u64 model_hw_read64(void *ctx, unsigned int reg)
{
	return vtd_model_read64(ctx, reg);
}

static inline void model_hw_write64(void *ctx, unsigned int reg, __u64 value)
{
	vtd_model_write64(ctx, reg, value);
}

static inline int model_hw_poll_expired(void *ctx, unsigned int polls)
{
	(void)ctx;
	return polls > 100;
}

static inline struct vtd_hw vtd_model_hw(struct vtd_model *model)
{
	return (struct vtd_hw){
		.read32 = model_hw_read32,
		.write32 = model_hw_write32,
		.read64 = model_hw_read64,
		.write64 = model_hw_write64,
		.poll_expired = model_hw_poll_expired,
		.ctx = model,
	};
}

#endif
