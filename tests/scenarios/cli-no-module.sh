#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The CLI without jailhouse.ko: it says the module is missing, and its
# command-line handling (--help, --version, bad arguments) works.
# machines: qemu-6.1 qemu-6.12 qemu-6.12-rt
# timeout: 60

command -v jailhouse >/dev/null || skip "the jailhouse CLI is not in the initramfs (tools/ does not build)"

if grep -q '^jailhouse ' /proc/modules; then
	[ "$(cat /sys/devices/jailhouse/enabled 2>/dev/null)" != 1 ] ||
		fail "jailhouse.ko is loaded and enabled by an earlier scenario: cannot test without it"
	rmmod jailhouse || fail "cannot unload jailhouse.ko left by an earlier scenario"
fi

# expect RC TEXT COMMAND...: COMMAND exits with RC and prints TEXT
# (fixed string) on stdout or stderr.

cells=/jailhouse/cells
expect 1 "/dev/jailhouse: no such device — is jailhouse.ko loaded?" \
	jailhouse enable $cells/bochs-sys.cell
expect 1 "/dev/jailhouse: no such device — is jailhouse.ko loaded?" \
	jailhouse disable
expect 1 "jailhouse.ko is not loaded" jailhouse cell list
expect 1 "jailhouse.ko is not loaded" jailhouse console
expect 1 "/dev/jailhouse: no such device" jailhouse cell start 1
# A wrong file is named before the missing device is noticed.
expect 1 "tiny-demo.cell: a cell configuration, not a system configuration" \
	jailhouse enable $cells/tiny-demo.cell
expect 1 "/nonexistent.cell: No such file or directory" \
	jailhouse enable /nonexistent.cell

expect 0 "usage: jailhouse COMMAND" jailhouse --help
expect 0 "jailhouse " jailhouse --version
version=$(jailhouse --version)
note "version: $version"
expect 2 "usage: jailhouse COMMAND" jailhouse
expect 2 "unknown command 'frobnicate'" jailhouse frobnicate
expect 2 "missing SYSCONFIG" jailhouse enable
expect 2 "unexpected argument 'b'" jailhouse enable a b
expect 2 "missing COMMAND" jailhouse cell
expect 2 "unknown command 'explode'" jailhouse cell explode
expect 2 "missing IMAGE" jailhouse cell load tiny-demo
expect 2 "-a bad: not an address" jailhouse cell load tiny-demo x.bin -a bad
expect 2 "needs -a ADDR" jailhouse cell load tiny-demo x.bin -s text
expect 2 "missing NAME|ID" jailhouse cell destroy
expect 2 "unknown option '--bogus'" jailhouse console --bogus

for command in enable disable "cell create" "cell load" "cell start" \
	"cell shutdown" "cell destroy" "cell list" "cell stats" console; do
	# shellcheck disable=SC2086
	expect 0 "usage: jailhouse $command" jailhouse $command --help
done
expect 0 "usage: jailhouse cell COMMAND" jailhouse cell --help
expect 0 "usage: jailhouse cell stats" jailhouse help cell stats
note "all refusals and help texts as expected"
