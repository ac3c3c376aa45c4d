#!/usr/bin/env python3
"""Compare `salesplan estimate` with the pandas computation on the same file, figure by figure.

Usage: compare.py SALESPLAN_BINARY CSV [estimate options...]
Both programs get the same options. Every number must agree to 1e-7 (relative to
max(1, |value|)); counts and nulls must be identical. Exit status 0 when they agree.
"""
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOL = 1e-7


def walk(a, b, path, bad):
    if isinstance(b, dict):
        if not isinstance(a, dict):
            bad.append(f"{path}: {a!r} vs {b!r}")
            return
        for k in b:
            walk(a.get(k, "<missing>"), b[k], f"{path}.{k}", bad)
    elif isinstance(b, list):
        if not isinstance(a, list) or len(a) != len(b):
            bad.append(f"{path}: lengths {len(a) if isinstance(a, list) else a!r} vs {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]", bad)
    elif isinstance(b, (int, float)) and not isinstance(b, bool):
        if not isinstance(a, (int, float)) or isinstance(a, bool):
            bad.append(f"{path}: {a!r} vs {b!r}")
        elif abs(a - b) > TOL * max(1.0, abs(b)) or (math.isnan(a) != math.isnan(b)):
            bad.append(f"{path}: {a!r} vs {b!r} (diff {a - b:.3g})")
    elif a != b:
        bad.append(f"{path}: {a!r} vs {b!r}")


def main():
    tool, csv, opts = sys.argv[1], sys.argv[2], sys.argv[3:]
    runs = []
    for cmd in ([tool, "estimate", csv, *opts],
                [sys.executable, os.path.join(HERE, "estimate_pandas.py"), csv, *opts]):
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            print(f"compare: {cmd[0]} failed with status {p.returncode}:\n{p.stderr}")
            return 2
        runs.append(json.loads(p.stdout))
    ours, ref = runs
    bad = []
    walk(ours, ref, "$", bad)
    n = sum(1 for _ in json.dumps(ref).split(","))
    if bad:
        print(f"compare: {len(bad)} difference(s):")
        for line in bad[:40]:
            print("  " + line)
        return 1
    print(f"compare: salesplan and pandas agree to {TOL:g} on {csv} "
          f"({len(ref.get('groups', []))} groups, {len(ref.get('stages', []))} stages, ~{n} values)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
