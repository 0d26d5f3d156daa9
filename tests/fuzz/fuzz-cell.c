// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the `.cell` decoder, `config dump` and the cross-config
 * checks of `config check`.  Input byte 0 selects one file (even) or a
 * system config plus a cell config (odd, split at the offset in bytes 1-2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell-decode.h"
#include "config-check.h"
#include "config-diag.h"
#include "config-dump.h"

static FILE *devnull;

static int decode(const unsigned char *data, size_t size, void **copy,
		  struct cell_view *view)
{
	char msg[256];

	/* A private, exactly sized copy: ASan then sees every overread. */
	*copy = malloc(size ? size : 1);
	memcpy(*copy, data, size);
	if (cell_decode(*copy, size, view, msg, sizeof(msg)))
		return -1;
	view->file = "fuzz.cell";
	config_dump(devnull, view);
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct cell_view sys, cell;
	void *a = NULL, *b = NULL;
	size_t split;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	cfg_silent = 1;
	if (size < 3)
		return 0;
	if (!(data[0] & 1)) {
		if (decode(data + 1, size - 1, &a, &sys) == 0 && sys.system)
			config_check(&sys, NULL, 0);
	} else {
		split = (data[1] | data[2] << 8) % (size - 2);
		if (decode(data + 3, split, &a, &sys) == 0 &&
		    decode(data + 3 + split, size - 3 - split, &b, &cell) ==
			    0 &&
		    sys.system && !cell.system)
			config_check(&sys, &cell, 1);
	}
	free(a);
	free(b);
	return 0;
}
