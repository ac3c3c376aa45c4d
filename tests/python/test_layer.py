"""The Python layer is thin: its tables come from the core module, its
modules depend one way, setters report the refused value, and add_* calls
are all-or-nothing."""

import ast
import os
import unittest

import salesplan
from salesplan import _errors, _tables, core


def _plan_with_stage():
    p = salesplan.Plan("x")
    p.add_stage("lead", 0.5, days=3)
    p.add_stage("won")
    return p


class TablesFromCore(unittest.TestCase):
    def test_status_names_are_the_core_constants(self):
        for code, name in _tables.STATUS_NAMES.items():
            self.assertEqual(getattr(core, name), code)
        # every status the library has a text for is named, and none other
        unknown = core.strerror(-1)
        known = {c for c in range(64) if core.strerror(c) != unknown}
        self.assertEqual(set(_tables.STATUS_NAMES), known)
        self.assertEqual(_tables.STATUS_NAMES[core.EPLAN], "EPLAN")

    def test_every_failure_status_has_its_class(self):
        for code, name in _tables.STATUS_NAMES.items():
            if code == core.OK:
                continue
            e = _errors.from_status(code, b"m")
            self.assertIsNot(type(e), salesplan.Error, name)
            self.assertEqual(e.status, name)
        self.assertIsInstance(_errors.from_status(core.ENOENT), FileNotFoundError)
        self.assertIsInstance(_errors.from_status(core.ESYNTAX, function="estimate_buffer"),
                              salesplan.DataError)

    def test_enum_names_follow_the_constants(self):
        self.assertEqual(_tables.FORMATS["md"], core.FORMAT_MARKDOWN)
        self.assertEqual(_tables.FORMATS["markdown"], core.FORMAT_MARKDOWN)
        self.assertEqual({k: v for k, v in _tables.FORMATS.items() if k != "markdown"},
                         {"json": core.FORMAT_JSON, "md": core.FORMAT_MARKDOWN,
                          "csv": core.FORMAT_CSV, "svg": core.FORMAT_SVG})
        self.assertEqual(salesplan.TARGET_KINDS,
                         ("new_business", "expansion", "renewal", "total"))
        self.assertEqual([getattr(core, "TARGET_" + k.upper()) for k in salesplan.TARGET_KINDS],
                         [0, 1, 2, 3])
        self.assertEqual(salesplan.WEEKDAYS, ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
        self.assertEqual(_tables.WEEKDAY_BITS["sun"], core.SUN)
        self.assertEqual(_tables.MODES, {"plan": core.MODE_PLAN, "expected": core.MODE_EXPECTED,
                                         "confidence": core.MODE_CONFIDENCE})
        self.assertEqual(salesplan.ECONOMICS_FIELDS,
                         ("arpa_monthly", "gross_margin", "churn_monthly", "cac"))
        self.assertEqual(salesplan.TEXT_FIELDS,
                         ("mission", "positioning", "value_proposition", "target_market"))

    def test_render_formats_per_object(self):
        res = salesplan.example_plan().compute()
        for name in ("json", "md", "markdown", "csv", "svg"):
            self.assertTrue(res.render(name))
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            res.render("pdf")
        self.assertIn("json, md, csv, svg", cm.exception.message)

    def test_no_literal_status_numbers_in_errors(self):
        src = ast.parse(open(_errors.__file__).read())
        dicts = [n for n in ast.walk(src) if isinstance(n, ast.Dict)]
        for d in dicts:
            for k in d.keys:
                self.assertNotIsInstance(k, ast.Constant, "a status code written as a number")


class OneWayImports(unittest.TestCase):
    def test_result_does_not_import_plan(self):
        path = os.path.join(os.path.dirname(salesplan.__file__), "_result.py")
        tree = ast.parse(open(path).read())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                self.assertNotIn("_plan", node.module or "", ast.dump(node))

    def test_result_plan_and_pickle_still_work(self):
        import pickle
        res = salesplan.example_plan().compute(confidence=0.8)
        self.assertIsInstance(res.plan, salesplan.Plan)
        self.assertEqual(res.plan, salesplan.example_plan())
        again = pickle.loads(pickle.dumps(res))
        self.assertEqual(again.to_json(), res.to_json())


class SetterRefusals(unittest.TestCase):
    def test_message_names_the_refused_value_once(self):
        p = _plan_with_stage()
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            p.add_activity("calls", "lead", -2.0)
        e = cm.exception
        self.assertEqual(e.path, "activities[0].per_entry")
        # the C rule, then the value found, once
        self.assertEqual(e.message,
                         "must be > 0 (units of the activity per entry into the stage); found -2")
        self.assertNotIn("calls", e.message)
        self.assertEqual(str(e).count("activities[0].per_entry"), 1, str(e))

    def test_which_argument_of_several(self):
        p = _plan_with_stage()
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            p.add_stage("", 0.5)
        self.assertEqual(cm.exception.path, "funnel.stages[2].name")
        self.assertEqual(cm.exception.message, 'must be 1 to 200 characters; found ""')
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            p.add_stage("demo", 1.5)
        self.assertEqual(cm.exception.path, "funnel.stages[2].conversion")
        self.assertIn("1.5", cm.exception.message)
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            p.set_period("2025-02-30", 30)
        self.assertEqual(cm.exception.path, "period.start")
        self.assertIn("2025-02-30", cm.exception.message)
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            p.set_period("2025-02-01", 0)
        self.assertEqual(cm.exception.path, "period.days")

    def test_list_values_are_named_by_item(self):
        p = _plan_with_stage()
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            p.add_role("ae", ramp=[0.5, 1.5, 1.0])
        self.assertEqual(cm.exception.path, "team.roles[0].ramp[1]")
        self.assertEqual(cm.exception.message,
                         "factors must be in [0, 1], one per tenure month; found 1.5")
        self.assertEqual(p.roles, ())  # all or nothing
        p.add_role("ae")
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            p.add_role("se", minutes_per_day=2000)
        self.assertEqual(cm.exception.path, "team.roles[1].minutes_per_day")
        self.assertEqual(len(p.roles), 1)
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            p.add_role("ae")
        self.assertEqual(cm.exception.path, "team.roles[1].name")
        self.assertEqual(cm.exception.message,
                         "must not repeat an earlier role's name; found \"ae\"")

    def test_unknown_choice_names_the_choices(self):
        p = salesplan.Plan("x")
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            p.target_kind = "gross"
        self.assertEqual(cm.exception.path, "target.kind")
        self.assertIn("'gross'", cm.exception.message)
        self.assertIn("new_business", cm.exception.message)
        self.assertEqual(str(cm.exception).count("target.kind"), 1)
        with self.assertRaises(salesplan.InvalidArgumentError):
            p.workdays = ["mon", "funday"]
        self.assertEqual(p.workdays, ("mon", "tue", "wed", "thu", "fri"))


class AllOrNothing(unittest.TestCase):
    def test_add_activity_with_a_refused_option_adds_nothing(self):
        p = _plan_with_stage()
        before = p.to_json()
        for kw, path in (({"role": ""}, "activities[0].role"),
                         ({"share": 1.5}, "activities[0].share"),
                         ({"minutes": -1.0}, "activities[0].minutes"),
                         ({"skills": ["ok", ""]}, "activities[0].skills[1]")):
            with self.subTest(kw=kw):
                with self.assertRaises(salesplan.InvalidArgumentError) as cm:
                    p.add_activity("calls", "lead", 2.0, **kw)
                self.assertEqual(cm.exception.path, path)
                self.assertEqual(p.activities, ())
                self.assertEqual(p.to_json(), before)
        p.add_activity("calls", "lead", 2.0, share=0.5, role="ae", minutes=5, skills=["a"])
        self.assertEqual(p.activities, (salesplan.Activity("calls", "lead", 2.0, 0.5, "ae", 5.0,
                                                           ("a",)),))

    def test_add_role_rep_stage_competitor_adds_nothing_on_refusal(self):
        p = _plan_with_stage()
        before = p.to_json()
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            p.add_role("ae", ramp=[0.5, 2.0])
        self.assertTrue(cm.exception.path.startswith("team.roles[0].ramp"), cm.exception.path)
        with self.assertRaises(salesplan.InvalidArgumentError):
            p.add_role("ae", minutes_per_day=-3)
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            p.add_rep("ann", "ae", tenure_months=3, territory_weight=-1)
        self.assertEqual(cm.exception.path, "team.reps[0].territory_weight")
        with self.assertRaises(salesplan.InvalidArgumentError):
            p.add_competitor("", "direct")
        self.assertEqual(p.to_json(), before)
        self.assertEqual((p.roles, p.reps, p.competitors), ((), (), ()))
        p.add_role("ae", ramp=[0.5, 1.0], quota_monthly=1000)
        p.add_rep("ann", "ae", tenure_months=3, territory_weight=2)
        self.assertEqual(p.reps[0].territory_weight, 2.0)
        self.assertEqual(p.roles[0].ramp, (0.5, 1.0))


if __name__ == "__main__":
    unittest.main()
