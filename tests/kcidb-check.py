#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# kcidb-check.py SCHEMA REPORT [MODE [LAVA_CASES]]: REPORT, a KCIDB
# report 'daxbench export --kcidb' wrote, validates against SCHEMA
# (kcidb-io's JSON Schema, with the formats kcidb-io checks; date-time by
# hand, as Debian's jsonschema checks it only with
# python3-rfc3339-validator) and holds together: every build's checkout,
# every test's build, every incident's issue and test are in it. MODE
# "compare" wants issues and incidents, anything else none. LAVA_CASES,
# a JSON object of LAVA test cases ({"NAME": {"result": ...,
# "measurement": ...}}, the points of one LAVA run), must be the
# report's tests one for one: the same names, results and medians.
# Prints "tests=N issues=N incidents=N kinds=..."; exits 1 on a problem.
import json, re, sys
import jsonschema
schema, report = (json.load(open(p)) for p in sys.argv[1:3])
mode = sys.argv[3] if len(sys.argv) > 3 else ""
v = jsonschema.Draft7Validator(
    schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
errs = sorted(v.iter_errors(report), key=lambda e: list(e.path))
for e in errs[:5]:
    print("schema: %s: %s" % ("/".join(map(str, e.path)), e.message[:300]))
bad = errs != []
def no(msg):
    global bad
    print(msg)
    bad = True
if report.get("version") != {"major": 5, "minor": 3}:
    no("version is %r" % report.get("version"))
ids = {}
for kind in ("checkouts", "builds", "tests", "issues", "incidents"):
    objs = report.get(kind, [])
    ids[kind] = [o["id"] for o in objs]
    if len(set(ids[kind])) != len(ids[kind]):
        no("%s: an id twice" % kind)
    for o in objs:
        if not o["id"].startswith(o["origin"] + ":"):
            no("%s: %s does not start with its origin" % (kind, o["id"]))
rfc3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
for b in report["builds"]:
    if b["checkout_id"] not in ids["checkouts"]:
        no("build %s: checkout %s not in the report" % (b["id"], b["checkout_id"]))
path = re.compile(r"^daxbench\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")
for t in report["tests"]:
    if t["build_id"] not in ids["builds"]:
        no("test %s: build not in the report" % t["id"])
    if not path.match(t["path"]):
        no("test %s: path %r" % (t["id"], t["path"]))
    if "start_time" in t and not rfc3339.match(t["start_time"]):
        no("test %s: start_time %r" % (t["id"], t["start_time"]))
    m = t["misc"]
    for k in ("daxbench", "scenario", "run_id", "point", "stalls"):
        if k not in m:
            no("test %s: misc.%s missing" % (t["id"], k))
    if "resolved_sha256" not in m["scenario"]:
        no("test %s: no scenario sha256" % t["id"])
    if t["status"] == "PASS" and ("number" not in t or "p50" not in m["op_latency_ns"]):
        no("test %s: PASS without the op p50" % t["id"])
    if t["status"] == "FAIL" and not (m["stalls"] or m["errors"]):
        no("test %s: FAIL with neither stall nor error" % t["id"])
for i in report.get("incidents", []):
    if i["issue_id"] not in ids["issues"]:
        no("incident %s: issue not in the report" % i["id"])
    if i["test_id"] not in ids["tests"]:
        no("incident %s: test not in the report" % i["id"])
if mode == "compare" and not (ids["issues"] and ids["incidents"]):
    no("a comparison with findings gave no issue or no incident")
if mode != "compare" and ("issues" in report or "incidents" in report):
    no("issues without --compare")
for iss in report.get("issues", []):
    if not any(i["issue_id"] == iss["id"] for i in report["incidents"]):
        no("issue %s: no incident" % iss["id"])
if len(sys.argv) > 4:
    cases = json.load(open(sys.argv[4]))
    status = {"pass": "PASS", "fail": "FAIL", "skip": "SKIP", "unknown": "ERROR"}
    tests = {t["path"]: t for t in report["tests"]}
    if len(tests) != len(report["tests"]):
        no("a test path twice: LAVA would see one case")
    for name, c in sorted(cases.items()):
        t = tests.pop("daxbench." + name, None)
        if t is None:
            no("LAVA case %s: no test daxbench.%s" % (name, name))
        elif t["status"] != status[c["result"]]:
            no("LAVA case %s: %s, the test %s" % (name, c["result"], t["status"]))
        elif "measurement" in c and abs(
                float(c["measurement"]) - t["number"]["value"] * 1e9) > 1:
            no("LAVA case %s: %s ns, the test %r" % (name, c["measurement"], t["number"]))
    for path in sorted(tests):
        no("test %s: no LAVA case" % path)
kinds = sorted({i["misc"]["kind"] for i in report.get("issues", [])})
print("tests=%d issues=%d incidents=%d kinds=%s" % (
    len(ids["tests"]), len(ids["issues"]), len(ids["incidents"]),
    ",".join(kinds)))
sys.exit(1 if bad else 0)
