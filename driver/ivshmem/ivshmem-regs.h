/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ivshmem v2 device as its specification lays it out (vendor 0x110a,
 * device 0x4106): the vendor-specific capability in config space and the
 * registers of BAR 0.  Offsets only; the Linux modules of this folder
 * share them.
 */
#ifndef _JAILHOUSE_IVSHMEM_REGS_H
#define _JAILHOUSE_IVSHMEM_REGS_H

#define IVSHMEM_VENDOR_ID 0x110a
#define IVSHMEM_DEVICE_ID 0x4106
/* Base class of the class code; the protocol is in bits 23:8. */
#define IVSHMEM_CLASS 0xff

/* Vendor-specific capability, offsets from its start. */
#define IVSHMEM_CAP_LENGTH 0x02		  /* 8 bits */
#define IVSHMEM_CAP_PRIV_CONTROL 0x03	  /* bit 0: one-shot interrupts */
#define IVSHMEM_CAP_STATE_TABLE_SIZE 0x04 /* 32 bits */
#define IVSHMEM_CAP_RW_SIZE 0x08	  /* 64 bits */
#define IVSHMEM_CAP_OUTPUT_SIZE 0x10	  /* 64 bits */
#define IVSHMEM_CAP_BASE 0x18		  /* 64 bits, if the length covers it */
#define IVSHMEM_CAP_LENGTH_WITH_BASE 0x20

#define IVSHMEM_PRIV_ONE_SHOT 0x01

/* BAR 0: 32-bit registers. */
#define IVSHMEM_REG_ID 0x00
#define IVSHMEM_REG_MAX_PEERS 0x04
#define IVSHMEM_REG_INT_CONTROL 0x08
#define IVSHMEM_REG_DOORBELL 0x0c
#define IVSHMEM_REG_STATE 0x10

#define IVSHMEM_INT_ENABLE 0x01
/* Doorbell: target peer in bits 31:16, vector in 15:0. */
#define IVSHMEM_DOORBELL(peer, vector) (((u32)(peer) << 16) | (vector))

/* MSI-X vectors the device offers; vector 0 also signals state changes. */
#define IVSHMEM_MAX_VECTORS 4
#define IVSHMEM_MAX_PEERS 16

#endif
