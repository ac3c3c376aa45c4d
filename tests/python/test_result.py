"""Results: the document equals the C tool's JSON, the typed attributes agree
with the document, every render format works."""

import json
import os
import tempfile
import unittest

import salesplan
from helpers import run_cli



class AgainstTheCli(unittest.TestCase):
    def test_example_equals_cli_json(self):
        proc = run_cli("plan", "--format", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        want = json.loads(proc.stdout)
        got = salesplan.example_plan().compute().to_dict()
        self.assertEqual(got, want)
        # byte for byte, too
        self.assertEqual(salesplan.example_plan().compute().to_json(), proc.stdout)

    def test_confidence_equals_cli_json(self):
        proc = run_cli("plan", "--format", "json", "--confidence", "0.9")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(salesplan.example_plan().compute(confidence=0.9).to_dict(),
                         json.loads(proc.stdout))

    def test_other_formats_equal_cli(self):
        res = salesplan.example_plan().compute()
        for fmt, method in (("md", res.to_markdown), ("csv", res.to_csv)):
            proc = run_cli("plan", "--format", fmt, text=False)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(method().encode(), proc.stdout, fmt)

    def test_random_plans_equal_cli(self):
        import random
        from helpers import random_plan
        rng = random.Random(77)
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(15):
                d = random_plan(rng)
                path = os.path.join(tmp, f"plan{i}.json")
                with open(path, "w") as f:
                    json.dump(d, f)
                proc = run_cli("plan", path, "--format", "json")
                self.assertEqual(proc.returncode, 0, proc.stderr)
                self.assertEqual(salesplan.Plan.load(path).compute().to_json(), proc.stdout)


class TypedAttributes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.res = salesplan.example_plan().compute()
        cls.doc = cls.res.to_dict()

    def test_overview(self):
        o, d = self.res.overview, self.doc
        self.assertEqual(o.name, d["name"])
        self.assertEqual(o.currency, d["currency"])
        self.assertEqual(o.mode, d["mode"])
        self.assertEqual(o.confidence, d["confidence"])
        self.assertEqual((o.period_start, o.period_end, o.days, o.workdays),
                         (d["period"]["start"], d["period"]["end"], d["period"]["days"],
                          d["period"]["workdays"]))
        self.assertEqual((o.revenue, o.team_quota, o.deals_needed, o.pipeline_expected_deals),
                         (d["target"]["revenue"], d["target"]["team_quota"],
                          d["target"]["deals_needed"], d["target"]["pipeline_expected_deals"]))

    def test_lists_match_document(self):
        for attr in ("stages", "activities", "roles"):
            items = getattr(self.res, attr)
            self.assertEqual(len(items), len(self.doc[attr]), attr)
            for item, want in zip(items, self.doc[attr]):
                for key, value in want.items():
                    got = getattr(item, key)
                    self.assertEqual(got, value, f"{attr}.{key}")

    def test_blocks_match_document(self):
        for attr in ("capacity", "metrics"):
            block = getattr(self.res, attr)
            for key, value in self.doc[attr].items():
                self.assertEqual(getattr(block, key), value, f"{attr}.{key}")
        q, dq = self.res.quota, self.doc["quota"]
        self.assertEqual(q.unassigned, dq["unassigned"])
        self.assertEqual([vars(s) for s in q.slices], dq["slices"])
        self.assertEqual([vars(p) for p in q.phases], dq["phases"])
        self.assertEqual([{"name": r.name, "role": r.role, "slices": list(r.slices),
                           "total": r.total} for r in q.reps], dq["reps"])
        self.assertEqual([vars(w) for w in self.res.warnings], self.doc["warnings"])

    def test_plan_of_result(self):
        self.assertEqual(self.res.plan, salesplan.example_plan())

    def test_views_keep_their_result_alive(self):
        core = salesplan.core
        r = core.compute(core.example_plan())
        stage = core.result_stage(r, 0)
        name = stage.name
        del r
        import gc
        gc.collect()
        self.assertEqual(stage.name, name)

    def test_svg(self):
        try:
            svg = self.res.to_svg()
        except salesplan.InvalidArgumentError:
            self.skipTest("no SVG renderer in this build")
        self.assertIn("<svg", svg)


class JsonCall(unittest.TestCase):
    def test_plan_op(self):
        reply = salesplan.json_call({"op": "plan", "plan": salesplan.example_plan().to_dict()})
        self.assertEqual(reply, salesplan.example_plan().compute().to_dict())

    def test_error_is_a_reply(self):
        reply = salesplan.json_call('{"op": "nope"}')
        self.assertIn("error", reply)
        reply = salesplan.json_call(b"not json")
        self.assertIn("error", reply)


if __name__ == "__main__":
    unittest.main()
