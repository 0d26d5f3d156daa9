/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake /sys/devices/jailhouse under a temporary directory, laid out the
 * way jailhouse.ko lays out the real one (issue 4).
 */
#ifndef _JAILHOUSE_TESTS_FAKE_SYSFS_H
#define _JAILHOUSE_TESTS_FAKE_SYSFS_H

/* A new empty temporary directory (malloc'ed path). */
char *fake_sysfs_create(void);

/* Remove the tree and free the path. */
void fake_sysfs_destroy(char *root);

/* Write root/relative_path (directories created as needed). */
void fake_sysfs_write(const char *root, const char *relative_path,
		      const char *content);

/* The driver's view of an enabled hypervisor: enabled=1, cells/. */
void fake_sysfs_enabled(const char *root, int enabled);

/* cells/<id>/{name,state,cpus_assigned_list,cpus_failed_list} */
void fake_sysfs_cell(const char *root, unsigned int id, const char *name,
		     const char *state, const char *cpus);

/* cells/<id>/statistics/cpu<cpu>/vmexits_<name> */
void fake_sysfs_counter(const char *root, unsigned int id, unsigned int cpu,
			const char *name, unsigned long long value);

#endif
