#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The Bochs PC's e1000 goes from root Linux to the e1000-demo cell and back
# (issue 13, "A device demo in a cell"):
#  1. root Linux pings the vnet host 192.168.10.1 through eth0;
#  2. `cell create e1000-demo` (system config bochs-sys-nic: the unsafe
#     unisolated-DMA opt-in) takes 00:02.0 away from Linux, the inmate
#     sends ARP and 5 ICMP echo requests and must print 5 replies;
#  3. after `cell destroy` the device is back in Linux's view with its
#     BARs, stopped (TCTL.EN and RCTL.EN clear, read from BAR0 while no
#     driver is loaded: Bochs' e1000 ignores Bus Master Enable and
#     CTRL.RST, and the demo leaves it running on purpose), and after
#     modprobe e1000 the ping works;
#     Before that destroy the cell is shut down and started again: the
#     demo must find its NIC again and get 5 of 5 replies once more;
#  4. a second round with e1000 loaded and the attack-pci-bar inmate in the
#     cell: the root's writes to the NIC's config space through the ports
#     are dropped (it reads all ones), the cell's BAR moves over root and
#     hypervisor memory are refused, the engines it leaves running are
#     stopped; at destroy e1000 binds again by itself and the ping works.
# What the hypervisor or driver does not do yet is collected and reported
# as SKIP "not implemented yet: ..." after everything else passed.
# machines: bochs
# skip-kvm: it drives the Bochs PC's e1000 (82540EM, e1000.ko, IOAPIC pin 10); the nested-KVM PC has an e1000e
# timeout: 600

J=/jailhouse
NIC=0000:00:02.0
PCIDEV=/sys/bus/pci/devices/$NIC
VNET_HOST=192.168.10.1
CELL=e1000-demo
command -v jailhouse >/dev/null || skip "the jailhouse CLI is not in the initramfs"
[ -f $J/jailhouse.ko ] || skip "jailhouse.ko is not built"
[ -f /lib/firmware/jailhouse-intel.bin ] || skip "the hypervisor image is not built"
for f in cells/bochs-sys-nic.cell cells/$CELL.cell inmates/$CELL.bin; do
	[ -f $J/$f ] || skip "$J/$f is not built"
done
[ -d $PCIDEV ] || fail "no PCI device $NIC: is the e1000 in the bochsrc?"

wait_for() { # SECONDS COMMAND...: status 0 once COMMAND succeeds
	n=$1
	shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 1
		n=$((n - 1))
	done
	"$@"
}

has_eth0() { [ -d $PCIDEV/net/eth0 ]; }
has_carrier() { [ "$(cat /sys/class/net/eth0/carrier 2>/dev/null)" = 1 ]; }
gone() { [ ! -e $PCIDEV ]; }
present() { [ -e $PCIDEV ]; }

# root_ping WHEN: eth0 up with the guest address vnet expects, 3 of 3
# pings to the vnet host answered.
root_ping() {
	wait_for 20 has_eth0 || fail "$1: no eth0 under $NIC"
	ip addr add 192.168.10.15/24 dev eth0 2>/dev/null
	ip link set eth0 up || fail "$1: ip link set eth0 up failed"
	wait_for 20 has_carrier || fail "$1: eth0 has no link after 20 s"
	out=$(ping -c 3 -W 5 $VNET_HOST 2>&1)
	echo "$out"
	echo "$out" | grep -q '3 packets transmitted, 3 packets received' ||
		fail "$1: not every ping to $VNET_HOST was answered"
	note "$1: root ping 3 of 3"
}

# reg OFFSET: a 32-bit register of BAR0, read through /dev/mem (no driver
# may be bound: strict devmem refuses claimed ranges)
reg() {
	devmem $(printf 0x%x $((BAR0 + $1))) 32
}

modprobe e1000 || fail "modprobe e1000 failed"
root_ping "before the cell"

cleanup() {
	jailhouse cell destroy $CELL >/dev/null 2>&1
	jailhouse disable >/dev/null 2>&1
	rmmod e1000 2>/dev/null
}
trap cleanup EXIT
grep -q '^jailhouse ' /proc/modules || insmod $J/jailhouse.ko ||
	fail "insmod jailhouse.ko failed"
out=$(jailhouse enable $J/cells/bochs-sys-nic.cell 2>&1) ||
	fail "jailhouse enable bochs-sys-nic failed: $out"
echo "$out"

# The demo's last line ("N of 5 echo requests answered") in this run.
done_count() { jailhouse console | grep -c "$CELL: .* echo requests answered"; }
done_line() { [ "$(done_count)" -gt "$before" ]; }

# demo_run: cell create/load/start; the NIC leaves Linux, the inmate's 5
# echo requests are answered.
demo_run() {
	before=$(done_count)
	cell_run $CELL $CELL $CELL
	wait_for 10 gone || fail "root Linux still sees $NIC while $CELL owns it"
	[ ! -e /sys/class/net/eth0 ] || fail "eth0 still exists while $CELL owns the NIC"
	note "root Linux no longer sees $NIC"
	wait_for 240 done_line ||
		fail "$CELL did not finish; its console: $(jailhouse console | grep "$CELL\|e1000" | tail -n 15)"
	jailhouse console | grep "$CELL:\|e1000:" | tail -n 9
	summary=$(jailhouse console | grep "$CELL: .* echo requests answered" | tail -n 1)
	case "$summary" in
	*": 5 of 5 echo requests answered"*) ;;
	*) fail "$CELL: $summary" ;;
	esac
	[ "$(cat "$D/state")" = running ] || fail "$CELL is '$(cat "$D/state")', not running"
}

# What does not work yet, for the SKIP at the end (nothing is faked: the
# rest of the scenario still runs and must pass).
PENDING=""
pending() {
	note "not yet: $*"
	PENDING="$PENDING${PENDING:+; }$*"
}

resources_before=$(head -n 2 $PCIDEV/resource | tr '\n' ' ')

# Round 1: e1000 unloaded while the cell owns the NIC, so that no driver
# binds (and resets the device) when it comes back: its registers then
# show what the hypervisor left at destroy.
demo_run
# shut down and started again: the NIC must be the cell's as at create
out=$(jailhouse cell shutdown $CELL 2>&1) || fail "cell shutdown $CELL failed: $out"
before=$(done_count)
out=$(jailhouse cell load $CELL $J/inmates/$CELL.bin -a 0 2>&1) || fail "cell load $CELL failed: $out"
out=$(jailhouse cell start $CELL 2>&1) || fail "cell start $CELL again failed: $out"
wait_for 240 done_line ||
	fail "$CELL did not finish after its restart: $(jailhouse console | grep "$CELL\|e1000" | tail -n 8)"
summary=$(jailhouse console | grep "$CELL: .* echo requests answered" | tail -n 1)
case "$summary" in
*": 5 of 5 echo requests answered"*) note "after shutdown and start: $summary" ;;
*) fail "$CELL after shutdown and start: $summary" ;;
esac
rmmod e1000 || fail "rmmod e1000 failed"
out=$(jailhouse cell destroy $CELL 2>&1) || fail "cell destroy $CELL failed: $out"
wait_for 20 present || fail "$NIC did not come back to root Linux after destroy"
[ ! -e $PCIDEV/driver ] || fail "a driver bound $NIC with e1000 unloaded"
resources_after=$(head -n 2 $PCIDEV/resource | tr '\n' ' ')
[ "$resources_after" = "$resources_before" ] ||
	pending "$NIC came back with other BARs: before [$resources_before], after [$resources_after]"
BAR0=$(head -n 1 $PCIDEV/resource | cut -d' ' -f1)
[ "$((BAR0))" -ne 0 ] || fail "$NIC came back without a memory BAR0"
tctl=$(reg 0x400) || fail "cannot read TCTL through /dev/mem"
rctl=$(reg 0x100) || fail "cannot read RCTL through /dev/mem"
note "after destroy: BAR0 $BAR0, TCTL $tctl, RCTL $rctl, command $(od -An -tx2 -j4 -N2 $PCIDEV/config)"
[ $((tctl & 2)) -eq 0 ] && [ $((rctl & 2)) -eq 0 ] ||
	pending "the hypervisor does not stop the e1000 at destroy (TCTL $tctl, RCTL $rctl: enable bit set)"
modprobe e1000 || fail "modprobe e1000 failed"
root_ping "after round 1 (modprobe e1000)"

# Round 2: e1000 stays loaded; the cell attacks (attack-pci-bar), the
# root tries the NIC's config space through the ports behind Linux's back.
out=$(jailhouse cell create $J/cells/$CELL.cell 2>&1) || fail "cell create $CELL failed: $out"
D=$(cell_dir $CELL) || fail "cell create $CELL: no sysfs directory"
wait_for 10 gone || fail "root Linux still sees $NIC while $CELL owns it"
id=$(pci-port read 00:02.0 0x00) || fail "pci-port read failed"
[ "$id" = 0xffffffff ] || fail "the root reads ID $id of $NIC while $CELL owns it"
pci-port write 00:02.0 0x10 0xd0000000 || fail "pci-port write failed"
pci-port write 00:02.0 0x04 0 || fail "pci-port write failed"
note "root: $NIC reads all ones, BAR 0 and command writes sent"
out=$(jailhouse cell load $CELL $J/inmates/attack-pci-bar.bin -a 0 2>&1) ||
	fail "cell load attack-pci-bar failed: $out"
out=$(jailhouse cell start $CELL 2>&1) || fail "cell start $CELL failed: $out"
attack_done() { jailhouse console | grep -q 'attack-pci-bar: done'; }
wait_for 120 attack_done ||
	fail "attack-pci-bar did not finish: $(jailhouse console | grep 'attack-pci-bar' | tail -n 5)"
jailhouse console | grep 'attack-pci-bar\|BAR 0 write' | tail -n 6
for over in "root memory (0x1000000)" "hypervisor memory (0x3a000000)"; do
	jailhouse console | grep -q "attack-pci-bar: BAR 0 moved over $over reads .* (refused)" ||
		fail "attack-pci-bar: a BAR move over $over was not refused: $(jailhouse console | grep 'moved over' | tail -n 2)"
done
jailhouse console | grep -q 'BAR 0 write 0x01000000 dropped' ||
	fail "the hypervisor did not report the dropped BAR move"
# the root's BAR write did not reach the device: the cell found its
# registers where its config maps them
jailhouse console | grep -q 'attack-pci-bar: e1000 engines running' ||
	fail "attack-pci-bar could not start the NIC (the root's config writes reached it?): $(jailhouse console | grep 'attack-pci-bar\|e1000:' | tail -n 4)"
[ "$(cat "$D/state")" = running ] || fail "$CELL is '$(cat "$D/state")', not running"
out=$(jailhouse cell destroy $CELL 2>&1) || fail "cell destroy $CELL failed: $out"
wait_for 20 present || fail "$NIC did not come back to root Linux after destroy"
resources_after=$(head -n 2 $PCIDEV/resource | tr '\n' ' ')
[ "$resources_after" = "$resources_before" ] ||
	fail "$NIC came back with other BARs after the attacks: before [$resources_before], after [$resources_after]"
wait_for 20 has_eth0 || fail "e1000 did not bind $NIC again after destroy"
root_ping "after round 2 (e1000 bound again by itself)"

[ -z "$PENDING" ] || skip "not implemented yet: $PENDING"
exit 0
