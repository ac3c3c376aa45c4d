"""Rep diagnostics (SPEC §12) through Python: estimate(..., rep=COL) and
estimate_text, the reps in to_dict() and .reps, worked by hand (the
tea-tasting table [[3,1],[1,3]]: p = 17/35)."""

import os
import tempfile
import unittest

import salesplan

CSV = ("id,Owner,stage\n1,A,Won\n2,A,Won\n3,A,Won\n4,A,Lost\n"
       "5,B,Won\n6,B,Lost\n7,B,Lost\n8,B,Lost\n")


class Reps(unittest.TestCase):
    def test_text(self):
        e = salesplan.estimate_text(CSV, rep="Owner", rep_min_n=4, rep_q=0.5)
        d = e.to_dict()
        self.assertEqual(d["rep_column"], "Owner")
        self.assertEqual([r["name"] for r in d["reps"]], ["A", "B"])
        a = d["reps"][0]["stages"][0]
        self.assertEqual((a["name"], a["advanced"], a["lost"]), ("Won", 3, 1))
        self.assertAlmostEqual(a["p_value"], 17 / 35, delta=1e-13)
        self.assertAlmostEqual(a["q_value"], 17 / 35, delta=1e-13)
        self.assertAlmostEqual(a["shrunk_rate"], 2 / 3, delta=1e-13)  # alpha + beta = 2
        self.assertEqual(a["flag"], "above")
        self.assertEqual(d["reps"][1]["stages"][0]["flag"], "below")
        self.assertEqual(e.reps, tuple(d["reps"]))
        self.assertIn("- A wins 75% of decided deals (3 of 4)", e.to_markdown())

    def test_defaults_and_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "deals.csv")
            with open(path, "w") as f:
                f.write(CSV)
            e = salesplan.estimate(path, rep="Owner")
        a = e.reps[0]["stages"][0]
        self.assertIsNone(a["p_value"])  # 4 decided deals < the default 20
        self.assertIsNone(a["flag"])
        self.assertEqual(salesplan.estimate_text(CSV).reps, ())

    def test_errors(self):
        with self.assertRaises(salesplan.DataError) as cm:
            salesplan.estimate_text(CSV, rep="seller")
        self.assertIn("rep column 'seller'", str(cm.exception))
        with self.assertRaises(salesplan.Error):
            salesplan.estimate_text(CSV, rep="Owner", rep_q=2)
        with self.assertRaises(ValueError):
            salesplan.estimate_text(CSV, rep="Owner", rep_min_n=0)


if __name__ == "__main__":
    unittest.main()
