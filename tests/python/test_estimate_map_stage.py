"""Plan.apply_estimate(est, map_stage=...): an export whose stages are named
otherwise than the plan's (A, B, C here; Discovery, Demo, Proposal in the
built-in example) fits the plan through a stage map, as the C tool's
`estimate --plan FILE --map-stage CRM=PLAN`."""

import json
import os
import tempfile
import unittest

import salesplan
from helpers import run_cli

HERE = os.path.dirname(os.path.abspath(__file__))
TRANSITIONS = os.path.join(HERE, "..", "data", "estimate", "transitions.csv")
MAP = {"A": "Discovery", "b": "Demo", "C": "Proposal"}  # matched ignoring case


def transitions():
    return salesplan.estimate(TRANSITIONS, shape="transitions", stages="A,B,C")


def stages(plan):
    return {s["name"]: s for s in plan.to_dict()["funnel"]["stages"]}


class MapStage(unittest.TestCase):
    def test_mapped_stages_take_the_estimate(self):
        est = transitions()
        before = stages(salesplan.example_plan())
        plan = salesplan.example_plan()
        plan.apply_estimate(est, map_stage=MAP)
        after = stages(plan)
        measured = {s.name: s for s in est.funnel}
        for crm, name in (("A", "Discovery"), ("B", "Demo"), ("C", "Proposal")):
            self.assertEqual(after[name]["conversion"], measured[crm].conversion, name)
            self.assertEqual(after[name]["days"], measured[crm].days, name)
            adv, lost = measured[crm].observed
            self.assertEqual(after[name]["observed"], {"advanced": adv, "lost": lost}, name)
        for name in ("Lead", "Qualified"):  # not in the export: kept
            self.assertEqual(after[name], before[name], name)
        self.assertEqual(list(after), list(before))
        self.assertTrue(plan.is_valid)

    def test_spellings_agree(self):
        """A dict, (crm, plan) pairs and "CRM=PLAN;..." text are one map."""
        est = transitions()
        plans = []
        for m in (MAP, list(MAP.items()), tuple(MAP.items()), "A=Discovery; b=Demo\nC=Proposal",
                  ["A=Discovery", "b=Demo", "C=Proposal"]):
            p = salesplan.example_plan()
            p.apply_estimate(est, map_stage=m)
            plans.append(p.to_json())
        self.assertEqual(len(set(plans)), 1)

    def test_same_as_the_c_tool(self):
        plan = salesplan.example_plan()
        plan.apply_estimate(transitions(), map_stage=MAP)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "plan.json")
            with open(path, "w") as f:
                f.write(salesplan.example_json())
            args = ["estimate", TRANSITIONS, "--shape", "transitions", "--stages", "A,B,C",
                    "--plan", path]
            for crm, name in MAP.items():
                args += ["--map-stage", f"{crm}={name}"]
            c = run_cli(*args)
        self.assertEqual(c.returncode, 0, c.stderr)
        self.assertEqual(json.loads(c.stdout), plan.to_dict())

    def test_refusals_leave_the_plan(self):
        est = transitions()
        for m, kind, words in (
                ({"A": "Discovery"}, salesplan.DataError,
                 "the export's stage 'B' is no open stage of the plan (Lead, Qualified, "
                 "Discovery, Demo, Proposal, Won); map it (keyword map_stage=)"),
                (None, salesplan.DataError, "map it (keyword map_stage=)"),
                ({"A": "Discovery", "B": "Discovery", "C": "Proposal"}, salesplan.DataError,
                 "two export stages map onto the plan's stage 'Discovery'"),
                ("A", salesplan.InvalidArgumentError,
                 "map_stage: each entry must be CRM=PLAN (a pair of stage names), found 'A'"),
                ([("A", "")], salesplan.InvalidArgumentError, "found ('A', '')"),
                ({"A": 3}, salesplan.InvalidArgumentError, "found ('A', 3)")):
            with self.subTest(map_stage=m):
                plan = salesplan.example_plan()
                with self.assertRaises(kind) as cm:
                    plan.apply_estimate(est, map_stage=m)
                self.assertIn(words, str(cm.exception))
                self.assertEqual(plan.to_json(), salesplan.example_plan().to_json())


if __name__ == "__main__":
    unittest.main()
