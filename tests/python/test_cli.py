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
        if not cli_has("estimate") or not hasattr(salesplan, "estimate"):
            self.skipTest("estimate is not in this build")
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
        if not cli_has("estimate") or not hasattr(salesplan, "estimate"):
            self.skipTest("estimate is not in this build")
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
        if not cli_has("estimate") or not hasattr(salesplan, "estimate"):
            self.skipTest("estimate is not in this build")
        path = shared_export(self)
        for args in (("--rep", "sales_agent"), ("--rep", "sales_agent", "-f", "md"),
                     ("--rep", "sales_agent", "--rep-min-n", "150", "--rep-q", "0.5",
                      "--group", "product")):
            with self.subTest(args=args):
                c, p = both("estimate", path, *args)
                self.assertSame(c, p, stderr=True)
                self.assertEqual(c.returncode, 0, c.stderr)

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
