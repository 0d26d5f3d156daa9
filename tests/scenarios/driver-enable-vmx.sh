#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# On the VMX-capable Bochs PC the driver goes all the way to the hand-over:
# the image is loaded, the APIC timer measured (Linux's timer keeps
# ticking on every CPU), the hypervisor entered.  Whatever the hypervisor
# answers, the driver's side must hold: on success the root cell appears in
# sysfs and disable gives Linux back; on failure a sentence says why, the
# hypervisor's log stays readable, and nothing is lost.
# machines: bochs
# timeout: 600

# The rig's begin marker must reach the serial console before the kernel's
# insmod lines, or the two interleave and the runner misses the marker
# (seen on Bochs, whose serial port is slow).
sleep 1
ko=/jailhouse/jailhouse.ko
cell=/jailhouse/cells/bochs-sys.cell
sys=/sys/devices/jailhouse
[ -f "$ko" ] || skip "jailhouse.ko is not in the initramfs (the driver does not build)"
[ -f "$cell" ] || skip "bochs-sys.cell is not in the initramfs"
[ -f /lib/firmware/jailhouse-intel.bin ] || skip "jailhouse-intel.bin is not built yet"
command -v ioctl-enable >/dev/null || fail "tests/guest-bin/ioctl-enable is not on PATH"
if grep -q '^jailhouse ' /proc/modules; then
	rmmod jailhouse || fail "jailhouse.ko was loaded and enabled before this scenario"
fi

mem_before=$(grep MemTotal /proc/meminfo)
cpus_before=$(cat /sys/devices/system/cpu/online)
insmod "$ko" || fail "insmod failed"
trap 'jailhouse disable 2>/dev/null; rmmod jailhouse 2>/dev/null' EXIT

out=$(ioctl-enable $cell)
rc=$?
note "enable: $out"
dmesg | grep -q 'jailhouse: TSC [0-9]* kHz, APIC timer [1-9][0-9]* kHz' ||
	fail "the APIC timer was not measured: $(dmesg | grep 'jailhouse: TSC')"
note "$(dmesg | grep -o 'jailhouse: TSC.*' | tail -n 1)"

# Linux's own timers must survive the measurement on every CPU.
for cpu in 0 1; do
	t0=$(cut -d. -f1 /proc/uptime)
	taskset -c $cpu sleep 1 || fail "sleep on CPU $cpu failed"
	t1=$(cut -d. -f1 /proc/uptime)
	[ $((t1 - t0)) -le 5 ] || fail "sleep 1 on CPU $cpu took $((t1 - t0)) s"
done

if [ $rc = 0 ]; then
	[ "$(cat $sys/enabled)" = 1 ] || fail "enable succeeded but $sys/enabled is not 1"
	[ "$(cat $sys/cells/0/name)" = bochs-root ] || fail "cells/0/name is '$(cat $sys/cells/0/name)'"
	[ "$(cat $sys/cells/0/state)" = running ] || fail "cells/0/state is '$(cat $sys/cells/0/state)'"
	[ "$(cat $sys/cells/0/cpus_assigned_list)" = 0-1 ] ||
		fail "cells/0/cpus_assigned_list is '$(cat $sys/cells/0/cpus_assigned_list)'"
	for n in 0 1; do
		[ -f $sys/cells/0/statistics/cpu$n/vmexits_total ] ||
			fail "cells/0/statistics/cpu$n/vmexits_total is missing"
	done
	# The values come from hypercalls: the hypervisor's scenarios judge them.
	note "mem pool $(cat $sys/mem_pool_used 2>&1)/$(cat $sys/mem_pool_size 2>&1) pages," \
		"CPU 0 exits $(cat $sys/cells/0/statistics/cpu0/vmexits_total 2>&1)"
	again=$(ioctl-enable $cell) && fail "a second enable succeeded: $again"
	echo "$again" | grep -qF "(EBUSY): enable: the hypervisor is already enabled" ||
		fail "a second enable was not refused as such: $again"
	rmmod jailhouse 2>/dev/null && fail "rmmod succeeded while the hypervisor is enabled"
	echo 0 >/sys/devices/system/cpu/cpu1/online 2>/dev/null &&
		fail "CPU 1 could be taken offline behind the hypervisor's back"
	[ "$(cat /sys/devices/system/cpu/online)" = "$cpus_before" ] || fail "CPU hotplug refused, yet CPUs changed"
	command -v jailhouse >/dev/null || fail "the CLI is needed to disable"
	jailhouse disable || fail "disable failed"
	[ "$(cat $sys/enabled)" = 0 ] || fail "$sys/enabled is not 0 after disable"
	[ -z "$(ls $sys/cells)" ] || fail "cells left after disable: $(ls $sys/cells)"
else
	echo "$out" | grep -qE 'errno [0-9]+ \([A-Z0-9a-z]+\): .+' ||
		fail "enable failed without a sentence: $out"
	[ "$(cat $sys/enabled)" = 0 ] || fail "$sys/enabled is not 0 after the failed enable"
fi
note "console: $(wc -c <$sys/console) bytes; last lines:"
tail -n 5 $sys/console
! grep -qi jailhouse /proc/iomem || fail "the hypervisor memory is still claimed"
[ "$(grep MemTotal /proc/meminfo)" = "$mem_before" ] || fail "MemTotal changed"
[ "$(cat /sys/devices/system/cpu/online)" = "$cpus_before" ] || fail "online CPUs changed"
rmmod jailhouse || fail "rmmod failed"
