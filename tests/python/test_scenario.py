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
