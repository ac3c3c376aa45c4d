"""The per-rep schedule (SPEC §11, `reps` of the result document) from Python:
present in Result.to_dict(), equal to the C tool's JSON, equal to the
independent reference model, and adding up to the team month by month."""

import importlib.util
import json
import math
import os
import random
import tempfile
import unittest

import salesplan
from helpers import HERE, assert_close_tree, reference_model, run_cli

salesplan_ref = reference_model()


def _reference_plans():
    """random_plan of tests/reference/test_reference.py: plans with reps that start
    before, during and after the period, ramps, several roles and activities."""
    path = os.path.join(os.path.dirname(HERE), "reference", "test_reference.py")
    spec = importlib.util.spec_from_file_location("reference_random_plans", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.random_plan


def adds_up(doc):
    """(activity, month) pairs where the reps' targets do not add up to the team."""
    bad = []
    for act in doc["activities"]:
        if act["role"] is None:
            continue
        for m in range(len(doc["quota"]["slices"])):
            values = [t["per_workday"] for rep in doc["reps"] if rep["role"] == act["role"]
                      for t in rep["months"][m]["activities"] if t["name"] == act["name"]]
            if not values or all(v is None for v in values):
                continue
            if any(v is None for v in values) or not math.isclose(
                    math.fsum(values), act["per_workday"], rel_tol=1e-9, abs_tol=1e-12):
                bad.append((act["name"], m))
    return bad


class ScheduleInTheDocument(unittest.TestCase):
    def test_example_has_reps(self):
        doc = salesplan.example_plan().compute().to_dict()
        self.assertIn("reps", doc)
        plan = salesplan.example_plan().to_dict()
        self.assertEqual([r["name"] for r in doc["reps"]],
                         [r["name"] for r in plan["team"]["reps"]])
        months = [(s["start"], s["end"]) for s in doc["quota"]["slices"]]
        for rep in doc["reps"]:
            self.assertEqual(set(rep), {"name", "role", "months"})
            self.assertEqual([(m["start"], m["end"]) for m in rep["months"]], months)
            want = [a["name"] for a in doc["activities"] if a["role"] == rep["role"]]
            for m in rep["months"]:
                self.assertEqual([t["name"] for t in m["activities"]], want)
        self.assertEqual(adds_up(doc), [])

    def test_rep_starting_mid_period(self):
        # Two AEs share 500 calls over the 42 workdays of Jan-Feb 2026; Bob
        # starts on 1 February: January is Ann's alone, February half each.
        plan = {"salesplan": 1, "name": "mid-period start",
                "period": {"start": "2026-01-01", "days": 59},
                "target": {"revenue": 100000}, "deal": {"average_size": 5000},
                "funnel": {"stages": [{"name": "Lead", "conversion": 0.2}, {"name": "Won"}]},
                "team": {"roles": [{"name": "AE"}],
                         "reps": [{"name": "Ann", "role": "AE", "tenure_months": 6},
                                  {"name": "Bob", "role": "AE", "start": "2026-02-01"}]},
                "activities": [{"name": "Calls", "stage": "Lead", "per_entry": 5,
                                "role": "AE"}]}
        doc = salesplan.Plan.from_dict(plan).compute().to_dict()
        ann, bob = doc["reps"]
        self.assertAlmostEqual(ann["months"][0]["activities"][0]["per_workday"], 500 / 42,
                               delta=1e-12)
        self.assertEqual(bob["months"][0]["activities"][0]["per_workday"], 0)
        for rep in (ann, bob):
            self.assertAlmostEqual(rep["months"][1]["activities"][0]["per_workday"], 250 / 42,
                                   delta=1e-12)

    def test_random_plans_against_model_and_cli(self):
        random_plan = _reference_plans()
        rng = random.Random(4242)
        targets = 0
        with tempfile.TemporaryDirectory() as tmp:
            for trial in range(60):
                d = random_plan(rng, trial)
                with self.subTest(trial=trial):
                    doc = salesplan.Plan.from_dict(d).compute().to_dict()
                    self.assertIn("reps", doc)
                    assert_close_tree(self, doc["reps"], salesplan_ref.compute(d)["reps"],
                                      "reps")
                    self.assertEqual(adds_up(doc), [])
                    targets += sum(len(m["activities"]) for r in doc["reps"]
                                   for m in r["months"])
                    if trial % 8 == 0:   # and the C tool says the same
                        path = os.path.join(tmp, "plan.json")
                        with open(path, "w") as fh:
                            json.dump(d, fh)
                        proc = run_cli("plan", path, "--format", "json")
                        self.assertEqual(proc.returncode, 0, proc.stderr)
                        self.assertEqual(json.loads(proc.stdout)["reps"], doc["reps"])
        self.assertGreater(targets, 500)   # the plans do have schedules


if __name__ == "__main__":
    unittest.main()
