"""The merge law of SPEC §14 through Python: random splits of the fixture
exports fed to EstimateState as CSV byte chunks or as dict records, moved as
bytes (and pickles), merged in random orders, finish into exactly the JSON of
salesplan.estimate() on the whole file (records carry no CSV bytes, so the
document's "bytes" read is compared only when every part was fed as CSV)."""

import csv
import datetime as dt
import io
import json
import os
import pickle
import random
import unittest

import salesplan
from helpers import shared_export

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "estimate")

# file -> the options it is estimated with (the join/lookup files are not exports)
CASES = {
    "snapshot.csv": {"group": "region"},
    "by_agent.csv": {"group": "agent"},
    "transitions.csv": {"shape": "transitions", "stages": ["A", "B", "C"], "group": "team"},
}


def without_bytes(doc):
    d = json.loads(doc)
    d.get("info", d).pop("bytes", None)
    for v in d.values():
        if isinstance(v, dict):
            v.pop("bytes", None)
    return d


class MergeLaw(unittest.TestCase):
    def law(self, name, options, trials, rng):
        path = os.path.join(DATA, name)
        want = salesplan.estimate(path, **options).to_json()
        self.assertIn('"bytes"', want)
        with open(path, "rb") as f:
            raw = f.read()
        lines = raw.splitlines(keepends=True)
        header, rows = lines[0], lines[1:]
        names = next(csv.reader([header.decode()]))
        for _ in range(trials):
            k = rng.randint(1, 6)
            parts = [[] for _ in range(k)]
            for r in rows:
                parts[rng.randrange(k)].append(r)
            states, any_records = [], False
            for part in parts:
                s = salesplan.EstimateState(**options)
                if rng.random() < 0.4:
                    any_records = True
                    recs = [dict(zip(names, f)) for f in csv.reader(
                        [r.decode() for r in part if r.strip()])]
                    for rec in recs:  # empty fields are nulls, as in a CSV
                        for c in rec:
                            if rec[c] == "":
                                rec[c] = None
                    self.assertEqual(s.feed_records(recs), len(recs))
                else:
                    data = header + b"".join(part)
                    at = 0
                    while at < len(data):
                        n = rng.randint(1, 7) if rng.random() < 0.5 else rng.randint(1, 4096)
                        s.feed_csv(data[at:at + n])
                        at += n
                    s.feed_csv_end()
                r = rng.random()
                if r < 0.3:
                    s = salesplan.EstimateState.from_bytes(bytes(s))
                elif r < 0.5:
                    s = pickle.loads(pickle.dumps(s))
                states.append(s)
            while len(states) > 1:  # a random merge tree
                a, b = rng.sample(range(len(states)), 2)
                states[a].merge(states[b])
                if rng.random() < 0.3:
                    states[a] = salesplan.EstimateState.from_bytes(states[a].to_bytes())
                states.pop(b)
            got = states[0].finish().to_json()
            if any_records:
                self.assertEqual(without_bytes(got), without_bytes(want))
            else:
                self.assertEqual(got, want)

    def test_fixtures(self):
        rng = random.Random(15)
        for name, options in CASES.items():
            with self.subTest(name=name):
                self.law(name, options, 25, rng)

    def test_shared_export(self):
        path = shared_export(self)
        want = salesplan.estimate(path, group=["sales_agent", "product"]).to_json()
        with open(path, "rb") as f:
            raw = f.read()
        lines = raw.splitlines(keepends=True)
        rng = random.Random(7)
        parts = [[] for _ in range(4)]
        for r in lines[1:]:
            parts[rng.randrange(4)].append(r)
        blobs = []
        for part in parts:
            s = salesplan.EstimateState(group=["sales_agent", "product"])
            s.feed_csv(lines[0] + b"".join(part))
            s.feed_csv_end()
            blobs.append(bytes(s))
        acc = salesplan.EstimateState.from_bytes(blobs[3])
        for b in blobs[:3]:
            acc.merge(salesplan.EstimateState.from_bytes(b))
        self.assertEqual(acc.finish().to_json(), want)


class Records(unittest.TestCase):
    def test_typed_values_equal_their_text(self):
        text = ("id,stage,created,closed,amount\n1,Won,2024-01-01,2024-01-11,100.5\n"
                "2,Lost,2024-01-02,2024-01-05,0\n3,Open,2024-02-01,,\n")
        want = without_bytes(salesplan.estimate_text(text).to_json())
        s = salesplan.EstimateState()
        n = s.feed_records([
            {"id": 1, "stage": "Won", "created": dt.date(2024, 1, 1),
             "closed": dt.datetime(2024, 1, 11, 9, 30), "amount": 100.5},
            {"id": 2, "stage": "Lost", "created": dt.date(2024, 1, 2),
             "closed": dt.date(2024, 1, 5), "amount": 0},
            {"id": 3, "stage": "Open", "created": "2024-02-01", "amount": float("nan")},
        ])
        self.assertEqual(n, 3)
        got = s.finish().to_dict()
        self.assertEqual(without_bytes(json.dumps(got)), want)
        self.assertEqual(got["won_amount"]["sum"], 100.5)
        self.assertEqual(got["cycle_days"]["mean"], 10.0)

    def test_sequences_need_columns(self):
        s = salesplan.EstimateState()
        with self.assertRaises(TypeError):
            s.feed_records([("1", "Won")])
        s.feed_records([("1", "Won"), ("2", "Lost")], columns=["id", "stage"])
        s.feed_records([("3", "Won")])  # the columns stay named
        d = s.finish().to_dict()
        self.assertEqual((d["deals"], d["won"], d["lost"]), (3, 2, 1))

    def test_bad_value_type(self):
        s = salesplan.EstimateState()
        with self.assertRaises(TypeError):
            s.feed_records([{"id": "1", "stage": object()}])


class Bytes(unittest.TestCase):
    def state(self):
        s = salesplan.EstimateState(group="agent")
        with open(os.path.join(DATA, "by_agent.csv"), "rb") as f:
            s.feed_csv(f.read())
        s.feed_csv_end()
        return s

    def test_same_state_same_bytes(self):
        b = bytes(self.state())
        self.assertEqual(b[:8], b"SLPESTS1")
        self.assertEqual(salesplan.EstimateState.from_bytes(b).to_bytes(), b)

    def test_corrupt_bytes_raise_data_error(self):
        b = bytes(self.state())
        bad = [b"", b[:7], b[:-1], b + b"\0", b"XLPESTS1" + b[8:]]
        for i in range(8, len(b), max(1, len(b) // 40)):
            flipped = bytearray(b)
            flipped[i] ^= 0x41
            bad.append(bytes(flipped))
        for x in bad:
            with self.subTest(n=len(x)):
                with self.assertRaises(salesplan.DataError):
                    salesplan.EstimateState.from_bytes(x)

    def test_pickle(self):
        s = self.state()
        t = pickle.loads(pickle.dumps(s, protocol=pickle.HIGHEST_PROTOCOL))
        self.assertIsInstance(t, salesplan.EstimateState)
        self.assertEqual(t.finish().to_json(), s.finish().to_json())
        self.assertEqual(bytes(t), bytes(s))

    def test_empty_states_merge_either_way(self):
        want = self.state().finish().to_json()
        for order in ((0, 1), (1, 0), (0, 0, 1, 0)):
            parts = [salesplan.EstimateState(group="agent"), self.state()]
            acc = salesplan.EstimateState.from_bytes(bytes(parts[order[0]]))
            for i in order[1:]:
                acc.merge(salesplan.EstimateState.from_bytes(bytes(parts[i])))
            self.assertEqual(acc.finish().to_json(), want)

    def test_merge_other_options_refused(self):
        a = self.state()
        b = salesplan.EstimateState()
        with self.assertRaises(salesplan.InvalidArgumentError):
            a.merge(b)

    def test_unfinished_csv_cannot_be_serialized(self):
        s = salesplan.EstimateState()
        s.feed_csv(b"id,stage\n1,Won")
        with self.assertRaises(salesplan.InvalidArgumentError):
            bytes(s)
        s.feed_csv_end()
        self.assertEqual(salesplan.EstimateState.from_bytes(bytes(s)).finish().to_dict()["won"], 1)


if __name__ == "__main__":
    unittest.main()
