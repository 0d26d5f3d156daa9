# SPDX-License-Identifier: GPL-2.0
# The guest side of tests/before-after/run (which puts "# timeout:", SYS,
# CONFIG, CELL, CPU and ATTACKS in front of this file).
#
# Runs each attack inmate of ATTACKS in turn in the cell CELL (config
# CONFIG, CPUs CPU) and reports what the root sees, in one line per attack:
#   BA begin NAME
#   BA result NAME | state ... | fault ... | inmate ... | destroy ... | cpu ... | root ...
# The same script runs on any revision of the tree: it only uses the
# CLI's create/load/start/destroy/console, the cell's sysfs state and
# fault, and the root's own view (CPU online, dmesg).  It judges nothing;
# the host side compares the lines of two revisions.  An attack that
# panics or hangs the machine leaves a "BA begin" without its result: the
# host side records that and boots again with the attacks after it.

J=/jailhouse
SYSFS=/sys/devices/jailhouse

grep -q '^jailhouse ' /proc/modules || insmod $J/jailhouse.ko || fail "insmod jailhouse.ko failed"
out=$(jailhouse enable $J/cells/$SYS.cell 2>&1) || fail "jailhouse enable failed: $out"
trap 'jailhouse cell destroy $CELL >/dev/null 2>&1; jailhouse disable >/dev/null 2>&1' EXIT

# what the inmate printed about itself: its last three lines, one line
inmate_lines() {
	jailhouse console 2>/dev/null | grep "$1" | tail -n 3 | tr '\n' ';' | cut -c1-300
}

# kernel messages that say something reached the root that should not:
# vectors without handler, unknown NMIs, spurious APIC interrupts
root_lines() {
	dmesg | tail -n +"$1" | grep -iE 'no irq handler|nmi|spurious|apic' |
		tail -n 2 | tr '\n' ';' | cut -c1-200
}

# run_one NAME: create, load, start, wait, destroy; one result line
run_one() {
	name=$1
	dmesg_start=$(($(dmesg | wc -l) + 1))
	echo "BA begin $name"
	out=$(jailhouse cell create $J/cells/$CONFIG.cell 2>&1) || {
		echo "BA result $name | create refused: $out"
		return
	}
	D=$(cell_dir $CELL)
	out=$(jailhouse cell load $CELL $J/inmates/$name.bin -a 0 2>&1) &&
		out=$(jailhouse cell start $CELL 2>&1) || {
		echo "BA result $name | load/start refused: $out"
		timeout 60 jailhouse cell destroy $CELL >/dev/null 2>&1
		return
	}
	# the slowest attacks (CR0, XCR0 lists) report within 10 s
	wait_cell_state "$D" failed 10
	state=$(cat "$D/state")
	fault=$(head -n 1 "$D/fault" 2>/dev/null | cut -c1-160)
	inmate=$(inmate_lines "$name")
	if [ "$state" != failed ]; then
		timeout 60 jailhouse cell shutdown $CELL >/dev/null 2>&1
	fi
	if out=$(timeout 60 jailhouse cell destroy $CELL 2>&1); then
		destroy=ok
	else
		destroy="failed or hung: $(echo "$out" | head -n 1)"
	fi
	sleep 1
	cpu=""
	for c in $CPU; do
		cpu="$cpu cpu$c online $(cat /sys/devices/system/cpu/cpu$c/online)"
	done
	echo "BA result $name | state $state | fault $fault | inmate $inmate |" \
		"destroy $destroy |$cpu | root $(root_lines $dmesg_start)"
}

for a in $ATTACKS; do
	run_one "$a"
done
trap - EXIT
out=$(jailhouse disable 2>&1) || echo "BA disable failed: $out"
echo "BA done"
exit 0
