#!/usr/bin/env python3
"""Build a sales plan in code, compute it, and print the daily activity table.

    PYTHONPATH=<prefix>/lib/python3.11/site-packages python3 build_plan.py [--confidence Q]

A $400,000 expansion half-year for a small team: SDRs prospect, AEs run
demos and close. The table says how many of each activity the team (and each
rep) must do per workday to hit the target.
"""

import argparse
import sys

import salesplan


def build() -> salesplan.Plan:
    plan = salesplan.Plan("Northwind: H2 expansion plan")
    plan.currency = "USD"
    plan.set_period("2025-07-01", 184)
    plan.add_holiday("2025-09-01")
    plan.add_holiday("2025-11-27")
    plan.add_holiday("2025-12-25")
    plan.set_text("mission", "Make every Northwind customer a reference customer.")
    plan.add_competitor("Contoso", "direct", notes="cheaper, weaker support")
    plan.add_competitor("Spreadsheets", "indirect")

    plan.target_revenue = 400_000
    plan.target_kind = "expansion"
    plan.over_assignment = 0.2
    plan.deal_size = 16_000
    plan.deal_size_cv = 0.6

    # funnel: conversion to the next stage and mean days in the stage
    plan.add_stage("Prospect", 0.25, days=7)
    plan.add_stage("Meeting", 0.5, days=10)
    plan.add_stage("Demo", 0.55, days=14, opportunity=True)
    plan.add_stage("Proposal", 0.6, days=12)
    plan.add_stage("Won")
    plan.set_pipeline("Demo", 9)
    plan.set_pipeline("Proposal", 4)

    # activities per entry into a stage, with who does them and how long they take
    plan.add_activity("Cold emails", "Prospect", 12, role="SDR", minutes=3,
                      skills=["copywriting"])
    plan.add_activity("Cold calls", "Prospect", 6, share=0.5, role="SDR", minutes=5)
    plan.add_activity("Discovery calls", "Meeting", 1, role="AE", minutes=30)
    plan.add_activity("Demos", "Demo", 1, role="AE", minutes=60, skills=["product"])

    plan.add_role("SDR", minutes_per_day=300)
    plan.add_role("AE", ramp=[0.3, 0.6, 0.9], quota_monthly=30_000, minutes_per_day=240)
    plan.add_rep("Ines", "SDR", tenure_months=8)
    plan.add_rep("Omar", "SDR", start="2025-08-01")
    plan.add_rep("Kira", "AE", tenure_months=20)
    plan.add_rep("Lev", "AE", tenure_months=4, territory_weight=0.8)
    plan.set_economics(arpa_monthly=1_300, gross_margin=0.78, churn_monthly=0.015, cac=9_000)
    return plan


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--confidence", type=float, default=None,
                    help="size the funnel to hit the target with this probability")
    args = ap.parse_args()

    plan = build()
    problems = plan.validate()
    if problems:
        for p in problems:
            print(f"problem: {p}", file=sys.stderr)
        return 1
    result = plan.compute(confidence=args.confidence)
    o = result.overview

    print(f"{o.name}")
    print(f"{o.period_start} .. {o.period_end}: {o.workdays} workdays, "
          f"target {o.revenue:,.0f} {o.currency}, {o.deals_needed:.0f} deals to win "
          f"({o.mode} mode)\n")
    header = f"{'activity':<18} {'role':<5} {'stage':<10} {'total':>9} {'per day':>9} " \
             f"{'per rep/day':>12} {'FTE':>6}"
    print(header)
    print("-" * len(header))

    def num(x, fmt):
        return format(x, fmt) if x is not None else "-"

    for a in result.activities:
        print(f"{a.name:<18} {a.role or '-':<5} {a.stage:<10} {a.total:>9.1f} "
              f"{num(a.per_workday, '>9.1f')} {num(a.per_rep_per_workday, '>12.1f')} "
              f"{num(a.fte, '>6.2f')}")
    for w in result.warnings:
        print(f"\nwarning: {w.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
