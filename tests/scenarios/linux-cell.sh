#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A Linux cell with two CPUs on the 3-CPU Bochs PC with ivshmem-net link N
# to the root: `jailhouse cell linux` boots the guest kernel of
# scripts/build-guest-kernel with the initramfs of
# scripts/build-guest-initramfs in linux-cell-bochs-smp.cell (CPUs 1 and 2,
# 48 MiB, COM4, peer 1 of link N, 00:0c.0) under bochs-sys-3cpu-ivnet.cell
# (the root keeps CPU 0, peer 0).  Linux starts on CPU 1 and brings CPU 2
# up through the hypervisor's INIT/SIPI emulation.  This replaced the
# 1-CPU case (linux-cell-bochs.cell), whose checks it all makes with one
# more CPU: the 3-CPU boot is CI's long pole.  The root cannot read
# COM4 (the cell owns it): the guest's markers are judged on the host side
# (linux-cell.expect, "com4+" lines: init ran, 2 CPUs, about 48 MiB, its
# ivshmem-net interface at 192.168.19.2, ready, its 5 pings of the root
# answered, no kernel report).  Here, in the root:
#  - the root's end of the link is bound to ivshmem_net, 192.168.19.1/24,
#    no carrier before the cell runs;
#  - the cell runs, its link comes up (carrier), the guest's pings arrive
#    (the root's ICMP echo requests counter), the root's 5 pings of
#    192.168.19.2 are all answered; `jailhouse cell list` shows the cell,
#    CPUs 1 and 2 are gone from Linux, and both run in the cell (VM exits
#    on each; the exits by reason are noted);
#  - a root loop prints a tick at least once a second through the guest's
#    boot and no gap exceeds 2 s of the root's time;
#  - shutdown takes the link down at the root (the peer's state change),
#    destroy gives CPUs 1 and 2 back (Linux onlines them), disable removes the
#    root's device, ivshmem_net unloads, no kernel warning.
# LINUX_CELL_WAIT: root (guest) seconds the cell gets from `cell linux` to
# its pings of the root; measured, `ready` came ~9 s after `cell linux`,
# so 90 s leave room for a loaded host.
# machines: bochs
# cpus: 3
# timeout: 1500

J=/jailhouse
G=/jailhouse/guest
CELL=linux-cell-smp
CELLCFG=linux-cell-bochs-smp.cell
DEV=00:0c.0
SYSDEV=/sys/bus/pci/devices/0000:$DEV
WAIT=${LINUX_CELL_WAIT:-90}
[ "$(nproc)" -ge 3 ] || fail "this scenario needs 3 CPUs, the guest has $(nproc)"
[ -f $G/bzImage ] || skip "guest kernel not built: run scripts/build-guest-kernel"
[ -f $G/initrd ] || skip "guest initramfs not built: run scripts/build-guest-initramfs"
for f in cells/bochs-sys-3cpu-ivnet.cell cells/$CELLCFG \
	 inmates/linux-loader.bin ivshmem_net.ko; do
	[ -f $J/$f ] || fail "$J/$f is not in the initramfs"
done
# IOAPIC pin 3 goes to the cell: no root device may use IRQ 3.
if grep -qE '^ *3:' /proc/interrupts; then
	fail "the root uses IRQ 3, the Linux cell's pin: $(grep -E '^ *3:' /proc/interrupts)"
fi
uptime_now() { cut -d' ' -f1 /proc/uptime; }
# within SECONDS COMMAND...: status 0 once COMMAND succeeds, checked once
# a second
within() {
	n=$1
	shift
	while ! "$@" && [ "$n" -gt 0 ]; do
		sleep 1
		n=$((n - 1))
	done
	"$@"
}
carrier_is() { [ "$(cat /sys/class/net/$ifc/carrier)" = "$1" ]; }
cpu_online() { [ "$(cat /sys/devices/system/cpu/cpu$1/online)" = 1 ]; }
cpus_online() { cpu_online 1 && cpu_online 2; }
# by_reason DIR: the nonzero VM-exit counts of the cell at sysfs DIR by
# reason, summed over its CPUs ("mmio 12 xapic 34 ...")
by_reason() {
	awk '{ split(FILENAME, p, "vmexits_"); n[p[2]] += $1 }
	     END { for (r in n) if (r != "total" && n[r]) printf "%s %d ", r, n[r] }' \
		"$1"/statistics/cpu*/vmexits_*
}
# the root's ICMP echo requests received so far (/proc/net/snmp)
in_echos() {
	awk '$1 == "Icmp:" && !h { for (i = 2; i <= NF; i++) if ($i == "InEchos") c = i; h = 1; next }
	     $1 == "Icmp:" && h { print $c; exit }' /proc/net/snmp
}

dmesg0=$(dmesg | wc -l)
insmod $J/ivshmem_net.ko || fail "insmod ivshmem_net.ko failed"
enable_hv $J/cells/bochs-sys-3cpu-ivnet.cell $CELL

# --- the root's end of the link ---------------------------------------------
[ -e $SYSDEV ] || fail "enable did not add $DEV to Linux: $(dmesg | grep -i ivshmem | tail -n 5)"
[ "$(basename "$(readlink $SYSDEV/driver)")" = ivshmem_net ] ||
	fail "$DEV is bound to '$(basename "$(readlink $SYSDEV/driver)")', not ivshmem_net"
ifc=$(ls $SYSDEV/net 2>/dev/null | head -n 1)
[ -n "$ifc" ] || fail "no network interface on $DEV"
ip link set "$ifc" up || fail "ip link set $ifc up failed"
ip addr add 192.168.19.1/24 dev "$ifc" || fail "ip addr add failed"
[ "$(cat /sys/class/net/$ifc/carrier)" = 0 ] || fail "$ifc has a carrier without a peer"
echos0=$(in_echos)

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
sleep 1
stop_ticks() {
	touch /tmp/ticks.stop
	wait $TICKER
}

start=$(uptime_now)
note "cell linux at root uptime $start"
out=$(jailhouse cell linux $J/cells/$CELLCFG $G/bzImage \
	-i $G/initrd -l $J/inmates/linux-loader.bin \
	-c "console=ttyS3 earlyprintk=serial,0x2e8,115200" 2>&1) ||
	{ stop_ticks; fail "jailhouse cell linux failed: $out"; }
started=$(uptime_now)
note "started at root uptime $started: $out"
D=$(cell_dir $CELL) || { stop_ticks; fail "no cell $CELL after cell linux"; }

# --- the guest boots, brings its link up and pings the root -----------------
# It must stay running all along; done once its 5 pings arrived (the guest
# says on COM4 whether their answers came back).
end=$(awk -v s="$start" -v w="$WAIT" 'BEGIN { print s + w }')
up_at= pinged_at=
while awk -v n="$(uptime_now)" -v e="$end" 'BEGIN { exit !(n < e) }'; do
	state=$(cat "$D/state")
	[ "$state" = running ] || {
		stop_ticks
		fail "the Linux cell is '$state' at root uptime $(uptime_now): $(jailhouse console | tail -n 5)"
	}
	if [ -z "$up_at" ] && [ "$(cat /sys/class/net/$ifc/carrier)" = 1 ]; then
		up_at=$(uptime_now)
		note "boot exits (cell start to link up): $(cell_exits $CELL) ($(by_reason "$D"))"
	fi
	if [ $(($(in_echos) - echos0)) -ge 5 ]; then
		pinged_at=$(uptime_now)
		break
	fi
	# the guest sets its link up right before its shell: poll finely
	sleep 0.2
done
[ -n "$up_at" ] || { stop_ticks; fail "no carrier on $ifc ${WAIT}s after cell linux: $(dmesg | grep ivshmem | tail -n 3)"; }
note "link up at root uptime $up_at ($(awk -v a="$up_at" -v s="$start" 'BEGIN { printf "%.1f", a - s }')s after cell linux, $(awk -v a="$up_at" -v s="$started" 'BEGIN { printf "%.1f", a - s }')s after it returned)"
[ -n "$pinged_at" ] || { stop_ticks; fail "the guest's pings did not reach the root within ${WAIT}s ($(($(in_echos) - echos0)) echo requests)"; }
note "the guest's 5 pings arrived by root uptime $pinged_at"

# --- the root pings the guest -------------------------------------------------
out=$(ping -c 5 -W 2 192.168.19.2 2>&1)
stop_ticks
echo "$out" | grep -q " 5 packets received" ||
	fail "the root's pings of 192.168.19.2 were not all answered: $(echo "$out" | tail -n 2)"
note "root -> guest: $(echo "$out" | tail -n 1)"

list=$(jailhouse cell list)
echo "$list"
[ "$(echo "$list" | awk -v n=$CELL '$2 == n { print $3 }')" = running ] ||
	fail "jailhouse cell list does not show $CELL running"
for c in 1 2; do
	! cpu_online $c || fail "CPU $c is still Linux's while the cell runs"
done
# both CPUs ran guest code: each took VM exits (CPU 2 only after Linux's
# INIT/SIPI; a CPU left waiting for its SIPI takes none)
for f in "$D"/statistics/cpu*/vmexits_total; do
	[ "$(cat "$f")" -gt 0 ] || fail "the cell's ${f#"$D"/statistics/} is 0: that CPU never ran"
done
[ "$(ls -d "$D"/statistics/cpu* | wc -l)" = 2 ] || fail "the cell has $(ls -d "$D"/statistics/cpu* | wc -l) CPUs in sysfs, not 2"
note "root exits so far: $(cell_exits root); cell exits: $(cell_exits $CELL) ($(by_reason "$D"))"
for f in "$D"/statistics/cpu*; do
	note "cell ${f##*/}: $(cat "$f"/vmexits_total) exits"
done

gap=$(awk 'NR > 1 { g = $1 - p; if (g > m) m = g } { p = $1 } END { printf "%.2f", m }' /tmp/ticks)
note "$(wc -l </tmp/ticks) root ticks, longest gap ${gap}s"
awk -v g="$gap" 'BEGIN { exit !(g <= 2) }' || fail "the root stalled: a gap of ${gap}s between ticks"

# --- shutdown: the root sees its peer go; destroy; disable -------------------
# (the hypervisor resets the peer's state at the stop; ivshmem_net makes
# its rings fresh and drops the carrier, without a "link down" line then)
t=$(uptime_now)
out=$(jailhouse cell shutdown $CELL 2>&1) || fail "cell shutdown failed: $out"
wait_cell_state "$D" "shut down" 30 || fail "the cell is '$(cat "$D/state")' after shutdown, not shut down"
within 10 carrier_is 0 || fail "$ifc kept its carrier after the cell was shut down"
note "the root's carrier went down within $(awk -v a="$(uptime_now)" -v s="$t" 'BEGIN { printf "%.1f", a - s }')s of cell shutdown"
cell_destroy $CELL
within 30 cpus_online || fail "CPUs 1 and 2 did not both come back to Linux"
for c in 1 2; do
	taskset -c $c true || fail "CPU $c is online but runs no task"
done
trap - EXIT
out=$(jailhouse disable 2>&1) || fail "jailhouse disable failed: $out"
[ -e $SYSDEV ] && fail "$DEV is still in Linux after disable"
rmmod ivshmem_net || fail "rmmod ivshmem_net failed"
if dmesg | tail -n +$((dmesg0 + 1)) | grep -E "WARNING:|BUG:|Oops"; then
	fail "the kernel complained (above)"
fi
note "CPUs 1 and 2 are Linux's again; hypervisor disabled"
