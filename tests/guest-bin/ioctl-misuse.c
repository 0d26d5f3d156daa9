// SPDX-License-Identifier: GPL-2.0
/*
 * Guest test program: misuses /dev/jailhouse in every way we can think of
 * (unknown commands, wrong argument sizes, bad pointers, out-of-range
 * sizes and counts, malformed message buffers and cell ids) and checks
 * that each is refused with the expected errno and, where a message buffer
 * was given, a sentence.  Must run with the hypervisor disabled.
 * Prints PASS/FAIL per case and closes with "ioctl-misuse: N passed, N failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <jailhouse/ioctl.h>

#define BAD_USER_PTR 0x10ULL		 /* never mapped */
#define KERNEL_PTR 0xffffffff81000000ULL /* kernel text */

static int fd, passed, failed;
static char msg[JAILHOUSE_MSG_MAX];

static struct jailhouse_msg_buf msg_buf(void)
{
	memset(msg, 0, sizeof(msg));
	return (struct jailhouse_msg_buf){ .ptr = (unsigned long)msg,
					   .size = sizeof(msg) };
}

/* One case: the ioctl must fail with @want; @phrase must be in the message. */
static void expect(const char *name, unsigned long cmd, void *arg, int want,
		   const char *phrase)
{
	int ret = ioctl(fd, cmd, arg), err = errno;

	if (ret == 0 || err != want) {
		printf("FAIL %s: returned %d errno %d (%s), expected errno %d (%s)\n",
		       name, ret, ret ? err : 0,
		       ret ? strerror(err) : "success", want, strerror(want));
		failed++;
	} else if (phrase && !strstr(msg, phrase)) {
		printf("FAIL %s: errno %d as expected, but the message \"%s\" lacks \"%s\"\n",
		       name, err, msg, phrase);
		failed++;
	} else {
		printf("PASS %s: errno %d%s%s\n", name, err, phrase ? ": " : "",
		       phrase ? msg : "");
		passed++;
	}
}

static void unknown_commands(void)
{
	char junk[64] = "";

	expect("unknown command number", _IOW(JAILHOUSE_IOCTL_MAGIC, 99, int),
	       junk, ENOTTY, NULL);
	expect("foreign ioctl type", _IO('T', 1), junk, ENOTTY, NULL);
	expect("enable with an 8-byte argument",
	       _IOW(JAILHOUSE_IOCTL_MAGIC, 0, __u64), junk, EINVAL, NULL);
	expect("cell create read instead of write",
	       _IOR(JAILHOUSE_IOCTL_MAGIC, 2,
		    struct jailhouse_cell_create_args),
	       junk, EINVAL, NULL);
}

static void bad_argument_pointers(void)
{
	expect("enable, NULL argument", JAILHOUSE_ENABLE, NULL, EFAULT, NULL);
	expect("disable, unmapped argument", JAILHOUSE_DISABLE,
	       (void *)BAD_USER_PTR, EFAULT, NULL);
	expect("cell create, kernel address as argument", JAILHOUSE_CELL_CREATE,
	       (void *)KERNEL_PTR, EFAULT, NULL);
	expect("cell load, unmapped argument", JAILHOUSE_CELL_LOAD,
	       (void *)BAD_USER_PTR, EFAULT, NULL);
}

static void enable_arguments(void)
{
	static char config[4096];
	struct jailhouse_enable_args a = { .config_ptr = (unsigned long)config,
					   .config_size = sizeof(config) };

	a.error = msg_buf();
	a.flags = 1;
	expect("enable, unknown flags", JAILHOUSE_ENABLE, &a, EINVAL,
	       "unknown flags");
	a.flags = 0;
	a.error = msg_buf();
	a.config_size = 0;
	expect("enable, empty config", JAILHOUSE_ENABLE, &a, EINVAL,
	       "less than the");
	a.error = msg_buf();
	a.config_size = 0xffffffff;
	expect("enable, 4 GiB config", JAILHOUSE_ENABLE, &a, E2BIG,
	       "more than the");
	a.error = msg_buf();
	a.config_size = JAILHOUSE_MAX_CONFIG_SIZE;
	a.config_ptr = BAD_USER_PTR;
	expect("enable, unmapped config", JAILHOUSE_ENABLE, &a, EFAULT,
	       "bad address");
	a.error = msg_buf();
	a.config_ptr = KERNEL_PTR;
	a.config_size = 1024;
	expect("enable, config in kernel memory", JAILHOUSE_ENABLE, &a, EFAULT,
	       "bad address");
	a.error = msg_buf();
	a.config_ptr = (unsigned long)config;
	expect("enable, all zeros", JAILHOUSE_ENABLE, &a, EINVAL,
	       "bad signature");
}

static void message_buffers(void)
{
	struct jailhouse_disable_args d = { .error = msg_buf() };
	void *readonly =
		mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	expect("disable while not enabled", JAILHOUSE_DISABLE, &d, EINVAL,
	       "not enabled");
	d.error.size = 0;
	expect("message pointer without size", JAILHOUSE_DISABLE, &d, EINVAL,
	       NULL);
	d.error = msg_buf();
	d.error.ptr = 0;
	expect("message size without pointer", JAILHOUSE_DISABLE, &d, EINVAL,
	       NULL);
	d.error = msg_buf();
	d.error.reserved = 1;
	expect("message buffer reserved field set", JAILHOUSE_DISABLE, &d,
	       EINVAL, NULL);
	/* An unwritable buffer must not change the answer. */
	d.error = msg_buf();
	d.error.ptr = (unsigned long)readonly;
	expect("read-only message buffer", JAILHOUSE_DISABLE, &d, EINVAL, NULL);
	d.error.ptr = KERNEL_PTR;
	expect("message buffer in kernel memory", JAILHOUSE_DISABLE, &d, EINVAL,
	       NULL);
	/* A tiny buffer gets a truncated, terminated sentence. */
	memset(msg, 'x', sizeof(msg));
	d.error = (struct jailhouse_msg_buf){ .ptr = (unsigned long)msg,
					      .size = 4 };
	expect("4-byte message buffer", JAILHOUSE_DISABLE, &d, EINVAL, NULL);
	if (msg[3] != '\0' || msg[4] != 'x') {
		printf("FAIL 4-byte message buffer: not truncated to 3 characters + NUL\n");
		failed++;
	}
	munmap(readonly, 4096);
}

static void cell_arguments(void)
{
	struct jailhouse_cell_args c = { .cell.id = -7, .error = msg_buf() };
	struct jailhouse_cell_create_args cc = { .config_size = 0x7fffffff,
						 .error = msg_buf() };
	struct jailhouse_cell_load_args l = { .cell.id = 1,
					      .error = msg_buf() };

	expect("cell start, id -7", JAILHOUSE_CELL_START, &c, EINVAL,
	       "invalid cell id");
	c.cell.id = JAILHOUSE_CELL_ID_UNUSED;
	memset(c.cell.name, 'a', sizeof(c.cell.name));
	c.error = msg_buf();
	expect("cell destroy, unterminated name", JAILHOUSE_CELL_DESTROY, &c,
	       EINVAL, "not NUL-terminated");
	c.cell.id = 1;
	c.cell.reserved = 5;
	c.error = msg_buf();
	expect("cell shutdown, reserved field", JAILHOUSE_CELL_SHUTDOWN, &c,
	       EINVAL, "reserved");
	c.cell.reserved = 0;
	c.error = msg_buf();
	expect("cell start while not enabled", JAILHOUSE_CELL_START, &c, EINVAL,
	       "not enabled");
	expect("cell create, 2 GiB config", JAILHOUSE_CELL_CREATE, &cc, E2BIG,
	       "more than the");
	cc.config_size = 200;
	cc.config_ptr = BAD_USER_PTR;
	cc.error = msg_buf();
	expect("cell create, unmapped config", JAILHOUSE_CELL_CREATE, &cc,
	       EFAULT, "bad address");
	l.num_images = 0;
	expect("cell load, no images", JAILHOUSE_CELL_LOAD, &l, EINVAL,
	       "1 to 16");
	l.num_images = JAILHOUSE_MAX_IMAGES + 1;
	l.error = msg_buf();
	expect("cell load, 17 images", JAILHOUSE_CELL_LOAD, &l, EINVAL,
	       "1 to 16");
	l.num_images = 1;
	l.error = msg_buf();
	expect("cell load while not enabled", JAILHOUSE_CELL_LOAD, &l, EINVAL,
	       "not enabled");
}

int main(void)
{
	fd = open(JAILHOUSE_DEVICE, O_RDWR);
	if (fd < 0) {
		perror(JAILHOUSE_DEVICE);
		printf("ioctl-misuse: 0 passed, 1 failed\n");
		return 1;
	}
	unknown_commands();
	bad_argument_pointers();
	enable_arguments();
	message_buffers();
	cell_arguments();
	close(fd);
	printf("ioctl-misuse: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
