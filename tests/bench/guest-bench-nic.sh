# SPDX-License-Identifier: GPL-2.0
# timeout: 900
# `make bench`, guest side, the NIC part (appended to guest-bench.sh; runs
# alone too: tests/rig/boot bochs --script tests/bench/guest-bench-nic.sh).
# The e1000-demo cell pings the vnet host with bench=1 (inmates/x86/
# e1000-demo/main.c): no timer during the echoes and after them, so the
# only exits of an echo are the packet's own. Two runs, FEW and MANY
# echoes: the difference of the cell's exit counters over the difference
# of echoes is the exits per echo, by reason, without the cost of the
# start, the ARP exchange and the console lines.
. /jailhouse/lib.sh
J=/jailhouse
NIC_CELL=e1000-demo
FEW=10
MANY=60
NIC_REASONS="total mmio pio xapic msr_other cpuid hypercall exception management other"

grep -q '^jailhouse ' /proc/modules || insmod $J/jailhouse.ko || fail "insmod failed"
[ -f $J/cells/bochs-sys-nic.cell ] && [ -f $J/inmates/$NIC_CELL.bin ] ||
	fail "bochs-sys-nic.cell or $NIC_CELL.bin is not built"
[ -d /sys/bus/pci/devices/0000:00:02.0 ] || fail "no e1000 at 00:02.0"
out=$(jailhouse enable $J/cells/bochs-sys-nic.cell 2>&1) || fail "enable bochs-sys-nic failed: $out"

# cell_exits DIR: "reason count" summed over the cell's CPUs
cell_exits() {
	awk '{ split(FILENAME, p, "vmexits_"); n[p[2]] += $1 }
	     END { for (r in n) print r, n[r] }' "$1"/statistics/cpu*/vmexits_*
}

# nic_run N: the demo with N echoes; its counters into /tmp/nic-N
nic_run() {
	out=$(jailhouse cell create $J/cells/$NIC_CELL.cell 2>&1) || fail "cell create: $out"
	out=$(jailhouse cell load $NIC_CELL $J/inmates/$NIC_CELL.bin -a 0 \
		-s "jh-params: echoes=$1 bench=1" -a 0xff000 2>&1) || fail "cell load: $out"
	jailhouse cell start $NIC_CELL >/dev/null || fail "cell start failed"
	dir=$(cell_dir $NIC_CELL) || fail "$NIC_CELL is not in sysfs"
	n=0
	until jailhouse console | grep -q "$NIC_CELL: .* of $1 echo requests answered"; do
		n=$((n + 1))
		[ $n -le 300 ] || fail "$NIC_CELL did not finish $1 echoes"
		sleep 1
	done
	cell_exits "$dir" > /tmp/nic-$1
	jailhouse console | grep "$NIC_CELL: .*of $1 echo requests answered" | tail -n 1
	jailhouse console | grep "$NIC_CELL: bench:" | tail -n 1 > /tmp/nic-$1.rtt
	cat /tmp/nic-$1.rtt
	out=$(jailhouse cell destroy $NIC_CELL 2>&1) || fail "cell destroy: $out"
}

nic_run $FEW
nic_run $MANY
for r in $NIC_REASONS; do
	a=$(awk -v r=$r '$1 == r { print $2 }' /tmp/nic-$FEW)
	b=$(awk -v r=$r '$1 == r { print $2 }' /tmp/nic-$MANY)
	echo "BENCH nic-exits-$r $(awk -v a="${a:-0}" -v b="${b:-0}" -v n=$((MANY - FEW)) \
		'BEGIN { printf "%.2f", (b - a) / n }')"
done
sed -n 's/.*bench: \([0-9]*\) replies, rtt median \([0-9]*\) min \([0-9]*\) max \([0-9]*\) TSC ticks, median \([0-9]*\) ns.*/BENCH nic-replies \1\nBENCH nic-rtt-median \2\nBENCH nic-rtt-min \3\nBENCH nic-rtt-max \4\nBENCH nic-rtt-median-ns \5/p' /tmp/nic-$MANY.rtt
out=$(jailhouse disable 2>&1) || note "disable: $out"
echo "BENCH done"
