#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `config create` on the QEMU q35 PC with intel-iommu: it must find the
# DMAR unit and MMCONFIG, must not opt out of the IOMMU, and must give the
# same result from a collected tree (`config collect` + `--root`).  The
# generated C is printed with a "CFG: " prefix on every line between
# markers (with its md5); tests/tools/rig-configs compiles it on the host and runs
# `config check` on it (the guest has no compiler).
# machines: qemu-6.1 qemu-6.12 qemu-6.12-rt
# timeout: 60

J=/usr/sbin/jailhouse
OUT=/tmp/config-qemu
config_create $OUT
grep -q 'JAILHOUSE_SYS_NO_IOMMU' $OUT/sys.c &&
	fail "config create opted out of the IOMMU on a PC that has one"
grep -q '\.num_iommu_units = 1,' $OUT/sys.c ||
	fail "config create did not find exactly the one DMAR unit"
grep -q '\.pci_mmconfig_base = 0x' $OUT/sys.c ||
	fail "config create found no MMCONFIG (MCFG)"
grep -q 'JAILHOUSE_IOMMU_FLAG_INTR_REMAP' $OUT/sys.c ||
	fail "the DMAR unit lacks the interrupt remapping flag"
grep -q 'source ID .* from the scope of DMAR unit 0' $OUT/sys.c ||
	fail "the IOAPIC got no source ID from the DMAR device scope"
grep -q '^warning:' $OUT/create.err && note "config create warned (see above)"

# The collector path: archive here, generate from the extracted tree.
$J config collect $OUT/collect.tar || fail "config collect failed"
mkdir -p $OUT/tree && tar xf $OUT/collect.tar -C $OUT/tree ||
	fail "the collected archive does not extract with busybox tar"
$J config create --root $OUT/tree $OUT/sys-root.c 2>$OUT/root.err ||
	{ cat $OUT/root.err; fail "config create --root on the collected tree failed"; }
# Only the "from ..." line may differ.
grep -v '^ \* from ' $OUT/sys.c >$OUT/a
grep -v '^ \* from ' $OUT/sys-root.c >$OUT/b
cmp -s $OUT/a $OUT/b || { diff $OUT/a $OUT/b | head -20;
	fail "the config from the collected tree differs from the live one"; }

# Refuses while the hypervisor is enabled: shown with a fake tree.
mkdir -p $OUT/tree/sys/devices/jailhouse
echo 1 >$OUT/tree/sys/devices/jailhouse/enabled
$J config create --root $OUT/tree $OUT/refused.c 2>$OUT/refused.err &&
	fail "config create ran although the tree says the hypervisor is enabled"
grep -q 'hypervisor is enabled' $OUT/refused.err ||
	fail "the refusal does not say why: $(cat $OUT/refused.err)"
[ -e $OUT/refused.c ] && fail "a refused config create left an output file"

echo "=== BEGIN GENERATED CONFIG $MACHINE"
sed 's/^/CFG: /' $OUT/sys.c
# The host checks what it reassembles against this (kernel messages may
# split console lines), and the UART gets time to drain before the next
# scenario's kernel messages.
echo "=== END GENERATED CONFIG $MACHINE lines=$(wc -l <$OUT/sys.c) md5=$(md5sum <$OUT/sys.c | cut -d' ' -f1)"
sleep 2
note "generated config: $(wc -l <$OUT/sys.c) lines"
exit 0
