#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# daxbench plot: every figure whose data exist is written as .gp + .dat
# and, with gnuplot, as valid PNG and SVG (magic bytes; gnuplot exited 0,
# so no NAME.log is left); figures without data are named as skipped;
# a missing gnuplot still writes .gp/.dat, exits 0 and names the package.
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
syn() { python3 "$top_srcdir/tests/synth-result.py" "$@"; }
d=$T_TMP
syn "$d/a.json" --seed 1
syn "$d/b.json" --seed 2 --shift 1.2 --kernel 6.13.0-synth
syn "$d/t.json" --seed 3 --kind threads
syn "$d/h.json" --seed 4 --kind hold

# without gnuplot: scripts and data, a warning naming the package, exit 0
expect_rc 0 env GNUPLOT=/nonexistent/gnuplot "$DAXBENCH" plot -o "$d/nogp" "$d/a.json" "$d/b.json"
expect_match 'gnuplot-nox' "$T_ERR" "names the package"
for f in scan-cost-synth-scan scan-calls-synth-scan cdf-synth-scan-p1; do
	[ -s "$d/nogp/$f.gp" ] && [ -s "$d/nogp/$f.dat" ] && ok || fail "$f.gp/.dat not written without gnuplot"
done
[ ! -e "$d/nogp/scan-cost-synth-scan.png" ] && ok || fail "a PNG without gnuplot?"
expect_match "skipped: op latency vs pinner threads: no result sweeps pinners.threads" "$T_OUT" "skip reason"
# the .dat holds one block per kernel and mapping mode, the fits in .gp
n=$(grep -c '^# block' "$d/nogp/scan-cost-synth-scan.dat")
[ "$n" -eq 4 ] && ok || fail "scan-cost.dat has $n blocks, wanted 4"
expect_match 'per entry' "$(cat "$d/nogp/scan-cost-synth-scan.gp")" "fitted lines in the script"
expect_match 'set logscale xy' "$(cat "$d/nogp/scan-cost-synth-scan.gp")" "log-log"
expect_match '6\.13\.0-synth' "$(cat "$d/nogp/scan-cost-synth-scan.gp")" "kernel named"

# stalled ops are marked at the timeout, never drawn as latencies: a
# threads sweep whose 4-thread point stalled twice, written the old way
# (the stalled op also an op_latency sample of 5 s)
syn "$d/ts.json" --seed 5 --kind threads --stall 2 --stall 2 --old-stalls
expect_rc 0 env GNUPLOT=/nonexistent/gnuplot "$DAXBENCH" plot -o "$d/st" "$d/ts.json"
gp=$(cat "$d/st/threads-synth-threads.gp")
expect_match 'stalled \(censored at 5 s\)" *$|stalled \(censored at 5 s\)", ' "$gp" "stall marker titled"
expect_match "with points pt 8 .*stalled \(censored at 5 s\)" "$gp" "a marker of its own"
expect_match "sprintf\('%d stalled', \\\$3\)\) with labels" "$gp" "count labelled"
expect_match '^set logscale y$' "$gp" "log y: ms latencies and a 5 s stall"
python3 - "$d/st/threads-synth-threads.dat" "$d/st/cdf-synth-threads-p3.dat" <<'P' && ok || fail "stall blocks in the .dat files"
import sys
def blocks(path):
    out, cur = {}, None
    for line in open(path):
        if line.startswith("# block"):
            cur = line.split(":", 1)[1].strip()
            out[cur] = []
        elif cur and line.strip() and not line.startswith("#"):
            out[cur].append([float(x) for x in line.split()])
    return out
th = blocks(sys.argv[1])
st = [v for k, v in th.items() if "stalled" in k]
assert st == [[[4.0, 5000.0, 2.0]]], th
for k, v in th.items():
    if "stalled" not in k:
        assert all(row[1] < 1000 and row[3] < 1000 for row in v), (k, v)
cdf = blocks(sys.argv[2])
lat = [v for k, v in cdf.items() if "stalled" not in k][0]
mark = [v for k, v in cdf.items() if "2 stalled (censored at 5 s)" in k][0]
assert len(lat) == 60 and abs(lat[-1][1] - 60 / 62) < 1e-6, lat[-1]
assert max(r[0] for r in lat) < 1000, "a stalled op in the CDF"
assert mark == [[5000.0, 60 / 62], [5000.0, 1.0]] or \
    abs(mark[0][1] - 60 / 62) < 1e-6, mark
P

# usage
expect_rc 2 "$DAXBENCH" plot
expect_rc 2 "$DAXBENCH" plot --format gif "$d/a.json"
expect_rc 2 "$DAXBENCH" plot -o "$d/x" "$d/missing.json"

gp=${GNUPLOT:-}
[ -n "$gp" ] || gp=$(command -v gnuplot || true)
[ -n "$gp" ] || skip "gnuplot not installed (apt-get install gnuplot-nox): .gp/.dat checked, images not"
expect_rc 0 env GNUPLOT="$gp" "$DAXBENCH" plot -o "$d/imgs" "$d/a.json" "$d/b.json" "$d/t.json" "$d/h.json"
for f in scan-cost-synth-scan threads-synth-threads hold-synth-hold \
	scan-calls-synth-scan cdf-synth-scan-p1 cdf-synth-hold-p3; do
	png="$d/imgs/$f.png"
	svg="$d/imgs/$f.svg"
	[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] && ok || fail "$png is not a PNG"
	grep -q '<svg' "$svg" && ok || fail "$svg is not an SVG"
	[ ! -e "$d/imgs/$f.log" ] && ok || fail "gnuplot failed on $f: $(cat "$d/imgs/$f.log")"
	expect_match "$f: .gp .dat .png .svg" "$T_OUT" "$f reported"
done
expect_rc 0 env GNUPLOT="$gp" "$DAXBENCH" plot --format svg -o "$d/svg" "$d/t.json"
[ -e "$d/svg/threads-synth-threads.svg" ] && [ ! -e "$d/svg/threads-synth-threads.png" ] && ok || fail "--format svg"
# every op of every side stalled: no busy-scan calls to draw, and a
# figure gnuplot cannot draw is skipped with the reason, not a failure
for k in 1 2; do
	syn "$d/nc$k.json" --seed $((20 + k)) --kernel "6.$k.0-synth"
	python3 - "$d/nc$k.json" <<'P'
import json, sys
r = json.load(open(sys.argv[1]))
for p in r["points"]:
    m = p["metrics"].get("busy_scan_calls")
    if m:
        m["samples"] = []
        m["summary"] = {"n": 0}
json.dump(r, open(sys.argv[1], "w"))
P
done
expect_rc 0 "$DAXBENCH" plot -o "$d/nc" "$d/nc1.json" "$d/nc2.json"
expect_match 'skipped: busy-scan calls histogram for .*: no samples \(every op stalled\)' "$T_OUT" "empty histogram skipped"
t_done
