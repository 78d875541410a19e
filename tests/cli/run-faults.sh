#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Faults during a run, on the host (non-DAX), through DAXBENCH_INJECT and
# real conditions: each ends with a valid result that names the fault, no
# test file left behind, and the user's canary untouched.
# - ENOSPC while re-extending the file after an op
# - EIO from the pin device
# - a pinner thread that dies
# - io_uring unavailable
# - the test file cannot be created (the point fails, exit 3)
# - no root: tracing reported unavailable, with the reason
# - two runs on one target at once: separate files and tracing instances
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
tgt="$T_TMP/target"
mkdir -p "$tgt"
printf 'canary\n' >"$tgt/canary"
cat >"$T_TMP/s.json" <<'J'
{ "schema": 1, "name": "faults",
  "target": { "require_dax": false },
  "file": { "size": "2MiB", "mapping": "pte", "prefault": false },
  "pinners": { "method": "odirect", "threads": 2, "io_size": "4KiB",
               "region": { "offset": 0, "length": "256KiB" } },
  "operation": { "type": "punch_hole", "offset": 0, "length": "1MiB" },
  "sweep": { "pinners.method": ["odirect", "io_uring"] },
  "repeat": 10, "warmup": 0, "timeout": "5s" }
J

# check OUTDIR PYTHON-ASSERTIONS: over the one result in OUTDIR as r
check() {
	python3 - "$1" "$2" <<'P' && ok "$1: result checks" || fail "$1: $2"
import json, sys, glob, os
files = glob.glob(os.path.join(sys.argv[1], "*.json"))
assert len(files) == 1, files
r = json.load(open(files[0]))
pts = {p["params"].get("pinners.method"): p for p in r["points"]}
exec(sys.argv[2])
P
	left=$(find "$tgt" -name 'daxbench-*' | wc -l)
	[ "$left" -eq 0 ] && ok "$1: no test files left" || fail "$1: $left test files left"
	[ "$(cat "$tgt/canary")" = canary ] && ok "$1: canary unchanged" || fail "$1: canary changed"
}

run() {	# run NAME WANT-RC [env...]
	name=$1 want=$2; shift 2
	expect_rc "$want" env "$@" "$DAXBENCH" run -q --dir "$tgt" -o "$T_TMP/$name" "$T_TMP/s.json" || true
}

# ENOSPC on the 3rd re-extension: that point stops there, with the error
run enospc 0 DAXBENCH_INJECT=restore=ENOSPC@3
check "$T_TMP/enospc" '
p = pts["odirect"]
e = p["errors"][0]
assert e["errno"] == 28 and "re-allocate" in e["what"] and e["op"] == 2, e
assert p["metrics"]["op_latency"]["summary"]["n"] == 3
assert pts["io_uring"]["metrics"]["op_latency"]["summary"]["n"] == 10
assert r["complete"] is True'
expect_match 'errors, the first: .*re-allocate.*No space left' "$T_ERR" "ENOSPC reported"

# EIO from the device on every O_DIRECT read: recorded, no I/O claimed
run eio 0 DAXBENCH_INJECT=pin_io=EIO
check "$T_TMP/eio" '
p = pts["odirect"]
assert p["pinners"]["first_error"]["errno"] == 5, p["pinners"]
assert p["pinners"]["ios"] == 0 and p["pinners"]["errors"] > 0
assert "pinner_iops" in p["unmeasured"] and "pinner_iops" not in p["metrics"]'

# a pinner thread that dies after its first I/O: the other goes on
run crash 0 DAXBENCH_INJECT=pin_thread=ECANCELED@1
check "$T_TMP/crash" '
p = pts["odirect"]
assert "ended early" in p["pinners"]["first_error"]["what"], p["pinners"]
assert p["pinners"]["ios"] > 1 and len(p["stalls"]) == 0'

# io_uring cannot be set up: the method is refused with the reason
run nouring 0 DAXBENCH_INJECT=uring_setup=ENOSYS
check "$T_TMP/nouring" '
p = pts["io_uring"]
assert p["pinners"]["refused"]["errno"] == 38, p["pinners"]
assert "refused" in p["unmeasured"]["pinner_iops"]
assert pts["odirect"]["pinners"]["ios"] > 0'

# the test file cannot be created: the point fails, the run says so
run nocreate 3 DAXBENCH_INJECT=create=ENOSPC@1
expect_match 'point 1: .*create: No space left on device' "$T_ERR" "create failure named"
check "$T_TMP/nocreate" '
assert pts["odirect"]["errors"][0]["errno"] == 28
assert pts["io_uring"]["metrics"]["op_latency"]["summary"]["n"] == 10'

# two runs on the same target at once: both whole, nothing mixed up
"$DAXBENCH" run -q --dir "$tgt" -o "$T_TMP/twin1" "$T_TMP/s.json" >/dev/null 2>&1 &
p1=$!
"$DAXBENCH" run -q --dir "$tgt" -o "$T_TMP/twin2" "$T_TMP/s.json" >/dev/null 2>&1 &
p2=$!
set +e; wait $p1; r1=$?; wait $p2; r2=$?; set -e
[ "$r1" -eq 0 ] && [ "$r2" -eq 0 ] && ok "concurrent runs exit 0" || fail "concurrent runs exited $r1 and $r2"
for t in twin1 twin2; do
	check "$T_TMP/$t" '
assert r["complete"] is True and len(r["points"]) == 2
assert all(p["metrics"]["op_latency"]["summary"]["n"] == 10 for p in r["points"])'
done
# each removed its own tracing instance (other daxbench runs may be live)
for pid in $p1 $p2; do
	[ ! -e "/sys/kernel/tracing/instances/daxbench-$pid" ] && ok "tracing instance daxbench-$pid removed" ||
		fail "tracing instance daxbench-$pid left behind"
done

# without root: a valid result; tracing unavailable, said as data
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	chmod 0777 "$T_TMP" "$tgt"
	mkdir -m 0777 "$T_TMP/user"
	expect_rc 0 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$DAXBENCH" run -q --dir "$tgt" -o "$T_TMP/user" "$T_TMP/s.json"
	check "$T_TMP/user" '
u = r["capabilities"]["unavailable"]
assert "busy_scan" in u, u
for p in r["points"]:
    assert "busy_scan_calls" in p["unmeasured"], p["unmeasured"]
    assert p["metrics"]["op_latency"]["summary"]["n"] == 10'
else
	echo "not root or no setpriv: the unprivileged run is not tested here"
fi
t_done
