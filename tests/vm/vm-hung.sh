#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A guest run that does not end, in TCG guests. A stall is the finding
# daxbench exists for, so what a hung guest leaves must come back:
# - with --scenario-timeout, the same for one scenario of several in a
#   guest, from the scenario's start;
# - numa.json, then forever.json (a vmsplice pin held 1h) under a host
#   --timeout of 60s: the guest ends the run itself at its deadline (40s),
#   before the host would kill it, with the HUNG marker, the kernel stacks
#   of daxbench's threads and the sysrq-w dump in console.log, exit 3 and
#   one line saying so; numa's result comes back complete, placed on node 1;
# - a process that cannot be reaped (it exited while a thread sleeps in D
#   on a frozen filesystem: what daxbench leaves when its watchdog exits
#   with a thread stuck in the kernel) is caught at once, not at the
#   deadline, and the result it wrote with a
#   stall that ended_by "hung" comes back with interrupted_by "timeout" and
#   a line naming the op, the point and the function it waits in;
# - daxbench's half: forever's result comes back incomplete,
#   interrupted_by "timeout", with its point; and an op made to hang by
#   fault injection leaves the ops before it and a stall ended_by "hung"
#   with the stacks of every thread.
. "${top_srcdir}/tests/lib.sh"

# the DAXBENCH_INJECT spec that makes the third op hang, ignoring signals
HANG_INJECT=op_hang=EINTR@3

need_guest
out=${top_builddir:-.}/vm-hung-out
rm -rf "$out"
g="$top_srcdir/tests/vm/guest"

# vm NAME TIMEOUT ARGS...: daxbench vm into $out/NAME; $rc, $took, $err
vm() {
	name=$1 tmo=$2
	shift 2
	start=$(date +%s)
	set +e
	# shellcheck disable=SC2086
	$DAXBENCH vm --cache "$cache" --accel tcg --timeout "$tmo" $kpkg \
		-o "$out/$name" "$@" >"$T_TMP/$name.out" 2>"$T_TMP/$name.err"
	rc=$?
	set -e
	took=$(($(date +%s) - start))
	err=$(cat "$T_TMP/$name.err")
	skip_without_kernel "$rc" "$T_TMP/$name.err"
	echo "$name: exit $rc after ${took}s"
	[ "$rc" -eq 3 ] && ok "$name: exits 3" || fail "$name: exit $rc, wanted 3: $err"
	if printf '%s\n' "$err" | grep -q 'killed after --timeout'; then
		fail "$name: the host's --timeout ended the guest: $err"
	else
		ok "$name: the guest's deadline, not the host's --timeout"
	fi
}

# --- the guest's deadline -------------------------------------------------
# 120s: the deadline falls at 100s of uptime, where the forever point's
# op waits even with daxbench under ASan in TCG beside another guest
# test (at 40s it was still setting the point up there, and at 70s too
# with make -j2: the dump showed no op to point at)
vm partial 120s --numa 2 -- run -q "$g/numa.json" "$g/forever.json"
[ "$took" -lt 120 ] && ok "partial: under 120s" || fail "partial: took ${took}s, not under 120s"
con=$out/partial/console.log
expect_match '^daxbench vm: guest: daxbench (hung|did not end)' "$err" \
	"partial: one line says the run did not end"
expect_match "stacks in .*partial/console\\.log" "$err" "partial: points at the stacks"
expect_match '^DAXBENCH-VM: HUNG deadline: ' "$(cat "$con")" "partial: HUNG marker"
expect_match '^DAXBENCH-VM: EXIT 3' "$(cat "$con")" "partial: EXIT 3 marker"
sed -n '/DAXBENCH-VM: DUMP BEGIN/,/DAXBENCH-VM: DUMP END/p' "$con" >"$T_TMP/dump"
# the op thread waits for the pin in the layout break, and says so
expect_match '^daxbench-vm: task [0-9]+ \(daxbench\) state S' "$(cat "$T_TMP/dump")" \
	"partial: each thread's tid, comm and state"
expect_match 'ext4_break_layouts\+' "$(cat "$T_TMP/dump")" "partial: the op's kernel stack"
expect_match 'sysrq: Show Blocked State' "$(cat "$T_TMP/dump")" "partial: sysrq-w dump"
expect_match 'ext4_break_layouts' "$(cat "$out/partial/guest-hung.txt" 2>&1)" \
	"partial: guest-hung.txt came back"
python3 - "$out/partial" <<'P' && ok "partial: result checks" || fail "partial: result checks"
import json, sys, glob, os
out = sys.argv[1]
res = {}
for f in glob.glob(os.path.join(out, "*.json")):
    r = json.load(open(f))
    res[r["scenario"]["name"]] = r
assert "guest-numa" in res, sorted(res)
r = res["guest-numa"]
assert r["complete"] is True and r["host"]["numa_nodes"] == 2, r["host"]
assert r["host"]["vm"]["hung"].startswith("deadline: "), r["host"]["vm"]
p = r["points"][0]
assert p["numa"] == {"nodes": 2, "cpunodebind": 1, "membind": 1}, p.get("numa")
assert not p["errors"] and p["pinners"]["ios"] == 3, (p["errors"], p["pinners"])
# daxbench's own answer to SIGALRM: the run in flight, incomplete
f = res.get("guest-forever")
assert f, "guest-forever: no result came back after SIGALRM"
assert f["complete"] is False and f["interrupted_by"] == "timeout", \
    (f["complete"], f.get("interrupted_by"))
p, = f["points"]  # the point in flight is kept, its op cut short
assert p["interrupted_by"] == "timeout" and p["ops_attempted"] == 1, p
assert f["host"]["vm"]["console"].endswith("console.log"), f["host"]["vm"]
P

# --- a scenario's own deadline ---------------------------------------------
# One guest runs the scenarios in turn (vm --scenario-timeout 60s): the
# forever scenario is ended 40s after it started, long before the guest's
# 10m, and the scenario after it does not run (compare-kernels gives it a
# fresh guest: vm-in-turn.sh).
vm inturn 10m --scenario-timeout 60s -- run -q "$g/mapping.json" \
	"$g/forever.json" "$g/hold.json"
# (the guest's own deadline is 10m: 300s tells them apart on a slow host)
[ "$took" -lt 300 ] && ok "inturn: ended by the scenario's deadline" || fail "inturn: took ${took}s"
expect_match '^DAXBENCH-VM: HUNG deadline: scenario 2 of the run still running [0-9]+s after it started \(host --scenario-timeout 60s\)' \
	"$(cat "$out/inturn/console.log")" "inturn: HUNG names the scenario"
python3 - "$out/inturn" <<'P' && ok "inturn: result checks" || fail "inturn: result checks"
import json, sys, glob, os
res = {}
for f in glob.glob(os.path.join(sys.argv[1], "*.json")):
    r = json.load(open(f))
    res[r["scenario"]["name"]] = r
assert sorted(res) == ["guest-forever", "guest-mapping"], sorted(res)
assert res["guest-mapping"]["complete"] is True
f = res["guest-forever"]
assert f["complete"] is False and f["interrupted_by"] == "timeout", f.get("interrupted_by")
assert f["host"]["vm"]["hung"].startswith("deadline: scenario 2 "), f["host"]["vm"]
P

# --- a process that cannot be reaped --------------------------------------
# the deadline is 4m30s away: only the zombie check can end it this soon
vm zombie 5m --ship "${top_builddir:-.}/tests/vm/guest/zombie" -- \
	exec sh "$g/hung-result.sh" "$g/hung-result.json"
[ "$took" -lt 150 ] && ok "zombie: caught long before the deadline" || fail "zombie: took ${took}s: not caught at once"
expect_match '^daxbench vm: guest: daxbench hung in op 3 of point 1/1 \(ext4_break_layouts\); the incomplete result came back with its stall; stacks in .*zombie/console\.log$' \
	"$err" "zombie: the one line"
expect_match '^DAXBENCH-VM: HUNG unreapable' "$(cat "$out/zombie/console.log")" \
	"zombie: HUNG marker"
expect_match '^daxbench-vm: task [0-9]+ \(zombie\) state D' \
	"$(cat "$out/zombie/guest-hung.txt" 2>&1)" "zombie: the stuck thread's state"
expect_match 'percpu_rwsem_wait' "$(cat "$out/zombie/guest-hung.txt" 2>&1)" \
	"zombie: the stuck thread's stack"
expect_match 'task:zombie +state:D' "$(cat "$out/zombie/console.log")" \
	"zombie: sysrq-w on the console"
python3 - "$out/zombie" <<'P' && ok "zombie: result checks" || fail "zombie: result checks"
import json, sys, glob, os
files = glob.glob(os.path.join(sys.argv[1], "*.json"))
assert len(files) == 1, files
r = json.load(open(files[0]))
assert r["complete"] is False and r["interrupted_by"] == "timeout", r.get("interrupted_by")
vm = r["host"]["vm"]
assert vm["hung"].startswith("unreapable"), vm
assert vm["console"].endswith("zombie/console.log"), vm
assert vm["kernel_log_warnings"] == [], "the dump is no kernel warning"
assert r["points"][0]["stalls"][0]["ended_by"] == "hung"
P

# --- an op that ignores signals (the engine's half) -----------------------
DAXBENCH_INJECT=$HANG_INJECT vm hangop 2m -- run -q "$g/hang-op.json"
expect_match '^daxbench vm: guest: daxbench hung in op [0-9]+ of point 1/1 ' \
	"$err" "hangop: the one line"
python3 - "$out/hangop" <<'P' && ok "hangop: result checks" || fail "hangop: result checks"
import json, sys, glob, os
files = glob.glob(os.path.join(sys.argv[1], "*.json"))
assert len(files) == 1, files
r = json.load(open(files[0]))
assert r["complete"] is False and r.get("interrupted_by"), r.get("interrupted_by")
p = r["points"][0]
done = p["metrics"]["op_latency"]["samples"]
hung = [s for s in p["stalls"] if s.get("ended_by") == "hung"]
assert len(done) >= 2, ("the ops before the hang are kept", done)
assert len(hung) == 1 and hung[0]["op"] == len(done), (hung, len(done))
assert hung[0].get("stacks"), "stacks of every thread"
P
t_done
