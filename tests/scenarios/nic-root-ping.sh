#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Root Linux drives the Bochs PC's e1000 (00:02.0, 8086:100e, on Bochs'
# vnet back end) with Debian's e1000 module: eth0 gets 192.168.10.15/24,
# the address vnet's DHCP would hand out, and three pings to the vnet
# host 192.168.10.1 must all be answered, by interrupt on IRQ 10, which no
# other root device uses (tests/rig/README.md, "The NIC").  The module is
# unloaded again at the end, so the next scenario finds no eth0.
# machines: bochs
# skip-kvm: it drives the Bochs PC's e1000 (82540EM, e1000.ko, IOAPIC pin 10); the nested-KVM PC has an e1000e
# timeout: 180

NIC=0000:00:02.0
VNET_HOST=192.168.10.1
GUEST_IP=192.168.10.15
NIC_IRQ=10

[ -d /sys/bus/pci/devices/$NIC ] || fail "no PCI device $NIC: is the e1000 in the bochsrc?"
[ "$(cat /sys/bus/pci/devices/$NIC/vendor):$(cat /sys/bus/pci/devices/$NIC/device)" = 0x8086:0x100e ] ||
	fail "$NIC is not the e1000 (8086:100e)"
modprobe e1000 || fail "modprobe e1000 failed"
trap 'ip link set eth0 down 2>/dev/null; rmmod e1000 2>/dev/null' EXIT

# The driver names the interface; wait for it and its link.
i=0
while [ ! -d /sys/bus/pci/devices/$NIC/net/eth0 ] && [ $i -lt 20 ]; do
	sleep 1
	i=$((i + 1))
done
[ -d /sys/bus/pci/devices/$NIC/net/eth0 ] || fail "e1000 bound but no eth0 under $NIC"
ip addr add $GUEST_IP/24 dev eth0 || fail "ip addr add failed"
ip link set eth0 up || fail "ip link set eth0 up failed"
i=0
while [ "$(cat /sys/class/net/eth0/carrier 2>/dev/null)" != 1 ] && [ $i -lt 20 ]; do
	sleep 1
	i=$((i + 1))
done
[ "$(cat /sys/class/net/eth0/carrier 2>/dev/null)" = 1 ] || fail "eth0 has no link after 20 s"

irq=$(cat /sys/bus/pci/devices/$NIC/irq)
[ "$irq" = $NIC_IRQ ] || fail "the e1000 is on IRQ $irq, not $NIC_IRQ (see tests/rig/README.md)"
line=$(grep "^ *$NIC_IRQ:" /proc/interrupts)
case "$line" in
*eth0) ;;
*) fail "IRQ $NIC_IRQ is not eth0's alone: $line" ;;
esac
count() {
	grep "^ *$NIC_IRQ:" /proc/interrupts |
		awk '{ for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i } END { print n + 0 }'
}
before=$(count)

out=$(ping -c 3 -W 5 $VNET_HOST 2>&1)
echo "$out"
echo "$out" | grep -q '3 packets transmitted, 3 packets received' ||
	fail "not every ping to the vnet host $VNET_HOST was answered"
after=$(count)
[ "$after" -gt "$before" ] || fail "no interrupt on IRQ $NIC_IRQ during the pings ($before -> $after)"
note "3 of 3 pings answered; IRQ $NIC_IRQ interrupts $before -> $after"
exit 0
