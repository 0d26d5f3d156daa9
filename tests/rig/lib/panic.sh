# SPDX-License-Identifier: GPL-2.0
#
# The hypervisor's panic banner (sourced by tests/rig/*).  It is read from
# the ABI header whose macro the hypervisor's panic printk uses, so that the
# rig can never watch for a string the hypervisor does not print.

HV_PANIC_HEADER=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/include/jailhouse/fault.h
HV_PANIC_BANNER=$(sed -n 's/^#define JAILHOUSE_PANIC_BANNER[[:space:]]*"\([^"]*\)".*/\1/p' \
	"$HV_PANIC_HEADER" 2>/dev/null)
if [ -z "$HV_PANIC_BANNER" ]; then
	echo "rig: $HV_PANIC_HEADER defines no JAILHOUSE_PANIC_BANNER" >&2
	exit 2
fi

# The first panic line of a COM2 log (or of standard input), if any.
hv_panic_line() {
	grep -a -m1 -F -- "$HV_PANIC_BANNER" "$@" 2>/dev/null | tr -d '\r' || true
}
