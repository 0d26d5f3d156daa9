# SPDX-License-Identifier: GPL-2.0
#
# Repairs the rig's markers in a serial console log.  The kernel writes its
# messages straight to the UART while user-space output still waits in the
# serial driver's buffer, so a kernel message ("[   50.719538] ...", always
# ending its own line) can land in the middle of a marker line:
#     === [   50.796572] jailhouse: module verification failed ...
#     RIG END rig-bochs-memmap rc=0
# When the text before an embedded kernel message is (the start of) a
# "=== " marker line, the message goes to a line of its own and the marker is
# joined with what follows.  Other user output is left as it is.  Expects
# carriage returns already removed.

# Markers are lines starting with "=== " ("=== RIG BEGIN x", "=== DEMO
# STAGE 1 ..."); TEXT may be any start of one.
function marker_start(text) {
	return text ~ /^=(=(=( .*)?)?)?$/
}

{
	line = pending $0
	pending = ""
	while (match(line, /\[ *[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]\] /) && RSTART > 1 &&
	       marker_start(substr(line, 1, RSTART - 1))) {
		print substr(line, RSTART)
		pending = pending substr(line, 1, RSTART - 1)
		line = ""
	}
	if (pending != "" && line == "")
		next
	print line
}

END {
	if (pending != "")
		print pending
}
