#!/usr/bin/python3
"""Vectorised numpy baseline of `salesplan simulate` (SPEC §8).

Reads the model written by `bench_simulate --model FILE` (inflow and
conversion per stage, deal size, cv, target, trials, seed) and runs the same
trials the library runs: per trial the inflow of each stage is thinned through
the conversions from that stage on with one binomial draw (the same in
distribution as thinning stage by stage, and what the library does), then each
won deal gets a lognormal size with mean A and the given cv, and revenue is
their sum. Trials are processed in chunks of 2^16 so
that memory stays bounded (one array of sizes per chunk), which is also the
fastest layout for numpy here. Prints the best wall time of --repeat runs and
the figures (p_hit, its standard error, mean and p10/p50/p90 of revenue and
deals, numpy's default linear quantiles).

Usage: simulate_numpy.py MODEL.json [--repeat R]
Needs numpy (Debian: apt install python3-numpy; run with /usr/bin/python3).
"""
import json
import math
import sys
import time

import numpy as np

CHUNK = 1 << 16


def run(model):
    trials = int(model["trials"])
    target = float(model["target"])
    size = float(model["deal_size"])
    cv = float(model["size_cv"])
    stages = model["stages"]
    sig2 = math.log1p(cv * cv)
    sigma = math.sqrt(sig2)
    mu = math.log(size) - sig2 / 2
    rng = np.random.default_rng(int(model["seed"]))
    revenue = np.empty(trials)
    deals = np.empty(trials, dtype=np.int64)
    for start in range(0, trials, CHUNK):
        n = min(CHUNK, trials - start)
        # Given the conversions, deals are thinned independently: wins are a
        # sum over stages with an inflow of Binomial(inflow, product of the
        # conversions from that stage on), the library's formulation too.
        x = np.zeros(n, dtype=np.int64)
        to_close = np.ones(n) if any("beta" in st for st in stages) else 1.0
        for st in reversed(stages):
            if "beta" in st:
                to_close = to_close * rng.beta(st["beta"][0], st["beta"][1], n)
            else:
                to_close = to_close * st["conversion"]
            if st["inflow"]:
                x += rng.binomial(int(st["inflow"]), to_close, n)
        if cv > 0:
            total = int(x.sum())
            if total:
                sizes = rng.lognormal(mu, sigma, total)
                starts = np.cumsum(x) - x
                r = np.add.reduceat(sizes, np.minimum(starts, total - 1))
                r[x == 0] = 0.0  # reduceat gives sizes[start] for empty segments
            else:
                r = np.zeros(n)
        else:
            r = x * size
        revenue[start:start + n] = r
        deals[start:start + n] = x
    p = float(np.mean(revenue >= target))
    rq = np.quantile(revenue, [0.1, 0.5, 0.9])
    dq = np.quantile(deals, [0.1, 0.5, 0.9])
    return {
        "trials": trials,
        "p_hit": p,
        "p_hit_se": math.sqrt(p * (1 - p) / trials),
        "revenue": {"mean": float(revenue.mean()), "p10": rq[0], "p50": rq[1], "p90": rq[2]},
        "deals": {"mean": float(deals.mean()), "p10": dq[0], "p50": dq[1], "p90": dq[2]},
    }


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    repeat = 3
    if len(argv) >= 4 and argv[2] == "--repeat":
        repeat = int(argv[3])
    with open(argv[1]) as f:
        model = json.load(f)
    best = math.inf
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        out = run(model)
        best = min(best, time.perf_counter() - t0)
    print("numpy_seconds %.6f" % best)
    print(json.dumps({k: (v if not isinstance(v, dict) else {a: float(b) for a, b in v.items()})
                      for k, v in out.items()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
