#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ivshmem-net between root Linux and a cell, on link N of the 2-CPU Bochs
# PC (configs/x86/bochs-sys-ivnet.c, ivshmem-net-link.h: 00:0c.0, protocol
# 0x4001, root peer 0, the ivshmem-net-echo cell peer 1):
#  - enable: the root's device appears in Linux bound to ivshmem_net (not
#    uio_ivshmem, also loaded), a network interface with it, no carrier;
#  - the ivshmem-net-echo cell starts: the carrier comes up; 200 pings
#    root -> 192.168.20.2 are all answered, the cell counts them;
#  - the cell destroyed: the carrier goes; created again: it comes back and
#    pings are answered again (the link survives the peer's restart);
#  - the root's interface down and up: the carrier follows both ends;
#  - disable with the link up: the device leaves Linux, no kernel warning.
# machines: bochs
# timeout: 1200

J=/jailhouse
DEV=00:0c.0
SYSDEV=/sys/bus/pci/devices/0000:$DEV
PINGS=200
for f in jailhouse.ko ivshmem_net.ko uio_ivshmem.ko cells/bochs-sys-ivnet.cell \
	 cells/ivshmem-net-echo.cell inmates/ivshmem-net-echo.bin; do
	[ -f $J/$f ] || fail "$J/$f is not in the initramfs"
done
modprobe uio || fail "modprobe uio failed"
insmod $J/uio_ivshmem.ko || fail "insmod uio_ivshmem.ko failed"
insmod $J/ivshmem_net.ko || fail "insmod ivshmem_net.ko failed"
enable_hv $J/cells/bochs-sys-ivnet.cell ivshmem-net-echo

# --- enable: the root's device, bound to ivshmem_net ------------------------
[ -e $SYSDEV ] || fail "enable did not add $DEV to Linux: $(dmesg | grep -i ivshmem | tail -n 5)"
[ "$(basename "$(readlink $SYSDEV/driver)")" = ivshmem_net ] ||
	fail "$DEV is bound to '$(basename "$(readlink $SYSDEV/driver)")', not ivshmem_net: $(dmesg | grep -i ivshmem | tail -n 5)"
ifc=$(ls $SYSDEV/net 2>/dev/null | head -n 1)
[ -n "$ifc" ] || fail "no network interface on $DEV"
note "$(dmesg | grep -E 'ivshmem' | sed 's/^\[[^]]*\] //' | tr '\n' ';')"
ip link set "$ifc" up || fail "ip link set $ifc up failed"
ip addr add 192.168.20.1/24 dev "$ifc" || fail "ip addr add failed"
[ "$(cat /sys/class/net/$ifc/carrier)" = 0 ] || fail "$ifc has a carrier without a peer"

# carrier WANT SECONDS: waits for /sys/class/net/$ifc/carrier = WANT
carrier() {
	i=0
	while [ "$(cat /sys/class/net/$ifc/carrier 2>/dev/null)" != "$1" ]; do
		i=$((i + 1))
		[ $i -le "$2" ] || return 1
		sleep 1
	done
}
start_cell() {
	cell_run ivshmem-net-echo ivshmem-net-echo ivshmem-net-echo
	carrier 1 60 || fail "no carrier 60 s after the cell started: $(dmesg | grep ivshmem_net | tail -n 3); cell: $(jailhouse console | tail -n 4)"
}
pings() {
	# -A: the next request as soon as the reply is in (not one a second):
	# the same checks, without 240 guest seconds of waiting
	out=$(ping -A -c "$1" -W 2 192.168.20.2 2>&1)
	echo "$out" | grep -q " $1 packets received" ||
		fail "not every ping answered: $(echo "$out" | tail -n 2); cell: $(jailhouse console | tail -n 3)"
	note "$(echo "$out" | tail -n 1)"
}

# --- the cell answers ---------------------------------------------------------
start_cell
pings $PINGS

# --- the cell destroyed and created again -------------------------------------
jailhouse cell destroy ivshmem-net-echo || fail "cell destroy failed"
carrier 0 20 || fail "the carrier stayed after the cell was destroyed"
start_cell
pings 20

# --- the root's interface down and up -------------------------------------------
ip link set "$ifc" down || fail "ip link set $ifc down failed"
ip link set "$ifc" up || fail "ip link set $ifc up failed"
ip addr add 192.168.20.1/24 dev "$ifc" 2>/dev/null
carrier 1 20 || fail "no carrier after the interface came back up"
pings 20

# --- the counters of the cell, then disable with the link up --------------------
jailhouse cell shutdown ivshmem-net-echo >/dev/null 2>&1
sleep 1
line=$(jailhouse console | grep "ivshmem-net-echo: [0-9]* frames" | tail -n 1)
note "cell: $line"
echo "$line" | grep -q "0 bad lengths, 0 link resets" || fail "the cell saw bad frames: $line"
jailhouse cell destroy ivshmem-net-echo || fail "cell destroy failed"
trap - EXIT
jailhouse disable || fail "disable failed"
[ -e $SYSDEV ] && fail "$DEV is still in Linux after disable"
rmmod ivshmem_net || fail "rmmod ivshmem_net failed"
rmmod uio_ivshmem || fail "rmmod uio_ivshmem failed"
if dmesg | grep -E "WARNING:|BUG:|Oops"; then
	fail "the kernel complained (above)"
fi
