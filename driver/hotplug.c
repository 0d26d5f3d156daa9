// SPDX-License-Identifier: GPL-2.0
/*
 * While the hypervisor runs, the set of Linux CPUs is the hypervisor's
 * business: a CPU brought online behind its back would run unisolated, and
 * one taken offline would vanish from the root cell without a cell to go
 * to.  So CPU hotplug is refused while enabled, except when the driver
 * itself moves a CPU between Linux and a cell.
 */
#define pr_fmt(fmt) "jailhouse: " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>

#include "jailhouse.h"

static enum cpuhp_state hotplug_state;
/* Set (under jailhouse_lock) around the driver's own remove_cpu/add_cpu. */
static bool driver_moves_cpus;

void jailhouse_hotplug_allow(bool allow)
{
	WRITE_ONCE(driver_moves_cpus, allow);
}

static int check_hotplug(unsigned int cpu, const char *what)
{
	if (!READ_ONCE(jailhouse_enabled) || READ_ONCE(driver_moves_cpus))
		return 0;
	pr_err("CPU %u cannot be taken %s while the hypervisor is enabled; disable it first\n",
	       cpu, what);
	return -EBUSY;
}

static int cpu_coming_online(unsigned int cpu)
{
	return check_hotplug(cpu, "online");
}

static int cpu_going_offline(unsigned int cpu)
{
	return check_hotplug(cpu, "offline");
}

int jailhouse_hotplug_init(void)
{
	int state;

	/* _nocalls: nothing to check for the CPUs already online. */
	state = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN,
					  "jailhouse:online", cpu_coming_online,
					  cpu_going_offline);
	if (state < 0)
		return state;
	hotplug_state = state;
	return 0;
}

void jailhouse_hotplug_exit(void)
{
	cpuhp_remove_state_nocalls(hotplug_state);
}
