/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cross-config checks of `config check`: a system config against itself and
 * against the cell configs meant to run on it, mostly with the hypervisor's
 * own cell_config_check().  Each problem is reported with cfg_error()
 * naming the file; every view must come from cell_decode().
 */
#ifndef _JAILHOUSE_CONFIG_CHECK_H
#define _JAILHOUSE_CONFIG_CHECK_H

#include "cell-decode.h"

/* Returns the number of errors found. */
unsigned int config_check(const struct cell_view *system,
			  const struct cell_view *cells,
			  unsigned int num_cells);

/*
 * The system config's IOMMU units, DMAR scopes, RMRRs and IOAPIC source
 * IDs against the platform under @root ("/" or a collected tree), read as
 * `config create` reads it (config-platform.c).  Returns the number of
 * errors found.
 */
unsigned int config_check_platform(const struct cell_view *system,
				   const char *root);

#endif
