#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# Target 3's input: a result file holding one point whose op_latency has
# N raw samples (seeded lognormal, scaled by SHIFT), made from
# tests/cli/synth-result.py's layout so compare reads it like a real one, and
# the same samples one per line for ministat.
#   synth.py SYNTH_RESULT_PY OUT.json OUT.txt SEED N SHIFT
import json, math, random, subprocess, sys

gen, out, txt, seed, n, shift = sys.argv[1:7]
seed, n, shift = int(seed), int(n), float(shift)
subprocess.run([sys.executable, gen, out, "--seed", str(seed), "-n", "10"],
               check=True)
r = json.load(open(out))
p = r["points"][0]
rng = random.Random(seed)
# in op order, as a run writes them: compare reads drift from that order
s = [int(50000 * shift * math.exp(rng.gauss(0, 0.3))) for _ in range(n)]
srt = sorted(s)
m = p["metrics"]["op_latency"]
m["samples"] = s


def q7(q):  # the loader's quantile (R type 7), which it checks against
    h = (n - 1) * q
    i = int(h)
    return srt[i] if i + 1 >= n else srt[i] + (h - i) * (srt[i + 1] - srt[i])


mean = sum(s) / n
m["summary"] = {"n": n, "min": srt[0], "max": srt[-1], "p50": q7(.5),
                "p90": q7(.9), "p99": q7(.99), "p999": q7(.999),
                "mean": mean,
                "stddev": math.sqrt(sum((x - mean) ** 2 for x in s) / (n - 1))}
p["ops_attempted"] = n
p["metrics"] = {"op_latency": m}
r["points"] = [p]
json.dump(r, open(out, "w"))
with open(txt, "w") as f:
    f.write("\n".join(map(str, s)) + "\n")
