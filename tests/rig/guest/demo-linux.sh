# SPDX-License-Identifier: GPL-2.0
#
# The Linux-cell part of the demo (`make demo LINUX=1`, tests/rig/demo
# --linux), run in its own 3-CPU Bochs PC after the main demo, in the same
# stage protocol as demo.sh (=== DEMO STAGE / RESULT, numbered from 21 so
# that the summary lists it after the main demo).  The guest kernel and
# its initramfs come from scripts/build-guest-kernel and
# scripts/build-guest-initramfs (staged as /jailhouse/guest/ by the rig);
# the cell's console is COM4, which the host shows as "linux-cell|".
# timeout: 1500

CELLS=/jailhouse/cells
GUEST=/jailhouse/guest
CELL=linux-cell
STAGE=20
BLOCKED=""
# guest seconds the Linux cell gets to boot before the list is shown
BOOT_WAIT=${DEMO_LINUX_WAIT:-45}

stage() {
	STAGE=$((STAGE + 1))
	echo "=== DEMO STAGE $STAGE $*"
}

result() {
	echo "=== DEMO RESULT $STAGE $*"
}

# run_stage COMMAND...: runs it unless an earlier stage blocks, shows its
# output, reports ok or failed.
run_stage() {
	if [ -n "$BLOCKED" ]; then
		result notrun "$BLOCKED"
		return 1
	fi
	out=$("$@" 2>&1)
	rc=$?
	[ -z "$out" ] || echo "$out"
	if [ $rc -eq 0 ]; then
		result ok
		return 0
	fi
	result failed "'$*' exited with status $rc"
	return 1
}

# needs FILE WHAT: a stage whose part is not built cannot run.
needs() {
	[ -e "$1" ] && return 0
	result missing "$2 is not built ($1 is absent)"
	return 1
}

# linux_boots: the cell stays running for BOOT_WAIT guest seconds while
# its Linux boots (its console is COM4: the host shows it); then the list.
linux_boots() {
	d=$(cell_dir $CELL) || { echo "there is no $CELL cell"; return 1; }
	n=0
	while [ $n -lt "$BOOT_WAIT" ]; do
		state=$(cat "$d/state")
		[ "$state" = running ] || { echo "the cell is $state after ${n}s"; return 1; }
		sleep 5
		n=$((n + 5))
	done
	echo "the cell ran for ${BOOT_WAIT}s; CPU 2 online in the root: $(cat /sys/devices/system/cpu/cpu2/online)"
	jailhouse cell list
}

# stop_linux: shutdown, destroy, and CPU 2 back online in the root.
stop_linux() {
	jailhouse cell shutdown $CELL || return 1
	jailhouse cell destroy $CELL || return 1
	n=0
	while [ "$(cat /sys/devices/system/cpu/cpu2/online)" != 1 ] && [ $n -lt 30 ]; do
		sleep 1
		n=$((n + 1))
	done
	[ "$(cat /sys/devices/system/cpu/cpu2/online)" = 1 ] || { echo "CPU 2 did not come back"; return 1; }
	echo "CPU 2 is Linux's again"
}

stage "Linux cell: load jailhouse.ko"
if [ "$(nproc)" -lt 3 ]; then
	result failed "this part needs the 3-CPU Bochs PC, the guest has $(nproc) CPUs"
	BLOCKED="not a 3-CPU PC"
elif grep -q '^jailhouse ' /proc/modules; then
	result ok
elif needs /jailhouse/jailhouse.ko "the driver"; then
	run_stage insmod /jailhouse/jailhouse.ko || BLOCKED="jailhouse.ko is not loaded"
else
	BLOCKED="jailhouse.ko is not loaded"
fi

stage "Linux cell: jailhouse enable bochs-sys-3cpu.cell"
if [ -n "$BLOCKED" ] || needs $CELLS/bochs-sys-3cpu.cell "the 3-CPU system config"; then
	run_stage jailhouse enable $CELLS/bochs-sys-3cpu.cell || BLOCKED="the hypervisor is not enabled"
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

stage "the Linux cell boots (its console: COM4), jailhouse cell list"
run_stage linux_boots

stage "jailhouse cell shutdown and destroy linux-cell, CPU 2 back to Linux"
if [ -n "$(cell_dir $CELL)" ]; then
	BLOCKED=""
	run_stage stop_linux
else
	result notrun "there is no $CELL cell"
fi

BLOCKED=""
stage "Linux cell: jailhouse disable, unload jailhouse.ko"
if [ "$(cat /sys/devices/jailhouse/enabled 2>/dev/null)" = 1 ]; then
	run_stage sh -c "jailhouse disable && rmmod jailhouse"
elif grep -q '^jailhouse ' /proc/modules; then
	run_stage rmmod jailhouse
else
	result notrun "jailhouse.ko was not loaded"
fi
echo "=== DEMO END linux"
