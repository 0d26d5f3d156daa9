// SPDX-License-Identifier: GPL-2.0
/*
 * Configs handed to the driver: first the kind of file the request takes,
 * so that a wrong file is named as such (the shared validator accepts a
 * system and a cell config alike), then the validator shared with the
 * hypervisor, the CLI and the config build.
 */
#include "config-check.h"

#include <common/config-validate.h>

#define refuse(kind, msg, msg_size, fmt, ...) \
	(scnprintf(msg, msg_size, "%s: " fmt, kind, ##__VA_ARGS__), -EINVAL)

static void escape_signature(const char *sig, char *out, size_t out_size)
{
	size_t used = 0;
	unsigned int i;

	out[0] = '\0';
	for (i = 0; i < JAILHOUSE_SIGNATURE_SIZE; i++) {
		unsigned char ch = sig[i];

		if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\')
			used += scnprintf(out + used, out_size - used, "%c",
					  ch);
		else
			used += scnprintf(out + used, out_size - used,
					  "\\x%02x", ch);
	}
}

/*
 * A file shorter than a signature is left to the validator, which says
 * so; the ioctls refuse such sizes before they copy anything.
 */
static int check_kind(const void *buf, size_t size, const char *kind,
		      const char *expected, const char *other_kind,
		      const char *other, char *msg, size_t msg_size)
{
	char shown[4 * JAILHOUSE_SIGNATURE_SIZE + 1];

	if (size < JAILHOUSE_SIGNATURE_SIZE ||
	    !memcmp(buf, expected, JAILHOUSE_SIGNATURE_SIZE))
		return 0;
	if (!memcmp(buf, other, JAILHOUSE_SIGNATURE_SIZE))
		return refuse(kind, msg, msg_size,
			      "this is a %s (signature %s), not a %s",
			      other_kind, other, kind);
	escape_signature(buf, shown, sizeof(shown));
	return refuse(
		kind, msg, msg_size,
		"bad signature \"%s\" (expected \"%s\"): not a Jailhouse configuration",
		shown, expected);
}

int jailhouse_check_system_config(const void *buf, size_t size, char *msg,
				  size_t msg_size)
{
	int err;

	err = check_kind(buf, size, "system config", JAILHOUSE_SYSTEM_SIGNATURE,
			 "cell config", JAILHOUSE_CELL_SIGNATURE, msg,
			 msg_size);
	return err ?: jh_config_validate(buf, size, msg, msg_size);
}

int jailhouse_check_cell_config(const void *buf, size_t size, char *msg,
				size_t msg_size)
{
	int err;

	err = check_kind(buf, size, "cell config", JAILHOUSE_CELL_SIGNATURE,
			 "system config", JAILHOUSE_SYSTEM_SIGNATURE, msg,
			 msg_size);
	return err ?: jh_config_validate(buf, size, msg, msg_size);
}
