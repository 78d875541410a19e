#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Where a result came from: tool.git is what git describe says of the
# source (when it is a git checkout), invocation.argv is the command
# line as given, scenario_file holds the path, sha256sum's digest and
# the --set overrides; compare shows the digests and notes that they
# differ, and prints nothing of the kind for results without them. A
# kernel built by 'daxbench vm --kernel-source' is named by its build.
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
command -v sha256sum >/dev/null || skip "sha256sum not installed"
tgt="$T_TMP/target"
mkdir -p "$tgt"
cat >"$T_TMP/a.json" <<'J'
{ "schema": 1, "name": "prov",
  "target": { "require_dax": false },
  "file": { "size": "4MiB", "mapping": "pte" },
  "pinners": { "method": "none", "threads": 0 },
  "operation": { "type": "punch_hole", "offset": 0, "length": "2MiB" },
  "repeat": 5, "warmup": 1, "timeout": "5s" }
J
# the same experiment, another file: only the digest tells them apart
sed 's/"repeat": 5/"repeat":  5/' "$T_TMP/a.json" >"$T_TMP/b.json"

git=
if [ -e "$top_srcdir/.git" ] && command -v git >/dev/null; then
	git=$(git -C "$top_srcdir" describe --always --dirty 2>/dev/null) || git=
fi
expect_rc 0 "$DAXBENCH" --version
if [ -n "$git" ]; then
	expect_match "^daxbench [^ ]* \\(git $git\\)\$" "$T_OUT" "--version names the revision"
fi

cd "$T_TMP"
expect_rc 0 "$DAXBENCH" run -q --dir "$tgt" -o out-a --set warmup=2 a.json --set repeat=6
expect_rc 0 "$DAXBENCH" run -q --dir "$tgt" -o out-b b.json
sha_a=$(sha256sum a.json | cut -d' ' -f1)
sha_b=$(sha256sum b.json | cut -d' ' -f1)

python3 - "$DAXBENCH" "$T_TMP" "$sha_a" "$git" <<'P' && ok "provenance fields" || fail "provenance fields"
import json, glob, sys
prog, tmp, sha, git = sys.argv[1:]
r = json.load(open(glob.glob("out-a/*.json")[0]))
if git:
    assert r["tool"]["git"] == git, (r["tool"], git)
else:
    assert "git" in r["tool"], r["tool"]
inv = r["invocation"]
assert inv["argv"] == [prog, "run", "-q", "--dir", tmp + "/target", "-o",
                       "out-a", "--set", "warmup=2", "a.json", "--set",
                       "repeat=6"], inv["argv"]
assert inv["cwd"] == tmp, inv["cwd"]
sf = r["scenario_file"]
assert sf == {"path": "a.json", "sha256": sha,
              "sets": ["warmup=2", "repeat=6"]}, sf
P

a=$(ls out-a/*.json)
b=$(ls out-b/*.json)
# 0 or 1: five samples a side may well look like a change
set +e
"$DAXBENCH" compare "$a" "$b" >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
set -e
T_OUT=$(cat "$T_TMP/out")
[ "$rc" -le 1 ] && ok "compare exits 0 or 1" || fail "compare exited $rc: $(cat "$T_TMP/err")"
expect_match "^base: $a \\(.*scenario sha256 $(echo "$sha_a" | cut -c1-12)\\)\$" "$T_OUT" "base digest in the header"
expect_match "^new:  $b \\(.*scenario sha256 $(echo "$sha_b" | cut -c1-12)\\)\$" "$T_OUT" "new digest in the header"
expect_match "^NOTE: base and new ran different scenario files" "$T_OUT" "different files noted"
if [ -n "$git" ]; then
	expect_match "^base: .* \\(git $git, " "$T_OUT" "git revision in the header"
fi

# a kernel built by 'vm --kernel-source': what it was built of, per side
python3 - "$a" "$b" kb-a.json kb-b.json <<'P' && ok "making built-kernel results" || fail "making built-kernel results"
import json, sys
for src, dst, patches in ((sys.argv[1], sys.argv[3], []),
                          (sys.argv[2], sys.argv[4],
                           [{"file": "/x/fix-wake.patch", "sha256": "ab" * 32}])):
    r = json.load(open(src))
    r["host"]["vm"] = {"accel": "tcg", "kernel": "linux-source-6.1 6.1.192-3",
        "kernel_build": {"key": "0123456789abcdef",
            "source": {"kind": "debian", "package": "linux-source-6.1",
                       "version": "6.1.192-3", "deb_sha256": "cd" * 32},
            "patches": patches, "compiler": "gcc (Debian 12.2.0-14) 12.2.0",
            "config": {"config_sha256": "ef" * 32}}}
    json.dump(r, open(dst, "w"))
P
set +e
"$DAXBENCH" compare kb-a.json kb-b.json >"$T_TMP/out" 2>"$T_TMP/err"
"$DAXBENCH" compare --format json kb-a.json kb-b.json >"$T_TMP/kb.json" 2>>"$T_TMP/err"
set -e
T_OUT=$(cat "$T_TMP/out")
expect_match "^      kernel build: build 0123456789abcdef of linux-source-6.1 6.1.192-3; no patch; config sha256" \
	"$T_OUT" "compare: the base's kernel build"
expect_match "^      kernel build: build 0123456789abcdef of linux-source-6.1 6.1.192-3; fix-wake.patch sha256" \
	"$T_OUT" "compare: the new side's patch by its digest"
python3 - "$T_TMP/kb.json" <<'P' && ok "compare JSON: provenance.*[].kernel_build" || fail "compare JSON: runs[].kernel_build: $(head -c 300 "$T_TMP/kb.json")"
import json, sys
j = json.load(open(sys.argv[1]))
s = j["scenarios"][0]
assert s["provenance"]["base"][0]["kernel_build"]["patches"] == [], s["provenance"]
assert s["provenance"]["new"][0]["kernel_build"]["patches"][0]["sha256"] == "ab" * 32
P

# a result from before provenance: nothing of it in the header
python3 - "$a" old.json <<'P' && ok "making an old result" || fail "making an old result"
import json, sys
r = json.load(open(sys.argv[1]))
del r["tool"]["git"], r["invocation"], r["scenario_file"]
json.dump(r, open(sys.argv[2], "w"))
P
expect_rc 0 "$DAXBENCH" compare old.json old.json
expect_match "^base: old.json\$" "$T_OUT" "old result: plain header"
if printf '%s\n' "$T_OUT" | grep -q 'sha256\|NOTE'; then
	fail "old result: provenance printed: $T_OUT"
else ok "old result: no provenance printed"; fi

# op_timing: a result from before it, whose op_latency was timed on
# traced ops, against one timed on ops with the probes disarmed
python3 - "$a" tr.json il.json <<'P' && ok "making op_timing results" || fail "making op_timing results"
import copy, json, sys
r = json.load(open(sys.argv[1]))
old = copy.deepcopy(r)
for p in old["points"]:
    del p["op_timing"]
    p["metrics"]["busy_scan_time"] = p["metrics"]["op_latency"]
json.dump(old, open(sys.argv[2], "w"))
for p in r["points"]:
    assert p["op_timing"] == "untraced", p["op_timing"]  # no kprobes here
    p["op_timing"] = "interleaved"
json.dump(r, open(sys.argv[3], "w"))
P
set +e
"$DAXBENCH" compare tr.json il.json >"$T_TMP/out" 2>"$T_TMP/err"
set -e
T_OUT=$(cat "$T_TMP/out")
expect_match "^NOTE: base and new timed op_latency differently \\(op_timing; traced ops carry the probes' cost\\)\$" \
	"$T_OUT" "different op timing noted"
expect_match "^      \\(base: traced; new: interleaved\\)\$" "$T_OUT" \
	"each side's op timing, an old result's derived"

# release probes in points without pinners: a result older than
# points[].release_probes, of a run that made them, kept them armed in
# every point; one that says so had them disarmed; a pinned point is
# meant to have them
python3 - "$a" rel-old.json rel-new.json rel-pin.json <<'P' && ok "making release-probe results" || fail "making release-probe results"
import copy, json, sys
r = json.load(open(sys.argv[1]))
r.setdefault("capabilities", {})["release_probes"] = {
    "__bio_release_pages": True, "free_zone_device_folio": "not in this kernel"}
r["scenario"]["pinners"].update(method="none", threads=2)
for p in r["points"]:
    p["params"].pop("pinners.method", None)
    p["params"].pop("pinners.threads", None)
    p["metrics"]["busy_scan_time"] = p["metrics"]["op_latency"]
    p["op_timing"] = "traced"
pin = copy.deepcopy(r)
json.dump(r, open(sys.argv[2], "w"))
for p in r["points"]:
    p["release_probes"] = {"armed": False, "calls": 0}
json.dump(r, open(sys.argv[3], "w"))
pin["scenario"]["pinners"]["method"] = "odirect"
for p in pin["points"]:  # what the engine writes for a point that pins
    n = p["ops_attempted"]
    p["pin_evidence"] = {"ops": n, "held_at_start": n, "busy_seen": n}
json.dump(pin, open(sys.argv[4], "w"))
P
set +e
"$DAXBENCH" compare rel-old.json rel-new.json >"$T_TMP/out" 2>"$T_TMP/err"
set -e
expect_match "^NOTE: base traced the busy scans of points without pinners with the release-path probes" \
	"$(cat "$T_TMP/out")" "an old unpinned point's release probes noted, on its side"
set +e
"$DAXBENCH" compare --summary rel-old.json rel-new.json >"$T_TMP/out" 2>"$T_TMP/err"
set -e
name=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["scenario"]["name"])' rel-old.json)
expect_match "^  caveats \\(NOTE in the full report\\): $name\$" "$(cat "$T_TMP/out")" \
	"--summary names the scenario with the caveat"
set +e
"$DAXBENCH" compare --summary rel-new.json rel-new.json >"$T_TMP/out" 2>"$T_TMP/err"
set -e
if grep -q caveats "$T_TMP/out"; then fail "--summary: a caveat with no NOTE"; else
	ok "--summary: no caveat without a NOTE"; fi
for pair in "rel-new.json rel-new.json" "rel-pin.json rel-pin.json"; do
	set +e
	# shellcheck disable=SC2086
	"$DAXBENCH" compare $pair >"$T_TMP/out" 2>"$T_TMP/err"
	set -e
	if grep -q "release-path probes" "$T_TMP/out"; then
		fail "$pair: noted: $(grep -A2 release-path "$T_TMP/out")"
	else ok "$pair: no release-probe note"; fi
done
t_done
