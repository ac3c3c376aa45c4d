"""Issue 13 item 2: rep diagnostics of `salesplan estimate --rep COL` against
scipy.stats.fisher_exact, an independent Benjamini-Hochberg adjustment and the
method-of-moments beta prior of docs/maths.md §10, with the counts taken from
the CSV here. Runs on the shared CRM export when it is present (snapshot) and
always on generated exports (snapshot and transitions) with a rep that differs."""
import csv
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import unittest

try:
    from scipy.stats import fisher_exact
except ImportError:  # pragma: no cover - the Debian package python3-scipy
    fisher_exact = None

# The shared data is found by tests/python/helpers.py (next to the checkout,
# then $SALESPLAN_SHARED_DATA); that module does not need the bindings.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from helpers import shared_export, shared_missing  # noqa: E402

DATA = shared_export()
CLI = os.environ.get("SALESPLAN_CLI", "salesplan")


def run(path, *args):
    p = subprocess.run([CLI, "estimate", path, "--format", "json", *args],
                       capture_output=True, check=True)
    return json.loads(p.stdout)


def bh(pvalues):
    """q_(i) = min_{j >= i} p_(j) m / j over the tested p-values (None: untested)."""
    tested = sorted((p, i) for i, p in enumerate(pvalues) if p is not None)
    m = len(tested)
    q = [None] * len(pvalues)
    running = 1.0
    for rank in range(m, 0, -1):
        p, i = tested[rank - 1]
        running = min(running, p * m / rank)
        q[i] = running
    return q


def prior(counts):
    """(mean, strength) by the method of moments of docs/maths.md §10."""
    groups = [(k, n) for k, n in counts if n > 0]
    K = sum(k for k, _ in groups)
    N = sum(n for _, n in groups)
    mean = K / N if N else None
    if len(groups) < 2 or not 0 < mean < 1:
        return mean, math.inf
    s2 = sum((k / n - mean) ** 2 for k, n in groups) / (len(groups) - 1)
    h = sum(1 / n for _, n in groups) / len(groups)
    if h >= 1:
        return mean, math.inf
    rho = (s2 / (mean * (1 - mean)) - h) / (1 - h)
    if rho <= 0:
        return mean, math.inf
    return mean, 0.0 if rho >= 1 else 1 / rho - 1


def shrunk(k, n, mean, strength):
    if n == 0 or math.isinf(strength):
        return mean
    return (k + mean * strength) / (n + strength)


class Checks:
    def check(self, doc, counts, min_n=20, q_max=0.10):
        """counts: {rep: [(advanced, lost) per stage]} computed from the CSV here."""
        reps = doc["reps"]
        self.assertEqual([r["name"] for r in reps], sorted(counts, key=lambda s: s.encode()))
        nst = len(next(iter(counts.values())))
        flat, pvals = [], []
        for k in range(nst):
            adv_all = sum(c[k][0] for c in counts.values())
            lost_all = sum(c[k][1] for c in counts.values())
            mean, strength = prior([(c[k][0], c[k][0] + c[k][1]) for c in counts.values()])
            for r in reps:
                s = r["stages"][k]
                a, l = counts[r["name"]][k]
                ra, rl = adv_all - a, lost_all - l
                self.assertEqual((s["advanced"], s["lost"]), (a, l), r["name"])
                if a + l:
                    self.assertAlmostEqual(s["rate"], a / (a + l), delta=1e-15)
                else:
                    self.assertIsNone(s["rate"])
                self.assertAlmostEqual(s["rest_rate"], ra / (ra + rl), delta=1e-15)
                self.assertAlmostEqual(s["shrunk_rate"], shrunk(a, a + l, mean, strength),
                                       delta=1e-12)
                tested = a + l >= min_n and ra + rl > 0
                if tested:
                    p = fisher_exact([[a, l], [ra, rl]])[1]
                    self.assertLessEqual(abs(s["p_value"] - p), 1e-9 * p,
                                         (r["name"], s["p_value"], p))
                    pvals.append(s["p_value"])
                else:
                    self.assertIsNone(s["p_value"])
                    pvals.append(None)
                flat.append(s)
        for s, q in zip(flat, bh(pvals)):
            if q is None:
                self.assertIsNone(s["q_value"])
                self.assertIsNone(s["flag"])
                continue
            self.assertAlmostEqual(s["q_value"], q, delta=1e-12 * q)
            want = None
            if q <= q_max and s["rate"] != s["rest_rate"]:
                want = "above" if s["rate"] > s["rest_rate"] else "below"
            self.assertEqual(s["flag"], want)
        return flat


def snapshot_counts(path, rep_col, stage_col):
    counts = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            rep = row[rep_col]
            if not rep:
                continue
            c = counts.setdefault(rep, [[0, 0]])
            st = row[stage_col].strip().lower()
            if st in ("won", "closed won"):
                c[0][0] += 1
            elif st in ("lost", "closed lost"):
                c[0][1] += 1
    return {k: [tuple(v[0])] for k, v in counts.items()}


@unittest.skipUnless(fisher_exact, "needs scipy (Debian python3-scipy)")
class SharedExport(Checks, unittest.TestCase):
    @unittest.skipUnless(DATA, shared_missing())
    def test_shared_export(self):
        doc = run(DATA, "--rep", "sales_agent")
        self.assertEqual(doc["rep_column"], "sales_agent")
        self.assertEqual(doc["groups"], [])  # the rep column alone is not a group
        flat = self.check(doc, snapshot_counts(DATA, "sales_agent", "deal_stage"))
        self.assertEqual(len(flat), 30)
        # a stricter threshold and a larger minimum change only flags and who is tested
        doc = run(DATA, "--rep", "sales_agent", "--rep-min-n", "150", "--rep-q", "0.5")
        self.check(doc, snapshot_counts(DATA, "sales_agent", "deal_stage"), 150, 0.5)


def generated_snapshot(path, seed=7):
    rng = random.Random(seed)
    rates = {"Ann": 0.30, "Bob": 0.30, "Cy": 0.30, "Dee": 0.60, "Eve": 0.30, "Few": 0.3}
    sizes = {"Ann": 200, "Bob": 150, "Cy": 180, "Dee": 160, "Eve": 120, "Few": 12}
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "owner", "stage", "created", "closed"])
        i = 0
        for rep, n in sizes.items():
            for _ in range(n):
                i += 1
                u = rng.random()
                stage = "Open" if u < 0.1 else ("Won" if rng.random() < rates[rep] else "Lost")
                w.writerow([i, rep, stage, "2024-01-02", "" if stage == "Open" else "2024-02-03"])
        w.writerow([i + 1, "", "Won", "2024-01-02", "2024-02-03"])  # nobody's deal


STAGES = ["Lead", "Qualified", "Proposal"]


def generated_transitions(path, seed=11):
    """Deals walk Lead -> Qualified -> Proposal -> Won, each step kept with the
    rep's probability, else lost (or left open); counts kept here."""
    rng = random.Random(seed)
    keep = {"Ann": (0.5, 0.6, 0.5), "Bob": (0.5, 0.6, 0.5), "Cy": (0.5, 0.3, 0.5),
            "Dee": (0.8, 0.6, 0.5), "Eve": (0.5, 0.6, 0.5)}
    counts = {rep: [[0, 0] for _ in STAGES] for rep in keep}
    rows = []
    i = 0
    for rep, probs in keep.items():
        for _ in range(220):
            i += 1
            day = 1
            rows.append([f"D{i}", rep, STAGES[0], f"2024-01-{day:02d}"])
            for k, p in enumerate(probs):
                day += 1
                if rng.random() < 0.05:
                    break  # still open at stage k
                if rng.random() < p:
                    counts[rep][k][0] += 1
                    nxt = STAGES[k + 1] if k + 1 < len(STAGES) else "Won"
                    rows.append([f"D{i}", rep, nxt, f"2024-01-{day:02d}"])
                    if nxt == "Won":
                        break
                else:
                    counts[rep][k][1] += 1
                    rows.append([f"D{i}", rep, "Lost", f"2024-01-{day:02d}"])
                    break
    rng.shuffle(rows)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["deal_id", "owner", "stage", "date"])
        w.writerows(rows)
    return {rep: [tuple(c) for c in v] for rep, v in counts.items()}


@unittest.skipUnless(fisher_exact, "needs scipy (Debian python3-scipy)")
class Generated(Checks, unittest.TestCase):
    def test_snapshot(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "deals.csv")
            generated_snapshot(path)
            doc = run(path, "--rep", "owner", "--group", "owner")
            counts = snapshot_counts(path, "owner", "stage")
        self.assertEqual(len(doc["groups"]), 6)  # asked for as a group too: shown as one
        flat = self.check(doc, counts)
        by = {r["name"]: r["stages"][0] for r in doc["reps"]}
        self.assertEqual(by["Dee"]["flag"], "above")
        self.assertIsNone(by["Few"]["p_value"])  # 12 decided deals or fewer: not tested
        self.assertEqual(len([s for s in flat if s["p_value"] is not None]), 5)

    def test_transitions(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "entries.csv")
            counts = generated_transitions(path)
            doc = run(path, "--shape", "transitions", "--stages", ",".join(STAGES),
                      "--rep", "owner")
        self.assertEqual([s["name"] for s in doc["reps"][0]["stages"]], STAGES)
        self.check(doc, counts)
        by = {r["name"]: r["stages"] for r in doc["reps"]}
        self.assertEqual(by["Dee"][0]["flag"], "above")
        self.assertEqual(by["Cy"][1]["flag"], "below")

    def test_markdown_says_who_differs(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "deals.csv")
            generated_snapshot(path)
            md = subprocess.run([CLI, "estimate", path, "--rep", "owner", "--format", "md"],
                                capture_output=True, check=True, text=True).stdout
            doc = run(path, "--rep", "owner")
        dee = next(r for r in doc["reps"] if r["name"] == "Dee")["stages"][0]
        line = next(l for l in md.splitlines() if l.startswith("- Dee wins"))
        self.assertIn(f"{dee['rate'] * 100:.0f}% of decided deals", line)
        self.assertIn(f"against {dee['rest_rate'] * 100:.0f}% for the rest of the team", line)


if __name__ == "__main__":
    unittest.main()
