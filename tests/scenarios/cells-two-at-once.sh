#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Two cells at once on the 3-CPU Bochs PC: tiny-demo on CPU 1 and
# tiny-demo-2 on CPU 2 both count while Linux keeps working on CPU 0; an
# attack in one (attack-memory-write, run in tiny-demo's cell) stops that
# cell only; both are destroyed and every CPU is Linux's again.
# machines: bochs
# cpus: 3
# timeout: 900

J=/jailhouse
SYSFS=/sys/devices/jailhouse
[ "$(nproc)" -ge 3 ] || fail "this scenario needs 3 CPUs, the guest has $(nproc)"
for f in cells/bochs-sys-3cpu.cell cells/tiny-demo.cell cells/tiny-demo-2.cell \
	 inmates/tiny-demo.bin inmates/attack-memory-write.bin; do
	[ -f $J/$f ] || fail "$J/$f is not in the initramfs"
done
enable_hv $J/cells/bochs-sys-3cpu.cell tiny-demo tiny-demo-2

state_of() {
	jailhouse cell list | awk -v n="$1" '$2 == n { print $3 }'
}
# counts APIC-ID: the number of count lines printed by the cell on that APIC
counts() {
	jailhouse console | grep -cE "tiny-demo: count [0-9]+ \(APIC ID $1\)"
}
# grows APIC-ID SECONDS: that cell printed more count lines within SECONDS
grows() {
	before=$(counts "$1") i=0
	while [ $i -lt "$2" ]; do
		sleep 1
		[ "$(counts "$1")" -gt "$before" ] && return 0
		i=$((i + 1))
	done
	return 1
}

for c in tiny-demo tiny-demo-2; do
	out=$(jailhouse cell create $J/cells/$c.cell 2>&1) || fail "cell create $c failed: $out"
	out=$(jailhouse cell load $c $J/inmates/tiny-demo.bin -a 0 2>&1) || fail "cell load $c failed: $out"
	out=$(jailhouse cell start $c 2>&1) || fail "cell start $c failed: $out"
done
for cpu in 1 2; do
	[ "$(cat /sys/devices/system/cpu/cpu$cpu/online)" = 0 ] || fail "CPU $cpu is still Linux's"
	grows $cpu 60 || fail "the cell on CPU $cpu does not count: $(jailhouse console | tail -n 5)"
done
taskset -c 0 sh -c 'n=0; while [ $n -lt 2000 ]; do n=$((n+1)); done' || fail "CPU 0 does not run tasks"
note "both cells count: $(counts 1) and $(counts 2) lines"

# An attack in tiny-demo's cell: only that cell stops.
out=$(jailhouse cell load tiny-demo $J/inmates/attack-memory-write.bin -a 0 2>&1) ||
	fail "loading the attack failed: $out"
out=$(jailhouse cell start tiny-demo 2>&1) || fail "starting the attack failed: $out"
i=0
while [ "$(state_of tiny-demo)" != failed ] && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
[ "$(state_of tiny-demo)" = failed ] || fail "the attacking cell is '$(state_of tiny-demo)', not failed"
[ "$(state_of tiny-demo-2)" = running ] || fail "the other cell is '$(state_of tiny-demo-2)' after the attack"
grows 2 30 || fail "tiny-demo-2 stopped counting after the attack in the other cell"
taskset -c 0 sh -c 'n=0; while [ $n -lt 2000 ]; do n=$((n+1)); done' || fail "CPU 0 does not run tasks"
note "attack-memory-write stopped its cell; tiny-demo-2 and Linux went on"

for c in tiny-demo tiny-demo-2; do
	out=$(jailhouse cell destroy $c 2>&1) || fail "cell destroy $c failed: $out"
done
for cpu in 1 2; do
	[ "$(cat /sys/devices/system/cpu/cpu$cpu/online)" = 1 ] || fail "CPU $cpu did not come back online"
	taskset -c $cpu sh -c 'n=0; while [ $n -lt 1000 ]; do n=$((n+1)); done' ||
		fail "CPU $cpu does not run tasks after coming back"
done
trap - EXIT
out=$(jailhouse disable 2>&1) || fail "disable failed: $out"
