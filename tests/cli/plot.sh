#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# daxbench plot: every figure whose data exist is written as .gp + .dat
# and, with gnuplot, as valid PNG and SVG (magic bytes; gnuplot exited 0,
# so no NAME.log is left); figures without data are named as skipped;
# a missing gnuplot still writes .gp/.dat, exits 0 and names the package.
# The figures read at a glance: a colour per kernel with its runs
# pooled, log y for latencies, titles and legends inside the image, the
# x axis over the data, files named after their parameters, a scan-calls
# figure per hold; -q prints nothing but errors.
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
syn() { python3 "$top_srcdir/tests/cli/synth-result.py" "$@"; }
d=$T_TMP
syn "$d/a.json" --seed 1
syn "$d/b.json" --seed 2 --shift 1.2 --kernel 6.13.0-synth
syn "$d/t.json" --seed 3 --kind threads
syn "$d/h.json" --seed 4 --kind hold

# without gnuplot: scripts and data, a warning naming the package, exit 0
expect_rc 0 env GNUPLOT=/nonexistent/gnuplot "$DAXBENCH" plot -o "$d/nogp" "$d/a.json" "$d/b.json"
expect_match 'gnuplot-nox' "$T_ERR" "names the package"
for f in scan-cost-synth-scan scan-calls-synth-scan cdf-synth-scan-pmd_size-2MiB \
	cdf-synth-scan-pte_size-32MiB; do
	[ -s "$d/nogp/$f.gp" ] && [ -s "$d/nogp/$f.dat" ] && ok "$f.gp/.dat written without gnuplot" || fail "$f.gp/.dat not written without gnuplot"
done
[ ! -e "$d/nogp/scan-cost-synth-scan.png" ] && ok "no PNG without gnuplot" || fail "a PNG without gnuplot?"
expect_match "skipped: op latency vs pinner threads: no result sweeps pinners.threads" "$T_OUT" "skip reason"
# quiet: nothing on stdout or stderr, not even the warning; errors stay
expect_rc 0 env GNUPLOT=/nonexistent/gnuplot "$DAXBENCH" plot -q -o "$d/quiet" "$d/a.json"
[ -z "$T_OUT$T_ERR" ] && ok "plot -q prints nothing" || fail "plot -q printed: $T_OUT$T_ERR"
[ -s "$d/quiet/scan-cost-synth-scan.gp" ] && ok "plot -q writes the figures" || fail "plot -q wrote nothing"
expect_rc 2 "$DAXBENCH" plot -q -o "$d/quiet" "$d/missing.json"
expect_match 'missing.json' "$T_ERR" "plot -q still prints errors"
# the .dat holds one block per kernel and mapping mode, the fits in .gp
n=$(grep -c '^# block' "$d/nogp/scan-cost-synth-scan.dat")
[ "$n" -eq 4 ] && ok "scan-cost.dat has 4 blocks" || fail "scan-cost.dat has $n blocks, wanted 4"
gp=$(cat "$d/nogp/scan-cost-synth-scan.gp")
expect_match 'per entry: b = [0-9.]+[nu]?s \[-?[0-9.]+[nu]?s, [0-9.]+[nu]?s\]  R2 [0-9.]+' "$gp" "fitted lines, as compare prints them"
# one fit, one number: the figure's slope of each side is compare's
# (its runs as replicates), the line and the CI both
syn "$d/a2.json" --seed 7
syn "$d/b2.json" --seed 8 --shift 1.2 --kernel 6.13.0-synth
mkdir -p "$d/A" "$d/B"
cp "$d/a.json" "$d/a2.json" "$d/A/"
cp "$d/b.json" "$d/b2.json" "$d/B/"
"$DAXBENCH" compare "$d/A" "$d/B" >"$d/cmp.txt" 2>&1 || true
expect_rc 0 env GNUPLOT=/nonexistent/gnuplot "$DAXBENCH" plot -o "$d/fit2" "$d/a.json" "$d/a2.json" "$d/b.json" "$d/b2.json"
for side in base new; do
	want=$(sed -n "/file.mapping=pte, busy_scan_time_per_call per entry/,/slope/s/^ *$side  *b = //p" "$d/cmp.txt")
	[ -n "$want" ] && grep -qF "pte, per entry: b = $want\"" "$d/fit2/scan-cost-synth-scan.gp" &&
		ok "figure's $side pte slope is compare's ($want)" ||
		fail "figure's $side pte slope '$(grep -o 'pte, per entry: b = [^"]*' "$d/fit2/scan-cost-synth-scan.gp" | tr '\n' '|')' is not compare's '$want'"
done
expect_match '^set logscale x$' "$gp" "log x"
expect_match '^set logscale y$' "$gp" "log y"
expect_match '6\.13\.0-synth' "$gp" "kernel named"
# files are named after their parameters, never a point number
if ls "$d/nogp" | grep -E -- '-p[0-9]+\.'; then fail "a file named after a point number"; else ok "no file named after a point number"; fi
if ls "$d/nogp" | grep -v -E '^[A-Za-z0-9._-]+$'; then fail "a file name that is not [A-Za-z0-9._-]"; else ok "every file name [A-Za-z0-9._-]"; fi

# a log axis that spans less than a decade gets at least 3 labels
python3 - "$d/nogp" <<'P' && ok "log axes within a decade: 3 labels or more" || fail "a log axis within a decade with fewer than 3 labels"
import glob, math, re, sys
seen = 0
for gp in glob.glob(sys.argv[1] + "/*.gp"):
    t = open(gp).read()
    for ax in "xy":
        if "set logscale %s\n" % ax not in t:
            continue
        m = re.search(r"set %srange \[([0-9.e+-]+):([0-9.e+-]+)\]" % ax, t)
        if not m or float(m.group(2)) / float(m.group(1)) >= 10:
            continue
        seen += 1
        tics = re.search(r"set %stics \(([^)]*)\)" % ax, t)
        assert tics and len(tics.group(1).split(",")) >= 3, (gp, ax, m.groups())
assert seen, "no log axis within a decade among the figures"
P
# a point that measured nothing is drawn hollow, apart from the line,
# with why in the key; a run without DAX says so in its line's name
syn "$d/tw.json" --seed 3 --kind threads --warning "1:pins never met the ops: 0 of 25 ops"
syn "$d/nd.json" --seed 3 --kind threads --dax no --kernel 6.12.0-host
expect_rc 0 env GNUPLOT=/nonexistent/gnuplot "$DAXBENCH" plot -o "$d/hol" "$d/tw.json" "$d/nd.json"
gp=$(cat "$d/hol/threads-synth-threads.gp")
expect_match "index 1 using 1:2 with points lc rgb '#[0-9a-f]+' pt 6 ps 1.5 title \"6.12.0-synth: measured nothing \(pins never met the ops\)\"" "$gp" "hollow point, reason in the key"
expect_match 'title "6.12.0-host \(no DAX\): measured nothing \(no DAX\)"' "$gp" "a run without DAX: named and hollow"
# a point whose pins the kernel refused is hollow too, with its reason
syn "$d/rf.json" --seed 3 --kind threads --refused 2
expect_rc 0 env GNUPLOT=/nonexistent/gnuplot "$DAXBENCH" plot -o "$d/ref" "$d/rf.json"
expect_match 'title "6.12.0-synth: measured nothing \(pins refused\)"' "$(cat "$d/ref/threads-synth-threads.gp")" "refused pins: hollow, reason in the key"
blk=$(awk '/^# block 0:/ { on = 1; next } /^# block/ { on = 0 } on && NF' "$d/hol/threads-synth-threads.dat" | cut -d' ' -f1 | tr '\n' ' ')
[ "$blk" = "1 4 8 " ] && ok "the hollow point is not on the line" || fail "the line holds x = $blk, wanted 1 4 8"
# one colour per kernel, its runs pooled: kernel A run twice (a, a2) and
# kernel B once give two colours and one line per kernel and mode, whose
# medians are those of the two runs' samples together
syn "$d/a2.json" --seed 7
expect_rc 0 env GNUPLOT=/nonexistent/gnuplot "$DAXBENCH" plot -o "$d/pool" "$d/a.json" "$d/a2.json" "$d/b.json"
python3 - "$d/pool" "$d/a.json" "$d/a2.json" <<'P' && ok "a colour per kernel, runs pooled" || fail "a colour per kernel, runs pooled"
import json, re, sys
d, runs = sys.argv[1], [json.load(open(f)) for f in sys.argv[2:]]
gp = open(d + "/scan-cost-synth-scan.gp").read()
colour = {}
for m in re.finditer(r"lc rgb '(#[0-9a-f]{6})'[^\n]*title \"([^\"]*)\"", gp):
    kernel = m.group(2).split(",")[0].split(":")[0]
    colour.setdefault(kernel, set()).add(m.group(1))
assert sorted(colour) == ["6.12.0-synth", "6.13.0-synth"], colour
assert all(len(c) == 1 for c in colour.values()), colour
assert colour["6.12.0-synth"] != colour["6.13.0-synth"], colour
assert " run " not in gp, "a line per run"
blocks, cur = {}, None
for line in open(d + "/scan-cost-synth-scan.dat"):
    if line.startswith("# block"):
        cur = line.split(":", 1)[1].strip()
        blocks[cur] = []
    elif cur and line.strip() and not line.startswith("#"):
        blocks[cur].append([float(x) for x in line.split()])
assert len(blocks) == 4, list(blocks)
for row in blocks["6.12.0-synth, pmd"]:
    size = int(round(row[0] * (1 << 20)))
    v = []
    for r in runs:
        for p in r["points"]:
            if p["params"] == {"file.mapping": "pmd", "file.size": size}:
                v += p["metrics"]["busy_scan_time_per_call"]["samples"]
    v.sort()
    # the median of both runs' samples, linear between ranks
    h = (len(v) - 1) * 0.5
    lo = v[int(h)]
    want = (lo + (h - int(h)) * (v[min(int(h) + 1, len(v) - 1)] - lo)) / 1e3
    assert len(v) == 2 * len(runs[0]["points"][0]["metrics"]["busy_scan_time_per_call"]["samples"])
    assert abs(row[1] - want) < 1e-6 * want, (row, want, len(v))
P

# titles and legends inside the image, whatever their number and length:
# six kernels (24 legend entries) and a sweep over a whole object, whose
# labels spell the object's fields out (never clipped JSON)
for k in 1 2 3 4 5 6; do
	syn "$d/k$k.json" --seed $((30 + k)) --kernel "6.$k.0-a-rather-long-kernel-release-name-synth"
done
syn "$d/obj.json" --seed 40 --kind threads --name synth-whole-object-sweep
python3 - "$d/obj.json" <<'P'
import json, sys
r = json.load(open(sys.argv[1]))
objs = []
for p in r["points"]:
    o = {"method": "odirect", "threads": p["params"]["pinners.threads"],
         "io_size": 4096, "queue_depth": 1, "hold": 100000000,
         "region": {"offset": 0, "length": 2097152},
         "numa": {"cpunodebind": 0, "membind": 0}}
    p["params"] = {"pinners": o}
    objs.append(o)
r["scenario"]["sweep"] = {"pinners": objs}
json.dump(r, open(sys.argv[1], "w"))
P
expect_rc 0 env GNUPLOT=/nonexistent/gnuplot "$DAXBENCH" plot -o "$d/lay" "$d"/k?.json "$d/obj.json" "$d/h.json"
python3 - "$d/lay" <<'P' && ok "titles and legends inside the image" || fail "titles and legends inside the image"
import glob, os, re, sys
ROW = 15.6  # gnuplot's line of text at this font, in pixels
n = 0
for gp in glob.glob(sys.argv[1] + "/*.gp"):
    s, name = open(gp).read(), os.path.basename(gp)
    w, h = map(int, re.search(r"pngcairo size (\d+),(\d+)", s).groups())
    top = float(re.search(r"^set tmargin at screen ([0-9.]+)$", s, re.M).group(1))
    bot = float(re.search(r"^set bmargin at screen ([0-9.]+)$", s, re.M).group(1))
    key = re.search(r"^set key at screen ([0-9.]+), screen ([0-9.]+) center top "
                    r"vertical maxcols 1", s, re.M)
    assert key, (name, "legend not placed")
    kx, ky = float(key.group(1)), float(key.group(2))
    title = re.search(r'^set title "(.*)" noenhanced$', s, re.M).group(1).split("\\n")
    plot = s[s.index("\nplot ") + 1:].split("\nunset output")[0]
    entries = len(re.findall(r' title "', plot))
    assert "{" not in "".join(title) and '"' not in "".join(title), (name, title)
    assert all(len(t) <= 100 for t in title), (name, title)
    # the title's lines fit above the plot, the legend's rows below it
    assert len(title) * ROW <= (1 - top) * h, (name, len(title), top, h)
    assert 0 < ky < bot and entries * ROW <= ky * h, (name, entries, ky, bot, h)
    assert 0 < kx < 1, name
    n += 1
assert n > 10, n
big = open(sys.argv[1] + "/scan-cost-synth-scan.gp").read()
big = big[big.index("\nplot "):].split("\nunset output")[0]
assert len(re.findall(r' title "', big)) == 24, "six kernels, two modes, fits"
P
# named by the one field that differs between its points, titled in full
gp=$(cat "$d/lay/cdf-synth-whole-object-sweep-thr-2.gp" || true)
expect_match 'CDF at pinners\.method=odirect pinners\.threads=2\\npinners\.io_size=4KiB' "$gp" \
	"a whole-object point titled field by field, wrapped"

# the x axis spans the data (2-32 MiB), not whole decades around it
python3 - "$d/nogp/scan-cost-synth-scan.gp" "$d/lay/hold-synth-hold.gp" <<'P' && ok "x range spans the data" || fail "x range"
import re, sys
s = open(sys.argv[1]).read()
lo, hi = map(float, re.search(r"^set xrange \[([^:]+):([^]]+)\]$", s, re.M).groups())
assert 1 < lo < 2 and 32 < hi < 48, (lo, hi)
assert re.search(r"^set xtics \(2, 8, 32\)$", s, re.M), "tics at the sizes swept"
s = open(sys.argv[2]).read()
lo, hi = map(float, re.search(r"^set xrange \[([^:]+):([^]]+)\]$", s, re.M).groups())
assert -0.5 < lo < 0 and 2 < hi < 2.5, (lo, hi)
P
# the hold figure: log y, and y = x drawn as a line of its own, thick
# and titled; a scan-calls figure per hold, each of its hold's points
gp=$(cat "$d/lay/hold-synth-hold.gp")
expect_match '^set logscale y$' "$gp" "hold: log y"
expect_match "^ +x lc rgb 'black' dt 2 lw 2.5 title \"y = x" "$gp" "hold: y = x clearly"
python3 - "$d/lay" "$d/h.json" <<'P' && ok "a scan-calls figure per hold" || fail "a scan-calls figure per hold"
import json, os, sys
d, r = sys.argv[1], json.load(open(sys.argv[2]))
assert not os.path.exists(d + "/scan-calls-synth-hold.gp"), "pooled across holds"
for p, name in zip(r["points"], ("0ns", "1ms", "2ms")):
    rows = [l.split() for l in open("%s/scan-calls-synth-hold-hold-%s.dat" % (d, name))
            if l.strip() and not l.startswith("#")]
    v = p["metrics"]["busy_scan_calls"]["samples"]
    want = {c: v.count(c) / len(v) for c in set(v)}
    got = {int(x[0]): float(x[1]) for x in rows}
    assert got.keys() == want.keys(), (name, got, want)
    assert all(abs(got[c] - want[c]) < 1e-6 for c in got), (name, got, want)
P

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
python3 - "$d/st/threads-synth-threads.dat" "$d/st/cdf-synth-threads-thr-4.dat" <<'P' && ok "stall blocks in the .dat files" || fail "stall blocks in the .dat files"
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
# an output that cannot be written is the system's, as in report and
# export: 3, also when the errno is ENOENT (no such directory to make)
expect_rc 3 "$DAXBENCH" plot -o /proc/nope "$d/a.json" &&
	expect_match '^daxbench plot: /proc/nope: cannot create' "$T_ERR" "-o /proc/nope"
expect_rc 3 "$DAXBENCH" plot -o "$d/no/such/dir" "$d/a.json"

gp=${GNUPLOT:-}
[ -n "$gp" ] || gp=$(command -v gnuplot || true)
[ -n "$gp" ] || skip "gnuplot not installed (apt-get install gnuplot-nox): .gp/.dat checked, images not"
expect_rc 0 env GNUPLOT="$gp" "$DAXBENCH" plot -o "$d/imgs" "$d/a.json" "$d/b.json" "$d/t.json" "$d/h.json"
for f in scan-cost-synth-scan threads-synth-threads hold-synth-hold \
	scan-calls-synth-scan scan-calls-synth-hold-hold-1ms \
	cdf-synth-scan-pmd_size-2MiB cdf-synth-hold-hold-2ms; do
	png="$d/imgs/$f.png"
	svg="$d/imgs/$f.svg"
	[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] && ok "$f.png is a PNG" || fail "$png is not a PNG"
	grep -q '<svg' "$svg" && ok "$f.svg is an SVG" || fail "$svg is not an SVG"
	[ ! -e "$d/imgs/$f.log" ] && ok "gnuplot ran on $f" || fail "gnuplot failed on $f: $(cat "$d/imgs/$f.log")"
	expect_match "$f: .gp .dat .png .svg" "$T_OUT" "$f reported"
done
expect_rc 0 env GNUPLOT="$gp" "$DAXBENCH" plot --format svg -o "$d/svg" "$d/t.json"
[ -e "$d/svg/threads-synth-threads.svg" ] && [ ! -e "$d/svg/threads-synth-threads.png" ] && ok "--format svg" || fail "--format svg"
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
        m["summary"] = dict({k: None for k in m["summary"]}, n=0)
json.dump(r, open(sys.argv[1], "w"))
P
done
expect_rc 0 "$DAXBENCH" plot -o "$d/nc" "$d/nc1.json" "$d/nc2.json"
expect_match 'skipped: busy-scan calls histogram for .*: no samples \(every op stalled\)' "$T_OUT" "empty histogram skipped"
t_done
