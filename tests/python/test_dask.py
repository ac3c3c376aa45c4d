"""salesplan.dask.estimate on a dask.distributed LocalCluster with 2 worker
processes (SPEC §14): 4 partitions of an export, as CSV files and as a dask
DataFrame, equal salesplan.estimate() on the whole file. Skipped only when
dask.distributed is not installed (Debian: python3-distributed)."""

import json
import os
import tempfile
import unittest

import salesplan
from helpers import shared_export

try:
    import distributed  # noqa: F401
    HAVE_DISTRIBUTED = True
except ImportError:
    HAVE_DISTRIBUTED = False

HERE = os.path.dirname(os.path.abspath(__file__))
BY_AGENT = os.path.join(HERE, "..", "data", "estimate", "by_agent.csv")


def split_files(path, k, into):
    """The file's rows dealt round-robin to k CSV files, each with the header."""
    with open(path, "rb") as f:
        lines = f.read().splitlines(keepends=True)
    paths = []
    for i in range(k):
        p = os.path.join(into, f"part{i}.csv")
        with open(p, "wb") as f:
            f.write(lines[0] + b"".join(lines[1 + i::k]))
        paths.append(p)
    return paths


def without_bytes(doc):
    d = json.loads(doc)
    d.pop("bytes", None)
    return d


@unittest.skipUnless(HAVE_DISTRIBUTED, "dask.distributed is not installed")
class OnLocalCluster(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import salesplan.dask  # noqa: F401
        from distributed import Client, LocalCluster
        cls.cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                   dashboard_address=None)
        cls.client = Client(cls.cluster)
        cls.addClassCleanup(cls.cluster.close)
        cls.addClassCleanup(cls.client.close)

    def check(self, path, **options):
        import dask.dataframe as dd
        import pandas as pd
        want = salesplan.estimate(path, **options).to_json()
        with tempfile.TemporaryDirectory() as tmp:
            paths = split_files(path, 4, tmp)
            got = salesplan.dask.estimate(paths, **options).to_json()
            self.assertEqual(got, want)  # byte for byte
            glob_got = salesplan.dask.estimate(os.path.join(tmp, "part*.csv"), split_every=2,
                                               **options).to_json()
            self.assertEqual(glob_got, want)
        # a DataFrame of the text fields: records carry no CSV bytes
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        ddf = dd.from_pandas(frame, npartitions=4)
        self.assertEqual(ddf.npartitions, 4)
        got = salesplan.dask.estimate(ddf, **options).to_json()
        self.assertEqual(without_bytes(got), without_bytes(want))
        self.assertEqual(json.loads(got)["bytes"], 0)
        # typed columns (numbers, NaN, Timestamps) give the same figures
        typed = pd.read_csv(path)
        for c in ("created", "closed", "created_on", "close_date"):
            if c in typed.columns:
                typed[c] = pd.to_datetime(typed[c])
        got = salesplan.dask.estimate(dd.from_pandas(typed, npartitions=4), **options)
        self.assertEqual(without_bytes(got.to_json()), without_bytes(want))
        return json.loads(want)

    def test_by_agent(self):
        d = self.check(BY_AGENT, group="agent")
        # the states were made on the 2 worker processes, not on the client
        ran = self.client.run(lambda: "salesplan._state" in __import__("sys").modules)
        self.assertEqual(list(ran.values()), [True, True])
        self.assertGreater(d["deals"], 0)
        self.assertEqual([g["value"] for g in d["groups"]], ["ann", "bob", "cid", "zed"])

    def test_shared_export(self):
        d = self.check(shared_export(self), group=["sales_agent", "product"])
        self.assertEqual(d["deals"], 8800)

    def test_bad_options_fail_on_the_client(self):
        with self.assertRaises(salesplan.InvalidArgumentError):
            salesplan.dask.estimate([BY_AGENT], shape="nope")


if __name__ == "__main__":
    unittest.main()
