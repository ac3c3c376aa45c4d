#!/usr/bin/env python3
"""The same figures as `salesplan estimate`, computed with pandas (read_csv + groupby).

Used two ways: as the baseline of the benchmark (bench/estimate/bench_estimate.sh) and as an
independent reference for the figures (bench/estimate/compare.py). It follows the rules of
docs/estimate.md: rows with a malformed date or amount are dropped (and counted), empty values
are missing, win rate = won / (won + lost) with a Wilson interval (z = 1.959964), medians and
quantiles as numpy computes them.

Usage: estimate_pandas.py CSV [--shape snapshot|transitions] [--id C] [--stage C] [--created C]
       [--closed C] [--amount C] [--date C] [--group C]... [--won N]... [--lost N]...
       [--stages A,B,C] [--date-order mdy|dmy] [--join FILE:KEY]
Prints a JSON document with the keys of SPEC §7.
"""
import argparse
import json
import math
import sys

import numpy as np
import pandas as pd

Z = 1.959964


def wilson(x, n):
    if n == 0:
        return None
    p = x / n
    z2 = Z * Z
    denom = 1 + z2 / n
    center = (p + z2 / (2 * n)) / denom
    half = Z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return [max(0.0, center - half), min(1.0, center + half)]


def num(v):
    if v is None:
        return None
    v = float(v)
    return None if math.isnan(v) else v


EPOCH = pd.Timestamp("1970-01-01")


def parse_dates(s, dmy):
    """Dates as day numbers (float, NaN when empty) and a mask of malformed values.

    The whole column goes through one to_datetime call with the export's format (pandas
    caches the few hundred distinct dates); only what fails is tried as ISO or with a time."""
    empty = s.isna()
    fmt = "%d/%m/%Y" if dmy else "%m/%d/%Y"
    d = pd.to_datetime(s, format=fmt, errors="coerce")
    rest = d.isna() & ~empty
    if rest.any():
        r = s[rest].astype(str).str.strip()
        iso = r.str.match(r"^\d{4}-\d{2}-\d{2}([T ]\d.*)?$")
        a = pd.to_datetime(r.where(iso).str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
        b = pd.to_datetime(r.str.split(" ").str[0], format=fmt, errors="coerce")
        d[rest] = a.fillna(b)
    v = d.to_numpy()
    days = v.astype("datetime64[D]").astype(np.int64).astype(float)
    days[np.isnat(v)] = np.nan
    days = pd.Series(days, index=s.index)
    return days, ~empty & days.isna()


def figures(won, lost, open_, amounts, cycles):
    closed = won + lost
    a = amounts[~np.isnan(amounts)]
    c = cycles[~np.isnan(cycles)]
    return {
        "deals": int(won + lost + open_), "won": int(won), "lost": int(lost), "open": int(open_),
        "win_rate": won / closed if closed else None,
        "win_rate_ci95": wilson(won, closed),
        "won_amount": {"count": int(a.size), "mean": num(a.mean()) if a.size else None,
                       "median": num(np.median(a)) if a.size else None,
                       "sum": num(a.sum()) if a.size else None},
        "cycle_days": {"count": int(c.size), "mean": num(c.mean()) if c.size else None,
                       "median": num(np.median(c)) if c.size else None,
                       "p90": num(np.quantile(c, 0.9)) if c.size else None},
    }


OPEN, WON, LOST = 0, 1, 2


def frame_figures(df):
    """df: one row per deal with columns cls (OPEN, WON, LOST), amount, cycle."""
    c = df.cls.to_numpy()
    w = c == WON
    won, lost = int(w.sum()), int((c == LOST).sum())
    return figures(won, lost, len(c) - won - lost, df.amount.to_numpy(float)[w],
                   df.cycle.to_numpy(float)[w])


def grouped(deals, groups):
    out = []
    for g in groups:
        # groupby sorts its keys, as the tool does; missing values are in no group
        for value, part in deals.groupby(g, sort=True, dropna=True):
            rec = {"column": g, "value": value}
            rec.update(frame_figures(part))
            out.append(rec)
    return out


def classify(stage, won_names, lost_names):
    """'won', 'lost' or 'open' per row, deciding once per distinct stage name."""
    stage = stage.astype("category")
    cats = pd.Series(stage.cat.categories).astype(str).str.strip().str.lower()
    lab = np.where(cats.isin(won_names), WON, np.where(cats.isin(lost_names), LOST, OPEN))
    codes = stage.cat.codes.to_numpy()
    lab = np.append(lab, OPEN)  # code -1 (missing) reads the last entry
    return pd.Series(lab[codes], index=stage.index)


def amounts_of(df, col):
    if col is None:
        return pd.Series(np.nan, index=df.index), pd.Series(False, index=df.index)
    raw = df[col]
    if raw.dtype.kind in "fi":  # read_csv parsed every value: nothing malformed
        val = raw.astype(float)
        return val, ~np.isfinite(val.fillna(0))
    empty = raw.isna() | (raw.astype(str).str.strip() == "")
    val = pd.to_numeric(raw.astype(str).str.strip(), errors="coerce")
    bad = ~empty & (val.isna() | ~np.isfinite(val.fillna(0)))
    return val.astype(float), bad


def read(a, cols):
    amount = {a.amount} if a.amount else set()
    dtypes = {c: ("category" if c in (a.stage, *a.group) else str) for c in cols
              if c not in amount}
    df = pd.read_csv(a.csv, usecols=sorted(set(cols)), dtype=dtypes, keep_default_na=False,
                     na_values=[""], encoding="utf-8-sig")
    for g in a.group:
        if g not in df.columns and a.join:
            path, key = a.join.rsplit(":", 1)
            t = pd.read_csv(path, usecols=[key, g], dtype=str, keep_default_na=False,
                            na_values=[""])
            df = df.merge(t, on=key, how="left")
    return df


def snapshot(a):
    cols = [c for c in (a.stage, a.created, a.closed, a.amount) if c]
    if a.join:
        cols.append(a.join.rsplit(":", 1)[1])
    header = pd.read_csv(a.csv, nrows=0, encoding="utf-8-sig").columns
    cols += [g for g in a.group if g in header]
    df = read(a, cols)
    st = df[a.stage].astype("category")
    blank = (pd.Series(st.cat.categories).astype(str).str.strip() == "").to_numpy()
    codes = st.cat.codes.to_numpy()
    bad = pd.Series((codes < 0) | (blank[np.maximum(codes, 0)] if blank.size else False),
                    index=df.index)
    created, bc = parse_dates(df[a.created], a.dmy) if a.created else (None, None)
    closed, bd = parse_dates(df[a.closed], a.dmy) if a.closed else (None, None)
    amount, ba = amounts_of(df, a.amount)
    for b in (bc, bd, ba):
        if b is not None:
            bad |= b
    cls = classify(df[a.stage], a.won, a.lost)
    cycle = pd.Series(np.nan, index=df.index)
    if created is not None and closed is not None:
        cycle = closed - created
        neg = (cycle < 0) & (cls != OPEN)
        bad |= neg
    skipped = int(bad.sum())
    deals = pd.DataFrame({"cls": cls, "amount": amount, "cycle": cycle})
    for g in a.group:
        deals[g] = df[g]
    deals = deals[~bad]
    doc = {"shape": "snapshot", "rows": int(len(df))}
    doc.update(frame_figures(deals))
    doc["groups"] = grouped(deals, a.group)
    doc["stages"] = []
    doc["skipped"] = {"count": skipped}
    return doc


def transitions(a):
    cols = [a.id, a.stage, a.date] + ([a.amount] if a.amount else [])
    if a.join:
        cols.append(a.join.rsplit(":", 1)[1])
    header = pd.read_csv(a.csv, nrows=0, encoding="utf-8-sig").columns
    cols += [g for g in a.group if g in header]
    df = read(a, cols)
    df["row"] = np.arange(len(df))
    order = [s.strip().lower() for s in a.stages.split(",")]
    won_in_order = order[-1] in a.won
    if won_in_order:
        order = order[:-1]
    n = len(order)
    s = df[a.stage].str.strip().str.lower()
    k = s.map({name: i for i, name in enumerate(order)})
    k[s.isin(a.won)] = n
    k[s.isin(a.lost)] = -1
    day, bdate = parse_dates(df[a.date], a.dmy)
    amount, bamt = amounts_of(df, a.amount)
    bad = (df[a.id].str.strip() == "") | k.isna() | bdate | bamt
    skipped = int(bad.sum())
    df = df[~bad].copy()
    df["k"] = k[~bad].astype(int)
    df["day"] = day[~bad]
    df["amount"] = amount[~bad]
    df["deal"] = df[a.id].str.strip()
    # first entry per (deal, stage); entered even without a date
    ent = df[df.k >= 0]
    first = ent.groupby(["deal", "k"]).day.min().unstack()  # NaN: not entered or no date
    present = ent.groupby(["deal", "k"]).size().unstack().notna()
    deals = pd.Index(df.deal.unique())
    first = first.reindex(index=deals, columns=range(n + 1))
    present = present.reindex(index=deals, columns=range(n + 1), fill_value=False)
    present = present.fillna(False).astype(bool)
    # the rules do not depend on the order of rows (docs/scale.md): the terminal
    # event is the latest one, dated beats undated, and a tie counts as lost
    term = df[(df.k == n) | (df.k == -1)].copy()
    term["dated"] = term.day.notna()
    term["is_lost"] = term.k == -1
    term = term.sort_values(["dated", "day", "is_lost"], na_position="first", kind="mergesort")
    last = term.groupby("deal").tail(1).set_index("deal").k
    status = pd.Series(OPEN, index=deals)
    status[last.index] = np.where(last == n, WON, LOST)
    P = present.to_numpy()
    F = first.to_numpy(float)
    idx = np.arange(n + 1)
    m = np.where(P.any(axis=1), np.where(P, idx, -1).max(axis=1), -1)
    stages = []
    st = status.to_numpy()
    for j in range(n):
        entered = P[:, j]
        adv = entered & (j < m)
        at = entered & (j == m)
        lost = at & (st == LOST)
        opn = at & (st != LOST)
        later = F[:, j + 1:]
        nxt = np.where(np.isnan(later), np.inf, later).min(axis=1)
        dd = nxt - F[:, j]
        ok = adv & ~np.isnan(F[:, j]) & np.isfinite(nxt) & (dd >= 0)
        d = dd[ok]
        a_, l_ = int(adv.sum()), int(lost.sum())
        stages.append({
            "name": a.stages.split(",")[j].strip(), "entered": int(entered.sum()),
            "advanced": a_, "lost": l_, "open": int(opn.sum()),
            "conversion": a_ / (a_ + l_) if a_ + l_ else None,
            "conversion_ci95": wilson(a_, a_ + l_),
            "days_mean": num(d.mean()) if d.size else None,
            "days_median": num(np.median(d)) if d.size else None})
    wonday = F[:, n]
    firstday = np.where(np.isnan(F), np.inf, F).min(axis=1)
    cycle = np.where((st == WON) & ~np.isnan(wonday), wonday - firstday, np.nan)
    # the amount of the latest row with one (dated beats undated), the largest on a tie
    am = df[df.amount.notna()].copy()
    am["dated"] = am.day.notna()
    am = am.sort_values(["dated", "day", "amount"], na_position="first", kind="mergesort")
    amt = am.groupby("deal").amount.last().reindex(deals)
    per = pd.DataFrame({"cls": st, "amount": np.where(st == WON, amt.to_numpy(float), np.nan),
                        "cycle": cycle}, index=deals)
    for g in a.group:
        # the value of the earliest row with one (undated after dated), the smallest on a tie
        gv = df[df[g].notna()].copy()
        gv["undated"] = gv.day.isna()
        gv = gv.sort_values(["undated", "day", g], na_position="last", kind="mergesort")
        per[g] = gv.groupby("deal")[g].first().reindex(deals)
    doc = {"shape": "transitions", "rows": int(len(bad))}
    doc.update(frame_figures(per))
    doc["groups"] = grouped(per, a.group)
    doc["stages"] = stages
    doc["skipped"] = {"count": skipped}
    return doc


CANDIDATES = {
    "id": ["dealid", "opportunityid", "recordid", "id", "deal", "opportunity"],
    "stage": ["stage", "dealstage", "stagename", "tostage", "newstage"],
    "created": ["created", "createddate", "createdate", "createdon", "createdat", "engagedate",
                "opendate"],
    "closed": ["closed", "closedate", "closeddate", "closedon", "closedat"],
    "amount": ["amount", "closevalue", "dealamount", "dealvalue", "value"],
    "date": ["date", "entereddate", "enteredat", "entered", "stagedate", "changedate",
             "changedat"],
}


def norm(name):
    return "".join(c for c in name.lower() if c not in " _-.\t")


def detect(a):
    """Columns not named on the command line, found as docs/estimate.md describes."""
    header = list(pd.read_csv(a.csv, nrows=0, encoding="utf-8-sig", dtype=str).columns)
    roles = ["id", "stage", "amount"] + (["date"] if a.shape == "transitions"
                                         else ["created", "closed"])
    for role in roles:
        given = getattr(a, role)
        if given is not None:
            if given not in header:
                hits = [h for h in header if norm(h) == norm(given)]
                setattr(a, role, hits[0] if hits else given)
            continue
        for cand in CANDIDATES[role]:
            hits = [h for h in header if norm(h) == cand]
            if hits:
                setattr(a, role, hits[0])
                break


def main():
    p = argparse.ArgumentParser()
    p.add_argument("csv")
    p.add_argument("--shape", default="snapshot")
    for c in ("id", "stage", "created", "closed", "amount", "date"):
        p.add_argument("--" + c)
    p.add_argument("--group", action="append", default=[])
    p.add_argument("--won", action="append")
    p.add_argument("--lost", action="append")
    p.add_argument("--stages")
    p.add_argument("--date-order", default="mdy")
    p.add_argument("--join")
    a = p.parse_args()
    a.won = [w.strip().lower() for w in (a.won or ["won", "closed won"])]
    a.lost = [w.strip().lower() for w in (a.lost or ["lost", "closed lost"])]
    a.dmy = a.date_order == "dmy"
    detect(a)
    doc = transitions(a) if a.shape == "transitions" else snapshot(a)
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
