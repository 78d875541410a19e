#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Hostile and absurd input gets a clear error and the documented exit
# code, never a crash, a hang, a huge allocation or a touched file that
# daxbench did not make: a file larger than the free space, a million
# threads, a sweep whose cross product explodes, target directories that
# are not directories, a symlink or FIFO planted where the test file will
# go, "../" in target.dir, and result files that are truncated, of the
# wrong schema or from a newer daxbench given to compare and plot.
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
	[ "$left" -eq 0 ] && ok || fail "$1: $left test files left in $tgt"
	cmp -s "$tgt/canary" "$T_TMP/canary.orig" && ok || fail "$1: canary changed"
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
[ -z "$(ls "$out" 2>/dev/null)" ] && ok || fail "huge: a result was written"
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
[ $(($(date +%s) - start)) -lt 10 ] && ok ||
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
[ "$(cat "$T_TMP/afile")" = "not a dir" ] && ok || fail "file as target changed"
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
cmp -s "$T_TMP/victim" "$T_TMP/victim.orig" && ok || fail "symlink victim changed"
n=$(find "$tgt" -maxdepth 1 -type l -name 'daxbench-*-0.dat' | wc -l)
[ "$n" -eq 1 ] && ok || fail "the planted symlink was removed ($n left)"
find "$tgt" -maxdepth 1 -type l -name 'daxbench-*' -delete
# shellcheck disable=SC2016
expect_rc 3 timeout 60 sh -c 'mkfifo "$1/daxbench-$$-0.dat" && exec "$2" run -q --dir "$1" -o "$3" "$4"' \
	sh "$tgt" "$DAXBENCH" "$out" "$T_TMP/small.json"
expect_match 'daxbench-[0-9]+-0.dat: create: File exists' "$T_ERR" "planted FIFO"
n=$(find "$tgt" -maxdepth 1 -type p -name 'daxbench-*' | wc -l)
[ "$n" -eq 1 ] && ok || fail "the planted FIFO was removed ($n left)"
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
[ -z "$(ls "$T_TMP/elsewhere")" ] && ok || fail "files left in the symlinked target"
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
untouched "end"
t_done
