/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sending a config file to jailhouse.ko: what `jailhouse enable` and
 * `jailhouse cell create` have in common (config-send.c).
 */
#ifndef _JAILHOUSE_TOOLS_CONFIG_SEND_H
#define _JAILHOUSE_TOOLS_CONFIG_SEND_H

#include "config-file.h"

/*
 * Read the config at path, check it is a well-formed config of kind
 * (config_file_load), then hand it to the driver: JAILHOUSE_ENABLE for a
 * system config, JAILHOUSE_CELL_CREATE for a cell config.  `what` names
 * the operation in the driver's error line ("enable", "cell create").
 * Returns the exit status: 0, or 1 after printing why.
 */
int config_send(const char *path, enum config_kind kind, const char *what);

#endif
