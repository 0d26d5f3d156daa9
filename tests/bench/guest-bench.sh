# SPDX-License-Identifier: GPL-2.0
# timeout: 1500
#
# `make bench` guest side (tests/bench/run boots the Bochs PC with it):
# prints "BENCH key value" lines that the host turns into a table.
. /jailhouse/lib.sh

SYS=/sys/devices/jailhouse
STATS=$SYS/cells/0/statistics
REASONS="total mmio management hypercall pio xapic cr cpuid xsetbv exception msr_other msr_x2apic_icr msr_denied nmi other"
LOOP=3000000

insmod /jailhouse/jailhouse.ko || fail "insmod failed"
modprobe msr 2>/dev/null || note "msr.ko not loadable: no MSR cost figure"

uptime_s() { cut -d' ' -f1 /proc/uptime; }

# median of three runs of the CPU-bound loop, in TSC ticks
loop_ticks() {
	for n in 1 2 3; do
		taskset -c 1 hv-probe loop $LOOP | awk '{ print $3 }'
	done | sort -n | sed -n 2p
}

# One process reads every counter, so that taking a snapshot causes few
# exits itself (each process start costs a few dozen CPUID exits).
snapshot() {
	uptime_s > /tmp/bench-$1.t
	awk '{ split(FILENAME, p, "vmexits_"); n[p[2]] += $1 }
	     END { for (r in n) print r, n[r] }' \
		$STATS/cpu0/vmexits_* $STATS/cpu1/vmexits_* > /tmp/bench-$1
}

# $1: phase name; prints exits/s per reason between two snapshots
rates() {
	t0=$(cat /tmp/bench-$1-a.t)
	t1=$(cat /tmp/bench-$1-b.t)
	for r in $REASONS; do
		a=$(awk -v r=$r '$1 == r { print $2 }' /tmp/bench-$1-a)
		b=$(awk -v r=$r '$1 == r { print $2 }' /tmp/bench-$1-b)
		echo "BENCH rate-$1-$r $(awk -v a=$a -v b=$b -v t0=$t0 -v t1=$t1 \
			'BEGIN { printf "%.1f", (b - a) / (t1 - t0) }')"
	done
}

echo "BENCH loop-native $(loop_ticks)"

jailhouse enable /jailhouse/cells/bochs-sys.cell || fail "enable failed"

snapshot idle-a
sleep 10
snapshot idle-b
rates idle

for c in 0 1; do
	taskset -c $c sh -c 'while :; do :; done' &
	eval "spin$c=\$!"
done
snapshot cpu-a
sleep 10
snapshot cpu-b
kill $spin0 $spin1
wait $spin0 $spin1 2>/dev/null
rates cpu

snapshot io-a
end=$(( $(date +%s) + 10 ))
while [ $(date +%s) -lt $end ]; do
	dd if=/dev/sr0 of=/dev/null bs=64k count=64 2>/dev/null
	cat /proc/interrupts /proc/meminfo > /dev/null
	echo "bench io line" > /dev/ttyS0
done
snapshot io-b
rates io

echo "BENCH loop-hypervisor $(loop_ticks)"
taskset -c 1 hv-probe cost | sed 's/^cost \([a-z0-9-]*\): \([0-9-]*\).*/BENCH ucost-\1 \2/; t; d'
# ring 0, interrupts off (tests/bench/exit-bench, embedded by tests/bench/run)
if [ -f /tmp/exit-bench.ko ]; then
	taskset -c 1 insmod /tmp/exit-bench.ko 2>/dev/null
	dmesg | sed -n 's/.*exit-bench: \([a-z0-9-]*\) \([0-9]*\)$/BENCH kcost-\1 \2/p'
else
	note "exit-bench.ko not embedded: ring-0 costs missing"
fi

jailhouse disable || fail "disable failed"
echo "BENCH done"
