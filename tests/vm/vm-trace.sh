#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# tracefs is left exactly as daxbench found it, in a real guest where the
# busy-page kprobes do get created: the global tracer, event list,
# function filters, pid filters, kprobe and dynamic events, clock and
# tracing_on are compared before and after a normal run and a run
# interrupted (SIGINT) while its op is blocked on a pin; the interrupted
# run exits 3 with an incomplete result that keeps the point in flight,
# and no test file is left. The instance and kprobe a killed run left
# behind (planted before the normal run) are removed, and said so. No
# comm is recorded (that patches the scheduler's tracepoints). Events
# a buffer too small drops are counted per point, never dropped unsaid.
. "${top_srcdir}/tests/lib.sh"

need_guest
out="$T_TMP/vmout"
g="$top_srcdir/tests/vm/guest"

# shellcheck disable=SC2086
guest_exec "$out" "$T_TMP/guest" "guest script exits 0" --timeout 5m $kpkg \
	-- exec sh "$g/trace-state.sh" "$g/hold.json" "$g/forever.json" \
	"$g/mapping.json"
expect_match '^normal 0$' "$(cat "$out/rc.txt")" "normal run"
expect_match '^intr 3$' "$(cat "$out/rc.txt")" "interrupted run exits 3"
expect_match '^tiny 0$' "$(cat "$out/rc.txt")" "run with a tiny trace buffer"
# the runs did change tracefs while they ran ...
expect_match '^p:daxbench_[0-9]+/busy_' "$(cat "$out/during.txt")" "kprobes made during the run"
expect_match '^daxbench-[0-9]+$' "$(cat "$out/during.txt")" "instance made during the run"
# ... and left it as it was. buffer_size_kb loses only the kernel's
# "(expanded: N)" note: the top buffer is allocated lazily the first time
# any event is enabled anywhere and never shrinks back; its size stays.
strip() { sed 's/ (expanded: [0-9]*)$//' "$1"; }
if [ "$(strip "$out/before.txt")" = "$(strip "$out/after.txt")" ]; then ok "tracefs unchanged"; else
	fail "tracefs changed: $(diff "$out/before.txt" "$out/after.txt" | head -n 10)"
fi
# the snapshot really read the files (a broken one would compare equal)
for f in current_tracer set_ftrace_filter set_event_pid kprobe_events instances; do
	grep -q "^== $f\$" "$out/before.txt" && ok "snapshot has $f" || fail "snapshot lacks $f"
done
expect_match '^nop$' "$(cat "$out/before.txt")" "current_tracer read"
expect_match '^1$' "$(cat "$out/before.txt")" "record-cmd read (on, the default)"
# the runs' instances never recorded comms (record-cmd off for them):
# enabling that patches __schedule() under the other vCPUs' feet
if grep -q daxbench "$out/cmdlines.txt"; then
	fail "comms were recorded: $(head -n 3 "$out/cmdlines.txt")"
else ok "no comms recorded"; fi
expect_match 'removed instance daxbench-999999, left by a killed run' \
	"$(cat "$out/normal.err")" "stale instance removed"
expect_match 'removed instance daxbench-999999-peek, left by a killed run' \
	"$(cat "$out/normal.err")" "stale peek instance removed"
expect_match 'removed kprobe daxbench_999999/busy_page' \
	"$(cat "$out/normal.err")" "stale kprobe removed"
left=$(grep -c daxbench "$out/left.txt" || true)
[ "$left" -eq 0 ] && ok "no test files left on the DAX target" || fail "$left test files left on the DAX target"
python3 - "$out" <<'P' && ok "results" || fail "results"
import json, sys, glob, os
out = sys.argv[1]
n = json.load(open(glob.glob(os.path.join(out, "normal", "*.json"))[0]))
i = json.load(open(glob.glob(os.path.join(out, "intr", "*.json"))[0]))
assert n["complete"] is True and len(n["points"]) == 2
assert i["complete"] is False and i["interrupted_by"] == "SIGINT", i
# the point in flight is kept: its op was cut short, not a sample
p, = i["points"]
assert p["interrupted_by"] == "SIGINT" and p["ops_attempted"] == 1, p
assert p["metrics"]["op_latency"]["summary"]["n"] == 0 and not p["stalls"], p
t = json.load(open(glob.glob(os.path.join(out, "tiny", "*.json"))[0]))
pte = [p for p in t["points"] if p["params"]["file.mapping"] == "pte"][0]
# 2048 PTE faults' events into a page per CPU: most are lost, and said
assert pte["faults"]["lost_events"] > 0, pte["faults"]
assert pte["trace_lost_events"] >= pte["faults"]["lost_events"], pte
assert any("lost" in w for w in pte["warnings"]), pte.get("warnings")
assert pte["faults"]["pte"] + pte["faults"]["lost_events"] >= 2048, pte["faults"]
# the normal run lost nothing
for p in n["points"]:
    assert p["trace_lost_events"] == 0, p
P
t_done
