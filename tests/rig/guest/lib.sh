# SPDX-License-Identifier: GPL-2.0
#
# Helpers for scenarios, sourced before each scenario runs (sourcing it again
# is harmless).  A scenario says why it fails, in a sentence, on the console.

# fail MSG: the scenario failed because of MSG; stops it with status 1.
fail() {
	echo "FAIL: $*"
	exit 1
}

# note MSG: something worth seeing in the log, not a failure.
note() {
	echo "note: $*"
}

# skip MSG: the scenario cannot run here (e.g. an artifact is not built
# yet); the runner reports SKIP with MSG.  Exit status 77.
skip() {
	echo "SKIP: $*"
	exit 77
}

# expect RC TEXT COMMAND...: runs COMMAND; fails unless it exits with RC and
# its output (stdout and stderr) contains TEXT.  The output stays in $out.
expect() {
	want_rc=$1 text=$2
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	[ "$rc" = "$want_rc" ] || fail "'$*' exited $rc, expected $want_rc; it said: $out"
	case "$out" in
	*"$text"*) ;;
	*) fail "'$*' did not say '$text'; it said: $out" ;;
	esac
}
