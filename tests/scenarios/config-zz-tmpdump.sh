#!/bin/sh
# machines: qemu-6.1 bochs
# timeout: 60
modprobe msr
/usr/sbin/jailhouse config collect /tmp/t.tar
busybox base64 /tmp/t.tar | sed 's/^/TAR: /'
for c in 0 1; do for m in 0x3a 0x480 0x481 0x482 0x483 0x484 0x485 0x48b 0x48c 0x48d 0x48e 0x48f 0x490 0x1b; do
  v=$(dd if=/dev/cpu/$c/msr bs=1 count=8 skip=$((m)) 2>/dev/null | od -An -tx8 | tr -d ' ')
  echo "MSR: $c $m $v"; done; done
exit 0
