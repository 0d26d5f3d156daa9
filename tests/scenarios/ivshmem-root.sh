#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ivshmem between root Linux and a cell, on link R of the 3-CPU Bochs PC
# (configs/x86/bochs-sys-ivshmem.c, ivshmem-links.h: 00:0e.0, root peer 0,
# ivshmem-demo-1 peer 1), through jailhouse.ko's adding of the root's
# virtual devices and uio_ivshmem.ko, driven by tests/guest-bin/ivshmem-demo:
#  - enable: the root's two ivshmem devices appear in Linux, bound to
#    uio_ivshmem, with their id, peers and state table in sysfs;
#  - the cell answers (ivshmem-demo inmate, responder): the root sees its
#    state 0 -> 1 (poll() on sysfs peer_states); first the copy bench
#    (ivshmem-demo.h): the cell copies 64 KiB 16 times within its RAM and
#    16 times into its output section, the root checks the bytes and that
#    the cell took no exit meanwhile (the speed ratio is only reported:
#    `make bench` has it); then 10,000 numbered
#    messages root -> cell -> root, every payload checked on both sides;
#    round trip median and the exits per round trip of each side;
#  - the cell destroyed: the root sees 1 -> 0, its device stays; the cell
#    created again, now the initiator: 1,000 messages cell -> root -> cell
#    over the same link, the root answering;
#  - disable while the link is up (the cell running, the root's program
#    holding /dev/uioN and answering): the devices leave Linux cleanly,
#    the program ends, no kernel warning.
# machines: bochs
# cpus: 3
# timeout: 1800

J=/jailhouse
ROUNDS=10000
BACK=1000
DEV=00:0e.0
SYSDEV=/sys/bus/pci/devices/0000:$DEV
[ "$(nproc)" -ge 3 ] || fail "this scenario needs 3 CPUs, the guest has $(nproc)"
for f in jailhouse.ko uio_ivshmem.ko cells/bochs-sys-ivshmem.cell \
	 cells/ivshmem-demo-1.cell inmates/ivshmem-demo.bin; do
	[ -f $J/$f ] || fail "$J/$f is not in the initramfs"
done
command -v ivshmem-demo >/dev/null || fail "tests/guest-bin/ivshmem-demo is not in the initramfs"

modprobe uio || fail "modprobe uio failed"
insmod $J/uio_ivshmem.ko || fail "insmod uio_ivshmem.ko failed"
dmesg -c >/dev/null
[ -e $SYSDEV ] && fail "$SYSDEV exists before enable"
enable_hv $J/cells/bochs-sys-ivshmem.cell ivshmem-demo-1
bg=
trap '[ -n "$bg" ] && kill $bg 2>/dev/null; jailhouse cell destroy ivshmem-demo-1 >/dev/null 2>&1; jailhouse disable >/dev/null 2>&1' EXIT

# --- enable: the root's devices in Linux ---------------------------------
for d in 00:0e.0 00:0f.0; do
	s=/sys/bus/pci/devices/0000:$d
	[ -e $s ] || fail "enable did not add ivshmem device $d to Linux: $(dmesg | grep -i ivshmem)"
	[ "$(cat $s/vendor):$(cat $s/device)" = "0x110a:0x4106" ] ||
		fail "$d is $(cat $s/vendor):$(cat $s/device), not 110a:4106"
	[ "$(basename "$(readlink $s/driver)")" = uio_ivshmem ] ||
		fail "uio_ivshmem is not bound to $d: $(dmesg | grep -i ivshmem)"
	[ -d $s/uio ] || fail "$d has no UIO device"
done
[ "$(cat $SYSDEV/id) $(cat $SYSDEV/max_peers)" = "0 2" ] ||
	fail "link R: id $(cat $SYSDEV/id) of $(cat $SYSDEV/max_peers) peers, expected 0 of 2"
[ "$(cat /sys/bus/pci/devices/0000:00:0f.0/max_peers)" = 3 ] || fail "link T does not have 3 peers"
[ "$(cat $SYSDEV/peer_states)" = "0 0" ] || fail "peer_states '$(cat $SYSDEV/peer_states)' before any peer is ready"
note "$(dmesg | grep -E 'ivshmem device|uio_ivshmem' | sed 's/^\[[^]]*\] //' | tr '\n' ';')"
out=$(ivshmem-demo info $DEV) || fail "ivshmem-demo info: $out"
note "$out"

# load PARAMS: create ivshmem-demo-1 and load the inmate with PARAMS
load() {
	out=$(jailhouse cell create $J/cells/ivshmem-demo-1.cell 2>&1) ||
		fail "cell create failed: $out"
	out=$(jailhouse cell load ivshmem-demo-1 $J/inmates/ivshmem-demo.bin -a 0 \
		-s "jh-params: $1" -a 0xff000 2>&1) || fail "cell load failed: $out"
}
start() {
	out=$(jailhouse cell start ivshmem-demo-1 2>&1) || fail "cell start failed: $out"
}

# --- the copy bench: writes through the shared memory cost no exit -------
load "bdf=112 copy=16"
start
out=$(ivshmem-demo wait-state $DEV 1 1 120) ||
	fail "the root did not see the cell get ready: $out; cell: $(jailhouse console | tail -n 4)"
note "$out"
i=0
until jailhouse console | grep -q "copy bench: 16 rounds of 65536 bytes, waiting"; do
	i=$((i + 1))
	[ $i -lt 60 ] || fail "the cell did not start the copy bench: $(jailhouse console | tail -n 4)"
	sleep 1
done
sleep 1 # the line is out; its last exit counted
c0=$(cell_exits ivshmem-demo-1)
out=$(ivshmem-demo copy $DEV 1 300) || fail "copy bench: $out; cell: $(jailhouse console | tail -n 4)"
c1=$(cell_exits ivshmem-demo-1)
ivshmem-demo copy-ack $DEV || fail "copy-ack failed"
note "$out; the cell's exits meanwhile: $((c1 - c0))"
echo "$out" | grep -q "16 rounds of 65536 bytes.*, 0 bad bytes" || fail "copy bench: $out"
[ $((c1 - c0)) -eq 0 ] || fail "the cell took $((c1 - c0)) exits while it copied through the shared memory (expected none)"

# --- root -> cell -> root, 10,000 times -----------------------------------
e0=$(cell_exits root) m0=$(cell_exits root mmio) x0=$(cell_exits root xapic)
c0=$(cell_exits ivshmem-demo-1) cm0=$(cell_exits ivshmem-demo-1 mmio) cx0=$(cell_exits ivshmem-demo-1 xapic)
out=$(taskset -c 0 ivshmem-demo ping $DEV $ROUNDS) || fail "ping: $out"
note "$out"
echo "$out" | grep -q "$ROUNDS round trips with 1 peer(s)" || fail "ping did not make $ROUNDS round trips"
de=$(($(cell_exits root) - e0)) dm=$(($(cell_exits root mmio) - m0)) dx=$(($(cell_exits root xapic) - x0))
ce=$(($(cell_exits ivshmem-demo-1) - c0)) cm=$(($(cell_exits ivshmem-demo-1 mmio) - cm0)) cx=$(($(cell_exits ivshmem-demo-1 xapic) - cx0))
note "root: $de exits during the run ($dm MMIO, $dx xAPIC): $((de * 100 / ROUNDS))/100 per round trip, $((dm * 100 / ROUNDS))/100 MMIO"
note "cell: $ce exits during the run ($cm MMIO, $cx xAPIC): $((ce * 100 / ROUNDS))/100 per round trip"
# each doorbell write traps once; the cell's answer costs it its doorbell
# and at most the EOI of ours (a doorbell that arrives while the previous
# one is still pending merges with it, so some answers need no EOI)
[ $dm -ge $ROUNDS ] || fail "the root took $dm MMIO exits for $ROUNDS doorbells (at least one each)"
[ $cm -ge $ROUNDS ] && [ $cm -le $((ROUNDS + 20)) ] ||
	fail "the cell took $cm MMIO exits for $ROUNDS answers (expected 1 each)"
[ $ce -le $((2 * ROUNDS + 200)) ] ||
	fail "the cell took $ce exits for $ROUNDS answers (expected at most 2 each)"
jailhouse console | grep -qE "ivshmem-demo: $ROUNDS answers, 0 bad payloads" ||
	fail "the cell did not report $ROUNDS good messages: $(jailhouse console | grep answers | tail -n 2)"

# --- the cell destroyed and created again: the link survives --------------
out=$(jailhouse cell destroy ivshmem-demo-1 2>&1) || fail "cell destroy failed: $out"
out=$(ivshmem-demo wait-state $DEV 1 0 60) || fail "the root did not see the cell leave: $out"
note "$out"
[ -e $SYSDEV/uio ] || fail "the root's device went with the cell"
load "bdf=112 rounds=$BACK peers=1"
ivshmem-demo pong $DEV $BACK 300 >/tmp/pong.out 2>&1 &
bg=$!
start
wait $bg
rc=$?
bg=
note "$(cat /tmp/pong.out)"
[ $rc -eq 0 ] || fail "the root's answers: $(cat /tmp/pong.out); cell: $(jailhouse console | tail -n 4)"
i=0
while ! jailhouse console | grep -qE "run 1: [0-9]+ round trips"; do
	i=$((i + 1))
	[ $i -lt 60 ] || fail "the cell's run did not end: $(jailhouse console | tail -n 4)"
	sleep 1
done
r=$(jailhouse console | grep -E "run 1: [0-9]+ round trips" | tail -n 1)
note "cell: $r"
echo "$r" | grep -qE "run 1: $BACK round trips.*, 0 bad payloads, 0 timeouts" ||
	fail "the cell's run over the link failed: $r"

# --- disable while the link is up and in use -----------------------------
ivshmem-demo pong $DEV 1000000 600 >/tmp/pong2.out 2>&1 &
bg=$!
i=0
while ! jailhouse console | grep -qE "run 2: [0-9]+ rounds"; do
	i=$((i + 1))
	[ $i -lt 60 ] || fail "the cell did not start run 2: $(jailhouse console | tail -n 4)"
	sleep 1
done
sleep 2
out=$(jailhouse disable 2>&1) || fail "disable with the link up failed: $out"
[ -e $SYSDEV ] && fail "$SYSDEV is still in Linux after disable"
[ -e /sys/bus/pci/devices/0000:00:0f.0 ] && fail "00:0f.0 is still in Linux after disable"
i=0
while kill -0 $bg 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 30 ] || fail "the root's program did not end when its device went"
	sleep 1
done
bg=
note "root program during disable: $(cat /tmp/pong2.out | tr '\n' ' ')"
dmesg | grep -q "ivshmem device 0000:$DEV removed from Linux" ||
	fail "no removal message: $(dmesg | grep -i ivshmem)"
if dmesg | grep -E "WARNING:|BUG:|Oops|general protection"; then
	fail "the kernel complained (above)"
fi
ls /dev/uio* 2>/dev/null && fail "UIO devices left after disable"
rmmod uio_ivshmem || fail "rmmod uio_ivshmem failed"
rmmod uio 2>/dev/null
trap - EXIT
rmmod jailhouse 2>/dev/null
exit 0
