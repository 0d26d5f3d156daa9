// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse.ko: /dev/jailhouse and the module's life cycle.
 *
 * Each ioctl copies its fixed-size argument, checks the caller's message
 * buffer, and runs its command under the one management mutex.  A
 * refusal is one kernel-log line plus the same sentence in that buffer.
 */
#define pr_fmt(fmt) "jailhouse: " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/reboot.h>
#include <linux/uaccess.h>

#include "jailhouse.h"

DEFINE_MUTEX(jailhouse_lock);
bool jailhouse_enabled;
struct device *jailhouse_dev;

typedef int (*command_fn)(struct jailhouse_request *req, const void *args);

static int fetch_args(void *args, size_t size, const void __user *argp,
		      const char *what)
{
	if (!copy_from_user(args, argp, size))
		return 0;
	pr_err("%s: cannot read the %zu-byte ioctl argument at 0x%lx (bad address)\n",
	       what, size, (unsigned long)argp);
	return -EFAULT;
}

static long run_command(const char *what, const struct jailhouse_msg_buf *msg,
			command_fn command, const void *args)
{
	struct jailhouse_request req;
	int err;

	err = jailhouse_request_init(&req, what, msg);
	if (err)
		return err;
	if (mutex_lock_interruptible(&jailhouse_lock))
		return -EINTR;
	err = command(&req, args);
	mutex_unlock(&jailhouse_lock);
	jailhouse_cells_reap();
	return err;
}

/* Adapters: every command is called through the same pointer type (kCFI). */
static int enable_command(struct jailhouse_request *req, const void *args)
{
	return jailhouse_cmd_enable(req, args);
}

static int disable_command(struct jailhouse_request *req, const void *args)
{
	return jailhouse_cmd_disable(req);
}

static int create_command(struct jailhouse_request *req, const void *args)
{
	return jailhouse_cmd_cell_create(req, args);
}

static int load_command(struct jailhouse_request *req, const void *args)
{
	return jailhouse_cmd_cell_load(req, args);
}

static int start_command(struct jailhouse_request *req, const void *args)
{
	return jailhouse_cmd_cell_start(req, args);
}

static int shutdown_command(struct jailhouse_request *req, const void *args)
{
	return jailhouse_cmd_cell_shutdown(req, args);
}

static int destroy_command(struct jailhouse_request *req, const void *args)
{
	return jailhouse_cmd_cell_destroy(req, args);
}

#define IOCTL_CASE(cmd_name, type, what, msg_field, command, arg_of)    \
	case cmd_name: {                                                \
		type a;                                                 \
		int err = fetch_args(&a, sizeof(a), argp, what);        \
		return err   ?:                                         \
			       run_command(what, &a.msg_field, command, \
					   arg_of);                     \
	}

/* Argument sizes by command number, to tell a version mismatch apart. */
static const size_t arg_sizes[] = {
	sizeof(struct jailhouse_enable_args),
	sizeof(struct jailhouse_disable_args),
	sizeof(struct jailhouse_cell_create_args),
	sizeof(struct jailhouse_cell_load_args),
	sizeof(struct jailhouse_cell_args),
	sizeof(struct jailhouse_cell_args),
	sizeof(struct jailhouse_cell_args),
};

static long unknown_command(unsigned int cmd)
{
	if (_IOC_TYPE(cmd) == JAILHOUSE_IOCTL_MAGIC &&
	    _IOC_NR(cmd) < ARRAY_SIZE(arg_sizes)) {
		pr_err("ioctl 0x%08x: command %u with a %u-byte argument, expected %zu bytes written by the caller (CLI and module from different builds?)\n",
		       cmd, _IOC_NR(cmd), _IOC_SIZE(cmd),
		       arg_sizes[_IOC_NR(cmd)]);
		return -EINVAL;
	}
	pr_err("unknown ioctl command 0x%08x\n", cmd);
	return -ENOTTY;
}

static long jailhouse_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (cmd) {
		IOCTL_CASE(JAILHOUSE_ENABLE, struct jailhouse_enable_args,
			   "enable", error, enable_command, &a)
		IOCTL_CASE(JAILHOUSE_DISABLE, struct jailhouse_disable_args,
			   "disable", error, disable_command, &a)
		IOCTL_CASE(JAILHOUSE_CELL_CREATE,
			   struct jailhouse_cell_create_args, "cell create",
			   error, create_command, &a)
		IOCTL_CASE(JAILHOUSE_CELL_LOAD, struct jailhouse_cell_load_args,
			   "cell load", error, load_command, &a)
		IOCTL_CASE(JAILHOUSE_CELL_START, struct jailhouse_cell_args,
			   "cell start", error, start_command, &a.cell)
		IOCTL_CASE(JAILHOUSE_CELL_SHUTDOWN, struct jailhouse_cell_args,
			   "cell shutdown", error, shutdown_command, &a.cell)
		IOCTL_CASE(JAILHOUSE_CELL_DESTROY, struct jailhouse_cell_args,
			   "cell destroy", error, destroy_command, &a.cell)
	default:
		return unknown_command(cmd);
	}
}

static const struct file_operations jailhouse_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = jailhouse_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice jailhouse_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "jailhouse",
	.fops = &jailhouse_fops,
	.mode = 0600,
};

/* A reboot must not leave the CPUs in VMX operation for the next kernel. */
static int jailhouse_reboot(struct notifier_block *nb, unsigned long code,
			    void *unused)
{
	struct jailhouse_request req = { .what = "disable at reboot" };

	mutex_lock(&jailhouse_lock);
	if (jailhouse_enabled)
		jailhouse_cmd_disable(&req);
	mutex_unlock(&jailhouse_lock);
	jailhouse_cells_reap();
	return NOTIFY_DONE;
}

static struct notifier_block jailhouse_reboot_nb = {
	.notifier_call = jailhouse_reboot,
};

static int __init jailhouse_init(void)
{
	int err;

	err = jailhouse_sysfs_init();
	if (err)
		return err;
	err = jailhouse_hotplug_init();
	if (err)
		goto sysfs_exit;
	err = misc_register(&jailhouse_misc);
	if (err)
		goto hotplug_exit;
	jailhouse_dev = jailhouse_misc.this_device;
	err = register_reboot_notifier(&jailhouse_reboot_nb);
	if (err)
		goto misc_exit;
	return 0;

misc_exit:
	misc_deregister(&jailhouse_misc);
hotplug_exit:
	jailhouse_hotplug_exit();
sysfs_exit:
	jailhouse_sysfs_exit();
	return err;
}

/* Only reachable while disabled: enable holds a module reference. */
static void __exit jailhouse_exit(void)
{
	unregister_reboot_notifier(&jailhouse_reboot_nb);
	misc_deregister(&jailhouse_misc);
	jailhouse_hotplug_exit();
	jailhouse_cells_reap();
	jailhouse_sysfs_exit();
	jailhouse_console_release();
}

module_init(jailhouse_init);
module_exit(jailhouse_exit);

MODULE_DESCRIPTION(
	"Management driver for the Jailhouse partitioning hypervisor");
MODULE_LICENSE("GPL");
MODULE_FIRMWARE(JAILHOUSE_FIRMWARE_NAME);
