"""Plans: round trips through JSON and dicts, building in code, pickle, copies."""

import copy
import json
import os
import pickle
import tempfile
import unittest

import salesplan


class RoundTrips(unittest.TestCase):
    def test_example_json_round_trip(self):
        plan = salesplan.example_plan()
        text = plan.to_json()
        again = salesplan.Plan.from_json(text)
        self.assertEqual(again.to_json(), text)
        self.assertEqual(again, plan)

    def test_example_matches_example_json(self):
        self.assertEqual(salesplan.example_plan().to_dict(),
                         json.loads(salesplan.example_json()))

    def test_example_dict_round_trip(self):
        d = salesplan.example_plan().to_dict()
        self.assertEqual(d["salesplan"], 1)
        again = salesplan.Plan.from_dict(d)
        self.assertEqual(again.to_dict(), d)

    def test_bytes_input(self):
        text = salesplan.example_json()
        self.assertEqual(salesplan.Plan.from_json(text.encode()).to_json(),
                         salesplan.Plan.from_json(text).to_json())

    def test_load_and_save(self):
        plan = salesplan.example_plan()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "plan.json")
            plan.save(path)
            loaded = salesplan.Plan.load(path)
            self.assertEqual(loaded, plan)
            from pathlib import Path
            self.assertEqual(salesplan.Plan.load(Path(path)), plan)

    def test_extension_keys_round_trip(self):
        d = salesplan.example_plan().to_dict()
        d["x-crm"] = {"id": 42, "tags": ["a", "b"]}
        plan = salesplan.Plan.from_dict(d)
        self.assertEqual(plan.extensions["x-crm"], {"id": 42, "tags": ["a", "b"]})
        self.assertEqual(plan.to_dict()["x-crm"], {"id": 42, "tags": ["a", "b"]})


class Pickle(unittest.TestCase):
    def test_plan_pickles_through_json(self):
        plan = salesplan.example_plan()
        for proto in range(2, pickle.HIGHEST_PROTOCOL + 1):
            again = pickle.loads(pickle.dumps(plan, protocol=proto))
            self.assertIsNot(again, plan)
            self.assertEqual(again.to_json(), plan.to_json())

    def test_result_pickles(self):
        res = salesplan.example_plan().compute()
        again = pickle.loads(pickle.dumps(res))
        self.assertEqual(again.to_dict(), res.to_dict())
        res = salesplan.example_plan().compute(confidence=0.8)
        again = pickle.loads(pickle.dumps(res))
        self.assertEqual(again.to_dict(), res.to_dict())

    def test_copies_are_independent(self):
        plan = salesplan.example_plan()
        for other in (plan.copy(), copy.copy(plan), copy.deepcopy(plan)):
            other.name = "changed"
            self.assertNotEqual(plan.name, "changed")
            self.assertNotEqual(other, plan)


class BuildInCode(unittest.TestCase):
    def build(self):
        p = salesplan.Plan("Built in code")
        p.currency = "EUR"
        p.set_period("2025-07-01", 92)
        p.workdays = ["mon", "tue", "wed", "thu"]
        p.add_holiday("2025-08-15")
        p.phases = [30, 60, 92]
        p.set_text("mission", "Sell more")
        p.add_competitor("Acme", "direct", notes="cheap")
        p.add_competitor("Spreadsheets", "indirect")
        p.add_list_item("strategies", "Outbound to mid-market")
        p.add_list_item("kpis", "Meetings booked")
        p.target_revenue = 300_000
        p.target_kind = "expansion"
        p.over_assignment = 0.25
        p.deal_size = 12_000
        p.deal_size_cv = 0.5
        p.add_stage("lead", 0.25, days=5)
        p.add_stage("meeting", 0.5, days=10, opportunity=True, observed=(40, 40))
        p.add_stage("won")
        p.set_pipeline("meeting", 6)
        p.add_role("AE", ramp=[0.25, 0.5], quota_monthly=50_000, minutes_per_day=300)
        p.add_role("SDR")
        p.add_rep("Ana", "AE", start="2025-06-01")
        p.add_rep("Ben", "AE", tenure_months=12, territory_weight=1.5)
        p.add_activity("calls", "lead", 8, share=0.5, role="SDR", minutes=4,
                       skills=["phone", "CRM"])
        p.attrition_monthly = 0.01
        p.expected_attainment = 0.9
        p.set_economics(arpa_monthly=1000, gross_margin=0.8, churn_monthly=0.02, cac=5000)
        p.set_extension("x-owner", "ops")
        return p

    def test_every_field_reads_back(self):
        p = self.build()
        self.assertEqual(p.name, "Built in code")
        self.assertEqual(p.currency, "EUR")
        self.assertEqual((p.period_start, p.period_days), ("2025-07-01", 92))
        self.assertEqual(p.workdays, ("mon", "tue", "wed", "thu"))
        self.assertEqual(p.holidays, ("2025-08-15",))
        self.assertEqual(p.phases, (30, 60, 92))
        self.assertEqual(p.text("mission"), "Sell more")
        self.assertIsNone(p.text("positioning"))
        self.assertEqual(p.competitors, (salesplan.Competitor("Acme", "direct", "cheap"),
                                         salesplan.Competitor("Spreadsheets", "indirect", None)))
        self.assertEqual(p.list_items("strategies"), ("Outbound to mid-market",))
        self.assertEqual(p.list_items("kpis"), ("Meetings booked",))
        self.assertEqual(p.target_revenue, 300_000)
        self.assertEqual(p.target_kind, "expansion")
        self.assertEqual(p.over_assignment, 0.25)
        self.assertEqual(p.deal_size, 12_000)
        self.assertEqual(p.deal_size_cv, 0.5)
        self.assertIsNone(p.confidence)
        self.assertEqual(p.stages, (
            salesplan.Stage("lead", 0.25, 5.0, False, None),
            salesplan.Stage("meeting", 0.5, 10.0, True, (40, 40)),
            salesplan.Stage("won", None, 0.0, False, None)))
        self.assertEqual(p.pipeline, {"meeting": 6})
        self.assertEqual(p.roles[0], salesplan.Role("AE", (0.25, 0.5), 50_000, 300))
        self.assertEqual(p.roles[1], salesplan.Role("SDR", (), 0, 360))
        self.assertEqual(p.reps, (salesplan.Rep("Ana", "AE", "2025-06-01", None, 1.0),
                                  salesplan.Rep("Ben", "AE", None, 12, 1.5)))
        self.assertEqual(p.activities, (salesplan.Activity("calls", "lead", 8, 0.5, "SDR", 4,
                                                           ("phone", "CRM")),))
        self.assertEqual(p.attrition_monthly, 0.01)
        self.assertEqual(p.expected_attainment, 0.9)
        self.assertEqual(p.economics, {"arpa_monthly": 1000, "gross_margin": 0.8,
                                       "churn_monthly": 0.02, "cac": 5000})
        self.assertEqual(p.extensions, {"x-owner": "ops"})
        self.assertEqual(p.validate(), [])
        self.assertTrue(p.is_valid)

    def test_built_plan_round_trips(self):
        p = self.build()
        d = p.to_dict()
        self.assertEqual(d["funnel"]["stages"][1]["observed"], {"advanced": 40, "lost": 40})
        again = salesplan.Plan.from_dict(d)
        self.assertEqual(again.to_json(), p.to_json())
        self.assertEqual(again.compute().to_dict(), p.compute().to_dict())

    def test_confidence_and_clearing(self):
        p = self.build()
        p.confidence = 0.9
        self.assertEqual(p.confidence, 0.9)
        p.confidence = None
        self.assertIsNone(p.confidence)
        p.set_economics(cac=None)
        self.assertNotIn("cac", p.economics)
        p.clear_stages()
        self.assertEqual(p.stages, ())
        self.assertFalse(p.is_valid)

    def test_validate_reports_unresolved_references(self):
        p = self.build()
        p.add_rep("Cy", "no such role", start="2025-07-01")
        problems = p.validate()
        self.assertTrue(problems)
        self.assertTrue(any(pr.path.startswith("team.reps[2]") for pr in problems), problems)
        for pr in problems:
            self.assertEqual((pr.line, pr.column), (0, 0))
            self.assertTrue(pr.message)

    def test_repr(self):
        p = self.build()
        r = repr(p)
        self.assertIn("Built in code", r)
        self.assertIn("300000 EUR", r)
        self.assertIn("2025-07-01+92d", r)
        res = p.compute()
        self.assertIn("Built in code", repr(res))
        self.assertIn("mode=expected", repr(res))

    def test_low_level_module_reaches_every_function(self):
        core = salesplan.core
        h = core.plan_create("low level")
        core.plan_set_period(h, "2025-01-01", 90)
        self.assertEqual(core.plan_period_days(h), 90)
        self.assertEqual(core.plan_workdays(h), core.WEEKDAYS_DEFAULT)
        with self.assertRaises(salesplan.LookupFailedError):  # no stage 0: ERANGE
            core.plan_stage_observed(h, 0)
        core.plan_add_stage(h, "lead", 0.5, 0.0)
        self.assertEqual(core.plan_stage_observed(h, 0), [-1, -1])  # absent
        self.assertEqual(core.plan_stage_name(h, 0), "lead")
        with self.assertRaises(salesplan.LookupFailedError):
            core.plan_stage_days(h, 1)
        self.assertGreaterEqual(core.version_number(), 100)
        self.assertEqual(core.version(), salesplan.__version__)
        self.assertEqual(core.strerror(core.EPLAN), salesplan.strerror(4))


if __name__ == "__main__":
    unittest.main()
