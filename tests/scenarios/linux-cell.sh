#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A Linux cell on the 3-CPU Bochs PC: `jailhouse cell linux` boots the
# guest kernel of scripts/build-guest-kernel with the initramfs of
# scripts/build-guest-initramfs in linux-cell-bochs.cell (CPU 2, 48 MiB,
# COM4).  The root cannot read COM4 (the cell owns it): the guest's
# markers are judged on the host side (linux-cell.expect, "com4+" lines:
# init ran, 1 CPU, about 48 MiB, ready, no kernel report).  Here, in the
# root: the cell runs, `jailhouse cell list` shows it, CPU 2 is gone from
# Linux while it runs; a root loop prints a tick at least once a second
# through the guest's boot and no gap exceeds 2 s of the root's time; then
# shutdown and destroy give CPU 2 back (Linux onlines it) and disable.
# LINUX_CELL_WAIT: root (guest) seconds the cell gets to boot; measured,
# `ready` came ~9 s after `cell linux` (the ticks around it on COM1 and
# build/rig/.../com4-stamped.log), so 45 s leave five times that.
# machines: bochs
# cpus: 3
# timeout: 1500

J=/jailhouse
G=/jailhouse/guest
CELL=linux-cell
WAIT=${LINUX_CELL_WAIT:-45}
[ "$(nproc)" -ge 3 ] || fail "this scenario needs 3 CPUs, the guest has $(nproc)"
[ -f $G/bzImage ] || skip "guest kernel not built: run scripts/build-guest-kernel"
[ -f $G/initrd ] || skip "guest initramfs not built: run scripts/build-guest-initramfs"
for f in cells/bochs-sys-3cpu.cell cells/linux-cell-bochs.cell inmates/linux-loader.bin; do
	[ -f $J/$f ] || fail "$J/$f is not in the initramfs"
done
# IOAPIC pin 3 goes to the cell: no root device may use IRQ 3.
if grep -qE '^ *3:' /proc/interrupts; then
	fail "the root uses IRQ 3, the Linux cell's pin: $(grep -E '^ *3:' /proc/interrupts)"
fi
uptime_now() { cut -d' ' -f1 /proc/uptime; }

enable_hv $J/cells/bochs-sys-3cpu.cell $CELL

# The tick loop: one line per second on the console and in a file, on the
# root's CPUs, from before the cell starts until after it booted.
: >/tmp/ticks
(
	while [ ! -f /tmp/ticks.stop ]; do
		t=$(uptime_now)
		echo "$t" >>/tmp/ticks
		echo "linux-cell: root tick $t"
		sleep 1
	done
) &
TICKER=$!
sleep 2

start=$(uptime_now)
note "cell linux at root uptime $start"
out=$(jailhouse cell linux $J/cells/linux-cell-bochs.cell $G/bzImage \
	-i $G/initrd -l $J/inmates/linux-loader.bin \
	-c "console=ttyS3 earlyprintk=serial,0x2e8,115200" 2>&1) ||
	{ touch /tmp/ticks.stop; fail "jailhouse cell linux failed: $out"; }
note "started at root uptime $(uptime_now): $out"
D=$(cell_dir $CELL) || { touch /tmp/ticks.stop; fail "no cell $CELL after cell linux"; }

# The guest boots; it must stay running all along.
end=$(awk -v s="$start" -v w="$WAIT" 'BEGIN { print s + w }')
while awk -v n="$(uptime_now)" -v e="$end" 'BEGIN { exit !(n < e) }'; do
	state=$(cat "$D/state")
	[ "$state" = running ] || {
		touch /tmp/ticks.stop
		fail "the Linux cell is '$state' at root uptime $(uptime_now): $(jailhouse console | tail -n 5)"
	}
	sleep 2
done
touch /tmp/ticks.stop
wait $TICKER

list=$(jailhouse cell list)
echo "$list"
[ "$(echo "$list" | awk -v n=$CELL '$2 == n { print $3 }')" = running ] ||
	fail "jailhouse cell list does not show $CELL running"
[ "$(cat /sys/devices/system/cpu/cpu2/online)" = 0 ] || fail "CPU 2 is still Linux's while the cell runs"
note "root exits so far: $(cell_exits root); cell exits: $(cell_exits $CELL)"

gap=$(awk 'NR > 1 { g = $1 - p; if (g > m) m = g } { p = $1 } END { printf "%.2f", m }' /tmp/ticks)
note "$(wc -l </tmp/ticks) root ticks, longest gap ${gap}s"
awk -v g="$gap" 'BEGIN { exit !(g <= 2) }' || fail "the root stalled: a gap of ${gap}s between ticks"

out=$(jailhouse cell shutdown $CELL 2>&1) || fail "cell shutdown failed: $out"
wait_cell_state "$D" "shut down" 30 || fail "the cell is '$(cat "$D/state")' after shutdown, not shut down"
cell_destroy $CELL
n=0
while [ "$(cat /sys/devices/system/cpu/cpu2/online)" != 1 ] && [ $n -lt 30 ]; do
	sleep 1
	n=$((n + 1))
done
[ "$(cat /sys/devices/system/cpu/cpu2/online)" = 1 ] || fail "CPU 2 did not come back to Linux"
taskset -c 2 true || fail "CPU 2 is online but runs no task"
trap - EXIT
out=$(jailhouse disable 2>&1) || fail "jailhouse disable failed: $out"
note "CPU 2 is Linux's again; hypervisor disabled"
