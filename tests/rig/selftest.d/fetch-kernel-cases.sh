# SPDX-License-Identifier: GPL-2.0
#
# tests/rig/fetch-kernel's refusals, with a stand-in apt-cache on PATH
# (sourced by tests/rig/selftest; nothing is downloaded).

FAKEBIN=$WORK/fakebin
mkdir -p "$FAKEBIN"
cat >"$FAKEBIN/apt-cache" <<'SH'
#!/bin/sh
# Answers "apt-cache depends" like Debian, with an ABI that has no headers.
echo "$2"
echo "  Depends: linux-image-6.1.0-999-amd64"
SH
chmod +x "$FAKEBIN/apt-cache"

# fetch_says EXIT REGEX ARGS...: fetch-kernel exits EXIT and says REGEX.
fetch_says() {
	local want_rc=$1 re=$2 rc=0 out
	shift 2
	out=$(PATH=$FAKEBIN:$PATH JAILHOUSE_RIG_CACHE=$WORK/cache "$RIG/fetch-kernel" "$@" 2>&1) || rc=$?
	[ "$rc" -eq "$want_rc" ] && grep -qE -- "$re" <<<"$out" && return 0
	echo "  exit $rc (wanted $want_rc): $out"
	return 1
}

check "fetch-kernel: an image whose version has no matching headers is refused, naming both" \
	fetch_says 1 'image 6.1.0-999-amd64 \(from linux-image-amd64\) does not match headers .*linux-headers-6\.1\.' 6.1
check "fetch-kernel: an unknown flavour is refused with the list of flavours" \
	fetch_says 1 "unknown kernel flavour '5.10' \(use 6.1, 6.12 or 6.12-rt\)" 5.10
check "fetch-kernel: nothing was downloaded or unpacked for the refused requests" \
	test ! -e "$WORK/cache/6.1.0-999-amd64"
