# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
# Shared by the bench/ scripts (sourced, POSIX sh): where the programs
# are, what machine this is, and the ROW lines bench/run turns into its
# table. Every benchmark prints its setting first because a ratio means
# nothing without the machine, the accelerator and the kernel.

: "${DAXBENCH:=daxbench}"
: "${BARELOOP:=$(dirname "$DAXBENCH")/bench/bareloop}"
: "${BENCH_ROUNDS:=7}"
export DAXBENCH BARELOOP

# host / TCG guest / KVM guest: guest-init exports DAXBENCH_VM_ACCEL
bench_accel() {
	case ${DAXBENCH_VM_ACCEL:-} in
	tcg) echo "TCG guest" ;;
	kvm) echo "KVM guest" ;;
	*) if grep -qw hypervisor /proc/cpuinfo 2>/dev/null; then
		echo "host (itself a VM)"
	else
		echo "host"
	fi ;;
	esac
}

bench_machine() {
	model=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)
	mem=$(awk '/^MemTotal/ { printf "%.0fGiB", $2 / 1048576 }' /proc/meminfo)
	echo "$(nproc) CPU ${model:-unknown}, $mem"
}

bench_header() {
	echo "== $1"
	echo "machine: $(bench_machine); accelerator: $(bench_accel);" \
		"kernel: $(uname -r)"
}

# row TARGET PEER RATIO VERDICT: one line of bench/run's table
row() {
	printf 'ROW|%s|%s|%s|%s|%s|%s\n' "$1" "$2" "$3" "$4" "$(bench_accel)" \
		"$(uname -r)"
}

# json_get FILE EXPR: a python expression over r (the loaded JSON)
json_get() {
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# median of the numbers on stdin
median() {
	python3 -c 'import sys,statistics; v=[float(x) for x in sys.stdin.read().split()]; print("%.4f" % statistics.median(v))'
}

# verdict VALUE OP LIMIT ("<=" or ">="): met / MISSED
verdict() {
	python3 -c 'import sys; v,o,l=float(sys.argv[1]),sys.argv[2],float(sys.argv[3]); print("met" if (v<=l if o=="<=" else v>=l) else "MISSED")' "$1" "$2" "$3"
}

# median_verdict OP LIMIT < numbers: "MEDIAN LO HI VERDICT", the median
# of the rounds, its 95% interval and met / MISSED / unresolved
median_verdict() {
	python3 "$(dirname "$0")/medci.py" "$1" "$2"
}
