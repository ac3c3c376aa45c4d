"""Scenarios: Plan.patched (JSON Merge Patch), and what it equals."""

import json
import unittest

import salesplan


class Patched(unittest.TestCase):
    def test_patch_dict_equals_setter(self):
        plan = salesplan.example_plan()
        got = plan.patched({"target": {"revenue": 300000}, "confidence": 0.8})
        want = salesplan.example_plan()
        want.target_revenue = 300000
        want.confidence = 0.8
        self.assertEqual(got.to_json(), want.to_json())
        self.assertEqual(plan.target_revenue, 250000)  # unchanged

    def test_patch_text_and_null_removes(self):
        plan = salesplan.example_plan()
        got = plan.patched('{"pipeline": null}')
        self.assertNotIn("pipeline", got.to_dict())
        self.assertIn("pipeline", plan.to_dict())

    def test_refused_value_names_merged_path_and_patch_position(self):
        plan = salesplan.example_plan()
        with self.assertRaises(salesplan.PlanError) as cm:
            plan.patched('{\n  "team": {"expected_attainment": 1.5}\n}')
        e = cm.exception
        self.assertEqual(e.path, "team.expected_attainment")
        self.assertEqual((e.line, e.column), (2, 35))
        self.assertTrue(e.message.startswith("patch 1: "))

    def test_json_merge_patch_rfc_example(self):
        out = salesplan.core.json_merge_patch('{"a": {"b": "c"}}', '{"a": {"b": "d", "c": null}}')
        self.assertEqual(json.loads(out), {"a": {"b": "d"}})


if __name__ == "__main__":
    unittest.main()


class CompareAndSensitivity(unittest.TestCase):
    def test_compare_patch_scenarios(self):
        plan = salesplan.example_plan()
        doc = salesplan.compare([plan], patches=[{"target": {"revenue": 300000}}],
                                labels=["base", "bigger"])
        self.assertEqual(doc["scenarios"], ["base", "bigger"])
        deals = {f["key"]: f for f in doc["figures"]}["target.deals_needed"]
        want = plan.patched({"target": {"revenue": 300000}}).compute().to_dict()
        self.assertEqual(deals["values"], [12, want["target"]["deals_needed"]])
        self.assertEqual(deals["difference"], [0, want["target"]["deals_needed"] - 12])

    def test_compare_two_plans_with_p_hit(self):
        a = salesplan.example_plan()
        b = a.patched({"deal": {"average_size": 15000}})
        doc = salesplan.compare([a, b], trials=2000, seed=3)
        keys = {f["key"]: f for f in doc["figures"]}
        self.assertIn("simulation.p_hit", keys)
        self.assertEqual(keys["simulation.p_hit"]["values"][0],
                         a.simulate(trials=2000, seed=3).p_hit)

    def test_sensitivity_lever_equals_patched_plan(self):
        plan = salesplan.example_plan()
        doc = plan.sensitivity(trials=0)
        lever = next(l for l in doc["levers"] if l["path"] == "deal.average_size")
        low = plan.patched({"deal": {"average_size": lever["low"]}}).compute().to_dict()
        self.assertEqual(lever["outputs"]["deals_needed"]["low"], low["target"]["deals_needed"])
        swings = [l["outputs"]["deals_needed"]["swing"] for l in doc["levers"]]
        self.assertEqual(swings, sorted(swings, reverse=True))
        self.assertNotIn("p_hit", doc["base"])

    def test_sensitivity_bad_rank_by(self):
        with self.assertRaises(salesplan.InvalidArgumentError):
            salesplan.example_plan().sensitivity(rank_by="nothing", trials=0)
