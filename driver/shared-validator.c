// SPDX-License-Identifier: GPL-2.0
/*
 * The config validator shared with the hypervisor, the CLI and the config
 * build (common/config-validate.c), compiled into the module, so that every
 * side refuses a config with the same sentence.  Kbuild cannot build an
 * object from outside the module's directory; Kbuild puts common/ on this
 * file's include path instead.
 */
#include "config-validate.c"
