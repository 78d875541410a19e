#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs inside a 'daxbench vm' guest for tests/vm/vm-interleave.sh: $1
# (blocks and all-traced points), $2 with op 4 (the first timed one, after
# two traced ops and the settling one) stalled by injection, and $3 (a
# point with pinners and one without), and $4 (a sweep whose first point
# neither pins nor traces), and $1 again with a probe write failing
# midway through disarming them for the timed block (the first unmap
# probe's, after every busy-page probe's); each exit status to
# /results/rc.txt.
daxbench run -q --dir /mnt/dax -o /results/blocks "$1" 2>/results/blocks.err
echo "blocks $?" >/results/rc.txt
DAXBENCH_INJECT=op_mapwait=EIO@4 daxbench run -q --dir /mnt/dax \
	-o /results/stall "$2" 2>/results/stall.err
echo "stall $?" >>/results/rc.txt
daxbench run -q --dir /mnt/dax -o /results/pinned "$3" 2>/results/pinned.err
echo "pinned $?" >>/results/rc.txt
daxbench run -q --dir /mnt/dax -o /results/sweep "$4" 2>/results/sweep.err
echo "sweep $?" >>/results/rc.txt
# a kprobe and a kretprobe on each busy-page symbol come first
n=$(grep -cE ' (dax_layout_busy_page|dax_layout_busy_page_range)$' /proc/kallsyms)
DAXBENCH_INJECT=probe_enable=EIO@$((2 * n + 1)) daxbench run -q --dir /mnt/dax \
	-o /results/halfway "$1" 2>/results/halfway.err
echo "halfway $?" >>/results/rc.txt
