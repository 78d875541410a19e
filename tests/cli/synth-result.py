#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# Writes synthetic daxbench result files for the compare/plot/report
# tests (python3 standard library only): a seeded lognormal op latency
# per point, optionally scaled by --shift, so that the right verdict is
# known in advance.
#   synth-result.py OUT --seed N [--shift 1.2] [--kind scan|threads|hold]
#                   [--name NAME] [--dax yes|no] [--vm ACCEL]
#                   [--drop-last] [--extra-point] [--kernel REL] [-n N]
#                   [--many K]   (K files OUT-0.json .. with seeds N..N+K-1)
#                   [--stall I]... [--old-stalls] [--censored I]...
#                   [--incomplete] [--warning I:TEXT]... [--refused I]
#                   [--hist LOW:COUNT] [--interrupt-at I]
#                   [--git REV] [--provenance [--sha HEX] [--set P=V]...]
# Stalls: --stall I records a stalled op at point I the way the engine
# does now (a stalls[] entry, no op_latency sample, ops_attempted one
# more than the samples); with --old-stalls also as results written
# before that did (the waited time as an op_latency sample too, and the
# op's busy_scan_* samples). --censored I adds an op_latency sample
# past the timeout with no stall record, which no daxbench wrote: the
# loader refuses it. The timeout is 5 s. Every summary is the one its
# samples or its histogram give, as the loader checks.
# --interrupt-at I: the run was stopped (SIGINT) in point I, which holds
# half its ops; the points after it are missing. --provenance records
# the command line and the scenario file (with --sha and each --set),
# --git the build's revision; without them the result predates both.
import argparse, json, math, random

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--seed", type=int, required=True)
ap.add_argument("--shift", type=float, default=1.0)
ap.add_argument("--slope", type=float, default=2.0)  # scan ns per entry
ap.add_argument("--kind", default="scan")
ap.add_argument("--name")
ap.add_argument("--dax", default="yes")
ap.add_argument("--vm")
ap.add_argument("--kernel", default="6.12.0-synth")
ap.add_argument("--drop-last", action="store_true")
ap.add_argument("--extra-point", action="store_true")
ap.add_argument("-n", type=int, default=60)
ap.add_argument("--many", type=int, default=0)
ap.add_argument("--stall", type=int, action="append", default=[])
ap.add_argument("--old-stalls", action="store_true")
ap.add_argument("--censored", type=int, action="append", default=[])
ap.add_argument("--incomplete", action="store_true")
ap.add_argument("--warning", action="append", default=[])
ap.add_argument("--refused", type=int, action="append", default=[])
ap.add_argument("--interrupt-at", type=int)
ap.add_argument("--git")
ap.add_argument("--provenance", action="store_true")
ap.add_argument("--sha", default="c0ffee" * 10 + "c0de")
ap.add_argument("--set", action="append", default=[], dest="sets")
ap.add_argument("--hist", default="1984:1000",
                help="LOW:COUNT of pinner_io_latency's one bucket")
a = ap.parse_args()
MiB = 1 << 20
TIMEOUT = 5 * 10**9


def q7(s, q):
    s = sorted(s)
    h = (len(s) - 1) * q
    i = int(h)
    return s[i] if i + 1 >= len(s) else s[i] + (h - i) * (s[i + 1] - s[i])


def metric(unit, samples):
    n, mean = len(samples), sum(samples) / len(samples)
    sd = math.sqrt(sum((x - mean) ** 2 for x in samples) / (n - 1)) \
        if n > 1 else 0
    return {"unit": unit, "samples": samples,
            "summary": {"n": n, "min": min(samples),
                        "p50": q7(samples, .5), "p90": q7(samples, .9),
                        "p99": q7(samples, .99), "p999": q7(samples, .999),
                        "max": max(samples), "mean": mean, "stddev": sd}}


def hist_metric(low, count):
    """count I/Os of low ns each: one bucket, every figure low."""
    return {"unit": "ns",
            "summary": dict({"n": count, "stddev": 0},
                            **{k: low for k in ("min", "p50", "p90", "p99",
                                                "p999", "max", "mean")}),
            "histogram": {"scheme": "log-linear", "sub_buckets": 128,
                          "buckets": [[low, count]]}}


def point(params, base_ns, entries, size):
    lat = [int(base_ns * a.shift * math.exp(rnd.gauss(0, 0.1)))
           for _ in range(a.n)]
    calls = [1 + (rnd.random() < 0.3) + (rnd.random() < 0.1)
             for _ in range(a.n)]
    scan = [int((300 + a.slope * entries) * a.shift *
                math.exp(rnd.gauss(0, 0.1))) for _ in range(a.n)]
    m = {"op_latency": metric("ns", lat),
         "busy_scan_calls": metric("calls", calls),
         "busy_scan_time_per_call": metric("ns", scan),
         "pinner_io_latency": hist_metric(*(int(x) for x in
                                            a.hist.split(":"))),
         "pinner_iops": {"unit": "1/s", "value": 5000.0 / a.shift}}
    return {"params": params, "metrics": m,
            "mapping": {"mode": params.get("file.mapping", "pmd"),
                        "bytes": size, "xarray_entries": entries},
            "faults": {}, "stalls": [], "errors": [],
            "unmeasured": {"busy_scan_time": "tracefs: not mounted"}}


def resummarise(p):
    for k, v in p["metrics"].items():
        if "samples" in v:
            p["metrics"][k] = metric(v["unit"], v["samples"])


def add_slow_op(p, waited):
    """An op past the timeout, as older results held it: every per-op
    metric gets its sample."""
    m = p["metrics"]
    m["op_latency"]["samples"].append(waited)
    m["busy_scan_calls"]["samples"].append(2)
    m["busy_scan_time_per_call"]["samples"].append(4000000000)
    resummarise(p)


def stalls_and_warnings(pts):
    for p in pts:
        p["ops_attempted"] = len(p["metrics"]["op_latency"]["samples"])
    for i in a.stall:
        p = pts[i]
        ops = len(p["metrics"]["op_latency"]["samples"]) + \
            (0 if a.old_stalls else len(p["stalls"]))
        waited = TIMEOUT + 1234567 + 1000 * len(p["stalls"])
        p["stalls"].append({"op": ops, "waited_ns": waited,
                            "stalled_after_ns": TIMEOUT,
                            "ended_by": "signal", "pins_released": True,
                            "stack": "[<0>] ext4_break_layouts+0x8f/0x120"})
        p["ops_attempted"] = ops + 1
        if a.old_stalls:
            del p["ops_attempted"]
            add_slow_op(p, waited)
    for i in a.censored:
        add_slow_op(pts[i], TIMEOUT + 777)
        pts[i].pop("ops_attempted", None)
    for w in a.warning:
        i, text = w.split(":", 1)
        pts[int(i)].setdefault("warnings", []).append(text)
    # the kernel refused the method's pins (io_uring fixed on fsdax)
    for i in a.refused:
        pts[i].setdefault("pinners", {})["refused"] = {
            "errno": 95, "strerror": "Operation not supported"}


def result(seed):
    rnd.seed(seed)
    pts = []
    if a.kind == "scan":
        sweep = {"file.mapping": ["pmd", "pte"],
                 "file.size": [2 * MiB, 8 * MiB, 32 * MiB]}
        for mode in sweep["file.mapping"]:
            for size in sweep["file.size"]:
                e = size // (2 * MiB if mode == "pmd" else 4096)
                pts.append(point({"file.mapping": mode, "file.size": size},
                                 20000 + 50 * e, e, size))
    elif a.kind == "threads":
        sweep = {"pinners.threads": [1, 2, 4, 8]}
        for t in sweep["pinners.threads"]:
            pts.append(point({"pinners.threads": t}, 50000 * t, 32, 64 * MiB))
    else:
        sweep = {"pinners.hold": [0, 1000000, 2000000]}
        for h in sweep["pinners.hold"]:
            pts.append(point({"pinners.hold": h}, h + 30000, 32, 64 * MiB))
    if a.drop_last:
        pts.pop()
    if a.extra_point:
        pts.append(point({"file.mapping": "pmd", "file.size": 64 * MiB},
                         30000, 32, 64 * MiB))
    stalls_and_warnings(pts)
    if a.interrupt_at is not None:
        del pts[a.interrupt_at + 1:]
        p = pts[a.interrupt_at]
        p["interrupted_by"] = "SIGINT"
        for m in p["metrics"].values():
            if "samples" in m:
                m["samples"] = m["samples"][:len(m["samples"]) // 2]
        resummarise(p)
        p["ops_attempted"] = len(p["metrics"]["op_latency"]["samples"])
    name = a.name or "synth-" + a.kind
    vm = None
    if a.vm:
        vm = {"accel": a.vm, "qemu": "7.2.0", "pmem_bytes": 1 << 30,
              "kernel": "bzImage-" + a.kernel}
    res = {
        "schema": 1, "tool": {"name": "daxbench", "version": "0.1.0"},
        "run_id": "20261125T000000Z-%08x" % seed,
        "started": "2026-11-25T00:00:%02dZ" % (seed % 60),
        "finished": "2026-11-25T00:01:00Z", "complete": not a.incomplete,
        "host": {"kernel": {"release": a.kernel, "version": "#1 SMP",
                            "cmdline": "quiet"},
                 "cpu": "synthetic", "cpus": 4, "memory_bytes": 8 << 30,
                 "numa_nodes": 1, "timer_overhead_ns": 20, "vm": vm,
                 "hypervisor": {"detected": False, "cpuid_vendor": None,
                                "name": None, "dmi_vendor": "synthetic",
                                "dmi_product": "synthetic"}},
        "target": {"path": "/mnt/pmem", "fs": "ext4", "device": "/dev/pmem0",
                   "mount_options": "rw,dax=always", "dax": a.dax == "yes",
                   "free_bytes": 1 << 30},
        "capabilities": {"tracefs": True, "busy_page_symbols": [],
                         "fs_dax_events": True, "io_uring": True,
                         "unavailable": {}},
        "scenario": {"schema": 1, "name": name, "sweep": sweep, "repeat": a.n,
                     "timeout": TIMEOUT},
        "points": pts,
    }
    if a.incomplete or a.interrupt_at is not None:
        res["complete"] = False
        res["interrupted_by"] = "SIGINT"
    if a.git:
        res["tool"]["git"] = a.git
    if a.provenance:
        argv = ["daxbench", "run", "-o", "out"]
        for x in a.sets:
            argv += ["--set", x]
        res["invocation"] = {"argv": argv + [name + ".json"], "cwd": "/srv"}
        res["scenario_file"] = {"path": name + ".json", "sha256": a.sha,
                                "sets": a.sets}
    return res


rnd = random.Random()
for i in range(a.many or 1):
    out = a.out if not a.many else "%s-%d.json" % (a.out, i)
    with open(out, "w") as f:
        json.dump(result(a.seed + i), f)

