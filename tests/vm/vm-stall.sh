#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Why each stall waited, on real kernels in guests (issue 24). O_DIRECT
# and io_uring pinners stall a PMD punch_hole on 6.1 and on 7.x, for
# different reasons, and each stall must say which, from its own
# evidence:
# - 6.1: the bio's pages go back without the devmap hook, so nobody
#   wakes the waiter: the op waits past the pins' release and the unmap,
#   and ends on the signal with success ("wake missing"); the scan after
#   the signal finds the page idle; bios were released, and no wake and
#   no devmap put ever touched the busy page;
# - 7.x: a mapping's reference keeps the page busy after the pins are
#   gone: dropping the mappings ends the op ("never idle"), and the free
#   and the wake then land on the busy page.
# In each guest an injected stall (op_mapwait) ends on the unmap too,
# whatever the kernel. A point without pinners between the pinned ones
# has the release probes disarmed, and they fire nothing in its ops.
# The busy scan's time is split into the unmap and the walk, which add
# up to it.
. "${top_srcdir}/tests/lib.sh"

need_guest
g="$top_srcdir/tests/vm/guest"

# boot KERNEL: the guest script on that kernel's line
boot() {
	guest_exec "$T_TMP/$1" "$T_TMP/$1" "$1: the guest exits 0" \
		--timeout 10m --debian-kernel "$1" -q \
		-- exec sh "$g/stall-diag.sh" "$g/stall-diag.json" \
		"$g/stall-inject.json"
	expect_match '^real 0$' "$(cat "$T_TMP/$1/rc.txt")" "$1: real stalls: run exit 0"
	expect_match '^inject 0$' "$(cat "$T_TMP/$1/rc.txt")" "$1: injected: run exit 0"
}

# check KERNEL VERDICT: every op stall of the real run, and the injected one
check() {
	python3 - "$T_TMP/$1" "$2" <<'P' && ok "$1: stall evidence" || fail "$1: stall evidence"
import json, sys, glob, os
out, want = sys.argv[1], sys.argv[2]
def load(d):
    f, = glob.glob(os.path.join(out, d, "*.json"))
    return json.load(open(f))
r = load("real")
caps = r["capabilities"]
bf = caps["busy_page_fields"]
assert bf and bf["refcount_offset"] >= 0 and bf["mapcount_offset"] >= 0, bf
rp = caps["release_probes"]
assert rp["__bio_release_pages"] is True and rp["wake_up_var"] is True, rp
# each kernel has its own release path: the absent half is said, not 0
if want == "wake missing":
    assert rp["__put_devmap_managed_page_refs"] is True, rp
    assert "not in this kernel" in rp["free_zone_device_folio"], rp
else:
    assert rp["free_zone_device_folio"] is True, rp
    assert "not in this kernel" in rp["__put_devmap_managed_page_refs"], rp
stalls = [s for p in r["points"] for s in p["stalls"] if s["during"] == "op"]
assert stalls, "no op stalled: %s" % [len(p["stalls"]) for p in r["points"]]
t = r["scenario"]["timeout"]
for s in stalls:
    s.pop("stack", None)
    assert s["diagnosis"] == want and s["diagnosis_why"], s
    assert s["pins_released"] is True and s["stalled_after_ns"] >= t, s
    # a quarter second for the wake once the pins are gone, not a timeout
    assert s["stalled_after_ns"] + min(t, 0.25e9) <= s["unmap_after_ns"] < s["stalled_after_ns"] + t, s
    assert s["busy_scans_found"] >= 1, s
    bp = s["busy_page"]
    ev = s["release_events"]
    if want == "wake missing":
        assert s["ended_by"] == "signal" and "errno" not in s, s
        assert s["signal_after_ns"] > s["unmap_after_ns"], s
        # pinned at the scan (idle is 1 on 6.1), idle after the signal
        assert bp["_refcount"] >= 1, bp
        # and idle already at the unmap stage, the pins a moment gone
        assert s["busy_page_at_unmap"]["_refcount"] == 1, s
        assert s["scans_after_signal"]["calls"] >= 1, s
        assert s["scans_after_signal"]["found"] == 0, s
        assert ev["__bio_release_pages"]["calls"] > 0, ev
        assert ev["__put_devmap_managed_page_refs"]["on_busy_page"] == 0, ev
        assert ev["wake_up_var"]["on_busy_page"] == 0, ev
    else:
        assert s["ended_by"] == "unmap" and s["signal_after_ns"] is None, s
        assert bp["_refcount"] >= 1, bp
        # idle is 0 on 7.x: at the unmap stage a reference was still held
        assert s["busy_page_at_unmap"]["_refcount"] >= 1, s
        assert ev["free_zone_device_folio"]["on_busy_page"] >= 1, ev
        assert ev["wake_up_var"]["on_busy_page"] >= 1, ev
        assert "not measured" in ev["__put_devmap_managed_page_refs"], ev
# the release probes where pins are: disarmed for the point between,
# where 7.x's unmap would fire them on every page it frees, and armed
# again after it
by = {p["params"]["pinners.method"]: p for p in r["points"]}
assert by["none"]["release_probes"] == {"armed": False, "calls": 0}, by["none"]
assert not by["none"]["stalls"], by["none"]["stalls"]
for m in ("odirect", "io_uring"):
    rel = by[m]["release_probes"]
    assert rel["armed"] is True and rel["calls"] > 0, (m, rel)
# the scan split: unmap + walk = the scan's time, op by op
split = 0
for p in r["points"]:
    m = p["metrics"]
    if "busy_scan_time" not in m or not m["busy_scan_time"].get("samples"):
        continue
    sc, um, wk = (m[k]["samples"] for k in ("busy_scan_time",
                  "busy_scan_unmap_time", "busy_scan_walk_time"))
    assert len(sc) == len(um) == len(wk), (sc, um, wk)
    assert all(a == b + c for a, b, c in zip(sc, um, wk)), (sc, um, wk)
    assert any(u > 0 for u in um), um
    split += 1
assert all(p.get("busy_scan_lost_returns") == 0 for p in r["points"])
assert all(p.get("busy_scan_probe_missed") == 0 for p in r["points"]), \
    [(p.get("busy_scan_probe_missed"), p.get("busy_scan_probe_missed_unread"))
     for p in r["points"]]
i = load("inject")
# no pinners: no release probes, whose every firing on 7.x's unmap
# would be timed as scan cost
rp = i["capabilities"]["release_probes"]
assert all(isinstance(v, str) and "no pinners" in v for v in rp.values()), rp
s, = i["points"][0]["stalls"]
assert s["op"] == 1 and s["ended_by"] == "unmap", s
assert s["diagnosis"] == "never idle" and s["signal_after_ns"] is None, s
assert "busy_page_at_unmap" in s or "busy_page_at_unmap_unread" in s, s
print("%s: %d op stalls, all %s; _refcount at the scan %s, at the unmap "
      "%s; %d points split the scan"
      % (r["host"]["kernel"]["release"], len(stalls), want,
         sorted({s["busy_page"]["_refcount"] for s in stalls}),
         sorted({s["busy_page_at_unmap"]["_refcount"] for s in stalls}),
         split))
P
}

boot 6.1
check 6.1 "wake missing"
boot 7
check 7 "never idle"
if grep -qE 'BUG:|Oops' "$T_TMP"/6.1/console.log "$T_TMP"/7/console.log; then
	fail "kernel log: $(grep -hE 'BUG:|Oops' "$T_TMP"/*/console.log | head -n 3)"
else
	ok "kernel log: no BUG or Oops"
fi
t_done
