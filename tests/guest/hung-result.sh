# SPDX-License-Identifier: GPL-2.0-only
# Run in a test guest by 'exec sh': leave the result a hung daxbench
# writes (tests/guest/hung-result.json, given as $1) and end as a
# process that cannot be reaped (tests/guest/zombie), in daxbench's pid.
cp "$1" /results/ || exit 1
exec zombie
