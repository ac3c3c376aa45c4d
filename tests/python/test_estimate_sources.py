"""salesplan.estimate() takes a path, bytes, a file object (streamed through
an EstimateState, chunk by chunk) or an iterable of dicts (records): the same
keywords give the same estimate as the path form, on the fixtures and on the
shared CRM export, with groups, joins and rep diagnostics; options that need a
path are refused naming the keyword."""

import csv
import io
import json
import os
import unittest

import salesplan
from salesplan import _state
from helpers import shared_export

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "estimate")

# file -> options (groups, a join, the rep column, European reading...)
CASES = [
    ("snapshot.csv", {"group": "region"}),
    ("snapshot.csv", {"group": ["region"], "max_reported": 1, "won": ["won", "closed won"]}),
    ("by_agent.csv", {"group": "agent", "rep": "agent", "rep_min_n": 1, "rep_q": 0.5}),
    ("by_agent.csv", {"group": "region", "join_path": os.path.join(DATA, "teams.csv"),
                      "join_key": "agent"}),
    ("transitions.csv", {"shape": "transitions", "stages": ["A", "B", "C"], "group": "team",
                         "rep": "team", "rep_min_n": 1}),
]


def doc(est, keep_bytes=True):
    """The estimate's JSON document; without the CSV bytes read when the
    rows came as records (no CSV was read)."""
    d = json.loads(est.to_json())
    if not keep_bytes:
        d.get("info", d).pop("bytes", None)
    return d


class OneByteReader(io.RawIOBase):
    """A binary stream that hands out at most `step` bytes a read: the
    state must not care where the chunks end."""

    def __init__(self, data, step):
        self.data, self.at, self.step = data, 0, step
        self.reads = 0

    def readable(self):
        return True

    def readinto(self, b):
        n = min(len(b), self.step, len(self.data) - self.at)
        b[:n] = self.data[self.at:self.at + n]
        self.at += n
        self.reads += 1
        return n


def records_of(path):
    """The CSV file's rows as dicts, the way an ORM hands them over: empty
    fields as None."""
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield {k: (v if v != "" else None) for k, v in row.items()}


class SameAsPath(unittest.TestCase):
    def check(self, path, options, records=True):
        want = salesplan.estimate(path, **options)
        want_doc = doc(want)
        with open(path, "rb") as f:
            raw = f.read()
        with self.subTest(source="bytes"):
            self.assertEqual(doc(salesplan.estimate(raw, **options)), want_doc)
            self.assertEqual(doc(salesplan.estimate(bytearray(raw), **options)), want_doc)
        with self.subTest(source="binary file"):
            with open(path, "rb") as f:
                got = salesplan.estimate(f, **options)
                self.assertFalse(f.closed, "the caller's file is left open")
            self.assertEqual(doc(got), want_doc)
            self.assertEqual(got.to_markdown(), want.to_markdown())
        with self.subTest(source="text file"):
            with open(path, encoding="utf-8", newline="") as f:
                self.assertEqual(doc(salesplan.estimate(f, **options)), want_doc)
        with self.subTest(source="BytesIO"):
            self.assertEqual(doc(salesplan.estimate(io.BytesIO(raw), **options)), want_doc)
        if records:
            with self.subTest(source="records"):
                got = salesplan.estimate(records_of(path), **options)
                self.assertEqual(doc(got, keep_bytes=False), doc(want, keep_bytes=False))
                self.assertEqual(got.info["bytes"], 0)
        return want

    def test_fixtures(self):
        for name, options in CASES:
            with self.subTest(name=name, options=options):
                self.check(os.path.join(DATA, name), options)

    def test_small_chunks(self):
        """Chunks of 1, 7 and 4096 bytes (a raw stream's short reads) give
        the estimate of the whole file."""
        path = os.path.join(DATA, "snapshot.csv")
        want = doc(salesplan.estimate(path, group="region"))
        with open(path, "rb") as f:
            raw = f.read()
        for step in (1, 7, 4096):
            with self.subTest(step=step):
                r = OneByteReader(raw, step)
                self.assertEqual(doc(salesplan.estimate(r, group="region")), want)
                self.assertGreaterEqual(r.reads, len(raw) // step)

    def test_chunks_are_bounded(self):
        """The file object is read CHUNK bytes at a time, never whole."""
        sizes = []

        class Spy(io.BytesIO):
            def readinto(self, b):
                sizes.append(len(b))
                return super().readinto(b)

        text = b"stage,amount\n" + b"won,5\nlost,3\n" * 200_000  # 2.6 MB
        est = salesplan.estimate(Spy(text))
        self.assertEqual((est.overall.won, est.overall.lost), (200_000, 200_000))
        self.assertTrue(sizes and max(sizes) == _state.CHUNK, sizes[:3])
        self.assertGreaterEqual(len(sizes), len(text) // _state.CHUNK)

    def test_shared_export(self):
        path = shared_export(self)
        for options in ({"group": ["sales_agent", "product"]},
                        {"rep": "sales_agent"},
                        {"group": "regional_office", "rep": "sales_agent", "rep_q": 0.2,
                         "join_path": os.path.join(os.path.dirname(path), "sales_teams.csv"),
                         "join_key": "sales_agent"}):
            with self.subTest(options=options):
                want = self.check(path, options)
                self.assertEqual(want.overall.deals, 8800)
                if "rep" in options:
                    self.assertTrue(want.reps)


class Refusals(unittest.TestCase):
    TEXT = b"id,stage,amount\n1,Won,5\n2,Lost,3\n"

    def test_threads_needs_a_path(self):
        for source in (io.BytesIO(self.TEXT), [{"stage": "Won"}]):
            with self.subTest(source=type(source).__name__):
                with self.assertRaises(salesplan.InvalidArgumentError) as cm:
                    salesplan.estimate(source, threads=4)
                self.assertIn("threads=4", str(cm.exception))
                self.assertIn("pass a path", str(cm.exception))
        # 0 and 1 mean the calling thread: accepted
        for t in (0, 1):
            self.assertEqual(salesplan.estimate(io.BytesIO(self.TEXT), threads=t).overall.won, 1)

    def test_empty_inputs(self):
        with self.assertRaises(salesplan.DataError) as want:
            salesplan.estimate(b"")
        for source in (io.BytesIO(b""), io.StringIO("")):
            with self.subTest(source=type(source).__name__):
                with self.assertRaises(salesplan.DataError) as cm:
                    salesplan.estimate(source)
                self.assertEqual(cm.exception.message, want.exception.message)
        with self.assertRaises(salesplan.DataError) as cm:
            salesplan.estimate(iter([]))
        self.assertIn("no records", str(cm.exception))

    def test_wrong_sources(self):
        for source in (42, {"stage": "Won"}, [("Won", 5)], None):
            with self.subTest(source=source):
                with self.assertRaises(TypeError):
                    salesplan.estimate(source)

    def test_errors_name_keywords(self):
        """A missing column in streamed input is named as a keyword, as for a path."""
        with self.assertRaises(salesplan.DataError) as want:
            salesplan.estimate(io.BytesIO(self.TEXT), rep="seller")
        self.assertIn("seller", str(want.exception))
        with self.assertRaises(salesplan.DataError) as cm:
            salesplan.estimate([{"id": "1", "stage": "Won", "amount": "5"}], rep="seller")
        self.assertEqual(str(cm.exception), str(want.exception))

    def test_strict_streams_stop_at_the_bad_row(self):
        text = b"id,stage,created\n1,Won,2024-01-01\n2,Lost,notadate\n"
        with self.assertRaises(salesplan.DataError) as want:
            salesplan.estimate(text, strict=True)
        with self.assertRaises(salesplan.DataError) as cm:
            salesplan.estimate(io.BytesIO(text), strict=True)
        self.assertEqual(cm.exception.line, want.exception.line)
        self.assertEqual(cm.exception.line, 3)


if __name__ == "__main__":
    unittest.main()
