// SPDX-License-Identifier: GPL-2.0
/* The FADT test's cell with port 0xb2 (the SMI command port). */
#define FADT_NAME "fadt-smi"
#define FADT_PORT 0xb2
#define FADT_PORTS 1

#include "fadt-pm1a.c"
