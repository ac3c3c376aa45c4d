"""Tracking (SPEC §11) through Python: Plan.track with an actuals dict, a
file and CRM rows in memory, equal to the C tool's JSON byte for byte; typed
errors with path, line and column; json_call op track; python -m salesplan
track mirroring the C tool."""

import csv
import json
import os
import unittest

import salesplan
from helpers import HERE, run_cli, run_py_cli

DATA = os.path.join(os.path.dirname(HERE), "data")
TRACK = os.path.join(DATA, "track")
PLAN = os.path.join(TRACK, "plan.json")
DOC = os.path.join(TRACK, "actuals.json")


def rows(name):
    with open(os.path.join(TRACK, name), newline="") as f:
        return list(csv.DictReader(f))


class Track(unittest.TestCase):
    def setUp(self):
        self.plan = salesplan.Plan.load(PLAN)

    def test_routes_agree_with_the_cli(self):
        cli = run_cli("track", PLAN, "--actuals", DOC, "--format", "json")
        self.assertEqual(cli.returncode, 0, cli.stderr)
        with open(DOC) as f:
            doc = json.load(f)
        by_file = self.plan.track(DOC)
        by_dict = self.plan.track(doc)
        by_rows = self.plan.track(deals=rows("deals.csv"), activities=rows("activities.csv"),
                                  as_of="2026-06-03", map_stage={"Proposal": "Prop"})
        for t in (by_file, by_dict, by_rows):
            self.assertEqual(t.to_json(), cli.stdout)
        for fmt in ("md", "csv", "svg"):
            # bytes: CSV lines end with CRLF (RFC 4180)
            want = run_cli("track", PLAN, "--actuals", DOC, "--format", fmt, text=False).stdout
            self.assertEqual(by_rows.render(fmt).encode("utf-8"), want, fmt)

    def test_figures(self):
        t = self.plan.track(DOC)
        # Ann 6000 + 12000, e 2000 without a rep; 3 of 10 workdays of 50000 due
        self.assertEqual(t.booked, 20000.0)
        self.assertEqual(t.expected_to_date, 15000.0)
        self.assertAlmostEqual(t.pace, 20000.0 / 15000.0, places=12)
        self.assertEqual(t.status, "ahead")
        self.assertEqual(t.gap, 30000.0)
        ann, bob, sid = t.reps
        self.assertEqual((ann.name, ann.booked, bob.booked), ("Ann", 18000.0, 0.0))
        self.assertIsNone(sid.quota)  # SDR has no quota
        self.assertIsNone(sid.status)
        self.assertEqual(ann.activities[0][0], "Calls")
        self.assertEqual(ann.activities[0][2], 3.0)  # done to date
        self.assertEqual([a.done_to_date for a in t.activities], [3.0, 2.0])
        self.assertEqual([w.code for w in t.warnings], ["booking_no_rep"])
        self.assertEqual(t.to_dict()["booked"], 20000)
        self.assertEqual(self.plan.track(DOC, ahead=2.0).status, "on_track")

    def test_rows_with_dates_and_numbers(self):
        import datetime as dt
        deals = [{"stage": "Won", "closed": dt.date(2026, 6, 2), "amount": 1500.5,
                  "owner": "Bob"},
                 {"stage": "Opp", "closed": None, "amount": None, "owner": "Ann"}]
        t = self.plan.track(deals=deals, as_of="2026-06-03")
        self.assertEqual(t.booked, 1500.5)
        self.assertEqual(t.reps[1].booked, 1500.5)
        # one Opp deal (P = 0.4) of 10000
        self.assertAlmostEqual(t.projected_from_pipeline, 1500.5 + 4000.0, places=9)

    def test_errors(self):
        with self.assertRaises(salesplan.PlanError) as c:
            self.plan.track({"salesplan_actuals": 1, "as_of": "2026-06-03",
                             "bookings": [{"date": "2026-06-01", "amount": 5, "rep": "Zed"}]})
        self.assertEqual(c.exception.path, "bookings[0].rep")
        self.assertEqual(c.exception.line, 1)
        self.assertGreater(c.exception.column, 1)
        with self.assertRaises(salesplan.DataError) as c:
            self.plan.track(deals=[{"stage": "Won", "closed": "2026-06-01", "amount": 5}],
                            as_of="2026-06-03")
        self.assertEqual(c.exception.path, "deals")
        self.assertIn("no owner column found", str(c.exception))
        with self.assertRaises(salesplan.DataError) as c:
            self.plan.track(deals=rows("deals.csv"), as_of="2026-06-03",
                            map_stage={"Proposal": "Nope"})
        self.assertEqual(c.exception.path, "stage_map")
        with self.assertRaises(salesplan.LookupFailedError) as c:
            self.plan.track(DOC, as_of="2026-07-01")
        self.assertEqual(c.exception.path, "as_of")
        with self.assertRaises(salesplan.NotFoundError):
            self.plan.track(os.path.join(TRACK, "missing.json"))
        for bad in ({"deals": rows("deals.csv"), "actuals": DOC}, {}, {"actuals": 3},
                    {"actuals": DOC, "won": "x"}, {"actuals": DOC, "colour": 1},
                    {"deals": [1, 2], "as_of": "2026-06-03"}):
            with self.assertRaises(salesplan.InvalidArgumentError, msg=str(bad)):
                self.plan.track(**bad)

    def test_json_call(self):
        with open(PLAN) as f:
            plan = json.load(f)
        with open(DOC) as f:
            doc = json.load(f)
        reply = salesplan.json_call({"op": "track", "plan": plan, "actuals": doc})
        self.assertEqual(reply, self.plan.track(DOC).to_dict())
        reply = salesplan.json_call({"op": "track", "plan": plan, "actuals": doc,
                                     "as_of": "2026-06-05", "format": "csv"})
        self.assertEqual(reply["text"], self.plan.track(DOC, "2026-06-05").render("csv"))
        self.assertIn("track", salesplan.json_call({"op": "version"})["ops"])

    def test_python_cli_mirrors_the_c_tool(self):
        cases = [
            ("track", PLAN, "--deals", os.path.join(TRACK, "deals.csv"), "--activities",
             os.path.join(TRACK, "activities.csv"), "--map-stage", "Proposal=Prop",
             "--as-of", "2026-06-03", "-f", "json"),
            ("track", PLAN, "--deals", os.path.join(TRACK, "deals_messy.csv"),
             "--as-of", "2026-06-03", "-f", "csv"),
            ("track", PLAN, "--deals", os.path.join(TRACK, "deals_no_owner.csv"),
             "--as-of", "2026-06-03"),
            ("track", os.path.join(DATA, "actuals", "plan.json"), "--actuals",
             os.path.join(DATA, "actuals", "invalid", "unknown_rep.json")),
            ("track", PLAN, "--actuals", DOC, "--as-of", "2026-07-01"),
            ("track", PLAN, "--deals", os.path.join(TRACK, "deals.csv"), "--map-stage",
             "Proposal", "--as-of", "2026-06-03"),
        ]
        for args in cases:
            c, p = run_cli(*args), run_py_cli(*args)
            self.assertEqual(p.returncode, c.returncode, args)
            self.assertEqual(p.stdout, c.stdout, args)
            self.assertEqual(p.stderr, c.stderr, args)


if __name__ == "__main__":
    unittest.main()
