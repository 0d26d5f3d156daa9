// SPDX-License-Identifier: GPL-2.0
/*
 * libpci, loaded when the first libpci function is called.
 *
 * Only the PCI scan of `config create` and `hardware check`
 * (tools/config/pci-scan.c) uses libpci, but linking it made every run of
 * the CLI map libpci, libudev and libz and relocate them before main():
 * most of the CLI's process start, paid by `cell list`, `cell create` and
 * every other management step (Documentation/performance.md).  So the CLI
 * is not linked against libpci; these functions, which pci-scan.c calls
 * under libpci's own names, open libpci.so.3 on first use and forward to
 * it.
 *
 * Each symbol is resolved at the version a link against Debian bookworm's
 * libpci binds (objdump -T of a CLI linked with -lpci), so that a newer
 * libpci gives us the ABI our headers describe, as the dynamic linker
 * would.  A missing library or symbol ends the command with a sentence
 * that says what to install, before anything has been written.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include <pci/pci.h>

#include "pci-load.h"

static const char *library = PCI_LIBRARY;
static void *handle;

void pci_load_set_library(const char *name)
{
	library = name;
	handle = NULL;
}

void *pci_load_symbol(const char *name, const char *version, char *msg,
		      size_t msg_size)
{
	void *sym;

	if (!handle) {
		handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
		if (!handle) {
			snprintf(msg, msg_size,
				 "the PCI scan needs %s, which cannot be "
				 "loaded (%s): install the package libpci3",
				 library, dlerror());
			return NULL;
		}
	}
	sym = dlvsym(handle, name, version);
	if (!sym)
		snprintf(msg, msg_size,
			 "%s has no %s of version %s, which this jailhouse "
			 "was built for: install libpci3 3.8 or newer",
			 library, name, version);
	return sym;
}

/* No way back from a missing libpci: the scan's callers cannot go on. */
static void *need(const char *name, const char *version)
{
	char msg[512];
	void *sym = pci_load_symbol(name, version, msg, sizeof(msg));

	if (!sym) {
		fprintf(stderr, "jailhouse: %s\n", msg);
		exit(1);
	}
	return sym;
}

/* Resolved once per function, on its first call. */
#define RESOLVE(fn, name, version) \
	(fn ? fn : (*(void **)&fn = need(name, version), fn))

#define FORWARD(ret, name, version, params, args)        \
	ret name params                                  \
	{                                                \
		static ret(*fn) params;                  \
		return RESOLVE(fn, #name, version) args; \
	}

#define FORWARD_VOID(name, version, params, args) \
	void name params                          \
	{                                         \
		static void(*fn) params;          \
		RESOLVE(fn, #name, version) args; \
	}

FORWARD(struct pci_access *, pci_alloc, "LIBPCI_3.0", (void), ())
FORWARD_VOID(pci_init, "LIBPCI_3.5", (struct pci_access * a), (a))
FORWARD_VOID(pci_cleanup, "LIBPCI_3.0", (struct pci_access * a), (a))
FORWARD_VOID(pci_scan_bus, "LIBPCI_3.0", (struct pci_access * a), (a))
FORWARD(int, pci_set_param, "LIBPCI_3.0",
	(struct pci_access * a, char *param, char *value), (a, param, value))
FORWARD(int, pci_fill_info, "LIBPCI_3.8", (struct pci_dev * d, int flags),
	(d, flags))
FORWARD(u8, pci_read_byte, "LIBPCI_3.0", (struct pci_dev * d, int pos),
	(d, pos))
FORWARD(u16, pci_read_word, "LIBPCI_3.0", (struct pci_dev * d, int pos),
	(d, pos))
FORWARD(u32, pci_read_long, "LIBPCI_3.0", (struct pci_dev * d, int pos),
	(d, pos))
