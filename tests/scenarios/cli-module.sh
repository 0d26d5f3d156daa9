#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The CLI with jailhouse.ko loaded but the hypervisor not enabled: it talks
# to the module, refuses wrong config files naming them, and changes nothing.
# machines: qemu-6.1 qemu-6.12 qemu-6.12-rt bochs
# timeout: 180

command -v jailhouse >/dev/null || skip "the jailhouse CLI is not in the initramfs (tools/ does not build)"
ko=/jailhouse/jailhouse.ko
[ -f "$ko" ] || skip "jailhouse.ko is not in the initramfs (the driver does not build yet)"

loaded_before=0
grep -q '^jailhouse ' /proc/modules && loaded_before=1
# Let the runner's begin marker reach COM1 before insmod's kernel messages
# can split it (seen under Bochs, where the UART drains slowly).
sleep 1
[ $loaded_before = 1 ] || insmod "$ko" || fail "insmod $ko failed"
[ -c /dev/jailhouse ] || fail "/dev/jailhouse is missing after insmod"
[ "$(cat /sys/devices/jailhouse/enabled)" = 0 ] ||
	fail "the hypervisor is already enabled: this scenario needs it disabled"

cells=/jailhouse/cells
expect 0 "the hypervisor is not enabled" jailhouse cell list
expect 0 "" jailhouse console
note "console: $(jailhouse console | wc -c) bytes"

expect 1 "tiny-demo.cell: a cell configuration, not a system configuration" \
	jailhouse enable $cells/tiny-demo.cell
expect 1 "bochs-sys.cell: a system configuration, not a cell configuration" \
	jailhouse cell create $cells/bochs-sys.cell

head -c 4096 /dev/urandom >/tmp/random.cell
expect 1 "/tmp/random.cell: not a system configuration (bad signature)" \
	jailhouse enable /tmp/random.cell
head -c 200 $cells/bochs-sys.cell >/tmp/truncated.cell
expect 1 "/tmp/truncated.cell: truncated" jailhouse enable /tmp/truncated.cell
: >/tmp/empty.cell
expect 1 "/tmp/empty.cell: empty file" jailhouse cell create /tmp/empty.cell
head -c 1100000 /dev/zero >/tmp/huge.cell
expect 1 "/tmp/huge.cell: too large" jailhouse enable /tmp/huge.cell
# Revision 0x0202 instead of 1 (bytes 6 and 7 of the descriptor).
{ head -c 6 $cells/bochs-sys.cell; printf '\002\002'; tail -c +9 $cells/bochs-sys.cell; } >/tmp/revision.cell
expect 1 "/tmp/revision.cell: configuration revision 514" \
	jailhouse enable /tmp/revision.cell
# One byte more than the descriptor's counts account for.
{ cat $cells/tiny-demo.cell; printf 'x'; } >/tmp/padded.cell
expect 1 "a num_* field does not match its array" \
	jailhouse cell create /tmp/padded.cell

expect 1 "the hypervisor is not enabled" jailhouse cell start tiny-demo
expect 1 "the hypervisor is not enabled" jailhouse cell destroy 1
expect 1 "the hypervisor is not enabled" jailhouse cell stats 0 --once
[ "$(cat /sys/devices/jailhouse/enabled)" = 0 ] || fail "a refused command enabled the hypervisor"

# The driver answers a request that reaches it with a sentence, never a
# bare errno.  disable while disabled reaches it without side effects.
out=$(jailhouse disable 2>&1)
note "disable while disabled: rc=$? $out"
case "$out" in *"gave no reason"*) fail "the driver refused disable without a sentence: $out" ;; esac

if [ "$MACHINE" != bochs ]; then
	# No VMX under QEMU TCG: enable reaches the driver and must fail with
	# its sentence, leaving everything as it was.
	out=$(jailhouse enable $cells/bochs-sys.cell 2>&1) && fail "enable succeeded under QEMU without VMX: $out"
	note "enable under QEMU: $out"
	case "$out" in
	"jailhouse enable: "*) ;;
	*) fail "enable's refusal does not come from the driver: $out" ;;
	esac
	case "$out" in *"gave no reason"*) fail "the driver refused enable without a sentence" ;; esac
	[ "$(cat /sys/devices/jailhouse/enabled)" = 0 ] || fail "enabled after a failed enable"
fi

[ $loaded_before = 1 ] || rmmod jailhouse || fail "rmmod jailhouse failed after the CLI tests"
