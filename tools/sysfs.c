// SPDX-License-Identifier: GPL-2.0
/*
 * Reading /sys/devices/jailhouse: hypervisor status, cells, statistics.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jailhouse/comm-region.h>
#include <jailhouse/ioctl.h>

#include "command-line.h"
#include "fault-report.h"
#include "file.h"
#include "sysfs.h"

#define PATH_LEN 512

const char *sysfs_root(void)
{
	const char *root = getenv("JAILHOUSE_SYSFS_ROOT");

	return root && *root ? root : JAILHOUSE_SYSFS;
}

static int is_directory(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

enum hypervisor_status hypervisor_status(const char *root)
{
	char path[PATH_LEN], text[16];

	if (!is_directory(root))
		return HYPERVISOR_NO_MODULE;
	snprintf(path, sizeof(path), "%s/enabled", root);
	if (file_read_text(path, text, sizeof(text)) == 0)
		return strcmp(text, "1") ? HYPERVISOR_DISABLED :
					   HYPERVISOR_ENABLED;
	/* No `enabled` attribute: trust the presence of cells instead. */
	snprintf(path, sizeof(path), "%s/cells", root);
	return is_directory(path) ? HYPERVISOR_ENABLED : HYPERVISOR_DISABLED;
}

const char *hypervisor_status_text(enum hypervisor_status status)
{
	switch (status) {
	case HYPERVISOR_NO_MODULE:
		return "jailhouse.ko is not loaded (no " JAILHOUSE_SYSFS ")";
	case HYPERVISOR_DISABLED:
		return "the hypervisor is not enabled: there are no cells "
		       "(start it with `jailhouse enable SYSCONFIG`)";
	default:
		return "the hypervisor is enabled";
	}
}

const char *cell_state_name(const char *state, char *buf, size_t size)
{
	static const char *const names[] = {
		[JAILHOUSE_CELL_RUNNING] = "running",
		[JAILHOUSE_CELL_RUNNING_LOCKED] = "running/locked",
		[JAILHOUSE_CELL_SHUT_DOWN] = "shut down",
		[JAILHOUSE_CELL_FAILED] = "failed",
		[JAILHOUSE_CELL_FAILED_COMM_REV] = "failed/comm-revision",
		[JAILHOUSE_CELL_CREATED] = "created",
		[JAILHOUSE_CELL_LOADABLE] = "loadable",
	};
	__u64 number;

	if (parse_number(state, &number))
		return state;
	if (number < sizeof(names) / sizeof(names[0]) && names[number])
		return names[number];
	snprintf(buf, size, "unknown state %s", state);
	return buf;
}

static void read_attribute(const char *root, unsigned int id, const char *name,
			   char *text, size_t size)
{
	char path[PATH_LEN];

	snprintf(path, sizeof(path), "%s/cells/%u/%s", root, id, name);
	if (file_read_text(path, text, size))
		text[0] = '\0';
}

static void cell_read(const char *root, unsigned int id, struct cell_info *cell)
{
	char state[CELL_TEXT_MAX], buf[64], report[1024];

	memset(cell, 0, sizeof(*cell));
	cell->id = id;
	read_attribute(root, id, "name", cell->name, sizeof(cell->name));
	read_attribute(root, id, "state", state, sizeof(state));
	snprintf(cell->state, sizeof(cell->state), "%s",
		 cell_state_name(state, buf, sizeof(buf)));
	read_attribute(root, id, "cpus_assigned_list", cell->cpus,
		       sizeof(cell->cpus));
	read_attribute(root, id, "cpus_failed_list", cell->cpus_failed,
		       sizeof(cell->cpus_failed));
	if (strstr(cell->state, "failed")) {
		read_attribute(root, id, "fault", report, sizeof(report));
		fault_summary(report, cell->fault, sizeof(cell->fault));
	}
}

static int by_id(const void *a, const void *b)
{
	const struct cell_info *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* A directory entry named by a plain decimal number, e.g. "12". */
static int entry_number(const char *name, const char *prefix,
			unsigned int *number)
{
	size_t len = strlen(prefix);
	__u64 value;

	if (strncmp(name, prefix, len) || !name[len] ||
	    strspn(name + len, "0123456789") != strlen(name + len) ||
	    parse_number(name + len, &value) || value > 0xffffffffULL)
		return -1;
	*number = value;
	return 0;
}

int cells_read(const char *root, struct cell_info *cells, unsigned int max,
	       char *msg, size_t msg_size)
{
	char path[PATH_LEN];
	struct dirent *entry;
	unsigned int count = 0, id;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/cells", root);
	dir = opendir(path);
	if (!dir) {
		snprintf(msg, msg_size, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((entry = readdir(dir)) && count < max) {
		if (entry_number(entry->d_name, "", &id) == 0)
			cell_read(root, id, &cells[count++]);
	}
	closedir(dir);
	qsort(cells, count, sizeof(*cells), by_id);
	return count;
}

static int resolve_status(const char *root, char *msg, size_t msg_size)
{
	enum hypervisor_status status = hypervisor_status(root);

	if (status == HYPERVISOR_ENABLED)
		return 0;
	snprintf(msg, msg_size, "%s", hypervisor_status_text(status));
	return -1;
}

int cell_resolve(const char *root, const char *arg, struct cell_info *cell,
		 char *msg, size_t msg_size)
{
	static struct cell_info cells[CELLS_MAX];
	int count, n;
	__u64 id;

	if (resolve_status(root, msg, msg_size))
		return -1;
	count = cells_read(root, cells, CELLS_MAX, msg, msg_size);
	if (count < 0)
		return -1;
	/* An id wins over a name, so that "1" always means cell 1. */
	if (arg[0] && strspn(arg, "0123456789") == strlen(arg) &&
	    parse_number(arg, &id) == 0)
		for (n = 0; n < count; n++)
			if (cells[n].id == id) {
				*cell = cells[n];
				return 0;
			}
	for (n = 0; n < count; n++)
		if (!strcmp(cells[n].name, arg)) {
			*cell = cells[n];
			return 0;
		}
	snprintf(msg, msg_size,
		 "no cell named or numbered '%s' (see "
		 "`jailhouse cell list`)",
		 arg);
	return -1;
}

int cell_fault_read(const char *root, unsigned int id, char *text, size_t size)
{
	char path[PATH_LEN];

	snprintf(path, sizeof(path), "%s/cells/%u/fault", root, id);
	if (file_read_text(path, text, size)) {
		text[0] = '\0';
		return errno == ENOENT ? 0 : -1;
	}
	return 0;
}

static void cpu_stats_read(const char *dir, __u64 *count)
{
	static const char *const names[] = JAILHOUSE_CPU_STAT_NAMES;
	char path[PATH_LEN + 64], text[32];
	unsigned int n;

	for (n = 0; n < JAILHOUSE_NUM_CPU_STATS; n++) {
		snprintf(path, sizeof(path), "%s/vmexits_%s", dir, names[n]);
		/* A counter the driver does not (yet) show reads as 0. */
		if (file_read_text(path, text, sizeof(text)) ||
		    parse_number(text, &count[n]))
			count[n] = 0;
	}
}

static int by_number(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

int cell_stats_read(const char *root, unsigned int id, struct cell_stats *stats,
		    char *msg, size_t msg_size)
{
	char path[PATH_LEN - 64], cpu_dir[PATH_LEN];
	struct dirent *entry;
	unsigned int cpu, n;
	DIR *dir;

	memset(stats, 0, sizeof(*stats));
	snprintf(path, sizeof(path), "%s/cells/%u/statistics", root, id);
	dir = opendir(path);
	if (!dir) {
		snprintf(msg, msg_size, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((entry = readdir(dir)) && stats->num_cpus < JAILHOUSE_MAX_CPUS)
		if (entry_number(entry->d_name, "cpu", &cpu) == 0)
			stats->cpu[stats->num_cpus++] = cpu;
	closedir(dir);
	qsort(stats->cpu, stats->num_cpus, sizeof(stats->cpu[0]), by_number);
	for (n = 0; n < stats->num_cpus; n++) {
		snprintf(cpu_dir, sizeof(cpu_dir), "%s/cpu%u", path,
			 stats->cpu[n]);
		cpu_stats_read(cpu_dir, stats->count[n]);
	}
	return 0;
}
