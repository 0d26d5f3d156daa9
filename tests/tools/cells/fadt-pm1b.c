// SPDX-License-Identifier: GPL-2.0
/* The FADT test's cell with ports 0x1840+8 (the "many" fixture's PM1b). */
#define FADT_NAME "fadt-pm1b"
#define FADT_PORT 0x1840
#define FADT_PORTS 8

#include "fadt-pm1a.c"
