// SPDX-License-Identifier: GPL-2.0
/*
 * `jailhouse console [-f]`: the hypervisor's log, from sysfs.  It is
 * readable while the hypervisor is disabled too, e.g. to see why an
 * enable failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jailhouse/fault.h>

#include "commands.h"
#include "console-log.h"
#include "file.h"
#include "help.h"
#include "sysfs.h"
#include "terminal.h"

#define MSG_SIZE (JAILHOUSE_MSG_MAX + 256)
#define CONSOLE_MAX (1024 * 1024)
#define FOLLOW_MS 500

static int console_read(char **text, size_t *len)
{
	const char *root = sysfs_root();
	enum hypervisor_status status = hypervisor_status(root);
	char path[512], msg[MSG_SIZE];
	void *buf;

	if (status == HYPERVISOR_NO_MODULE) {
		fprintf(stderr, "jailhouse console: %s\n",
			hypervisor_status_text(status));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/console", root);
	if (file_read(path, CONSOLE_MAX, &buf, len, msg, sizeof(msg))) {
		fprintf(stderr, "jailhouse console: %s\n", msg);
		return -1;
	}
	*text = buf;
	return 0;
}

static int console_follow(char *shown, size_t shown_len)
{
	size_t now_len, start;
	int status = 0;
	char *now;

	terminal_begin(0);
	while (!terminal_wait(FOLLOW_MS)) {
		if (console_read(&now, &now_len)) {
			status = 1;
			break;
		}
		start = console_new_text(shown, shown_len, now, now_len);
		fwrite(now + start, 1, now_len - start, stdout);
		fflush(stdout);
		free(shown);
		shown = now;
		shown_len = now_len;
	}
	terminal_end();
	free(shown);
	return status;
}

int cmd_console(int argc, char **argv)
{
	struct command_args args;
	size_t len;
	char *text;
	int status;

	if (command_begin("console", NULL, argc, argv, &args, &status))
		return status;
	if (console_read(&text, &len))
		return 1;
	fwrite(text, 1, len, stdout);
	fflush(stdout);
	if (args.follow)
		return console_follow(text, len);
	free(text);
	return 0;
}
