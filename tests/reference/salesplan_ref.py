"""Independent reference model of SPEC sections 4, 5 and 6 (funnel, team, metrics),
and of the per-rep schedule of section 11 (``reps``).

Written from the specification text, not from the C engine, and on purpose in
the plainest way possible: every figure that depends on the calendar is found by
walking the days of the period one by one with Python's ``datetime``; tenure
months are counted with whole calendar months; confidence-mode entry counts use
scipy's exact binomial tails and a numpy convolution of the pipeline.

``compute(plan)`` takes a plan as a dict (the plan file format, docs/plan-format.md)
and returns a dict shaped like the result document of SPEC section 9 (numbers that
cannot be had are ``None``).  Only the figures are modelled; warnings are returned
as a list of ``{"code", "path"}`` for the codes listed in docs/maths.md section 6.

Run with /usr/bin/python3 (confidence mode needs numpy and scipy; ``HAVE_NUMPY`` says
whether they are there).
"""

import datetime as _dt
import math
import warnings as _warnings

try:
    import numpy as np
    from scipy.stats import binom
except ImportError:  # the expected mode and the calendar need neither
    np = binom = None

HAVE_NUMPY = np is not None
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
EPS = 1e-9


def _date(text):
    return _dt.date.fromisoformat(text)


def _ceil_tol(x):
    """SPEC section 2: ceil(x - 1e-9)."""
    return int(math.ceil(x - EPS))


def _month_key(d):
    return (d.year, d.month)


def _days_in_month(year, month):
    if month == 12:
        nxt = _dt.date(year + 1, 1, 1)
    else:
        nxt = _dt.date(year, month + 1, 1)
    return (nxt - _dt.date(year, month, 1)).days


def _minus_months(d, m):
    """d minus m calendar months, the day clamped to the end of a short month."""
    total = d.year * 12 + (d.month - 1) - m
    year, month0 = divmod(total, 12)
    month = month0 + 1
    day = min(d.day, _days_in_month(year, month))
    return _dt.date(year, month, day)


def tenure_month(start, d):
    """Whole calendar months from start to d (d >= start).

    A day of the month smaller than the start's does not complete a month
    (SPEC section 5)."""
    m = (d.year - start.year) * 12 + (d.month - start.month)
    if d.day < start.day:
        m -= 1
    return m


class Calendar:
    """Workday test from the plan's weekday list and holidays."""

    def __init__(self, plan):
        cal = plan.get("calendar", {})
        names = cal.get("workdays", WEEKDAYS[:5])
        self.weekdays = set(WEEKDAYS.index(n) for n in names)
        self.holidays = set(_date(h) for h in cal.get("holidays", []))

    def is_workday(self, d):
        return d.weekday() in self.weekdays and d not in self.holidays


def _ramp_factor(ramp, start, d):
    if d < start:
        return 0.0
    m = tenure_month(start, d)
    if m < len(ramp):
        return float(ramp[m])
    return 1.0


def _mean_factor(ramp, start, workdays):
    """f(r, S): mean of the daily ramp factors over the workday set S."""
    if not workdays:
        return 0.0
    return sum(_ramp_factor(ramp, start, d) for d in workdays) / len(workdays)


def _binom_pmf_vec(n, p):
    k = np.arange(n + 1)
    if p >= 1.0:
        out = np.zeros(n + 1)
        out[n] = 1.0
        return out
    with np.errstate(all="ignore"), _warnings.catch_warnings():
        _warnings.simplefilter("ignore", RuntimeWarning)   # underflow to 0 is fine
        out = binom.pmf(k, n, p)
    if not np.all(np.isfinite(out)):
        raise ValueError("binomial point probabilities not finite for n=%d p=%r" % (n, p))
    return out


def _prob_hit(N, P, D, pY):
    """Pr[X + Y >= D], X ~ Binomial(N, P), Y with point probabilities pY."""
    y = np.arange(len(pY))
    need = D - y  # X must be >= need
    if P >= 1.0:
        tail = (N >= need).astype(float)
    else:
        tail = np.where(need <= 0, 1.0, binom.sf(need - 1, N, P))
    return float(np.dot(pY, tail))


def confidence_entries(P, D, pY, q):
    """Smallest whole N with Pr[X + Y >= D] >= q (exponential, then binary search)."""
    if _prob_hit(0, P, D, pY) >= q:
        return 0
    hi = 1
    while _prob_hit(hi, P, D, pY) < q:
        hi *= 2
        if hi > 1 << 50:
            raise ValueError("confidence search diverged")
    lo = hi // 2  # fails (or is 0, which failed above)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _prob_hit(mid, P, D, pY) >= q:
            hi = mid
        else:
            lo = mid
    return hi


def compute(plan, confidence=None):
    """Compute the SPEC section 9 figures of a plan dict.

    ``confidence`` overrides the plan's q when given (like the CLI's --confidence)."""
    warnings = []

    # ---- period and calendar (SPEC section 2) --------------------------------
    start = _date(plan["period"]["start"])
    H = int(plan["period"]["days"])
    cal = Calendar(plan)
    days = [start + _dt.timedelta(days=t) for t in range(H)]
    work = [cal.is_workday(d) for d in days]
    period_workdays = [d for d, w in zip(days, work) if w]
    n_work = len(period_workdays)

    T = float(plan["target"]["revenue"])
    o = float(plan["target"].get("over_assignment", 0.0))
    A = float(plan["deal"]["average_size"])
    q = confidence if confidence is not None else plan.get("confidence")

    # ---- funnel (SPEC section 4) ---------------------------------------------
    stages = plan["funnel"]["stages"]
    n = len(stages) - 1
    names = [s["name"] for s in stages]
    P = [1.0] * (n + 1)
    L = [0.0] * (n + 1)
    for k in range(n):
        p = 1.0
        length = 0.0
        for j in range(k, n):
            p *= float(stages[j]["conversion"])
            length += float(stages[j].get("days", 0))
        P[k] = p
        L[k] = length
    # 1e-9 days of rounding allowed (docs/maths.md): 0.4 + 4.7 + 0.9 > 6 in binary.
    in_time = [L[k] <= H - 1 + 1e-9 for k in range(n + 1)]

    pipeline = {k: int(v) for k, v in plan.get("pipeline", {}).items() if not k.startswith("x-")}
    E = 0.0
    for k in range(n):
        c = pipeline.get(names[k], 0)
        if in_time[k]:
            E += c * P[k]
        elif c > 0:
            warnings.append({"code": "pipeline_out_of_time", "path": "pipeline." + names[k]})

    if q is None:
        D = _ceil_tol(max(0.0, T / A - E))
        required = [D / P[k] for k in range(n + 1)]
        required_int = [_ceil_tol(x) for x in required]
    else:
        if not HAVE_NUMPY:
            raise ImportError("the confidence mode of the reference model needs numpy and scipy")
        D = _ceil_tol(T / A)
        pY = np.array([1.0])
        for k in range(n):
            c = pipeline.get(names[k], 0)
            if in_time[k] and c > 0:
                pY = np.convolve(pY, _binom_pmf_vec(c, P[k]))
        required = [float(confidence_entries(P[k], D, pY, q)) for k in range(n + 1)]
        required_int = [int(x) for x in required]

    # Sourcing windows: days 0 .. floor(H - 1 - L_k).
    window_days = []
    window_wd = []
    reachable = []
    for k in range(n + 1):
        if not in_time[k]:
            window_days.append([])
            window_wd.append(0)
            reachable.append(False)
            continue
        last = math.floor(H - 1 - L[k] + 1e-9)
        wd = [days[t] for t in range(0, last + 1) if work[t]]
        window_days.append(wd)
        window_wd.append(len(wd))
        reachable.append(len(wd) > 0)
    for k in range(n + 1):
        if not reachable[k]:
            warnings.append({"code": "stage_unreachable", "path": "funnel.stages[%d]" % k})

    # ---- team: reps, ramp (SPEC section 5) ----------------------------------
    team = plan.get("team", {})
    roles = team.get("roles", [])
    role_by_name = {r["name"]: r for r in roles}
    reps = []
    for rep_index, r in enumerate(team.get("reps", [])):
        if "start" in r:
            rstart = _date(r["start"])
        else:
            rstart = _minus_months(start, int(r["tenure_months"]))
        reps.append({
            "index": rep_index,
            "name": r["name"],
            "role": r["role"],
            "start": rstart,
            "weight": float(r.get("territory_weight", 1.0)),
            "ramp": [float(x) for x in role_by_name[r["role"]].get("ramp", [])],
        })

    def headcount(role_name, workdays):
        return sum(_mean_factor(rp["ramp"], rp["start"], workdays)
                   for rp in reps if rp["role"] == role_name)

    # ---- activities ----------------------------------------------------------
    activities_out = []
    role_fte = {r["name"]: [] for r in roles}
    role_timed = {r["name"]: False for r in roles}
    for i, a in enumerate(plan.get("activities", [])):
        s = names.index(a["stage"])
        e = float(a["per_entry"])
        sigma = float(a.get("share", 1.0))
        role = a.get("role")
        total = sigma * e * required[s]
        per_workday = None
        per_rep = None
        fte = None
        if reachable[s]:
            per_workday = total / window_wd[s]
            if role is not None:
                hc = headcount(role, window_days[s])
                if hc > 0:
                    per_rep = per_workday / hc
                else:
                    warnings.append({"code": "activity_no_headcount",
                                     "path": "activities[%d].role" % i})
            if "minutes" in a:
                mpd = float(role_by_name[role].get("minutes_per_day", 360)) if role else 360.0
                fte = per_workday * float(a["minutes"]) / mpd
        if role is not None and "minutes" in a:
            role_timed[role] = True
            if fte is not None:
                role_fte[role].append(fte)
        activities_out.append({
            "name": a["name"],
            "stage": a["stage"],
            "role": role,
            "total": total,
            "per_workday": per_workday,
            "per_rep_per_workday": per_rep,
            "per_deal": sigma * e / P[s],
            "fte": fte,
        })

    roles_out = []
    for role_index, r in enumerate(roles):
        hc = headcount(r["name"], period_workdays)
        if role_timed[r["name"]]:
            fte_req = sum(role_fte[r["name"]])
            hires = max(0, _ceil_tol(fte_req - hc))
            # SPEC section 13: planned work beyond the team's time
            if fte_req - hc > 1e-9:
                warnings.append({"code": "workload_exceeds_capacity",
                                 "path": "team.roles[%d]" % role_index})
        else:
            fte_req = None
            hires = None
        roles_out.append({"name": r["name"], "headcount": hc,
                          "fte_required": fte_req, "hires_needed": hires})

    # ---- month slices --------------------------------------------------------
    slices = []  # each: dict(start, end, days(list of t), workdays(list of dates))
    for t, d in enumerate(days):
        if not slices or _month_key(d) != _month_key(days[slices[-1]["t"][-1]]):
            slices.append({"t": []})
        slices[-1]["t"].append(t)
    for sl in slices:
        sl["start"] = days[sl["t"][0]]
        sl["end"] = days[sl["t"][-1]]
        sl["workdays"] = [days[t] for t in sl["t"] if work[t]]
    seasonality = plan["target"].get("seasonality")
    if seasonality is not None:
        tot = float(sum(seasonality))
        weights = [float(w) / tot for w in seasonality]
    else:
        weights = [len(sl["workdays"]) / n_work for sl in slices]

    # ---- quota ---------------------------------------------------------------
    Q = T * (1.0 + o)
    carrier_roles = set(r["name"] for r in roles if float(r.get("quota_monthly", 0)) > 0)
    carriers = [rp for rp in reps if rp["role"] in carrier_roles]
    rep_slices = [[0.0] * len(slices) for _ in carriers]
    unassigned = 0.0
    any_unassigned = False
    for si, sl in enumerate(slices):
        w = [rp["weight"] * _mean_factor(rp["ramp"], rp["start"], sl["workdays"])
             for rp in carriers]
        sw = sum(w)
        if sw > 0:
            for ri in range(len(carriers)):
                rep_slices[ri][si] = Q * weights[si] * w[ri] / sw
        else:
            unassigned += Q * weights[si]
            # a slice with weight 0 has nothing to hand out: no warning for it
            if weights[si] > 0:
                any_unassigned = True
    if any_unassigned:
        warnings.append({"code": "quota_unassigned", "path": "team.reps"})
    quota_reps = [{"name": rp["name"], "role": rp["role"], "slices": rep_slices[i],
                   "total": sum(rep_slices[i])} for i, rp in enumerate(carriers)]

    # Phases: cumulative target through day b (days with index < b). The
    # default phases 30/60/90 reach the period's end (docs/plan-format.md).
    if "phases" in plan["period"]:
        bounds = [int(b) for b in plan["period"]["phases"]]
    else:
        bounds = [b for b in (30, 60, 90) if b <= H]
        if not bounds or bounds[-1] < H:
            bounds.append(H)
    phases = []
    for b in bounds:
        acc = 0.0
        for si, sl in enumerate(slices):
            if sl["workdays"]:
                before = sum(1 for t in sl["t"] if work[t] and t < b)
                acc += weights[si] * before / len(sl["workdays"])
            else:
                before = sum(1 for t in sl["t"] if t < b)
                acc += weights[si] * before / len(sl["t"])
        phases.append({"day": b, "cumulative_target": T * acc})

    # ---- capacity ------------------------------------------------------------
    attain = float(team.get("expected_attainment", 1.0))
    attr = float(team.get("attrition_monthly", 0.0))
    month_wd_cache = {}

    def month_workdays(year, month):
        key = (year, month)
        if key not in month_wd_cache:
            cnt = 0
            for dd in range(1, _days_in_month(year, month) + 1):
                if cal.is_workday(_dt.date(year, month, dd)):
                    cnt += 1
            month_wd_cache[key] = cnt
        return month_wd_cache[key]

    def capacity_of(quota_monthly, ramp, rstart):
        cap = 0.0
        for si, sl in enumerate(slices):
            mw = month_workdays(sl["start"].year, sl["start"].month)
            if mw == 0:
                continue
            f = _mean_factor(ramp, rstart, sl["workdays"])
            cap += quota_monthly * f * (len(sl["workdays"]) / mw) * attain * (1.0 - attr) ** si
        return cap

    # SPEC section 13: a rep asked for more in a month than the role's
    # quota_monthly prorated to the slice's share of its month's workdays
    for ci, rp in enumerate(carriers):
        qm = float(role_by_name[rp["role"]]["quota_monthly"])
        for si, sl in enumerate(slices):
            mw = month_workdays(sl["start"].year, sl["start"].month)
            if mw == 0:
                continue
            prorated = qm * len(sl["workdays"]) / mw
            asked = rep_slices[ci][si]
            if asked > 0 and (prorated <= 0 or asked / prorated > 1.0 + 1e-9):
                warnings.append({"code": "quota_above_role_quota",
                                 "path": "team.reps[%d]" % rp["index"]})
                break

    C = 0.0
    for rp in carriers:
        role = role_by_name[rp["role"]]
        C += capacity_of(float(role["quota_monthly"]), rp["ramp"], rp["start"])
    gap = max(0.0, T - C)
    first_quota_role = None
    for i, r in enumerate(roles):
        if float(r.get("quota_monthly", 0)) > 0:
            first_quota_role = (i, r)
            break
    if first_quota_role is None:
        c_new = None
        warnings.append({"code": "no_quota_role", "path": "team.roles"})
    else:
        i, r = first_quota_role
        c_new = capacity_of(float(r["quota_monthly"]), [float(x) for x in r.get("ramp", [])], start)
    if gap == 0:
        cap_hires = 0
    elif c_new is not None and c_new > 0:
        cap_hires = _ceil_tol(gap / c_new)
    else:
        cap_hires = None
        # SPEC section 5: null "with a warning that a hire cannot ramp" (only then)
        if c_new is not None:
            warnings.append({"code": "hire_cannot_ramp",
                             "path": "team.roles[%d].ramp" % first_quota_role[0]})

    # ---- metrics (SPEC section 6) -------------------------------------------
    opp = 0
    for k in range(n):
        if stages[k].get("opportunity") is True:
            opp = k
    win_rate = P[opp]
    cycle = L[opp]
    open_opps = sum(pipeline.get(names[k], 0) for k in range(opp, n))
    velocity = None
    if cycle != 0 and open_opps > 0:
        velocity = open_opps * A * win_rate / cycle
    econ = plan.get("economics", {})
    arpa = econ.get("arpa_monthly")
    gm = econ.get("gross_margin")
    churn = econ.get("churn_monthly")
    cac = econ.get("cac")
    ltv = arpa * gm / churn if None not in (arpa, gm, churn) else None
    ltv_cac = ltv / cac if ltv is not None and cac is not None else None
    payback = cac / (arpa * gm) if None not in (cac, arpa, gm) else None

    # ---- per-rep schedule (SPEC section 11) ----------------------------------
    # For rep r of role p, slice s and activity a of role p: the team's per_workday
    # times f(r, S) / sum over p's reps of f(r', S), S = the workdays of slice s
    # inside a's sourcing window; None when S is empty or the sum is 0.
    window_sets = [set(wd) for wd in window_days]
    schedule = []
    for rp in reps:
        months = []
        for sl in slices:
            acts = []
            for a, out in zip(plan.get("activities", []), activities_out):
                if a.get("role") != rp["role"]:
                    continue
                s_idx = names.index(a["stage"])
                S = [d for d in sl["workdays"] if d in window_sets[s_idx]]
                value = None
                if S and out["per_workday"] is not None:
                    total_f = sum(_mean_factor(other["ramp"], other["start"], S)
                                  for other in reps if other["role"] == rp["role"])
                    if total_f > 0:
                        value = (out["per_workday"] * _mean_factor(rp["ramp"], rp["start"], S)
                                 / total_f)
                acts.append({"name": a["name"], "per_workday": value})
            months.append({"start": sl["start"].isoformat(), "end": sl["end"].isoformat(),
                           "activities": acts})
        schedule.append({"name": rp["name"], "role": rp["role"], "months": months})

    end = start + _dt.timedelta(days=H - 1)
    return {
        "salesplan": 1,
        "name": plan["name"],
        "currency": plan.get("currency", "USD"),
        "mode": "expected" if q is None else "confidence",
        "confidence": q,
        "period": {"start": start.isoformat(), "end": end.isoformat(), "days": H,
                   "workdays": n_work},
        "target": {"revenue": T, "team_quota": Q, "deals_needed": D,
                   "pipeline_expected_deals": E},
        "stages": [{
            "name": names[k],
            "conversion": float(stages[k]["conversion"]) if k < n else None,
            "to_close": P[k],
            "days_to_close": L[k],
            "required": required[k],
            "required_int": required_int[k],
            "window_workdays": window_wd[k] if reachable[k] else None,
            "reachable": reachable[k],
        } for k in range(n + 1)],
        "activities": activities_out,
        "roles": roles_out,
        "quota": {
            "slices": [{"start": sl["start"].isoformat(), "end": sl["end"].isoformat(),
                        "workdays": len(sl["workdays"]), "weight": weights[si]}
                       for si, sl in enumerate(slices)],
            "reps": quota_reps,
            "unassigned": unassigned,
            "phases": phases,
        },
        "capacity": {"expected": C, "coverage": C / T if T > 0 else None, "gap": gap,
                     "new_hire_capacity": c_new, "hires_needed": cap_hires},
        "metrics": {
            "win_rate": win_rate,
            "cycle_days": cycle,
            "required_pipeline_coverage": 1.0 / win_rate,
            "open_opportunities": open_opps,
            "pipeline_value": A * open_opps,
            "pipeline_coverage": A * open_opps / T if T > 0 else None,
            "weighted_pipeline": A * E,
            "sales_velocity_per_day": velocity,
            "ltv": ltv,
            "ltv_to_cac": ltv_cac,
            "cac_payback_months": payback,
        },
        "warnings": warnings,
        "reps": schedule,
    }
