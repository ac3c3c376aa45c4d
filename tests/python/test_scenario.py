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

    def test_every_lever_equals_the_recomputed_plan(self):
        """Each lever's low and high outputs are those of the plan recomputed
        with that one value moved (built here from the plan's dict)."""
        plan = salesplan.example_plan()
        step = 0.1
        doc = plan.sensitivity(trials=0, step=step)
        self.assertEqual(len(doc["levers"]), 5 + 1 + 5 + 1 + 1 + 1 + 1 + 2)

        def moved(path, value, side):
            d = plan.to_dict()
            if path.startswith("funnel.stages["):
                k = int(path[len("funnel.stages["):path.index("]")])
                d["funnel"]["stages"][k][path.rsplit(".", 1)[1]] = value
            elif path == "deal.average_size":
                d["deal"]["average_size"] = value
            elif path == "target.revenue":
                d["target"]["revenue"] = value
            elif path in ("team.expected_attainment", "team.attrition_monthly"):
                d["team"][path.split(".")[1]] = value
            elif path == "team.roles[*].ramp":
                for r in d["team"]["roles"]:
                    r["ramp"] = [min(1.0, max(0.0, f * value)) for f in r.get("ramp", [])]
            elif path.startswith("team.roles["):
                role = d["team"]["roles"][int(path[len("team.roles["):-1])]["name"]
                reps = d["team"]["reps"]
                if side == "low":
                    last = max(i for i, r in enumerate(reps) if r["role"] == role)
                    del reps[last]
                else:
                    reps.append({"name": "+1 " + role, "role": role,
                                 "start": d["period"]["start"]})
            else:
                self.fail("unknown lever path " + path)
            return salesplan.Plan.from_dict(d).compute().to_dict()

        for lever in doc["levers"]:
            for side in ("low", "high"):
                res = moved(lever["path"], lever[side], side)
                out = lever["outputs"]
                with self.subTest(lever=lever["lever"], side=side):
                    self.assertEqual(out["deals_needed"][side], res["target"]["deals_needed"])
                    self.assertEqual(out["first_stage_entries"][side],
                                     res["stages"][0]["required"])
                    self.assertEqual(out["capacity_gap"][side], res["capacity"]["gap"])
                    self.assertEqual(out["activity_per_rep_per_workday"][side],
                                     res["activities"][0]["per_rep_per_workday"])

    def test_sensitivity_bad_rank_by(self):
        with self.assertRaises(salesplan.InvalidArgumentError):
            salesplan.example_plan().sensitivity(rank_by="nothing", trials=0)
