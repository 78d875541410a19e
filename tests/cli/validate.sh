#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# 'daxbench validate' end to end: every shipped scenario is valid and
# silent; every bad fixture fails with exit 2 and one message that names
# the file, the line and the JSON path of the problem; and every file is
# listed in mk/scenario.mk, since an unlisted one would be missing from
# the tarball and untested after 'make distcheck'.
. "${top_srcdir}/tests/lib.sh"

D=$top_srcdir/tests/data
S=$top_srcdir/scenarios

# Shipped scenarios: valid, no output, and "name" matches the file name
# (small ones end in -small, so their results never pass for full runs).
# io-uring-fixed measures fsdax's refusal of its pins, and is warned
# about as every such scenario is.
for f in "$S"/*.json "$S"/small/*.json; do
	expect_rc 0 "$DAXBENCH" validate "$f" || continue
	case $f in
	*/io-uring-fixed.json)
		expect_match "^daxbench validate: $f:12:15: pinners.method: warning: no op can meet a pin: fsdax refuses" "$T_ERR" "${f#"$S"/}: warned, at the method"
		;;
	*) [ -z "$T_OUT$T_ERR" ] && ok "${f#"$S"/}: silent" || fail "$f: output: $T_OUT$T_ERR" ;;
	esac
	stem=$(basename "$f" .json)
	case $f in */small/*) stem=$stem-small ;; esac
	expect_match "\"name\": \"$stem\"" "$(cat "$f")" "$f: name"
done
# every full scenario has a small twin and the other way round
for f in "$S"/*.json; do
	[ -f "$S/small/$(basename "$f")" ] && ok "${f#"$S"/}: a small twin" || fail "$f: no small twin"
done
for f in "$S"/small/*.json; do
	[ -f "$S/$(basename "$f")" ] && ok "${f#"$S"/}: a full twin" || fail "$f: no full twin"
done
for f in "$D"/good-*.json; do
	expect_rc 0 "$DAXBENCH" validate "$f" &&
		{ [ -z "$T_OUT$T_ERR" ] && ok "${f#"$D"/}: silent" || fail "$f: output: $T_OUT$T_ERR"; }
done

# Pins no op can meet: warned where the method is, still valid; a point
# whose pins can meet the op makes the refused ones a comparison, and
# -q says nothing.
cat >"$T_TMP/fixed.json" <<'END'
{
  "schema": 1,
  "name": "fixed",
  "pinners": { "threads": 2 },
  "sweep": { "pinners.method": ["io_uring_fixed"] }
}
END
expect_rc 0 "$DAXBENCH" validate "$T_TMP/fixed.json"
expect_match "fixed.json:5:32: pinners.method: warning: no op can meet a pin: .* set \"io_uring\"" "$T_ERR" "refused pins: warned at the swept method, with what to set"
expect_rc 0 "$DAXBENCH" validate --set 'sweep={"pinners.method":["io_uring_fixed","odirect"]}' "$T_TMP/fixed.json"
[ -z "$T_ERR" ] && ok "one method that pins: no warning" || fail "warned: $T_ERR"
expect_rc 0 "$DAXBENCH" validate --set 'sweep={}' --set pinners.method=io_uring_fixed pinners-odirect
expect_match "pinners-odirect.json: --set pinners.method=io_uring_fixed: pinners.method: warning" "$T_ERR" "a --set is blamed as errors blame it"
expect_rc 0 "$DAXBENCH" validate --set target.require_dax=false io-uring-fixed
[ -z "$T_ERR" ] && ok "no DAX asked: fixed buffers may pin" || fail "warned: $T_ERR"
expect_rc 0 "$DAXBENCH" validate -q "$T_TMP/fixed.json"
[ -z "$T_OUT$T_ERR" ] && ok "-q: no warning" || fail "-q printed: $T_ERR"

# FIXTURE LINE PATH: the line and the path (an ERE) its message must name.
cat >"$T_TMP/bad" <<'END'
bad-syntax.json 11 invalid JSON
bad-duplicate-key.json 10 pinners.threads
bad-unknown-top.json 16 repaet
bad-unknown-nested.json 11 pinners.region.lenght
bad-schema-newer.json 2 schema
bad-schema-missing.json 1 schema
bad-wrong-type.json 8 pinners.threads
bad-size-unit.json 5 file.size
bad-size-negative.json 14 operation.length
bad-size-no-unit.json 14 operation.length: expected a size with a unit \(B, KiB, MiB, GiB, TiB, or kB, MB, GB, TB for powers of 10; only 0 needs none\), got 4096$
bad-size-fraction.json 14 operation.offset
bad-duration.json 18 timeout
bad-duration-no-unit.json 18 timeout: expected a duration with a unit \(ns, us, ms, s, m or h; only 0 needs none\), got 5$
bad-timeout-zero.json 18 timeout
bad-mapping.json 5 file.mapping
bad-method.json 7 pinners.method
bad-op-type.json 14 operation.type
bad-threads-max.json 8 pinners.threads
bad-op-beyond-file.json 14 operation.length
bad-region-beyond-file.json 11 pinners.region.length
bad-region-smaller-than-io.json 11 pinners.region.length
bad-sweep-path.json 15 sweep.pinners.treads
bad-sweep-not-list.json 15 sweep.pinners.threads
bad-sweep-empty.json 15 sweep.pinners.threads
bad-sweep-too-many.json 15 sweep
bad-sweep-point.json 18 operation.length
bad-sweep-name.json 15 sweep.name
bad-sweep-value-type.json 15 sweep.pinners.threads\[1\]
bad-sweep-overlap.json 16 sweep.pinners.threads
bad-repeat-zero.json 16 repeat
bad-io-size-zero.json 9 pinners.io_size
bad-io-size-unaligned.json 9 pinners.io_size
bad-queue-depth-zero.json 10 pinners.queue_depth
bad-solo-vmsplice.json 10 pinners.solo
bad-fs.json 4 target.fs
bad-numa-negative.json 12 pinners.numa.membind
bad-name.json 3 name
bad-pmd-size.json 5 file.size
bad-pmd-decimal.json 5 file.size: expected a multiple of 2MiB for mapping "pmd", got 64000000 \(did you mean "64MiB"\?\)$
bad-collapse-unaligned.json 14 operation.offset
bad-collapse-to-eof.json 14 operation.length
bad-not-object.json 1 expected a JSON object
bad-bool-type.json 5 file.prefault
bad-dir-empty.json 4 target.dir
END
while read -r name line path; do
	f=$D/$name
	if [ ! -f "$f" ]; then
		fail "$name: listed but missing"
		continue
	fi
	expect_rc 2 "$DAXBENCH" validate "$f" || continue
	expect_match "^daxbench validate: $f:$line:[0-9]+: $path" "$T_ERR" "$name"
	n=$(printf '%s\n' "$T_ERR" | wc -l)
	[ "$n" -eq 1 ] && ok "$name: one line of error" || fail "$name: $n lines of errors, wanted 1"
	[ -z "$T_OUT" ] && ok "$name: nothing on stdout" || fail "$name: wrote to stdout: $T_OUT"
done <"$T_TMP/bad"
# a fixture nobody checks proves nothing
for f in "$D"/bad-*.json; do
	grep -q "^$(basename "$f") " "$T_TMP/bad" && ok "${f#"$D"/}: in the table of expected errors" ||
		fail "$f: not in the table of expected errors"
done
if [ -f "$top_srcdir/mk/scenario.mk" ]; then
	for f in "$D"/*.json "$S"/*.json "$S"/small/*.json; do
		rel=${f#"$top_srcdir"/}
		grep -q "	$rel" "$top_srcdir/mk/scenario.mk" && ok "$rel: listed in mk/scenario.mk" ||
			fail "$rel: not listed in mk/scenario.mk"
	done
fi

# All files are checked, each error printed once, and the worst wins.
expect_rc 2 "$DAXBENCH" validate "$D/bad-repeat-zero.json" \
	"$S/small/vmsplice-hold.json" "$D/bad-fs.json"
expect_match 'bad-repeat-zero.json:16:[0-9]+: repeat' "$T_ERR" "first of three"
expect_match 'bad-fs.json:4:[0-9]+: target.fs' "$T_ERR" "last of three"
[ "$(printf '%s\n' "$T_ERR" | wc -l)" -eq 2 ] && ok "three files, two bad: 2 lines" ||
	fail "three files, two bad: wanted 2 lines, got: $T_ERR"
expect_rc 2 "$DAXBENCH" validate -q "$D/bad-fs.json"
[ -z "$T_OUT$T_ERR" ] && ok "-q prints nothing" || fail "-q printed: $T_OUT$T_ERR"
expect_rc 2 "$DAXBENCH" validate "$T_TMP/no-such.json"
expect_match 'no-such.json: No such file' "$T_ERR" "missing file"
expect_rc 2 "$DAXBENCH" validate
expect_match 'usage|no scenario file' "$T_ERR" "no file"

# --print: defaults filled in, units normalised, and the output is itself
# a valid scenario that resolves to the same thing.
expect_rc 0 "$DAXBENCH" validate --print "$D/good-minimal.json"
printf '%s\n' "$T_OUT" >"$T_TMP/resolved.json"
expect_match '"size": 67108864' "$T_OUT" "default file.size in bytes"
expect_match '"timeout": 10000000000' "$T_OUT" "default timeout in ns"
expect_match '"method": "none"' "$T_OUT" "default method"
expect_match '"length": null' "$T_OUT" "default region.length"
expect_rc 0 "$DAXBENCH" validate --print "$T_TMP/resolved.json"
[ "$T_OUT" = "$(cat "$T_TMP/resolved.json")" ] && ok "resolving a resolved scenario keeps it" ||
	fail "resolving a resolved scenario changed it"

# --points: the cross product, first key slowest
expect_rc 0 "$DAXBENCH" validate --points "$D/good-sweep-objects.json"
[ "$(printf '%s\n' "$T_OUT" | wc -l)" -eq 12 ] && ok "good-sweep-objects: 12 points" ||
	fail "good-sweep-objects: wanted 12 points, got: $T_OUT"
expect_match '^1/12 \{"pinners.numa": \{"cpunodebind": 0, "membind": 0\}, "pinners.region.length": null, "pinners.hold": 0\}' \
	"$T_OUT" "first point"
expect_match '^2/12 .*"pinners.region.length": null, "pinners.hold": 10000000\}' \
	"$T_OUT" "last key fastest"
expect_match '^12/12 \{"pinners.numa": \{"cpunodebind": 0, "membind": null\}, "pinners.region.length": 8192, "pinners.hold": 10000000\}' \
	"$T_OUT" "last point"

# --set: overrides are checked like the file
expect_rc 0 "$DAXBENCH" validate --set pinners.threads=8 --set file.size=4MiB \
	--print "$S/small/pinners-odirect.json"
expect_match '"threads": 8' "$T_OUT" "--set threads"
expect_match '"size": 4194304' "$T_OUT" "--set size"
expect_match '"operation.type"' "$T_OUT" "other sweep keys stay"
if printf '%s\n' "$T_OUT" | grep -q '"pinners.threads"'; then
	fail "--set pinners.threads left it swept"
else ok "--set pinners.threads unsweeps it"; fi
# an error in an override names it once, and the file
expect_rc 2 "$DAXBENCH" validate --set repeat=0 "$S/small/pinners-odirect.json"
expect_match '^daxbench validate: [^ ]*pinners-odirect.json: --set repeat=0: repeat: expected an integer in 1..10000000, got 0$' \
	"$T_ERR" "--set repeat=0"
[ "$(printf '%s\n' "$T_ERR" | grep -o -- '--set repeat=0' | wc -l)" -eq 1 ] && ok "--set repeat=0 named once" ||
	fail "--set repeat=0 named more than once: $T_ERR"

# every --set is applied before anything is checked: their order is free
for order in "file.mapping=pte file.size=3MiB" "file.size=3MiB file.mapping=pte"; do
	set -- $order
	expect_rc 0 "$DAXBENCH" validate --print --set "$1" --set "$2" \
		"$S/small/pinners-odirect.json"
	printf '%s\n' "$T_OUT" >"$T_TMP/order-$1.json"
done
cmp -s "$T_TMP/order-file.mapping=pte.json" "$T_TMP/order-file.size=3MiB.json" &&
	ok "--set order keeps the scenario" || fail "--set order changed the scenario"
# an error no sweep value takes part in carries no sweep point
expect_rc 2 "$DAXBENCH" validate --set file.size=3MiB "$S/small/pinners-odirect.json"
expect_match '--set file.size=3MiB: file.size: expected a multiple of 2MiB for mapping "pmd", got 3145728$' \
	"$T_ERR" "pmd size without a sweep tail"
# one that a sweep value caused says which point
expect_rc 2 "$DAXBENCH" validate "$D/bad-sweep-point.json"
expect_match '\(sweep point 2 of 2: file.size=1048576\)$' "$T_ERR" "sweep tail"
# the file is checked with the override applied: no sweep, no bad point
expect_rc 0 "$DAXBENCH" validate --points --set 'sweep={}' "$D/bad-sweep-point.json"
expect_match '^1/1 \{\}$' "$T_OUT" "sweep={} leaves one point"

# a size or duration needs a unit, on the command line too; 0 needs none
expect_rc 2 "$DAXBENCH" validate --set timeout=5 "$S/small/pinners-odirect.json"
expect_match '--set timeout=5: timeout: expected a duration with a unit \(ns, us, ms, s, m or h' \
	"$T_ERR" "--set timeout=5"
expect_rc 0 "$DAXBENCH" validate --set pinners.hold=0 --set operation.offset=0 \
	"$S/small/pinners-odirect.json"
expect_rc 2 "$DAXBENCH" validate --set pinners.io_size=1kB "$S/small/pinners-odirect.json"
expect_match 'got "1kB" = 1000 \(did you mean "1KiB"\?\)$' "$T_ERR" "1kB"
# "64MB" is 64,000,000 bytes, where that is fine
expect_rc 0 "$DAXBENCH" validate --print --set file.size=64MB \
	--set file.mapping=pte "$S/small/pinners-odirect.json"
expect_match '"size": 64000000' "$T_OUT" "64MB is decimal"
# a resolved scenario says so: its integers are bytes and ns
expect_match '"resolved": true' "$(cat "$T_TMP/resolved.json")" "resolved marker"

# 0 threads is no pinners, whatever the method: a sweep's baseline
expect_rc 0 "$DAXBENCH" validate --points --set 'sweep.pinners.threads=[0, 1, 2]' \
	"$S/small/pinners-odirect.json"
expect_match '"pinners.threads": 0\}' "$T_OUT" "threads 0 point"
expect_rc 2 "$DAXBENCH" validate --set pinners.nope=1 "$S/small/pinners-odirect.json"
expect_match 'pinners.nope: names no field' "$T_ERR" "--set unknown path"

# A shipped scenario by name; from the build tree, the source tree's. The
# check runs in a directory of its own, where no such file is.
mkdir "$T_TMP/cwd"
cd "$T_TMP/cwd"
for name in pinners-odirect small/pinners-odirect small/pinners-odirect.json; do
	expect_rc 0 "$DAXBENCH" validate --print "$name"
	stem=$(basename "$name" .json)
	case $name in small/*) stem=$stem-small ;; esac
	expect_match "\"name\": \"$stem\"" "$T_OUT" "by name: $name"
done
# a path that exists wins over the name
sed 's/"name": "pinners-odirect"/"name": "mine"/' "$S/pinners-odirect.json" >pinners-odirect
expect_rc 0 "$DAXBENCH" validate --print pinners-odirect
expect_match '"name": "mine"' "$T_OUT" "a path wins"
expect_rc 2 "$DAXBENCH" validate no-such-scenario
expect_match "^daxbench validate: no-such-scenario: no such file, nor a scenario of that name in .*/scenarios\$" \
	"$T_ERR" "unknown name"
expect_rc 2 "$DAXBENCH" validate ../no-such.json
expect_match '^daxbench validate: \.\./no-such.json: No such file' "$T_ERR" "a path is not a name"
# a daxbench outside the build tree looks where 'make install' puts them
mkdir "$T_TMP/bin"
cp "$DAXBENCH" "$T_TMP/bin/daxbench"
set +e
"$T_TMP/bin/daxbench" validate small/pinners-odirect >/dev/null 2>"$T_TMP/inst.err"
rc=$?
set -e
if [ "$rc" -eq 0 ]; then
	echo "note: an installed daxbench answered; its scenarios are in place"
	ok "an installed daxbench answered"
elif grep -q "nor a scenario of that name in .*/share/daxbench/scenarios\$" "$T_TMP/inst.err" &&
	! grep -qF "$top_srcdir" "$T_TMP/inst.err"; then
	ok "uninstalled: looked in the installed scenarios only"
else
	fail "installed lookup: rc $rc: $(cat "$T_TMP/inst.err")"
fi
cd - >/dev/null
t_done
