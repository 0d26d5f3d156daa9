// SPDX-License-Identifier: GPL-2.0
/*
 * `jailhouse cell linux CELLCONFIG BZIMAGE [-i INITRD] [-c CMDLINE]
 * [-l LOADER]`: checks everything it can before the cell exists (the
 * files, the bzImage, what the config gives Linux, where each piece goes),
 * then creates the cell, loads the linux-loader, its parameters, the boot
 * data, the kernel and the initrd, and starts it.  If loading or starting
 * fails, the cell it created is destroyed again.  The placement and the
 * zero page are tools/linux-boot.c's; Documentation/linux-cell.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jailhouse/ioctl.h>

#include "cell-linux.h"
#include "cell.h"
#include "commands.h"
#include "config-file.h"
#include "config-send.h"
#include "config/cell-decode.h"
#include "driver.h"
#include "file.h"
#include "help.h"
#include "image-list.h"
#include "linux-boot.h"
#include "sysfs.h"

#define MSG_SIZE (JAILHOUSE_MSG_MAX + 256)
#define LOADER_PARAMS 0xff000 /* the inmate library's parameter page */

static const char *const loader_paths[] = {
	"/usr/lib/jailhouse/inmates/linux-loader.bin",
	"/usr/local/lib/jailhouse/inmates/linux-loader.bin",
};

static const char *find_loader(const char *given)
{
	unsigned int n;

	if (given)
		return given;
	for (n = 0; n < sizeof(loader_paths) / sizeof(loader_paths[0]); n++)
		if (access(loader_paths[n], R_OK) == 0)
			return loader_paths[n];
	return loader_paths[0];
}

struct linux_files {
	void *config, *kernel, *initrd, *loader;
	size_t config_size, kernel_size, initrd_size, loader_size;
};

static void files_free(struct linux_files *f)
{
	free(f->config);
	free(f->kernel);
	free(f->initrd);
	free(f->loader);
}

static int read_files(const struct linux_args *a, const char *loader,
		      struct linux_files *f, char *msg, size_t msg_size)
{
	memset(f, 0, sizeof(*f));
	if (config_file_load(a->config, CONFIG_CELL, &f->config,
			     &f->config_size, msg, msg_size))
		return -1;
	if (file_read(a->kernel, IMAGE_MAX_SIZE, &f->kernel, &f->kernel_size,
		      msg, msg_size) ||
	    (a->initrd && file_read(a->initrd, IMAGE_MAX_SIZE, &f->initrd,
				    &f->initrd_size, msg, msg_size)))
		return -1;
	if (file_read(loader, IMAGE_MAX_SIZE, &f->loader, &f->loader_size, msg,
		      msg_size)) {
		size_t len = strlen(msg);

		snprintf(msg + len, msg_size - len,
			 " (the linux-loader inmate; -l FILE names it)");
		return -1;
	}
	return 0;
}

static void add_image(struct jailhouse_preload_image *img, unsigned int *n,
		      const void *data, size_t size, __u64 target)
{
	img[*n] = (struct jailhouse_preload_image){
		.source_address = (uintptr_t)data,
		.size = size,
		.target_address = target,
	};
	(*n)++;
}

static int simple_request(int fd, const struct jailhouse_cell_id *id,
			  unsigned long ioctl_request, const char *what)
{
	struct jailhouse_cell_args request;

	memset(&request, 0, sizeof(request));
	request.cell = *id;
	return driver_request(fd, ioctl_request, &request, &request.error,
			      what);
}

/* After a failed load or start: the cell this command created goes. */
static void destroy_created(const char *name)
{
	struct jailhouse_cell_id id;
	int fd = cell_open("cell linux", name, &id);

	if (fd < 0)
		return;
	if (!simple_request(fd, &id, JAILHOUSE_CELL_DESTROY,
			    "cell linux: destroy"))
		fprintf(stderr,
			"jailhouse cell linux: cell \"%s\" destroyed again\n",
			name);
	close(fd);
}

static int load_pieces(const char *cell_name, const struct linux_files *f,
		       const struct linux_boot *boot)
{
	struct jailhouse_preload_image img[5];
	struct jailhouse_cell_load_args request;
	unsigned int n = 0;
	int fd, status;

	add_image(img, &n, f->loader, f->loader_size, 0);
	add_image(img, &n, boot->params, strlen(boot->params) + 1,
		  LOADER_PARAMS);
	add_image(img, &n, boot->boot_data, boot->boot_data_size,
		  boot->layout.zero_page);
	add_image(img, &n, boot->image.kernel, boot->image.kernel_size,
		  boot->layout.kernel);
	if (f->initrd_size)
		add_image(img, &n, f->initrd, f->initrd_size,
			  boot->layout.initrd);
	memset(&request, 0, sizeof(request));
	fd = cell_open("cell linux", cell_name, &request.cell);
	if (fd < 0)
		return 1;
	request.num_images = n;
	request.images_ptr = (uintptr_t)img;
	status = driver_request(fd, JAILHOUSE_CELL_LOAD, &request,
				&request.error, "cell linux: load") ||
		 simple_request(fd, &request.cell, JAILHOUSE_CELL_START,
				"cell linux: start");
	close(fd);
	return status ? 1 : 0;
}

/* Everything that can be refused before the cell exists. */
static int prepare(const struct linux_args *a, const struct linux_files *f,
		   struct cell_view *view, struct linux_boot *boot)
{
	struct linux_cell cell;
	char msg[MSG_SIZE];
	char cmdline[4096];

	if (cell_decode(f->config, f->config_size, view, msg, sizeof(msg))) {
		fprintf(stderr, "jailhouse cell linux: %s: %s\n", a->config,
			msg);
		return -1;
	}
	if (linux_cell_describe(view, &cell, msg, sizeof(msg))) {
		fprintf(stderr, "jailhouse cell linux: %s %s\n", a->config,
			msg);
		return -1;
	}
	if (linux_cmdline_build(a->cmdline, &cell, cmdline, sizeof(cmdline),
				msg, sizeof(msg))) {
		fprintf(stderr, "jailhouse cell linux: %s\n", msg);
		return -1;
	}
	if (linux_image_parse(f->kernel, f->kernel_size, &boot->image, msg,
			      sizeof(msg))) {
		fprintf(stderr, "jailhouse cell linux: %s %s\n", a->kernel,
			msg);
		return -1;
	}
	/* what is left is about the cell's memory: named by its config */
	if (linux_boot_prepare(f->kernel, f->kernel_size, f->initrd_size,
			       cmdline, cell.ranges, cell.num_ranges,
			       cell.boot_data_min, cell.uart_flags,
			       cell.standard_ioapic, boot, msg, sizeof(msg))) {
		fprintf(stderr, "jailhouse cell linux: %s: %s\n", a->config,
			msg);
		return -1;
	}
	return 0;
}

int cell_linux(int argc, char **argv)
{
	const struct command_spec *spec = command_find("cell", "linux");
	static struct linux_boot boot;
	struct linux_files files;
	struct cell_view view;
	struct linux_args a;
	char msg[MSG_SIZE];
	int status;

	if (command_wants_help(argc, argv)) {
		help_print(spec, stdout);
		return 0;
	}
	if (linux_args_parse(argc, argv, &a, msg, sizeof(msg)))
		return usage_error(spec, msg);
	if (read_files(&a, find_loader(a.loader), &files, msg, sizeof(msg))) {
		fprintf(stderr, "jailhouse cell linux: %s\n", msg);
		files_free(&files);
		return 1;
	}
	if (prepare(&a, &files, &view, &boot)) {
		files_free(&files);
		return 1;
	}
	status = config_send(a.config, CONFIG_CELL, "cell linux: create");
	if (!status) {
		status = load_pieces(view.name, &files, &boot);
		if (status)
			destroy_created(view.name);
	}
	files_free(&files);
	return status;
}
