#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The stall paths on the host, through DAXBENCH_INJECT (an op that waits
# for its pins to go, one that waits for its mapping to go, one that
# needs a signal, one that ignores it):
# - a stall is an outcome with ended_by pin_release / unmap / signal /
#   hung and a diagnosis that follows from it, never
#   an op_latency sample, and the ops skipped after it are said; a restore
#   that stalls between ops is one too ("during": "restore");
# - a hung op does not hang daxbench: the result is written with the stall,
#   the stacks and the test file left behind, and daxbench exits 3;
# - the stall is on disk as soon as it is detected (checkpoint);
# - Ctrl-C while an op ignores signals still ends the run, in bounded time;
# - O_DIRECT pinners hold an I/O at the start of every op (pin_evidence);
# - the pinners' stop and pause handshakes, their windows held open
#   (pin_window, restore_pinwait): no hang at the end, no restore stall.
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
tgt="$T_TMP/target"
mkdir -p "$tgt"
printf 'canary\n' >"$tgt/canary"
# scenario NAME TIMEOUT [FIELDS]: O_DIRECT pinners on a scratch file, and
# FIELDS (JSON members, each followed by a comma) if given
scenario() {
	cat >"$T_TMP/$1.json" <<J
{ "schema": 1, "name": "$1",
  "target": { "require_dax": false },
  "file": { "size": "4MiB", "mapping": "pte" },
  "pinners": { "method": "odirect", "threads": 2, "io_size": "4KiB",
               "region": { "offset": 0, "length": "1MiB" } },
  "operation": { "type": "punch_hole", "offset": 0, "length": "2MiB" },
  ${3:-}"repeat": 6, "warmup": 1, "timeout": "$2" }
J
}

# run NAME INJECT WANT_RC: one run with op 4 (index 3) stalling
run() {
	scenario "$1" 1s
	set +e
	DAXBENCH_INJECT=$2 "$DAXBENCH" run -q --dir "$tgt" -o "$T_TMP/$1" \
		--progress-fd 3 "$T_TMP/$1.json" >"$T_TMP/$1.out" \
		2>"$T_TMP/$1.err" 3>"$T_TMP/$1.progress"
	rc=$?
	set -e
	[ "$rc" -eq "$3" ] && ok "$1: exits $3" || fail "$1: exit $rc, wanted $3: $(cat "$T_TMP/$1.err")"
}
# warned NAME: the point's warning went down the progress channel too,
# as the point ended, for 'daxbench vm' to say live
warned() {
	expect_match '^daxbench-progress: warn point=1/1 text=op 3 stalled and its pinners were stopped to end it' \
		"$(cat "$T_TMP/$1.progress")" "$1: the warning on the progress channel"
}

# check NAME ENDED_BY COMPLETE [ERRNO [DIAGNOSIS]]: the stall record and
# what surrounds it; ERRNO: what the stalled op failed with (empty: it
# did not); DIAGNOSIS: the verdict wanted
check() {
	python3 - "$T_TMP/$1" "$2" "$3" "${4:-}" "${5:-}" <<'P' && ok "$1: result checks" || fail "$1: result checks"
import json, sys, glob, os
files = glob.glob(os.path.join(sys.argv[1], "*.json"))
assert len(files) == 1, files
r = json.load(open(files[0]))
ended_by, complete = sys.argv[2], sys.argv[3] == "true"
assert r["complete"] is complete, r["complete"]
p = r["points"][0]
assert len(p["stalls"]) == 1, p["stalls"]
s = p["stalls"][0]
assert s["op"] == 3 and s["ended_by"] == ended_by, s
assert s["pins_released"] is True, s
if sys.argv[4]:
    assert s.get("errno") == int(sys.argv[4]), s
    assert s["strerror"] == os.strerror(int(sys.argv[4])), s
else:
    assert "errno" not in s and "strerror" not in s, s
if sys.argv[5]:
    assert s["diagnosis"] == sys.argv[5], s
    assert s["diagnosis_why"], s
# the watchdog's stages, in order, each reached only as far as it went
t = r["scenario"]["timeout"]
stages = [s["stalled_after_ns"], s["unmap_after_ns"], s["signal_after_ns"]]
reached = {"pin_release": 1, "unmap": 2, "signal": 3, "hung": 3}[ended_by]
assert all(x is not None for x in stages[:reached]), s
assert all(x is None for x in stages[reached:]), s
# the op gets a quarter second (the timeout, if shorter) once its pins
# are gone
assert stages[0] >= t and (reached < 2 or stages[1] >= stages[0] + min(t, 0.25e9)), s
assert reached < 3 or stages[2] >= stages[1], s
assert "unmap_errno" not in s, s
# the unmap stage first counts the file's pages mapped again: here no
# busy scan unmapped them, so the prefaulted file is mapped whole
if reached >= 2:
    pages = r["scenario"]["file"]["size"] // 4096
    assert s["mapped_pages_at_unmap"] == pages, (s, pages)
else:
    assert "mapped_pages_at_unmap" not in s, s
# a stall is an outcome, not also an error
assert not p["errors"], p["errors"]
# censored: 1 warmup op and ops 1, 2 are samples, the stall is not
lat = p["metrics"]["op_latency"]
assert lat["summary"]["n"] == 2, lat["summary"]
assert max(lat["samples"]) < r["scenario"]["timeout"], lat["samples"]
assert s["waited_ns"] >= r["scenario"]["timeout"], s
assert p["ops_attempted"] == 4 and p["ops_skipped"] == 3, p
assert any("remaining 3 ops were not run" in w or "hung" in w
           for w in p["warnings"]), p["warnings"]
if os.geteuid() == 0:
    assert s["stack"], s
ev = p["pin_evidence"]
assert ev["ops"] == 4 and ev["held_at_start"] == 4, ev
# and of the ops after the warm-up alone: as n counts them (3 = 2 + the stall)
assert ev["measured"]["ops"] == 3 and ev["measured"]["held_at_start"] == 3, ev
P
}

run pinwait op_pinwait=EIO@4 0
check pinwait pin_release true "" "still pinned"
# an op that only dropping the mappings ends: a mapping held the page
run mapwait op_mapwait=EIO@4 0
check mapwait unmap true "" "never idle"
warned mapwait
# one that the signal ends with success: its condition held, unwoken
run nowake op_nowake=EIO@4 0
check nowake signal true "" "wake missing"
run signal op_sleep=EINTR@4 0
check signal signal true 4 unknown
# an op that stalled and then failed keeps its errno
run failed op_sleep=EIO@4 0
check failed signal true 5 unknown

# a restore that waits with no pin in flight (7.3 xfs: xfs_wait_dax_page
# after the pinners paused) is a stall "during" the restore, watched like
# an op, never a hang of the run
run restore restore_sleep=EINTR@3 0
expect_match 'the restore after op 2 stalled' "$(cat "$T_TMP/restore.err")" "restore stall reported"
python3 - "$T_TMP/restore" <<'P' && ok "restore: result checks" || fail "restore: result checks"
import json, sys, glob, os
r = json.load(open(glob.glob(os.path.join(sys.argv[1], "*.json"))[0]))
assert r["complete"] is True, r["complete"]
p = r["points"][0]
s, = p["stalls"]
assert s["during"] == "restore" and s["op"] == 2, s
assert s["ended_by"] == "signal" and s["pins_released"] is True, s
assert s["errno"] == 4 and s["strerror"] == os.strerror(4), s
assert s["waited_ns"] >= r["scenario"]["timeout"], s
assert "busy_scan_calls" not in s, s
# op 2 itself ended and is a sample; the ops after the restore were not run
assert p["metrics"]["op_latency"]["summary"]["n"] == 2, p["metrics"]["op_latency"]
assert p["ops_attempted"] == 3 and p["ops_skipped"] == 4, p
assert any("followed by a restore that stalled" in w for w in p["warnings"]), p["warnings"]
P

# hung: the result comes back with the stall, the stacks and the file
# that had to be left behind, named on stderr too
run hung op_hang=EIO@4 3
check hung hung false
expect_match 'point 1 hung: the op did not end on SIGUSR1' "$(cat "$T_TMP/hung.err")" "hung reported"
expect_match 'left behind .*daxbench-[0-9]+-[0-9]+\.dat' "$(cat "$T_TMP/hung.err")" "left-behind file named"
python3 - "$T_TMP/hung" <<'P' && ok "hung: result fields" || fail "hung: result fields"
import json, sys, glob, os
r = json.load(open(glob.glob(os.path.join(sys.argv[1], "*.json"))[0]))
assert r["interrupted_by"] == "hung", r.get("interrupted_by")
left = r["left_behind"]
assert len(left) == 1 and os.path.exists(left[0]), left
s = r["points"][0]["stalls"][0]
assert s["why"] and isinstance(s["stacks"], list) and len(s["stacks"]) >= 2, s
assert all("tid" in t and "comm" in t for t in s["stacks"]), s["stacks"]
if os.geteuid() == 0:
    assert any("nanosleep" in (t["stack"] or "") for t in s["stacks"]), s["stacks"]
P
rm -f "$tgt"/daxbench-*

# the stall is written the moment it is detected: a checkpoint appears
# while the op still hangs (timeout 3s: fired at 3s, unmap at 6s, signal
# at 7s, hung at 10s)
scenario ckpt 3s
DAXBENCH_INJECT=op_hang=EIO@2 "$DAXBENCH" run -q --dir "$tgt" -o "$T_TMP/ckpt" \
	"$T_TMP/ckpt.json" >/dev/null 2>"$T_TMP/ckpt.err" &
pid=$!
i=0
# (setting the trace up can take 10 s under ASan: libtracefs parses
# kallsyms; the hung verdict still comes 7 s after the checkpoint)
while [ -z "$(ls "$T_TMP/ckpt" 2>/dev/null)" ] && [ $i -lt 300 ]; do
	sleep 0.1; i=$((i + 1))
done
# asked at once: python's start-up on a loaded host eats into the grace
alive=no
kill -0 "$pid" 2>/dev/null && alive=yes
python3 - "$T_TMP/ckpt" <<'P' && ok "checkpoint at the stall" || fail "checkpoint at the stall"
import json, sys, glob, os
files = glob.glob(os.path.join(sys.argv[1], "*.json"))
assert len(files) == 1, files
r = json.load(open(files[0]))
assert r["complete"] is False
s = r["points"][0]["stalls"]
assert len(s) == 1 and s[0]["op"] == 1 and s[0]["ended_by"] == "hung", s
P
[ "$alive" = yes ] && ok "checkpoint: daxbench runs on to the hung verdict" || fail "checkpoint: daxbench ended before the hung verdict"
set +e; wait "$pid"; rc=$?; set -e
[ "$rc" -eq 3 ] && ok "checkpoint run exits 3" || fail "checkpoint run: exit $rc, wanted 3"
rm -f "$tgt"/daxbench-*

# Ctrl-C while the op ignores it: hung within the watchdog's grace, not
# at the scenario's (long) timeout
scenario intr 1h
DAXBENCH_INJECT=op_hang=EIO@2 "$DAXBENCH" run -q --dir "$tgt" -o "$T_TMP/intr" \
	--progress-fd 3 "$T_TMP/intr.json" >/dev/null 2>"$T_TMP/intr.err" \
	3>"$T_TMP/intr.progress" &
pid=$!
# op 1 done (its progress line), so op 2 hangs a moment later: a fixed
# wait from the start was too short on a loaded machine
i=0
while ! grep -q ' op=1/' "$T_TMP/intr.progress" 2>/dev/null && [ $i -lt 300 ]; do
	sleep 0.1; i=$((i + 1))
done
sleep 1
start=$(date +%s)
kill -INT "$pid"
set +e; wait "$pid"; rc=$?; set -e
took=$(($(date +%s) - start))
[ "$rc" -eq 3 ] && ok "intr: exits 3" || fail "intr: exit $rc, wanted 3"
[ "$took" -le 15 ] && ok "intr: ends within 15s of SIGINT" || fail "intr: took ${took}s to end after SIGINT"
python3 - "$T_TMP/intr" <<'P' && ok "intr: result checks" || fail "intr: result checks"
import json, sys, glob, os
r = json.load(open(glob.glob(os.path.join(sys.argv[1], "*.json"))[0]))
assert r["complete"] is False and r["interrupted_by"] == "SIGINT", r
p = r["points"][0]
assert p["interrupted_by"] == "SIGINT", p
s = p["stalls"]
assert len(s) == 1 and s[0]["ended_by"] == "hung", s
assert "interrupted" in s[0]["why"], s[0]["why"]
P
rm -f "$tgt"/daxbench-*

# The pinners' handshakes with their windows held open (pin_window): a
# run must end, whole, with no stall. timeout(1) bounds it: a run that
# hangs there never ends by itself (its pinners block every signal, and
# its watchdog has stopped).
scenario window 500ms '"sweep": { "pinners.method": ["odirect", "io_uring"] },'
window() {	# window NAME INJECT
	set +e
	DAXBENCH_INJECT=$2 timeout -k 5 60 "$DAXBENCH" run -q --dir "$tgt" \
		-o "$T_TMP/$1" --set repeat=3 --set warmup=0 \
		"$T_TMP/window.json" >/dev/null 2>"$T_TMP/$1.err"
	rc=$?
	set -e
	[ "$rc" -eq 0 ] && ok "$1: exits 0" || fail "$1: exit $rc, wanted 0: $(cat "$T_TMP/$1.err")"
	python3 - "$T_TMP/$1" "$2" <<'P' && ok "$1: result checks" || fail "$1: result checks"
import json, sys, glob, os
files = glob.glob(os.path.join(sys.argv[1], "*.json"))
assert len(files) == 1, files
r = json.load(open(files[0]))
assert r["complete"] is True and len(r["points"]) == 2, r["complete"]
for p in r["points"]:
    assert not p["stalls"] and not p["errors"], (p["stalls"], p["errors"])
    assert p["ops_attempted"] == 3, p["ops_attempted"]
    # restores of 100 ms or more (restore_pinwait): the pinners' time,
    # and so pinner_iops, leaves them out
    if "restore_pinwait" in sys.argv[2] and p["pinners"]["ios"]:
        pn, m = p["pinners"], p["metrics"]["pinner_iops"]["value"]
        assert pn["paused_ns"] >= 3 * 100e6, pn
        assert pn["elapsed_ns"] <= p["measure_ns"] - pn["paused_ns"] + 200e6, (pn, p["measure_ns"])
        assert abs(m - pn["ios"] * 1e9 / pn["elapsed_ns"]) < 1e-6 * m, (m, pn)
P
}
# stop, after the last op, while an io_uring pinner with none in flight
# is between its look at stop and its fill: no completion will come
window stopwin pin_window=1
# pause while a pinner is between its look at paused and its I/O: an I/O
# started once pin_pause() found it idle would pin a page during the
# restore, which waits for it as on DAX (restore_pinwait) and stalls
window pausewin pin_window=1,restore_pinwait=1
left=$(find "$tgt" -name 'daxbench-*' | wc -l)
[ "$left" -eq 0 ] && ok "windows: no test files left" || fail "windows: $left test files left"
[ "$(cat "$tgt/canary")" = canary ] && ok "windows: canary unchanged" || fail "canary changed"
t_done
