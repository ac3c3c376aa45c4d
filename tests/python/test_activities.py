"""Activity yields (SPEC §12) through Python: salesplan.activities from paths,
bytes, file objects and lists of dicts, equal to the C tool's JSON byte for
byte; typed results; emit_activities; errors in keyword words; python -m
salesplan activities mirroring the C tool."""

import csv
import io
import json
import os
import unittest

import salesplan
from helpers import HERE, run_cli, run_py_cli

DATA = os.path.join(os.path.dirname(HERE), "data", "activities")
PLAN = os.path.join(DATA, "plan.json")


def path(name):
    return os.path.join(DATA, name)


def rows(name):
    with open(path(name), newline="") as f:
        return list(csv.DictReader(f))


class Activities(unittest.TestCase):
    def test_sources_agree_with_the_cli(self):
        cli = run_cli("activities", path("sf_tasks.csv"), "--deals", path("sf_opps.csv"))
        self.assertEqual(cli.returncode, 0, cli.stderr)
        by_path = salesplan.activities(path("sf_tasks.csv"), path("sf_opps.csv"))
        self.assertEqual(by_path.to_json(), cli.stdout)
        with open(path("sf_tasks.csv"), "rb") as f:
            data = f.read()
        by_bytes = salesplan.activities(data, open(path("sf_opps.csv"), "rb"))
        self.assertEqual(by_bytes.to_json(), cli.stdout)
        by_rows = salesplan.activities(rows("sf_tasks.csv"), rows("sf_opps.csv"))
        self.assertEqual(by_rows.to_dict()["activities"], by_path.to_dict()["activities"])
        by_text = salesplan.activities(io.StringIO(data.decode()), path("sf_opps.csv"))
        self.assertEqual(by_text.to_json(), cli.stdout)

    def test_typed_figures(self):
        r = salesplan.activities(path("sf_tasks.csv"), path("sf_opps.csv"))
        self.assertEqual(r.range, ("2026-03-02", "2026-03-28"))
        self.assertEqual(r.coverage, 5 / 7)
        email = r["Email"]
        self.assertEqual((email.count, email.entries, email.per_entry), (3, 4, 0.75))
        self.assertEqual((email.won_deals, email.per_won_deal), (2, 1.5))
        self.assertEqual(email.mean_per_won_deal, 0.5)
        self.assertEqual([(o.owner, o.count, o.per_entry) for o in email.owners],
                         [("Jane Doe", 1, 0.5), ("Raj Patel", 2, 1.0)])
        self.assertIn("| Email | created | 3 | 4 | 0.75 |", r.render("md"))

    def test_plan_and_emit(self):
        plan = salesplan.Plan.load(PLAN)
        r = salesplan.activities(rows("hs_activities.csv"), rows("hs_deals.csv"), plan,
                                 map={"EMAIL": "Cold email"})
        self.assertEqual([a.name for a in r.activities], ["Cold email", "Call", "Meeting"])
        self.assertEqual(r["Meeting"].entries, 2)
        self.assertEqual(r["Cold email"].planned_per_entry, 50)
        emitted = r.emit_activities()
        self.assertEqual([a["per_entry"] for a in emitted], [0.75, 0.25, 1])
        plan_doc = json.loads(plan.to_json())
        plan_doc["activities"] = emitted
        fitted = salesplan.Plan.from_json(json.dumps(plan_doc))  # validates
        self.assertEqual(json.loads(fitted.to_json())["activities"][1]["per_entry"], 0.25)
        cli = run_cli("activities", path("hs_activities.csv"), "--deals", path("hs_deals.csv"),
                      "--plan", PLAN, "--map", "EMAIL=Cold email", "--emit-activities")
        self.assertEqual(json.loads(cli.stdout), emitted)

    def test_errors(self):
        with self.assertRaises(salesplan.DataError) as cm:
            salesplan.activities(path("sf_tasks.csv"), path("sf_opps.csv"), type="Nope")
        self.assertIn("type column 'Nope'", str(cm.exception))
        with self.assertRaises(salesplan.DataError) as cm:
            salesplan.activities("date,what\n2026-03-05,x\n", path("sf_opps.csv"))
        self.assertIn("keyword type=", str(cm.exception))
        with self.assertRaises(salesplan.InvalidArgumentError):
            salesplan.activities(path("sf_tasks.csv"), path("sf_opps.csv"), colour="red")
        with self.assertRaises(salesplan.InvalidArgumentError):
            salesplan.activities(path("sf_tasks.csv"), path("sf_opps.csv")).emit_activities()

    def test_python_cli_mirrors_the_c_tool(self):
        args = ("activities", path("hs_activities.csv"), "--deals", path("hs_deals.csv"),
                "--plan", PLAN, "-m", "EMAIL=Cold email")
        c = run_cli(*args)
        py = run_py_cli(*args)
        self.assertEqual(py.returncode, 0, py.stderr)
        self.assertEqual(py.stdout, c.stdout)
        c = run_cli("activities", path("sf_tasks.csv"), "--deals", path("sf_opps.csv"),
                    "--type", "Nope")
        py = run_py_cli("activities", path("sf_tasks.csv"), "--deals", path("sf_opps.csv"),
                        "--type", "Nope")
        self.assertEqual((py.returncode, c.returncode), (65, 65))
        self.assertIn("type column 'Nope'", py.stderr)


if __name__ == "__main__":
    unittest.main()
