#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A hostile peer on an ivshmem link (inmates/x86/tests/attack-ivshmem in
# the ivshmem-demo-2 cell, peer 1 of link C) while ivshmem-demo-1 (peer 0)
# waits as the initiator of 100-message runs:
#  - writes to peer 0's output section and to the state table: EPT
#    violations, the cell fails with fault "memory" at the announced RIP;
#  - MSI-X entries aimed at a root CPU, with NMI (at a root CPU), INIT or
#    SMI delivery: the cell fails with fault "ipi"; no NMI reaches CPU 0;
#  - doorbells to ids 2 and 0xffff, with vectors 4 and 0xffff, to itself,
#    writes to ID and Max Peers: no effect (ID and Max Peers unchanged,
#    ivshmem-demo-1 takes no exit at all), one MMIO exit each; the self
#    doorbells reach the attacker's own CPU only;
#  - State written 1, 2, 1, ... while the root destroys the cell: the peer
#    sees the state end at 0, the hypervisor goes on;
# and after all of it the link carries messages between the two demos.
# machines: bochs
# cpus: 3
# timeout: 1200

J=/jailhouse
ATTACKER=ivshmem-demo-2
[ "$(nproc)" -ge 3 ] || fail "this scenario needs 3 CPUs, the guest has $(nproc)"
for f in cells/bochs-sys-ivshmem.cell cells/ivshmem-demo-1.cell \
	 cells/ivshmem-demo-2.cell inmates/ivshmem-demo.bin inmates/attack-ivshmem.bin; do
	[ -f $J/$f ] || fail "$J/$f is not in the initramfs"
done
enable_hv $J/cells/bochs-sys-ivshmem.cell ivshmem-demo-1 $ATTACKER

nmis_cpu0() {
	awk '$1 == "NMI:" { print $2 }' /proc/interrupts
}
# run CELL IMAGE PARAMS: create, load IMAGE with PARAMS, start; D: sysfs dir
run() {
	cell_load_params "$1" "$2" "$3"
	cell_start "$1"
}
still_fine() {
	[ "$(cat "$(cell_dir ivshmem-demo-1)/state")" = running ] ||
		fail "after $1 ivshmem-demo-1 is '$(cat "$(cell_dir ivshmem-demo-1)/state")'"
	taskset -c 0 sh -c 'n=0; while [ $n -lt 2000 ]; do n=$((n+1)); done' ||
		fail "after $1 CPU 0 does not run tasks"
}
# stopped CASE REASON MESSAGE: attack case CASE fails the cell with REASON
stopped() {
	run $ATTACKER attack-ivshmem "case=$1"
	wait_cell_state "$D" failed 60 ||
		fail "case $1: the cell is '$(cat "$D/state")', not failed: $(console_lines attack-ivshmem | tail -n 3)"
	console_lines "attack-ivshmem: NOT STOPPED" && fail "case $1 got past its attack"
	fault=$(cat "$D/fault")
	echo "$fault" | grep -qiE "$2" || fail "case $1: the fault report does not say '$2': $fault"
	echo "$fault" | grep -qiE "$3" || fail "case $1: the fault report does not say '$3': $fault"
	if [ "$2" = memory ]; then
		rip=$(console_lines "attack-ivshmem: .* at RIP 0x" | tail -n 1 | sed 's/.* at RIP //')
		echo "$fault" | grep -qi "$rip" || fail "case $1: the fault report does not name RIP $rip: $fault"
	fi
	note "case $1: stopped: $(echo "$fault" | head -n 1)"
	cell_destroy $ATTACKER
	still_fine "case $1"
}
good_runs() {
	console_lines "run [0-9]+: 100 round trips, .* 0 bad payloads, 0 timeouts" | wc -l
}

run ivshmem-demo-1 ivshmem-demo "bdf=104 rounds=100 peers=1"
wait_console "ready, own state table entry 1, role initiator" 1 120 ||
	fail "ivshmem-demo-1 did not become ready: $(jailhouse console | tail -n 5)"

stopped 1 memory "0x3ae11000"
stopped 2 memory "0x3ae00000"
stopped 4 ipi "interrupt message refused"
nmis=$(nmis_cpu0)
stopped 5 ipi "interrupt message refused"
[ "$(nmis_cpu0)" = "$nmis" ] || fail "CPU 0 received an NMI from the MSI-X entry of case 5"
stopped 6 ipi "interrupt message refused"
stopped 7 ipi "interrupt message refused"

# no effect: the peer takes no exit, the attacker one per doorbell
peer_before=$(cell_exits ivshmem-demo-1)
run $ATTACKER attack-ivshmem "case=3"
wait_console "attack-ivshmem: done, waiting for shutdown" 1 120 ||
	fail "case 3 did not finish: $(console_lines attack-ivshmem | tail -n 3)"
r=$(console_lines "attack-ivshmem: 4000 doorbells" | tail -n 1)
echo "$r" | grep -q "1000 to itself: 1000 own interrupts; ID 1, Max Peers 2 after writing 7 and 9" ||
	fail "case 3: $r"
peer=$(($(cell_exits ivshmem-demo-1) - peer_before))
mmio=$(cell_exits $ATTACKER mmio)
note "case 3: $r; attacker $mmio MMIO exits in all (5000 doorbells), peer $peer exits"
[ "$peer" -le 2 ] || fail "case 3: the peer took $peer exits from doorbells that must have no effect"
[ "$mmio" -ge 5004 ] && [ "$mmio" -le 5100 ] ||
	fail "case 3: the attacker took $mmio MMIO exits for 5000 doorbells and 4 register accesses"
out=$(jailhouse cell shutdown $ATTACKER 2>&1) || fail "case 3: cell shutdown failed: $out"
cell_destroy $ATTACKER
still_fine "case 3"

# the link still works
good=$(good_runs)
run $ATTACKER ivshmem-demo "bdf=104"
wait_console "run [0-9]+: 100 round trips, .* 0 bad payloads, 0 timeouts" $((good + 1)) 300 ||
	fail "no good run after the attacks: $(console_lines 'round trips' | tail -n 2)"
cell_destroy $ATTACKER

# State racing the destroy
run $ATTACKER attack-ivshmem "case=8"
wait_console "attack-ivshmem: writing State" 1 60 || fail "case 8 did not start"
sleep 3
cell_destroy $ATTACKER
sleep 2
last=$(console_lines "peer 1 state [0-9]+ -> [0-9]+" | tail -n 1)
echo "$last" | grep -q -- "-> 0" || fail "after the racing destroy the peer saw last: $last"
note "case 8: State flipped during the destroy; the peer's last view: $last"
still_fine "case 8"
good=$(good_runs)
run $ATTACKER ivshmem-demo "bdf=104"
wait_console "run [0-9]+: 100 round trips, .* 0 bad payloads, 0 timeouts" $((good + 1)) 300 ||
	fail "no good run after the State race: $(console_lines 'round trips' | tail -n 2)"
cell_destroy $ATTACKER
cell_destroy ivshmem-demo-1

trap - EXIT
out=$(jailhouse disable 2>&1) || fail "disable failed: $out"
