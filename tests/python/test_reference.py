"""compute() agrees with the independent reference model of SPEC §4-6
(tests/reference/salesplan_ref.py, shared with the CLI's reference test) on
random plans, to 1e-7 relative."""

import random
import unittest

import salesplan
from helpers import assert_close_tree, close, random_plan, reference_model

salesplan_ref = reference_model()

SEED = 20240501


def expected_fragment(ref, doc):
    """The reference figures, restricted to what the document must contain."""
    want = {
        "mode": ref["mode"],
        "period": ref["period"],
        "target": ref["target"],
        "stages": ref["stages"],
        "metrics": ref["metrics"],
        "activities": [],
    }
    if ref["confidence"] is not None:
        want["confidence"] = ref["confidence"]
    for a in ref["activities"]:
        want["activities"].append(dict(a))
    return want


class ReferenceExpected(unittest.TestCase):
    def test_random_plans_expected_mode(self):
        rng = random.Random(SEED)
        for trial in range(300):
            d = random_plan(rng)
            with self.subTest(trial=trial, plan=d["name"]):
                res = salesplan.Plan.from_dict(d).compute()
                doc = res.to_dict()
                ref = salesplan_ref.compute(d)
                assert_close_tree(self, doc, expected_fragment(ref, doc))
                # the typed attributes say the same as the document
                self.assertEqual(res.overview.deals_needed, ref["target"]["deals_needed"])
                for st, want in zip(res.stages, ref["stages"]):
                    self.assertEqual(st.reachable, want["reachable"])
                    self.assertEqual(st.window_workdays, want["window_workdays"])
                m = res.metrics
                for key, want in ref["metrics"].items():
                    self.assertTrue(close(getattr(m, key), want), f"{key}: {getattr(m, key)}")

    def test_activities_without_headcount(self):
        rng = random.Random(SEED + 1)
        seen = 0
        for trial in range(100):
            d = random_plan(rng)
            res = salesplan.Plan.from_dict(d).compute()
            for a in res.activities:
                # no rep in any role: per-rep figures are null
                self.assertIsNone(a.per_rep_per_workday)
                seen += 1
        self.assertGreater(seen, 20)


@unittest.skipUnless(salesplan_ref.HAVE_NUMPY, "the model's confidence mode needs numpy and scipy")
class ReferenceConfidence(unittest.TestCase):
    def test_random_plans_confidence_mode(self):
        rng = random.Random(SEED + 2)
        for trial in range(60):
            d = random_plan(rng, confidence=True)
            q = rng.choice([0.5, 0.8, 0.9, 0.95])
            with self.subTest(trial=trial, q=q):
                doc = salesplan.Plan.from_dict(d).compute(confidence=q).to_dict()
                ref = salesplan_ref.compute(d, confidence=q)
                self.assertEqual(doc["mode"], "confidence")
                self.assertAlmostEqual(doc["confidence"], q)
                for got, want in zip(doc["stages"], ref["stages"]):
                    self.assertEqual(got["required"], want["required"], got["name"])
                    self.assertEqual(got["required_int"], want["required_int"], got["name"])

    def test_plan_confidence_is_followed(self):
        rng = random.Random(SEED + 3)
        d = random_plan(rng, confidence=True)
        d["confidence"] = 0.9
        plan = salesplan.Plan.from_dict(d)
        self.assertEqual(plan.confidence, 0.9)
        doc = plan.compute().to_dict()
        self.assertEqual(doc["mode"], "confidence")
        ref = salesplan_ref.compute(d)
        self.assertEqual([s["required"] for s in doc["stages"]],
                         [s["required"] for s in ref["stages"]])
        # mode="expected" ignores the plan's confidence
        doc = plan.compute(mode="expected").to_dict()
        self.assertEqual(doc["mode"], "expected")
        self.assertIsNone(doc["confidence"])


if __name__ == "__main__":
    unittest.main()
