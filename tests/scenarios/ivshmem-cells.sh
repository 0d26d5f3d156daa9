#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ivshmem between cells on the 3-CPU Bochs PC with links
# (configs/x86/bochs-sys-ivshmem.c, ivshmem-links.h):
#  - the root enables with its two ivshmem devices (links R and T) and
#    Linux goes on;
#  - link C (cell <-> cell): ivshmem-demo-1 sends 10,000 numbered messages
#    to ivshmem-demo-2, which checks and answers each; 0 bad payloads, 0
#    timeouts; round trip min/median/max in TSC ticks and the exits per
#    round trip of each side from the cells' statistics;
#  - ivshmem-demo-2 destroyed: the initiator sees its state go 1 -> 0;
#    created and started again: it sees 0 -> 1 and a second run of 10,000
#    passes over the same link;
#  - link T (three peers: the root, both cells): the cells exchange 1,000
#    messages with the root's peer present but not ready (state 0).
# machines: bochs
# cpus: 3
# timeout: 1500

J=/jailhouse
ROUNDS=10000
[ "$(nproc)" -ge 3 ] || fail "this scenario needs 3 CPUs, the guest has $(nproc)"
for f in cells/bochs-sys-ivshmem.cell cells/ivshmem-demo-1.cell \
	 cells/ivshmem-demo-2.cell inmates/ivshmem-demo.bin; do
	[ -f $J/$f ] || fail "$J/$f is not in the initramfs"
done
enable_hv $J/cells/bochs-sys-ivshmem.cell ivshmem-demo-1 ivshmem-demo-2
taskset -c 0 sh -c 'n=0; while [ $n -lt 2000 ]; do n=$((n+1)); done' ||
	fail "CPU 0 does not run tasks with the root's ivshmem devices"

# check_run N ROUNDS TIMES: run N of an initiator ended (the TIMES-th such
# line on the console) with ROUNDS good round trips
check_run() {
	wait_console "run $1: [0-9]+ round trips" "$3" 900 ||
		fail "run $1 did not end: $(jailhouse console | tail -n 8)"
	r=$(console_lines "run $1: [0-9]+ round trips" | tail -n 1)
	echo "$r" | grep -qE "run $1: $2 round trips" || fail "run $1 is short: $r"
	echo "$r" | grep -q ", 0 bad payloads, 0 timeouts" || fail "run $1 saw errors: $r"
	note "$r"
}

# --- link C: cell <-> cell ------------------------------------------------
cell_load_params ivshmem-demo-1 ivshmem-demo "bdf=104 rounds=$ROUNDS peers=1"
cell_load_params ivshmem-demo-2 ivshmem-demo "bdf=104"
cell_start ivshmem-demo-1
wait_console "id 0 of 2 peers" 1 120 || fail "ivshmem-demo-1 did not find link C: $(jailhouse console | tail -n 5)"
wait_console "ready, own state table entry 1, role initiator" 1 60 ||
	fail "ivshmem-demo-1 did not become ready: $(jailhouse console | tail -n 5)"
e1=$(cell_exits ivshmem-demo-1) m1=$(cell_exits ivshmem-demo-1 mmio) x1=$(cell_exits ivshmem-demo-1 xapic)
cell_start ivshmem-demo-2
wait_console "peer 1 state 0 -> 1" 1 120 || fail "ivshmem-demo-1 did not see its peer get ready"
check_run 1 $ROUNDS 1
d1=$(($(cell_exits ivshmem-demo-1) - e1)) dm=$(($(cell_exits ivshmem-demo-1 mmio) - m1)) dx=$(($(cell_exits ivshmem-demo-1 xapic) - x1))
e2=$(cell_exits ivshmem-demo-2) m2=$(cell_exits ivshmem-demo-2 mmio) x2=$(cell_exits ivshmem-demo-2 xapic)
note "initiator: $d1 exits in run 1 ($dm MMIO, $dx xAPIC): $((d1 * 100 / ROUNDS))/100 per round trip"
note "responder (start-up included): $e2 exits ($m2 MMIO, $x2 xAPIC): $((e2 * 100 / ROUNDS))/100 per round trip"
# one doorbell write per round trip on each side, and at most one EOI:
# a waiter that spins sees the answer in memory, and a doorbell that comes
# while the last one's interrupt is still pending merges with it (the
# first run in Bochs: 10,000 MMIO and 5,398 xAPIC exits on the initiator)
[ $dm -ge $ROUNDS ] && [ $dm -le $((ROUNDS + 20)) ] && [ $d1 -le $((2 * ROUNDS + 200)) ] ||
	fail "the initiator took $d1 exits ($dm MMIO) for $ROUNDS round trips (expected 1 MMIO each, at most 2 in all)"
[ $m2 -ge $ROUNDS ] && [ $m2 -le $((ROUNDS + 50)) ] && [ $e2 -le $((2 * ROUNDS + 400)) ] ||
	fail "the responder took $e2 exits ($m2 MMIO) for $ROUNDS round trips (expected 1 MMIO each, at most 2 in all, and its start)"
wait_console "ivshmem-demo: [0-9]+000 answers, 0 bad payloads" $((ROUNDS / 1000)) 60 ||
	fail "the responder did not report $ROUNDS good messages: $(console_lines answers | tail -n 2)"
taskset -c 0 sh -c 'n=0; while [ $n -lt 2000 ]; do n=$((n+1)); done' || fail "CPU 0 does not run tasks"

# --- the responder destroyed and created again: the link survives ---------
cell_destroy ivshmem-demo-2
wait_console "peer 1 state 1 -> 0" 1 60 || fail "ivshmem-demo-1 did not see ivshmem-demo-2 leave"
cell_load_params ivshmem-demo-2 ivshmem-demo "bdf=104"
cell_start ivshmem-demo-2
wait_console "peer 1 state 0 -> 1" 2 120 || fail "ivshmem-demo-1 did not see ivshmem-demo-2 come back"
check_run 2 $ROUNDS 1
cell_destroy ivshmem-demo-2
cell_destroy ivshmem-demo-1

# --- link T: three peers, the root's not ready ---------------------------
cell_load_params ivshmem-demo-1 ivshmem-demo "bdf=120 rounds=1000 peers=1"
cell_load_params ivshmem-demo-2 ivshmem-demo "bdf=120"
root_seen=$(console_lines "peer 0 state" | wc -l)
cell_start ivshmem-demo-1
wait_console "id 1 of 3 peers" 1 120 || fail "ivshmem-demo-1 did not find link T: $(jailhouse console | tail -n 5)"
cell_start ivshmem-demo-2
wait_console "id 2 of 3 peers" 1 120 || fail "ivshmem-demo-2 did not find link T: $(jailhouse console | tail -n 5)"
wait_console "peer 2 state 0 -> 1" 1 120 || fail "ivshmem-demo-1 did not see peer 2 on link T"
check_run 1 1000 2
[ "$(console_lines "peer 0 state" | wc -l)" = "$root_seen" ] ||
	fail "a cell on link T saw a state of the root's peer, which never wrote one"
cell_destroy ivshmem-demo-2
cell_destroy ivshmem-demo-1

for cpu in 1 2; do
	[ "$(cat /sys/devices/system/cpu/cpu$cpu/online)" = 1 ] || fail "CPU $cpu did not come back online"
done
trap - EXIT
out=$(jailhouse disable 2>&1) || fail "disable failed: $out"
