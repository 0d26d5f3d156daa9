// SPDX-License-Identifier: GPL-2.0
/*
 * Guest test program: hands a (possibly damaged) system config straight to
 * the JAILHOUSE_ENABLE ioctl (or, with --cell, a cell config to
 * JAILHOUSE_CELL_CREATE), bypassing the CLI's own checks, and prints the
 * driver's answer:
 *
 *   ioctl-enable [--cell] [--truncate N] [--pad N]
 *                [--u8|--u16|--u32|--u64 OFF=VAL]... [--random N] [FILE]
 *
 * FILE is read first; damage is then applied in the order given.  Output: "ioctl-enable: enabled"
 * (exit 0) or "ioctl-enable: errno N (NAME): SENTENCE" (exit 1); usage or
 * I/O problems exit 2.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <jailhouse/ioctl.h>

static unsigned char *config;
static int cell_create;
static size_t config_size;

static void die(const char *what)
{
	fprintf(stderr, "ioctl-enable: %s\n", what);
	exit(2);
}

static void resize(size_t size)
{
	config = realloc(config, size ? size : 1);
	if (!config)
		die("out of memory");
	if (size > config_size)
		memset(config + config_size, 0, size - config_size);
	config_size = size;
}

static void read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char chunk[4096];
	size_t n;

	if (!f)
		die("cannot open the config file");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		resize(config_size + n);
		memcpy(config + config_size - n, chunk, n);
	}
	fclose(f);
}

static void read_random(size_t size)
{
	int fd = open("/dev/urandom", O_RDONLY);

	resize(size);
	if (fd < 0 || read(fd, config, size) != (ssize_t)size)
		die("cannot read /dev/urandom");
	close(fd);
}

/* Stores VAL little-endian in WIDTH bytes at OFF. */
static void poke(const char *spec, unsigned int width)
{
	char *end;
	unsigned long off = strtoul(spec, &end, 0);
	unsigned long long value;
	unsigned int n;

	if (*end != '=')
		die("poke needs OFF=VALUE");
	value = strtoull(end + 1, NULL, 0);
	if (off + width > config_size)
		die("poke beyond the end of the config");
	for (n = 0; n < width; n++)
		config[off + n] = value >> (8 * n);
}

static const char *errno_name(int err)
{
	switch (err) {
	case EINVAL:
		return "EINVAL";
	case E2BIG:
		return "E2BIG";
	case EFAULT:
		return "EFAULT";
	case EBUSY:
		return "EBUSY";
	case ENODEV:
		return "ENODEV";
	case ENOMEM:
		return "ENOMEM";
	case ENOENT:
		return "ENOENT";
	case EOPNOTSUPP:
		return "EOPNOTSUPP";
	default:
		return "other";
	}
}

static int enable(void)
{
	char msg[JAILHOUSE_MSG_MAX] = "";
	struct jailhouse_enable_args args = {
		.config_ptr = (unsigned long)config,
		.config_size = config_size,
		.error = { .ptr = (unsigned long)msg, .size = sizeof(msg) },
	};
	struct jailhouse_cell_create_args cell_args = {
		.config_ptr = (unsigned long)config,
		.config_size = config_size,
		.error = { .ptr = (unsigned long)msg, .size = sizeof(msg) },
	};
	int fd = open(JAILHOUSE_DEVICE, O_RDWR), ret;

	if (fd < 0)
		die("cannot open " JAILHOUSE_DEVICE);
	if (cell_create)
		ret = ioctl(fd, JAILHOUSE_CELL_CREATE, &cell_args);
	else
		ret = ioctl(fd, JAILHOUSE_ENABLE, &args);
	if (ret >= 0) {
		printf("ioctl-enable: %s\n",
		       cell_create ? "cell created" : "enabled");
		return 0;
	}
	printf("ioctl-enable: errno %d (%s): %s\n", errno, errno_name(errno),
	       msg);
	close(fd);
	return 1;
}

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cell"))
			cell_create = 1;
		else if (argv[i][0] == '-')
			i++;
		else
			read_file(argv[i]);
	}
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i],
			   *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (arg[0] != '-' || !strcmp(arg, "--cell"))
			continue;
		if (!val)
			die("option without value");
		i++;
		if (!strcmp(arg, "--truncate"))
			resize(strtoul(val, NULL, 0) < config_size ?
				       strtoul(val, NULL, 0) :
				       config_size);
		else if (!strcmp(arg, "--pad"))
			resize(config_size + strtoul(val, NULL, 0));
		else if (!strcmp(arg, "--random"))
			read_random(strtoul(val, NULL, 0));
		else if (!strcmp(arg, "--u8"))
			poke(val, 1);
		else if (!strcmp(arg, "--u16"))
			poke(val, 2);
		else if (!strcmp(arg, "--u32"))
			poke(val, 4);
		else if (!strcmp(arg, "--u64"))
			poke(val, 8);
		else
			die("unknown option");
	}
	if (!config)
		die("no config given");
	return enable();
}
