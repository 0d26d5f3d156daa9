/* SPDX-License-Identifier: GPL-2.0 */
/* `config dump`: a human-readable view of a decoded `.cell` file. */
#ifndef _JAILHOUSE_CONFIG_DUMP_H
#define _JAILHOUSE_CONFIG_DUMP_H

#include <stdio.h>

#include "cell-decode.h"

void config_dump(FILE *out, const struct cell_view *view);

#endif
