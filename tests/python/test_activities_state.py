"""The activity state (SPEC §12, §14) through Python: random splits of the
fixture log and deals fed to ActivityState as CSV byte chunks or as dict
records, moved as bytes and pickles, merged in random orders, finish into
exactly the JSON of salesplan.activities() on the whole files, which is the C
tool's JSON; salesplan.activities() streams file objects in chunks and
iterables of dicts as records; corrupt bytes and misuse raise."""

import csv
import datetime as dt
import io
import os
import pickle
import random
import unittest

import salesplan
from helpers import HERE, run_cli

DATA = os.path.join(os.path.dirname(HERE), "data", "activities")
PLAN = os.path.join(DATA, "plan.json")

# (log, deals, plan?, options)
CASES = [
    ("sf_tasks.csv", "sf_opps.csv", False, {}),
    ("hs_activities.csv", "hs_deals.csv", True, {"map": {"EMAIL": "Cold email"}}),
    ("odoo_activities.csv", "odoo_leads.csv", False, {}),
]


def path(name):
    return os.path.join(DATA, name)


def read(name):
    with open(path(name), "rb") as f:
        return f.read()


def split_rows(data, parts, rng):
    """The rows after the header dealt at random into `parts` CSV documents."""
    lines = data.splitlines(keepends=True)
    out = [[lines[0]] for _ in range(parts)]
    for line in lines[1:]:
        out[rng.randrange(parts)].append(line)
    return [b"".join(p) for p in out]


def as_dicts(data):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


class Source:
    """A file object that counts its reads and refuses to be read whole."""

    def __init__(self, data):
        self._f = io.BytesIO(data)
        self.reads = 0

    def read(self, n=-1):
        if n is None or n < 0:
            raise AssertionError("the file was read whole")
        self.reads += 1
        return self._f.read(n)


class ActivityStateLaw(unittest.TestCase):
    def test_merge_law(self):
        rng = random.Random(20260401)
        for log_name, deals_name, with_plan, options in CASES:
            plan = salesplan.Plan.load(PLAN) if with_plan else None
            want = salesplan.activities(path(log_name), path(deals_name), plan, **options)
            cli = ["activities", path(log_name), "--deals", path(deals_name)]
            if with_plan:
                cli += ["--plan", PLAN, "--map", "EMAIL=Cold email"]
            c = run_cli(*cli)
            self.assertEqual(c.returncode, 0, c.stderr)
            self.assertEqual(want.to_json(), c.stdout)
            log, deals = read(log_name), read(deals_name)
            for _ in range(12):
                parts = rng.randint(1, 4)
                states = []
                for lp, dp in zip(split_rows(log, parts, rng), split_rows(deals, parts, rng)):
                    s = salesplan.ActivityState(plan, **options)
                    for feed, data, records in ((s.feed_deals_csv, dp, s.feed_deal_records),
                                                (s.feed_log_csv, lp, s.feed_log_records)):
                        if rng.random() < 0.3:
                            records(as_dicts(data))
                        else:
                            at = 0
                            while at < len(data):
                                n = rng.randint(1, 40)
                                feed(data[at:at + n])
                                at += n
                    if rng.random() < 0.5:
                        s = salesplan.ActivityState.from_bytes(bytes(s))
                    if rng.random() < 0.3:
                        s = pickle.loads(pickle.dumps(s))
                    states.append(s)
                while len(states) > 1:
                    a = states.pop(rng.randrange(len(states)))
                    b = states.pop(rng.randrange(len(states)))
                    states.append(a.merge(b))
                got = states[0].finish()
                self.assertEqual(got.to_json(), want.to_json(), (log_name, parts))
                if with_plan:
                    self.assertEqual(got.emit_activities(), want.emit_activities())

    def test_records_with_typed_values(self):
        # dates as datetime.date and deal ids as int read like their CSV text
        want = salesplan.activities(path("hs_activities.csv"), path("hs_deals.csv"))
        s = salesplan.ActivityState()
        deals = as_dicts(read("hs_deals.csv"))
        for d in deals:
            d["Record ID"] = int(d["Record ID"])
            d["Stage Date"] = dt.date.fromisoformat(d["Stage Date"])
        self.assertEqual(s.feed_deal_records(deals), len(deals))
        s.feed_log_records(as_dicts(read("hs_activities.csv")))
        self.assertEqual(s.finish().to_json(), want.to_json())
        # sequences with columns= too
        rows = list(csv.reader(io.StringIO(read("sf_tasks.csv").decode())))
        s = salesplan.ActivityState()
        s.feed_deals_csv(read("sf_opps.csv"))
        self.assertEqual(s.feed_log_records(rows[1:], columns=rows[0]), len(rows) - 1)
        self.assertEqual(s.finish().to_json(),
                         salesplan.activities(path("sf_tasks.csv"), path("sf_opps.csv")).to_json())


class Streaming(unittest.TestCase):
    def test_file_objects_are_read_in_chunks(self):
        want = salesplan.activities(path("sf_tasks.csv"), path("sf_opps.csv"))
        log, deals = Source(read("sf_tasks.csv")), Source(read("sf_opps.csv"))
        self.assertEqual(salesplan.activities(log, deals).to_json(), want.to_json())
        self.assertGreaterEqual(log.reads, 2)  # a chunk, then the end
        # text-mode file objects too
        got = salesplan.activities(io.StringIO(read("sf_tasks.csv").decode()),
                                   io.StringIO(read("sf_opps.csv").decode()))
        self.assertEqual(got.to_json(), want.to_json())

    def test_big_log_in_several_chunks(self):
        # a log of more than 1 MiB crosses the chunk size of the reader
        header = b"Assigned,Subject,Task Type,Activity Date,Company / Account,Opportunity ID\n"
        row = b"Jane Doe,Intro,Email,3/9/2026,Acme,006A\n"
        big = header + row * ((3 << 20) // len(row))
        src = Source(big)
        r = salesplan.activities(src, path("sf_opps.csv"))
        self.assertGreaterEqual(src.reads, 4)
        self.assertEqual(r["Email"].count, (3 << 20) // len(row))
        self.assertEqual(r.to_json(), salesplan.activities(big, path("sf_opps.csv")).to_json())

    def test_iterables_of_dicts_are_fed_as_records(self):
        want = salesplan.activities(path("sf_tasks.csv"), path("sf_opps.csv"))
        log = iter(as_dicts(read("sf_tasks.csv")))  # an iterator: one pass, never a list
        deals = (d for d in as_dicts(read("sf_opps.csv")))
        self.assertEqual(salesplan.activities(log, deals).to_json(), want.to_json())


class Refusals(unittest.TestCase):
    def test_corrupt_and_truncated_bytes(self):
        s = salesplan.ActivityState()
        s.feed_deals_csv(read("sf_opps.csv"))
        s.feed_log_csv(read("sf_tasks.csv"))
        b = bytes(s)
        self.assertEqual(bytes(salesplan.ActivityState.from_bytes(b)), b)
        for cut in (0, 10, 31, 32, len(b) // 2, len(b) - 1):
            with self.assertRaises(salesplan.DataError):
                salesplan.ActivityState.from_bytes(b[:cut])
        flipped = bytearray(b)
        flipped[len(b) // 2] ^= 1
        with self.assertRaises(salesplan.DataError) as cm:
            salesplan.ActivityState.from_bytes(bytes(flipped))
        self.assertIn("checksum", str(cm.exception))
        with self.assertRaises(TypeError):
            salesplan.ActivityState.from_bytes("text")

    def test_misuse(self):
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            salesplan.ActivityState(colour="red")
        self.assertIn("unknown keyword colour=", str(cm.exception))
        with self.assertRaises(salesplan.InvalidArgumentError):
            salesplan.ActivityState(window_days=-1)
        a, b = salesplan.ActivityState(window_days=5), salesplan.ActivityState()
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            a.merge(b)
        self.assertIn("different options", str(cm.exception))
        with self.assertRaises(TypeError):
            a.merge("not a state")
        s = salesplan.ActivityState(type="Nope")
        with self.assertRaises(salesplan.DataError) as cm:
            s.feed_log_csv(read("sf_tasks.csv"))
            s.feed_log_csv_end()
        self.assertIn("type column 'Nope'", str(cm.exception))
        s = salesplan.ActivityState()
        s.feed_log_csv(b"date,what\n2026-03-05,x\n")
        with self.assertRaises(salesplan.DataError) as cm:
            s.finish()
        self.assertIn("keyword type=", str(cm.exception))
        with self.assertRaises(salesplan.DataError) as cm:
            salesplan.ActivityState().finish()
        self.assertIn("empty", str(cm.exception))
        with self.assertRaises(salesplan.InvalidArgumentError):
            salesplan.activities(path("sf_tasks.csv"), [1, 2, 3])


if __name__ == "__main__":
    unittest.main()
