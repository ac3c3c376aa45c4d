"""Every exception type, raised by real calls where the library can be made
to fail, with its attributes."""

import errno
import json
import os
import pickle
import tempfile
import unittest

import salesplan
from salesplan import core


def bad_plan_text():
    """The example plan, indented by json.dumps, with stage 1's conversion set
    to 1.5; returns the text and the line and column of that value."""
    d = salesplan.example_plan().to_dict()
    d["funnel"]["stages"][1]["conversion"] = 1.5
    text = json.dumps(d, indent=2)
    # find the second "conversion" key: it belongs to stage 1
    pos = -1
    for _ in range(2):
        pos = text.index('"conversion": ', pos + 1)
    value = pos + len('"conversion": ')
    assert text[value:value + 3] == "1.5"
    line = text.count("\n", 0, value) + 1
    column = value - (text.rfind("\n", 0, value) + 1) + 1
    return text, line, column


class PlanErrors(unittest.TestCase):
    def test_rule_violation_has_path_line_column(self):
        text, line, column = bad_plan_text()
        with self.assertRaises(salesplan.PlanError) as cm:
            salesplan.Plan.from_json(text)
        e = cm.exception
        self.assertIsInstance(e, ValueError)
        self.assertIsInstance(e, salesplan.Error)
        self.assertEqual(e.code, core.EPLAN)
        self.assertEqual(e.status, "EPLAN")
        self.assertEqual(e.path, "funnel.stages[1].conversion")
        self.assertEqual((e.line, e.column), (line, column))
        self.assertIn("1.5", e.message)
        self.assertIn("funnel.stages[1].conversion", str(e))
        self.assertIn(f"{line}:{column}", str(e))
        self.assertEqual(e.function, "plan_load_buffer")

    def test_validate_lists_the_same_problem(self):
        text, line, column = bad_plan_text()
        problems = salesplan.validate_json(text)
        self.assertGreaterEqual(len(problems), 1)
        p = problems[0]
        self.assertEqual((p.path, p.line, p.column), ("funnel.stages[1].conversion", line, column))
        self.assertEqual(p.code, core.EPLAN)
        self.assertIn("1.5", p.message)
        self.assertEqual(salesplan.validate_json(salesplan.example_json()), [])

    def test_validate_reports_every_problem(self):
        d = salesplan.example_plan().to_dict()
        d["funnel"]["stages"][0]["conversion"] = -1
        d["deal"]["average_size"] = 0
        d["surprise"] = True
        paths = {p.path for p in salesplan.validate_json(json.dumps(d, indent=1))}
        self.assertTrue({"funnel.stages[0].conversion", "deal.average_size",
                         "surprise"} <= paths, paths)

    def test_syntax_error(self):
        text = '{\n  "salesplan": 1,\n  "name": "x",,\n}\n'
        with self.assertRaises(salesplan.PlanError) as cm:
            salesplan.Plan.from_json(text)
        e = cm.exception
        self.assertEqual(e.code, core.ESYNTAX)
        self.assertEqual(e.line, 3)
        self.assertEqual(e.column, 15)

    def test_nan_in_dict_is_a_plan_error(self):
        d = salesplan.example_plan().to_dict()
        d["target"]["revenue"] = float("nan")
        with self.assertRaises(salesplan.PlanError) as cm:
            salesplan.Plan.from_dict(d)
        self.assertIn(cm.exception.code, (core.ESYNTAX, core.EPLAN))
        self.assertGreater(cm.exception.line, 0)

    def test_limit(self):
        deep = "[" * 100 + "]" * 100
        with self.assertRaises(salesplan.PlanError) as cm:
            salesplan.Plan.from_json('{"salesplan": 1, "x-deep": ' + deep + "}")
        self.assertEqual(cm.exception.code, core.ELIMIT)

    def test_compute_of_incomplete_plan(self):
        p = salesplan.Plan("incomplete")
        with self.assertRaises(salesplan.PlanError) as cm:
            p.compute()
        self.assertEqual(cm.exception.code, core.EPLAN)
        self.assertTrue(cm.exception.message)


class FileErrors(unittest.TestCase):
    def test_missing_file(self):
        missing = os.path.join(tempfile.gettempdir(), "salesplan-no-such-dir", "plan.json")
        with self.assertRaises(FileNotFoundError) as cm:
            salesplan.Plan.load(missing)
        e = cm.exception
        self.assertIsInstance(e, salesplan.NotFoundError)
        self.assertIsInstance(e, salesplan.FileError)
        self.assertIsInstance(e, salesplan.Error)
        self.assertIsInstance(e, OSError)
        self.assertEqual(e.errno, errno.ENOENT)
        self.assertEqual(e.code, core.ENOENT)
        self.assertTrue(e.message)

    def test_unreadable_input_is_an_oserror(self):
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(salesplan.FileError) as cm:
                salesplan.Plan.load(tmp)  # a directory: opens, then read fails
            self.assertIsInstance(cm.exception, OSError)
            self.assertIn(cm.exception.code, (core.EIO, core.ENOENT))

    def test_save_into_missing_directory(self):
        plan = salesplan.example_plan()
        target = os.path.join(tempfile.gettempdir(), "salesplan-no-such-dir", "out.json")
        with self.assertRaises(OSError) as cm:
            plan.save(target)
        self.assertIsInstance(cm.exception, salesplan.FileError)
        self.assertFalse(os.path.exists(target))


class ArgumentErrors(unittest.TestCase):
    def test_refused_setter_value(self):
        p = salesplan.Plan("x")
        with self.assertRaises(salesplan.InvalidArgumentError) as cm:
            p.deal_size = -5
        e = cm.exception
        self.assertIsInstance(e, ValueError)
        self.assertEqual(e.code, core.EINVAL)
        self.assertEqual(e.path, "deal.average_size")
        self.assertIn("-5", e.message)
        self.assertIsNone(p.deal_size)  # unchanged
        with self.assertRaises(ValueError):
            p.currency = "usd"
        with self.assertRaises(ValueError):
            p.set_period("2025-02-30", 10)
        with self.assertRaises(ValueError):
            p.workdays = ["monday", "funday"]

    def test_bad_compute_options(self):
        plan = salesplan.example_plan()
        for q in (0.0, 1.0, -0.5, float("nan")):
            with self.assertRaises(salesplan.InvalidArgumentError):
                plan.compute(confidence=q)
        with self.assertRaises(salesplan.InvalidArgumentError):
            plan.compute(mode="optimistic")
        with self.assertRaises(salesplan.InvalidArgumentError):
            plan.compute().render("pdf")

    def test_index_out_of_range(self):
        h = core.plan_create("x")
        with self.assertRaises(salesplan.Error) as cm:
            core.plan_set_activity_share(h, 7, 0.5)
        self.assertIn(cm.exception.code, (core.ERANGE, core.EINVAL))
        if cm.exception.code == core.ERANGE:
            self.assertIsInstance(cm.exception, LookupError)

    def test_wrong_python_types(self):
        with self.assertRaises(TypeError):
            salesplan.Plan.from_json(42)
        with self.assertRaises(TypeError):
            core.plan_set_phases(core.plan_create("x"), 5)


class Mapping(unittest.TestCase):
    """The code -> class table, for the codes no call can be made to produce
    here (allocation failure, internal error, CSV data without estimate)."""

    def test_every_code(self):
        from salesplan._errors import from_status
        table = {
            core.ENOMEM: (salesplan.OutOfMemoryError, MemoryError),
            core.EINVAL: (salesplan.InvalidArgumentError, ValueError),
            core.ESYNTAX: (salesplan.PlanError, ValueError),
            core.EPLAN: (salesplan.PlanError, ValueError),
            core.EDATA: (salesplan.DataError, ValueError),
            core.EIO: (salesplan.FileError, OSError),
            core.ENOENT: (salesplan.NotFoundError, FileNotFoundError),
            core.ERANGE: (salesplan.LookupFailedError, LookupError),
            core.ELIMIT: (salesplan.PlanError, ValueError),
            core.EINTERNAL: (salesplan.InternalError, salesplan.Error),
            core.ECANCELED: (salesplan.CancelledError, salesplan.Error),
        }
        for code, (cls, base) in table.items():
            e = from_status(code, b"msg \xff", b"a.b", 3, 4, b"", "plan_load_buffer")
            self.assertIs(type(e), cls)
            self.assertIsInstance(e, base)
            self.assertIsInstance(e, salesplan.Error)
            self.assertEqual((e.code, e.path, e.line, e.column), (code, "a.b", 3, 4))
            self.assertEqual(e.message, "msg \ufffd")
            again = pickle.loads(pickle.dumps(e))
            self.assertIs(type(again), cls)
            self.assertEqual((again.message, again.path, again.line, again.column),
                             (e.message, e.path, e.line, e.column))
        e = from_status(core.ESYNTAX, b"bad quote", b"", 2, 1, b"", "estimate_file")
        self.assertIsInstance(e, salesplan.DataError)

    def test_plan_error_pickles(self):
        text, line, column = bad_plan_text()
        try:
            salesplan.Plan.from_json(text)
        except salesplan.PlanError as e:
            again = pickle.loads(pickle.dumps(e))
            self.assertEqual((again.path, again.line, again.column), (e.path, line, column))
            self.assertEqual(str(again), str(e))
        else:
            self.fail("no PlanError")


if __name__ == "__main__":
    unittest.main()
