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

LOOP_RUNS=9

# Runs the CPU-bound loop LOOP_RUNS times on CPU 1 and prints, in TSC
# ticks, the median, fastest and slowest run as BENCH loop-$1[-min|-max];
# with a counter file $2, also the median number of VM exits on CPU 1
# during one run (BENCH loop-$1-exits).  One run is ~0.3 s of guest time:
# the timer interrupts that land in it differ from run to run, so one run
# alone varies by ~0.1 %.
loop_figures() {
	for n in $(seq $LOOP_RUNS); do
		taskset -c 1 hv-probe loop $LOOP $2 |
			awk '{ print $3, ($5 == "" ? 0 : $5) }'
	done > /tmp/loop-$1
	sort -n /tmp/loop-$1 | awk -v k=loop-$1 '{ t[NR] = $1 }
		END { print "BENCH " k, t[int((NR + 1) / 2)]
		      print "BENCH " k "-min", t[1]
		      print "BENCH " k "-max", t[NR] }'
	[ -n "$2" ] || return 0
	sort -n -k2 /tmp/loop-$1 | awk -v k=loop-$1-exits '{ e[NR] = $2 }
		END { print "BENCH " k, e[int((NR + 1) / 2)] }'
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

loop_figures native

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

loop_figures hypervisor $STATS/cpu1/vmexits_total
taskset -c 1 hv-probe cost | sed 's/^cost \([a-z0-9-]*\): \([0-9-]*\).*/BENCH ucost-\1 \2/; t; d'
# ring 0, interrupts off (tests/bench/exit-bench, embedded by tests/bench/run)
if [ -f /tmp/exit-bench.ko ]; then
	taskset -c 1 insmod /tmp/exit-bench.ko 2>/dev/null
	dmesg | sed -n 's/.*exit-bench: \([a-z0-9-]*\) \([0-9]*\)$/BENCH kcost-\1 \2/p'
else
	note "exit-bench.ko not embedded: ring-0 costs missing"
fi

# Cells (issue 6).  Guest time from /proc/uptime (the TSC: in Bochs it
# counts emulated instructions).  tiny-demo for the management operations,
# so that its CPU comes back; apic-demo last: Bochs cannot give back a CPU
# it switched to x2APIC (tests/scenarios/inmates-x2apic-return.sh).
J=/jailhouse
up() { cut -d' ' -f1 /proc/uptime; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# what one run of the CLI costs by itself (exec, dynamic linking)
t0=$(up)
jailhouse cell list >/dev/null
echo "BENCH cli-alone $(elapsed "$t0" "$(up)")"
t0=$(up)
jailhouse cell create $J/cells/tiny-demo.cell || fail "tiny-demo was not created"
t1=$(up)
jailhouse cell load tiny-demo $J/inmates/tiny-demo.bin -a 0 || fail "tiny-demo was not loaded"
t2=$(up)
jailhouse cell start tiny-demo || fail "tiny-demo did not start"
t3=$(up)
echo "BENCH cell-create $(elapsed "$t0" "$t1")"
echo "BENCH cell-load $(elapsed "$t1" "$t2")"
echo "BENCH cell-start $(elapsed "$t2" "$t3")"
echo "BENCH cell-create-load-start $(elapsed "$t0" "$t3")"
sleep 3
t0=$(up)
jailhouse cell shutdown tiny-demo && jailhouse cell destroy tiny-demo ||
	fail "tiny-demo did not go away"
echo "BENCH cell-shutdown-destroy $(elapsed "$t0" "$(up)")"

jailhouse cell create $J/cells/apic-demo.cell &&
	jailhouse cell load apic-demo $J/inmates/apic-demo.bin -a 0 &&
	jailhouse cell start apic-demo || fail "apic-demo did not start"
sleep 5
cell=$(cell_dir apic-demo) || fail "apic-demo is not in sysfs"
lines() { jailhouse console | grep -c 'apic-demo: jitter min'; }
e0=$(cat "$cell/statistics/cpu1/vmexits_total") l0=$(lines) t0=$(up)
sleep 20
e1=$(cat "$cell/statistics/cpu1/vmexits_total") l1=$(lines) t1=$(up)
echo "BENCH apic-demo-exits-per-s $(awk -v e=$((e1 - e0)) -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", e / (b - a) }')"
echo "BENCH apic-demo-lines-per-s $(awk -v l=$((l1 - l0)) -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", l / (b - a) }')"
jailhouse console | sed -n 's/^apic-demo: jitter min \([0-9]*\) ns, avg \([0-9]*\) ns, max \([0-9]*\) ns.*/BENCH apic-demo-jitter-min \1\nBENCH apic-demo-jitter-avg \2\nBENCH apic-demo-jitter-max \3/p' | tail -n 3
jailhouse cell shutdown apic-demo && jailhouse cell destroy apic-demo || fail "apic-demo did not go away"
out=$(jailhouse disable 2>&1) || note "disable: $out"
# guest-bench-nic.sh follows (tests/bench/run appends it): it ends with
# "BENCH done"
