#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# jailhouse.service without systemd (the guest has none): the ExecStart and
# ExecStop lines read from the unit as installed, run with the variables of
# an environment file in the format of /etc/default/jailhouse.  The shipped
# file does nothing; one naming bochs-sys and tiny-demo enables the
# hypervisor, creates, loads and starts the cell (it counts); stop
# destroys it and disables.
# machines: bochs
# timeout: 600

J=/jailhouse
unit=/usr/lib/systemd/system/jailhouse.service
[ -f $unit ] || skip "jailhouse.service is not in the initramfs"
[ -f /etc/default/jailhouse ] || skip "/etc/default/jailhouse is not in the initramfs"
[ -f $J/jailhouse.ko ] || skip "jailhouse.ko is not built"
[ -f /lib/firmware/jailhouse-intel.bin ] || skip "the hypervisor image is not built"
for f in cells/bochs-sys.cell cells/tiny-demo.cell inmates/tiny-demo.bin; do
	[ -f $J/$f ] || skip "$J/$f is not built"
done
start=$(sed -n 's/^ExecStart=//p' $unit)
stop=$(sed -n 's/^ExecStop=//p' $unit)
[ -n "$start" ] && [ -n "$stop" ] || fail "$unit has no ExecStart= or ExecStop= line"

# run_unit ENVFILE COMMAND-LINE: the line with the file's variables, as
# systemd's EnvironmentFile= gives them
run_unit() {
	out=$( (set -a; . "$1"; set +a; $2) 2>&1)
}

# The guest's jailhouse.ko is not under /lib/modules: modprobe loads it
# from the initramfs.
printf '#!/bin/sh\ngrep -q "^jailhouse " /proc/modules || exec insmod %s/jailhouse.ko\n' $J \
	>/tmp/modprobe-jailhouse
chmod +x /tmp/modprobe-jailhouse
export MODPROBE=/tmp/modprobe-jailhouse

run_unit /etc/default/jailhouse "$start" || fail "ExecStart with the shipped /etc/default/jailhouse failed: $out"
case "$out" in
*"nothing to do"*) ;;
*) fail "the shipped /etc/default/jailhouse should do nothing; ExecStart said: $out" ;;
esac
[ "$(cat /sys/devices/jailhouse/enabled 2>/dev/null)" != 1 ] ||
	fail "the shipped /etc/default/jailhouse enabled the hypervisor"

cat >/tmp/jailhouse.env <<ENV
JAILHOUSE_SYSTEM_CONFIG=$J/cells/bochs-sys.cell
JAILHOUSE_CELLS="1"
JAILHOUSE_CELL_1_CONFIG=$J/cells/tiny-demo.cell
JAILHOUSE_CELL_1_IMAGES=$J/inmates/tiny-demo.bin@0x0
ENV
trap 'jailhouse cell destroy tiny-demo >/dev/null 2>&1; jailhouse disable >/dev/null 2>&1' EXIT
run_unit /tmp/jailhouse.env "$start" || fail "ExecStart failed: $out"
[ "$(cat /sys/devices/jailhouse/enabled)" = 1 ] || fail "ExecStart did not enable the hypervisor: $out"
cell_dir tiny-demo >/dev/null || fail "ExecStart did not create tiny-demo: $out"
i=0
until jailhouse console | grep -qE 'tiny-demo: count [0-9]+'; do
	i=$((i + 1))
	[ $i -lt 120 ] || fail "tiny-demo did not count after ExecStart; log: $(jailhouse console | tail -n 5)"
	sleep 1
done
note "ExecStart: tiny-demo counts"

run_unit /tmp/jailhouse.env "$stop" || fail "ExecStop failed: $out"
! cell_dir tiny-demo >/dev/null || fail "ExecStop left tiny-demo: $out"
[ "$(cat /sys/devices/jailhouse/enabled)" = 0 ] || fail "ExecStop did not disable the hypervisor: $out"
trap - EXIT
note "ExecStop: cell destroyed, hypervisor disabled"
