"""`python3 -m salesplan` mirrors the C tool: same outputs, same exit codes."""

import json
import os
import tempfile
import unittest

import salesplan
from helpers import run_cli, run_py_cli, shared_export


def both(*args, stdin=None, text=True):
    return run_cli(*args, stdin=stdin, text=text), run_py_cli(*args, stdin=stdin, text=text)


def cli_has(command):
    proc = run_cli(command, "--help")
    return proc.returncode == 0


class Mirror(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def write(self, name, text):
        with open(self.path(name), "w") as f:
            f.write(text)
        return self.path(name)

    def assertSame(self, c, p, stdout=True, stderr=False):
        self.assertEqual(p.returncode, c.returncode, f"C: {c.stderr!r}\nPy: {p.stderr!r}")
        if stdout:
            self.assertEqual(p.stdout, c.stdout)
        if stderr:
            self.assertEqual(p.stderr, c.stderr)

    def assertAllSame(self, prefix, cases, stdin=None, code=None):
        """Each case (a tuple of arguments after `prefix`): the same stdout,
        stderr and exit status from both tools (and `code` when given)."""
        for args in cases:
            with self.subTest(args=args):
                c, p = both(*prefix, *args, stdin=stdin)
                self.assertSame(c, p, stderr=True)
                if code is not None:
                    self.assertEqual(c.returncode, code, c.stderr)

    def needs(self, command, python_name):
        """Skip unless both the C tool and the bindings have this part."""
        if not cli_has(command) or not hasattr(salesplan, python_name):
            self.skipTest(f"{command} is not in this build")

    def test_example(self):
        c, p = both("example")
        self.assertSame(c, p)
        self.assertEqual(c.returncode, 0)

    def test_plan_formats(self):
        for fmt in ("md", "json", "csv"):
            with self.subTest(fmt=fmt):
                c, p = both("plan", "--format", fmt, text=False)
                self.assertSame(c, p, stderr=True)
        c, p = both("plan", "-f", "json", "--confidence", "0.8")
        self.assertSame(c, p)
        c, p = both("plan", "--format=json", "--expected")
        self.assertSame(c, p)

    def test_plan_file_stdin_and_output(self):
        path = self.write("plan.json", salesplan.example_json())
        c, p = both("plan", path, "--format", "json")
        self.assertSame(c, p, stderr=True)
        c, p = both("plan", "-", "--format", "json", stdin=salesplan.example_json())
        self.assertSame(c, p)
        out_c, out_p = self.path("c.md"), self.path("p.md")
        c = run_cli("plan", path, "-o", out_c)
        p = run_py_cli("plan", path, "-o", out_p)
        self.assertSame(c, p)
        with open(out_c, "rb") as a, open(out_p, "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_bad_plan(self):
        d = salesplan.example_plan().to_dict()
        d["deal"]["average_size"] = -3
        path = self.write("bad.json", json.dumps(d, indent=2))
        c, p = both("plan", path)
        self.assertSame(c, p, stderr=True)
        self.assertEqual(c.returncode, 65)
        c, p = both("validate", path)
        self.assertSame(c, p, stderr=True)
        self.assertEqual(c.returncode, 65)

    def test_validate_ok_and_quiet(self):
        path = self.write("plan.json", salesplan.example_json())
        c, p = both("validate", path)
        self.assertSame(c, p, stderr=True)
        self.assertEqual(c.returncode, 0)
        bad = self.write("bad.json", "{\n  \"salesplan\": 2,\n")
        c, p = both("validate", "-q", bad)
        self.assertSame(c, p, stderr=True)

    def test_missing_input(self):
        missing = self.path("nope.json")
        for args in (("plan", missing), ("validate", missing), ("plan", self.tmp.name),
                     ("validate", self.tmp.name)):
            c, p = both(*args)
            self.assertSame(c, p, stderr=True)
            self.assertEqual(c.returncode, 66)

    def test_usage_errors(self):
        for args in (("plan", "--confidence", "1.5"), ("plan", "--format", "pdf"),
                     ("plan", "--expected", "--confidence", "0.5"), ("plan", "a", "b"),
                     ("validate",), ("frobnicate",), ()):
            with self.subTest(args=args):
                c, p = both(*args)
                self.assertEqual(p.returncode, c.returncode, (c.stderr, p.stderr))
                self.assertEqual(c.returncode, 64)

    def test_output_not_writable(self):
        out = os.path.join(self.path("no-such-dir"), "out.md")
        c, p = both("plan", "-o", out)
        self.assertEqual(p.returncode, c.returncode)
        self.assertEqual(c.returncode, 74)
        self.assertFalse(os.path.exists(out))

    def test_version_and_help(self):
        c, p = both("--version")
        self.assertEqual((c.returncode, p.returncode), (0, 0))
        self.assertIn(salesplan.__version__, p.stdout)
        for cmd in ("plan", "example", "validate"):
            c, p = both(cmd, "--help")
            self.assertEqual((c.returncode, p.returncode), (0, 0))

    def test_simulate(self):
        if not cli_has("simulate") or not hasattr(salesplan, "Simulation"):
            self.skipTest("simulate is not in this build")
        c, p = both("simulate", "--trials", "2000", "--seed", "7", "--format", "json")
        self.assertSame(c, p)
        for args in (("--trials", "0"), ("--threads", "65"), ("--format", "pdf"),
                     (self.path("nope.json"),)):
            c, p = both("simulate", *args)
            self.assertEqual(p.returncode, c.returncode, args)
            self.assertNotEqual(c.returncode, 0)

    def test_estimate_errors(self):
        self.needs("estimate", "estimate")
        csv = self.write("d.csv", "id,stage,amount\n1,Won,5\n2,Lost,3\n3,Won\n")
        for args in ((csv, "--shape", "sideways"), (self.path("nope.csv"),), (csv, "--strict"),
                     (csv, "--stage", "zz"), (csv, "--emit-funnel", "--plan", "x"),
                     (csv, "--delimiter", "ab"), (csv, "--delimiter", "\n"),
                     (csv, "--max-reported", "0")):
            with self.subTest(args=args):
                c, p = both("estimate", *args)
                self.assertSame(c, p, stderr=True)
        c, p = both("estimate", "-", stdin="id,stage\n1,won\n2,lost\n")
        self.assertSame(c, p, stderr=True)

    def test_estimate_rep(self):
        """--rep, --rep-min-n, --rep-q: the same document, report and messages."""
        self.needs("estimate", "estimate")
        # A 3 won 1 lost, B 1 won 3 lost (the tea-tasting table: p = 17/35)
        text = ("id,owner,stage\n1,A,Won\n2,A,Won\n3,A,Won\n4,A,Lost\n"
                "5,B,Won\n6,B,Lost\n7,B,Lost\n8,B,Lost\n")
        csv = self.write("d.csv", text)
        tested = ("--rep", "owner", "--rep-min-n", "4", "--rep-q", "0.5")
        for args in (tested, tested + ("-f", "md"), ("--rep", "owner"),
                     ("--rep", "owner", "--rep-q", "1.5"), ("--rep", "owner", "--rep-q", "0"),
                     ("--rep", "owner", "--rep-min-n", "0"), ("--rep", "seller"),
                     ("--rep", "owner", "--group", "owner", "--emit-funnel")):
            with self.subTest(args=args):
                c, p = both("estimate", csv, *args)
                self.assertSame(c, p, stderr=True)
        c, p = both("estimate", "-", *tested, stdin=text)
        self.assertSame(c, p, stderr=True)
        doc = json.loads(p.stdout)
        self.assertEqual(doc["rep_column"], "owner")
        stage = {r["name"]: r["stages"][0] for r in doc["reps"]}
        self.assertAlmostEqual(stage["A"]["p_value"], 17 / 35, places=12)
        self.assertEqual((stage["A"]["flag"], stage["B"]["flag"]), ("above", "below"))
        c, p = both("estimate", csv, "--rep", "seller")
        self.assertEqual(c.returncode, 65)
        self.assertIn("rep column 'seller' is not in the header", p.stderr)

    def test_estimate_rep_shared_export(self):
        self.needs("estimate", "estimate")
        path = shared_export(self)
        for args in (("--rep", "sales_agent"), ("--rep", "sales_agent", "-f", "md"),
                     ("--rep", "sales_agent", "--rep-min-n", "150", "--rep-q", "0.5",
                      "--group", "product")):
            with self.subTest(args=args):
                c, p = both("estimate", path, *args)
                self.assertSame(c, p, stderr=True)
                self.assertEqual(c.returncode, 0, c.stderr)

    def test_estimate_joins(self):
        """Repeated --join FILE:KEY: several lookup tables, the same document,
        notes and refusals."""
        self.needs("estimate", "estimate")
        data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "estimate")
        export = os.path.join(data, "by_agent.csv")
        teams = "--join", os.path.join(data, "teams.csv") + ":agent"
        managers = "--join", os.path.join(data, "managers_semicolon.csv") + ":agent"
        groups = ("--group", "region", "--group", "manager")
        self.assertAllSame(("estimate", export), [
            teams + managers + groups, managers + teams + groups,
            teams + managers + groups + ("-f", "md"), teams + managers + ("--emit-funnel",),
            teams + ("--join", os.path.join(data, "teams.csv") + ":agent", "--group", "region"),
        ], code=0)
        doc = json.loads(run_py_cli("estimate", export, *teams, *managers, *groups).stdout)
        values = {(g["column"], g["value"]): g["deals"] for g in doc["groups"]}
        self.assertEqual(values, {("region", "North"): 2, ("region", "South"): 1,
                                  ("manager", "Mia"): 1, ("manager", "Noah"): 1})
        many = tuple(a for _ in range(65) for a in teams)
        self.assertAllSame(("estimate", export), [
            teams + ("--join", self.path("nope.csv") + ":agent") + groups,
            teams + ("--join", os.path.join(data, "teams.csv") + ":zz") + groups,
            teams + ("--join", "teams.csv:"), teams + ("--join", ":agent"),
            teams + ("--join", "teams.csv"), many, teams + ("--group", "manager"),
        ])
        c, p = both("estimate", export, *many)
        self.assertEqual(c.returncode, 64)
        self.assertIn("too many --join tables (at most 64)", p.stderr)

    def test_estimate_map_stage(self):
        """--plan with repeated --map-stage CRM=PLAN: the same plan, or the same
        refusal."""
        self.needs("estimate", "estimate")
        data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "estimate")
        plan = self.write("plan.json", salesplan.example_json())
        prefix = ("estimate", os.path.join(data, "transitions.csv"), "--shape", "transitions",
                  "--stages", "A,B,C", "--plan", plan)
        mapped = ("--map-stage", "A=Discovery", "--map-stage", "b=Demo",
                  "--map-stage", "C=Proposal")
        self.assertAllSame(prefix, [mapped, mapped + ("-o", "-")], code=0)
        self.assertAllSame(prefix, [mapped[:2], ()], code=65)
        self.assertAllSame(prefix, [mapped[:2] + ("--map-stage", "B=Discovery"),
                                    ("--map-stage", "A=Nowhere") + mapped[2:]], code=65)
        self.assertAllSame(prefix, [("--map-stage", "=x"), ("--map-stage", "A="),
                                    ("--map-stage", "A"),
                                    tuple(a for _ in range(65) for a in mapped[:2])], code=64)
        out = self.path("fitted.json")
        c, p = both(*prefix, *mapped, "-o", out)
        self.assertSame(c, p, stderr=True)
        fitted = salesplan.Plan.load(out)
        est = salesplan.estimate(os.path.join(data, "transitions.csv"), shape="transitions",
                                 stages="A,B,C")
        convs = {s.name: s.conversion for s in est.funnel}
        self.assertEqual({s.name: s.conversion for s in fitted.stages
                          if s.name in ("Discovery", "Demo", "Proposal")},
                         {"Discovery": convs["A"], "Demo": convs["B"], "Proposal": convs["C"]})

    def test_estimate_joins_shared_export(self):
        self.needs("estimate", "estimate")
        path = shared_export(self)
        here = os.path.dirname(path)
        joins = ("--join", os.path.join(here, "sales_teams.csv") + ":sales_agent",
                 "--join", os.path.join(here, "products.csv") + ":product")
        self.assertAllSame(("estimate", path) + joins, [
            ("--group", "regional_office", "--group", "series"),
            ("--group", "regional_office", "--group", "series", "-f", "md"),
            ("--group", "manager", "--rep", "sales_agent"),
        ], code=0)

    def test_shared_option_parsers(self):
        """Refused numbers, formats and choices: same exit code and message."""
        csv = self.write("d.csv", "stage,amount\nwon,5\nlost,3\n")
        cases = [("plan", "--confidence", v) for v in ("nan", "inf", " 0.5", "0.5x", "1e400",
                                                        "", "1")]
        cases += [("simulate", "--trials", v) for v in ("+5", "5 ", "0x10", "1e3",
                                                        "99999999999999999999999")]
        cases += [("simulate", "--seed", "18446744073709551616"),
                  ("simulate", "--threads", "65"),
                  ("plan", "--format", "pdf"), ("simulate", "-f", "csv"),
                  ("estimate", csv, "--format", "svg"), ("estimate", csv, "-f", "JSON"),
                  ("estimate", csv, "--max-reported", "-1"),
                  ("estimate", csv, "--shape", "wide"), ("estimate", csv, "--date-order", "ymd"),
                  ("estimate", "-", "--plan", "-")]
        for args in cases:
            with self.subTest(args=args):
                c, p = both(*args)
                self.assertSame(c, p, stderr=True)
                self.assertEqual(c.returncode, 64)

    def test_dash_and_markdown_everywhere(self):
        plan = salesplan.example_json()
        path = self.write("plan.json", plan)
        csv = self.write("d.csv", "stage,amount\nwon,5\nlost,3\n")
        for args, stdin in ((("plan", "-", "-f", "markdown"), plan),
                            (("simulate", "-", "-n", "500", "-o", "-"), plan),
                            (("validate", "-"), plan),
                            (("estimate", "-", "-f", "markdown"), "stage,amount\nwon,5\n"),
                            (("estimate", csv, "--plan", "-"), plan)):
            with self.subTest(args=args):
                c, p = both(*args, stdin=stdin)
                self.assertSame(c, p, stderr=True)
                self.assertEqual(c.returncode, 0, c.stderr)
        bad = self.write("bad.json", '{"salesplan": 1,\n "name": ""}\n')
        for cmd in ("plan", "simulate", "validate"):
            with self.subTest(cmd=cmd):
                c, p = both(cmd, bad)
                self.assertSame(c, p, stderr=True)
                self.assertEqual(c.returncode, 65)
                with open(bad) as f:
                    c, p = both(cmd, "-", stdin=f.read())
                self.assertSame(c, p, stderr=True)
        for cmd in ("plan", "simulate", "validate"):
            c, p = both(cmd, self.tmp.name)
            self.assertSame(c, p, stderr=True)
            self.assertEqual(c.returncode, 66)


if __name__ == "__main__":
    unittest.main()
