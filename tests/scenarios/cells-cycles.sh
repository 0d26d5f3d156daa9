#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# 50 create/load/start/destroy cycles of tiny-demo: every cycle the cell
# starts (it says hello) and its CPU comes back to Linux; at the end the
# hypervisor's memory pool holds what it held after the first cycle
# (the root's EPT keeps the one table a 2 MiB page was split into when
# the cell's 1 MiB was first taken out: that is reported, not leaked).
# machines: bochs
# cpus: 3
# timeout: 1500

J=/jailhouse
SYSFS=/sys/devices/jailhouse
CYCLES=50
sys=$J/cells/bochs-sys.cell
[ "$(nproc)" -ge 3 ] && sys=$J/cells/bochs-sys-3cpu.cell
enable_hv $sys tiny-demo

hellos() {
	jailhouse console | grep -c 'tiny-demo: hello from CPU 0'
}
baseline=$(cat $SYSFS/mem_pool_used)
i=1
while [ $i -le $CYCLES ]; do
	before=$(hellos)
	out=$(jailhouse cell create $J/cells/tiny-demo.cell 2>&1) || fail "cycle $i: create failed: $out"
	out=$(jailhouse cell load tiny-demo $J/inmates/tiny-demo.bin -a 0 2>&1) || fail "cycle $i: load failed: $out"
	out=$(jailhouse cell start tiny-demo 2>&1) || fail "cycle $i: start failed: $out"
	n=0
	# polled every 0.1 s (the hello comes within a few ms; a 1 s poll
	# made the 50 cycles cost 50 guest seconds of waiting)
	while [ "$(hellos)" -le "$before" ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
	[ "$(hellos)" -gt "$before" ] || fail "cycle $i: the cell did not say hello"
	out=$(jailhouse cell destroy tiny-demo 2>&1) || fail "cycle $i: destroy failed: $out"
	[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] || fail "cycle $i: CPU 1 did not come back"
	[ $i -eq 1 ] && after_first=$(cat $SYSFS/mem_pool_used)
	i=$((i + 1))
done
used=$(cat $SYSFS/mem_pool_used)
note "mem_pool_used: $baseline pages before, $after_first after cycle 1, $used after cycle $CYCLES"
[ "$used" = "$after_first" ] || fail "the pool grew from $after_first to $used pages over $CYCLES cycles"
[ $((after_first - baseline)) -le 4 ] ||
	fail "the first cycle kept $((after_first - baseline)) pages of the pool"
taskset -c 1 sh -c 'n=0; while [ $n -lt 1000 ]; do n=$((n+1)); done' || fail "CPU 1 does not run tasks"
trap - EXIT
out=$(jailhouse disable 2>&1) || fail "disable failed: $out"
