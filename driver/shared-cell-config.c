// SPDX-License-Identifier: GPL-2.0
/*
 * The cross-config rules shared with the hypervisor and the CLI
 * (common/cell-config.c), compiled into the module for the one sentence
 * the driver says from them: what the unsafe DMA opt-in means, at every
 * cell create that uses it (cell_config_unisolated_dma_warning()).  Its
 * own file: its static helpers share names with config-validate.c's.
 */
#include "cell-config.c"
