#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs inside a 'daxbench vm' guest (busybox sh): snapshots the global
# tracefs state, plants what a killed daxbench (pid 999999, which does
# not exist) would have left, runs daxbench normally ($1), which must
# remove it, and interrupted with SIGINT in the middle of a blocked layout
# op ($2), and with a trace buffer too small for the events of $3,
# snapshots again. The host side (tests/vm/vm-trace.sh) compares the
# two and checks what was left.
T=/sys/kernel/tracing
snap() {
	for f in current_tracer set_event set_ftrace_filter set_ftrace_notrace \
		set_ftrace_pid set_event_pid kprobe_events dynamic_events \
		trace_clock tracing_on buffer_size_kb options/record-cmd; do
		echo "== $f"
		cat "$T/$f" 2>&1
	done
	echo "== instances"
	ls "$T/instances"
}
snap >/results/before.txt
mkdir "$T/instances/daxbench-999999" "$T/instances/daxbench-999999-peek"
echo 'p:daxbench_999999/busy_page dax_layout_busy_page' >>"$T/kprobe_events"
daxbench run -q --dir /mnt/dax -o /results/normal "$1" 2>/results/normal.err
echo "normal $?" >/results/rc.txt
# a kprobe of ours must exist while a run is going: the snapshot after
# is only meaningful if the run did change the global state meanwhile
daxbench run -q --dir /mnt/dax -o /results/intr "$2" &
pid=$!
# until its op waits in the layout break (a fixed sleep was too short
# for an ASan build: SIGINT came before the point began)
i=0
while [ "$i" -lt 180 ] && ! grep -qsE 'break_layouts|wait_dax_page' \
	/proc/"$pid"/task/*/wchan; do
	sleep 1
	i=$((i + 1))
done
grep daxbench "$T/kprobe_events" >/results/during.txt
ls "$T/instances" >>/results/during.txt
kill -INT "$pid"
wait "$pid"
echo "intr $?" >>/results/rc.txt
# an instance of one page per CPU: the PTE prefault overflows it
DAXBENCH_INJECT=trace_tiny=EIO daxbench run -q --dir /mnt/dax \
	-o /results/tiny "$3" 2>/results/tiny.err
echo "tiny $?" >>/results/rc.txt
snap >/results/after.txt
# no comm was recorded: the scheduler's tracepoints were never patched
cat "$T/saved_cmdlines" >/results/cmdlines.txt
ls -a /mnt/dax >/results/left.txt
