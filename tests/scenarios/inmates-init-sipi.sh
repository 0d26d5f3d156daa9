#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A 2-CPU cell whose CPUs keep sending each other INIT and SIPI
# (attack-init-sipi in the init-sipi cell: CPUs 1 and 2 of the 3-CPU
# Bochs PC) is created, started, shut down and destroyed 20 times (issue
# 12, item 8).  Each time: both CPUs are seen storming (their xAPIC and
# management exits grow), the shutdown (which the cell never answers) and
# the destroy succeed within the hypervisor's bounded waits, the cell
# cannot wake its parked CPUs (no "gave up" line on the hypervisor
# console), CPUs 1 and 2 come back to Linux and run tasks, and CPU 0
# keeps working.  Finally the hypervisor is disabled.
# machines: bochs
# cpus: 3
# timeout: 1800

J=/jailhouse
CYCLES=20
[ "$(nproc)" -ge 3 ] || fail "this scenario needs 3 CPUs, the guest has $(nproc)"
for f in cells/bochs-sys-3cpu.cell cells/init-sipi.cell inmates/attack-init-sipi.bin; do
	[ -f $J/$f ] || fail "$J/$f is not in the initramfs"
done
enable_hv $J/cells/bochs-sys-3cpu.cell init-sipi

# exits DIR CPU: the cell's xAPIC write and management exits on that CPU
exits() {
	s=$1/statistics/cpu$2
	echo $(($(cat $s/vmexits_xapic) + $(cat $s/vmexits_management)))
}
# storms DIR CPU SECONDS: that CPU's exits grew within SECONDS.  Polled
# every 0.2 s: a storming CPU exits thousands of times in that time, and
# every guest second with three busy CPUs costs about 6 s of Bochs.
storms() {
	before=$(exits "$1" "$2") i=0
	while [ $i -lt $(($3 * 5)) ]; do
		sleep 0.2
		[ "$(exits "$1" "$2")" -gt "$before" ] && return 0
		i=$((i + 1))
	done
	return 1
}
cpu_works() {
	taskset -c "$1" sh -c 'n=0; while [ $n -lt 1000 ]; do n=$((n+1)); done'
}

cycle=1
while [ $cycle -le $CYCLES ]; do
	cell_run init-sipi init-sipi attack-init-sipi
	if [ $cycle = 1 ]; then
		i=0
		until jailhouse console | grep -q "attack-init-sipi: APIC IDs"; do
			[ $i -lt 60 ] || fail "the inmate never announced itself: $(jailhouse console | tail -n 5)"
			sleep 1
			i=$((i + 1))
		done
	fi
	for cpu in 1 2; do
		storms "$D" $cpu 60 ||
			fail "cycle $cycle: CPU $cpu of the cell does not send INIT/SIPI (exits stay at $(exits "$D" $cpu))"
	done
	[ "$(cat $D/state)" = running ] || fail "cycle $cycle: the cell is '$(cat $D/state)' while it storms"
	cpu_works 0 || fail "cycle $cycle: CPU 0 does not run tasks while the cell storms"
	out=$(jailhouse cell shutdown init-sipi 2>&1) ||
		fail "cycle $cycle: cell shutdown failed: $out"
	[ "$(cat $D/state)" = "shut down" ] ||
		fail "cycle $cycle: after shutdown the cell is '$(cat $D/state)'"
	# parked and held: neither CPU may run (and storm) any more
	# (half a second: a CPU still storming would add thousands of exits)
	a1=$(exits "$D" 1) a2=$(exits "$D" 2)
	sleep 0.5
	[ "$(exits "$D" 1)" = "$a1" ] && [ "$(exits "$D" 2)" = "$a2" ] ||
		fail "cycle $cycle: a CPU of the shut-down cell still runs ($a1 -> $(exits "$D" 1), $a2 -> $(exits "$D" 2) exits)"
	out=$(jailhouse cell destroy init-sipi 2>&1) ||
		fail "cycle $cycle: cell destroy failed: $out"
	for cpu in 1 2; do
		[ "$(cat /sys/devices/system/cpu/cpu$cpu/online)" = 1 ] ||
			fail "cycle $cycle: CPU $cpu did not come back online"
		cpu_works $cpu || fail "cycle $cycle: CPU $cpu does not run tasks after coming back"
	done
	if jailhouse console | grep -q "gave up after"; then
		fail "cycle $cycle: the hypervisor gave up waiting: $(jailhouse console | grep 'gave up after' | tail -n 3)"
	fi
	cycle=$((cycle + 1))
done
note "$CYCLES cycles: the storming cell was stopped and destroyed every time"
cpu_works 0 || fail "CPU 0 does not run tasks"
trap - EXIT
out=$(jailhouse disable 2>&1) || fail "disable failed: $out"
