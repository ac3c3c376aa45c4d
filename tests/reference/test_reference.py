"""Acceptance check of issue 3: `salesplan plan --format json` against an independent model.

The model (salesplan_ref.py) implements SPEC sections 4-6 from the specification text.
This test
  (1) expresses published worked examples as plans and checks that both the C engine
      (through the CLI) and the model give the published numbers, and
  (2) draws a few hundred random plans with a fixed seed and compares every figure of
      the SPEC section 9 result document with the model, to 1e-7 relative
      (1e-9 absolute near zero), null against null exactly, whole numbers exactly.

The CLI binary is taken from the environment variable SALESPLAN_CLI (ctest sets it).
Run: SALESPLAN_CLI=.../salesplan /usr/bin/python3 -m unittest -v test_reference
"""

import datetime as dt
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import salesplan_ref  # noqa: E402

REL_TOL = 1e-7
ABS_TOL = 1e-9
SEED = 20260105
N_RANDOM = 500          # random plans in total
N_LONG = 6              # of which 3660-day plans


def cli_path():
    path = os.environ.get("SALESPLAN_CLI")
    if not path:
        raise unittest.SkipTest("SALESPLAN_CLI is not set")
    return path


def run_cli(plan, tmpdir, extra=()):
    """Write the plan to a file, run `salesplan plan FILE --format json`, parse stdout."""
    path = os.path.join(tmpdir, "plan.json")
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(plan, fh, indent=1)
    proc = subprocess.run([cli_path(), "plan", path, "--format", "json", *extra],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if proc.returncode != 0:
        raise AssertionError("salesplan exited %d: %s\nplan: %s" % (
            proc.returncode, proc.stderr.decode(errors="replace"), json.dumps(plan)))
    return json.loads(proc.stdout.decode())


# ---------------------------------------------------------------------------
# Comparison of two result documents
# ---------------------------------------------------------------------------

def _num_equal(model, engine):
    if isinstance(model, int) and not isinstance(model, bool):
        # whole figures (counts, days, required_int ...) must agree exactly
        return float(engine) == float(model)
    a, b = float(model), float(engine)
    if math.isnan(a) or math.isnan(b):
        return False
    diff = abs(a - b)
    return diff <= ABS_TOL or diff <= REL_TOL * max(abs(a), abs(b))


def compare(model, engine, path="", out=None):
    """List every path where the engine's document differs from the model's.

    Every key of the model must be present in the engine's document (the engine may
    have more: the v1 contract allows added keys)."""
    if out is None:
        out = []
    if isinstance(model, dict):
        if not isinstance(engine, dict):
            out.append("%s: model object, engine %r" % (path, engine))
            return out
        for key, value in model.items():
            sub = "%s.%s" % (path, key) if path else key
            if key not in engine:
                out.append("%s: missing in engine output" % sub)
                continue
            compare(value, engine[key], sub, out)
    elif isinstance(model, list):
        if not isinstance(engine, list) or len(engine) != len(model):
            out.append("%s: model list of %d, engine %r" % (
                path, len(model), engine if not isinstance(engine, list) else len(engine)))
            return out
        for i, (a, b) in enumerate(zip(model, engine)):
            compare(a, b, "%s[%d]" % (path, i), out)
    elif model is None or engine is None:
        if model is not engine:
            out.append("%s: model %r, engine %r" % (path, model, engine))
    elif isinstance(model, bool) or isinstance(engine, bool):
        if model is not engine:
            out.append("%s: model %r, engine %r" % (path, model, engine))
    elif isinstance(model, (int, float)):
        if not isinstance(engine, (int, float)) or not _num_equal(model, engine):
            out.append("%s: model %r, engine %r" % (path, model, engine))
    else:
        if model != engine:
            out.append("%s: model %r, engine %r" % (path, model, engine))
    return out


def compare_documents(model, engine):
    """Compare the figures and the warnings (as a set of code and path)."""
    figures = {k: v for k, v in model.items() if k != "warnings"}
    diffs = compare(figures, engine)
    mw = sorted((w["code"], w["path"]) for w in model["warnings"])
    ew = sorted((w["code"], w["path"]) for w in engine.get("warnings", []))
    if mw != ew:
        diffs.append("warnings: model %r, engine %r" % (mw, ew))
    return diffs


# ---------------------------------------------------------------------------
# Random plans
# ---------------------------------------------------------------------------

WEEKDAYS = salesplan_ref.WEEKDAYS


def _month_count(start, days):
    end = start + dt.timedelta(days=days - 1)
    return (end.year - start.year) * 12 + (end.month - start.month) + 1


def _has_workday(start, days, workdays, holidays):
    hol = set(holidays)
    idx = set(WEEKDAYS.index(w) for w in workdays)
    for t in range(days):
        d = start + dt.timedelta(days=t)
        if d.weekday() in idx and d.isoformat() not in hol:
            return True
    return False


def _rate(rng):
    """A conversion in (0, 1]: exactly 1 sometimes, small sometimes."""
    u = rng.random()
    if u < 0.15:
        return 1.0
    if u < 0.25:
        return round(rng.uniform(0.02, 0.1), 4)
    return round(rng.uniform(0.05, 0.999), 4)


def _stage_days(rng):
    u = rng.random()
    if u < 0.2:
        return 0
    if u < 0.35:
        return rng.randint(0, 160) / 4.0   # quarter days: sums are exact in binary
    return rng.randint(0, 40)


def random_plan(rng, index, long_period=False):
    """Draw one valid plan (SPEC section 3)."""
    while True:
        if long_period:
            days = 3660
        else:
            u = rng.random()
            if u < 0.25:
                days = rng.randint(1, 40)
            elif u < 0.55:
                days = rng.randint(28, 130)
            else:
                days = rng.randint(1, 400)
        start = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 40))
        if rng.random() < 0.35:
            workdays = sorted(rng.sample(WEEKDAYS, rng.randint(1, 7)), key=WEEKDAYS.index)
        else:
            workdays = None
        holidays = []
        if rng.random() < 0.6:
            for _ in range(rng.randint(1, 8)):
                h = (start + dt.timedelta(days=rng.randint(-10, days + 10))).isoformat()
                if h not in holidays:
                    holidays.append(h)
        if _has_workday(start, days, workdays or WEEKDAYS[:5], holidays):
            break

    plan = {"salesplan": 1, "name": "random plan %d" % index,
            "period": {"start": start.isoformat(), "days": days}}
    if rng.random() < 0.2:
        plan["currency"] = rng.choice(["EUR", "GBP", "JPY"])
    if rng.random() < 0.25:
        k = rng.randint(1, min(4, days))
        plan["period"]["phases"] = sorted(rng.sample(range(1, days + 1), k))
    cal = {}
    if workdays is not None:
        cal["workdays"] = workdays
    if holidays:
        cal["holidays"] = holidays
    if cal:
        plan["calendar"] = cal

    # funnel: at most 7 stages, combined rate not below 1e-6 (keeps N modest)
    while True:
        n_stages = rng.randint(2, 7)
        convs = [_rate(rng) for _ in range(n_stages - 1)]
        if math.prod(convs) >= 1e-6:
            break
    stages = []
    for k in range(n_stages - 1):
        st = {"name": "Stage %d" % k if rng.random() < 0.5 else "s%d" % k,
              "conversion": convs[k], "days": _stage_days(rng)}
        if rng.random() < 0.1:
            del st["days"]
        if rng.random() < 0.15:
            st["observed"] = {"advanced": rng.randint(0, 500), "lost": rng.randint(0, 500)}
        stages.append(st)
    stages.append({"name": "Won"})
    if rng.random() < 0.35:
        stages[rng.randrange(n_stages - 1)]["opportunity"] = True
    plan["funnel"] = {"stages": stages}
    names = [s["name"] for s in stages]

    revenue = round(rng.uniform(5e3, 3e6), 2)
    deals = rng.choice([rng.uniform(0.3, 5), rng.uniform(1, 60), rng.uniform(20, 300)])
    avg = round(revenue / deals, 2)
    target = {"revenue": revenue}
    if rng.random() < 0.3:
        target["kind"] = rng.choice(["new_business", "expansion", "renewal", "total"])
    if rng.random() < 0.5:
        target["over_assignment"] = round(rng.uniform(0, 0.99), 3)
    if rng.random() < 0.3:
        weights = [rng.choice([0, 0, round(rng.uniform(0, 5), 3), rng.randint(1, 9)])
                   for _ in range(_month_count(start, days))]
        if sum(weights) <= 0:
            weights[rng.randrange(len(weights))] = 1
        target["seasonality"] = weights
    plan["target"] = target
    plan["deal"] = {"average_size": avg}
    if rng.random() < 0.3:
        plan["deal"]["size_cv"] = round(rng.uniform(0, 1.5), 3)

    if rng.random() < 0.7:
        pipe = {}
        for k in range(n_stages - 1):
            if rng.random() < 0.6:
                pipe[names[k]] = rng.choice([0, rng.randint(1, 15), rng.randint(1, 80),
                                             rng.randint(100, 400)])
        plan["pipeline"] = pipe

    team = {}
    roles = []
    for i in range(rng.choice([0, 1, 1, 2, 2, 3])):
        role = {"name": ["AE", "SDR", "AM"][i]}
        if rng.random() < 0.7:
            role["ramp"] = [rng.choice([0, 1, round(rng.random(), 3)])
                            for _ in range(rng.randint(0, 8))]
        u = rng.random()
        if u < 0.55:
            role["quota_monthly"] = round(rng.uniform(1e3, 2e5), 2)
        elif u < 0.75:
            role["quota_monthly"] = 0
        if rng.random() < 0.5:
            role["minutes_per_day"] = rng.choice([480, 300, round(rng.uniform(30, 600), 1)])
        roles.append(role)
    if roles:
        team["roles"] = roles
        reps = []
        for j in range(rng.randint(0, 7)):
            rep = {"name": "Rep %d" % j, "role": rng.choice(roles)["name"]}
            if rng.random() < 0.5:
                rep["start"] = (start + dt.timedelta(
                    days=rng.randint(-900, days - 1))).isoformat()
            else:
                rep["tenure_months"] = rng.choice([0, rng.randint(0, 4), rng.randint(0, 40)])
            if rng.random() < 0.5:
                rep["territory_weight"] = round(rng.uniform(0.1, 3), 3)
            reps.append(rep)
        team["reps"] = reps
    if rng.random() < 0.4:
        team["attrition_monthly"] = round(rng.uniform(0, 0.2), 4)
    if rng.random() < 0.4:
        team["expected_attainment"] = rng.choice([1, round(rng.uniform(0.3, 1), 3)])
    if team:
        plan["team"] = team

    acts = []
    for i in range(rng.randint(0, 6)):
        a = {"name": "Activity %d" % i, "stage": names[rng.randrange(n_stages - 1)],
             "per_entry": rng.choice([1, round(rng.uniform(0.1, 30), 2)])}
        if rng.random() < 0.5:
            a["share"] = rng.choice([1, round(rng.uniform(0.01, 1), 3)])
        if roles and rng.random() < 0.75:
            a["role"] = rng.choice(roles)["name"]
        if rng.random() < 0.6:
            a["minutes"] = round(rng.uniform(0.5, 120), 2)
        if rng.random() < 0.3:
            a["skills"] = ["skill %d" % s for s in range(rng.randint(0, 3))]
        acts.append(a)
    if acts:
        plan["activities"] = acts

    if rng.random() < 0.4:
        econ = {}
        if rng.random() < 0.8:
            econ["arpa_monthly"] = round(rng.uniform(10, 5000), 2)
        if rng.random() < 0.8:
            econ["gross_margin"] = rng.choice([1, round(rng.uniform(0.2, 1), 3)])
        if rng.random() < 0.8:
            econ["churn_monthly"] = rng.choice([1, round(rng.uniform(0.002, 0.2), 4)])
        if rng.random() < 0.8:
            econ["cac"] = round(rng.uniform(100, 50000), 2)
        plan["economics"] = econ
    return plan


def random_cases():
    """The fixed list of (plan, cli_confidence) pairs: about a third in confidence mode."""
    rng = random.Random(SEED)
    cases = []
    for i in range(N_RANDOM):
        plan = random_plan(rng, i, long_period=(i % (N_RANDOM // N_LONG) == 7))
        cli_q = None
        if i % 3 == 0:
            q = rng.choice([0.5, 0.8, 0.9, 0.95])
            if rng.random() < 0.25:
                cli_q = q           # through `--confidence Q` on an expected-mode plan
            else:
                plan["confidence"] = q
        cases.append((plan, cli_q))
    return cases


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------

def _base_plan(name, stages, revenue, avg, days=30, start="2026-03-01"):
    return {"salesplan": 1, "name": name, "period": {"start": start, "days": days},
            "target": {"revenue": revenue}, "deal": {"average_size": avg},
            "funnel": {"stages": stages}}


class WorkedExamples(unittest.TestCase):
    """Published worked examples, expressed as plans. Each is checked on the CLI's
    result document and on the model, against the numbers printed in the source."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def both(self, plan, extra=()):
        engine = run_cli(plan, self.tmp.name, extra)
        model = salesplan_ref.compute(plan)
        self.assertEqual(compare_documents(model, engine), [])
        return engine, model

    def test_reverse_funnel(self):
        # mysalesprocess.com, "Sales Math: Reverse Engineering Your Funnel"
        # (https://mysalesprocess.com/sales-math), "Example: Closing 14 Deals/Month":
        # 40% of proposals close -> 35 proposals; 50% of second meetings -> 70;
        # 35% of initial meetings -> 200; 10% of cold calls -> 2,000 cold calls.
        stages = [{"name": "Cold call", "conversion": 0.10},
                  {"name": "Initial meeting", "conversion": 0.35},
                  {"name": "Second meeting", "conversion": 0.50},
                  {"name": "Proposal", "conversion": 0.40},
                  {"name": "Closed"}]
        plan = _base_plan("14 deals a month", stages, 14 * 10000, 10000, days=30)
        for doc in self.both(plan):
            self.assertEqual(doc["target"]["deals_needed"], 14)
            self.assertEqual([s["required_int"] for s in doc["stages"]],
                             [2000, 200, 70, 35, 14])
            for s, want in zip(doc["stages"], [2000, 200, 70, 35, 14]):
                self.assertAlmostEqual(s["required"], want, delta=want * 1e-12)

    def test_sales_velocity(self):
        # Maven LB, "The sales velocity formula (and how to use it to find your real
        # bottleneck)" (https://www.mavenlb.com/blog/sales-velocity-formula):
        # 40 open opportunities x 25,000 x 25% / 90 days = 2,777 a day (83,333 a month).
        stages = [{"name": "Opportunity", "conversion": 0.25, "days": 90}, {"name": "Won"}]
        plan = _base_plan("velocity", stages, 250000, 25000, days=120)
        plan["currency"] = "GBP"
        plan["pipeline"] = {"Opportunity": 40}
        for doc in self.both(plan):
            v = doc["metrics"]["sales_velocity_per_day"]
            self.assertEqual(math.floor(v), 2777)
            self.assertAlmostEqual(v * 30, 83333.33, delta=0.01)
            self.assertEqual(doc["metrics"]["open_opportunities"], 40)
            self.assertEqual(doc["metrics"]["cycle_days"], 90)
        # winsabove.pages.dev glossary "Sales Velocity": 18 opportunities, $42K average
        # deal, 24% win rate, 78-day cycle -> 181,440 / 78 = $2,326 per day.
        stages = [{"name": "Qualified", "conversion": 0.24, "days": 78}, {"name": "Won"}]
        plan = _base_plan("velocity 2", stages, 500000, 42000, days=90)
        plan["pipeline"] = {"Qualified": 18}
        for doc in self.both(plan):
            self.assertEqual(round(doc["metrics"]["sales_velocity_per_day"]), 2326)
            self.assertAlmostEqual(doc["metrics"]["sales_velocity_per_day"] * 78, 181440,
                                   delta=1e-6)

    def test_pipeline_coverage(self):
        # winsabove.pages.dev glossary "Pipeline Coverage Ratio": $4.8M open pipeline
        # against $1.6M remaining quota is 3.0x; at a 22% win rate the required coverage
        # is 1/0.22 = 4.5x and expected closed-won is 4.8M x 0.22 = $1.06M.
        stages = [{"name": "Qualified", "conversion": 0.22, "days": 30}, {"name": "Won"}]
        plan = _base_plan("coverage", stages, 1.6e6, 100000, days=92, start="2026-07-01")
        plan["pipeline"] = {"Qualified": 48}
        for doc in self.both(plan):
            m = doc["metrics"]
            self.assertEqual(m["pipeline_value"], 4.8e6)
            self.assertAlmostEqual(m["pipeline_coverage"], 3.0, delta=1e-12)
            self.assertEqual(round(m["required_pipeline_coverage"], 1), 4.5)
            self.assertEqual(round(m["weighted_pipeline"] / 1e6, 2), 1.06)
        # getfairview.com, "Pipeline coverage ratio": at 25% you need 4x, at 50% 2x.
        for rate, cover in ((0.25, 4.0), (0.5, 2.0)):
            stages = [{"name": "Opp", "conversion": rate}, {"name": "Won"}]
            plan = _base_plan("coverage %g" % rate, stages, 1e6, 50000)
            for doc in self.both(plan):
                self.assertEqual(doc["metrics"]["required_pipeline_coverage"], cover)

    def test_ramped_rep_equivalents(self):
        # Modus wiki, "RRE (Ramped Rep Equivalent)" (https://wiki.himodus.com/docs/metrics/rre):
        # 5 reps at 25% (0-3 months), 3 at 60% (3-6), 2 at 85% (6-9), 15 at 100% (9+)
        # make 1.25 + 1.80 + 1.70 + 15.00 = 19.75 RRE.
        ramp = [0.25] * 3 + [0.6] * 3 + [0.85] * 3
        tenures = [0, 1, 2, 0, 1] + [3, 4, 5] + [6, 8] + [9 + i for i in range(15)]
        stages = [{"name": "Lead", "conversion": 0.2}, {"name": "Won"}]
        # a period inside one calendar month that starts on the 1st: every rep stays in
        # one tenure month all period (tenure_months counts back to a 1st as well)
        plan = _base_plan("rre", stages, 200000, 10000, days=31, start="2026-03-01")
        plan["team"] = {
            "roles": [{"name": "AE", "ramp": ramp, "quota_monthly": 20000}],
            "reps": [{"name": "AE %d" % i, "role": "AE", "tenure_months": t}
                     for i, t in enumerate(tenures)]}
        plan["activities"] = [{"name": "Calls", "stage": "Lead", "per_entry": 10,
                               "role": "AE", "minutes": 6}]
        for doc in self.both(plan):
            self.assertAlmostEqual(doc["roles"][0]["headcount"], 19.75, delta=1e-12)
            a = doc["activities"][0]
            self.assertAlmostEqual(a["per_rep_per_workday"], a["per_workday"] / 19.75,
                                   delta=1e-12)
            # capacity: quota x RRE, one full month, no attrition or attainment cut
            self.assertAlmostEqual(doc["capacity"]["expected"], 20000 * 19.75, delta=1e-6)

    def test_ltv_and_cac_payback(self):
        # Notion "Metric Calculation Templates": ARPU $500/month, 80% gross margin,
        # 5% monthly churn -> LTV = 500 x 0.80 / 0.05 = $8,000; CAC = $50,000 / 25 = $2,000.
        stages = [{"name": "Opp", "conversion": 0.3}, {"name": "Won"}]
        plan = _base_plan("ltv", stages, 100000, 5000)
        plan["economics"] = {"arpa_monthly": 500, "gross_margin": 0.8,
                             "churn_monthly": 0.05, "cac": 50000 / 25}
        for doc in self.both(plan):
            self.assertAlmostEqual(doc["metrics"]["ltv"], 8000, delta=1e-9)
            self.assertAlmostEqual(doc["metrics"]["ltv_to_cac"], 4.0, delta=1e-12)
            self.assertAlmostEqual(doc["metrics"]["cac_payback_months"], 5.0, delta=1e-12)
        # calcmastery.com, "CAC Payback with Gross Margin Adjustment": CAC $1,200,
        # ARPA $180/month, 75% margin -> $135/month, 8.89 months. Without churn there is
        # no LTV (null, never 0).
        plan["economics"] = {"arpa_monthly": 180, "gross_margin": 0.75, "cac": 1200}
        for doc in self.both(plan):
            self.assertEqual(round(doc["metrics"]["cac_payback_months"], 2), 8.89)
            self.assertIsNone(doc["metrics"]["ltv"])
            self.assertIsNone(doc["metrics"]["ltv_to_cac"])
        # theprimecalculator.com, "CAC Payback Period Calculator Formula": $600 CAC,
        # $100/month, 75% margin -> 8.0 months; calculatorlib.com: $1,200 CAC,
        # $100/month, 80% margin -> 15 months.
        for cac, arpa, gm, months in ((600, 100, 0.75, 8.0), (1200, 100, 0.8, 15.0)):
            plan["economics"] = {"arpa_monthly": arpa, "gross_margin": gm, "cac": cac}
            for doc in self.both(plan):
                self.assertAlmostEqual(doc["metrics"]["cac_payback_months"], months,
                                       delta=1e-12)
        del plan["economics"]
        for doc in self.both(plan):
            for key in ("ltv", "ltv_to_cac", "cac_payback_months"):
                self.assertIsNone(doc["metrics"][key])


class CalendarEdges(unittest.TestCase):
    """Hand-picked calendar corners, each checked against the model and hand-worked values."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def both(self, plan, extra=()):
        engine = run_cli(plan, self.tmp.name, extra)
        model = salesplan_ref.compute(plan)
        self.assertEqual(compare_documents(model, engine), [])
        return engine, model

    STAGES = [{"name": "Lead", "conversion": 0.2, "days": 3}, {"name": "Won"}]

    def test_start_on_31st(self):
        # A start on 31 Jan 2024 completes month 1 on 1 March and month 2 on 31 March
        # (no 31 February). Ramp 0, 0.5, 0.75: Feb 0; Mar 1-30 0.5 (31 Mar is a Sunday);
        # Apr 0.75 all month (30 < 31). Workdays: Feb 21, Mar 21, Apr 22.
        plan = _base_plan("31st", self.STAGES, 100000, 10000, days=90, start="2024-02-01")
        plan["team"] = {"roles": [{"name": "AE", "ramp": [0, 0.5, 0.75],
                                   "quota_monthly": 10000}],
                        "reps": [{"name": "r", "role": "AE", "start": "2024-01-31"}]}
        for doc in self.both(plan):
            self.assertAlmostEqual(doc["roles"][0]["headcount"], (0.5 * 21 + 0.75 * 22) / 64,
                                   delta=1e-15)
            self.assertAlmostEqual(doc["capacity"]["expected"], 10000 * 0.5 + 10000 * 0.75,
                                   delta=1e-9)
            self.assertAlmostEqual(doc["quota"]["unassigned"], 100000 * 21 / 64, delta=1e-9)

    def test_tenure_months_clamped(self):
        # Period from 31 May 2024, tenure 3 months: start 29 Feb 2024 (clamped). Month 3
        # runs to 28 June (factor 0.5), month 4 from 29 June (1.0): 21 workdays each.
        plan = _base_plan("clamp", self.STAGES, 100000, 10000, days=60, start="2024-05-31")
        plan["team"] = {"roles": [{"name": "AE", "ramp": [0, 0, 0, 0.5],
                                   "quota_monthly": 10000}],
                        "reps": [{"name": "r", "role": "AE", "tenure_months": 3}]}
        for doc in self.both(plan):
            self.assertEqual(doc["roles"][0]["headcount"], 0.75)

    def test_leap_day_start(self):
        # Start 29 Feb 2024: month 12 begins 1 Mar 2025, month 13 on 29 Mar 2025.
        # Ramp 0 for 12 months, then 0.5: Feb 2025 (20 workdays) 0, Mar 3-28 (20) 0.5,
        # Mar 31 (1) 1.0.
        plan = _base_plan("leap", self.STAGES, 100000, 10000, days=59, start="2025-02-01")
        plan["team"] = {"roles": [{"name": "AE", "ramp": [0] * 12 + [0.5],
                                   "quota_monthly": 10000}],
                        "reps": [{"name": "r", "role": "AE", "start": "2024-02-29"}]}
        for doc in self.both(plan):
            self.assertAlmostEqual(doc["roles"][0]["headcount"], 11 / 41, delta=1e-15)

    def test_seasonal_slice_without_workday(self):
        # 31 Jan 2026 is a Saturday: the first slice has no workday, so its seasonal
        # share is unassigned and phases count its calendar days.
        plan = _base_plan("season", self.STAGES, 120000, 10000, days=60, start="2026-01-31")
        plan["target"]["seasonality"] = [1, 2, 3]
        plan["period"]["phases"] = [1, 2, 60]
        plan["team"] = {"roles": [{"name": "AE", "quota_monthly": 10000}],
                        "reps": [{"name": "r", "role": "AE", "tenure_months": 5}]}
        for doc in self.both(plan):
            self.assertAlmostEqual(doc["quota"]["unassigned"], 20000, delta=1e-9)
            self.assertEqual([round(p["cumulative_target"], 6) for p in doc["quota"]["phases"]],
                             [20000, 20000, 120000])

    def test_windows(self):
        # A one-day period; a stage whose window (days 0..1) is a weekend; a stage that
        # is exactly in time (L = H - 1).
        plan = _base_plan("one day", self.STAGES, 100000, 10000, days=1, start="2026-03-04")
        for doc in self.both(plan):
            self.assertFalse(doc["stages"][0]["reachable"])
            self.assertEqual(doc["stages"][1]["window_workdays"], 1)
        stages = [{"name": "Lead", "conversion": 0.2, "days": 8}, {"name": "Won"}]
        plan = _base_plan("weekend", stages, 100000, 10000, days=10, start="2026-03-07")
        for doc in self.both(plan):
            self.assertFalse(doc["stages"][0]["reachable"])
            self.assertIsNone(doc["stages"][0]["window_workdays"])
        stages = [{"name": "Lead", "conversion": 0.2, "days": 29}, {"name": "Won"}]
        plan = _base_plan("edge", stages, 100000, 10000, days=30, start="2026-03-02")
        for doc in self.both(plan):
            self.assertTrue(doc["stages"][0]["reachable"])
            self.assertEqual(doc["stages"][0]["window_workdays"], 1)

    def test_confidence_exact_tie(self):
        # Pr[Binomial(19, 1/2) >= 10] is exactly 1/2 (symmetry), so at q = 0.5 and D = 10
        # the smallest N of SPEC section 4 is 19. The engine's tail sum lands within
        # rounding of 0.5; it must still count as reaching q (it once answered 20).
        stages = [{"name": "Opp", "conversion": 0.5}, {"name": "Won"}]
        plan = _base_plan("tie", stages, 100000, 10000)
        plan["confidence"] = 0.5
        model = salesplan_ref.compute(plan)
        self.assertEqual(model["stages"][0]["required_int"], 19)
        engine = run_cli(plan, self.tmp.name)
        self.assertEqual(engine["stages"][0]["required_int"], 19)


def schedule_sum_diffs(doc):
    """Where the per-rep schedule of a result document does not add up to the team.

    SPEC section 11: in every month slice, the targets of an activity over the reps of
    its role add up to the activity's per_workday (1e-9 relative); they are all null
    together (no workday of the slice in the window, or no working rep)."""
    out = []
    n_slices = len(doc["quota"]["slices"])
    for ai, act in enumerate(doc["activities"]):
        if act["role"] is None:
            continue
        reps = [r for r in doc["reps"] if r["role"] == act["role"]]
        for s in range(n_slices):
            values = []
            for rep in reps:
                month = rep["months"][s]
                found = [t["per_workday"] for t in month["activities"] if t["name"] == act["name"]]
                if len(found) != 1:
                    out.append("reps[%s].months[%d]: activity %r listed %d times"
                               % (rep["name"], s, act["name"], len(found)))
                    continue
                values.append(found[0])
            if not values:
                continue
            nulls = sum(v is None for v in values)
            if nulls not in (0, len(values)):
                out.append("activity %d slice %d: %d of %d reps null" % (ai, s, nulls, len(values)))
            elif nulls == 0:
                team = act["per_workday"]
                got = math.fsum(values)
                if team is None or not math.isclose(got, team, rel_tol=1e-9, abs_tol=1e-12):
                    out.append("activity %d slice %d: reps add up to %r, team %r"
                               % (ai, s, got, team))
                if any(v < 0 for v in values):
                    out.append("activity %d slice %d: a negative target" % (ai, s))
    # activities without a role are in no rep's list; a rep lists exactly its role's
    for rep in doc["reps"]:
        want = [a["name"] for a in doc["activities"] if a["role"] == rep["role"]]
        if len(rep["months"]) != n_slices:
            out.append("reps[%s]: %d months for %d slices" % (rep["name"], len(rep["months"]),
                                                              n_slices))
        for m, month in enumerate(rep["months"]):
            if [t["name"] for t in month["activities"]] != want:
                out.append("reps[%s].months[%d]: activities %r, role has %r"
                           % (rep["name"], m, [t["name"] for t in month["activities"]], want))
    return out


class RandomPlans(unittest.TestCase):
    """Hundreds of random plans: every figure of the result document against the model."""

    @classmethod
    def setUpClass(cls):
        cls.runs = []
        with tempfile.TemporaryDirectory() as tmp:
            for plan, cli_q in random_cases():
                extra = ("--confidence", repr(cli_q)) if cli_q is not None else ()
                cls.runs.append((plan, cli_q, run_cli(plan, tmp, extra)))

    def test_random_plans(self):
        failures = []
        counts = {"expected": 0, "confidence": 0, "long": 0}
        for i, (plan, cli_q, engine) in enumerate(self.runs):
            model = salesplan_ref.compute(plan, confidence=cli_q)
            counts[model["mode"]] += 1
            counts["long"] += plan["period"]["days"] == 3660
            diffs = compare_documents(model, engine)
            if diffs:
                failures.append((i, plan, cli_q, diffs))
        print("\ncompared %d plans: %d expected mode, %d confidence mode, %d of 3660 days"
              % (len(self.runs), counts["expected"], counts["confidence"], counts["long"]),
              file=sys.stderr)
        self.assertGreaterEqual(len(self.runs), 300)
        self.assertGreater(counts["confidence"], len(self.runs) // 4)
        for i, plan, cli_q, diffs in failures[:10]:
            print("\n--- random plan %d%s differs:" % (
                i, "" if cli_q is None else " (--confidence %r)" % cli_q), file=sys.stderr)
            print(json.dumps(plan, indent=1), file=sys.stderr)
            for d in diffs[:40]:
                print("  " + d, file=sys.stderr)
        self.assertEqual([f[0] for f in failures], [],
                         "%d of %d random plans differ from the model"
                         % (len(failures), len(self.runs)))

    def test_schedule_adds_up(self):
        """SPEC section 11: each month's rep targets add up to the team's per_workday."""
        failures = []
        kinds = {"targets": 0, "null": 0, "zero": 0, "partial": 0}
        for i, (plan, cli_q, engine) in enumerate(self.runs):
            diffs = schedule_sum_diffs(engine)
            if diffs:
                failures.append((i, diffs))
            for rep in engine["reps"]:
                for month in rep["months"]:
                    for t in month["activities"]:
                        v = t["per_workday"]
                        kinds["targets"] += 1
                        kinds["null" if v is None else "zero" if v == 0 else "partial"] += 1
        print("\nschedule: %(targets)d rep targets, %(null)d null, %(zero)d zero, "
              "%(partial)d positive" % kinds, file=sys.stderr)
        # the random plans reach every case: null months, reps not started, shares
        self.assertGreater(kinds["null"], 100)
        self.assertGreater(kinds["zero"], 100)
        self.assertGreater(kinds["partial"], 1000)
        for i, diffs in failures[:10]:
            print("\n--- random plan %d: %s" % (i, "\n  ".join(diffs[:20])), file=sys.stderr)
        self.assertEqual([f[0] for f in failures], [])


if __name__ == "__main__":
    unittest.main()
