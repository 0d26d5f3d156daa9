// SPDX-License-Identifier: GPL-2.0
/*
 * The second opinion on a config: after the driver's own structural checks
 * (config-check.c) and its hardware checks, the validator shared with the
 * hypervisor and the CLI, so that the driver refuses exactly what the
 * hypervisor would, with the same sentence.
 */
#include "jailhouse.h"

#include <common/config-validate.h>

int jailhouse_shared_validate(struct jailhouse_request *req, const void *config,
			      size_t size)
{
	char msg[JAILHOUSE_MSG_MAX];
	int err;

	err = jh_config_validate(config, size, msg, sizeof(msg));
	if (err)
		return jailhouse_refuse(req, err, "%s", msg);
	return 0;
}
