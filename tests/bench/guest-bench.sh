# SPDX-License-Identifier: GPL-2.0
# timeout: 1500
#
# `make bench` guest side (tests/bench/run boots the Bochs PC with it):
# prints "BENCH key value" lines that the host turns into a table.
# BENCH_QUICK=1 (tests/bench/run --quick sets it): exit costs and
# management steps only; no exit rates, CPU-bound loop, apic-demo, NIC.
. /jailhouse/lib.sh

SYS=/sys/devices/jailhouse
STATS=$SYS/cells/0/statistics
REASONS="total mmio management hypercall pio xapic cr cpuid xsetbv exception msr_other msr_x2apic_icr msr_denied nmi other"
LOOP=3000000

insmod /jailhouse/jailhouse.ko || fail "insmod failed"
modprobe msr 2>/dev/null || note "msr.ko not loadable: no MSR cost figure"

uptime_s() { cut -d' ' -f1 /proc/uptime; }

# Management steps (issue 17): guest time from /proc/uptime (the TSC: in
# Bochs it counts emulated instructions; 10 ms resolution), each step
# REPS times, median and fastest, and the bytes each step printed: to the
# kernel log (Linux's console, COM1) and to the hypervisor's log (COM2).
# tiny-demo for the cell steps, so that its CPU comes back; apic-demo
# last: Bochs cannot give back a CPU it switched to x2APIC
# (tests/scenarios/inmates-x2apic-return.sh).
J=/jailhouse
REPS=3
up() { cut -d' ' -f1 /proc/uptime; }
# now VAR: the uptime into VAR with the shell's own read, no process: a
# $(up) costs a fork and an exec of cut (~13 ms of guest time, measured
# as prof-up), which the figures before this counted into every step.
now() { read -r "$1" _ < /proc/uptime; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# figure NAME VALUE...: BENCH NAME (median), BENCH NAME-min (fastest)
figure() {
	k=$1
	shift
	printf '%s\n' "$@" | sort -n | awk -v k="$k" '{ t[NR] = $1 }
		END { print "BENCH " k, t[int((NR + 1) / 2)]
		      print "BENCH " k "-min", t[1] }'
}
# What went out on Linux's console: the kernel log's lines below the
# console level (7: KERN_DEBUG lines stay in dmesg only), without their
# level prefix, as the console prints them.
kernel_log() {
	dmesg -r | awk '{ if (match($0, /^<[0-9]+>/)) {
		if (substr($0, 2, RLENGTH - 2) % 8 < 7) print substr($0, RLENGTH + 1)
	} else print }' > /tmp/klog-$1
}
hv_log() { cat $SYS/console > /tmp/hvlog-$1 2>/dev/null || : > /tmp/hvlog-$1; }
# bytes A B: what log B has that A had not (the hypervisor's ring keeps
# the last 16 KiB: the new text starts after A's last 512 bytes)
bytes() {
	awk -v RS='\001' 'FILENAME == ARGV[1] { a = a $0; next }
		{ b = b $0 }
		END { if (length(a) == 0) { print length(b); exit }
		      t = substr(a, length(a) > 512 ? length(a) - 511 : 1)
		      i = index(b, t)
		      print (i ? length(b) - (i + length(t) - 1) : length(b)) }' "$1" "$2"
}
# step_bytes NAME: the bytes of the last run of step NAME (marks NAME-a, NAME-b)
step_bytes() {
	echo "BENCH bytes-kernel-$1 $(bytes /tmp/klog-$1-a /tmp/klog-$1-b)"
	echo "BENCH bytes-hv-$1 $(bytes /tmp/hvlog-$1-a /tmp/hvlog-$1-b)"
}

# 25 runs: with 9, the median of the hypervisor's runs moved by ~10 k
# ticks between boots of the same code (0.18-0.25 % slowdown; session 19,
# Documentation/performance.md), as much as the target's margin.
LOOP_RUNS=25

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

[ -n "${BENCH_QUICK:-}" ] || loop_figures native

# Profile: Linux's own share of create and destroy, without the
# hypervisor: CPU 1 taken offline and brought back through sysfs (the
# driver does the same through remove_cpu()/add_cpu()), with the bytes
# the kernel printed for it.
if [ -x /tmp/mgmt-probe-static ]; then
	off= on=
	for n in $(seq $REPS); do
		kernel_log hotplug-a
		now t0
		echo 0 > /sys/devices/system/cpu/cpu1/online || fail "CPU 1 did not go offline"
		now t1
		echo 1 > /sys/devices/system/cpu/cpu1/online || fail "CPU 1 did not come back"
		now t2
		kernel_log hotplug-b
		off="$off $(elapsed "$t0" "$t1")"
		on="$on $(elapsed "$t1" "$t2")"
	done
	figure prof-cpu-offline $off
	figure prof-cpu-online $on
	echo "BENCH bytes-kernel-hotplug $(bytes /tmp/klog-hotplug-a /tmp/klog-hotplug-b)"
fi

kernel_log enable-a; hv_log enable-a
now t0
jailhouse enable /jailhouse/cells/bochs-sys.cell || fail "enable failed"
now t1
enable_first=$(elapsed "$t0" "$t1")
kernel_log enable-b; hv_log enable-b

if [ -z "${BENCH_QUICK:-}" ]; then
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
fi
# ring 0, interrupts off (tests/bench/exit-bench, embedded by tests/bench/run)
if [ -f /tmp/exit-bench.ko ]; then
	taskset -c 1 insmod /tmp/exit-bench.ko 2>/dev/null
	dmesg | sed -n 's/.*exit-bench: \([a-z0-9-]*\) \([0-9]*\) \([0-9]*\)$/BENCH kcost-\1 \2\nBENCH kcost-\1-min \3/p'
else
	note "exit-bench.ko not embedded: ring-0 costs missing"
fi

# Management steps: the helpers and the way they measure are at the top.
cli=
for n in $(seq $REPS); do
	now t0
	jailhouse cell list >/dev/null
	now t1
	cli="$cli $(elapsed "$t0" "$t1")"
done
figure cli-alone $cli

# Profile (issue 17): where a step's guest time goes.  Process starts are
# timed as 10 runs in a row (1 ms resolution from /proc/uptime's 10 ms):
# `up` is what the figures before the shell's own `now` paid for measuring
# (a fork and cut), `true` busybox's
# exec, the probes one static program, one linked against libc alone and
# one against the CLI's libraries, then the CLI itself.  The requests are
# timed around the ioctl inside mgmt-probe (guest ns from the TSC).
ten() {
	k=$1
	shift
	now t0
	for n in 1 2 3 4 5 6 7 8 9 10; do "$@" > /dev/null; done
	now t1
	echo "BENCH prof-$k $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 100 }')"
}
if [ -x /tmp/mgmt-probe-static ]; then
	ten up up
	ten true /bin/true
	ten probe-static /tmp/mgmt-probe-static none
	ten probe-dyn /tmp/mgmt-probe-dyn none
	ten probe-pci /tmp/mgmt-probe-pci none
	ten cli-version jailhouse --version
	ten cli-list jailhouse cell list
	P=/tmp/mgmt-probe-static
	: > /tmp/prof
	for n in $(seq $REPS); do
		$P create $J/cells/tiny-demo.cell >> /tmp/prof ||
			fail "mgmt-probe create failed"
		id=$(tail -1 /tmp/prof | awk '{ print $NF }')
		$P load $id $J/inmates/tiny-demo.bin >> /tmp/prof &&
			$P start $id >> /tmp/prof ||
			fail "mgmt-probe load/start failed"
		sleep 1
		$P shutdown $id >> /tmp/prof && $P destroy $id >> /tmp/prof ||
			fail "mgmt-probe shutdown/destroy failed"
	done
	$P disable >> /tmp/prof || fail "mgmt-probe disable failed"
	jailhouse enable /jailhouse/cells/bochs-sys.cell || fail "enable failed"
	for s in create load start shutdown destroy disable; do
		figure prof-ioctl-$s $(awk -v s=$s '$2 == s { printf "%.1f\n", $6 / 1e6 }' /tmp/prof)
		figure prof-read-$s $(awk -v s=$s '$2 == s { printf "%.1f\n", $4 / 1e6 }' /tmp/prof)
	done
else
	note "mgmt-probe not embedded: no profile"
fi

cls= cr= ld= st= sd=
for n in $(seq $REPS); do
	kernel_log create-a; hv_log create-a
	now t0
	jailhouse cell create $J/cells/tiny-demo.cell || fail "tiny-demo was not created"
	now t1
	jailhouse cell load tiny-demo $J/inmates/tiny-demo.bin -a 0 || fail "tiny-demo was not loaded"
	now t2
	jailhouse cell start tiny-demo || fail "tiny-demo did not start"
	now t3
	kernel_log create-b; hv_log create-b
	cr="$cr $(elapsed "$t0" "$t1")"
	ld="$ld $(elapsed "$t1" "$t2")"
	st="$st $(elapsed "$t2" "$t3")"
	cls="$cls $(elapsed "$t0" "$t3")"
	sleep 2
	kernel_log destroy-a; hv_log destroy-a
	now t0
	jailhouse cell shutdown tiny-demo && jailhouse cell destroy tiny-demo ||
		fail "tiny-demo did not go away"
	now t1
	kernel_log destroy-b; hv_log destroy-b
	sd="$sd $(elapsed "$t0" "$t1")"
done
figure cell-create $cr
figure cell-load $ld
figure cell-start $st
figure cell-create-load-start $cls
figure cell-shutdown-destroy $sd
step_bytes create
step_bytes destroy

# disable and enable again, REPS times
dis= en=
for n in $(seq $REPS); do
	kernel_log disable-a; hv_log disable-a
	now t0
	jailhouse disable || fail "disable failed"
	now t1
	kernel_log disable-b; hv_log disable-b
	# (the figures before this counted the two log copies above into
	# the re-enable)
	now t1b
	jailhouse enable /jailhouse/cells/bochs-sys.cell || fail "enable failed"
	now t2
	dis="$dis $(elapsed "$t0" "$t1")"
	en="$en $(elapsed "$t1b" "$t2")"
done
figure enable $enable_first $en
figure disable $dis
step_bytes enable
step_bytes disable

if [ -z "${BENCH_QUICK:-}" ]; then
# apic-demo in xAPIC mode, as make demo runs it: in Bochs a CPU switched to
# x2APIC can never come back to Linux (inmates-x2apic-return), and the NIC
# part after this one needs a new enable with both CPUs
jailhouse cell create $J/cells/apic-demo-xapic.cell &&
	jailhouse cell load apic-demo $J/inmates/apic-demo.bin -a 0 &&
	jailhouse cell start apic-demo || fail "apic-demo did not start"
sleep 5
cell=$(cell_dir apic-demo) || fail "apic-demo is not in sysfs"
lines() { jailhouse console | grep -c 'apic-demo: jitter min'; }
e0=$(cat "$cell/statistics/cpu1/vmexits_total") l0=$(lines)
now t0
sleep 20
e1=$(cat "$cell/statistics/cpu1/vmexits_total") l1=$(lines)
now t1
echo "BENCH apic-demo-exits-per-s $(awk -v e=$((e1 - e0)) -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", e / (b - a) }')"
echo "BENCH apic-demo-lines-per-s $(awk -v l=$((l1 - l0)) -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", l / (b - a) }')"
jailhouse console | sed -n 's/^apic-demo: jitter min \([0-9]*\) ns, avg \([0-9]*\) ns, max \([0-9]*\) ns.*/BENCH apic-demo-jitter-min \1\nBENCH apic-demo-jitter-avg \2\nBENCH apic-demo-jitter-max \3/p' | tail -n 3
jailhouse cell shutdown apic-demo && jailhouse cell destroy apic-demo || fail "apic-demo did not go away"
fi
out=$(jailhouse disable 2>&1) || note "disable: $out"
# guest-bench-nic.sh follows (tests/bench/run appends it): it ends with
# "BENCH done"
[ -z "${BENCH_QUICK:-}" ] || echo "BENCH done"
