# SPDX-License-Identifier: GPL-2.0
#
# The main job, run in the Bochs PC by tests/rig/demo (as a scenario, so
# /jailhouse/lib.sh is sourced).  Its stages speak the protocol of
# demo-lib.sh (/jailhouse/demo-lib.sh in the guest).
# timeout: 1200

CELLS=/jailhouse/cells
CELL=apic-demo
STAGE=0
. /jailhouse/demo-lib.sh

# The NIC part (issue 13): root Linux pings the vnet host through the
# Bochs PC's e1000, the e1000-demo cell takes the NIC and pings it itself,
# and after the cell is gone root Linux pings again.
NIC=/sys/bus/pci/devices/0000:00:02.0

has_eth0() { [ -d $NIC/net/eth0 ] && [ "$(cat /sys/class/net/eth0/carrier 2>/dev/null)" = 1 ]; }
nic_gone() { [ ! -e $NIC ]; }
nic_back() { [ -d $NIC/net/eth0 ]; }
demo_done() { jailhouse console | grep -q 'e1000-demo: .* echo requests answered'; }

# root_ping: eth0 (e1000 loaded if needed) with 192.168.10.15, 3 pings
# to the vnet host 192.168.10.1, all answered.
root_ping() {
	grep -q '^e1000 ' /proc/modules || modprobe e1000 || return 1
	wait_until 20 nic_back || { echo "no eth0 under $NIC"; return 1; }
	ip addr add 192.168.10.15/24 dev eth0 2>/dev/null
	ip link set eth0 up
	wait_until 20 has_eth0 || { echo "eth0 has no link"; return 1; }
	ping -c 3 -W 5 192.168.10.1 >/tmp/ping.out 2>&1
	cat /tmp/ping.out
	grep -q '3 packets received' /tmp/ping.out
}

# e1000_demo_output: waits for the inmate's summary, shows its lines.
e1000_demo_output() {
	wait_until 120 demo_done || { echo "no summary from e1000-demo after 120 s"; return 1; }
	jailhouse console | grep -E 'e1000-demo:|e1000:'
	nic_gone || { echo "root Linux still sees $NIC"; return 1; }
	echo "root Linux no longer sees ${NIC##*/}"
	jailhouse console | grep -q 'e1000-demo: 5 of 5 echo requests answered'
}

stage "root Linux: e1000 driver, eth0 up, ping the vnet host"
if [ -e $NIC ]; then
	run_stage root_ping
else
	result limit "this PC has no e1000 (only the Bochs PC has one)"
fi

stage "load jailhouse.ko"
needs /jailhouse/jailhouse.ko "the driver" && run_stage insmod /jailhouse/jailhouse.ko ||
	BLOCKED="jailhouse.ko is not loaded"

stage "jailhouse enable bochs-sys.cell"
if [ -z "$BLOCKED" ] && needs /usr/sbin/jailhouse "the CLI" &&
   needs /lib/firmware/jailhouse-intel.bin "the hypervisor image" &&
   needs $CELLS/bochs-sys.cell "the system config"; then
	run_stage jailhouse enable $CELLS/bochs-sys.cell || BLOCKED="the hypervisor is not enabled"
else
	[ -z "$BLOCKED" ] || result notrun "$BLOCKED"
	BLOCKED=${BLOCKED:-"the hypervisor is not enabled"}
fi

stage "jailhouse cell create apic-demo-xapic.cell"
if [ -n "$BLOCKED" ] || needs $CELLS/apic-demo-xapic.cell "the apic-demo cell config"; then
	run_stage jailhouse cell create $CELLS/apic-demo-xapic.cell || BLOCKED="the cell was not created"
else
	BLOCKED="the cell was not created"
fi

stage "jailhouse cell load apic-demo apic-demo.bin"
if [ -n "$BLOCKED" ] || needs /jailhouse/inmates/apic-demo.bin "the apic-demo inmate"; then
	run_stage jailhouse cell load $CELL /jailhouse/inmates/apic-demo.bin || BLOCKED="the inmate was not loaded"
else
	BLOCKED="the inmate was not loaded"
fi

stage "jailhouse cell start apic-demo"
run_stage jailhouse cell start $CELL && STARTED=1

stage "apic-demo output (jailhouse console, after 5 s)"
if [ -n "${STARTED:-}" ]; then
	sleep 5
	run_stage jailhouse console
else
	result notrun "the cell did not start"
fi

# The list is worth seeing whenever the hypervisor runs, cell or not.
stage "jailhouse cell list"
if [ "$(cat /sys/devices/jailhouse/enabled 2>/dev/null)" = 1 ]; then
	saved=$BLOCKED
	BLOCKED=""
	run_stage jailhouse cell list
	BLOCKED=$saved
else
	result notrun "the hypervisor is not enabled"
fi

stage "jailhouse cell shutdown apic-demo"
run_stage jailhouse cell shutdown $CELL

stage "jailhouse cell destroy apic-demo"
run_stage jailhouse cell destroy $CELL

# Disable and unload are attempted whenever enable worked, whatever the cell
# did: the machine should end as it began.
BLOCKED=""
stage "jailhouse disable"
if [ "$(cat /sys/devices/jailhouse/enabled 2>/dev/null)" = 1 ]; then
	run_stage jailhouse disable
else
	result notrun "the hypervisor was not enabled"
fi

stage "jailhouse enable bochs-sys-nic.cell (unisolated-DMA opt-in)"
BLOCKED=""
if [ ! -e $NIC ]; then
	result limit "this PC has no e1000 (only the Bochs PC has one)"
	BLOCKED="this PC has no e1000"
elif [ "$(cat /sys/devices/jailhouse/enabled 2>/dev/null)" = 1 ]; then
	result notrun "the hypervisor is still enabled with bochs-sys"
	BLOCKED="the hypervisor is not enabled with bochs-sys-nic"
elif needs $CELLS/bochs-sys-nic.cell "the NIC system config" &&
     grep -q '^jailhouse ' /proc/modules; then
	run_stage jailhouse enable $CELLS/bochs-sys-nic.cell ||
		BLOCKED="the hypervisor is not enabled with bochs-sys-nic"
else
	BLOCKED="the hypervisor is not enabled with bochs-sys-nic"
fi

stage "jailhouse cell create e1000-demo.cell (takes the NIC from Linux)"
if [ -n "$BLOCKED" ] || needs $CELLS/e1000-demo.cell "the e1000-demo cell config"; then
	run_stage jailhouse cell create $CELLS/e1000-demo.cell || BLOCKED="the e1000-demo cell was not created"
else
	BLOCKED="the e1000-demo cell was not created"
fi

stage "jailhouse cell load and start e1000-demo"
if [ -n "$BLOCKED" ] || needs /jailhouse/inmates/e1000-demo.bin "the e1000-demo inmate"; then
	run_stage sh -c "jailhouse cell load e1000-demo /jailhouse/inmates/e1000-demo.bin && jailhouse cell start e1000-demo" ||
		BLOCKED="the e1000-demo cell did not start"
else
	BLOCKED="the e1000-demo cell did not start"
fi

stage "e1000-demo output: ARP, echo replies, round-trip times"
run_stage e1000_demo_output

stage "jailhouse cell destroy e1000-demo (the NIC goes back to Linux)"
if [ -n "$(cell_dir e1000-demo)" ]; then
	BLOCKED=""
	run_stage jailhouse cell destroy e1000-demo
else
	result notrun "there is no e1000-demo cell"
fi

stage "root Linux: eth0 back, ping the vnet host again"
BLOCKED=""
if [ -e $NIC ] || [ -n "$(cell_dir e1000-demo)" ]; then
	run_stage root_ping
else
	result limit "this PC has no e1000 (only the Bochs PC has one)"
fi

stage "jailhouse disable"
if [ "$(cat /sys/devices/jailhouse/enabled 2>/dev/null)" = 1 ]; then
	run_stage jailhouse disable
else
	result notrun "the hypervisor was not enabled"
fi

stage "unload jailhouse.ko"
if [ "$(cat /sys/devices/jailhouse/enabled 2>/dev/null)" = 1 ]; then
	result limit "the hypervisor is still enabled (see the disable stage)"
elif grep -q '^jailhouse ' /proc/modules; then
	run_stage rmmod jailhouse
else
	result notrun "jailhouse.ko was not loaded"
fi
echo "=== DEMO END"
