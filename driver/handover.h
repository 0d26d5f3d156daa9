/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hand-over into the hypervisor and back: the only part of the driver
 * that knows how the hypervisor is entered.  Implemented in handover.c and
 * trampoline.S; the rest of the driver (main.c and friends) prepares the
 * hypervisor memory and calls these with the management mutex held.
 * The contract with the hypervisor is include/jailhouse/image.h.
 */
#ifndef _JAILHOUSE_DRIVER_HANDOVER_H
#define _JAILHOUSE_DRIVER_HANDOVER_H

#include <linux/types.h>

struct jailhouse_image_header;

/*
 * Enter the hypervisor on every online CPU.
 *
 * @hv_mem:  a kernel (write-back, non-executable) mapping of the whole
 *           hypervisor memory, already holding the image at offset 0 and
 *           the system config at header->core_size.
 * @hv_phys: its physical address, @hv_size its size.
 * Returns 0 when every CPU runs as a guest of the hypervisor, else a
 * negative errno with Linux exactly as before and a sentence in @msg.
 */
int jailhouse_handover_enable(void *hv_mem, phys_addr_t hv_phys,
			      size_t hv_size, char *msg, size_t msg_size);

/*
 * Leave the hypervisor on every online CPU (JAILHOUSE_HC_DISABLE).
 * Returns 0 when Linux runs natively again, else -errno and a sentence.
 */
int jailhouse_handover_disable(char *msg, size_t msg_size);

#endif
