// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the text of a cell's fault report as jailhouse.ko shows it in
 * sysfs ("key: value" lines).
 */
#include <stdio.h>
#include <string.h>

#include <jailhouse/fault.h>

#include "command-line.h"
#include "fault-report.h"

/* The value of the line "key: value" in a report, or NULL. */
static const char *report_value(const char *report, const char *key,
				size_t *len)
{
	size_t key_len = strlen(key);
	const char *line;

	for (line = report; line && *line; line = strchr(line, '\n')) {
		line += *line == '\n';
		if (!strncmp(line, key, key_len) && line[key_len] == ':') {
			line += key_len + 1;
			line += strspn(line, " ");
			*len = strcspn(line, "\n");
			return *len ? line : NULL;
		}
	}
	return NULL;
}

/* A reason given as a number (JAILHOUSE_FAULT_*) becomes its name. */
static const char *fault_reason_name(const char *reason, size_t *len)
{
	static const char *const names[] = JAILHOUSE_FAULT_NAMES;
	char number[16];
	__u64 value;

	if (!reason || *len >= sizeof(number))
		return reason;
	memcpy(number, reason, *len);
	number[*len] = '\0';
	if (parse_number(number, &value) || value > JAILHOUSE_FAULT_MAX)
		return reason;
	*len = strlen(names[value]);
	return names[value];
}

void fault_summary(const char *report, char *out, size_t size)
{
	const char *reason, *message, *start;
	size_t reason_len = 0, message_len = 0;

	reason = report_value(report, "reason", &reason_len);
	message = report_value(report, "message", &message_len);
	reason = fault_reason_name(reason, &reason_len);
	if (reason && message)
		snprintf(out, size, "%.*s: %.*s", (int)reason_len, reason,
			 (int)message_len, message);
	else if (reason || message)
		snprintf(out, size, "%.*s", (int)(reason_len + message_len),
			 reason ? reason : message);
	else {
		/* Not in the driver's format: its first line says most. */
		start = report + strspn(report, " \t\n");
		snprintf(out, size, "%.*s", (int)strcspn(start, "\n"), start);
	}
	if (!strcmp(out, "none"))
		out[0] = '\0';
}
