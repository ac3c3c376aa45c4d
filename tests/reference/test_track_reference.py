"""`salesplan track --format json` against the independent model of SPEC section 11
(track_ref.py) on random plans and random actuals: every figure to 1e-7, the
re-plan document included."""

import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_reference as tr  # noqa: E402
import track_ref  # noqa: E402

SEED = 20260214
N_CASES = 150


def random_actuals(rng, plan):
    start = dt.date.fromisoformat(plan["period"]["start"])
    H = plan["period"]["days"]
    reps = [r["name"] for r in plan.get("team", {}).get("reps", [])]
    stages = [s["name"] for s in plan["funnel"]["stages"][:-1]]
    u = rng.random()
    a = H - 1 if u < 0.1 else 0 if u < 0.15 else rng.randint(0, H - 1)
    act = {"salesplan_actuals": 1, "as_of": (start + dt.timedelta(days=a)).isoformat()}
    T = plan["target"]["revenue"]
    bookings = []
    for i in range(rng.randint(0, 6)):
        d = start + dt.timedelta(days=rng.randint(-3, H + 2))
        b = {"date": d.isoformat(), "amount": round(rng.uniform(0.01, 0.5) * T, 2)}
        if reps and rng.random() < 0.8:
            b["rep"] = rng.choice(reps)
        if rng.random() < 0.5:
            b["id"] = "deal-%d" % i
        bookings.append(b)
    if rng.random() < 0.1:  # a met target
        bookings.append({"date": act["as_of"], "amount": T * 1.2})
    act["bookings"] = bookings
    if rng.random() < 0.5 or not reps:
        act["pipeline"] = {s: rng.randint(0, 12) for s in stages if rng.random() < 0.6}
    else:
        seen = set()
        lst = []
        for _ in range(rng.randint(0, 6)):
            key = (rng.choice(reps), rng.choice(stages))
            if key not in seen:
                seen.add(key)
                lst.append({"rep": key[0], "stage": key[1], "count": rng.randint(0, 10)})
        act["pipeline"] = lst
    acts = plan.get("activities", [])
    if acts and rng.random() < 0.7:
        act["activities"] = [{"activity": rng.choice(acts)["name"], "count": rng.randint(0, 500),
                              **({"rep": rng.choice(reps)} if reps and rng.random() < 0.6 else {})}
                             for _ in range(rng.randint(1, 5))]
    return act


class TrackReference(unittest.TestCase):
    def test_random_plans_and_actuals(self):
        cli = tr.cli_path()
        rng = random.Random(SEED)
        failures = []
        with tempfile.TemporaryDirectory() as tmp:
            pp = os.path.join(tmp, "plan.json")
            ap = os.path.join(tmp, "actuals.json")
            done = 0
            i = 0
            while done < N_CASES:
                i += 1
                plan = tr.random_plan(rng, i)
                if rng.random() < 0.2:
                    plan["confidence"] = rng.choice([0.5, 0.8, 0.9])
                actuals = random_actuals(rng, plan)
                with open(pp, "w") as fh:
                    json.dump(plan, fh)
                with open(ap, "w") as fh:
                    json.dump(actuals, fh)
                proc = subprocess.run([cli, "track", pp, "--actuals", ap, "--format", "json"],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
                if proc.returncode == 65 and b"ELIMIT" in proc.stderr:
                    continue
                self.assertEqual(proc.returncode, 0, proc.stderr.decode() + json.dumps(plan) +
                                 json.dumps(actuals))
                engine = json.loads(proc.stdout.decode())
                model = track_ref.track(plan, actuals)
                diffs = tr.compare(model, engine)
                if diffs:
                    failures.append("case %d: %s\nplan %s\nactuals %s" % (
                        i, "; ".join(diffs[:6]), json.dumps(plan), json.dumps(actuals)))
                done += 1
        self.assertFalse(failures, "\n".join(failures[:3]) + "\n(%d failing)" % len(failures))


if __name__ == "__main__":
    unittest.main()
