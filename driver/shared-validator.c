// SPDX-License-Identifier: GPL-2.0
/*
 * The config validator shared with the hypervisor, the CLI and the config
 * build (hypervisor-x86/config-validate.c), compiled into the module when
 * the tree has it, so that every side refuses a config with the same
 * sentence.  Kbuild sets HAVE_SHARED_VALIDATOR and the include paths.
 */
#ifdef HAVE_SHARED_VALIDATOR
#include "config-validate.c"
#endif
