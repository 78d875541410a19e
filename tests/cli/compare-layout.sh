#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# What compare prints for a reviewer: text fits 100 columns and email 72
# on the shipped references and on synthetic results (Markdown table
# rows are exempt: a row is one line); --changes-only keeps the changes,
# the stalls and every note, and counts what it left out; each side says
# where it came from (build, command line, scenario file and --set), and
# results older than that say "not recorded"; an interrupted run is
# named, and so are the points it did not reach.
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
syn() { python3 "$top_srcdir/tests/cli/synth-result.py" "$@"; }
d=$T_TMP
ref="$top_srcdir/results/reference"

joined() { printf '%s\n' "$1" | tr -s ' \n' '  ' | sed 's/ $//'; }

# widest FILE: the longest line of FILE, in characters; a line that
# holds one word (a path, a kernel name) longer than a line is not
# counted: wrapping never cuts a word, which would break it for a copy
widest() { awk 'NF > 1 { if (length > w) w = length } END { print w + 0 }' "$1"; }
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
	[ "$w" -le "$cols" ] && ok "$what $*: at most $cols columns" || {
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
syn "$d/old.json" --seed 4 --stall 1 --old-stalls
syn "$d/tb.json" --seed 5 --kind threads
syn "$d/tn.json" --seed 6 --kind threads --shift 1.3 --stall 3
syn "$d/hb.json" --seed 7 --kind hold
syn "$d/hn.json" --seed 8 --kind hold --hist 8192:3000
syn "$d/vb.json" --seed 9 --vm tcg --kernel 6.1.0-57-cloud-amd64
syn "$d/vn.json" --seed 10 --vm tcg --shift 1.1 \
	--kernel 7.3.4+deb13-cloud-amd64-with-a-much-longer-local-version-string
syn "$d/pb.json" --seed 11 --git 37c8259-dirty --provenance --set repeat=60
syn "$d/pn.json" --seed 12 --git 4ab1c2d --provenance --interrupt-at 2 \
	--sha "$(printf 'ab%.0s' $(seq 32))" --set repeat=60 \
	--set 'sweep={"file.size": [2097152, 8388608, 33554432, 67108864]}' \
	--set 'pinners={"method": "odirect", "threads": 4, "io_size": 65536}'

set -- base.json:slow.json base.json:same.json base.json:st.json \
	old.json:base.json tb.json:tn.json hb.json:hn.json vb.json:vn.json \
	pb.json:pn.json
for pair; do
	b=$d/${pair%%:*} n=$d/${pair#*:}
	for o in "" --changes-only; do
		fits 100 "text $pair" "$b" "$n" $o
		fits 72 "email $pair" "$b" "$n" --format email $o
	done
done
# ... and a word longer than a line is kept whole, never cut for a copy
"$DAXBENCH" compare --format email "$d/vb.json" "$d/vn.json" >"$d/long.txt" || true
grep -q '^ *bzImage-7\.3\.4+deb13-cloud-amd64-with-a-much-longer-local-version-string)$' "$d/long.txt" &&
	ok "email: a long kernel name is not cut" || fail "email: the long kernel name was cut: $(grep -n 'with-a' "$d/long.txt")"
# the shipped references: 6.12 and 7.x against 6.1 on each filesystem
for fs in ext4 xfs; do
	for k in 6.12 7; do
		b=$(echo "$ref/$fs"/linux-image-6.1.*/)
		n=$(echo "$ref/$fs"/linux-image-$k.*/)
		for o in "" --changes-only; do
			fits 100 "text $fs 6.1 vs $k" "$b" "$n" $o
			fits 72 "email $fs 6.1 vs $k" "$b" "$n" --format email $o
		done
	done
done

# a metric's line, then its n, p90 and p99 from base to new
expect_rc 1 "$DAXBENCH" compare "$d/base.json" "$d/slow.json"
expect_match '^  metric +base p50 +new p50 +new/base +95% CI +p +verdict$' "$T_OUT" "the columns"
expect_match '^file.mapping=pte file.size=32MiB$' "$T_OUT" "a point's heading"
expect_match '^  op_latency +[0-9.]+us +[0-9.]+us +\*1\.[0-9]+\* +\[1\.[0-9]+, 1\.[0-9]+\] +[<0-9.]+ +\*regression\*$' "$T_OUT" "a metric's line"
expect_match '^      n +60 -> 60 +p90 +[0-9.]+us -> [0-9.]+us +p99 +[0-9.]+us -> [0-9.]+us( +verdict assumes [0-9.]+% run noise)?$' "$T_OUT" "its n, p90 and p99"
# one run a side: each tested verdict says the run noise it assumes
expect_match '^      n +60 -> 60 .* +verdict assumes 2% run noise$' "$T_OUT" "a verdict of one run says the noise it assumes"
expect_rc 0 "$DAXBENCH" compare --run-noise 4% "$d/base.json" "$d/base.json"
expect_match 'verdict assumes 4% run noise$' "$T_OUT" "... as --run-noise sets it"
# with runs a side the noise is measured: only the rows one run reaches
# (the other stalled) assume it, and the text says so on each of those
ref=$top_srcdir/results/reference/ext4
expect_rc 1 "$DAXBENCH" compare "$ref/linux-image-6.1.0-57-cloud-amd64-unsigned/" "$ref/linux-image-7.3.4+deb13-cloud-amd64/"
said=$(printf '%s\n' "$T_OUT" | grep -c 'verdict assumes' || true)
"$DAXBENCH" compare --format json "$ref/linux-image-6.1.0-57-cloud-amd64-unsigned/" "$ref/linux-image-7.3.4+deb13-cloud-amd64/" >"$d/ref.json" || true
python3 - "$d/ref.json" "$said" <<'P' && ok "runs a side: noise assumed only where one run remains, and said there" || fail "noise assumed: said $said"
import json, sys
rep, said = json.load(open(sys.argv[1])), int(sys.argv[2])
rows = [r for s in rep["scenarios"] for r in s["rows"] if r.get("p") is not None]
one = [r for r in rows if not r["run_noise_measured"] and r.get("run_noise") is not None]
assert all(min(r["runs"]) < 2 for r in one), one[:1]
assert any(r["run_noise_measured"] for r in rows)
assert len(one) == said, (len(one), said)
P

# --changes-only: the regressions and curves of a 20% shift, nothing
# unchanged or inconclusive; the summary and exit status of every row
expect_rc 1 "$DAXBENCH" compare "$d/base.json" "$d/slow.json"
all=$T_OUT
expect_rc 1 "$DAXBENCH" compare --changes-only "$d/base.json" "$d/slow.json"
expect_match '^  op_latency .*\*regression\*$' "$T_OUT" "changes-only: the regression"
expect_match '^    slope new/base .*\*regression\*' "$T_OUT" "changes-only: the curve"
if printf '%s\n' "$T_OUT" | grep -E '^  [a-z_]+ .*(unchanged|inconclusive|too few runs|n/a|not comparable)$'; then
	fail "changes-only printed a row that is no change"; else ok "changes-only prints only changes"; fi
expect_match '^Not shown \(--changes-only\): [0-9]+ of [0-9]+ rows \(' "$T_OUT" "what was left out"
[ "$(printf '%s\n' "$all" | sed -n '/^Summary/,$p')" = \
	"$(printf '%s\n' "$T_OUT" | sed -n '/^Summary/,$p')" ] && ok "changes-only keeps the summary" ||
	fail "changes-only changed the summary"
expect_match '^shown: the changes alone \(--changes-only\)' "$T_OUT" "says so in the header"
# nothing changed: the scenario in one line, exit 0
expect_rc 0 "$DAXBENCH" compare --changes-only --threshold 50 "$d/base.json" "$d/same.json"
expect_match '^no changes; not shown: [0-9]+ of [0-9]+ rows' "$T_OUT" "a quiet scenario in one line"
# a new STALL: the stall row and what the point still measured; its
# warnings and the STALLS line are notes and stay
expect_rc 1 "$DAXBENCH" compare --changes-only "$d/base.json" "$d/st.json"
expect_match '^  stalls +none +1 stalled .*\*STALL\*$' "$T_OUT" "STALL kept"
expect_match '^STALLS: no point stalls on base, 2 points on new' "$T_OUT" "STALLS line kept"
expect_match '^  new, file.mapping=pmd file.size=2MiB: pins never met an op$' "$T_OUT" "point warning kept"
# JSON: a marker, only the rows shown, and the rows left out counted
expect_rc 1 "$DAXBENCH" compare --format json "$d/base.json" "$d/slow.json"
printf '%s\n' "$T_OUT" >"$d/all.json"
expect_rc 1 "$DAXBENCH" compare --format json --changes-only "$d/base.json" "$d/slow.json"
printf '%s\n' "$T_OUT" >"$d/chg.json"
python3 - "$d/all.json" "$d/chg.json" <<'P' && ok "changes-only JSON" || fail "changes-only JSON"
import json, sys
a, c = (json.load(open(f)) for f in sys.argv[1:])
assert a["changes_only"] is False and c["changes_only"] is True
assert "left_out" not in a["scenarios"][0]
for sa, sc in zip(a["scenarios"], c["scenarios"]):
    kept = [r for r in sa["rows"]
            if r["verdict"] in ("regression", "improvement", "STALL",
                                "stalls on both")]
    assert sc["rows"] == kept, (len(sc["rows"]), len(kept))
    lo = sc["left_out"]
    assert lo["rows"] + len(sc["rows"]) == len(sa["rows"]), lo
    assert sum(lo["verdicts"].values()) == lo["rows"], lo
    assert lo["curves"] + len(sc["curves"]) == len(sa["curves"]), lo
for k in ("summary", "regressions", "improvements", "regression", "stalls"):
    assert a[k] == c[k], k
P
# Markdown and email keep the changes alone too
expect_rc 1 "$DAXBENCH" compare --format markdown --changes-only "$d/base.json" "$d/slow.json"
expect_match '^\| file.mapping=pte file.size=32MiB \| op_latency \|.*\*\*regression\*\* \(assumes 2% run noise\) \|$' "$T_OUT" "markdown row"
if printf '%s\n' "$T_OUT" | grep -E '^\|.*\| (unchanged|inconclusive|n/a|not comparable)( \(assumes [^)]*\))? \|$'; then
	fail "markdown changes-only printed a row that is no change"; else ok "markdown changes-only prints only changes"; fi
expect_rc 1 "$DAXBENCH" compare --format email --changes-only "$d/base.json" "$d/st.json"
expect_match '^  stalls: \*\* STALL \*\*$' "$T_OUT" "email STALL kept"
expect_match '^not shown \(--changes-only\): ' "$T_OUT" "email says what it left out"
"$DAXBENCH" compare --help | grep -q -- '--changes-only' && ok "--changes-only in --help" ||
	fail "--changes-only missing from --help"

# where each side came from: the build, the command line (quoted for a
# shell, continued with \ past 100 columns) and notes where they differ
expect_rc 0 "$DAXBENCH" compare "$d/pb.json" "$d/pn.json"
expect_match '^base: .*pb\.json \(git 37c8259-dirty, scenario sha256 c0ffeec0ffee\)$' "$T_OUT" "base build and digest"
expect_match '^      command \(daxbench 0\.1\.0\): daxbench run -o out --set repeat=60 synth-scan\.json$' "$T_OUT" "base command line"
expect_match "^      command \\(daxbench 0\\.1\\.0\\): daxbench run -o out --set repeat=60 --set \\\\\$" "$T_OUT" "new command line continued"
expect_match "'pinners=\\{\"method\": \"odirect\", \"threads\": 4, \"io_size\": 65536\\}' synth-scan\\.json\$" "$T_OUT" "a --set quoted for the shell"
expect_match 'NOTE: base and new applied different --set overrides \(base: repeat=60; new: repeat=60, sweep=\{"file.size": \[2097152, 8388608, 33554432, 67108864\]\}, pinners=' "$(joined "$T_OUT")" "sets differ"
expect_match 'NOTE: base and new were written by different daxbench builds \(0\.1\.0 git 37c8259-dirty and 0\.1\.0 git 4ab1c2d\)' "$(joined "$T_OUT")" "builds differ"
expect_match '^NOTE: base and new ran different scenario files \(sha256 c0ffeec0ffee and abababababab\)$' "$T_OUT" "files differ"
# ... and an older result says what it lacks
expect_rc 0 "$DAXBENCH" compare "$d/base.json" "$d/pn.json"
expect_match '^      command \(daxbench 0\.1\.0\): not recorded$' "$T_OUT" "old side: not recorded"
if printf '%s\n' "$T_OUT" | grep -q '^NOTE'; then
	fail "a note on what one side did not record"; else ok "no note on what one side did not record"; fi
expect_rc 0 "$DAXBENCH" compare --format email "$d/pb.json" "$d/pn.json"
expect_match '^base command \(daxbench 0\.1\.0\): daxbench run -o out --set repeat=60 \\$' "$T_OUT" "email command line"
expect_match '^NOTE: base and new applied different --set overrides' "$T_OUT" "email sets note"
expect_rc 0 "$DAXBENCH" compare --format markdown "$d/pb.json" "$d/pn.json"
expect_match '^    - command \(daxbench 0\.1\.0\): `daxbench run -o out --set repeat=60 synth-scan\.json`$' "$T_OUT" "markdown command line"
expect_rc 0 "$DAXBENCH" compare --format json "$d/base.json" "$d/pn.json"
printf '%s\n' "$T_OUT" | python3 -c '
import json, sys
s = json.load(sys.stdin)["scenarios"][0]
b, n = s["provenance"]["base"], s["provenance"]["new"]
assert len(b) == 1 and len(n) == 1, s["provenance"]
assert b[0]["invocation"] is None and b[0]["scenario_file"] is None, b
assert b[0]["tool"] == {"name": "daxbench", "version": "0.1.0"}, b
assert b[0]["complete"] is True and b[0]["interrupted_by"] is None, b
n = n[0]
assert n["file"].endswith("/pn.json") and n["tool"]["git"] == "4ab1c2d", n
assert n["invocation"]["argv"][:4] == ["daxbench", "run", "-o", "out"], n
assert n["invocation"]["cwd"] == "/srv", n
assert n["scenario_file"]["sha256"] == "ab" * 32, n
assert n["scenario_file"]["sets"][0] == "repeat=60", n
assert n["complete"] is False and n["interrupted_by"] == "SIGINT", n
assert s["notes"] == [], s["notes"]
' && ok "JSON provenance" || fail "JSON provenance"

# an interrupted run: named, its point in flight named, and the points
# it never reached said to be that, not merely one side's
expect_rc 0 "$DAXBENCH" compare --changes-only "$d/pb.json" "$d/pn.json"
flat=$(joined "$T_OUT")
expect_match "WARNING: new run $d/pn.json is incomplete \\(interrupted by SIGINT\\): only its finished points are compared" "$flat" "incomplete side"
expect_match "WARNING: new run $d/pn.json: point file.mapping=pmd file.size=32MiB was cut short by SIGINT: its figures hold only the ops it finished" "$flat" "point in flight"
expect_match '^Points only in base \(the incomplete new run did not reach them\):$' "$T_OUT" "points not reached"
expect_match '^  file.mapping=pte file.size=2MiB$' "$T_OUT" "a point not reached"
expect_rc 0 "$DAXBENCH" compare --format email "$d/pb.json" "$d/pn.json"
expect_match '^WARNING: new run .*pn.json is incomplete' "$T_OUT" "email: incomplete side"
expect_match '^Points only in base \(the incomplete new run did not reach' "$T_OUT" "email: points not reached"
t_done
