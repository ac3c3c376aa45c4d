#!/usr/bin/env python3
"""Benchmark salesplan.dask.estimate against the single-process CLI, in the same run.

Usage: bench/estimate/bench_dask.py BUILD_DIR [DEALS] [PARTS]
  BUILD_DIR  a build tree with cli/salesplan, bench/estimate_gen and the Python package
  DEALS      deals in the generated snapshot (default 2000000: about 143 MB)
  PARTS      CSV files the snapshot is split into for Dask (default 8)
Environment: RUNS (default 3) timed runs per line, the fastest kept;
WORKERS (default "1 2 4") the worker-process counts.

Prints the wall time (page-cached files, cluster already up and warmed) of:
the CLI on the whole file (one thread, and -j 2), salesplan.estimate in this
process, and salesplan.dask.estimate over the PARTS files on a LocalCluster of
1, 2 and 4 worker processes (one thread each), with the ratio to the
single-process CLI; checks every Dask estimate equals the single-process one.
"""

import os
import subprocess
import sys
import time

BUILD = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit(__doc__)
DEALS = int(sys.argv[2]) if len(sys.argv) > 2 else 2000000
PARTS = int(sys.argv[3]) if len(sys.argv) > 3 else 8
RUNS = int(os.environ.get("RUNS", "3"))
WORKERS = [int(w) for w in os.environ.get("WORKERS", "1 2 4").split()]
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
TOOL = os.path.join(BUILD, "cli", "salesplan")
GEN = os.path.join(BUILD, "bench", "estimate_gen")
sys.path.insert(0, os.path.join(BUILD, "bindings", "python"))
os.environ["PYTHONPATH"] = os.path.join(BUILD, "bindings", "python") + os.pathsep + \
    os.environ.get("PYTHONPATH", "")

import salesplan  # noqa: E402
import salesplan.dask  # noqa: E402

OPTIONS = {"group": "region"}


def best(fn, runs=RUNS):
    """(fastest, median) wall time of `runs` calls, and the last result."""
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        ts.append(time.perf_counter() - t0)
    ts.sort()
    return (ts[0], ts[(len(ts) - 1) // 2]), out


def main():
    os.makedirs(DATA, exist_ok=True)
    path = os.path.join(DATA, f"snapshot_{DEALS}.csv")
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        with open(path, "wb") as f:
            subprocess.run([GEN, "snapshot", str(DEALS), "7"], stdout=f, check=True)
    parts_dir = os.path.join(DATA, f"snapshot_{DEALS}_parts{PARTS}")
    parts = [os.path.join(parts_dir, f"part{i}.csv") for i in range(PARTS)]
    if not all(os.path.exists(p) for p in parts):
        os.makedirs(parts_dir, exist_ok=True)
        with open(path, "rb") as f:
            lines = f.read().splitlines(keepends=True)
        per = (len(lines) - 1 + PARTS - 1) // PARTS
        for i, p in enumerate(parts):
            with open(p, "wb") as f:
                f.write(lines[0] + b"".join(lines[1 + i * per:1 + (i + 1) * per]))
        del lines
    size = os.path.getsize(path)
    for p in [path, *parts]:  # warm the page cache
        with open(p, "rb") as f:
            while f.read(1 << 24):
                pass
    print(f"file: {path} ({DEALS} deals, {size / 1e6:.0f} MB), {PARTS} parts; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; best of {RUNS}")

    def cli(*extra):
        return subprocess.run([TOOL, "estimate", path, "--group", "region", *extra],
                              capture_output=True, check=True).stdout

    t_cli, _ = best(lambda: cli())
    base = t_cli[0]
    t_cli2, _ = best(lambda: cli("-j", "2"))
    t_py, one = best(lambda: salesplan.estimate(path, **OPTIONS))
    want = one.to_json()
    rows = [("CLI, 1 thread (baseline)", t_cli), ("CLI, -j 2", t_cli2),
            ("salesplan.estimate in-process", t_py)]

    from distributed import Client, LocalCluster
    for n in WORKERS:
        t0 = time.perf_counter()
        with LocalCluster(n_workers=n, processes=True, threads_per_worker=1,
                          dashboard_address=None) as cluster, Client(cluster):
            up = time.perf_counter() - t0
            got = salesplan.dask.estimate(parts, **OPTIONS).to_json()  # warm: imports
            if got != want:
                sys.exit(f"{n} workers: the Dask estimate differs from the single run")
            t, _ = best(lambda: salesplan.dask.estimate(parts, **OPTIONS))
        rows.append((f"Dask, {n} worker process{'es' if n > 1 else ''} "
                     f"(cluster start {up:.1f} s)", t))

    print(f"{'':52} {'best s':>8} {'median s':>8} {'MB/s':>7} {'speed vs CLI':>13}")
    for name, (t, med) in rows:
        print(f"{name:52} {t:8.3f} {med:8.3f} {size / 1e6 / t:7.0f} {base / t:12.2f}x")
    dask = [(n, t) for n, (name, (t, _)) in zip(WORKERS, rows[3:])]
    if dask:
        one = dask[0][1]
        print("Dask scaling (best): " + ", ".join(
            f"{n} worker{'s' if n > 1 else ''} {one / t:.2f}x" for n, t in dask)
            + f" of {dask[0][0]} worker{'s' if dask[0][0] > 1 else ''}")
    print("every Dask estimate equals the single-process estimate byte for byte")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
