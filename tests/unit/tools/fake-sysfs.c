// SPDX-License-Identifier: GPL-2.0
/*
 * A fake jailhouse sysfs tree for the CLI tests.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake-sysfs.h"

static void die(const char *what, const char *path)
{
	perror(path);
	fprintf(stderr, "fake sysfs: %s failed\n", what);
	abort();
}

char *fake_sysfs_create(void)
{
	char *root = strdup("/tmp/jailhouse-sysfs-XXXXXX");

	if (!root || !mkdtemp(root))
		die("mkdtemp", "/tmp");
	return root;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void fake_sysfs_destroy(char *root)
{
	nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(root);
}

static void make_parents(char *path)
{
	char *slash;

	for (slash = strchr(path + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0755) && access(path, F_OK))
			die("mkdir", path);
		*slash = '/';
	}
}

void fake_sysfs_write(const char *root, const char *relative_path,
		      const char *content)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, relative_path);
	make_parents(path);
	f = fopen(path, "w");
	if (!f || fputs(content, f) < 0 || fclose(f))
		die("write", path);
}

void fake_sysfs_enabled(const char *root, int enabled)
{
	char path[1024];

	fake_sysfs_write(root, "enabled", enabled ? "1\n" : "0\n");
	snprintf(path, sizeof(path), "%s/cells", root);
	mkdir(path, 0755);
}

static void cell_attribute(const char *root, unsigned int id, const char *name,
			   const char *value)
{
	char relative[256], content[256];

	snprintf(relative, sizeof(relative), "cells/%u/%s", id, name);
	snprintf(content, sizeof(content), "%s\n", value);
	fake_sysfs_write(root, relative, content);
}

void fake_sysfs_cell(const char *root, unsigned int id, const char *name,
		     const char *state, const char *cpus)
{
	cell_attribute(root, id, "name", name);
	cell_attribute(root, id, "state", state);
	cell_attribute(root, id, "cpus_assigned_list", cpus);
	cell_attribute(root, id, "cpus_failed_list", "");
}

void fake_sysfs_counter(const char *root, unsigned int id, unsigned int cpu,
			const char *name, unsigned long long value)
{
	char relative[256], content[32];

	snprintf(relative, sizeof(relative),
		 "cells/%u/statistics/cpu%u/vmexits_%s", id, cpu, name);
	snprintf(content, sizeof(content), "%llu\n", value);
	fake_sysfs_write(root, relative, content);
}
