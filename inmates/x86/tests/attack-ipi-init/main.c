// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* attack-ipi-init: INIT (a reset, on bare metal) to a root CPU (tests/ipi.h). */
#include "../ipi.h"

void inmate_main(void)
{
	ipi_attack_main("attack-ipi-init", "sending INIT to a root CPU",
			APIC_ICR_INIT | APIC_ICR_LEVEL_ASSERT);
}
