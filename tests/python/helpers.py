"""Shared pieces of the Python tests (not a test module itself)."""

import datetime as dt
import math
import os
import subprocess
import sys
import unittest

CLI = os.environ.get("SALESPLAN_CLI", "")
EXAMPLES = os.environ.get("SALESPLAN_EXAMPLES", "")
HERE = os.path.dirname(os.path.abspath(__file__))
#: The shared CRM export, as a path below the shared data folder.
SHARED_EXPORT = os.path.join("crm-sales-opportunities", "sales_pipeline.csv")


def shared_data_dir():
    """The project's shared data folder, or None: first ../shared/data next to
    the checkout this file is in (the main checkout and every worktree sit
    beside shared/), then $SALESPLAN_SHARED_DATA."""
    root = os.path.dirname(os.path.dirname(HERE))
    for d in (os.path.join(os.path.dirname(root), "shared", "data"),
              os.environ.get("SALESPLAN_SHARED_DATA", "")):
        if d and os.path.isdir(d):
            return os.path.abspath(d)
    return None


def shared_export(test=None, name=SHARED_EXPORT):
    """The path of a file of the shared data (default: the CRM export).
    When it is not here: skips `test` (a TestCase) with a message saying where
    it was looked for, or returns None without one."""
    d = shared_data_dir()
    path = os.path.join(d, name) if d else None
    if path and os.path.isfile(path):
        return path
    if test is None:
        return None
    raise unittest.SkipTest(shared_missing(name))


def shared_missing(name=SHARED_EXPORT):
    """Why a test of the shared data is skipped: where the file was looked for."""
    root = os.path.dirname(os.path.dirname(HERE))
    return (f"shared data {name} not found in "
            f"{os.path.join(os.path.dirname(root), 'shared', 'data')} "
            "nor in $SALESPLAN_SHARED_DATA")


def run_cli(*args, stdin=None, text=True):
    """Run the C command-line tool; returns CompletedProcess (text, or bytes
    with text=False: no newline translation)."""
    if not CLI:
        raise unittest.SkipTest("SALESPLAN_CLI is not set (run the tests through ctest)")
    return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=text,
                          timeout=120)


def run_py_cli(*args, stdin=None, text=True):
    """Run `python -m salesplan` with this interpreter and this package."""
    import salesplan  # here, so that tests of the C tool alone can use this module
    env = dict(os.environ)
    pkg_root = os.path.dirname(os.path.dirname(os.path.abspath(salesplan.__file__)))
    env["PYTHONPATH"] = pkg_root + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "salesplan", *args], input=stdin,
                          capture_output=True, text=text, timeout=120, env=env)


def close(a, b, rel=1e-7, abs_tol=1e-9):
    """Numbers agree to `rel` relative; None/null only equals None."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=abs_tol)


def assert_close_tree(tc, got, want, path="", rel=1e-7):
    """Recursively compare a result-document fragment to the expected one:
    numbers to `rel`, everything else exactly; only the keys of `want`."""
    if isinstance(want, dict):
        tc.assertIsInstance(got, dict, path)
        for k, v in want.items():
            tc.assertIn(k, got, f"{path}.{k} missing")
            assert_close_tree(tc, got[k], v, f"{path}.{k}", rel)
    elif isinstance(want, list):
        tc.assertIsInstance(got, list, path)
        tc.assertEqual(len(got), len(want), f"{path}: length")
        for i, (g, w) in enumerate(zip(got, want)):
            assert_close_tree(tc, g, w, f"{path}[{i}]", rel)
    elif isinstance(want, (int, float)) and not isinstance(want, bool):
        tc.assertTrue(close(got, want, rel), f"{path}: got {got!r}, want {want!r}")
    else:
        tc.assertEqual(got, want, path)


def random_plan(rng, *, confidence=False):
    """A random valid plan dict (SPEC §3) with a simple calendar.

    Days in stages are multiples of 0.5 so that sums are exact in binary and
    window boundaries cannot differ by rounding between implementations.
    With confidence=True the numbers stay small enough for an exact
    convolution in pure Python.
    """
    while True:
        n_stages = rng.randint(2, 4 if confidence else 6)
        stages = []
        for k in range(n_stages - 1):
            lo = 0.4 if confidence else 0.03
            c = 1.0 if rng.random() < 0.1 else round(rng.uniform(lo, 1.0), 6)
            st = {"name": f"stage{k}", "conversion": c,
                  "days": rng.choice([0, 0, rng.randint(0, 40) / 2, rng.randint(0, 60)])}
            if rng.random() < 0.2:
                st["observed"] = {"advanced": rng.randint(0, 500), "lost": rng.randint(0, 500)}
            stages.append(st)
        stages.append({"name": "won"})
        if rng.random() < 0.5:
            rng.choice(stages[:-1])["opportunity"] = True
        start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
        days = rng.choice([rng.randint(1, 20), rng.randint(20, 120), rng.randint(120, 400)])
        workdays = sorted(rng.sample(range(7), rng.randint(1, 7)))
        holidays = sorted({(start + dt.timedelta(days=rng.randint(0, days - 1))).isoformat()
                           for _ in range(rng.randint(0, 4))})
        plan = {
            "salesplan": 1,
            "name": f"random plan {rng.randint(0, 10**6)}",
            "currency": rng.choice(["USD", "EUR", "JPY"]),
            "period": {"start": start.isoformat(), "days": days},
            "calendar": {"workdays": [("mon", "tue", "wed", "thu", "fri", "sat", "sun")[i]
                                      for i in workdays],
                         "holidays": holidays},
            "target": {"revenue": round(rng.uniform(1e4, 5e6), 2),
                       "over_assignment": rng.choice([0, 0.1, 0.25])},
            "deal": {"average_size": round(rng.uniform(500, 1e5), 2)},
            "funnel": {"stages": stages},
        }
        if confidence:
            plan["deal"]["average_size"] = round(plan["target"]["revenue"]
                                                 / rng.uniform(1, 25), 2)
        pipeline = {}
        for st in stages[:-1]:
            if rng.random() < 0.5:
                pipeline[st["name"]] = rng.randint(0, 12 if confidence else 60)
        if pipeline:
            plan["pipeline"] = pipeline
        roles = []
        if rng.random() < 0.6:
            roles.append({"name": "SDR", "minutes_per_day": rng.choice([240, 360, 420])})
        if roles:
            plan["team"] = {"roles": roles}
        acts = []
        for i in range(rng.randint(0, 4)):
            a = {"name": f"activity{i}", "stage": rng.choice(stages[:-1])["name"],
                 "per_entry": round(rng.uniform(0.5, 20), 3)}
            if rng.random() < 0.4:
                a["share"] = round(rng.uniform(0.1, 1.0), 3)
            if roles and rng.random() < 0.6:
                a["role"] = "SDR"
                if rng.random() < 0.7:
                    a["minutes"] = rng.choice([2, 5, 15, 30])
            acts.append(a)
        if acts:
            plan["activities"] = acts
        econ = {}
        for key, lo, hi in (("arpa_monthly", 10, 5000), ("gross_margin", 0.1, 1.0),
                            ("churn_monthly", 0.005, 0.2), ("cac", 100, 20000)):
            if rng.random() < 0.6:
                econ[key] = round(rng.uniform(lo, hi), 4)
        if econ:
            plan["economics"] = econ
        if any(workday_of(plan)):
            return plan


def reference_model():
    """The independent model of SPEC §4-6, tests/reference/salesplan_ref.py
    (one model for the Python tests and the CLI's reference test)."""
    ref_dir = os.path.join(os.path.dirname(HERE), "reference")
    if ref_dir not in sys.path:
        sys.path.insert(0, ref_dir)
    import salesplan_ref
    return salesplan_ref


def workday_of(plan):
    """One bool per day of the plan's period: is it a workday?"""
    cal = reference_model().Calendar(plan)
    start = dt.date.fromisoformat(plan["period"]["start"])
    return [cal.is_workday(start + dt.timedelta(days=t)) for t in range(plan["period"]["days"])]
