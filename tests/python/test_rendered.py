"""Every result wrapper (Result, Estimate, Simulation, Tracking) gets its
handle, render(), to_json/to_dict/to_markdown/to_csv/to_svg from one mixin:
each shortcut is render() of its format, the text the C tool prints, and a
format the object has not is refused naming the ones it has."""

import json
import os
import unittest

import salesplan
from salesplan._rendered import Rendered, nan_none
from helpers import HERE, run_cli

DATA = os.path.join(os.path.dirname(HERE), "data")
TRACK_PLAN = os.path.join(DATA, "track", "plan.json")
TRACK_DOC = os.path.join(DATA, "track", "actuals.json")
DEALS = os.path.join(DATA, "estimate", "snapshot.csv")


class Wrappers(unittest.TestCase):
    def objects(self):
        plan = salesplan.example_plan()
        return {
            "result": (plan.compute(), ("json", "md", "csv", "svg")),
            "estimate": (salesplan.estimate(DEALS), ("json", "md")),
            "simulation": (plan.simulate(trials=500, seed=3), ("json", "md", "svg")),
            "tracking": (salesplan.Plan.load(TRACK_PLAN).track(TRACK_DOC),
                         ("json", "md", "csv", "svg")),
        }

    def test_one_mixin(self):
        shortcuts = {"json": "to_json", "md": "to_markdown", "csv": "to_csv", "svg": "to_svg"}
        for name, (obj, formats) in self.objects().items():
            with self.subTest(name=name):
                self.assertIsInstance(obj, Rendered)
                self.assertIn(type(obj).__name__.replace("Handle", ""),
                              type(obj.handle).__name__)
                self.assertEqual(obj.to_dict(), json.loads(obj.render("json")))
                for fmt, method in shortcuts.items():
                    if fmt in formats:
                        self.assertEqual(getattr(obj, method)(), obj.render(fmt))
                    else:
                        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
                            getattr(obj, method)()
                        self.assertIn(repr(fmt), str(cm.exception))
                        for have in formats:
                            self.assertIn(have, str(cm.exception))

    def test_same_text_as_the_tool(self):
        est = salesplan.estimate(DEALS)
        self.assertEqual(est.to_markdown(), run_cli("estimate", DEALS, "-f", "md").stdout)
        track = salesplan.Plan.load(TRACK_PLAN).track(TRACK_DOC)
        self.assertEqual(track.to_svg(),
                         run_cli("track", TRACK_PLAN, "--actuals", TRACK_DOC, "-f", "svg").stdout)

    def test_cached_figures_and_no_stray_attributes(self):
        sim = salesplan.example_plan().simulate(trials=200, seed=1)
        self.assertIs(sim.revenue, sim.revenue)  # cached in the instance dict
        with self.assertRaises(AttributeError):
            sim.handle = None  # read-only

    def test_nan_none(self):
        self.assertIsNone(nan_none(float("nan")))
        self.assertEqual(nan_none(0.25), 0.25)
        self.assertEqual(nan_none(float("inf")), float("inf"))


if __name__ == "__main__":
    unittest.main()
