#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs inside the 'daxbench vm' guest (busybox sh, no python): the raw
# runs of targets 1, 2 and 5 on ext4-DAX, written to /results for
# bench/guest to reduce on the host. Rounds interleave the tools.
#   guest.sh SECS OVERHEAD.json PIN-odirect-1.json PIN-io_uring-1.json
#            PIN-odirect-2.json PIN-io_uring-2.json
# SECS: how long each fio run lasts (the pinner scenarios last as long)
set -eu
SECS=$1
ov=$2
shift 2
R=${ROUNDS:-5}
uname -r >/results/kernel
grep -c ^processor /proc/cpuinfo >/results/cpus
# keep the other vCPU awake for both programs, as bench/overhead does on
# the host: each punch_hole sleeps once, and an idle vCPU's wakeup would
# otherwise be most of what is timed
while :; do :; done &
spin=$!
# in_turn A B: A then B in odd rounds, B then A in even ones, so that
# whatever the previous program leaves behind (a vCPU's state, TCG's
# caches, the device's) falls on each alike
in_turn() {
	if [ $((i % 2)) = 1 ]; then
		"$1"
		"$2"
	else
		"$2"
		"$1"
	fi
}
bare() {
	bareloop -d /mnt/dax -s 4M -o punch_hole -O 0 -l 2M -n "$OPS" -w 2 \
		-m pmd -p >"/results/bare-$i.txt"
}
off() {
	daxbench run -q --dir /mnt/dax -o "/results/off-$i" \
		--set trace.busy_scan=false --set trace.fault_mode=false \
		"$ov" >/dev/null
}
# tracing's cost as a run has it by default (trace.interleave: op_latency
# from ops with the probes disarmed), and for what it avoids: every op
# timed as it is traced; and the fault events alone (on through the op
# loop)
traced() {	# traced MODE [--set ...]
	m=$1
	shift
	daxbench run -q --dir /mnt/dax -o "/results/$m-$i" "$@" "$ov" >/dev/null
}
# round 0 warms TCG's translation of both programs' paths and is dropped.
# A TCG round is noisy (a whole program's median can move 10x when the
# host preempts a vCPU thread): many short rounds, and their median
# ratio, the two programs taking turns going first (in_turn).
OPS=$(sed -n 's/.*"repeat": *\([0-9]*\).*/\1/p' "$ov")
i=-1
while [ "$i" -lt "${OV_ROUNDS:-31}" ]; do
	i=$((i + 1))
	in_turn bare off
	traced on
	traced inside --set trace.interleave=false
	traced fault --set trace.busy_scan=false
	[ "$i" != 0 ] || rm -rf /results/*-0 /results/bare-0.txt
done
kill "$spin"
truncate -s 4M /mnt/dax/fio-buffer.dat
# CPU per I/O as on the host (bench/fio): the process's user+sys time,
# here from busybox's time
dax_pin() {
	busybox time -f '%U %S' -o "/results/cpu-dax-$b-$i" \
		daxbench run -q --dir /mnt/dax -o "/results/pin-$b-$i" \
		--device /dev/nullb0 --set trace.busy_scan=false \
		--set trace.fault_mode=false "$s" >/dev/null
}
# the same blocks as daxbench's pinners (see bench/fio)
fio_pin() {
	busybox time -f '%U %S' -o "/results/cpu-fio-$b-$i" \
		fio --name=pin --filename=/dev/nullb0 --size=$((4096 * 32 * t)) \
		--readonly --direct=1 \
		--rw=read --bs=4096 --ioengine=$eng --iodepth=$depth \
		--numjobs="$t" --group_reporting --time_based \
		--runtime="$SECS" --iomem=mmapshared:/mnt/dax/fio-buffer.dat \
		--output-format=json >"/results/fio-$b-$i.json"
}
# as for target 1, the tools take turns going first
i=0
while [ "$i" -lt "$R" ]; do
	i=$((i + 1))
	for s in "$@"; do
		# /scenarios/N-pin-METHOD-THREADS.json
		b=${s##*/}
		b=${b#*-pin-}
		b=${b%.json}
		m=${b%-*}
		t=${b##*-}
		eng=psync
		depth=1
		[ "$m" = io_uring ] && eng=io_uring depth=32
		in_turn dax_pin fio_pin
	done
done
