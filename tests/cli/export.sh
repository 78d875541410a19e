#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# daxbench export and the LAVA test definition: the KCIDB report of the
# shipped reference results, of one result and of a comparison of two
# kernels, validates against kcidb-io's schema (python3-jsonschema, with
# its format checker) and holds together (every build's checkout, every
# test's build, every incident's issue and test are in it); the same
# results give the same ids whatever their order or directory; each
# point's status follows from what the point recorded; a kernel's git
# commit is found; 'export --lava' prints well-formed lava-test-case
# lines; contrib/lava/daxbench.yaml and the job in contrib/lava/README
# parse as YAML (python3-yaml) with the keys LAVA needs.
. "${top_srcdir}/tests/lib.sh"

# a python3 that has both modules: the PATH's, else Debian's own
for py in python3 /usr/bin/python3; do
	if command -v "$py" >/dev/null 2>&1 &&
		"$py" -c 'import jsonschema, yaml' 2>/dev/null; then
		PY=$py
		break
	fi
done
[ -n "${PY:-}" ] || skip "python3 with jsonschema and yaml is needed to check the exports (apt-get install python3-jsonschema python3-yaml; scripts/deps.sh lists them)"

ref=$top_srcdir/results/reference
schema=$top_srcdir/tests/data/kcidb/schema-v5.3.json
k61=$(echo "$ref"/ext4/linux-image-6.1.*)
k612=$(echo "$ref"/ext4/linux-image-6.12.*)
k73=$(echo "$ref"/ext4/linux-image-7.*)
[ -d "$k61" ] && [ -d "$k612" ] && [ -d "$k73" ] ||
	fail "reference results not found in $ref/ext4"

# check_kcidb FILE WHAT [MODE]: tests/kcidb-check.py (prints
# "tests=N issues=N incidents=N kinds=..." for the caller)
check_kcidb() {
	"$PY" "$top_srcdir/tests/kcidb-check.py" "$schema" "$1" "${3:-}"
}

# kcidb WHAT ARGS...: export ARGS to $T_TMP/WHAT.json and check it
kcidb() {
	what=$1
	shift
	if "$DAXBENCH" export --kcidb --origin daxbench_test \
		-o "$T_TMP/$what.json" "$@" 2>"$T_TMP/err"; then ok "export $what"; else
		fail "export $what: $(cat "$T_TMP/err")"
		return 0
	fi
	mode=
	case $* in *--compare*) mode=compare ;; esac
	if got=$(check_kcidb "$T_TMP/$what.json" "$what" $mode); then ok "$what: valid against the KCIDB schema"; else
		fail "$what: $got"
	fi
}

# points N FILE...: the number of points in the result files
points() {
	"$PY" -c 'import json, sys
print(sum(len(json.load(open(f))["points"]) for f in sys.argv[1:]))' "$@"
}

# --- KCIDB: one result, every reference result, two comparisons -------
one=$(ls "$k61"/stall-odirect-small-*.json | head -n 1)
kcidb one "$one"
expect_match '^tests=2 issues=0' "$got" "one result: its two points"
"$PY" - "$T_TMP/one.json" "$one" >"$T_TMP/why" 2>&1 <<'P' && ok "one result: its fields" || fail "one result: $(cat "$T_TMP/why")"
import json, sys
r = json.load(open(sys.argv[1]))
res = json.load(open(sys.argv[2]))  # the exported result: what it measured
t = {x["path"]: x for x in r["tests"]}
s = t["daxbench.stall-odirect-small.odirect"]
n = t["daxbench.stall-odirect-small.none"]
assert s["status"] == "FAIL" and s["misc"]["stalls"] == 1, s
assert "ext4_break_layouts" in s["log_excerpt"], s["log_excerpt"]
p50 = res["points"][1]["metrics"]["op_latency"]["summary"]["p50"]
assert n["status"] == "PASS" and n["misc"]["op_latency_ns"]["p50"] == p50, (n, p50)
assert n["number"] == {"value": p50 / 1e9, "unit": "s", "prefix": "metric"}, n["number"]
assert n["misc"]["mapping"] == "pmd" and n["misc"]["mapping_verified"] is True
assert n["misc"]["daxbench"]["version"] == "0.1.0"
b = r["builds"][0]
assert b["comment"] == "linux-image-6.1.0-57-cloud-amd64-unsigned 6.1.192-3", b
assert r["checkouts"][0]["comment"] == "Debian's linux 6.1.192-3", r["checkouts"]
P

kcidb all "$ref"/ext4/*/ "$ref"/xfs/*/
# shellcheck disable=SC2046
want=$(points $(ls "$ref"/*/*/*.json))
expect_match "^tests=$want " "$got" "every reference point a test ($want)"
"$PY" - "$T_TMP/all.json" >"$T_TMP/why" 2>&1 <<'P' && ok "all: its fields" || fail "all: $(cat "$T_TMP/why")"
import json, sys
r = json.load(open(sys.argv[1]))
# three kernels, each measured on ext4 and on xfs: one checkout and
# build each
assert len(r["checkouts"]) == 3 and len(r["builds"]) == 3, (r["checkouts"], r["builds"])
st = {t["status"] for t in r["tests"]}
assert st == {"PASS", "FAIL"}, st
P

# 6.1 against 6.12: the 6.1 stalls; 7.3 against 6.1: the slopes
kcidb cmp-stall "$k61" --compare "$k612"
expect_match 'kinds=.*stall' "$got" "6.12 -> 6.1: stalls are issues"
kcidb cmp-slope "$k73" --compare "$k61"
expect_match 'kinds=.*regression.*slope' "$got" "6.1 -> 7.3: regressions and slopes"

# --- the same results, the same ids -----------------------------------
"$DAXBENCH" export --kcidb --origin daxbench_test "$ref"/ext4/*/ \
	"$ref"/xfs/*/ >"$T_TMP/again.json"
if cmp -s "$T_TMP/all.json" "$T_TMP/again.json"; then ok "exporting twice gives one report"; else
	fail "exporting twice gave two reports"; fi
# in another order, from a copy elsewhere: the same ids
mkdir -p "$T_TMP/copy"
cp -r "$k612" "$k61" "$T_TMP/copy/"
"$DAXBENCH" export --kcidb --origin daxbench_test "$T_TMP"/copy/linux-image-6.12.*/ \
	"$T_TMP"/copy/linux-image-6.1.0*/ --compare "$k73" >"$T_TMP/c1.json"
"$DAXBENCH" export --kcidb --origin daxbench_test "$k61" "$k612" \
	--compare "$k73" >"$T_TMP/c2.json"
"$PY" - "$T_TMP/c1.json" "$T_TMP/c2.json" >"$T_TMP/why" 2>&1 <<'P' && ok "ids stable across exports" || fail "ids: $(cat "$T_TMP/why")"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for k in ("checkouts", "builds", "tests", "issues", "incidents"):
    ia = sorted(o["id"] for o in a[k])
    ib = sorted(o["id"] for o in b[k])
    assert ia and ia == ib, (k, len(ia), len(ib))
P

# --- each status from what the point recorded -------------------------
"$PY" - "$one" "$T_TMP/st.json" <<'P'
import copy, json, sys
r = json.load(open(sys.argv[1]))
ok = r["points"][1]
pts = []
def add(f):
    p = copy.deepcopy(ok)
    f(p)
    pts.append(p)
add(lambda p: None)                                          # PASS
add(lambda p: p["errors"].append({"op": 2, "errno": 5, "what": "fallocate", "strerror": "EIO"}))
add(lambda p: p["errors"].append({"op": -1, "errno": 28, "what": "create", "strerror": "ENOSPC"}))
add(lambda p: p.update(interrupted_by="SIGINT"))             # ERROR
def unmeasured(p):
    del p["metrics"]["op_latency"]
    p["unmeasured"]["op_latency"] = "not run"
add(unmeasured)                                              # SKIP
for i, p in enumerate(pts):
    p["params"] = {"repeat": i}
r["points"] = pts
json.dump(r, open(sys.argv[2], "w"))
P
"$DAXBENCH" export --kcidb --origin o "$T_TMP/st.json" >"$T_TMP/stk.json" 2>"$T_TMP/err" ||
	fail "export of made-up points: $(cat "$T_TMP/err")"
got=$("$PY" -c 'import json, sys
print(" ".join(t["status"] for t in json.load(open(sys.argv[1]))["tests"]))' "$T_TMP/stk.json")
if [ "$got" = "PASS FAIL ERROR ERROR SKIP" ]; then ok "statuses PASS FAIL ERROR ERROR SKIP"; else
	fail "statuses: got '$got', wanted 'PASS FAIL ERROR ERROR SKIP'"; fi
got=$("$DAXBENCH" export --lava "$T_TMP/st.json" | awk '{ printf "%s ", $4 }')
if [ "$got" = "pass fail unknown unknown skip " ]; then ok "LAVA results pass fail unknown unknown skip"; else
	fail "LAVA results: got '$got'"; fi

# --- the kernel's git commit ------------------------------------------
hash=0123456789abcdef0123456789abcdef01234567
"$PY" - "$one" "$T_TMP/git.json" "6.13.0-rc1-00042-g$hash" <<'P'
import json, sys
r = json.load(open(sys.argv[1]))
r["host"]["kernel"]["release"] = sys.argv[3]
r["host"]["kernel"]["version"] = "#1 SMP PREEMPT_DYNAMIC"
del r["host"]["vm"]["kernel_packages"]
json.dump(r, open(sys.argv[2], "w"))
P
got=$("$DAXBENCH" export --kcidb --origin o "$T_TMP/git.json" |
	"$PY" -c 'import json, sys; print(json.load(sys.stdin)["checkouts"][0].get("git_commit_hash"))')
if [ "$got" = "$hash" ]; then ok "git commit of a release"; else fail "git commit of a release: got '$got'"; fi
# a short hash, spelt out by the kernel tree the result names
if command -v git >/dev/null 2>&1; then
	tree=$T_TMP/linux
	git init -q "$tree"
	git -C "$tree" -c user.name=t -c user.email=t@t commit -q --allow-empty -m k
	full=$(git -C "$tree" rev-parse HEAD)
	"$PY" - "$T_TMP/git.json" "$T_TMP/tree.json" "$tree" "6.13.0-g$(echo "$full" | cut -c 1-12)" <<'P'
import json, sys
r = json.load(open(sys.argv[1]))
r["host"]["vm"]["kernel"] = sys.argv[3]
r["host"]["kernel"]["release"] = sys.argv[4]
json.dump(r, open(sys.argv[2], "w"))
P
	got=$("$DAXBENCH" export --kcidb --origin o "$T_TMP/tree.json" |
		"$PY" -c 'import json, sys; print(json.load(sys.stdin)["checkouts"][0].get("git_commit_hash"))')
	if [ "$got" = "$full" ]; then ok "git commit from the tree"; else fail "git commit from the tree: got '$got'"; fi
fi

# --- LAVA lines ---------------------------------------------------------
"$DAXBENCH" export --lava "$ref"/ext4/*/ "$ref"/xfs/*/ >"$T_TMP/lava" 2>"$T_TMP/err" ||
	fail "export --lava: $(cat "$T_TMP/err")"
re='^lava-test-case [A-Za-z0-9._-]{1,100} --result (pass|fail|skip|unknown)( --measurement [0-9]+(\.[0-9]+)? --units ns)?$'
if grep -vE "$re" "$T_TMP/lava" >"$T_TMP/badlines"; then
	fail "export --lava: malformed lines: $(head -n 3 "$T_TMP/badlines")"
else ok "export --lava: every line well-formed"; fi
n=$(wc -l <"$T_TMP/lava")
if [ "$n" -eq "$want" ]; then ok "export --lava: a line a point"; else fail "export --lava: $n lines for $want points"; fi
dups=$(awk '{ print $2 }' "$T_TMP/lava" | sort | uniq -d | head -n 3)
if [ -z "$dups" ]; then ok "export --lava: every name once"; else fail "export --lava: names twice: $dups"; fi
# the first 6.1 stall-odirect result: its stalled point fails, the
# measured one passes with its op p50
p50=$("$PY" -c 'import json, sys
print(json.load(open(sys.argv[1]))["points"][1]["metrics"]["op_latency"]["summary"]["p50"])' "$one")
expect_match '^lava-test-case stall-odirect-small\.odirect --result fail( --measurement [0-9]+ --units ns)?$' \
	"$(cat "$T_TMP/lava")" "the 6.1 stall"
expect_match "^lava-test-case stall-odirect-small\\.none --result pass --measurement $p50 --units ns\$" \
	"$(cat "$T_TMP/lava")" "a measured point"

# --- the LAVA test definition and the job in its README -----------------
"$PY" - "$top_srcdir/contrib/lava/daxbench.yaml" "$top_srcdir/contrib/lava/README" \
	>"$T_TMP/why" 2>&1 <<'P' && ok "LAVA definition and its README's job" || fail "LAVA definition: $(cat "$T_TMP/why")"
import re, sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
md = d["metadata"]
# what LAVA's schema requires (lava_common/schemas/test/testdef.py)
assert md["format"] == "Lava-Test Test Definition 1.0", md
assert re.match(r"^[A-Za-z0-9_.-]+$", md["name"]), md["name"]
assert isinstance(md["description"], str) and md["description"]
steps = d["run"]["steps"]
assert steps and all(isinstance(s, str) and "\n" not in s for s in steps), steps
for p in ("SCENARIOS", "DAX_DIR", "PMEM_DEVICE", "FS", "SKIP_INSTALL"):
    assert isinstance(d["params"][p], str), p
# LAVA's advice: one line of shell a step, no pipe and no redirection
for s in steps:
    assert not re.search(r"(?<![|])[|](?![|])|[<>]", s), s
text = " ".join(steps)
for want in ("deps_install", "make", "daxbench run", "--dir \"$DAX_DIR\" $SCENARIOS",
             "daxbench export --lava"):
    assert want in text, want
# the README's job: the indented YAML that starts at device_type
lines = open(sys.argv[2]).read().split("\n")
start = next(i for i, l in enumerate(lines) if l.startswith("    device_type:"))
end = next(i for i in range(start, len(lines))
           if lines[i] and not lines[i].startswith("    "))
job = yaml.safe_load("\n".join(l[4:] for l in lines[start:end]))
for k in ("device_type", "job_name", "timeouts", "visibility", "actions"):
    assert k in job, k
assert "memmap=" in job["context"]["extra_kernel_args"]
tests = [a["test"] for a in job["actions"] if "test" in a]
defs = tests[0]["definitions"]
assert defs[0]["path"] == "contrib/lava/daxbench.yaml" and defs[0]["from"] == "git", defs
for p in defs[0]["parameters"]:
    assert p in d["params"], p
P

# --- results through LAVA's log, back to KCIDB ------------------------
# The definition prints the result files into the job's log
# (results-to-log); a lab's pipeline gets them back (results-from-log)
# and exports them: the report's tests are the job's test cases, one for
# one. The log as lava-run writes it: YAML lines, console noise between
# and inside the blocks, carriage returns.
lv=$top_srcdir/contrib/lava
mkdir -p "$T_TMP/dut"
for f in "$k61"/*.json; do
	s=$(basename "$f" | sed 's/-[0-9]\{8\}T.*//')
	[ -e "$T_TMP/dut/$s.json" ] || cp "$f" "$T_TMP/dut/$s.json"
done
"$DAXBENCH" export --kcidb --origin dut -o "$T_TMP/dut/kcidb.json" "$T_TMP/dut"/*.json
"$lv/results-to-log" "$T_TMP/dut" >"$T_TMP/console" 2>"$T_TMP/err" ||
	fail "results-to-log: $(cat "$T_TMP/err")"
expect_match "^results-to-log: 9 result files of .*/dut in the log" "$(cat "$T_TMP/err")" "results-to-log: the results, not kcidb.json"
awk 'NR == 40 { print "[   12.345678] nd_pmem namespace0.0: unable to guarantee persistence of writes" }
	/^daxbench-result-end/ { print "root@daxbench-dut:~# " }
	{ gsub(/"/, "\\\""); printf "- {\"dt\": \"2026-12-08T01:02:03.456789\", \"lvl\": \"target\", \"msg\": \"%s\\r\"}\n", $0 }' \
	"$T_TMP/console" >"$T_TMP/job.log"
if "$lv/results-from-log" "$T_TMP/job.log" "$T_TMP/back" >"$T_TMP/out" 2>"$T_TMP/err"; then
	same=0
	for f in "$T_TMP/dut"/*-small.json; do cmp -s "$f" "$T_TMP/back/${f##*/}" && same=$((same + 1)); done
	[ "$same" -eq 9 ] && [ "$(wc -l <"$T_TMP/out")" -eq 9 ] && ok "results-from-log: 9 files back, byte for byte, through noise" ||
		fail "results-from-log: $same of 9 files the same: $(cat "$T_TMP/out")"
else
	fail "results-from-log: $(cat "$T_TMP/err")"
fi
"$lv/results-from-log" "$T_TMP/console" "$T_TMP/plain" >/dev/null 2>&1 &&
	[ "$(ls "$T_TMP/plain" | wc -l)" -eq 9 ] && ok "results-from-log: plain console text too" ||
	fail "results-from-log: the plain console"
# the pipeline: the test cases the job recorded, the results exported
"$DAXBENCH" export --lava "$T_TMP/back" | "$PY" -c '
import json, shlex, sys
cases = {}
for line in sys.stdin:
    w = shlex.split(line)
    c = {"result": w[w.index("--result") + 1]}
    if "--measurement" in w:
        c["measurement"] = w[w.index("--measurement") + 1]
    cases[w[1]] = c
json.dump(cases, sys.stdout)' >"$T_TMP/cases.json"
kcidb from-log "$T_TMP/back"
if got=$("$PY" "$top_srcdir/tests/kcidb-check.py" "$schema" "$T_TMP/from-log.json" "" "$T_TMP/cases.json"); then
	ok "the LAVA cases are the KCIDB tests, one for one ($got)"
else fail "LAVA cases against KCIDB: $got"; fi
# and the check can fail: a case the report lacks, a result it changed
sed 's/"pass"/"fail"/' "$T_TMP/cases.json" >"$T_TMP/cases-bad.json"
got=$("$PY" "$top_srcdir/tests/kcidb-check.py" "$schema" "$T_TMP/from-log.json" "" "$T_TMP/cases-bad.json") &&
	fail "a changed result passed the check" || expect_match "LAVA case .*: fail, the test PASS" "$got" "a changed result is found"
# a damaged line costs its file, named, and no other
# (a console message cut into one of its lines)
awk '/^daxbench-result-begin vmsplice/ { b = 1 }
	b && /^[A-Za-z0-9+\/]+=*$/ && !d { $0 = substr($0, 1, 20) "[   1.234567] EXT4-fs" substr($0, 21); d = 1 }
	{ print }' "$T_TMP/console" >"$T_TMP/damaged"
expect_rc 1 "$lv/results-from-log" "$T_TMP/damaged" "$T_TMP/dmg"
expect_match "damaged: vmsplice-hold-small.json: damaged in the log" "$T_ERR" "a damaged file is named"
[ "$(ls "$T_TMP/dmg" | wc -l)" -eq 8 ] && [ ! -e "$T_TMP/dmg/vmsplice-hold-small.json" ] &&
	ok "the other 8 are written, not the damaged one" || fail "after damage: $(ls "$T_TMP/dmg")"
# a log names the files: nothing outside DIR
printf 'daxbench-result-begin ../escape.json 00\nH4sI\ndaxbench-result-end ../escape.json\n' >"$T_TMP/hostile"
expect_rc 1 "$lv/results-from-log" "$T_TMP/hostile" "$T_TMP/h/d"
expect_match "a result named '../escape.json': not a plain .json name" "$T_ERR" "a path in the log is refused"
[ ! -e "$T_TMP/h/escape.json" ] && ok "nothing written outside DIR" || fail "wrote $T_TMP/h/escape.json"
expect_rc 1 "$lv/results-from-log" "$top_srcdir/README" "$T_TMP/none"
expect_match "no result files in it" "$T_ERR" "a log without results"

# --- errors -----------------------------------------------------------
expect_rc 2 "$DAXBENCH" export "$one"
expect_match 'one of --kcidb and --lava' "$T_ERR" "no mode"
expect_rc 2 "$DAXBENCH" export --kcidb "$one"
expect_match 'needs --origin' "$T_ERR" "no origin"
expect_rc 2 "$DAXBENCH" export --kcidb --origin Lab-1 "$one"
expect_match "origin 'Lab-1'.*a-z, 0-9 and _" "$T_ERR" "a bad origin"
expect_rc 2 "$DAXBENCH" export --lava --compare "$k61" "$one"
printf '{"schema": 1}\n' >"$T_TMP/bad.json"
expect_rc 2 "$DAXBENCH" export --lava "$T_TMP/bad.json"
expect_match "bad.json: tool: missing" "$T_ERR" "a bad result names the file"
expect_rc 2 "$DAXBENCH" export --kcidb --origin o "$T_TMP/nonexistent.json"
expect_match "nonexistent.json: cannot read" "$T_ERR" "a missing result"
expect_rc 3 "$DAXBENCH" export --lava -o "$T_TMP/no/such/dir/f" "$one"
expect_match "no/such/dir/f: cannot create" "$T_ERR" "an output that cannot be made"
# -o FILE: what stdout would get
"$DAXBENCH" export --lava "$one" >"$T_TMP/lava-stdout"
"$DAXBENCH" export --lava -o "$T_TMP/lava-file" "$one"
if cmp -s "$T_TMP/lava-stdout" "$T_TMP/lava-file"; then ok "-o FILE is what stdout gets"; else
	fail "-o FILE differs from stdout"; fi
t_done
