"""An independent, pure-Python implementation of the parts of the spec the
Python tests check the engine against: SPEC §4 (funnel math, expected and
confidence modes, sourcing windows, activities without headcount) and §6
(metrics), plus the period's calendar. Written from the spec text, sharing no
code with the library, and deliberately computing things differently (dates
with the datetime module, probabilities by explicit convolution)."""

import datetime as dt
import math

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def workday_flags(plan):
    """One bool per day of the period: is day t a workday?"""
    period = plan["period"]
    start = dt.date.fromisoformat(period["start"])
    cal = plan.get("calendar", {})
    days = set(WEEKDAYS.index(d) for d in cal.get("workdays", WEEKDAYS[:5]))
    holidays = set(dt.date.fromisoformat(h) for h in cal.get("holidays", []))
    out = []
    for t in range(period["days"]):
        d = start + dt.timedelta(days=t)
        out.append(d.weekday() in days and d not in holidays)
    return out


def binom_pmf(n, p):
    """Exact Binomial(n, p) probabilities as a list (by the recurrence)."""
    if p >= 1.0:
        return [0.0] * n + [1.0]
    q = 1.0 - p
    pmf = [0.0] * (n + 1)
    # log-space start to stay away from underflow for large n
    logs = [math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
            + k * math.log(p) + (n - k) * math.log(q) for k in range(n + 1)]
    for k in range(n + 1):
        pmf[k] = math.exp(logs[k])
    return pmf


def convolve(a, b):
    out = [0.0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x == 0.0:
            continue
        for j, y in enumerate(b):
            out[i + j] += x * y
    return out


def tail_at_least(pmf, d):
    """Pr[X >= d]."""
    if d <= 0:
        return 1.0
    return sum(pmf[d:]) if d < len(pmf) else 0.0


def compute(plan, confidence=None):
    """The §4/§6 figures of `plan` (a plan-file dict) as a dict shaped like
    the corresponding parts of the result document."""
    stages = plan["funnel"]["stages"]
    n = len(stages) - 1
    H = plan["period"]["days"]
    T = float(plan["target"]["revenue"])
    o_assign = float(plan["target"].get("over_assignment", 0.0))
    A = float(plan["deal"]["average_size"])
    pipeline = plan.get("pipeline", {})
    flags = workday_flags(plan)
    q = confidence if confidence is not None else plan.get("confidence")

    # P_k right to left as running products; L_k as running sums.
    P = [1.0] * (n + 1)
    L = [0.0] * (n + 1)
    for k in range(n - 1, -1, -1):
        P[k] = stages[k]["conversion"] * P[k + 1]
        L[k] = stages[k].get("days", 0.0) + L[k + 1]
    index = {s["name"]: k for k, s in enumerate(stages)}
    in_time = [L[k] <= H - 1 for k in range(n + 1)]

    E = 0.0
    for name, count in pipeline.items():
        k = index[name]
        if in_time[k]:
            E += count * P[k]

    if q is None:
        D = math.ceil(max(0.0, T / A - E) - 1e-9)
        N = [D / P[k] for k in range(n + 1)]
    else:
        D = math.ceil(T / A - 1e-9)
        ypmf = [1.0]
        for name, count in pipeline.items():
            k = index[name]
            if in_time[k] and count > 0:
                ypmf = convolve(ypmf, binom_pmf(count, P[k]))
        N = []
        for k in range(n + 1):
            def enough(m, k=k):
                return tail_at_least(convolve(binom_pmf(m, P[k]), ypmf), D) >= q
            lo, hi = -1, 1  # enough(lo) is False (or lo = -1), find the first True
            while not enough(hi):
                lo, hi = hi, hi * 2
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if enough(mid):
                    hi = mid
                else:
                    lo = mid
            if enough(0):
                hi = 0
            N.append(float(hi))

    windows = []
    for k in range(n + 1):
        if not in_time[k]:
            windows.append(None)
            continue
        last = math.floor(H - 1 - L[k])
        w = sum(1 for t in range(last + 1) if flags[t])
        windows.append(w if w > 0 else None)

    out_stages = []
    for k, s in enumerate(stages):
        out_stages.append({
            "name": s["name"],
            "conversion": s.get("conversion"),
            "to_close": P[k],
            "days_to_close": L[k],
            "required": N[k],
            "required_int": math.ceil(N[k] - 1e-9),
            "window_workdays": windows[k],
            "reachable": windows[k] is not None,
        })

    roles = {r["name"]: r for r in plan.get("team", {}).get("roles", [])}
    out_acts = []
    for a in plan.get("activities", []):
        k = index[a["stage"]]
        share = a.get("share", 1.0)
        total = share * a["per_entry"] * N[k]
        per_day = total / windows[k] if windows[k] is not None else None
        fte = None
        if "minutes" in a and per_day is not None and a.get("role") in roles:
            fte = per_day * a["minutes"] / roles[a["role"]].get("minutes_per_day", 360.0)
        out_acts.append({
            "name": a["name"], "stage": a["stage"], "role": a.get("role"),
            "total": total, "per_workday": per_day,
            "per_deal": share * a["per_entry"] / P[k], "fte": fte,
        })

    opp = 0
    for k, s in enumerate(stages):
        if s.get("opportunity"):
            opp = k
    open_opps = sum(c for name, c in pipeline.items() if opp <= index[name] < n)
    win_rate = P[opp]
    cycle = L[opp]
    econ = plan.get("economics", {})
    arpa, gm = econ.get("arpa_monthly"), econ.get("gross_margin")
    churn, cac = econ.get("churn_monthly"), econ.get("cac")
    ltv = arpa * gm / churn if None not in (arpa, gm, churn) else None
    metrics = {
        "win_rate": win_rate,
        "cycle_days": cycle,
        "required_pipeline_coverage": 1.0 / win_rate,
        "open_opportunities": open_opps,
        "pipeline_value": A * open_opps,
        "pipeline_coverage": A * open_opps / T,
        "weighted_pipeline": A * E,
        "sales_velocity_per_day": (open_opps * A * win_rate / cycle
                                   if cycle != 0 and open_opps > 0 else None),
        "ltv": ltv,
        "ltv_to_cac": ltv / cac if ltv is not None and cac is not None else None,
        "cac_payback_months": cac / (arpa * gm) if None not in (cac, arpa, gm) else None,
    }
    return {
        "mode": "confidence" if q is not None else "expected",
        "confidence": q,
        "period": {"start": plan["period"]["start"],
                   "end": (dt.date.fromisoformat(plan["period"]["start"])
                           + dt.timedelta(days=H - 1)).isoformat(),
                   "days": H, "workdays": sum(flags)},
        "target": {"revenue": T, "team_quota": T * (1.0 + o_assign), "deals_needed": D,
                   "pipeline_expected_deals": E},
        "stages": out_stages,
        "activities": out_acts,
        "metrics": metrics,
    }
