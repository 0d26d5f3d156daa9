// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/devices/jailhouse: the hypervisor's state for scripts and the CLI.
 *
 *   enabled, console, mem_pool_size, mem_pool_used, remap_pool_size,
 *   remap_pool_used, version, interface_revision,
 *   cells/<id>/{name,state,cpus_assigned,cpus_assigned_list,cpus_failed,
 *               cpus_failed_list,fault,statistics/cpu<N>/vmexits_<reason>}
 *
 * Values that need a hypercall are read under jailhouse_lock, so that they
 * never race with disable (natively, VMCALL raises #UD).  Cell directories
 * are therefore removed only after the lock is dropped (cell.c reaps them):
 * removal waits for readers, and a reader may be waiting for the lock.
 */
#define pr_fmt(fmt) "jailhouse: " fmt

#include <linux/device.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include <jailhouse/comm-region.h>

#include "hypercall.h"
#include "jailhouse.h"
#include "version-check.h"

static struct device *root_dev;
static struct kobject *cells_dir;

/* ---- top level --------------------------------------------------------- */

static ssize_t enabled_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", jailhouse_enabled);
}

static ssize_t show_info(char *buf, unsigned int type)
{
	long value = 0;

	if (mutex_lock_interruptible(&jailhouse_lock))
		return -EINTR;
	/* A hypervisor that is not running has empty pools. */
	if (jailhouse_enabled)
		value = jailhouse_call_arg2(JAILHOUSE_HC_HYPERVISOR_GET_INFO,
					    type, 0);
	mutex_unlock(&jailhouse_lock);
	if (value < 0)
		return value;
	return sysfs_emit(buf, "%ld\n", value);
}

#define INFO_ATTR(name, type)                                                \
	static ssize_t name##_show(struct device *dev,                       \
				   struct device_attribute *attr, char *buf) \
	{                                                                    \
		return show_info(buf, type);                                 \
	}                                                                    \
	static DEVICE_ATTR_RO(name)

INFO_ATTR(mem_pool_size, JAILHOUSE_INFO_MEM_POOL_SIZE);
INFO_ATTR(mem_pool_used, JAILHOUSE_INFO_MEM_POOL_USED);
INFO_ATTR(remap_pool_size, JAILHOUSE_INFO_REMAP_POOL_SIZE);
INFO_ATTR(remap_pool_used, JAILHOUSE_INFO_REMAP_POOL_USED);
static DEVICE_ATTR_RO(enabled);

/* What the CLI compares with its own (tools/version-check.c). */
static ssize_t version_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", jailhouse_version);
}
static DEVICE_ATTR_RO(version);

static ssize_t interface_revision_show(struct device *dev,
				       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", JAILHOUSE_INTERFACE_REVISION);
}
static DEVICE_ATTR_RO(interface_revision);

static ssize_t console_read(struct file *file, struct kobject *kobj,
			    struct bin_attribute *attr, char *buf, loff_t pos,
			    size_t count)
{
	ssize_t len;

	if (mutex_lock_interruptible(&jailhouse_lock))
		return -EINTR;
	len = jailhouse_console_copy(buf, count, pos);
	mutex_unlock(&jailhouse_lock);
	return len;
}

/* Size 0: the log's length is only known when it is read. */
static BIN_ATTR_RO(console, 0);

static struct attribute *top_attrs[] = {
	&dev_attr_enabled.attr,
	&dev_attr_mem_pool_size.attr,
	&dev_attr_mem_pool_used.attr,
	&dev_attr_remap_pool_size.attr,
	&dev_attr_remap_pool_used.attr,
	&dev_attr_version.attr,
	&dev_attr_interface_revision.attr,
	NULL,
};

static struct bin_attribute *top_bin_attrs[] = { &bin_attr_console, NULL };

static const struct attribute_group top_group = {
	.attrs = top_attrs,
	.bin_attrs = top_bin_attrs,
};

/* ---- cells ------------------------------------------------------------- */

static struct jailhouse_cell *to_cell(struct kobject *kobj)
{
	return container_of(kobj, struct jailhouse_cell, kobj);
}

/* Takes the lock if the cell still exists in the hypervisor. */
static int lock_live_cell(const struct jailhouse_cell *cell)
{
	if (mutex_lock_interruptible(&jailhouse_lock))
		return -EINTR;
	if (cell->dead || !jailhouse_enabled) {
		mutex_unlock(&jailhouse_lock);
		return -ENODEV;
	}
	return 0;
}

static ssize_t name_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", to_cell(kobj)->name);
}

static const char *const state_names[] = {
	[JAILHOUSE_CELL_RUNNING] = "running",
	[JAILHOUSE_CELL_RUNNING_LOCKED] = "running/locked",
	[JAILHOUSE_CELL_SHUT_DOWN] = "shut down",
	[JAILHOUSE_CELL_FAILED] = "failed",
	[JAILHOUSE_CELL_FAILED_COMM_REV] = "failed/comm-revision",
	[JAILHOUSE_CELL_CREATED] = "created",
	[JAILHOUSE_CELL_LOADABLE] = "loadable",
};

static long cell_state(const struct jailhouse_cell *cell)
{
	if (cell->id == 0)
		return JAILHOUSE_CELL_RUNNING;
	return jailhouse_call_arg2(JAILHOUSE_HC_CELL_GET_STATE, cell->id, 0);
}

static ssize_t state_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct jailhouse_cell *cell = to_cell(kobj);
	long state;
	int err;

	err = lock_live_cell(cell);
	if (err)
		return err;
	state = cell_state(cell);
	mutex_unlock(&jailhouse_lock);
	if (state < 0)
		return state;
	if (state >= ARRAY_SIZE(state_names) || !state_names[state])
		return sysfs_emit(buf, "unknown (%ld)\n", state);
	return sysfs_emit(buf, "%s\n", state_names[state]);
}

static ssize_t cpus_assigned_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%*pb\n",
			  cpumask_pr_args(&to_cell(kobj)->cpus_assigned));
}

static ssize_t cpus_assigned_list_show(struct kobject *kobj,
				       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%*pbl\n",
			  cpumask_pr_args(&to_cell(kobj)->cpus_assigned));
}

/* CPUs the hypervisor stopped, and CPUs that did not come back to Linux. */
static int cpus_failed(struct jailhouse_cell *cell, cpumask_t *failed)
{
	unsigned int cpu;
	int err;

	err = lock_live_cell(cell);
	if (err)
		return err;
	cpumask_copy(failed, &cell->cpus_lost);
	for_each_cpu(cpu, &cell->cpus_assigned) if (
		jailhouse_call_arg2(JAILHOUSE_HC_CPU_GET_INFO, cpu,
				    JAILHOUSE_CPU_INFO_STATE) ==
		JAILHOUSE_CPU_FAILED) cpumask_set_cpu(cpu, failed);
	mutex_unlock(&jailhouse_lock);
	return 0;
}

static ssize_t cpus_failed_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	cpumask_t failed;
	int err = cpus_failed(to_cell(kobj), &failed);

	return err ?: sysfs_emit(buf, "%*pb\n", cpumask_pr_args(&failed));
}

static ssize_t cpus_failed_list_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	cpumask_t failed;
	int err = cpus_failed(to_cell(kobj), &failed);

	return err ?: sysfs_emit(buf, "%*pbl\n", cpumask_pr_args(&failed));
}

static const char *const fault_names[] = JAILHOUSE_FAULT_NAMES;

static ssize_t format_fault(char *buf, const struct jailhouse_fault_report *f)
{
	const char *reason = f->reason <= JAILHOUSE_FAULT_MAX ?
				     fault_names[f->reason] :
				     "unknown";

	return sysfs_emit(
		buf,
		"reason: %s\ncpu: %u\nexit reason: %u\naccess:%s%s%s\nrip: 0x%llx\naddress: 0x%llx\nqualification: 0x%llx\naccess size: %u\nmessage: %.*s\n",
		reason, f->cpu, f->exit_reason,
		f->access & JAILHOUSE_ACCESS_READ ? " read" : "",
		f->access & JAILHOUSE_ACCESS_WRITE ? " write" : "",
		f->access & JAILHOUSE_ACCESS_EXECUTE ? " execute" : "", f->rip,
		f->address, f->qualification, f->access_size,
		(int)sizeof(f->message), f->message);
}

static ssize_t fault_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct jailhouse_cell *cell = to_cell(kobj);
	struct jailhouse_fault_report *report;
	long result;
	int err;

	report = kzalloc(sizeof(*report), GFP_KERNEL);
	if (!report)
		return -ENOMEM;
	err = lock_live_cell(cell);
	if (err) {
		kfree(report);
		return err;
	}
	result = cell_state(cell);
	if (result == JAILHOUSE_CELL_FAILED)
		result = jailhouse_call_arg2(JAILHOUSE_HC_CELL_GET_FAULT,
					     cell->id, virt_to_phys(report));
	else if (result >= 0)
		result = 1; /* not failed: nothing to report */
	mutex_unlock(&jailhouse_lock);
	if (result == 0)
		result = format_fault(buf, report);
	else if (result > 0)
		result = sysfs_emit(buf, "none\n");
	kfree(report);
	return result;
}

static struct kobj_attribute cell_name_attr = __ATTR_RO(name);
static struct kobj_attribute cell_state_attr = __ATTR_RO(state);
static struct kobj_attribute cell_cpus_assigned_attr = __ATTR_RO(cpus_assigned);
static struct kobj_attribute cell_cpus_assigned_list_attr =
	__ATTR_RO(cpus_assigned_list);
static struct kobj_attribute cell_cpus_failed_attr = __ATTR_RO(cpus_failed);
static struct kobj_attribute cell_cpus_failed_list_attr =
	__ATTR_RO(cpus_failed_list);
static struct kobj_attribute cell_fault_attr = __ATTR_RO(fault);

static struct attribute *cell_attrs[] = {
	&cell_name_attr.attr,	       &cell_state_attr.attr,
	&cell_cpus_assigned_attr.attr, &cell_cpus_assigned_list_attr.attr,
	&cell_cpus_failed_attr.attr,   &cell_cpus_failed_list_attr.attr,
	&cell_fault_attr.attr,	       NULL
};
ATTRIBUTE_GROUPS(cell);

static void cell_release(struct kobject *kobj)
{
	struct jailhouse_cell *cell = to_cell(kobj);

	kfree(cell->config);
	kfree(cell);
}

static struct kobj_type cell_ktype = {
	.release = cell_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = cell_groups,
};

/* ---- per-CPU statistics ------------------------------------------------ */

struct cpu_stats {
	struct kobject kobj;
	struct jailhouse_cell *cell; /* the parent chain keeps it alive */
	unsigned int cpu;
	struct list_head gone; /* on gone_stats while removal is pending */
};

/*
 * Directories of CPUs that left their cell (the root's, while a CPU is
 * given to another cell): detached under jailhouse_lock, removed by
 * jailhouse_sysfs_reap() without it, as cell directories are.
 */
static LIST_HEAD(gone_stats);

struct stat_attribute {
	struct attribute attr;
	unsigned int stat;
};

static const char *const stat_reasons[JAILHOUSE_NUM_CPU_STATS] =
	JAILHOUSE_CPU_STAT_NAMES;
static char stat_names[JAILHOUSE_NUM_CPU_STATS][32];
static struct stat_attribute stat_attrs[JAILHOUSE_NUM_CPU_STATS];
static struct attribute *stats_attrs[JAILHOUSE_NUM_CPU_STATS + 1];
ATTRIBUTE_GROUPS(stats);

static ssize_t stat_show(struct kobject *kobj, struct attribute *attr,
			 char *buf)
{
	struct cpu_stats *stats = container_of(kobj, struct cpu_stats, kobj);
	struct stat_attribute *sa =
		container_of(attr, struct stat_attribute, attr);
	long value;
	int err;

	err = lock_live_cell(stats->cell);
	if (err)
		return err;
	/* The hypervisor counts per CPU, for the cell the CPU is in now: a
	 * directory whose removal is pending would show the other cell's. */
	if (!cpumask_test_cpu(stats->cpu, &stats->cell->cpus_assigned)) {
		mutex_unlock(&jailhouse_lock);
		return -ENODEV;
	}
	value = jailhouse_call_arg2(JAILHOUSE_HC_CPU_GET_INFO, stats->cpu,
				    JAILHOUSE_CPU_INFO_STAT_BASE + sa->stat);
	mutex_unlock(&jailhouse_lock);
	if (value < 0)
		return value;
	return sysfs_emit(buf, "%lu\n", value);
}

static const struct sysfs_ops stats_sysfs_ops = { .show = stat_show };

static void cpu_stats_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct cpu_stats, kobj));
}

static struct kobj_type cpu_stats_ktype = {
	.release = cpu_stats_release,
	.sysfs_ops = &stats_sysfs_ops,
	.default_groups = stats_groups,
};

/* A directory of this cell and CPU that is still waiting for removal. */
static struct cpu_stats *take_back_gone(struct jailhouse_cell *cell,
					unsigned int cpu)
{
	struct cpu_stats *stats;

	list_for_each_entry(stats, &gone_stats,
			    gone) if (stats->cell == cell && stats->cpu == cpu)
	{
		list_del(&stats->gone);
		return stats;
	}
	return NULL;
}

static int add_cpu_stats(struct jailhouse_cell *cell, unsigned int cpu)
{
	struct cpu_stats *stats = take_back_gone(cell, cpu);
	int err;

	/* still in sysfs under this name: a second one would be refused */
	if (stats) {
		cell->cpu_stats[cpu] = &stats->kobj;
		return 0;
	}
	stats = kzalloc(sizeof(*stats), GFP_KERNEL);
	if (!stats)
		return -ENOMEM;
	stats->cell = cell;
	stats->cpu = cpu;
	INIT_LIST_HEAD(&stats->gone);
	err = kobject_init_and_add(&stats->kobj, &cpu_stats_ktype,
				   cell->statistics, "cpu%u", cpu);
	if (err) {
		kobject_put(&stats->kobj);
		return err;
	}
	cell->cpu_stats[cpu] = &stats->kobj;
	return 0;
}

/* ---- cell directories -------------------------------------------------- */

void jailhouse_sysfs_cell_init(struct jailhouse_cell *cell)
{
	kobject_init(&cell->kobj, &cell_ktype);
}

int jailhouse_sysfs_cell_add(struct jailhouse_cell *cell)
{
	unsigned int cpu;
	int err;

	err = kobject_add(&cell->kobj, cells_dir, "%u", cell->id);
	if (err)
		return err;
	cell->cpu_stats =
		kcalloc(nr_cpu_ids, sizeof(*cell->cpu_stats), GFP_KERNEL);
	cell->statistics = kobject_create_and_add("statistics", &cell->kobj);
	if (!cell->cpu_stats || !cell->statistics)
		return -ENOMEM;
	for_each_cpu(cpu, &cell->cpus_assigned)
	{
		err = add_cpu_stats(cell, cpu);
		if (err)
			return err;
	}
	return 0;
}

/*
 * A CPU's counters belong to the cell it is in (the hypervisor restarts
 * them when it changes cells): the cell's statistics/cpu<N> directories
 * follow cpus_assigned.  Called with jailhouse_lock held; a directory
 * that goes is only detached here.
 */
void jailhouse_sysfs_cell_cpus_changed(struct jailhouse_cell *cell)
{
	struct cpu_stats *stats;
	unsigned int cpu;

	if (!cell->cpu_stats || !cell->statistics)
		return;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (cpumask_test_cpu(cpu, &cell->cpus_assigned)) {
			if (!cell->cpu_stats[cpu] && add_cpu_stats(cell, cpu))
				pr_err("cell \"%s\": statistics/cpu%u is missing in sysfs (out of memory)\n",
				       cell->name, cpu);
		} else if (cell->cpu_stats[cpu]) {
			stats = container_of(cell->cpu_stats[cpu],
					     struct cpu_stats, kobj);
			list_add_tail(&stats->gone, &gone_stats);
			cell->cpu_stats[cpu] = NULL;
		}
	}
}

/* Removes the directories detached above.  Called without jailhouse_lock. */
void jailhouse_sysfs_reap(void)
{
	struct cpu_stats *stats, *next;
	LIST_HEAD(reap);

	mutex_lock(&jailhouse_lock);
	list_splice_init(&gone_stats, &reap);
	mutex_unlock(&jailhouse_lock);
	list_for_each_entry_safe(stats, next, &reap, gone)
	{
		list_del_init(&stats->gone);
		kobject_put(&stats->kobj);
	}
}

void jailhouse_sysfs_cell_remove(struct jailhouse_cell *cell)
{
	unsigned int cpu;

	if (cell->cpu_stats) {
		for (cpu = 0; cpu < nr_cpu_ids; cpu++)
			kobject_put(cell->cpu_stats[cpu]);
		kfree(cell->cpu_stats);
		cell->cpu_stats = NULL;
	}
	kobject_put(cell->statistics);
	cell->statistics = NULL;
	if (cell->kobj.state_in_sysfs)
		kobject_del(&cell->kobj);
}

/* ---- setup ------------------------------------------------------------- */

static void init_stat_attrs(void)
{
	unsigned int n;

	for (n = 0; n < JAILHOUSE_NUM_CPU_STATS; n++) {
		snprintf(stat_names[n], sizeof(stat_names[n]), "vmexits_%s",
			 stat_reasons[n]);
		sysfs_attr_init(&stat_attrs[n].attr);
		stat_attrs[n].attr.name = stat_names[n];
		stat_attrs[n].attr.mode = 0444;
		stat_attrs[n].stat = n;
		stats_attrs[n] = &stat_attrs[n].attr;
	}
}

int jailhouse_sysfs_init(void)
{
	int err;

	init_stat_attrs();
	root_dev = root_device_register("jailhouse");
	if (IS_ERR(root_dev))
		return PTR_ERR(root_dev);
	err = sysfs_create_group(&root_dev->kobj, &top_group);
	if (err)
		goto unregister;
	cells_dir = kobject_create_and_add("cells", &root_dev->kobj);
	if (!cells_dir) {
		err = -ENOMEM;
		goto remove_group;
	}
	return 0;

remove_group:
	sysfs_remove_group(&root_dev->kobj, &top_group);
unregister:
	root_device_unregister(root_dev);
	return err;
}

void jailhouse_sysfs_exit(void)
{
	kobject_put(cells_dir);
	sysfs_remove_group(&root_dev->kobj, &top_group);
	root_device_unregister(root_dev);
}
