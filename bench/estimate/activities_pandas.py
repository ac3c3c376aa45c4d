#!/usr/bin/env python3
"""The pandas baseline of `salesplan activities` (bench_activities.sh): the same
per-type counts, entries, per-entry and per-won-deal yields, and the same per
owner, over the days both files cover. Prints them as JSON (for the check)."""
import json
import sys

import pandas as pd

log = pd.read_csv(sys.argv[1], parse_dates=["date"])
deals = pd.read_csv(sys.argv[2], parse_dates=["created", "closed"])
lo = max(log["date"].min(), min(deals["created"].min(), deals["closed"].min()))
hi = min(log["date"].max(), max(deals["created"].max(), deals["closed"].max()))
log = log[(log["date"] >= lo) & (log["date"] <= hi)]
created = deals[(deals["created"] >= lo) & (deals["created"] <= hi)]
won = deals[(deals["stage"] == "Closed Won") & (deals["closed"] >= lo) & (deals["closed"] <= hi)]
entries, nwon = len(created), len(won)
count = log.groupby("type").size()
by_owner = log.groupby(["type", "owner"]).size()
owner_entries = created.groupby("owner").size()
owner_won = won.groupby("owner").size()
out = {}
for t, c in count.items():
    owners = {}
    for o, k in by_owner[t].items():
        e = int(owner_entries.get(o, 0))
        w = int(owner_won.get(o, 0))
        owners[o] = [int(k), e, k / e if e else None, w, k / w if w else None]
    out[t] = {"count": int(c), "entries": entries, "per_entry": c / entries if entries else None,
              "won_deals": nwon, "per_won_deal": c / nwon if nwon else None, "owners": owners}
json.dump(out, sys.stdout)
