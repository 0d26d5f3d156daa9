# SPDX-License-Identifier: GPL-2.0
# timeout: 3000
#
# `tests/bench/linux-cell` guest side, on the 3-CPU Bochs PC with
# bochs-sys-3cpu-ivnet.cell: prints "BENCH key value" lines, one per
# repeat, that the host turns into min and median.  Guest time from
# /proc/uptime (the root's clock: in Bochs every CPU's TSC counts the
# same emulated time).  Per Linux cell (1 CPU: linux-cell-bochs.cell,
# 2 CPUs: linux-cell-bochs-smp.cell; 2l: the 2-CPU cell with
# `pci=lastbus=0`, which spares Linux its scan of buses 1-255), each
# LINUX_BENCH_REPS times:
#  - boot-N: from `jailhouse cell linux` returning (the cell started) to
#    its ivshmem-net carrier at the root (the guest's /init sets its link
#    up right before its shell; polled every 0.1 s);
#  - bootexits-N-REASON: the cell's VM exits until then, by reason;
#  - idle-N-REASON: exits per second over IDLE quiet seconds once its
#    pings of the root are done;
# and the root's CPU-bound loop (hv-probe loop) on CPU 0, LOOP_RUNS runs
# each: before enable, enabled without a cell, beside the idle 2-CPU cell
# and beside the 2-CPU cell running a CPU-bound loop on each CPU
# (`cellbusy` on its command line, /init of build-guest-initramfs), both
# with pci=lastbus=0.
. /jailhouse/lib.sh

J=/jailhouse
G=/jailhouse/guest
REPS=${LINUX_BENCH_REPS:-3}
IDLE=8
LOOP=3000000
LOOP_RUNS=9
DEV=00:0c.0
SYSDEV=/sys/bus/pci/devices/0000:$DEV

[ "$(nproc)" -ge 3 ] || fail "the Linux-cell bench needs 3 CPUs, the guest has $(nproc)"
[ -f $G/bzImage ] && [ -f $G/initrd ] ||
	fail "the guest kernel or initramfs is not built (scripts/build-guest-kernel, scripts/build-guest-initramfs)"

now() { cut -d' ' -f1 /proc/uptime; }
in_echos() {
	awk '$1 == "Icmp:" && !h { for (i = 2; i <= NF; i++) if ($i == "InEchos") c = i; h = 1; next }
	     $1 == "Icmp:" && h { print $c; exit }' /proc/net/snmp
}
# loops NAME: the root's loop on CPU 0, LOOP_RUNS times (TSC ticks)
loops() {
	for n in $(seq $LOOP_RUNS); do
		echo "BENCH loop-$1 $(taskset -c 0 hv-probe loop $LOOP | awk '{ print $3 }')"
	done
}
# snap FILE: the cell's exits by reason (summed over its CPUs) and the time
snap() {
	now >"$1.t"
	awk '{ split(FILENAME, p, "vmexits_"); n[p[2]] += $1 }
	     END { for (r in n) print r, n[r] }' "$D"/statistics/cpu*/vmexits_* >"$1"
}
# wait_for SECONDS COMMAND...: polls COMMAND every 0.1 s
wait_for() {
	w_end=$(awk -v n="$(now)" -v s="$1" 'BEGIN { print n + s }')
	shift
	until "$@"; do
		awk -v n="$(now)" -v e="$w_end" 'BEGIN { exit !(n >= e) }' && return 1
		sleep 0.1
	done
}
carrier() { [ "$(cat /sys/class/net/$ifc/carrier)" = 1 ]; }
pinged() { [ $(($(in_echos) - echos0)) -ge 5 ]; }
online() { [ "$(cat /sys/devices/system/cpu/cpu$1/online)" = 1 ]; }

# cycle TAG CONFIG NAME [EXTRA-CMDLINE]: one boot of a Linux cell, its
# figures (keys with TAG), then its pings; end_cycle shuts it down and
# destroys it (its CPUs back to Linux)
cycle() {
	echos0=$(in_echos)
	out=$(jailhouse cell linux $J/cells/$2 $G/bzImage -i $G/initrd \
		-l $J/inmates/linux-loader.bin -c "console=ttyS3 $4" 2>&1) ||
		fail "jailhouse cell linux $2 failed: $out"
	t0=$(now)
	D=$(cell_dir "$3") || fail "no cell $3 after cell linux"
	wait_for 120 carrier || fail "the cell $3 ($1)'s link did not come up in 120 s"
	snap /tmp/lb-boot
	echo "BENCH boot-$1 $(awk -v a="$t0" -v b="$(cat /tmp/lb-boot.t)" 'BEGIN { printf "%.2f", b - a }')"
	awk -v k="bootexits-$1" '{ print "BENCH " k "-" $1, $2 }' /tmp/lb-boot
	for f in "$D"/statistics/cpu*; do
		echo "BENCH bootexits-$1-${f##*/} $(cat "$f"/vmexits_total)"
	done
	wait_for 60 pinged || fail "the cell $3 ($1)'s pings did not arrive"
	# the guest's ping ends with its last answer; then its shell waits
	sleep 3
}
idle_rates() {
	snap /tmp/lb-a
	sleep $IDLE
	snap /tmp/lb-b
	awk -v k="idle-$1" -v t="$(cat /tmp/lb-a.t) $(cat /tmp/lb-b.t)" '
		FILENAME == ARGV[1] { a[$1] = $2; next }
		{ split(t, s, " "); printf "BENCH %s-%s %.2f\n", k, $1, ($2 - a[$1]) / (s[2] - s[1]) }' \
		/tmp/lb-a /tmp/lb-b
}
end_cycle() {
	out=$(jailhouse cell shutdown "$1" 2>&1) || fail "cell shutdown $1 failed: $out"
	out=$(jailhouse cell destroy "$1" 2>&1) || fail "cell destroy $1 failed: $out"
	for c in 1 2; do
		wait_for 30 online $c || fail "CPU $c did not come back to Linux after $1"
	done
}

loops native
insmod $J/ivshmem_net.ko || fail "insmod ivshmem_net.ko failed"
enable_hv $J/cells/bochs-sys-3cpu-ivnet.cell linux-cell linux-cell-smp
ifc=$(ls $SYSDEV/net 2>/dev/null | head -n 1)
[ -n "$ifc" ] || fail "no network interface on $DEV"
ip link set "$ifc" up && ip addr add 192.168.19.1/24 dev "$ifc" || fail "the root's link does not go up"
loops enabled

for r in $(seq $REPS); do
	cycle 1 linux-cell-bochs.cell linux-cell
	idle_rates 1
	end_cycle linux-cell
done
for r in $(seq $REPS); do
	cycle 2 linux-cell-bochs-smp.cell linux-cell-smp
	idle_rates 2
	end_cycle linux-cell-smp
done
for r in $(seq $REPS); do
	cycle 2l linux-cell-bochs-smp.cell linux-cell-smp pci=lastbus=0
	idle_rates 2l
	[ "$r" = 1 ] && loops idle-cell
	end_cycle linux-cell-smp
done
cycle 2b linux-cell-bochs-smp.cell linux-cell-smp "pci=lastbus=0 cellbusy"
snap /tmp/lb-a
loops busy-cell
snap /tmp/lb-b
echo "BENCH busy-cell-exits $(awk 'FILENAME == ARGV[1] { if ($1 == "total") a = $2; next } $1 == "total" { print $2 - a }' /tmp/lb-a /tmp/lb-b)"
end_cycle linux-cell-smp
trap - EXIT
jailhouse disable || fail "jailhouse disable failed"
echo "BENCH linux done"
