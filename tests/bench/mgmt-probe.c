// SPDX-License-Identifier: GPL-2.0
/*
 * Guest-side profiler of the management steps (issue 17): does one step
 * the way the CLI does it, without the CLI, and says in guest nanoseconds
 * (CLOCK_MONOTONIC: the TSC, which in Bochs counts emulated instructions)
 * how long reading the file and the request itself took:
 *
 *   mgmt-probe none                    start and exit (process start alone)
 *   mgmt-probe create FILE             JAILHOUSE_CELL_CREATE
 *   mgmt-probe load ID FILE            JAILHOUSE_CELL_LOAD at address 0
 *   mgmt-probe start|shutdown|destroy ID
 *   mgmt-probe disable                 JAILHOUSE_DISABLE
 *
 * Output: "mgmt-probe STEP read NS ioctl NS ret RET" (exit 0; RET: the
 * request's result, the new cell's id for create), or the driver's
 * sentence (exit 1).  tests/bench/run builds it three times: static, linked
 * against libc alone, and linked against the libraries the CLI links
 * (libpci and what it pulls in), so that `none` splits the CLI's process
 * start into exec and dynamic linking.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jailhouse/ioctl.h>

static char sentence[JAILHOUSE_MSG_MAX];

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void *read_file(const char *path, size_t *size)
{
	struct stat st;
	void *data;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) || st.st_size <= 0) {
		fprintf(stderr, "mgmt-probe: cannot read %s\n", path);
		exit(2);
	}
	data = malloc(st.st_size);
	if (!data || read(fd, data, st.st_size) != st.st_size) {
		fprintf(stderr, "mgmt-probe: cannot read %s\n", path);
		exit(2);
	}
	close(fd);
	*size = st.st_size;
	return data;
}

static void set_error(struct jailhouse_msg_buf *error)
{
	error->ptr = (uintptr_t)sentence;
	error->size = sizeof(sentence);
	error->reserved = 0;
}

static void cell_id(struct jailhouse_cell_id *cell, const char *arg)
{
	memset(cell, 0, sizeof(*cell));
	cell->id = atoi(arg);
}

static int usage(void)
{
	fprintf(stderr, "usage: mgmt-probe none | create FILE | load ID FILE "
			"| start|shutdown|destroy ID | disable\n");
	return 2;
}

int main(int argc, char **argv)
{
	union {
		struct jailhouse_cell_create_args create;
		struct jailhouse_cell_load_args load;
		struct jailhouse_cell_args cell;
		struct jailhouse_disable_args disable;
	} a;
	struct jailhouse_preload_image image;
	unsigned long request;
	long long t0, t1, t2;
	size_t size;
	void *data;
	int fd, ret;

	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "none"))
		return 0;
	fd = open(JAILHOUSE_DEVICE, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "mgmt-probe: %s: %s\n", JAILHOUSE_DEVICE,
			strerror(errno));
		return 1;
	}
	memset(&a, 0, sizeof(a));
	t0 = t1 = now_ns();
	if (!strcmp(argv[1], "create") && argc == 3) {
		data = read_file(argv[2], &size);
		t1 = now_ns();
		a.create.config_ptr = (uintptr_t)data;
		a.create.config_size = size;
		set_error(&a.create.error);
		request = JAILHOUSE_CELL_CREATE;
	} else if (!strcmp(argv[1], "load") && argc == 4) {
		data = read_file(argv[3], &size);
		t1 = now_ns();
		memset(&image, 0, sizeof(image));
		image.source_address = (uintptr_t)data;
		image.size = size;
		cell_id(&a.load.cell, argv[2]);
		a.load.num_images = 1;
		a.load.images_ptr = (uintptr_t)&image;
		set_error(&a.load.error);
		request = JAILHOUSE_CELL_LOAD;
	} else if (argc == 3 &&
		   (!strcmp(argv[1], "start") || !strcmp(argv[1], "shutdown") ||
		    !strcmp(argv[1], "destroy"))) {
		cell_id(&a.cell.cell, argv[2]);
		set_error(&a.cell.error);
		request = !strcmp(argv[1], "start") ? JAILHOUSE_CELL_START :
			  !strcmp(argv[1], "shutdown") ?
						      JAILHOUSE_CELL_SHUTDOWN :
						      JAILHOUSE_CELL_DESTROY;
	} else if (!strcmp(argv[1], "disable") && argc == 2) {
		set_error(&a.disable.error);
		request = JAILHOUSE_DISABLE;
	} else {
		return usage();
	}
	ret = ioctl(fd, request, &a);
	t2 = now_ns();
	if (ret < 0) {
		sentence[sizeof(sentence) - 1] = '\0';
		fprintf(stderr, "mgmt-probe %s: %s (%s)\n", argv[1], sentence,
			strerror(errno));
		return 1;
	}
	printf("mgmt-probe %s read %lld ioctl %lld ret %d\n", argv[1], t1 - t0,
	       t2 - t1, ret);
	return 0;
}
