# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
# Run in a test guest by 'exec sh': leave the result a hung daxbench
# writes (tests/vm/guest/hung-result.json, given as $1), freeze the DAX
# filesystem, and become a process that cannot be reaped, in daxbench's
# pid: tests/vm/guest/zombie leaves a thread stuck writing to it.
cp "$1" /results/ || exit 1
fsfreeze --freeze /mnt/dax || exit 1
exec zombie /mnt/dax/stuck
