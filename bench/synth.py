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
s = sorted(int(50000 * shift * math.exp(rng.gauss(0, 0.3))) for _ in range(n))
m = p["metrics"]["op_latency"]
m["samples"] = s
m["summary"].update({"n": n, "min": s[0], "max": s[-1], "p50": s[n // 2],
                     "p90": s[int(n * .9)], "p99": s[int(n * .99)],
                     "p999": s[int(n * .999)], "mean": sum(s) / n})
p["metrics"] = {"op_latency": m}
r["points"] = [p]
json.dump(r, open(out, "w"))
with open(txt, "w") as f:
    f.write("\n".join(map(str, s)) + "\n")
