#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Hostile and absurd input gets a clear error and the documented exit
# code, never a crash, a hang, a huge allocation or a touched file that
# daxbench did not make: a file larger than the free space, a million
# threads, a sweep whose cross product explodes, target directories that
# are not directories, a symlink or FIFO planted where the test file will
# go, "../" in target.dir, result files that are truncated, of the
# wrong schema or from a newer daxbench given to compare and plot, and
# a shipped result edited by hand (a sample, a summary, a histogram)
# given to compare, plot, report and export, a result and a scenario
# each given where the other is read, and compare given one file twice.
. "${top_srcdir}/tests/lib.sh"

command -v timeout >/dev/null || skip "timeout(1) not installed"
command -v python3 >/dev/null || skip "python3 not installed"
tgt=$T_TMP/target
out=$T_TMP/results
mkdir -p "$tgt"
printf 'canary: never truncated, punched or unlinked\n' >"$tgt/canary"
cp "$tgt/canary" "$T_TMP/canary.orig"
# Anything hostile must end quickly: a hang fails the test, not CI.
db() { timeout 60 "$DAXBENCH" "$@"; }

# scenario NAME SIZE [EXTRA JSON MEMBERS]: a small host scenario
scenario() {
	cat >"$T_TMP/$1.json" <<J
{ "schema": 1, "name": "$1", "target": { "require_dax": false },
  "file": { "size": "$2", "mapping": "pte", "prefault": false },
  "operation": { "type": "punch_hole", "offset": 0, "length": "4KiB" },
  "repeat": 2, "warmup": 0, "timeout": "2s"${3:+, $3} }
J
}
untouched() {	# untouched WHAT: nothing left behind, the canary intact
	left=$(find "$tgt" -name 'daxbench-*' ! -name 'daxbench-*-planted*' | wc -l)
	[ "$left" -eq 0 ] && ok "$1: no test files left" || fail "$1: $left test files left in $tgt"
	cmp -s "$tgt/canary" "$T_TMP/canary.orig" && ok "$1: canary unchanged" || fail "$1: canary changed"
}

# --- a file far larger than the filesystem: refused before fallocate,
# naming the size asked for and the free space, with no result written
free=$(df -P -B1 "$tgt" | awk 'NR == 2 { print $4 }')
size=1TiB
named=1TiB
if [ "$free" -ge $((1 << 40)) ]; then
	size=$(( $(df -P -B1 "$tgt" | awk 'NR == 2 { print $2 }') * 2 ))
	named='[0-9.]+[KMGTPE]iB'
fi
scenario huge "$size"
expect_rc 2 db run -q --dir "$tgt" -o "$out" "$T_TMP/huge.json"
expect_match "$named" "$T_ERR" "size asked for named"
expect_match '[0-9.]+[KMGTPE]?i?B free' "$T_ERR" "free space named"
[ -z "$(ls "$out" 2>/dev/null)" ] && ok "huge: no result written" || fail "huge: a result was written"
untouched "huge file"

# --- a million threads: refused by the loader, the field named, from
# the file, from --set and from a sweep value
scenario threads 2MiB '"pinners": { "method": "vmsplice", "threads": 1000000 }'
expect_rc 2 db validate "$T_TMP/threads.json"
expect_match 'threads.json:[0-9]+:[0-9]+: pinners.threads: expected an integer in 0..1024' "$T_ERR" "file"
scenario threads2 2MiB '"pinners": { "method": "vmsplice", "threads": 1 }'
expect_rc 2 db run -q --dir "$tgt" -o "$out" --set pinners.threads=1000000 "$T_TMP/threads2.json"
expect_match 'pinners.threads: expected an integer in 0..1024' "$T_ERR" "--set"
scenario threads3 2MiB '"pinners": { "method": "vmsplice" }, "sweep": { "pinners.threads": [1, 1000000] }'
expect_rc 2 db validate "$T_TMP/threads3.json"
expect_match 'sweep.pinners.threads\[1\]: expected an integer in 0..1024' "$T_ERR" "sweep value"
untouched "threads"

# --- sweeps whose cross product explodes: refused with the cap named,
# at once (a list of 300000 values used to take many minutes)
python3 - "$T_TMP" <<'P'
import json, sys
d = sys.argv[1]
base = {"schema": 1, "name": "sweep", "target": {"require_dax": False}}
def w(name, sweep):
    json.dump(dict(base, name=name, sweep=sweep), open(f"{d}/{name}.json", "w"))
w("cube", {"repeat": list(range(1, 101)), "warmup": list(range(100)),
           "pinners.queue_depth": list(range(1, 101))})
w("long", {"repeat": list(range(1, 300001))})
# 13 lists of 40 values: 40^13 overflows 64 bits
keys = ["repeat", "warmup", "timeout", "file.size", "pinners.threads",
        "pinners.io_size", "pinners.queue_depth", "pinners.hold",
        "pinners.region.offset", "operation.offset", "operation.length",
        "pinners.numa.cpunodebind", "pinners.numa.membind"]
w("overflow", {k: list(range(1, 41)) for k in keys})
P
expect_rc 2 db validate "$T_TMP/cube.json"
expect_match 'sweep: expected at most 10000 points, got a cross product of 100 x 100 x 100 = 1000000' "$T_ERR" "cube"
start=$(date +%s)
expect_rc 2 db validate "$T_TMP/long.json"
expect_match 'expected at most 10000 points, got a cross product of 300000' "$T_ERR" "long list"
[ $(($(date +%s) - start)) -lt 10 ] && ok "a 300000-value sweep refused within 10s" ||
	fail "a 300000-value sweep took $(($(date +%s) - start))s to refuse"
expect_rc 2 db validate "$T_TMP/overflow.json"
expect_match 'got a cross product of 40 x 40 .* \(overflows\)' "$T_ERR" "overflow"
expect_rc 2 db run -q --dir "$tgt" -o "$out" "$T_TMP/cube.json"
expect_match 'at most 10000 points' "$T_ERR" "run refuses it too"
untouched "sweeps"

# --- target directories that are not directories: a file, a FIFO
scenario small 2MiB
printf 'not a dir\n' >"$T_TMP/afile"
expect_rc 3 db run -q --dir "$T_TMP/afile" -o "$out" "$T_TMP/small.json"
expect_match "afile: not a directory" "$T_ERR" "file as target"
[ "$(cat "$T_TMP/afile")" = "not a dir" ] && ok "file as target unchanged" || fail "file as target changed"
mkfifo "$T_TMP/afifo"
expect_rc 3 db run -q --dir "$T_TMP/afifo" -o "$out" "$T_TMP/small.json"
expect_match "afifo: not a directory" "$T_ERR" "FIFO as target"
expect_rc 3 db run -q --dir "$T_TMP/none/such" -o "$out" "$T_TMP/small.json"
expect_match "none/such: cannot resolve path: No such file" "$T_ERR" "missing target"

# --- a symlink to a file of the user's, then a FIFO, planted at the
# exact path of the test file (the pid is known: exec keeps it). The
# create must fail (O_EXCL|O_NOFOLLOW), not write through the link or
# block on the FIFO; the victim and the planted entries stay as they were.
printf 'victim: the user data a symlink points at\n' >"$T_TMP/victim"
cp "$T_TMP/victim" "$T_TMP/victim.orig"
# shellcheck disable=SC2016 # $1.. and $$ are the inner shell's
expect_rc 3 timeout 60 sh -c 'ln -s "$1" "$2/daxbench-$$-0.dat" && exec "$3" run -q --dir "$2" -o "$4" "$5"' \
	sh "$T_TMP/victim" "$tgt" "$DAXBENCH" "$out" "$T_TMP/small.json"
expect_match 'daxbench-[0-9]+-0.dat: create: File exists' "$T_ERR" "planted symlink"
cmp -s "$T_TMP/victim" "$T_TMP/victim.orig" && ok "symlink victim unchanged" || fail "symlink victim changed"
n=$(find "$tgt" -maxdepth 1 -type l -name 'daxbench-*-0.dat' | wc -l)
[ "$n" -eq 1 ] && ok "the planted symlink kept" || fail "the planted symlink was removed ($n left)"
find "$tgt" -maxdepth 1 -type l -name 'daxbench-*' -delete
# shellcheck disable=SC2016
expect_rc 3 timeout 60 sh -c 'mkfifo "$1/daxbench-$$-0.dat" && exec "$2" run -q --dir "$1" -o "$3" "$4"' \
	sh "$tgt" "$DAXBENCH" "$out" "$T_TMP/small.json"
expect_match 'daxbench-[0-9]+-0.dat: create: File exists' "$T_ERR" "planted FIFO"
n=$(find "$tgt" -maxdepth 1 -type p -name 'daxbench-*' | wc -l)
[ "$n" -eq 1 ] && ok "the planted FIFO kept" || fail "the planted FIFO was removed ($n left)"
find "$tgt" -maxdepth 1 -type p -name 'daxbench-*' -delete
untouched "planted"

# --- "../" in target.dir and a symlinked --dir: daxbench works in the
# directory they resolve to and the result names that real directory,
# so a result never claims a place it did not measure
mkdir -p "$tgt/sub" "$T_TMP/elsewhere"
ln -s "$T_TMP/elsewhere" "$T_TMP/link"
scenario dotdot 2MiB "\"sweep\": {}"
sed -i "s|\"require_dax\": false|\"require_dax\": false, \"dir\": \"$tgt/sub/..\"|" "$T_TMP/dotdot.json"
expect_rc 0 env -u DAXBENCH_DIR timeout 60 "$DAXBENCH" run -q -o "$out/dotdot" "$T_TMP/dotdot.json"
real=$(cd "$tgt" && pwd -P)
expect_match "\"path\": \"$real\"" "$(cat "$out"/dotdot/*.json)" "../ resolved in the result"
expect_rc 0 db run -q --dir "$T_TMP/link" -o "$out/link" "$T_TMP/small.json"
expect_match "\"path\": \"$(cd "$T_TMP/elsewhere" && pwd -P)\"" \
	"$(cat "$out"/link/*.json)" "symlinked --dir resolved in the result"
[ -z "$(ls "$T_TMP/elsewhere")" ] && ok "no files left in the symlinked target" || fail "files left in the symlinked target"
untouched "dotdot"

# --- broken results given to compare and plot: exit 2, the file named
good=$(find "$out/link" -name '*.json' | head -n 1)
head -c 300 "$good" >"$T_TMP/truncated.json"
sed 's/"schema": 1/"schema": "one"/' "$good" >"$T_TMP/wrongschema.json"
sed 's/"schema": 1/"schema": 99/' "$good" >"$T_TMP/newer.json"
printf '{"schema": 1, "name": "a scenario, not a result"}\n' >"$T_TMP/scenario-not-result.json"
for cmd in compare plot; do
	if ! "$DAXBENCH" --help | grep -q "^  $cmd "; then
		echo "SKIP part: 'daxbench $cmd' is not built yet"
		continue
	fi
	for bad in truncated wrongschema newer scenario-not-result; do
		if [ "$cmd" = compare ]; then
			set -- compare "$good" "$T_TMP/$bad.json"
		else
			set -- plot -o "$T_TMP/plots" "$T_TMP/$bad.json"
		fi
		expect_rc 2 db "$@" || continue
		expect_match "$bad.json" "$T_ERR" "$cmd $bad: file named"
		[ "$bad" != newer ] || expect_match \
			'schema: version 99 is newer than this daxbench reads' \
			"$T_ERR" "$cmd $bad: says it is newer"
	done
done
# --- a shipped reference result edited by hand, one field at a time,
# as a new user tried it (issue 29): every command that reads results
# refuses it, exit 2, naming the file and the JSON path, rather than
# dropping the sample, printing a CI from it or making up a stall
ref=$top_srcdir/tests/data/old-reference/stall-odirect-6.1.0-57.json
mkdir "$T_TMP/edited"
# edited NAME PYTHON: the reference with PYTHON run on it (r the result;
# lat its point 1's op_latency: samples [13038470, 971860, 1283630], no
# stall; io its point 0's pinner_io_latency, a histogram)
edited() {
	python3 - "$ref" "$T_TMP/edited/$1.json" "$2" <<'P'
import json, sys
r = json.load(open(sys.argv[1]))
lat = r["points"][1]["metrics"]["op_latency"]
io = r["points"][0]["metrics"]["pinner_io_latency"]
exec(sys.argv[3])
json.dump(r, open(sys.argv[2], "w"), indent=1)
P
}
# read_with CMD FILE: one of the commands that read results, on FILE
# (compare and report with the reference as BASE)
read_with() {
	case $1 in
	compare) db compare "$ref" "$2" ;;
	plot) db plot -o "$T_TMP/plots" "$2" ;;
	report) db report -o "$T_TMP/report" "$ref" "$2" ;;
	export) db export --lava "$2" ;;
	esac
}
at='points\[1\]\.metrics\.op_latency'
io='points\[0\]\.metrics\.pinner_io_latency'
while IFS="|" read -r name edit msg; do
	edited "$name" "$edit"
	f=$T_TMP/edited/$name.json
	for cmd in compare plot report export; do
		expect_rc 2 read_with "$cmd" "$f" || continue
		expect_match "^daxbench $cmd: $f: $msg\$" "$T_ERR" "$cmd $name"
	done
done <<EOF
sample-string|lat["samples"][1] = "x"|$at\.samples\[1\]: "x" is not a non-negative integer
sample-negative|lat["samples"][1] = -5|$at\.samples\[1\]: -5 is not a non-negative integer
sample-huge|lat["samples"][1] = 1e300|$at\.samples\[1\]: 1e\+?300 is not a non-negative integer
sample-real|lat["samples"][1] = 971860.0|$at\.samples\[1\]: 971860\.0 is not a non-negative integer
sample-timeout|lat["samples"][1] = 5000000000|$at\.samples\[1\]: 5000000000 is at or beyond the point's timeout \(5\.00s\), and none of its stalls\[\] waited that long
swept-timeout|r["points"][1]["params"]["timeout"] = 2000000|$at\.samples\[0\]: 13038470 is at or beyond the point's timeout \(2\.00ms\), and none of its stalls\[\] waited that long
summary-n|lat["summary"]["n"] = 2|$at\.summary\.n: 2, but it has 3 samples
summary-min|lat["summary"]["min"] = 971861|$at\.summary\.min: 971861, but its samples give 971860
summary-max|lat["summary"]["max"] = 13038471|$at\.summary\.max: 13038471, but its samples give 13038470
summary-p50|lat["summary"]["p50"] = 7160000|$at\.summary\.p50: 7160000, but its samples give 1283630
summary-mean|lat["summary"]["mean"] = 5097986|$at\.summary\.mean: 5097986, but its samples give 5097986\.66666667
summary-missing|del lat["summary"]|$at\.summary: missing \(a metric with samples or a histogram has one\)
summary-p90-missing|del lat["summary"]["p90"]|$at\.summary\.p90: missing
timeout-missing|del r["scenario"]["timeout"]|scenario\.timeout: missing
hist-count|io["histogram"]["buckets"][0][1] = -1|$io\.histogram\.buckets\[0\]\[1\]: -1 is not a non-negative integer
hist-low|io["histogram"]["buckets"][0][0] += 1|$io\.histogram\.buckets\[0\]\[0\]: 25345 is not the low end of a log-linear bucket \(25344 is\)
hist-order|io["histogram"]["buckets"].reverse()|$io\.histogram\.buckets\[1\]\[0\]: [0-9]+ does not follow [0-9]+: the buckets rise, each once
hist-n|io["summary"]["n"] += 1|$io\.summary\.n: 78156, but its histogram counts 78155
hist-min|io["summary"]["min"] = 0|$io\.summary\.min: 0 is not in the histogram's lowest bucket \[25344, 25471\]
hist-p50|io["summary"]["p50"] += 1000|$io\.summary\.p50: 84711\.5, but its histogram gives 83711\.5
EOF
# the older results kept as test data read
for d in "$top_srcdir"/tests/data/old-reference/*; do
	expect_rc 0 db plot -q -o "$T_TMP/old-plots" "$d"
done
# --- the wrong kind of file says what it is: a result given to validate
# or run, a scenario given to the commands that read results
scn=$top_srcdir/scenarios/small/stall-odirect.json
expect_rc 2 db validate "$ref"
expect_match "^daxbench validate: $ref: this is a result file; validate and run read scenarios \(compare, plot, report and export read results\)\$" "$T_ERR" "validate RESULT"
expect_rc 2 db run -q --dir "$tgt" -o "$out" "$ref"
expect_match "^daxbench run: $ref: this is a result file; validate and run read scenarios" "$T_ERR" "run RESULT"
for cmd in compare plot report export; do
	expect_rc 2 read_with "$cmd" "$scn" || continue
	expect_match "^daxbench $cmd: $scn: this is a scenario file; compare, plot, report and export read results \(daxbench run makes them from it\)\$" "$T_ERR" "$cmd SCENARIO"
done
# --- compare X X: compared, but said to be one file, whether by one
# path, a symlink or a hard link; a copy is another file
expect_rc 0 db compare "$ref" "$ref"
expect_match "^daxbench compare: warning: $ref: both sides are this file; every figure is compared with itself\$" "$T_ERR" "compare X X"
e=$T_TMP/edited
ln -s "$ref" "$e/symlink.json"
cp "$ref" "$e/copy.json"
ln "$e/copy.json" "$e/hardlink.json"
expect_rc 0 db compare "$ref" "$e/symlink.json"
expect_match "^daxbench compare: warning: $ref and $e/symlink.json: both sides are the same file; every figure is compared with itself\$" "$T_ERR" "compare X symlink-to-X"
expect_rc 0 db compare "$e/copy.json" "$e/hardlink.json"
expect_match "^daxbench compare: warning: $e/copy.json and $e/hardlink.json: both sides are the same file" "$T_ERR" "compare X hardlink-to-X"
expect_rc 0 db compare "$ref" "$e/copy.json"
[ -z "$T_ERR" ] && ok "compare X copy-of-X: no warning" || fail "compare X copy-of-X warned: $T_ERR"
# a bad file is an error first, however it is named
expect_rc 2 db compare "$e/sample-string.json" "$e/sample-string.json"
expect_match "^daxbench compare: $e/sample-string.json: points" "$T_ERR" "compare BAD BAD"
untouched "end"
t_done
