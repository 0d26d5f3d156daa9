// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* attack-ipi-fixed: a fixed interrupt (vector 0x31) to a root CPU (tests/ipi.h). */
#include "../ipi.h"

#define FIXED_VECTOR 0x31

void inmate_main(void)
{
	ipi_attack_main("attack-ipi-fixed", "sending vector 0x31 to a root CPU",
			FIXED_VECTOR);
}
