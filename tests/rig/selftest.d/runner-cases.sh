# SPDX-License-Identifier: GPL-2.0
#
# tests/rig/run end to end with selftest.d/fake-emulator standing in for the
# emulator (sourced by tests/rig/selftest).

SCEN=$WORK/scenarios
mkdir -p "$SCEN"
scenario() {
	local name=$1; shift
	printf '%s\n' "$@" >"$SCEN/$name.sh"
}
scenario st-pass '# machines: qemu-6.1' 'echo all good'
scenario st-fail '# machines: qemu-6.1' 'fail "deliberately failing"'
scenario st-later '# machines: qemu-6.12 bochs' 'echo runs on 6.12 and bochs'
scenario st-skipped '# machines: qemu-6.1 qemu-6.12' '# skip: not implemented yet' 'fail "must not run"'
scenario st-hang '# machines: qemu-6.1' '# timeout: 3' 'sleep 60'
scenario st-hvpanic '# machines: qemu-6.1' "echo '$HV_PANIC_BANNER on CPU 0: fake' >>\"\$COM2\"" 'sleep 60'
scenario st-frozen '# machines: qemu-6.1' 'sleep 60'
scenario st-noheader 'echo no header'
scenario st-badmachine '# machines: qemu-7' 'echo x'

# run_says EXIT MAXSECONDS ARGS... -- REGEX...: the runner exits EXIT within
# MAXSECONDS and prints every REGEX.
run_says() {
	local want_rc=$1 max=$2 rc=0 t0=$SECONDS args=() re out=$WORK/run.out
	shift 2
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	shift
	RIG_FAKE_EMULATOR=$RIG/selftest.d/fake-emulator SCENARIO_DIR=$SCEN RIG_BUILD=$WORK/build \
		"$RIG/run" "${args[@]}" >"$out" 2>&1 || rc=$?
	if [ "$rc" -ne "$want_rc" ] || [ $((SECONDS - t0)) -gt "$max" ]; then
		echo "  exit $rc (wanted $want_rc) after $((SECONDS - t0))s (at most ${max}s)"
		sed 's/^/  /' "$out"
		return 1
	fi
	for re in "$@"; do
		grep -qE -- "$re" "$out" || { echo "  no line matches: $re"; sed 's/^/  /' "$out"; return 1; }
	done
}

check "runner: passing and header-skipped scenarios give exit 0 and the closing line" \
	run_says 0 20 qemu --scenario st-pass --scenario st-skipped -- \
	'^PASS st-pass@qemu-6.1$' '^SKIP st-skipped@qemu-6.1: not implemented yet$' \
	'^SKIP st-skipped@qemu-6.12: not implemented yet$' '^1 passed, 0 failed, 2 skipped$'
check "runner: a deliberately failing scenario makes it exit non-zero" \
	run_says 1 20 qemu --scenario st-pass --scenario st-fail -- \
	'^FAIL st-fail@qemu-6.1: exit status 1' 'deliberately failing' '^1 passed, 1 failed, 0 skipped$'
check "runner: scenarios are picked by their machines line, one boot per machine" \
	run_says 0 20 qemu --scenario st-pass --scenario st-later -- \
	'^PASS st-pass@qemu-6.1$' '^PASS st-later@qemu-6.12$' 'boot qemu-6.1/' 'boot qemu-6.12/' '^2 passed, 0 failed, 0 skipped$'
check "runner: bochs runs only what names bochs" \
	run_says 0 20 bochs --scenario st-pass --scenario st-later -- \
	'^PASS st-later@bochs$' '^1 passed, 0 failed, 0 skipped$'
check "runner: a hung scenario is stopped at its timeout and fails" \
	run_says 1 15 qemu --scenario st-hang -- \
	'^FAIL st-hang@qemu-6.1: did not finish: scenario st-hang exceeded its timeout of 3s' '^0 passed, 1 failed'
check "runner: a hypervisor panic on COM2 stops the boot and fails the scenario" \
	run_says 1 15 qemu --scenario st-hvpanic -- \
	"^FAIL st-hvpanic@qemu-6.1: $HV_PANIC_BANNER on CPU 0: fake" '^0 passed, 1 failed'
RIG_HEARTBEAT_LIMIT=2 check "runner: a guest whose heartbeat stops is stopped long before the scenario's timeout" \
	run_says 1 20 qemu --scenario st-frozen -- \
	'^FAIL st-frozen@qemu-6.1: did not finish: the guest stopped responding: no heartbeat for' '^0 passed, 1 failed'
check "runner: scenarios without a machines line or with an unknown machine fail with a sentence" \
	run_says 1 20 qemu --scenario st-noheader --scenario st-badmachine -- \
	"^FAIL st-noheader: it has no '# machines:' header line" \
	"^FAIL st-badmachine: '# machines:' names unknown machine 'qemu-7'" '^0 passed, 2 failed'
check "runner: an unknown scenario name is refused" \
	run_says 2 5 qemu --scenario no-such-thing -- "no scenario 'no-such-thing'"
