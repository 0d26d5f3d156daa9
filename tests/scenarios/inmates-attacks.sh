#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Every attack inmate (inmates/x86/tests/) in the tiny-demo cell on CPU 1:
# an attack the hypervisor must stop leaves the cell "failed" with a fault
# report naming the right reason and the RIP the inmate announced; an
# attack refused the way hardware refuses it (#GP for MSRs, all-ones PCI
# config reads) leaves the cell running.  After each, the scenario checks
# from the root that the forbidden effect did not happen, destroys the cell
# and checks that CPU 1 is back online.
# machines: bochs
# timeout: 1800

J=/jailhouse
SYSFS=/sys/devices/jailhouse
CELL=tiny-demo
command -v jailhouse >/dev/null || skip "the jailhouse CLI is not in the initramfs"
[ -f $J/jailhouse.ko ] || skip "jailhouse.ko is not built"
[ -f /lib/firmware/jailhouse-intel.bin ] || skip "the hypervisor image is not built"
[ -f $J/cells/$CELL.cell ] || skip "$J/cells/$CELL.cell is not built"
ls $J/inmates/attack-*.bin >/dev/null 2>&1 || skip "the attack inmates are not built"

enable_hv $J/cells/bochs-sys.cell $CELL

nmis_cpu0() {
	awk '$1 == "NMI:" { print $2 }' /proc/interrupts
}

ide_command() {
	# PCI command register of 00:01.1 (bytes 4-5 of its config space)
	od -An -tx2 -j4 -N2 /sys/bus/pci/devices/0000:00:01.1/config | tr -d ' '
}

# start ATTACK: creates the cell, loads and starts the attack inmate
start() {
	cell_run $CELL $CELL "$1"
}

finish() {
	out=$(jailhouse cell destroy $CELL 2>&1) || fail "cell destroy after $1 failed: $out"
	[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] ||
		fail "CPU 1 did not come back online after $1"
	[ "$(cat $SYSFS/enabled)" = 1 ] || fail "the hypervisor is not enabled any more after $1"
}

# stopped ATTACK REASON-REGEX: the cell must fail with that reason (names of
# JAILHOUSE_FAULT_NAMES) at the RIP the inmate announced
stopped() {
	start "$1"
	wait_cell_state "$D" failed 60 ||
		fail "$1: the cell is '$(cat "$D/state")', not failed; its output: $(jailhouse console | grep "$1" | tail -n 5)"
	rip=$(jailhouse console | sed -n "s/^.*$1: .* at RIP \(0x[0-9a-f]*\)\$/\1/p" | tail -n 1)
	[ -n "$rip" ] || fail "$1 did not announce its attack"
	fault=$(cat "$D/fault")
	echo "$fault" | grep -qiE "$2" || fail "$1: the fault report does not say '$2': $fault"
	echo "$fault" | grep -qi "$rip" || fail "$1: the fault report does not name RIP $rip: $fault"
	jailhouse console | grep -q "$1: NOT STOPPED" && fail "$1 got past its attack"
	note "$1: stopped: $(echo "$fault" | head -n 1)"
	finish "$1"
}

for attack_reason in \
	attack-memory-read:memory attack-memory-write:memory attack-pio:pio \
	attack-hypercall:hypercall attack-triple-fault:triple-fault \
	attack-vmxon:vmx-instruction attack-cr4-vmxe:cr4-vmxe \
	attack-unhandled-exit:unhandled-exit \
	'attack-ioapic:memory|ioapic' attack-hpet:memory attack-ipi-fixed:ipi \
	attack-ipi-init:ipi; do
	stopped "${attack_reason%%:*}" "${attack_reason#*:}"
done

# An NMI must not reach the root CPU.
nmis=$(nmis_cpu0)
stopped attack-ipi-nmi ipi
[ "$(nmis_cpu0)" = "$nmis" ] || fail "CPU 0 received an NMI from attack-ipi-nmi"

# refused ATTACK SUMMARY MIN-DENIED: refused the way hardware refuses it
# (#GP): the cell keeps running, reports SUMMARY and no "NOT REFUSED", and
# at least MIN-DENIED MSR accesses were counted as denied
refused() {
	start "$1"
	sleep 5
	[ "$(cat "$D/state")" = running ] || fail "$1: the cell is '$(cat "$D/state")', not running"
	jailhouse console | grep -q "$1: .*: NOT REFUSED" &&
		fail "$1: $(jailhouse console | grep "$1: .*: NOT REFUSED" | head -n 3)"
	jailhouse console | grep -qF "$1: $2" || fail "$1 did not report '$2'"
	denied=$(cat "$D/statistics/cpu1/vmexits_msr_denied")
	[ "$denied" -ge "$3" ] || fail "$1: vmexits_msr_denied is $denied, expected >= $3"
	out=$(jailhouse cell shutdown $CELL 2>&1) || fail "$1: cell shutdown failed: $out"
	# the inmate sleeps until the message vector wakes it: no answer means
	# the hypervisor never sent it (the shutdown then only timed out)
	jailhouse console | grep -qF "$1: shutdown requested, stopping" ||
		fail "$1 did not answer the shutdown request (the message vector woke nothing)"
	finish "$1"
}

# MSRs outside the allow-list: #GP, counted, cell keeps running.
refused attack-msr "6 refused, 0 NOT REFUSED" 6
# x2APIC MSRs in xAPIC mode: #GP (the ICR write once faulted in VMX root)
refused attack-x2apic-msr "3 refused, 0 NOT REFUSED" 1
# a denied MSR in real mode: #GP without error code (once a VM-entry failure)
refused attack-realmode-msr "rdmsr 0x79 in real mode: refused (#GP)" 1
# invalid XCR0 values: #GP as on hardware (once the cell was stopped with
# fault "xsetbv"; a value the CPU refuses must never reach XSETBV in VMX root)
refused attack-xsetbv "8 refused, 0 NOT REFUSED" 0
# invalid CR0/CR4 values: #GP as on hardware (clearing CR0.PG in 64-bit mode
# once failed VM entry and parked the CPU)
refused attack-cr0 "8 refused, 0 NOT REFUSED" 0

# PCI config of a device the cell does not own: all ones, writes dropped.
command_before=$(ide_command)
start attack-pci-config
sleep 5
[ "$(cat "$D/state")" = running ] ||
	fail "attack-pci-config: the cell is '$(cat "$D/state")', not running"
jailhouse console | grep -q 'attack-pci-config: 00:01.1 ID reads 0xffffffff (refused)' ||
	fail "attack-pci-config: $(jailhouse console | grep 'attack-pci-config' | head -n 2)"
[ "$(ide_command)" = "$command_before" ] ||
	fail "attack-pci-config changed the IDE command register: $command_before -> $(ide_command)"
out=$(jailhouse cell shutdown $CELL 2>&1) || fail "attack-pci-config: cell shutdown failed: $out"
finish attack-pci-config

trap - EXIT
out=$(jailhouse disable 2>&1) || fail "jailhouse disable failed: $out"
note "19 attack inmates: 13 stopped with the expected fault, 6 refused like hardware"
exit 0
