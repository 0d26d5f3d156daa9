#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# uio_ivshmem.ko (built by DKMS with jailhouse.ko for the booted kernel)
# loads on top of the kernel's uio.ko, registers its PCI driver for
# 110a:4106, binds to nothing on a PC without ivshmem devices (no hypervisor
# here), and unloads.  The driver at work is scenario ivshmem-root (Bochs).
# machines: qemu-6.1 qemu-6.12 qemu-6.12-rt
# timeout: 60

J=/jailhouse
[ -f $J/uio_ivshmem.ko ] || fail "$J/uio_ivshmem.ko is not in the initramfs"
modprobe uio || fail "modprobe uio failed"
insmod $J/uio_ivshmem.ko || fail "insmod uio_ivshmem.ko failed: $(dmesg | tail -n 3)"
d=/sys/bus/pci/drivers/uio_ivshmem
[ -d $d ] || fail "no PCI driver uio_ivshmem after insmod"
bound=$(ls $d | grep -c '^0000:')
[ "$bound" = 0 ] || fail "uio_ivshmem bound to $bound device(s) on a PC without ivshmem"
ls /dev/uio* 2>/dev/null && fail "a UIO device exists without an ivshmem device"
rmmod uio_ivshmem || fail "rmmod uio_ivshmem failed"
rmmod uio || fail "rmmod uio failed"
if dmesg | grep -E "WARNING:|BUG:|Oops"; then
	fail "the kernel complained (above)"
fi
note "uio_ivshmem loaded and unloaded on $(uname -r)"
