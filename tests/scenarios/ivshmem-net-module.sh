#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ivshmem_net.ko (built by DKMS with jailhouse.ko for the booted kernel)
# loads, registers its PCI driver for 110a:4106 links of protocol 0x4001,
# binds to nothing on a PC without ivshmem devices (no hypervisor here) and
# creates no network device; beside uio_ivshmem.ko as well.  Its probe
# refuses a device that is no ivshmem link cleanly: it is offered an unbound
# PCI device of the PC with a memory BAR 0 (through new_id), says why it
# declines, binds nothing, leaves no interface, and the kernel stays quiet.
# Then both unload.  Frames over a real link: scenario ivshmem-net (Bochs,
# not run yet).
# machines: qemu-6.1 qemu-6.12 qemu-6.12-rt
# timeout: 60

J=/jailhouse
d=/sys/bus/pci/drivers/ivshmem_net
[ -f $J/ivshmem_net.ko ] || fail "$J/ivshmem_net.ko is not in the initramfs"
[ -f $J/uio_ivshmem.ko ] || fail "$J/uio_ivshmem.ko is not in the initramfs"
nets_before=$(ls /sys/class/net | tr '\n' ' ')
# the kernel log of this scenario only (earlier ones' lines stay for theirs)
log_start=$(dmesg | wc -l)
new_log() { dmesg | tail -n +$((log_start + 1)); }

insmod $J/ivshmem_net.ko || fail "insmod ivshmem_net.ko failed: $(new_log | tail -n 3)"
[ -d $d ] || fail "no PCI driver ivshmem_net after insmod"
bound=$(ls $d | grep -c '^0000:')
[ "$bound" = 0 ] || fail "ivshmem_net bound to $bound device(s) on a PC without ivshmem"
[ "$(ls /sys/class/net | tr '\n' ' ')" = "$nets_before" ] ||
	fail "network interfaces changed without an ivshmem device: '$nets_before' -> '$(ls /sys/class/net | tr '\n' ' ')'"

# Both Linux drivers of ivshmem side by side.
modprobe uio || fail "modprobe uio failed"
insmod $J/uio_ivshmem.ko || fail "insmod uio_ivshmem.ko next to ivshmem_net failed: $(new_log | tail -n 3)"

# An unbound device with a memory BAR 0: the probe must decline it.
victim=""
for dev in /sys/bus/pci/devices/*; do
	[ -e "$dev/driver" ] && continue
	# first line of resource: start end flags; 0x200 is IORESOURCE_MEM
	# shellcheck disable=SC2046 # the three fields as words
	set -- $(head -n 1 "$dev/resource")
	[ "$#" = 3 ] || continue
	if [ $(($3 & 0x200)) != 0 ] && [ $(($2)) != 0 ]; then
		victim=$dev
		break
	fi
done
[ -n "$victim" ] || fail "no unbound PCI device with a memory BAR 0 to offer the probe ($(ls /sys/bus/pci/devices | tr '\n' ' '))"
ids="$(sed 's/^0x//' "$victim/vendor") $(sed 's/^0x//' "$victim/device")"
name=${victim##*/}
echo "$ids" >$d/new_id || fail "new_id '$ids' refused"
sleep 1
echo "$ids" >$d/remove_id || fail "remove_id '$ids' refused"
[ -e "$victim/driver" ] && fail "ivshmem_net bound $name ($ids), which is no ivshmem link"
msg=$(new_log | grep "ivshmem_net $name" | head -n 1)
case "$msg" in
*"not an ivshmem v2 device"* | *"exactly 2 peers"* | *"cannot claim BARs"*)
	note "the probe declined $name ($ids): ${msg#*ivshmem_net "$name": }" ;;
*)
	fail "no refusal of $name ($ids) from the probe in the kernel log: '$msg'" ;;
esac
[ "$(ls /sys/class/net | tr '\n' ' ')" = "$nets_before" ] ||
	fail "the declined probe left a network interface: $(ls /sys/class/net | tr '\n' ' ')"

rmmod uio_ivshmem || fail "rmmod uio_ivshmem failed"
rmmod uio || fail "rmmod uio failed"
rmmod ivshmem_net || fail "rmmod ivshmem_net failed"
[ -d $d ] && fail "PCI driver ivshmem_net still there after rmmod"
if new_log | grep -E "WARNING:|BUG:|Oops"; then
	fail "the kernel complained (above)"
fi
note "ivshmem_net loaded, declined $name and unloaded on $(uname -r)"
