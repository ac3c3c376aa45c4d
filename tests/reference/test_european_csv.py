"""Issue 13 item 4: the shared CRM export rewritten as a European CSV
(semicolons, D/M/Y dates, decimal commas with thousands points) gives the same
figures as the original through `salesplan estimate`, with nothing but the
file changed (no --delimiter, --date-order or --decimal-comma)."""
import csv
import json
import os
import subprocess
import sys
import tempfile
import unittest

# The shared data is found by tests/python/helpers.py (next to the checkout,
# then $SALESPLAN_SHARED_DATA); that module does not need the bindings.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from helpers import shared_export, shared_missing  # noqa: E402

DATA = shared_export()
CLI = os.environ.get("SALESPLAN_CLI", "salesplan")


def european(src: str, dst: str) -> None:
    def day_first(s: str) -> str:
        if not s:
            return s
        m, d, y = s.split("/")
        return f"{int(d)}/{int(m)}/{y}"

    def comma(s: str) -> str:
        if not s:
            return s
        t = f"{float(s):,.2f}"  # 1,054.00
        return t.replace(",", "X").replace(".", ",").replace("X", ".")

    with open(src, newline="") as f, open(dst, "w", newline="") as g:
        r = csv.DictReader(f)
        w = csv.DictWriter(g, fieldnames=r.fieldnames, delimiter=";")
        w.writeheader()
        for row in r:
            row["engage_date"] = day_first(row["engage_date"])
            row["close_date"] = day_first(row["close_date"])
            row["close_value"] = comma(row["close_value"])
            w.writerow(row)


def run(path: str, *args: str) -> dict:
    p = subprocess.run([CLI, "estimate", path, *args], capture_output=True, check=True)
    return json.loads(p.stdout)


@unittest.skipUnless(DATA, shared_missing())
class European(unittest.TestCase):
    def test_same_figures(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            eu = os.path.join(tmp, "eu.csv")
            european(DATA, eu)
            with open(eu) as f:
                f.readline()
                self.assertIn(";1.054,00", f.readline())  # the fixture is really European
            a = run(DATA, "--group", "sales_agent")
            b = run(eu, "--group", "sales_agent")
        self.assertEqual((a["delimiter"], a["date_order"]), (",", "mdy"))
        self.assertEqual((b["delimiter"], b["date_order"]), (";", "dmy"))
        for key in ("deals", "won", "lost", "open", "win_rate", "win_rate_ci95", "won_amount",
                    "cycle_days", "groups", "funnel", "skipped", "date_range", "warnings"):
            self.assertEqual(a[key], b[key], key)
        self.assertEqual(a["cycle_days"]["mean"], 51.781972628598396)
        self.assertEqual(a["date_range"], {"from": "2016-10-20", "to": "2017-12-31"})

    def test_wrong_order_is_refused(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            eu = os.path.join(tmp, "eu.csv")
            european(DATA, eu)
            p = subprocess.run([CLI, "estimate", eu, "--date-order", "mdy"], capture_output=True)
        self.assertEqual(p.returncode, 65)
        self.assertIn(b"6922 of 8800 rows malformed", p.stderr)
        self.assertIn(b"--allow-skips", p.stderr)


if __name__ == "__main__":
    unittest.main()
