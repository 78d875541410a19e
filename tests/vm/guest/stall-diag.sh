#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs inside a 'daxbench vm' guest for tests/vm/vm-stall.sh: the real
# stalls of $1, then $2 with an injected one (op 2 waits for the
# watchdog's unmap); each run's exit status goes to /results/rc.txt.
daxbench run -q --dir /mnt/dax -o /results/real "$1" 2>/results/real.err
echo "real $?" >/results/rc.txt
DAXBENCH_INJECT=op_mapwait=EIO@2 daxbench run -q --dir /mnt/dax \
	-o /results/inject "$2" 2>/results/inject.err
echo "inject $?" >>/results/rc.txt
