// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the communication region the QEMU smoke test of the inmates
 * (tests/inmates/run) loads at 1 MiB, as the hypervisor would fill it:
 *
 *   fake-comm-region FILE CPUS [OPTION]...
 *
 * UART console at 0x3f8 (QEMU has no VMX, so no console hypercall), APIC
 * IDs 0..CPUS-1, TSC and APIC timer at 1 GHz (what QEMU's -icount gives),
 * and the PM timer at 0x608 (where tests/inmates/firmware.S puts it).
 * Options:
 *   shutdown          a shutdown request is already pending
 *   locked-shutdown   ... and the cell says it is locked
 *   x2apic            JAILHOUSE_CELL_X2APIC_PERMITTED
 *   calibrate         TSC and APIC timer frequencies 0: the inmate measures
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jailhouse/comm-region.h>

#define ICOUNT_KHZ 1000000  /* -icount: 1 tick per virtual ns */
#define PM_TIMER_PORT 0x608 /* set up by firmware.S */

static int write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		fprintf(stderr, "fake-comm-region: cannot write %s\n", path);
		return 1;
	}
	return 0;
}

static int apply_option(struct jailhouse_comm_region *comm, const char *option)
{
	if (strcmp(option, "shutdown") == 0) {
		comm->msg_to_cell = JAILHOUSE_MSG_SHUTDOWN_REQUEST;
	} else if (strcmp(option, "locked-shutdown") == 0) {
		comm->cell_state = JAILHOUSE_CELL_RUNNING_LOCKED;
		comm->msg_to_cell = JAILHOUSE_MSG_SHUTDOWN_REQUEST;
	} else if (strcmp(option, "x2apic") == 0) {
		comm->flags |= JAILHOUSE_CELL_X2APIC_PERMITTED;
	} else if (strcmp(option, "calibrate") == 0) {
		comm->platform.tsc_khz = 0;
		comm->platform.apic_khz = 0;
	} else {
		fprintf(stderr, "fake-comm-region: unknown option '%s'\n",
			option);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct jailhouse_comm_region comm;
	int num_cpus = argc >= 3 ? atoi(argv[2]) : 0;

	if (argc < 3) {
		fprintf(stderr,
			"usage: fake-comm-region FILE CPUS "
			"[shutdown|locked-shutdown|x2apic|calibrate]...\n");
		return 2;
	}
	if (num_cpus < 1 || num_cpus > 16) {
		fprintf(stderr,
			"fake-comm-region: CPUS must be 1..16, not '%s'\n",
			argv[2]);
		return 2;
	}
	memset(&comm, 0, sizeof(comm));
	memcpy(comm.signature, JAILHOUSE_COMM_SIGNATURE,
	       JAILHOUSE_SIGNATURE_SIZE);
	comm.revision = JAILHOUSE_COMM_REVISION;
	comm.cell_state = JAILHOUSE_CELL_RUNNING;
	comm.flags = JAILHOUSE_CELL_DEBUG_CONSOLE;
	comm.console.address = 0x3f8;
	comm.console.size = 8;
	comm.console.type = JAILHOUSE_CON_TYPE_8250_PIO;
	comm.platform.pm_timer_address = PM_TIMER_PORT;
	comm.platform.num_cpus = num_cpus;
	comm.platform.tsc_khz = ICOUNT_KHZ;
	comm.platform.apic_khz = ICOUNT_KHZ;
	comm.platform.apic_mode = JAILHOUSE_APIC_MODE_XAPIC;
	for (int i = 0; i < num_cpus; i++)
		comm.platform.cpu_apic_ids[i] = i;
	for (int i = 3; i < argc; i++)
		if (apply_option(&comm, argv[i]) != 0)
			return 2;
	return write_file(argv[1], &comm, sizeof(comm));
}
