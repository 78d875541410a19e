#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGALRM ('daxbench vm's deadline)
# in the middle of a sweep: the finished points and the finished ops of
# the point in flight are written as a valid result marked incomplete,
# with what interrupted it; the test files are removed, the canary is
# untouched, and daxbench exits 3.
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
tgt="$T_TMP/target"
mkdir -p "$tgt"
printf 'canary\n' >"$tgt/canary"
cat >"$T_TMP/long.json" <<'J'
{ "schema": 1, "name": "host-interrupt",
  "target": { "require_dax": false },
  "file": { "size": "2MiB", "mapping": "pte", "prefault": false },
  "pinners": { "method": "vmsplice", "threads": 1, "hold": "5ms",
               "region": { "offset": 0, "length": "64KiB" } },
  "operation": { "type": "punch_hole", "offset": 0, "length": "1MiB" },
  "sweep": { "file.size": ["2MiB", "4MiB", "6MiB", "8MiB"],
             "pinners.hold": ["1ms", "2ms", "3ms", "4ms", "5ms", "6ms",
                           "7ms", "8ms", "9ms", "10ms", "11ms", "12ms"] },
  "repeat": 300, "warmup": 0, "timeout": "5s" }
J

for sig in INT TERM HUP QUIT ALRM; do
	out="$T_TMP/out-$sig"
	"$DAXBENCH" run -q --dir "$tgt" -o "$out" "$T_TMP/long.json" \
		>"$T_TMP/stdout" 2>"$T_TMP/stderr" &
	pid=$!
	# wait until at least one point is on disk (checkpoints), then stop it
	i=0
	while [ -z "$(ls "$out" 2>/dev/null)" ] && [ $i -lt 300 ]; do
		sleep 0.1; i=$((i + 1))
	done
	kill -s "$sig" "$pid"
	set +e; wait "$pid"; rc=$?; set -e
	[ "$rc" -eq 3 ] && ok "SIG$sig: exits 3" || fail "SIG$sig: exit $rc, wanted 3: $(cat "$T_TMP/stderr")"
	python3 - "$out" "$sig" <<'P' && ok "SIG$sig: result checks" || fail "SIG$sig: result checks"
import json, sys, glob, os
files = glob.glob(os.path.join(sys.argv[1], "*.json"))
assert len(files) == 1, files
r = json.load(open(files[0]))
why = "timeout" if sys.argv[2] == "ALRM" else "SIG" + sys.argv[2]
assert r["complete"] is False, "marked complete"
assert r["interrupted_by"] == why, r.get("interrupted_by")
n = len(r["points"])
assert 2 <= n < 48, n
for p in r["points"][:-1]:
    assert p["metrics"]["op_latency"]["summary"]["n"] == 300
    assert p["ops_attempted"] == 300 and p["ops_skipped"] == 0
    assert "interrupted_by" not in p
# the point in flight keeps its finished ops, and says what cut it short
last = r["points"][-1]
assert last["interrupted_by"] == why, last
done = last["ops_attempted"]
assert 0 <= done < 300 and last["ops_skipped"] == 300 - done, last
assert last["metrics"]["op_latency"]["summary"]["n"] <= done, last
assert last["pin_evidence"]["ops"] == done, last["pin_evidence"]
P
	left=$(find "$tgt" -name 'daxbench-*' | wc -l)
	[ "$left" -eq 0 ] && ok "SIG$sig: no test files left" || fail "SIG$sig: $left test files left"
	[ "$(cat "$tgt/canary")" = canary ] && ok "SIG$sig: canary unchanged" || fail "canary changed"
	ls "$out"/.*.tmp* >/dev/null 2>&1 && fail "temporary result left" || ok "SIG$sig: no temporary result left"
done
t_done
