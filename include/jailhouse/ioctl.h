/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The /dev/jailhouse interface between the `jailhouse` CLI and jailhouse.ko.
 *
 * Every request carries a struct jailhouse_msg_buf: when the request fails,
 * the driver writes there one NUL-terminated sentence that says why (from
 * its own checks or from the hypervisor), in addition to returning -errno.
 * A zero ptr means "no sentence wanted".
 */
#ifndef _JAILHOUSE_IOCTL_H
#define _JAILHOUSE_IOCTL_H

#include "types.h"
#include "config.h"
#include "fault.h"

#ifdef __KERNEL__
#include <linux/ioctl.h>
#else
#include <sys/ioctl.h>
#endif

#define JAILHOUSE_DEVICE "/dev/jailhouse"
#define JAILHOUSE_SYSFS "/sys/devices/jailhouse"
#define JAILHOUSE_FIRMWARE_NAME "jailhouse-intel.bin"

/*
 * The contract between the CLI and jailhouse.ko: these requests and the
 * files under JAILHOUSE_SYSFS.  Raise it with every change of their
 * meaning; the driver shows it in JAILHOUSE_SYSFS/interface_revision
 * (and its version in .../version), and the CLI refuses to talk to a
 * driver of another revision.
 */
#define JAILHOUSE_INTERFACE_REVISION 1

#define JAILHOUSE_MAX_IMAGES 16

struct jailhouse_msg_buf {
	__u64 ptr;  /* user address of the buffer */
	__u32 size; /* its size; at most JAILHOUSE_MSG_MAX used */
	__u32 reserved;
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_msg_buf, 16);

/* A cell is named either by id (id >= 0) or, with id == -1, by name. */
struct jailhouse_cell_id {
	__s32 id;
	__u32 reserved;
	char name[JAILHOUSE_CELL_NAME_MAXLEN + 1];
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_cell_id, 40);

#define JAILHOUSE_CELL_ID_UNUSED (-1)

struct jailhouse_enable_args {
	__u64 config_ptr; /* user address of the system config */
	__u32 config_size;
	__u32 flags; /* must be 0 */
	struct jailhouse_msg_buf error;
} JH_PACKED;

struct jailhouse_disable_args {
	struct jailhouse_msg_buf error;
} JH_PACKED;

struct jailhouse_cell_create_args {
	__u64 config_ptr; /* user address of the cell config */
	__u32 config_size;
	__u32 flags; /* must be 0 */
	struct jailhouse_msg_buf error;
} JH_PACKED;

struct jailhouse_preload_image {
	__u64 source_address; /* user address */
	__u64 size;
	__u64 target_address; /* guest-physical, in a loadable region */
	__u64 reserved;
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_preload_image, 32);

struct jailhouse_cell_load_args {
	struct jailhouse_cell_id cell;
	__u32 num_images; /* 1 .. JAILHOUSE_MAX_IMAGES */
	__u32 reserved;
	__u64 images_ptr; /* user address of jailhouse_preload_image[] */
	struct jailhouse_msg_buf error;
} JH_PACKED;

/* start, shutdown, destroy */
struct jailhouse_cell_args {
	struct jailhouse_cell_id cell;
	struct jailhouse_msg_buf error;
} JH_PACKED;

#define JAILHOUSE_IOCTL_MAGIC 0xE7

/* Each returns -1 with errno (and a sentence in its error buffer) on
 * failure; JAILHOUSE_CELL_CREATE returns the new cell's id (>= 1), the
 * others 0. */

#define JAILHOUSE_ENABLE \
	_IOW(JAILHOUSE_IOCTL_MAGIC, 0, struct jailhouse_enable_args)
#define JAILHOUSE_DISABLE \
	_IOW(JAILHOUSE_IOCTL_MAGIC, 1, struct jailhouse_disable_args)
#define JAILHOUSE_CELL_CREATE \
	_IOW(JAILHOUSE_IOCTL_MAGIC, 2, struct jailhouse_cell_create_args)
#define JAILHOUSE_CELL_LOAD \
	_IOW(JAILHOUSE_IOCTL_MAGIC, 3, struct jailhouse_cell_load_args)
#define JAILHOUSE_CELL_START \
	_IOW(JAILHOUSE_IOCTL_MAGIC, 4, struct jailhouse_cell_args)
#define JAILHOUSE_CELL_SHUTDOWN \
	_IOW(JAILHOUSE_IOCTL_MAGIC, 5, struct jailhouse_cell_args)
#define JAILHOUSE_CELL_DESTROY \
	_IOW(JAILHOUSE_IOCTL_MAGIC, 6, struct jailhouse_cell_args)

#endif
