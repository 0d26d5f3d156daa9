# SPDX-License-Identifier: GPL-2.0
#
# The demo's stage protocol, shared by demo.sh and demo-linux.sh (staged as
# /jailhouse/demo-lib.sh beside lib.sh; a demo script sources it after
# setting STAGE, the number before its first stage).  Each stage prints
#   === DEMO STAGE N TITLE
#   === DEMO RESULT N ok|missing|failed|notrun|limit REASON
# "missing" means the stage cannot work yet because a part is not built or
# says "not implemented"; the host (tests/rig/demo) turns that into "not
# there yet".  "limit": the stage did what it must in this emulator, which
# lacks something real hardware has (the reason says what).  BLOCKED, when
# set, is why a stage that the rest depends on did not work: later stages
# report "notrun" with it.

STAGE=${STAGE:-0}
BLOCKED=""

stage() {
	STAGE=$((STAGE + 1))
	echo "=== DEMO STAGE $STAGE $*"
}

result() {
	echo "=== DEMO RESULT $STAGE $*"
}

# run_stage COMMAND...: runs it, shows its output, classifies the outcome.
run_stage() {
	if [ -n "$BLOCKED" ]; then
		result notrun "$BLOCKED"
		return 1
	fi
	out=$("$@" 2>&1)
	rc=$?
	[ -z "$out" ] || echo "$out"
	if [ $rc -eq 0 ]; then
		result ok
		return 0
	fi
	case "$out" in
	*"not implemented"*|*"not supported yet"*)
		result missing "'$*' says it is not implemented yet" ;;
	*"could not be given back to Linux"*)
		# apic-demo switched CPU 1 to x2APIC; Bochs cannot switch it
		# back (see tests/scenarios/inmates-x2apic-return.sh)
		result limit "Bochs cannot put CPU 1 back into xAPIC mode, so the hypervisor keeps it and stays enabled" ;;
	*)	result failed "'$*' exited with status $rc" ;;
	esac
	return 1
}

# needs FILE WHAT: a stage whose part is not built cannot run.
needs() {
	[ -e "$1" ] && return 0
	result missing "$2 is not built ($1 is absent)"
	return 1
}

# wait_until SECONDS COMMAND...: until COMMAND succeeds, at most SECONDS.
wait_until() {
	n=$1
	shift
	while [ "$n" -gt 0 ] && ! "$@"; do
		sleep 1
		n=$((n - 1))
	done
	"$@"
}
