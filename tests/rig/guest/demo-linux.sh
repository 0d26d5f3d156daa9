# SPDX-License-Identifier: GPL-2.0
#
# The Linux-cell part of the demo (`make demo LINUX=1`, tests/rig/demo
# --linux), run in its own 3-CPU Bochs PC after the main demo, in the stage
# protocol of demo-lib.sh (numbered from 21 so that the summary lists it
# after the main demo).  The guest kernel and its initramfs come from
# scripts/build-guest-kernel and scripts/build-guest-initramfs (staged as
# /jailhouse/guest/ by the rig); the cell's console is COM4, which the host
# shows as "linux-cell|".  Root and cell talk over ivshmem-net link N
# (bochs-sys-3cpu-ivnet.cell): the root is 192.168.19.1, the guest
# 192.168.19.2 and pings the root by itself (its console shows it).
# timeout: 1500

CELLS=/jailhouse/cells
GUEST=/jailhouse/guest
CELL=linux-cell
DEV=/sys/bus/pci/devices/0000:00:0c.0
STAGE=20
. /jailhouse/demo-lib.sh
# guest seconds the Linux cell gets to boot and bring its link up
BOOT_WAIT=${DEMO_LINUX_WAIT:-90}

ifc() { ls $DEV/net 2>/dev/null | head -n 1; }
carrier() { [ "$(cat /sys/class/net/"$(ifc)"/carrier 2>/dev/null)" = "$1" ]; }

# root_link: the root's end of the link, bound to ivshmem_net, up.
root_link() {
	[ -e $DEV ] || { echo "enable did not add 00:0c.0 to Linux"; return 1; }
	[ -n "$(ifc)" ] || { echo "00:0c.0 has no network interface (driver: $(basename "$(readlink $DEV/driver)"))"; return 1; }
	ip link set "$(ifc)" up && ip addr add 192.168.19.1/24 dev "$(ifc)" || return 1
	echo "$(ifc): 192.168.19.1/24, waiting for its peer"
}

enable_link() {
	jailhouse enable $CELLS/bochs-sys-3cpu-ivnet.cell && root_link
}

# linux_boots: the cell stays running while its Linux boots (its console
# is COM4: the host shows it) until the link is up, then the list.
linux_boots() {
	d=$(cell_dir $CELL) || { echo "there is no $CELL cell"; return 1; }
	n=0
	while ! carrier 1; do
		state=$(cat "$d/state")
		[ "$state" = running ] || { echo "the cell is $state after ${n}s"; return 1; }
		[ $n -lt "$BOOT_WAIT" ] || { echo "no link to the cell after ${n}s"; return 1; }
		sleep 1
		n=$((n + 1))
	done
	echo "the link is up ${n}s after cell linux; CPU 2 online in the root: $(cat /sys/devices/system/cpu/cpu2/online)"
	jailhouse cell list
}

# ping_guest: the root pings the Linux cell, every echo answered.
ping_guest() {
	ping -c 5 -W 2 192.168.19.2 >/tmp/ping.out 2>&1
	cat /tmp/ping.out
	grep -q '5 packets received' /tmp/ping.out
}

# stop_linux: shutdown (the root's link goes down), destroy, and CPU 2
# back online in the root.
stop_linux() {
	jailhouse cell shutdown $CELL || return 1
	wait_until 10 carrier 0 || { echo "the root's link stayed up"; return 1; }
	echo "the root's link is down"
	jailhouse cell destroy $CELL || return 1
	n=0
	while [ "$(cat /sys/devices/system/cpu/cpu2/online)" != 1 ] && [ $n -lt 30 ]; do
		sleep 1
		n=$((n + 1))
	done
	[ "$(cat /sys/devices/system/cpu/cpu2/online)" = 1 ] || { echo "CPU 2 did not come back"; return 1; }
	echo "CPU 2 is Linux's again"
}

stage "Linux cell: load jailhouse.ko and ivshmem_net.ko"
if [ "$(nproc)" -lt 3 ]; then
	result failed "this part needs the 3-CPU Bochs PC, the guest has $(nproc) CPUs"
	BLOCKED="not a 3-CPU PC"
elif needs /jailhouse/jailhouse.ko "the driver" &&
     needs /jailhouse/ivshmem_net.ko "the ivshmem-net driver"; then
	run_stage sh -c "{ grep -q '^jailhouse ' /proc/modules || insmod /jailhouse/jailhouse.ko; } &&
		{ grep -q '^ivshmem_net ' /proc/modules || insmod /jailhouse/ivshmem_net.ko; }" ||
		BLOCKED="the drivers are not loaded"
else
	BLOCKED="the drivers are not loaded"
fi

stage "Linux cell: jailhouse enable bochs-sys-3cpu-ivnet.cell, the root's ivshmem-net up"
if [ -n "$BLOCKED" ] || needs $CELLS/bochs-sys-3cpu-ivnet.cell "the 3-CPU system config with link N"; then
	run_stage enable_link || BLOCKED="the hypervisor is not enabled with the link up"
else
	BLOCKED="the hypervisor is not enabled"
fi

stage "jailhouse cell linux linux-cell-bochs.cell bzImage -i initrd -c console=ttyS3"
if [ -n "$BLOCKED" ]; then
	result notrun "$BLOCKED"
elif ! needs $GUEST/bzImage "the guest kernel (scripts/build-guest-kernel)" ||
     ! needs $GUEST/initrd "the guest initramfs (scripts/build-guest-initramfs)" ||
     ! needs $CELLS/linux-cell-bochs.cell "the Linux cell config" ||
     ! needs /jailhouse/inmates/linux-loader.bin "the linux-loader inmate"; then
	BLOCKED="there is no Linux cell"
else
	run_stage jailhouse cell linux $CELLS/linux-cell-bochs.cell $GUEST/bzImage \
		-i $GUEST/initrd -l /jailhouse/inmates/linux-loader.bin -c "console=ttyS3" || BLOCKED="there is no Linux cell"
fi

stage "the Linux cell boots (its console: COM4), its link comes up, jailhouse cell list"
run_stage linux_boots || BLOCKED=${BLOCKED:-"the Linux cell's link is not up"}

stage "the root pings the Linux cell (192.168.19.2); the cell pings the root (COM4)"
run_stage ping_guest

stage "jailhouse cell shutdown (the root's link goes down) and destroy, CPU 2 back to Linux"
if [ -n "$(cell_dir $CELL)" ]; then
	BLOCKED=""
	run_stage stop_linux
else
	result notrun "there is no $CELL cell"
fi

BLOCKED=""
stage "Linux cell: jailhouse disable, unload ivshmem_net.ko and jailhouse.ko"
if [ "$(cat /sys/devices/jailhouse/enabled 2>/dev/null)" = 1 ]; then
	run_stage sh -c "jailhouse disable && rmmod ivshmem_net && rmmod jailhouse"
elif grep -q '^jailhouse ' /proc/modules; then
	run_stage sh -c "{ ! grep -q '^ivshmem_net ' /proc/modules || rmmod ivshmem_net; } && rmmod jailhouse"
else
	result notrun "jailhouse.ko was not loaded"
fi
echo "=== DEMO END linux"
