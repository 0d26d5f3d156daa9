// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* attack-ipi-nmi: an NMI to a root CPU (tests/ipi.h). */
#include "../ipi.h"

#define APIC_ICR_NMI 0x00000400

void inmate_main(void)
{
	ipi_attack_main("attack-ipi-nmi", "sending an NMI to a root CPU",
			APIC_ICR_NMI);
}
