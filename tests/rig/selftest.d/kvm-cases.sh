# SPDX-License-Identifier: GPL-2.0
#
# The nested-KVM machine (tests/rig/run kvm): the host detection with every
# probe faked (lib/machine.sh, kvm_skip_reasons), the QEMU command line
# against selftest.d/kvm-cmdline.golden, and the runner skipping or booting
# it (sourced by tests/rig/selftest).

KVM=$WORK/kvm
mkdir -p "$KVM"

# A host that has everything: a KVM device, an Intel CPU with VMX, nested
# VMX on, and a QEMU whose intel-iommu has intremap and eim.
kvm_good_host() {
	rm -rf "$KVM/host"
	mkdir -p "$KVM/host"
	: >"$KVM/host/kvm"
	printf '%s\n' 'processor	: 0' 'vendor_id	: GenuineIntel' \
		'flags		: fpu vme de pse tsc msr pae mce cx8 apic sep vmx smx est tm2 ssse3 x2apic' \
		'processor	: 1' 'vendor_id	: GenuineIntel' >"$KVM/host/cpuinfo"
	echo Y >"$KVM/host/nested"
	kvm_fake_qemu '  aw-bits=<uint8>        -  (default: 39)' \
		'  caching-mode=<bool>    -  (default: false)' \
		'  eim=<OnOffAuto>        - on/off/auto (default: "auto")' \
		'  intremap=<OnOffAuto>   - on/off/auto (default: "auto")'
}

# kvm_fake_qemu LINE...: a qemu-system-x86_64 that prints LINEs as its
# intel-iommu help (and fails on anything else).
kvm_fake_qemu() {
	{
		echo '#!/bin/sh'
		echo '[ "$1 $2" = "-device intel-iommu,help" ] || exit 1'
		echo 'echo "intel-iommu options:"'
		for line in "$@"; do printf "echo '%s'\n" "$line"; done
	} >"$KVM/host/qemu"
	chmod +x "$KVM/host/qemu"
}

# kvm_reasons: what the detection says about the faked host.
kvm_reasons() {
	(RIG_KVM_DEV=$KVM/host/kvm RIG_KVM_CPUINFO=$KVM/host/cpuinfo \
	 RIG_KVM_NESTED=$KVM/host/nested RIG_KVM_QEMU=$KVM/host/qemu
	 export RIG_KVM_DEV RIG_KVM_CPUINFO RIG_KVM_NESTED RIG_KVM_QEMU
	 . "$RIG/lib/machine.sh"
	 kvm_skip_reasons)
}

# kvm_says LINES REGEX: the detection gives exactly LINES sentences, and
# the first matches REGEX ('' with 0 lines: none at all).
kvm_says() {
	local want=$1 re=$2 out n
	out=$(kvm_reasons)
	n=$(grep -c . <<<"$out")
	if [ "$n" -ne "$want" ] || ! grep -qE -- "$re" <<<"$(sed -n 1p <<<"$out")"; then
		echo "  wanted $want sentence(s), the first matching: $re; got:"
		sed 's/^/  /' <<<"$out"
		return 1
	fi
}

kvm_good_host
check "kvm detection: a host with KVM, Intel VMX, nested=Y and a QEMU with eim gives no reason" \
	kvm_says 0 ''
echo 1 >"$KVM/host/nested"
check "kvm detection: nested=1 counts as on" kvm_says 0 ''

kvm_good_host; rm "$KVM/host/kvm"
check "kvm detection: no /dev/kvm" \
	kvm_says 1 "^$KVM/host/kvm does not exist \(no KVM on this host, or its module is not loaded\)\.$"
if [ "$(id -u)" -ne 0 ]; then
	kvm_good_host; chmod 000 "$KVM/host/kvm"
	check "kvm detection: /dev/kvm not accessible" \
		kvm_says 1 "^$KVM/host/kvm is not readable and writable by this user \(join its group, usually kvm\)\.$"
else
	echo "note: kvm detection of an inaccessible /dev/kvm not tested: root may open any file"
fi

kvm_good_host; sed -i 's/GenuineIntel/AuthenticAMD/; s/ vmx / svm /' "$KVM/host/cpuinfo"
check "kvm detection: an AMD host is named, and VMX not mentioned" \
	kvm_says 1 '^the host CPU is AuthenticAMD, not GenuineIntel: the hypervisor needs Intel VMX, and KVM nests VMX only on Intel CPUs\.$'
kvm_good_host; sed -i 's/ vmx / /' "$KVM/host/cpuinfo"
check "kvm detection: an Intel host without the vmx flag" \
	kvm_says 1 "^the host CPU does not offer VMX \(no vmx flag in $KVM/host/cpuinfo\): enable VT-x in the BIOS, or this is a guest without nested VMX\.$"
kvm_good_host; sed -i 's/ vmx / vmxx /' "$KVM/host/cpuinfo"
check "kvm detection: a flag that merely starts with vmx is not vmx" \
	kvm_says 1 '^the host CPU does not offer VMX'

kvm_good_host; rm "$KVM/host/nested"
check "kvm detection: kvm_intel not loaded" \
	kvm_says 1 "^kvm_intel is not loaded \($KVM/host/nested does not exist\): modprobe kvm_intel nested=1\.$"
kvm_good_host; echo N >"$KVM/host/nested"
check "kvm detection: kvm_intel with nested=N" \
	kvm_says 1 '^kvm_intel runs with nested=N: reload it with nested=1 \(modprobe -r kvm_intel; modprobe kvm_intel nested=1\)\.$'
echo 0 >"$KVM/host/nested"
check "kvm detection: kvm_intel with nested=0" kvm_says 1 '^kvm_intel runs with nested=0: '

kvm_good_host; rm "$KVM/host/qemu"
check "kvm detection: no QEMU" kvm_says 1 "^$KVM/host/qemu is not installed\.$"
kvm_good_host; kvm_fake_qemu '  aw-bits=<uint8>        -  (default: 39)'
check "kvm detection: a QEMU whose intel-iommu lacks intremap" \
	kvm_says 1 "^$KVM/host/qemu has no intel-iommu device with intremap \(its '-device intel-iommu,help' does not list it\): QEMU is too old or built without it\.$"
kvm_good_host; kvm_fake_qemu '  intremap=<OnOffAuto>   - on/off/auto (default: "auto")'
check "kvm detection: a QEMU whose intel-iommu lacks eim" \
	kvm_says 1 "^$KVM/host/qemu's intel-iommu has no eim property: x2APIC interrupt remapping \(eim=on with intremap=on\) needs a newer QEMU\.$"

kvm_good_host; rm "$KVM/host/kvm" "$KVM/host/nested" "$KVM/host/qemu"
sed -i 's/ vmx / /' "$KVM/host/cpuinfo"
check "kvm detection: every missing condition is one sentence, in order" \
	kvm_says 4 "^$KVM/host/kvm does not exist"

# The command line, word for word.
kvm_cmdline_is_golden() {
	local out=$KVM/cmdline
	(. "$RIG/lib/machine.sh"; kvm_qemu_args /log 3 /k/vmlinuz /log/initramfs.cpio) >"$out"
	diff -u "$RIG/selftest.d/kvm-cmdline.golden" "$out" | sed 's/^/  /'
	cmp -s "$RIG/selftest.d/kvm-cmdline.golden" "$out"
}
check "kvm machine: the QEMU command line is selftest.d/kvm-cmdline.golden" kvm_cmdline_is_golden
kvm_root_ir_cmdline() {
	local got
	got=$(. "$RIG/lib/machine.sh"; kvm_qemu_args /log 3 /k/vmlinuz /log/initramfs.cpio |
		sed -n '/^-append$/{n;p}')
	[ "$got" = 'console=ttyS0,115200 intel_iommu=off memmap=82M$0x3a000000 panic=-1' ] ||
		{ echo "  the kernel command line is '$got'"; return 1; }
}
check "kvm machine: no intremap=off (Linux keeps interrupt remapping, the hypervisor takes the unit over)" kvm_root_ir_cmdline
kvm_cpus_are() {
	local got
	got=$(. "$RIG/lib/machine.sh"; echo "$(kvm_cpus '') $(kvm_cpus 2) $(kvm_cpus 3) $(kvm_cpus 4)")
	[ "$got" = "3 3 3 4" ] || { echo "  kvm_cpus '' 2 3 4 gave: $got"; return 1; }
}
check "kvm machine: 3 CPUs, more only when a scenario asks for more" kvm_cpus_are

# The runner on such hosts (scenarios from runner-cases.sh).
scenario st-kvmonly '# machines: kvm' 'echo kvm only'
scenario st-notonkvm '# machines: bochs' '# skip-kvm: not for this PC' 'echo bochs only'
kvm_run_says() {
	RIG_KVM_DEV=$KVM/host/kvm RIG_KVM_CPUINFO=$KVM/host/cpuinfo \
	RIG_KVM_NESTED=$KVM/host/nested RIG_KVM_QEMU=$KVM/host/qemu \
		run_says "$@"
}
kvm_no_host() { kvm_good_host; echo N >"$KVM/host/nested"; }
kvm_no_host
check "runner: kvm on a host without nested VMX skips every kvm and bochs scenario with the reason" \
	kvm_run_says 0 20 kvm --scenario st-pass --scenario st-later --scenario st-kvmonly -- \
	'^SKIP kvm: kvm_intel runs with nested=N: ' \
	'^SKIP st-later@kvm: no nested-KVM host: kvm_intel runs with nested=N: ' \
	'^SKIP st-kvmonly@kvm: no nested-KVM host: kvm_intel runs with nested=N: ' \
	'^0 passed, 0 failed, 2 skipped$'
kvm_good_host
check "runner: kvm on a capable host boots once for the bochs and kvm scenarios, with 3 CPUs" \
	kvm_run_says 0 20 kvm --scenario st-pass --scenario st-later --scenario st-kvmonly --scenario st-notonkvm -- \
	'^PASS st-later@kvm$' '^PASS st-kvmonly@kvm$' '^SKIP st-notonkvm@kvm: not for this PC$' \
	'boot kvm/3 CPUs' '^2 passed, 0 failed, 1 skipped$'
check "runner: a skip-kvm line leaves the scenario on bochs" \
	run_says 0 20 bochs --scenario st-notonkvm -- '^PASS st-notonkvm@bochs$' '^1 passed, 0 failed, 0 skipped$'

kvm_boot_says() {
	local rc=0 re out=$KVM/boot.out
	RIG_KVM_DEV=$KVM/host/kvm RIG_KVM_CPUINFO=$KVM/host/cpuinfo \
	RIG_KVM_NESTED=$KVM/host/nested RIG_KVM_QEMU=$KVM/host/qemu \
	SCENARIO_DIR=$SCEN RIG_BUILD=$WORK/build "$RIG/boot" kvm --scenario st-later >"$out" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || { echo "  exit $rc"; sed 's/^/  /' "$out"; return 1; }
	for re in "$@"; do
		grep -qE -- "$re" "$out" || { echo "  no line matches: $re"; sed 's/^/  /' "$out"; return 1; }
	done
	! grep -q 'booting' "$out" || { echo "  it booted:"; sed 's/^/  /' "$out"; return 1; }
}
kvm_no_host
check "boot: kvm on a host without nested VMX says why, skips, and boots nothing" \
	kvm_boot_says '^SKIP kvm: kvm_intel runs with nested=N: ' '^SKIP st-later@kvm: no nested-KVM host: kvm_intel runs with nested=N: '
