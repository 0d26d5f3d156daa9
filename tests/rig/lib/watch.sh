# SPDX-License-Identifier: GPL-2.0
#
# The watch over a running boot (sourced by tests/rig/*): polls the serial
# files every second, streams progress, and stops the emulator as soon as
# the guest is dead or over its time.  watch_boot LOGDIR LISTFILE leaves in
# LOGDIR: status (one line: how the boot ended), com2-offsets ("NAME
# BYTES": COM2 size when NAME began, for the verdict), on Bochs
# com4-offsets (the same for COM4, a Linux cell's console) and
# com4-stamped.log (each COM4 line as "WALL COM1BYTES LINE": the elapsed
# wall seconds and the size of com1.log when the line was first seen, so
# that a cell's console can be set against the root's markers).
# RIG_PROGRESS=1 streams COM1 and COM2 to stdout with elapsed wall time
# (through progress_line / progress_idle, which a caller may replace).

# Default progress output: every new serial line, stamped with the elapsed
# wall time; COM2 (the hypervisor's console) marked as such.  A caller may
# define its own progress_line / progress_idle before calling boot_machine.
if ! declare -F progress_line >/dev/null; then
	progress_line() {
		case "$1" in
		COM1) printf '[%4ds] %s\n' "$2" "$3" ;;
		*)    printf '[%4ds] %s| %s\n' "$2" "$1" "$3" ;;
		esac
	}
fi
if ! declare -F progress_idle >/dev/null; then
	progress_idle() { printf '[%4ds] (no serial output for %ss)\n' "$1" "$2"; }
fi

# Hands the complete lines FILE gained since the last call to progress_line.
# COUNT names the variable that holds how many lines were handed so far.
stream_file() {
	local file=$1 source=$2 elapsed=$3 line lines
	local -n count=$4
	lines=$(wc -l <"$file" 2>/dev/null || echo 0)
	[ "$lines" -gt "$count" ] || return 1
	while IFS= read -r line; do
		progress_line "$source" "$elapsed" "$line"
	done < <(sed -n "$((count + 1)),${lines}p" "$file" | tr -d '\r' |
		awk -f "$RIG_DIR/lib/deinterleave.awk")
	count=$lines
}

# Streams new serial lines while the machine runs (only when RIG_PROGRESS=1);
# says so every 30 s of silence.
stream_progress() {
	local logdir=$1 elapsed=$2 fresh=0
	[ "${RIG_PROGRESS:-0}" = 1 ] || return 0
	stream_file "$logdir/com1.log" COM1 "$elapsed" STREAMED && fresh=1
	stream_file "$logdir/com2.log" COM2 "$elapsed" STREAMED_COM2 && fresh=1
	if [ -f "$logdir/com4.log" ]; then
		stream_file "$logdir/com4.log" COM4 "$elapsed" STREAMED_COM4 && fresh=1
	fi
	if [ "$fresh" = 1 ]; then
		SILENT_SINCE=$elapsed IDLE_NOTED=$elapsed
	elif [ $((elapsed - IDLE_NOTED)) -ge 30 ]; then
		progress_idle "$elapsed" "$((elapsed - SILENT_SINCE))"
		IDLE_NOTED=$elapsed
	fi
}

# The "=== RIG" marker lines on COM1, repaired where kernel messages cut
# into them (lib/deinterleave.awk).
console_markers() {
	tr -d '\r' <"$1/com1.log" 2>/dev/null | awk -f "$RIG_DIR/lib/deinterleave.awk" |
		grep -a '^=== RIG ' || true
}

# The scenario that began last and has not ended, as "NAME"; empty if none.
current_scenario() {
	local last
	last=$(console_markers "$1" | grep -aoE '^=== RIG (BEGIN|END) [^ ]+' | tail -n 1)
	case "$last" in "=== RIG BEGIN "*) echo "${last#=== RIG BEGIN }" ;; esac
}

scenario_limit() {
	awk -v n="$2" '$1 == n { print $2 }' "$1"
}

# Notes when a scenario begins (wall time, COM2 and COM4 sizes) in RUNNING,
# RUNNING_SINCE, com2-offsets and com4-offsets.  The sizes are the ones of
# the previous poll: what the hypervisor (or a cell) said around a
# scenario's start counts for the new scenario, so a panic it caused is
# never credited to the one before.
track_running() {
	local logdir=$1 elapsed=$2 now_running com2_size com4_size
	com2_size=$(stat -c %s "$logdir/com2.log" 2>/dev/null || echo 0)
	com4_size=$(stat -c %s "$logdir/com4.log" 2>/dev/null || echo 0)
	now_running=$(current_scenario "$logdir" 2>/dev/null)
	if [ "$now_running" != "$RUNNING" ]; then
		RUNNING=$now_running
		RUNNING_SINCE=$elapsed
		if [ -n "$RUNNING" ]; then
			echo "$RUNNING $COM2_SIZE_BEFORE" >>"$logdir/com2-offsets"
			echo "$RUNNING $COM4_SIZE_BEFORE" >>"$logdir/com4-offsets"
		fi
	fi
	COM2_SIZE_BEFORE=$com2_size
	COM4_SIZE_BEFORE=$com4_size
}

# Appends the complete COM4 lines that arrived since the last poll to
# com4-stamped.log with the elapsed wall time and com1.log's size.
stamp_com4() {
	local logdir=$1 elapsed=$2 lines com1_size
	[ -f "$logdir/com4.log" ] || return 0
	lines=$(wc -l <"$logdir/com4.log")
	[ "$lines" -gt "$STAMPED_COM4" ] || return 0
	com1_size=$(stat -c %s "$logdir/com1.log" 2>/dev/null || echo 0)
	sed -n "$((STAMPED_COM4 + 1)),${lines}p" "$logdir/com4.log" | tr -d '\r' |
		sed "s/^/$elapsed $com1_size /" >>"$logdir/com4-stamped.log"
	STAMPED_COM4=$lines
}

# Decides whether the boot must be stopped now; prints the reason if so.
# Uses the globals BOOT_LIMIT, RUNNING, RUNNING_SINCE of watch_boot.
judge_boot() {
	local logdir=$1 list=$2 elapsed=$3 com1=$1/com1.log com2=$1/com2.log limit panic
	if ! console_markers "$logdir" | grep '^=== RIG INIT' >/dev/null; then
		if over_limit 0 0 "$BOOT_LIMIT"; then
			echo "boot timeout: init not reached after ${elapsed}s (${NOW_CPU} emulator CPU seconds)"
			return
		fi
		if over_limit "$COM1_SINCE" "$COM1_SINCE_CPU" "$SILENCE_LIMIT"; then
			echo "boot hung: no console output for $((elapsed - COM1_SINCE))s before init"
			return
		fi
	fi
	if [ -n "$HEARTBEAT_SINCE" ] && over_limit "$HEARTBEAT_SINCE" "$HEARTBEAT_SINCE_CPU" "$HEARTBEAT_LIMIT"; then
		echo "the guest stopped responding: no heartbeat for $((elapsed - HEARTBEAT_SINCE))s (hung hypervisor or kernel)"
		return
	fi
	if grep -aq 'Kernel panic - not syncing' "$com1" 2>/dev/null; then
		echo "guest kernel panic: $(grep -a -m1 'Kernel panic' "$com1" | tr -d '\r')"
		return
	fi
	if [ "$(grep -ac 'Linux version' "$com1" 2>/dev/null || true)" -gt 1 ]; then
		echo "the guest rebooted"
		return
	fi
	panic=$(hv_panic_line "$com2")
	if [ -n "$panic" ]; then
		echo "hypervisor panic: $panic"
		return
	fi
	if [ -n "$DONE_SINCE" ] &&
	   [ $((elapsed - DONE_SINCE)) -gt 30 ]; then
		echo "the guest did not power off within 30s after its last scenario"
		return
	fi
	if [ -n "$RUNNING" ]; then
		limit=$(scenario_limit "$list" "$RUNNING")
		if [ -n "$limit" ] && [ $((elapsed - RUNNING_SINCE)) -gt "$limit" ]; then
			echo "scenario $RUNNING exceeded its timeout of ${limit}s (wall clock)"
		fi
	fi
}

# over_limit SINCE_WALL SINCE_CPU LIMIT: true when the emulator spent more
# than LIMIT CPU seconds since then -- or, for a guest that idles (QEMU with
# every CPU halted uses no CPU), more than 4 x LIMIT wall seconds passed.
over_limit() {
	[ $((NOW_CPU - $2)) -gt "$3" ] || [ $((NOW_WALL - $1)) -gt $((4 * $3)) ]
}

# Notes the wall and CPU time of the last heartbeat growth in
# HEARTBEAT_SINCE(_CPU) (empty until the first dot) and of the last console
# growth in COM1_SINCE(_CPU).
track_heartbeat() {
	local size
	size=$(stat -c %s "$1/heartbeat.log" 2>/dev/null || echo 0)
	if [ "$size" -gt 0 ] && [ "$size" != "$HEARTBEAT_SIZE" ]; then
		HEARTBEAT_SIZE=$size HEARTBEAT_SINCE=$NOW_WALL HEARTBEAT_SINCE_CPU=$NOW_CPU
	fi
	size=$(stat -c %s "$1/com1.log" 2>/dev/null || echo 0)
	if [ "$size" != "$COM1_SIZE" ]; then
		COM1_SIZE=$size COM1_SINCE=$NOW_WALL COM1_SINCE_CPU=$NOW_CPU
	fi
}

# Watches the running emulator until it exits or judge_boot stops it.
watch_boot() {
	local logdir=$1 list=$2 start=$SECONDS elapsed reason="" cpu
	RUNNING="" RUNNING_SINCE=0 DONE_SINCE="" COM2_SIZE_BEFORE=0 COM4_SIZE_BEFORE=0
	STREAMED=0 STREAMED_COM2=0 STREAMED_COM4=0 STAMPED_COM4=0 SILENT_SINCE=0 IDLE_NOTED=0
	HEARTBEAT_SIZE=0 HEARTBEAT_SINCE="" HEARTBEAT_SINCE_CPU=0
	COM1_SIZE=0 COM1_SINCE=0 COM1_SINCE_CPU=0 NOW_WALL=0 NOW_CPU=0
	: >"$logdir/com2-offsets"
	: >"$logdir/com4-offsets"
	while kill -0 "$EMULATOR_PID" 2>/dev/null; do
		sleep 1
		elapsed=$((SECONDS - start))
		cpu=$(emulator_cpu_seconds)
		# An exited emulator reads as 0 until reaped: keep the last value.
		[ "$cpu" -lt "$NOW_CPU" ] || NOW_CPU=$cpu
		NOW_WALL=$elapsed
		stream_progress "$logdir" "$elapsed"
		if [ -z "$DONE_SINCE" ] && console_markers "$logdir" | grep '^=== RIG DONE' >/dev/null; then
			DONE_SINCE=$elapsed
		fi
		track_running "$logdir" "$elapsed"
		stamp_com4 "$logdir" "$elapsed"
		track_heartbeat "$logdir" "$elapsed"
		reason=$(judge_boot "$logdir" "$list" "$elapsed")
		if [ -n "$reason" ]; then
			sleep 2	# let the last console lines reach the files
			stop_emulator
			break
		fi
	done
	local rc=0
	wait "$EMULATOR_PID" 2>/dev/null || rc=$?
	EMULATOR_PID=""
	stream_progress "$logdir" "$((SECONDS - start))"
	stamp_com4 "$logdir" "$((SECONDS - start))"
	if [ -z "$reason" ] && ! console_markers "$logdir" | grep '^=== RIG POWEROFF' >/dev/null; then
		reason="the guest went down unexpectedly (not through init's power-off) after $((SECONDS - start))s (emulator exit status $rc)"
		# init also logs its power-off through the kernel log, which
		# cannot be lost in the serial buffer
		if grep -q 'rig: init powers the machine off' "$logdir/com1.log" 2>/dev/null; then
			reason="$reason; but the kernel log says: $(grep -o 'rig: init powers the machine off.*' "$logdir/com1.log" | tail -n 1)"
		fi
	fi
	[ -n "$reason" ] ||
		reason="powered off after $((SECONDS - start))s, ${NOW_CPU}+ emulator CPU seconds (exit status $rc)"
	echo "$reason" >"$logdir/status"
}
