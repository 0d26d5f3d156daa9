/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpci, opened on the first call of a libpci function (pci-load.c), so
 * that only the commands that scan PCI pay for loading it.
 */
#ifndef _JAILHOUSE_TOOLS_PCI_LOAD_H
#define _JAILHOUSE_TOOLS_PCI_LOAD_H

#include <stddef.h>

#define PCI_LIBRARY "libpci.so.3"

/*
 * libpci's NAME of VERSION (opening the library first if needed), or NULL
 * with a sentence in MSG that says what is missing and what to install.
 */
void *pci_load_symbol(const char *name, const char *version, char *msg,
		      size_t msg_size);

/* Tests: open NAME instead of PCI_LIBRARY from now on. */
void pci_load_set_library(const char *name);

#endif
