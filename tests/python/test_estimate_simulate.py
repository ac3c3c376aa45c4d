"""Estimation from CSV (SPEC §7) and simulation (SPEC §8) through Python."""

import json
import math
import os
import tempfile
import unittest

import salesplan
from helpers import run_cli, run_py_cli

SNAPSHOT = """id,stage,created,closed,amount,region
1,Won,2024-01-01,2024-01-11,1000,EU
2,Closed Won,2024-01-01,2024-01-21,3000,US
3,Lost,2024-01-05,2024-01-10,,EU
4,Open,2024-02-01,,500,US
5,won,1/15/2024,2/14/2024,2000,EU
6,closed lost,2024-02-01,2024-03-01,700,US
7,Won
"""


def wilson(k, n, z=1.959964):
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return centre - half, centre + half


@unittest.skipUnless(hasattr(salesplan, "estimate"), "estimation is not in this build")
class Estimate(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.csv = os.path.join(tmp.name, "deals.csv")
        with open(self.csv, "w") as f:
            f.write(SNAPSHOT)
        self.tmp = tmp.name

    def test_snapshot_figures(self):
        est = salesplan.estimate(self.csv, group="region")
        o = est.overall
        self.assertEqual((o.won, o.lost, o.open), (3, 2, 1))
        self.assertAlmostEqual(o.win_rate, 0.6)
        lo, hi = wilson(3, 5)
        self.assertAlmostEqual(o.win_rate_ci95[0], lo, places=9)
        self.assertAlmostEqual(o.win_rate_ci95[1], hi, places=9)
        self.assertEqual((o.won_amount_mean, o.won_amount_median, o.won_amount_sum),
                         (2000, 2000, 6000))
        self.assertEqual((o.cycle_days_mean, o.cycle_days_median), (20, 20))
        self.assertAlmostEqual(o.cycle_days_p90, 28)  # numpy: 20 + 0.8 * 10
        self.assertEqual(est.info["skipped"], 1)
        self.assertEqual([r.line for r in est.skipped], [8])
        groups = {g.value: g.figures for g in est.groups}
        self.assertEqual(set(groups), {"EU", "US"})
        self.assertEqual((groups["EU"].won, groups["EU"].lost), (2, 1))
        d = est.to_dict()
        self.assertEqual((d["won"], d["lost"], d["open"]), (3, 2, 1))
        self.assertEqual(d["skipped"]["count"], 1)
        funnel = est.funnel_dict()
        self.assertEqual(funnel["stages"][-1]["name"], est.funnel[-1].name)
        self.assertIn("snapshot", repr(est))

    def test_text_input_equals_file(self):
        a = salesplan.estimate(self.csv).to_json()
        self.assertEqual(salesplan.estimate_text(SNAPSHOT).to_json(), a)
        self.assertEqual(salesplan.estimate_text(SNAPSHOT.encode()).to_json(), a)

    def test_equals_cli(self):
        for args in ((), ("--group", "region"), ("--emit-funnel",), ("--format", "md")):
            c = run_cli("estimate", self.csv, *args)
            p = run_py_cli("estimate", self.csv, *args)
            self.assertEqual((p.returncode, p.stdout, p.stderr), (c.returncode, c.stdout, c.stderr),
                             args)
        c = run_cli("estimate", self.csv, "--format", "json")
        self.assertEqual(salesplan.estimate(self.csv).to_dict(), json.loads(c.stdout))

    def test_threads_option(self):
        # An explicit option now (SOVERSION 2): any count gives the same figures;
        # more than 64 is refused by the library, a negative count by Python.
        a = salesplan.estimate(self.csv, group="region").to_json()
        for n in (0, 1, 2, 64):
            self.assertEqual(salesplan.estimate(self.csv, group="region", threads=n).to_json(), a)
        with self.assertRaises(salesplan.Error) as cm:
            salesplan.estimate(self.csv, threads=65)
        self.assertEqual(cm.exception.code, salesplan.core.ELIMIT)
        self.assertEqual(cm.exception.path, "threads")
        with self.assertRaises(ValueError):
            salesplan.estimate(self.csv, threads=-1)
        for cli in (run_cli, run_py_cli):
            c = cli("estimate", self.csv, "--group", "region", "--threads", "2")
            self.assertEqual((c.returncode, c.stdout), (0, a), cli)
            c = cli("estimate", self.csv, "--threads", "65")
            self.assertEqual(c.returncode, 64, cli)

    def test_json_call_equals_api(self):
        # The "estimate" operation of json_call replies with the very document
        # the Python API renders, options spelled as the keywords are.
        kw = dict(group="region", won=["won", "closed won"], date_order="dmy", strict=False,
                  max_reported=5, stage="stage")
        want = salesplan.estimate_text(SNAPSHOT, **kw)
        reply = salesplan.core.json_call(json.dumps({"op": "estimate", "csv": SNAPSHOT,
                                                     "options": kw}))
        self.assertEqual(reply, want.to_json())
        md = salesplan.json_call({"op": "estimate", "csv": SNAPSHOT, "format": "md"})
        self.assertEqual(md, {"format": "markdown",
                              "text": salesplan.estimate_text(SNAPSHOT).to_markdown()})
        bad = salesplan.json_call({"op": "estimate", "csv": SNAPSHOT, "options": {"shape": "x"}})
        self.assertEqual((bad["error"]["code"], bad["error"]["path"]),
                         (salesplan.core.EINVAL, "options.shape"))

    def test_data_errors(self):
        with self.assertRaises(salesplan.DataError) as cm:
            salesplan.estimate(self.csv, strict=True)
        self.assertIsInstance(cm.exception, ValueError)
        self.assertEqual(cm.exception.code, salesplan.core.EDATA)
        self.assertTrue(cm.exception.message)
        with self.assertRaises(salesplan.DataError):
            salesplan.estimate(self.csv, stage="no such column")
        with self.assertRaises(salesplan.DataError):
            salesplan.estimate_text("")
        with self.assertRaises(salesplan.DataError) as cm:
            salesplan.estimate_text('id,stage\n1,"Won\n')
        self.assertIn(cm.exception.code, (salesplan.core.ESYNTAX, salesplan.core.EDATA))
        with self.assertRaises(FileNotFoundError):
            salesplan.estimate(os.path.join(self.tmp, "missing.csv"))
        with self.assertRaises(TypeError):
            salesplan.estimate(self.csv, colour="red")
        with self.assertRaises(salesplan.InvalidArgumentError):
            salesplan.estimate(self.csv, shape="sideways")

    def test_apply_to_plan(self):
        csv = os.path.join(self.tmp, "transitions.csv")
        with open(csv, "w") as f:
            f.write("id,stage,date\n")
            for i in range(40):
                f.write(f"{i},Lead,2024-01-01\n")
                if i % 2 == 0:
                    f.write(f"{i},Demo,2024-01-05\n")
                    if i % 4 == 0:
                        f.write(f"{i},Won,2024-01-20\n")
                    else:
                        f.write(f"{i},Lost,2024-01-20\n")
                elif i % 3 == 0:
                    f.write(f"{i},Lost,2024-01-03\n")
        est = salesplan.estimate(csv, shape="transitions", stages=["Lead", "Demo", "Won"])
        self.assertEqual([s.name for s in est.stages][:2], ["Lead", "Demo"])
        lead = est.stages[0]
        self.assertEqual((lead.entered, lead.advanced), (40, 20))
        plan = salesplan.example_plan()
        d = plan.to_dict()
        d.pop("pipeline", None)
        d.pop("activities", None)
        plan = salesplan.Plan.from_dict(d)
        plan.apply_estimate(est)
        names = [s.name for s in plan.stages]
        self.assertEqual(names[0], "Lead")
        self.assertAlmostEqual(plan.stages[0].conversion, 20 / (20 + lead.lost))


@unittest.skipUnless(hasattr(salesplan, "Simulation"), "simulation is not in this build")
class Simulate(unittest.TestCase):
    def test_deterministic_and_thread_independent(self):
        plan = salesplan.example_plan()
        a = plan.simulate(trials=3000, seed=11, threads=1)
        b = plan.simulate(trials=3000, seed=11, threads=4)
        self.assertEqual(a.to_dict(), b.to_dict())
        c = plan.simulate(trials=3000, seed=12, threads=2)
        self.assertNotEqual(a.to_dict(), c.to_dict())
        d = a.to_dict()
        self.assertEqual((d["trials"], d["seed"]), (3000, 11))
        self.assertEqual((a.trials, a.seed), (3000, 11))
        self.assertTrue(0 <= a.p_hit <= 1)
        self.assertAlmostEqual(a.p_hit_se, math.sqrt(a.p_hit * (1 - a.p_hit) / 3000))
        self.assertEqual(d["p_hit"], a.p_hit)
        self.assertEqual(d["revenue"]["p50"], a.revenue.p50)
        self.assertLessEqual(a.revenue.p10, a.revenue.p50)
        self.assertLessEqual(a.revenue.p50, a.revenue.p90)
        self.assertEqual(sum(a.histogram("revenue", bins=10)), 3000)
        self.assertEqual(sum(a.histogram("deals", bins=7)), 3000)
        self.assertIn("trials=3000", repr(a))

    def test_equals_cli(self):
        c = run_cli("simulate", "--trials", "5000", "--seed", "3", "--format", "json")
        self.assertEqual(c.returncode, 0, c.stderr)
        sim = salesplan.example_plan().simulate(trials=5000, seed=3)
        self.assertEqual(sim.to_dict(), json.loads(c.stdout))
        self.assertEqual(sim.to_json(), c.stdout)

    def test_json_call_equals_api(self):
        plan = salesplan.example_plan()
        want = plan.simulate(trials=2000, seed=2**64 - 1, threads=1)
        for threads in (1, 3):
            reply = salesplan.core.json_call(json.dumps(
                {"op": "simulate", "plan": plan.to_dict(), "trials": 2000, "seed": 2**64 - 1,
                 "threads": threads}))
            self.assertEqual(reply, want.to_json())
        md = salesplan.json_call({"op": "simulate", "plan": plan.to_json(), "trials": 2000,
                                  "seed": 5, "format": "md"})
        self.assertEqual(md["text"], plan.simulate(trials=2000, seed=5).to_markdown())
        ops = salesplan.json_call({"op": "version"})["ops"]
        self.assertEqual(ops, ["plan", "validate", "example", "version", "estimate", "simulate", "track",
                               "sensitivity", "compare", "activities"])

    def test_errors(self):
        plan = salesplan.example_plan()
        with self.assertRaises(salesplan.InvalidArgumentError):
            plan.simulate(trials=0)
        with self.assertRaises(salesplan.PlanError) as cm:
            plan.simulate(trials=100, threads=1000)
        self.assertEqual(cm.exception.code, salesplan.core.ELIMIT)
        with self.assertRaises(salesplan.PlanError):
            salesplan.Plan("empty").simulate(trials=10)


if __name__ == "__main__":
    unittest.main()
