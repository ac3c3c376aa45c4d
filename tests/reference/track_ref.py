"""Independent reference model of SPEC section 11 (tracking and re-planning).

Written from the specification text (and the choices docs/maths.md section 11
documents), not from the C code: every calendar figure walks the days one by
one with ``datetime``; the re-plan is the plain section 4-6 reference model
(``salesplan_ref.compute``) on a plan dict rebuilt for the remaining days; the
pipeline probability is a direct convolution of binomial pmfs (``math.comb``).

``track(plan, actuals)`` takes the plan and the actuals document as dicts and
returns the figures of the tracking document (warnings are not modelled).
"""

import copy
import datetime as _dt
import math

import salesplan_ref as ref

EPS = 1e-9


def _d(text):
    return _dt.date.fromisoformat(text)


def _status(pace):
    if pace is None:
        return None
    if pace >= 1.05:
        return "ahead"
    if pace >= 0.95:
        return "on_track"
    if pace >= 0.8:
        return "behind"
    return "at_risk"


def _div(x, y):
    return x / y if y else None


def _binom_pmf(n, p):
    return [math.comb(n, k) * p ** k * (1 - p) ** (n - k) for k in range(n + 1)]


def _convolve(a, b):
    out = [0.0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return out


def _rep_starts(plan):
    start = _d(plan["period"]["start"])
    out = {}
    for r in plan.get("team", {}).get("reps", []):
        out[r["name"]] = _d(r["start"]) if "start" in r else ref._minus_months(start, int(r["tenure_months"]))
    return out


def track(plan, actuals):
    start = _d(plan["period"]["start"])
    H = int(plan["period"]["days"])
    days = [start + _dt.timedelta(days=t) for t in range(H)]
    cal = ref.Calendar(plan)
    work = [cal.is_workday(d) for d in days]
    as_of = _d(actuals["as_of"])
    a = (as_of - start).days
    T = float(plan["target"]["revenue"])
    A = float(plan["deal"]["average_size"])
    base = ref.compute(plan)
    stages = plan["funnel"]["stages"]
    names = [s["name"] for s in stages]
    n = len(stages) - 1
    P = [s["to_close"] for s in base["stages"]]
    L = [s["days_to_close"] for s in base["stages"]]
    reps = plan.get("team", {}).get("reps", [])
    rep_names = [r["name"] for r in reps]
    roles = {r["name"]: r for r in plan.get("team", {}).get("roles", [])}

    # bookings
    B = 0.0
    booked = {r: 0.0 for r in rep_names}
    for b in actuals.get("bookings", []):
        d = _d(b["date"])
        if d < start or d > as_of:
            continue
        B += b["amount"]
        if b.get("rep") is not None:
            booked[b["rep"]] += b["amount"]

    # slices and weights (from the section 9 document of the plan)
    slices = []
    for t, d in enumerate(days):
        if not slices or (d.year, d.month) != (days[slices[-1][-1]].year, days[slices[-1][-1]].month):
            slices.append([])
        slices[-1].append(t)
    weights = [s["weight"] for s in base["quota"]["slices"]]

    def frac_through(sl, last_t):
        """Share of slice sl (day indices) up to day index last_t, by workdays."""
        wd = [t for t in sl if work[t]]
        if wd:
            return sum(1 for t in wd if t <= last_t) / len(wd)
        return sum(1 for t in sl if t <= last_t) / len(sl)

    expected = T * sum(w * frac_through(sl, a) for w, sl in zip(weights, slices))
    pace = _div(B, expected)
    gap = max(0.0, T - B)

    # pipeline
    pipe = actuals.get("pipeline", {})
    team_pipe = {}
    rep_pipe = {}
    if isinstance(pipe, dict):
        team_pipe = {k: v for k, v in pipe.items()}
    else:
        for e in pipe:
            team_pipe[e["stage"]] = team_pipe.get(e["stage"], 0) + e["count"]
            rep_pipe.setdefault(e["rep"], {})[e["stage"]] = e["count"]
    H2 = H - a - 1

    def in_time2(k):
        return L[k] <= H2 - 1 + 1e-9

    # exact probability that the in-time pipeline closes the gap
    need = math.ceil(gap / A - EPS)
    pmf = [1.0]
    for k in range(n):
        c = int(team_pipe.get(names[k], 0))
        if c > 0 and in_time2(k):
            pmf = _convolve(pmf, _binom_pmf(c, P[k]))
    p_hit = 1.0 if gap == 0 else sum(pmf[need:]) if need < len(pmf) else 0.0

    # the re-plan: the plan rebuilt for days a+1 .. H-1
    replan = None
    remaining_work = sum(1 for t in range(a + 1, H) if work[t])
    if a + 1 < H and remaining_work > 0:
        p2 = copy.deepcopy(plan)
        p2["period"]["start"] = days[a + 1].isoformat()
        p2["period"]["days"] = H2
        if "phases" in plan["period"]:
            ph = [b - a - 1 for b in plan["period"]["phases"] if 0 < b - a - 1 <= H2]
            if ph:
                p2["period"]["phases"] = ph
            else:
                del p2["period"]["phases"]
        p2["target"]["revenue"] = gap
        p2["pipeline"] = {k: v for k, v in team_pipe.items() if v > 0}
        starts = _rep_starts(plan)
        for r in p2.get("team", {}).get("reps", []):
            r.pop("tenure_months", None)
            r["start"] = starts[r["name"]].isoformat()
        if "seasonality" in plan["target"]:
            tot = float(sum(plan["target"]["seasonality"]))
            new = []
            for w, sl in zip(plan["target"]["seasonality"], slices):
                rest = [t for t in sl if t > a]
                if not rest:
                    continue
                wd = [t for t in sl if work[t]]
                if wd:
                    f = sum(1 for t in rest if work[t]) / len(wd)
                else:
                    f = len(rest) / len(sl)
                new.append(w / tot * f)
            if sum(new) > 0:
                p2["target"]["seasonality"] = new
            else:
                del p2["target"]["seasonality"]
        replan = ref.compute(p2)
    E2 = replan["target"]["pipeline_expected_deals"] if replan else 0.0

    # per rep
    carriers = {q["name"]: q for q in base["quota"]["reps"]}
    starts = _rep_starts(plan)
    days2 = days[a + 1:]
    work2 = work[a + 1:]

    def window2(k):
        if replan is None or not in_time2(k):
            return []
        last = math.floor(H2 - 1 - L[k] + 1e-9)
        return [days2[t] for t in range(0, last + 1) if work2[t]]

    def f_window(rep, k):
        role = roles.get(rep["role"], {})
        return ref._mean_factor([float(x) for x in role.get("ramp", [])], starts[rep["name"]], window2(k))

    def workdays_to_date(k):
        if not (L[k] <= H - 1 + 1e-9):
            return None
        last = math.floor(H - 1 - L[k] + 1e-9)
        return sum(1 for t in range(0, min(a, last) + 1) if work[t])

    acts = plan.get("activities", [])
    given = "activities" in actuals
    done_team = {x["name"]: 0.0 for x in acts}
    done_rep = {}
    for e in actuals.get("activities", []):
        done_team[e["activity"]] += e["count"]
        if e.get("rep") is not None:
            key = (e["rep"], e["activity"])
            done_rep[key] = done_rep.get(key, 0.0) + e["count"]
    reps_out = []
    for rep in reps:
        q = carriers.get(rep["name"])
        out = {"name": rep["name"], "role": rep["role"], "booked": booked[rep["name"]]}
        D = None
        if q is not None:
            qtd = sum(amount * frac_through(sl, a) for amount, sl in zip(q["slices"], slices))
            out["quota"] = q["total"]
            out["quota_to_date"] = qtd
            out["attainment"] = _div(booked[rep["name"]], q["total"])
            out["pace"] = _div(booked[rep["name"]], qtd)
            out["status"] = _status(out["pace"])
            rem = max(0.0, q["total"] - booked[rep["name"]])
            out["remaining"] = rem
            own = rep_pipe.get(rep["name"], {})
            E_r = sum(own.get(names[k], 0) * P[k] for k in range(n) if in_time2(k))
            D = math.ceil(max(0.0, rem / A - E_r) - EPS)
            out["deals_needed"] = D
        else:
            for key in ("quota", "quota_to_date", "attainment", "pace", "status", "remaining",
                        "deals_needed"):
                out[key] = None
        ra = []
        for i, x in enumerate(acts):
            role = x.get("role")
            if role is not None and role != rep["role"]:
                continue
            k = names.index(x["stage"])
            per = None
            if replan is not None and replan["stages"][k]["reachable"]:
                if role is not None and q is not None:
                    N = D / P[k]
                    per = x.get("share", 1.0) * x["per_entry"] * N / len(window2(k))
                else:
                    mates = [r for r in reps if role is None or r["role"] == role]
                    tot = sum(f_window(r, k) for r in mates)
                    pw = replan["activities"][i]["per_workday"]
                    per = pw * f_window(rep, k) / tot if tot > 0 else None
            wtd = workdays_to_date(k)
            prpw = base["activities"][i]["per_rep_per_workday"]
            ra.append({"name": x["name"], "per_workday": per,
                       "done_to_date": done_rep.get((rep["name"], x["name"]), 0.0) if given else None,
                       "planned_to_date": prpw * wtd if prpw is not None and wtd is not None else None})
        out["activities"] = ra
        reps_out.append(out)

    acts_out = []
    for i, x in enumerate(acts):
        k = names.index(x["stage"])
        wtd = workdays_to_date(k)
        pw = base["activities"][i]["per_workday"]
        planned = pw * wtd if pw is not None and wtd is not None else None
        done = done_team[x["name"]] if given else None
        acts_out.append({"name": x["name"], "done_to_date": done, "planned_to_date": planned,
                         "ratio": done / planned if done is not None and planned else None})

    return {
        "as_of": as_of.isoformat(), "booked": B, "attainment": B / T,
        "expected_to_date": expected, "pace": pace, "status": _status(pace), "gap": gap,
        "projected_on_pace": T * pace if pace is not None else None,
        "projected_from_pipeline": B + A * E2, "p_hit_from_pipeline": p_hit,
        "reps": reps_out, "activities": acts_out,
        "replan": {k: v for k, v in replan.items() if k != "warnings"} if replan else None,
    }
