"""salesplan.activities(..., threads=N): on a generated log of about 20 MiB
(large enough to be cut in two), two threads give the same JSON and Markdown
as one, skipped rows and their lines included, through the library and
through python -m salesplan activities -j 2; bad thread counts fail."""

import os
import tempfile
import unittest

import salesplan
from helpers import run_cli, run_py_cli

TYPES = ("Cold email", "Call", "Meeting", "Demo")


def write_files(d):
    log = os.path.join(d, "log.csv")
    deals = os.path.join(d, "deals.csv")
    with open(deals, "w") as f:
        f.write("deal_id,owner,stage,created,closed,account\n")
        for i in range(2000):
            stage = ("Closed Won", "Closed Lost", "Proposal")[i % 3]
            closed = "" if i % 3 == 2 else "2026-12-20"
            f.write(f"D{i},rep {i % 13},{stage},2026-{1 + i % 12:02d}-{1 + i % 28:02d},"
                    f"{closed},Acc {i % 500}\n")
    bad = []
    with open(log, "w") as f:
        f.write("date,type,owner,deal_id,account\n")
        size, line, i = 0, 2, 0
        rows = []
        while size < (20 << 20):
            if i % 40009 == 77:
                bad.append(line)
                row = "2026-13-01,Call,rep 1,,\n"
            else:
                k = i * 2654435761 % 4294967296
                deal = f"D{k // 7 % 2000}" if k % 5 == 0 else ""
                acc = f"Acc {k // 11 % 500}" if k % 5 == 1 else ""
                row = (f"2026-{1 + i % 12:02d}-{1 + i * 7 % 28:02d},{TYPES[k % 4]},"
                       f"rep {k % 13},{deal},{acc}\n")
            rows.append(row)
            size += len(row)
            line += 1
            i += 1
        f.write("".join(rows))
    return log, deals, bad


class ActivitiesThreads(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.log, cls.deals, cls.bad = write_files(cls.dir.name)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_two_threads_equal_one(self):
        opts = dict(from_="2026-01-01", to="2026-12-31")
        one = salesplan.activities(self.log, self.deals, **opts)
        two = salesplan.activities(self.log, self.deals, threads=2, **opts)
        self.assertEqual(two.to_json(), one.to_json())
        self.assertEqual(two.to_markdown(), one.to_markdown())
        self.assertGreaterEqual(len(self.bad), 8)
        for line in self.bad[:20]:  # 20 are reported by line
            self.assertIn(f"activities line {line} skipped: the date is missing or does not "
                          f"parse", two.warnings)
        # bytes are read on the calling thread whatever threads says
        with open(self.log, "rb") as f:
            data = f.read()
        self.assertEqual(salesplan.activities(data, self.deals, threads=2, **opts).to_json(),
                         one.to_json())

    def test_cli_j2(self):
        c = run_cli("activities", self.log, "--deals", self.deals)
        self.assertEqual(c.returncode, 0, c.stderr)
        for run in (run_cli, run_py_cli):
            r = run("activities", self.log, "--deals", self.deals, "-j", "2")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, c.stdout)
            self.assertEqual(r.stderr, c.stderr)

    def test_bad_counts(self):
        with self.assertRaises(salesplan.InvalidArgumentError):
            salesplan.activities(self.log, self.deals, threads=-1)
        with self.assertRaises(salesplan.InvalidArgumentError):
            salesplan.activities(self.log, self.deals, threads=True)
        with self.assertRaises(salesplan.InvalidArgumentError):
            salesplan.activities(self.log, self.deals, threads="2")
        with self.assertRaises(salesplan.Error) as e:
            salesplan.activities(self.log, self.deals, threads=65)
        self.assertEqual(e.exception.code, salesplan.core.ELIMIT)
        self.assertIn("keyword threads= must be at most 64", e.exception.message)


if __name__ == "__main__":
    unittest.main()
