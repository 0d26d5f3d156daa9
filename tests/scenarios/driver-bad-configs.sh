#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Every malformed system config handed straight to the enable ioctl (the
# CLI's own checks bypassed with ioctl-enable) is refused with its own
# errno and sentence (the shared validator's, as the hypervisor says it), logged exactly once, and changes nothing.  All these
# refusals come before VMX is touched, so they hold on Bochs too.
# machines: qemu-6.1 qemu-6.12 qemu-6.12-rt bochs
# timeout: 240

# The rig's begin marker must reach the serial console before the kernel's
# insmod lines, or the two interleave and the runner misses the marker
# (seen on Bochs, whose serial port is slow).
sleep 1
ko=/jailhouse/jailhouse.ko
good=/jailhouse/cells/bochs-sys.cell
sys=/sys/devices/jailhouse
[ -f "$ko" ] || skip "jailhouse.ko is not in the initramfs (the driver does not build)"
[ -f "$good" ] || skip "bochs-sys.cell is not in the initramfs"
command -v ioctl-enable >/dev/null || fail "tests/guest-bin/ioctl-enable is not on PATH"
[ "$(grep -c '^processor' /proc/cpuinfo)" = 2 ] || skip "needs a 2-CPU machine (bochs-sys.cell lists CPUs 0 and 1)"

mem_before=$(grep MemTotal /proc/meminfo)
cpus_before=$(cat /sys/devices/system/cpu/online)
size=$(wc -c <$good)
if grep -q '^jailhouse ' /proc/modules; then
	rmmod jailhouse || fail "jailhouse.ko was loaded and enabled before this scenario"
fi
insmod "$ko" || fail "insmod failed"
# Leave the machine as found, also when an assertion fails.
trap 'echo 1 >/sys/devices/system/cpu/cpu1/online 2>/dev/null; rmmod jailhouse 2>/dev/null' EXIT
: >/tmp/sentences

# refused NAME ERRNO-NAME PHRASE ioctl-enable-arguments...
refused() {
	name=$1 want=$2 phrase=$3
	shift 3
	lines_before=$(dmesg | wc -l)
	out=$(ioctl-enable "$@")
	[ $? = 1 ] || fail "$name: not refused: $out"
	echo "$out" | grep -q "($want)" || fail "$name: expected $want: $out"
	echo "$out" | grep -qF -- "$phrase" || fail "$name: the sentence lacks '$phrase': $out"
	sentence=${out#*): }
	count=$(dmesg | tail -n +$((lines_before + 1)) | grep -cF -- "jailhouse: $sentence")
	[ "$count" = 1 ] || fail "$name: the sentence is in the kernel log $count times, expected once"
	echo "$sentence" >>/tmp/sentences
	echo "refused $name: $sentence"
}

refused "truncated header" EINVAL "system config: 200 bytes, smaller than a system descriptor (344 bytes)" \
	--truncate 200 $good
refused "truncated arrays" EINVAL "add up to $size bytes, but the config has $((size - 40)) bytes" \
	--truncate $((size - 40)) $good
refused "trailing garbage" EINVAL "add up to $size bytes, but the config has $((size + 24)) bytes" \
	--pad 24 $good
refused "bad signature" EINVAL 'bad signature "XXXXST"' --u32 0=0x58585858 $good
refused "random bytes" EINVAL "bad signature" --random 4096
refused "cell config" EINVAL "this is a cell config (signature JHCELL), not a system config" \
	/jailhouse/cells/tiny-demo.cell
refused "wrong revision" EINVAL "system config: revision is 99," --u16 6=99 $good
refused "oversized" E2BIG "more than the 1048576 allowed" --pad 1048576 $good
refused "unknown flags" EINVAL "system config: unknown flags 0x80" --u32 8=0x80 $good
refused "empty hypervisor memory" EINVAL "+0x0 is empty, not page aligned" --u64 32=0 $good
refused "hypervisor memory is System RAM" EBUSY \
	"is System RAM used by Linux; reserve it with the kernel parameter memmap=0x600000\$0x1000000" \
	--u64 16=0x1000000 $good
refused "hypervisor memory overlaps the root" EINVAL "overlaps root region" \
	--u64 16=0x3a600000 $good
refused "CPU not in the config" EINVAL "CPU 1 is online but not in the system config's CPU set" \
	--u8 344=1 $good
refused "CPU that does not exist" EINVAL "CPU 63 does not exist here" --u8 351=0x80 $good

# Cell configs are checked before the driver even asks whether the
# hypervisor runs.
tiny=/jailhouse/cells/tiny-demo.cell
refused "cell: system config" EINVAL "cell config: this is a system config (signature JHSYST), not a cell config" \
	--cell $good
refused "cell: truncated header" EINVAL "cell config: 100 bytes, smaller than a cell descriptor (112 bytes)" \
	--cell --truncate 100 $tiny
refused "cell: wrong revision" EINVAL "cell config: the revision is 7," --cell --u16 6=7 $tiny
refused "cell: oversized" E2BIG "bytes is more than the 1048576 allowed" \
	--cell --pad 1048576 $tiny
refused "cell: valid, hypervisor disabled" EINVAL "cell create: the hypervisor is not enabled" \
	--cell $tiny

echo 0 >/sys/devices/system/cpu/cpu1/online || fail "cannot take CPU 1 offline"
refused "offline CPU" EBUSY "CPU 1 is offline; every CPU of the system config must be online" $good
echo 1 >/sys/devices/system/cpu/cpu1/online || fail "cannot bring CPU 1 back online"

dups=$(sort /tmp/sentences | uniq -d)
[ -z "$dups" ] || fail "two refusals gave the same sentence: $dups"

[ "$(cat $sys/enabled)" = 0 ] || fail "$sys/enabled is not 0"
! grep -qi jailhouse /proc/iomem || fail "the hypervisor memory is still claimed"
[ "$(grep MemTotal /proc/meminfo)" = "$mem_before" ] || fail "MemTotal changed"
[ "$(cat /sys/devices/system/cpu/online)" = "$cpus_before" ] || fail "online CPUs changed"
rmmod jailhouse || fail "rmmod failed"
note "$(wc -l </tmp/sentences) malformed configs refused, each with its own sentence"
