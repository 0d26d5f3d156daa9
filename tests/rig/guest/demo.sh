# SPDX-License-Identifier: GPL-2.0
#
# The main job, run in the Bochs PC by tests/rig/demo (as a scenario, so
# /jailhouse/lib.sh is sourced).  Each stage prints
#   === DEMO STAGE N TITLE
#   === DEMO RESULT N ok|missing|failed|notrun REASON
# "missing" means the stage cannot work yet because a part is not built or
# says "not implemented"; the host turns that into "not there yet".
# "limit": the stage did what it must in this emulator, which lacks
# something real hardware has (the reason says what).
# timeout: 900

CELLS=/jailhouse/cells
CELL=apic-demo
STAGE=0
BLOCKED=""	# set when a stage the rest depends on did not work

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

stage "load jailhouse.ko"
needs /jailhouse/jailhouse.ko "the driver" && run_stage insmod /jailhouse/jailhouse.ko ||
	BLOCKED="jailhouse.ko is not loaded"

stage "jailhouse enable bochs-sys.cell"
if [ -z "$BLOCKED" ] && needs /usr/sbin/jailhouse "the CLI" &&
   needs /lib/firmware/jailhouse-intel.bin "the hypervisor image" &&
   needs $CELLS/bochs-sys.cell "the system config"; then
	run_stage jailhouse enable $CELLS/bochs-sys.cell || BLOCKED="the hypervisor is not enabled"
else
	[ -z "$BLOCKED" ] || result notrun "$BLOCKED"
	BLOCKED=${BLOCKED:-"the hypervisor is not enabled"}
fi

stage "jailhouse cell create apic-demo-xapic.cell"
if [ -n "$BLOCKED" ] || needs $CELLS/apic-demo-xapic.cell "the apic-demo cell config"; then
	run_stage jailhouse cell create $CELLS/apic-demo-xapic.cell || BLOCKED="the cell was not created"
else
	BLOCKED="the cell was not created"
fi

stage "jailhouse cell load apic-demo apic-demo.bin"
if [ -n "$BLOCKED" ] || needs /jailhouse/inmates/apic-demo.bin "the apic-demo inmate"; then
	run_stage jailhouse cell load $CELL /jailhouse/inmates/apic-demo.bin || BLOCKED="the inmate was not loaded"
else
	BLOCKED="the inmate was not loaded"
fi

stage "jailhouse cell start apic-demo"
run_stage jailhouse cell start $CELL && STARTED=1

stage "apic-demo output (jailhouse console, after 5 s)"
if [ -n "${STARTED:-}" ]; then
	sleep 5
	run_stage jailhouse console
else
	result notrun "the cell did not start"
fi

# The list is worth seeing whenever the hypervisor runs, cell or not.
stage "jailhouse cell list"
if [ "$(cat /sys/devices/jailhouse/enabled 2>/dev/null)" = 1 ]; then
	saved=$BLOCKED
	BLOCKED=""
	run_stage jailhouse cell list
	BLOCKED=$saved
else
	result notrun "the hypervisor is not enabled"
fi

stage "jailhouse cell shutdown apic-demo"
run_stage jailhouse cell shutdown $CELL

stage "jailhouse cell destroy apic-demo"
run_stage jailhouse cell destroy $CELL

# Disable and unload are attempted whenever enable worked, whatever the cell
# did: the machine should end as it began.
BLOCKED=""
stage "jailhouse disable"
if [ "$(cat /sys/devices/jailhouse/enabled 2>/dev/null)" = 1 ]; then
	run_stage jailhouse disable
else
	result notrun "the hypervisor was not enabled"
fi

stage "unload jailhouse.ko"
if [ "$(cat /sys/devices/jailhouse/enabled 2>/dev/null)" = 1 ]; then
	result limit "the hypervisor is still enabled (see the disable stage)"
elif grep -q '^jailhouse ' /proc/modules; then
	run_stage rmmod jailhouse
else
	result notrun "jailhouse.ko was not loaded"
fi
echo "=== DEMO END"
