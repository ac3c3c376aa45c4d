"""salesplan.estimate(join=[(table, key), ...]): several lookup tables, as the
C tool's repeated --join FILE:KEY. Group figures are checked against a join
done here with the csv module, and the document against the C tool's on the
same files; every way of handing a table over (path, bytes, file object,
dicts) gives the same estimate. A table held in memory goes to the library as
its CSV text (no temporary file), also in an EstimateState, whose bytes carry
the text; json_call's "joins" takes the same texts."""

import csv
import io
import json
import os
import tempfile
import unittest

import salesplan
from helpers import close, run_cli, shared_export

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "estimate")
EXPORT = os.path.join(DATA, "by_agent.csv")
TEAMS = os.path.join(DATA, "teams.csv")                   # agent -> region
MANAGERS = os.path.join(DATA, "managers_semicolon.csv")   # agent -> manager (';')


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        text = f.read()
    delim = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    return list(csv.DictReader(io.StringIO(text), delimiter=delim))


def by_hand(export, tables, groups, stage="stage", amount="amount"):
    """(column, value) -> [deals, won, lost, won amount sum]: each group column
    looked up in the first table (rows, key) whose header has it."""
    lookups = {}  # column -> (key, {key value: column value})
    for col in groups:
        for rows, key in tables:
            if rows and col in rows[0]:
                lookups[col] = (key, {r[key]: r[col] for r in rows})
                break
    out = {}
    for r in export:
        outcome = r[stage].strip().lower()
        for col in groups:
            if col in r:
                value = r[col]
            else:
                key, table = lookups[col]
                value = table.get(r[key])
            if not value:
                continue
            f = out.setdefault((col, value), [0, 0, 0, 0.0])
            f[0] += 1
            if outcome in ("won", "closed won"):
                f[1] += 1
                f[3] += float(r[amount] or 0)
            elif outcome in ("lost", "closed lost"):
                f[2] += 1
    return out


def figures(est):
    return {(g.column, g.value): [g.figures.deals, g.figures.won, g.figures.lost,
                                  g.figures.won_amount_sum or 0.0] for g in est.groups}


def doc(est):
    return json.loads(est.to_json())


def records(path):
    return [dict(r) for r in read_csv(path)]


def c_tool_doc(test, export, join, groups):
    """The C tool's JSON of `estimate EXPORT --join P:K... --group G...`."""
    args = ["estimate", export]
    for path, key in join:
        args += ["--join", f"{path}:{key}"]
    for g in groups:
        args += ["--group", g]
    c = run_cli(*args)
    test.assertEqual(c.returncode, 0, c.stderr)
    return json.loads(c.stdout)


class Fixture(unittest.TestCase):
    JOIN = [(TEAMS, "agent"), (MANAGERS, "agent")]
    GROUPS = ["region", "manager"]

    def test_figures_by_hand(self):
        est = salesplan.estimate(EXPORT, join=self.JOIN, group=self.GROUPS)
        want = by_hand(read_csv(EXPORT), [(read_csv(p), k) for p, k in self.JOIN], self.GROUPS)
        self.assertEqual(set(figures(est)), set(want))
        for k, f in figures(est).items():
            self.assertEqual(f[:3], want[k][:3], k)
            self.assertTrue(close(f[3], want[k][3]), (k, f, want[k]))
        # zed is in no table, cid has no manager: 2 rows with no match
        self.assertEqual(est.info["join_unmatched"], 2)

    def test_same_as_the_c_tool(self):
        est = salesplan.estimate(EXPORT, join=self.JOIN, group=self.GROUPS)
        self.assertEqual(c_tool_doc(self, EXPORT, self.JOIN, self.GROUPS), doc(est))

    def test_every_table_form(self):
        """A table as a path, bytes, a binary or text file object or dicts:
        the same estimate, whatever the export's form."""
        want = doc(salesplan.estimate(EXPORT, join=self.JOIN, group=self.GROUPS))
        with open(MANAGERS, "rb") as f:
            raw = f.read()
        forms = {"bytes": lambda: raw,
                 "binary file": lambda: io.BytesIO(raw),
                 "text file": lambda: io.StringIO(raw.decode()),
                 "records": lambda: iter(records(MANAGERS))}
        with open(EXPORT, "rb") as f:
            export = f.read()
        for name, table in forms.items():
            for source in ("path", "file"):
                with self.subTest(table=name, source=source):
                    src = EXPORT if source == "path" else io.BytesIO(export)
                    got = salesplan.estimate(src, join=[(TEAMS, "agent"), (table(), "agent")],
                                             group=self.GROUPS)
                    self.assertEqual(doc(got), want)
        got = salesplan.estimate(iter(records(EXPORT)), join=[(records(TEAMS), "agent"),
                                                               (raw, "agent")],
                                 group=self.GROUPS)
        self.assertEqual(figures(got), figures(salesplan.estimate(EXPORT, join=self.JOIN,
                                                                  group=self.GROUPS)))

    def test_records_table_values(self):
        """Numbers and dates in a records table are written as the library
        writes them in fed records, so keys of any type still match."""
        import datetime as dt
        export = [{"id": 7, "stage": "Won", "amount": 10, "day": dt.date(2024, 3, 1)},
                  {"id": 8.5, "stage": "Lost", "amount": 0, "day": dt.date(2024, 3, 2)},
                  {"id": 9, "stage": "Won", "amount": 5, "day": dt.date(2024, 3, 2)},
                  {"id": 10, "stage": "Won", "amount": 1, "day": dt.date(2024, 3, 3)}]
        table = [{"id": 7, "team": "a, with a comma"}, {"id": 8.5, "team": 'say "b"'},
                 {"id": 9, "team": None}]
        est = salesplan.estimate(export, join=[(table, "id")], group="team")
        self.assertEqual(figures(est), {("team", "a, with a comma"): [1, 1, 0, 10.0],
                                        ("team", 'say "b"'): [1, 0, 1, 0.0]})
        self.assertEqual(est.info["join_unmatched"], 1)  # id 10 (id 9 matched, team empty)
        by_day = salesplan.estimate(export, join=[([{"day": dt.date(2024, 3, 2), "w": "x"}],
                                                   "day")], group="w")
        self.assertEqual(figures(by_day), {("w", "x"): [2, 1, 1, 5.0]})

    def test_first_table_that_has_the_column(self):
        with tempfile.TemporaryDirectory() as tmp:
            a = os.path.join(tmp, "a.csv")
            with open(a, "w") as f:
                f.write("agent,region\nann,A-North\nbob,A-South\n")
            b = [{"agent": "ann", "region": "B-x", "tier": "gold"},
                 {"agent": "cid", "region": "B-y", "tier": "silver"}]
            est = salesplan.estimate(EXPORT, join=[(a, "agent"), (b, "agent")],
                                     group=["region", "tier"])
            got = figures(est)
            want = by_hand(read_csv(EXPORT), [(read_csv(a), "agent"), (b, "agent")],
                           ["region", "tier"])
            self.assertEqual({k: v[:3] for k, v in got.items()},
                             {k: v[:3] for k, v in want.items()})
            self.assertIn(("region", "A-North"), got)
            self.assertNotIn(("region", "B-x"), got)  # region comes from the first table
            self.assertEqual(got[("tier", "gold")][:3], [1, 1, 0])

    def test_single_table_spellings_agree(self):
        want = doc(salesplan.estimate(EXPORT, join_path=TEAMS, join_key="agent", group="region"))
        self.assertEqual(doc(salesplan.estimate(EXPORT, join=[(TEAMS, "agent")],
                                                group="region")), want)
        self.assertEqual(doc(salesplan.estimate(EXPORT, join=(TEAMS, "agent"), group="region")),
                         want)
        with open(EXPORT, "rb") as f:
            self.assertEqual(doc(salesplan.estimate_text(f.read(), join=[(TEAMS, "agent")],
                                                         group="region")), want)

    def test_state_takes_the_joins(self):
        want = doc(salesplan.estimate(EXPORT, join=self.JOIN, group=self.GROUPS))
        with open(EXPORT, "rb") as f:
            head, rest = f.readline(), f.read()
        a = salesplan.EstimateState(join=self.JOIN, group=self.GROUPS)
        b = salesplan.EstimateState(join=self.JOIN, group=self.GROUPS)
        a.feed_csv(head + rest.split(b"\n", 2)[0] + b"\n").feed_csv_end()
        b.feed_csv(head + b"\n".join(rest.split(b"\n", 2)[1:])).feed_csv_end()
        merged = salesplan.EstimateState.from_bytes(bytes(a)).merge(b)
        self.assertEqual(doc(merged.finish()), want)

    def test_no_temporary_file(self):
        """Tables in memory are handed over as text: nothing is written."""
        made = []
        saved = tempfile.mkdtemp, tempfile.mkstemp
        tempfile.mkdtemp = lambda *a, **k: made.append(a) or saved[0](*a, **k)
        tempfile.mkstemp = lambda *a, **k: made.append(a) or saved[1](*a, **k)
        try:
            with open(MANAGERS, "rb") as f:
                raw = f.read()
            est = salesplan.estimate(EXPORT, join=[(records(TEAMS), "agent"), (raw, "agent")],
                                     group=self.GROUPS)
            with self.assertRaises(salesplan.DataError):
                salesplan.estimate(EXPORT, join=[(b"agent,region\nann,x\nann,y\n", "agent")],
                                   group="region")
        finally:
            tempfile.mkdtemp, tempfile.mkstemp = saved
        self.assertEqual(made, [])
        self.assertEqual(doc(est), c_tool_doc(self, EXPORT, self.JOIN, self.GROUPS))

    def test_state_takes_tables_in_memory(self):
        """States built with tables in memory (bytes, dicts) split the rows,
        travel as bytes (the texts with them) and merge into the C tool's
        estimate with the tables as files."""
        want = c_tool_doc(self, EXPORT, self.JOIN, self.GROUPS)
        with open(MANAGERS, "rb") as f:
            managers = f.read()
        join = [(records(TEAMS), "agent"), (managers, "agent")]
        with open(EXPORT, "rb") as f:
            head, rest = f.readline(), f.read()
        first, second = rest.split(b"\n", 2)[0] + b"\n", b"\n".join(rest.split(b"\n", 2)[1:])
        a = salesplan.EstimateState(join=join, group=self.GROUPS)
        a.feed_csv(head + first).feed_csv_end()
        blob = bytes(a)
        self.assertIn(managers, blob)  # the text travels with the state
        # read back and fed more: the joins come from the bytes, not from Python
        b = salesplan.EstimateState.from_bytes(blob)
        b.feed_csv(head + second).feed_csv_end()
        self.assertEqual(doc(b.finish())["groups"], want["groups"])
        c = salesplan.EstimateState(join=join, group=self.GROUPS)
        c.feed_csv(head + second).feed_csv_end()
        merged = salesplan.EstimateState.from_bytes(blob).merge(c)
        got = doc(merged.finish())
        self.assertEqual({k: v for k, v in got.items() if k != "bytes"},
                         {k: v for k, v in want.items() if k != "bytes"})
        # another table: the states do not merge
        other = salesplan.EstimateState(join=[(records(TEAMS), "agent"),
                                              (managers + b"zed;Zoe\n", "agent")],
                                        group=self.GROUPS)
        other.feed_csv(head + second).feed_csv_end()
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            salesplan.EstimateState.from_bytes(blob).merge(other)
        self.assertIn("different options", str(cm.exception))

    def test_json_call_joins(self):
        """json_call's estimate with "joins" texts: the C tool's document on the files."""
        with open(EXPORT, encoding="utf-8") as f:
            export = f.read()
        joins = []
        for path, key in self.JOIN:
            with open(path, encoding="utf-8") as f:
                joins.append({"csv": f.read(), "key": key})
        got = salesplan.json_call({"op": "estimate", "csv": export, "joins": joins,
                                   "options": {"group": self.GROUPS}})
        self.assertEqual(got, c_tool_doc(self, EXPORT, self.JOIN, self.GROUPS))
        bad = salesplan.json_call({"op": "estimate", "csv": export,
                                   "joins": [joins[0], {"csv": joins[1]["csv"]}]})
        self.assertEqual(bad["error"]["path"], "joins[1].key")


class Refusals(unittest.TestCase):
    def test_both_spellings(self):
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            salesplan.estimate(EXPORT, join=[(TEAMS, "agent")], join_path=TEAMS,
                               join_key="agent")
        self.assertEqual(str(cm.exception), "give the join tables either as join=[(table, key), "
                         "...] or as join_path= with join_key=, not both")
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            salesplan.EstimateState(join=[(TEAMS, "agent")], join_key="agent")
        self.assertIn("not both", str(cm.exception))

    def test_key_without_a_table(self):
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            salesplan.estimate(EXPORT, join_key="agent", group="region")
        self.assertIn("give the table too (join_path=)", str(cm.exception))
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            salesplan.estimate(EXPORT, join_path=TEAMS, group="region")
        self.assertIn("keyword join_key=", str(cm.exception))

    def test_malformed_pairs(self):
        for join, words in (([TEAMS], "join[0] must be a (table, key) pair"),
                            ([(TEAMS, "agent"), (TEAMS, "")], "join[1]: the key must be a column"),
                            ([(TEAMS, 3)], "join[0]: the key must be a column"),
                            ("teams.csv:agent", "join= takes a list of (table, key) pairs"),
                            ({TEAMS: "agent"}, "join= takes a list of (table, key) pairs")):
            with self.subTest(join=join):
                with self.assertRaises(salesplan.InvalidArgumentError) as cm:
                    salesplan.estimate(EXPORT, join=join, group="region")
                self.assertIn(words, str(cm.exception))
        with self.assertRaises(TypeError):
            salesplan.estimate(EXPORT, join=[(42, "agent")], group="region")
        with self.assertRaises(TypeError):
            salesplan.estimate(EXPORT, join=[([("ann", "x")], "agent")], group="region")

    def test_messages_name_the_entry(self):
        """A table held in memory is named join[i] in messages, not by the
        temporary file it went through."""
        with self.assertRaises(salesplan.DataError) as cm:
            salesplan.estimate(EXPORT, join=[(TEAMS, "agent"),
                                             (b"agent,region\nann,x\nann,y\n", "agent")],
                               group=["region", "manager"])
        self.assertNotIn(tempfile.gettempdir(), str(cm.exception))
        with self.assertRaises(salesplan.DataError) as cm:
            salesplan.estimate(EXPORT, join=[(b"agent,manager\nann,x\nann,y\n", "agent")],
                               group="manager")
        self.assertIn("join[0]:3: join key 'ann' appears more than once", str(cm.exception))
        with self.assertRaises(salesplan.DataError) as cm:
            salesplan.estimate(EXPORT, join=[([{"who": "ann", "manager": "x"}], "agent")],
                               group="manager")
        self.assertIn("join[0]: join key 'agent' is not in its header", str(cm.exception))

    def test_state_names_tables_in_memory(self):
        """A state's problems with a table in memory name it join[i], too."""
        s = salesplan.EstimateState(join=[(TEAMS, "agent"),
                                          (b"agent,manager\nann,x\nann,y\n", "agent")],
                                    group=["region", "manager"])
        with open(EXPORT, "rb") as f:
            with self.assertRaises(salesplan.DataError) as cm:
                s.feed_csv(f.read()).feed_csv_end()
        self.assertIn("join[1]:3: join key 'ann' appears more than once", str(cm.exception))


class SharedExport(unittest.TestCase):
    """The shared CRM export with its team table (on sales_agent) and its
    product table (on product)."""

    def setUp(self):
        self.export = shared_export(self)
        here = os.path.dirname(self.export)
        self.join = [(os.path.join(here, "sales_teams.csv"), "sales_agent"),
                     (os.path.join(here, "products.csv"), "product")]
        self.groups = ["regional_office", "series"]

    def test_figures_by_hand(self):
        est = salesplan.estimate(self.export, join=self.join, group=self.groups)
        want = by_hand(read_csv(self.export), [(read_csv(p), k) for p, k in self.join],
                       self.groups, stage="deal_stage", amount="close_value")
        got = figures(est)
        self.assertEqual(set(got), set(want))
        for k in want:
            self.assertEqual(got[k][:3], want[k][:3], k)
            self.assertTrue(close(got[k][3], want[k][3]), (k, got[k], want[k]))
        self.assertEqual(sum(v[0] for (c, _), v in got.items() if c == "regional_office"), 8800)
        # GTXPro in the export is "GTX Pro" in the product table: no series
        unmatched = sum(1 for r in read_csv(self.export) if r["product"] == "GTXPro")
        self.assertGreater(unmatched, 0)
        self.assertEqual(est.info["join_unmatched"], unmatched)

    def test_same_as_the_c_tool(self):
        want = c_tool_doc(self, self.export, self.join, self.groups)
        self.assertEqual(doc(salesplan.estimate(self.export, join=self.join, group=self.groups)),
                         want)
        tables = [(records(p), k) for p, k in self.join]
        with open(self.export, "rb") as f:
            self.assertEqual(doc(salesplan.estimate(f, join=tables, group=self.groups)), want)


if __name__ == "__main__":
    unittest.main()
