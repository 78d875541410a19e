#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# What compare prints for a reviewer: text fits 100 columns and email 72
# on the shipped references and on synthetic results (Markdown table
# rows are exempt: a row is one line).
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
syn() { python3 "$top_srcdir/tests/synth-result.py" "$@"; }
d=$T_TMP
ref="$top_srcdir/results/reference"

# widest FILE: the longest line of FILE, in characters
widest() { awk '{ if (length > w) w = length } END { print w + 0 }' "$1"; }
# fits COLS WHAT BASE NEW [OPTION...]: compare's output in the format of
# the options is at most COLS wide
fits() {
	cols=$1 what=$2 b=$3 n=$4
	shift 4
	set +e
	"$DAXBENCH" compare "$@" "$b" "$n" >"$d/w.out" 2>"$d/w.err"
	rc=$?
	set -e
	[ "$rc" -le 1 ] || { fail "$what: exit $rc: $(cat "$d/w.err")"; return; }
	w=$(widest "$d/w.out")
	[ "$w" -le "$cols" ] && ok || {
		fail "$what $*: $w columns, wanted <= $cols:"
		awk -v c="$cols" 'length > c' "$d/w.out" | head -n 5 >&2
	}
}

# synthetic results of every kind compare meets
syn "$d/base.json" --seed 1
syn "$d/slow.json" --seed 2 --shift 1.2 --kernel 6.13.0-synth
syn "$d/same.json" --seed 3
syn "$d/st.json" --seed 2 --shift 0.8 --stall 0 --stall 2 \
	--warning "0:pins never met an op" --kernel 6.14.0-rc1-with-a-long-local-version
syn "$d/old.json" --seed 4 --stall 1 --old-stalls --censored 2
syn "$d/tb.json" --seed 5 --kind threads
syn "$d/tn.json" --seed 6 --kind threads --shift 1.3 --stall 3
syn "$d/hb.json" --seed 7 --kind hold
syn "$d/hn.json" --seed 8 --kind hold --hist 8192:3000
syn "$d/vb.json" --seed 9 --vm tcg --kernel 6.1.0-57-cloud-amd64
syn "$d/vn.json" --seed 10 --vm tcg --shift 1.1 \
	--kernel 7.3.4+deb13-cloud-amd64-with-a-much-longer-local-version-string

set -- base.json:slow.json base.json:same.json base.json:st.json \
	old.json:base.json tb.json:tn.json hb.json:hn.json vb.json:vn.json
for pair; do
	b=$d/${pair%%:*} n=$d/${pair#*:}
	fits 100 "text $pair" "$b" "$n"
	fits 72 "email $pair" "$b" "$n" --format email
done
# the shipped references: 6.12 and 7.x against 6.1 on each filesystem
for fs in ext4 xfs; do
	for k in 6.12 7; do
		b=$(echo "$ref/$fs"/linux-image-6.1.*/)
		n=$(echo "$ref/$fs"/linux-image-$k.*/)
		fits 100 "text $fs 6.1 vs $k" "$b" "$n"
		fits 72 "email $fs 6.1 vs $k" "$b" "$n" --format email
	done
done
# a metric's line, then its n, p90 and p99 from base to new
expect_rc 1 "$DAXBENCH" compare "$d/base.json" "$d/slow.json"
expect_match '^  metric +base p50 +new p50 +new/base +95% CI +p +verdict$' "$T_OUT" "the columns"
expect_match '^file.mapping=pte file.size=32MiB$' "$T_OUT" "a point's heading"
expect_match '^  op_latency +[0-9.]+us +[0-9.]+us +\*1\.[0-9]+\* +\[1\.[0-9]+, 1\.[0-9]+\] +[<0-9.]+ +\*regression\*$' "$T_OUT" "a metric's line"
expect_match '^      n +60 -> 60 +p90 +[0-9.]+us -> [0-9.]+us +p99 +[0-9.]+us -> [0-9.]+us$' "$T_OUT" "its n, p90 and p99"
t_done
