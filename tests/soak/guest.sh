# SPDX-License-Identifier: GPL-2.0
# The guest side of `make soak` (tests/soak/run puts "# timeout:" and
# SOAK_CYCLES in front of this file and boots the 3-CPU Bochs PC with it).
#
# SOAK_CYCLES create/load/start/destroy cycles, taking the cells of MIX in
# turn, while root Linux runs a CPU, memory, fork/exec, timer and serial
# load.  Each cycle prints one line, "soak: cycle I/N ok: ..." or
# "soak: cycle I/N FAIL: why".  A cycle passes when create, load and start
# work, the cell reaches its outcome (a demo runs and prints, an attack is
# stopped, or refused and keeps running), destroy works, the cell's CPU is
# back in Linux and the hypervisor's page pools (mem_pool_used,
# remap_pool_used) hold what they held after the first round of the mix.
# The reference is the first round, not the first cycle: the root's EPT
# keeps the table a 2 MiB page was split into when a cell's memory first
# left it (tests/scenarios/cells-cycles.sh), and each cell of the mix has
# its own memory.
# The script exits 0 when the run as a whole held: every load ran to the
# end, no cycle left the machine unclean (then the run stops early) and
# `disable` works at the end; failed cycles are counted by tests/soak/run.

J=/jailhouse
SYSFS=/sys/devices/jailhouse
CYCLES=${SOAK_CYCLES:-1000}
CONSOLE=/tmp/soak-console.log
SECONDS_TO_OUTCOME=120

# CONFIG CELL CPU INMATE OUTCOME [TEXT]: OUTCOME "running" (the cell keeps
# running and prints TEXT) or "failed" (the hypervisor stops it).
MIX='tiny-demo tiny-demo 1 tiny-demo running tiny-demo: hello from CPU 0
tiny-demo-2 tiny-demo-2 2 tiny-demo running tiny-demo: hello from CPU 0
apic-demo-xapic apic-demo 1 apic-demo running apic-demo: jitter min
tiny-demo tiny-demo 1 attack-memory-write failed
tiny-demo tiny-demo 1 attack-pio failed
tiny-demo tiny-demo 1 attack-msr running attack-msr: 6 refused, 0 NOT REFUSED
tiny-demo tiny-demo 1 attack-ipi-init failed
tiny-demo tiny-demo 1 attack-triple-fault failed
tiny-demo tiny-demo 1 attack-x2apic-msr running attack-x2apic-msr: 3 refused, 0 NOT REFUSED
tiny-demo tiny-demo 1 attack-hypercall failed
tiny-demo tiny-demo 1 attack-ipi-nmi failed'
ROUND=$(echo "$MIX" | wc -l)

uptime_s() {
	cut -d. -f1 /proc/uptime
}

# --- the load on root Linux; each load counts its work in /tmp/soak-count.NAME

load_cpu() {
	while :; do :; done
}

# 64 MiB written to tmpfs (page cache: memory), read back, freed; a load
# that cannot do its work ends, and the run reports it dead
load_memory() {
	n=0
	while :; do
		dd if=/dev/zero of=/tmp/soak-memory bs=1M count=64 2>/dev/null &&
			md5sum /tmp/soak-memory >/dev/null || {
			echo "soak: the memory load failed"
			rm -f /tmp/soak-memory
			return 1
		}
		rm -f /tmp/soak-memory
		n=$((n + 1))
		echo $n >/tmp/soak-count.memory
	done
}

# a dynamically linked program, not a busybox applet: a real fork and exec
load_exec() {
	n=0
	while :; do
		/usr/sbin/jailhouse --version >/dev/null || {
			echo "soak: the fork/exec load failed"
			return 1
		}
		n=$((n + 1))
		[ $((n % 20)) = 0 ] && echo $n >/tmp/soak-count.exec
	done
}

# 1 ms sleeps: a timer armed and fired a thousand times a second
load_timer() {
	n=0
	while :; do
		usleep 1000
		n=$((n + 1))
		[ $((n % 100)) = 0 ] && echo $n >/tmp/soak-count.timer
	done
}

# 8 lines of 64 bytes to the console (COM1) every 5 s
load_serial() {
	n=0
	while :; do
		for k in 1 2 3 4 5 6 7 8; do
			printf 'soak-load: serial line %8d ..............................\n' $((n * 8 + k))
		done
		n=$((n + 1))
		echo $((n * 8 * 64)) >/tmp/soak-count.serial
		sleep 5
	done
}

LOADS="cpu memory exec timer serial"
start_loads() {
	PIDS=""
	for l in $LOADS; do
		echo 0 >/tmp/soak-count.$l
		load_$l &
		PIDS="$PIDS $!"
		# the scenario's own steps and init's heartbeat keep their turn
		renice -n 10 -p $! >/dev/null
	done
}

# status 0 if every load still runs; names the dead ones in $dead
loads_alive() {
	dead=""
	set -- $LOADS
	for p in $PIDS; do
		kill -0 "$p" 2>/dev/null || dead="$dead $1"
		shift
	done
	[ -z "$dead" ]
}

stop_loads() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
}

# --- one cycle

pools() {
	echo "$(cat $SYSFS/mem_pool_used) $(cat $SYSFS/remap_pool_used)"
}

# Prints why the cell did not reach $outcome (nothing if it did).  The
# console file holds every line the hypervisor printed since the start;
# only what came after $seen bytes belongs to this cycle.
await_outcome() {
	d=$(cell_dir "$cell") || { echo "the cell is not in sysfs after create"; return; }
	n=0
	while :; do
		state=$(cat "$d/state")
		new=$(tail -c +$((seen + 1)) $CONSOLE)
		case "$outcome:$state" in
		running:running) echo "$new" | grep -qF "$text" && break ;;
		failed:failed) break ;;
		running:failed)
			echo "the cell failed: $(head -n 1 "$d/fault" 2>/dev/null)"
			return
			;;
		esac
		if [ $n -ge $((SECONDS_TO_OUTCOME * 10)) ]; then
			echo "after ${SECONDS_TO_OUTCOME}s the cell is '$state' (want '$outcome'$([ -n "$text" ] && echo " printing '$text'")): $(cat "$d/fault" 2>/dev/null | head -n 1)"
			return
		fi
		# a tenth of a second: most cells reach their outcome in the first
		# poll, and the cycles' time is what the soak is made of
		usleep 100000
		n=$((n + 1))
	done
	# an inmate's own word that an attack got through ("NAME: NOT STOPPED",
	# "NAME: wrmsr 0x...: NOT REFUSED"; not its "0 NOT REFUSED" summary)
	echo "$new" | grep -E ': NOT (STOPPED|REFUSED)' | head -n 1
}

# cycle I: prints the cycle's line; status 0 passed, 1 failed, 2 the
# machine is not clean any more (a cell left over, a CPU not back, a load
# gone): the run cannot go on.
cycle() {
	i=$1
	set -f
	# shellcheck disable=SC2046
	set -- $(echo "$MIX" | sed -n "$(((i - 1) % ROUND + 1))p")
	set +f
	config=$1 cell=$2 cpu=$3 inmate=$4 outcome=$5
	shift 5
	text="$*"
	what="$config/$inmate"
	t0=$(uptime_s)
	seen=$(wc -c <$CONSOLE)
	why=""
	out=$(jailhouse cell create $J/cells/$config.cell 2>&1) || why="create: $out"
	if [ -z "$why" ]; then
		out=$(jailhouse cell load "$cell" $J/inmates/$inmate.bin -a 0 2>&1) ||
			why="load: $out"
	fi
	if [ -z "$why" ]; then
		out=$(jailhouse cell start "$cell" 2>&1) || why="start: $out"
	fi
	[ -z "$why" ] && why=$(await_outcome)
	if cell_dir "$cell" >/dev/null; then
		out=$(jailhouse cell destroy "$cell" 2>&1) || {
			echo "soak: cycle $i/$CYCLES FAIL: $what: destroy: $out"
			return 2
		}
	fi
	[ "$(cat /sys/devices/system/cpu/cpu$cpu/online)" = 1 ] || {
		echo "soak: cycle $i/$CYCLES FAIL: $what: CPU $cpu did not come back to Linux"
		return 2
	}
	loads_alive || {
		echo "soak: cycle $i/$CYCLES FAIL: $what: the load died:$dead"
		return 2
	}
	now=$(pools)
	[ "$i" = 1 ] && POOL_FIRST=$now
	[ "$i" = "$ROUND" ] && POOL_REFERENCE=$now
	if [ -z "$why" ] && [ "$i" -gt "$ROUND" ] && [ "$now" != "$POOL_REFERENCE" ]; then
		why="the pools hold $now pages (mem remap), $POOL_REFERENCE after the first round"
	fi
	dt=$(($(uptime_s) - t0))
	[ "$dt" -gt "$DT_MAX" ] && DT_MAX=$dt
	[ "$dt" -lt "$DT_MIN" ] && DT_MIN=$dt
	if [ -n "$why" ]; then
		echo "soak: cycle $i/$CYCLES FAIL: $what: $why"
		return 1
	fi
	echo "soak: cycle $i/$CYCLES ok: $what $outcome, pools $now, ${dt}s"
}

# --- the run

[ "$(nproc)" -ge 3 ] ||
	fail "the soak needs the 3-CPU PC (tests/rig/boot bochs --cpus 3); this one has $(nproc) CPUs"
for f in cells/bochs-sys-3cpu.cell cells/tiny-demo.cell cells/tiny-demo-2.cell \
	cells/apic-demo-xapic.cell inmates/tiny-demo.bin inmates/apic-demo.bin; do
	[ -f $J/$f ] || fail "$J/$f is not built"
done
echo "$MIX" | while read -r config cell cpu inmate rest; do
	[ -f $J/inmates/$inmate.bin ] || { echo "$J/inmates/$inmate.bin"; break; }
done | grep . && fail "an inmate of the mix is not built"
command -v usleep >/dev/null || fail "busybox has no usleep (the timer load)"

CELLS="tiny-demo tiny-demo-2 apic-demo"
enable_hv $J/cells/bochs-sys-3cpu.cell
jailhouse console -f >$CONSOLE 2>&1 &
FOLLOWER=$!
POOL_BEFORE=$(pools)
start_loads
# however the script ends, the loads stop and the machine is left clean
trap 'stop_loads; kill $FOLLOWER; for c in $CELLS; do jailhouse cell destroy $c >/dev/null 2>&1; done; jailhouse disable >/dev/null 2>&1' EXIT
note "soak: $CYCLES cycles of a mix of $ROUND cells; pools (mem remap pages) before: $POOL_BEFORE"

T_START=$(uptime_s)
DT_MIN=999999 DT_MAX=0
passed=0 failed=0 aborted=""
i=1
while [ $i -le "$CYCLES" ]; do
	cycle $i
	case $? in
	0) passed=$((passed + 1)) ;;
	1) failed=$((failed + 1)) ;;
	*) failed=$((failed + 1)); aborted="cycle $i left the machine unclean"; break ;;
	esac
	kill -0 $FOLLOWER 2>/dev/null || { aborted="jailhouse console -f died"; break; }
	i=$((i + 1))
done
T_END=$(uptime_s)

# figures, read before the loads stop
cpu_ticks=$(awk '{ print $14 + $15 }' /proc/$(echo $PIDS | cut -d' ' -f1)/stat 2>/dev/null)
cpu_ticks=${cpu_ticks:-0}
loads_alive || aborted="${aborted:+$aborted; }the load died:$dead"
stop_loads
kill $FOLLOWER 2>/dev/null
ran=$((passed + failed))
note "soak: figures: $ran cycles in $((T_END - T_START)) guest s, per cycle min ${DT_MIN}s avg $(((T_END - T_START) / (ran > 0 ? ran : 1)))s max ${DT_MAX}s"
note "soak: figures: pools (mem remap pages) before ${POOL_BEFORE}, after cycle 1 ${POOL_FIRST:-?}, after the first round ($ROUND cycles) ${POOL_REFERENCE:-?}, at the end $(pools)"
note "soak: figures: load: cpu $((cpu_ticks / 100)) CPU s, memory $(cat /tmp/soak-count.memory) x 64 MiB, exec $(cat /tmp/soak-count.exec) programs, timer $(cat /tmp/soak-count.timer) sleeps of 1 ms, serial $(cat /tmp/soak-count.serial) bytes"
# tests/soak/run counts from this line (a cycle's own line may be cut by
# a kernel message); before disable, while the kernel is quiet
echo "soak: result: $passed passed, $failed failed, $((CYCLES - ran)) not run"

trap - EXIT
# a cell is left only after an early stop; destroy it so that disable can
# show whether the hypervisor still answers
for c in $CELLS; do jailhouse cell destroy $c >/dev/null 2>&1; done
out=$(jailhouse disable 2>&1) || fail "soak: disable at the end failed: $out"
[ -z "$aborted" ] || fail "soak: the run stopped early: $aborted"
echo "soak: run ok"
