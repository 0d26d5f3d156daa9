# SPDX-License-Identifier: GPL-2.0
# machines: bochs
# timeout: 900
#
# Issue 5: enable/disable 10 times in one boot with Linux alive each time
# (both CPUs run a pinned task while enabled) and the module unloadable at
# the end.  No WARNING/BUG/Oops.
. /jailhouse/lib.sh

SYS=/sys/devices/jailhouse
# let the runner's begin marker reach the console before the module's
# first kernel messages (they would interleave with it)
sleep 1
insmod /jailhouse/jailhouse.ko || fail "insmod jailhouse.ko failed"
i=1
while [ $i -le 10 ]; do
	jailhouse enable /jailhouse/cells/bochs-sys.cell ||
		fail "cycle $i: enable failed"
	[ "$(cat $SYS/enabled)" = 1 ] || fail "cycle $i: not enabled"
	for c in 0 1; do
		taskset -c $c sh -c 'n=0; while [ $n -lt 2000 ]; do n=$((n+1)); done' ||
			fail "cycle $i: CPU $c did not run its task"
	done
	jailhouse disable || fail "cycle $i: disable failed"
	[ "$(cat $SYS/enabled)" = 0 ] || fail "cycle $i: still enabled"
	note "cycle $i done"
	i=$((i + 1))
done
rmmod jailhouse || fail "rmmod failed"
if dmesg | grep -E "WARNING:|BUG:|Oops"; then
	fail "the kernel reported a problem (above)"
fi
