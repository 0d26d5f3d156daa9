/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of jailhouse.ko share: the management state (guarded by
 * one mutex), the request context that carries the caller's error
 * sentence, and the entry points of enable.c, cell.c, sysfs.c and pci.c.
 */
#ifndef _JAILHOUSE_DRIVER_H
#define _JAILHOUSE_DRIVER_H

/*
 * The success lines of enable, disable, cell create and destroy: kept in
 * the kernel log (dmesg shows them) at KERN_DEBUG, below the default
 * console level, so that they do not go out on the console.  Linux's
 * serial console writes with the caller waiting for the UART: at 115200
 * baud each of these ~55-byte lines (with its timestamp) held its step
 * ~5 ms (Documentation/performance.md).  Failures and warnings stay at
 * their levels and reach the console.
 */
#define jailhouse_log_done(fmt, ...) \
	printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)

#include <linux/cpumask.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include <jailhouse/config.h>
#include <jailhouse/ioctl.h>

/* The misc device, for request_firmware. */
extern struct device *jailhouse_dev;

/* Serialises every management operation and every hypercall from sysfs. */
extern struct mutex jailhouse_lock;
/* True while Linux runs as the root cell; only changed under the lock. */
extern bool jailhouse_enabled;

/*
 * One management request.  A refusal is logged once and its sentence
 * copied to the caller's struct jailhouse_msg_buf (if it gave one).
 */
struct jailhouse_request {
	const char *what; /* "enable", "cell create", ... */
	struct jailhouse_msg_buf msg;
};

int jailhouse_request_init(struct jailhouse_request *req, const char *what,
			   const struct jailhouse_msg_buf *msg);
__printf(3, 4) int jailhouse_refuse(struct jailhouse_request *req, int err,
				    const char *fmt, ...);

/* A device a cell owns, removed from Linux until the cell goes (pci.c). */
struct jailhouse_pci_claim;

struct jailhouse_cell {
	struct kobject kobj;
	struct list_head entry;
	unsigned int id;
	bool dead; /* gone from the hypervisor, sysfs removal pending */
	char name[JAILHOUSE_CELL_NAME_MAXLEN + 1];
	cpumask_t cpus_assigned;
	/* CPUs that did not come back to Linux (root) or failed to leave it. */
	cpumask_t cpus_lost;
	struct kobject *statistics;
	struct kobject **cpu_stats; /* indexed by CPU, NULL if not ours */
	/* Non-root cells: their config (physically contiguous) and devices. */
	struct jailhouse_cell_desc *config;
	size_t config_size;
	struct jailhouse_pci_claim *pci_claims;
	unsigned int num_pci_claims;
};

extern struct jailhouse_cell *jailhouse_root_cell;
extern struct list_head jailhouse_cells; /* non-root cells */

/* enable.c */
int jailhouse_cmd_enable(struct jailhouse_request *req,
			 const struct jailhouse_enable_args *args);
int jailhouse_cmd_disable(struct jailhouse_request *req);
int jailhouse_console_copy(char *dst, size_t dst_size, loff_t pos);
void jailhouse_console_release(void);

/* cell.c */
int jailhouse_cmd_cell_create(struct jailhouse_request *req,
			      const struct jailhouse_cell_create_args *args);
int jailhouse_cmd_cell_load(struct jailhouse_request *req,
			    const struct jailhouse_cell_load_args *args);
int jailhouse_cmd_cell_start(struct jailhouse_request *req,
			     const struct jailhouse_cell_id *id);
int jailhouse_cmd_cell_shutdown(struct jailhouse_request *req,
				const struct jailhouse_cell_id *id);
int jailhouse_cmd_cell_destroy(struct jailhouse_request *req,
			       const struct jailhouse_cell_id *id);
int jailhouse_root_cell_create(const struct jailhouse_system_desc *config);
void jailhouse_cells_delete_all(void);
int jailhouse_cells_destroy_all(struct jailhouse_request *req);
void jailhouse_cells_reap(void);

/* sysfs.c */
int jailhouse_sysfs_init(void);
void jailhouse_sysfs_exit(void);
/* Every cell's kobject is initialised at allocation; its release frees it. */
void jailhouse_sysfs_cell_init(struct jailhouse_cell *cell);
int jailhouse_sysfs_cell_add(struct jailhouse_cell *cell);
/* Removes what _add made visible (if anything); the cell stays valid. */
void jailhouse_sysfs_cell_remove(struct jailhouse_cell *cell);
/* After cpus_assigned changed (jailhouse_lock held): statistics/cpu<N>
 * directories for the CPUs the cell has now, and only for those; the ones
 * that go are removed by jailhouse_sysfs_reap() (without the lock). */
void jailhouse_sysfs_cell_cpus_changed(struct jailhouse_cell *cell);
void jailhouse_sysfs_reap(void);

/*
 * pci.c: claim unbinds the cell's PCI devices and removes them from Linux,
 * or refuses with a sentence; release rescans their buses (also after a
 * partial claim) so that Linux finds them again.
 */
int jailhouse_pci_claim_cell(struct jailhouse_request *req,
			     struct jailhouse_cell *cell);
void jailhouse_pci_release_cell(struct jailhouse_cell *cell);

/*
 * ivshmem-root.c: the root cell's ivshmem devices.  add (after enable)
 * lists the root config's ivshmem slots and scans them into Linux; remove
 * (before disable) takes them out again, rescan brings them back after a
 * disable that failed, forget drops the list once disabled.
 */
void jailhouse_ivshmem_root_add(const struct jailhouse_cell_desc *root);
void jailhouse_ivshmem_root_remove(void);
void jailhouse_ivshmem_root_rescan(void);
void jailhouse_ivshmem_root_forget(void);

/* cpu-check.c */
int jailhouse_check_cpus(struct jailhouse_request *req,
			 const struct jailhouse_cell_desc *root);

/* hotplug.c */
int jailhouse_hotplug_init(void);
void jailhouse_hotplug_exit(void);
void jailhouse_hotplug_allow(bool allow);

/* apic-timer.c */
unsigned int jailhouse_measure_apic_khz(void);

/*
 * The hand-over (handover.c, trampoline.S; the structures the hypervisor
 * reads are include/jailhouse/handover.h).  Both are called with
 * jailhouse_lock held.
 *
 * jailhouse_handover_enable() enters the hypervisor on every online CPU.
 * @hv_mem:  a kernel (write-back, non-executable) mapping of the whole
 *           hypervisor memory, already holding the image at offset 0 and
 *           the system config at header->core_size.
 * @hv_phys: its physical address, @hv_size its size.
 * Returns 0 when every CPU runs as a guest of the hypervisor, else a
 * negative errno with Linux exactly as before and a sentence in @msg.
 */
int jailhouse_handover_enable(void *hv_mem, phys_addr_t hv_phys, size_t hv_size,
			      char *msg, size_t msg_size);

/*
 * Leave the hypervisor on every online CPU (JAILHOUSE_HC_DISABLE).
 * Returns 0 when Linux runs natively again, else -errno and a sentence.
 */
int jailhouse_handover_disable(char *msg, size_t msg_size);

#endif
