#!/usr/bin/env python3
"""Regenerate tests/data/plans/invalid/*.json and their .expect files.

Each case is the small base plan below with one change. The character '§'
marks where the first reported problem must point; it is removed from the
file and its line and column (1-based, column in bytes) are written, with the
expected path and status, to <name>.expect as "PATH LINE:COL STATUS MESSAGE"
(PATH "-" means the empty path). The line/column come from this script's own
text search, independently of the C scanner. The MESSAGE is the reviewed
wording of the library (the rule and the value found); it is written by hand
and kept from the existing .expect file when the case is regenerated.

Run from this directory: python3 gen_fixtures.py
"""
import os

BASE = """{
  "salesplan": 1,
  "name": "Minimal plan",
  "period": {"start": "2026-01-05", "days": 90},
  "calendar": {"workdays": ["mon", "tue", "wed", "thu", "fri"], "holidays": ["2026-01-19"]},
  "narrative": {
    "competitors": [{"name": "Rival", "kind": "direct"}]
  },
  "target": {"revenue": 100000},
  "deal": {"average_size": 10000},
  "funnel": {
    "stages": [
      {"name": "Lead", "conversion": 0.2, "days": 5},
      {"name": "Demo", "conversion": 0.5, "days": 10},
      {"name": "Won"}
    ]
  },
  "pipeline": {"Demo": 3},
  "activities": [
    {"name": "Calls", "stage": "Lead", "per_entry": 10, "role": "SDR", "minutes": 3}
  ],
  "team": {
    "roles": [{"name": "SDR"}, {"name": "AE", "ramp": [0.5], "quota_monthly": 20000}],
    "reps": [{"name": "Ann", "role": "AE", "tenure_months": 12}]
  },
  "economics": {"arpa_monthly": 800, "gross_margin": 0.8}
}
"""

# name: (old text, new text with a § marker, expected path, status)
CASES = {
    "version_2": ('"salesplan": 1', '"salesplan": §2', "salesplan", "EPLAN"),
    "version_float": ('"salesplan": 1', '"salesplan": §1.0', "salesplan", "EPLAN"),
    "version_missing": ('{\n  "salesplan": 1,\n', '§{\n', "salesplan", "EPLAN"),
    "name_empty": ('"name": "Minimal plan"', '"name": §""', "name", "EPLAN"),
    "name_number": ('"name": "Minimal plan"', '"name": §42', "name", "EPLAN"),
    "name_too_long": ('"name": "Minimal plan"', '"name": §"' + "x" * 201 + '"', "name", "EPLAN"),
    "currency_lower_case": ('"name": "Minimal plan",', '"name": "Minimal plan",\n  "currency": §"usd",',
                            "currency", "EPLAN"),
    "period_start_not_a_date": ('"start": "2026-01-05"', '"start": §"2026-02-30"', "period.start", "EPLAN"),
    "period_start_missing": ('{"start": "2026-01-05", "days": 90}', '§{"days": 90}', "period.start", "EPLAN"),
    "period_days_zero": ('"days": 90}', '"days": §0}', "period.days", "EPLAN"),
    "period_days_too_many": ('"days": 90}', '"days": §3661}', "period.days", "EPLAN"),
    "period_days_fraction": ('"days": 90}', '"days": §2.5}', "period.days", "EPLAN"),
    "period_days_exponent": ('"days": 90}', '"days": §9e1}', "period.days", "EPLAN"),
    "period_days_negative_zero": ('"days": 90}', '"days": §-0}', "period.days", "EPLAN"),
    "phases_descending": ('"days": 90}', '"days": 90, "phases": §[60, 30]}', "period.phases", "EPLAN"),
    "phases_past_period": ('"days": 90}', '"days": 90, "phases": [30, §120]}', "period.phases[1]", "EPLAN"),
    "period_without_workday": ('"period": {"start": "2026-01-05", "days": 90},\n  "calendar": {"workdays": '
                               '["mon", "tue", "wed", "thu", "fri"]',
                               '"period": §{"start": "2026-01-05", "days": 5},\n  "calendar": {"workdays": '
                               '["sun"]', "period", "EPLAN"),
    "workday_unknown": ('"workdays": ["mon",', '"workdays": [§"Monday",', "calendar.workdays[0]", "EPLAN"),
    "workday_twice": ('"workdays": ["mon", "tue",', '"workdays": ["mon", §"mon",', "calendar.workdays[1]",
                      "EPLAN"),
    "workdays_empty": ('"workdays": ["mon", "tue", "wed", "thu", "fri"]', '"workdays": §[]',
                       "calendar.workdays", "EPLAN"),
    "holiday_not_a_date": ('"holidays": ["2026-01-19"]', '"holidays": [§"2026-13-01"]',
                           "calendar.holidays[0]", "EPLAN"),
    "holiday_twice": ('"holidays": ["2026-01-19"]', '"holidays": ["2026-01-19", §"2026-01-19"]',
                      "calendar.holidays[1]", "EPLAN"),
    "competitor_kind_unknown": ('"kind": "direct"', '"kind": §"partner"', "narrative.competitors[0].kind",
                                "EPLAN"),
    "competitor_name_missing": ('[{"name": "Rival", "kind": "direct"}]', '[§{"kind": "direct"}]',
                                "narrative.competitors[0].name", "EPLAN"),
    "competitor_twice": ('[{"name": "Rival", "kind": "direct"}]',
                         '[{"name": "Rival", "kind": "direct"}, {"name": §"Rival", "kind": "indirect"}]',
                         "narrative.competitors[1].name", "EPLAN"),
    "revenue_zero": ('"revenue": 100000', '"revenue": §0', "target.revenue", "EPLAN"),
    "revenue_negative": ('"revenue": 100000', '"revenue": §-5', "target.revenue", "EPLAN"),
    "revenue_string": ('"revenue": 100000', '"revenue": §"100000"', "target.revenue", "EPLAN"),
    "revenue_missing": ('"target": {"revenue": 100000}', '"target": §{"kind": "total"}', "target.revenue",
                        "EPLAN"),
    "target_kind_unknown": ('"revenue": 100000', '"revenue": 100000, "kind": §"upsell"', "target.kind",
                            "EPLAN"),
    "over_assignment_one": ('"revenue": 100000', '"revenue": 100000, "over_assignment": §1',
                            "target.over_assignment", "EPLAN"),
    "seasonality_negative": ('"revenue": 100000', '"revenue": 100000, "seasonality": §[1, -1, 1, 1]',
                             "target.seasonality", "EPLAN"),
    "seasonality_wrong_count": ('"revenue": 100000', '"revenue": 100000, "seasonality": §[1, 2]',
                                "target.seasonality", "EPLAN"),
    "seasonality_empty": ('"revenue": 100000', '"revenue": 100000, "seasonality": §[]',
                          "target.seasonality", "EPLAN"),
    "deal_size_missing": ('"deal": {"average_size": 10000}', '"deal": §{"size_cv": 0.2}',
                          "deal.average_size", "EPLAN"),
    "deal_cv_negative": ('"average_size": 10000}', '"average_size": 10000, "size_cv": §-0.1}',
                         "deal.size_cv", "EPLAN"),
    "confidence_one": ('"deal": {', '"confidence": §1,\n  "deal": {', "confidence", "EPLAN"),
    "funnel_one_stage": ('"stages": [\n      {"name": "Lead", "conversion": 0.2, "days": 5},\n'
                         '      {"name": "Demo", "conversion": 0.5, "days": 10},\n      {"name": "Won"}\n    ]',
                         '"stages": §[\n      {"name": "Won"}\n    ]', "funnel.stages", "EPLAN"),
    "stages_not_a_list": ('"stages": [\n      {"name": "Lead", "conversion": 0.2, "days": 5},\n'
                          '      {"name": "Demo", "conversion": 0.5, "days": 10},\n      {"name": "Won"}\n    ]',
                          '"stages": §{}', "funnel.stages", "EPLAN"),
    "conversion_zero": ('"conversion": 0.2', '"conversion": §0', "funnel.stages[0].conversion", "EPLAN"),
    "conversion_above_one": ('"conversion": 0.5', '"conversion": §1.5', "funnel.stages[1].conversion",
                             "EPLAN"),
    "conversion_missing": ('{"name": "Demo", "conversion": 0.5, "days": 10}', '§{"name": "Demo", "days": 10}',
                           "funnel.stages[1].conversion", "EPLAN"),
    "conversion_nan_string": ('"conversion": 0.2', '"conversion": §"NaN"', "funnel.stages[0].conversion",
                              "EPLAN"),
    "won_stage_with_conversion": ('{"name": "Won"}', '{"name": "Won", §"conversion": 1}',
                                  "funnel.stages[2].conversion", "EPLAN"),
    "stage_name_twice": ('{"name": "Demo", "conversion": 0.5', '{"name": §"Lead", "conversion": 0.5',
                         "funnel.stages[1].name", "EPLAN"),
    "stage_days_negative": ('"days": 5}', '"days": §-1}', "funnel.stages[0].days", "EPLAN"),
    "two_opportunity_stages": ('"days": 5}', '"days": 5, "opportunity": true}', None, None),
    "opportunity_not_bool": ('"days": 5}', '"days": 5, "opportunity": §"yes"}',
                             "funnel.stages[0].opportunity", "EPLAN"),
    "observed_negative": ('"days": 5}', '"days": 5, "observed": {"advanced": 10, "lost": §-3}}',
                          "funnel.stages[0].observed.lost", "EPLAN"),
    "observed_negative_zero": ('"days": 5}', '"days": 5, "observed": {"advanced": §-0, "lost": 3}}',
                               "funnel.stages[0].observed.advanced", "EPLAN"),
    "observed_fraction": ('"days": 5}', '"days": 5, "observed": {"advanced": 10, "lost": §2.5}}',
                          "funnel.stages[0].observed.lost", "EPLAN"),
    "pipeline_unknown_stage": ('"pipeline": {"Demo": 3}', '"pipeline": {§"Proposal": 3}',
                               "pipeline.Proposal", "EPLAN"),
    "pipeline_won_stage": ('"pipeline": {"Demo": 3}', '"pipeline": {"Demo": 3, §"Won": 1}',
                           "pipeline.Won", "EPLAN"),
    "pipeline_fraction": ('"pipeline": {"Demo": 3}', '"pipeline": {"Demo": §2.5}', "pipeline.Demo", "EPLAN"),
    "pipeline_negative_zero": ('"pipeline": {"Demo": 3}', '"pipeline": {"Demo": §-0}', "pipeline.Demo",
                               "EPLAN"),
    "pipeline_negative": ('"pipeline": {"Demo": 3}', '"pipeline": {"Demo": §-2}', "pipeline.Demo", "EPLAN"),
    "pipeline_too_big": ('"pipeline": {"Demo": 3}', '"pipeline": {"Demo": §99999999999999999999}',
                         "pipeline.Demo", "EPLAN"),
    "activity_unknown_stage": ('"stage": "Lead"', '"stage": §"Prospect"', "activities[0].stage", "EPLAN"),
    "activity_won_stage": ('"stage": "Lead"', '"stage": §"Won"', "activities[0].stage", "EPLAN"),
    "activity_per_entry_zero": ('"per_entry": 10', '"per_entry": §0', "activities[0].per_entry", "EPLAN"),
    "activity_share_zero": ('"per_entry": 10', '"per_entry": 10, "share": §0', "activities[0].share",
                            "EPLAN"),
    "activity_unknown_role": ('"role": "SDR", "minutes": 3', '"role": §"BDR", "minutes": 3',
                              "activities[0].role", "EPLAN"),
    "activity_minutes_negative": ('"minutes": 3', '"minutes": §-3', "activities[0].minutes", "EPLAN"),
    "activity_name_twice": ('"minutes": 3}\n', '"minutes": 3},\n    {"name": §"Calls", "stage": "Lead", '
                            '"per_entry": 1}\n', "activities[1].name", "EPLAN"),
    "activity_stage_missing": ('{"name": "Calls", "stage": "Lead",', '§{"name": "Calls",',
                               "activities[0].stage", "EPLAN"),
    "activity_skill_number": ('"minutes": 3}', '"minutes": 3, "skills": ["Phone", §7]}',
                              "activities[0].skills[1]", "EPLAN"),
    "ramp_above_one": ('"ramp": [0.5]', '"ramp": §[0.5, 1.2]', "team.roles[1].ramp", "EPLAN"),
    "quota_negative": ('"quota_monthly": 20000', '"quota_monthly": §-1', "team.roles[1].quota_monthly",
                       "EPLAN"),
    "minutes_per_day_too_many": ('[{"name": "SDR"}', '[{"name": "SDR", "minutes_per_day": §2000}',
                                 "team.roles[0].minutes_per_day", "EPLAN"),
    "role_twice": ('{"name": "AE", "ramp"', '{"name": §"SDR", "ramp"', "team.roles[1].name", "EPLAN"),
    "rep_unknown_role": ('"role": "AE", "tenure_months"', '"role": §"CSM", "tenure_months"',
                         "team.reps[0].role", "EPLAN"),
    "rep_start_and_tenure": ('"tenure_months": 12}', '"start": "2025-01-06", §"tenure_months": 12}',
                             "team.reps[0]", "EPLAN"),
    "rep_no_start": ('{"name": "Ann", "role": "AE", "tenure_months": 12}', '§{"name": "Ann", "role": "AE"}',
                     "team.reps[0]", "EPLAN"),
    "rep_tenure_negative": ('"tenure_months": 12', '"tenure_months": §-1', "team.reps[0].tenure_months",
                            "EPLAN"),
    "rep_start_not_a_date": ('"tenure_months": 12}', '"start": §"2025-1-6"}', "team.reps[0].start", "EPLAN"),
    "rep_weight_zero": ('"tenure_months": 12}', '"tenure_months": 12, "territory_weight": §0}',
                        "team.reps[0].territory_weight", "EPLAN"),
    "attrition_one": ('"reps": [', '"attrition_monthly": §1,\n    "reps": [', "team.attrition_monthly",
                      "EPLAN"),
    "attainment_zero": ('"reps": [', '"expected_attainment": §0,\n    "reps": [', "team.expected_attainment",
                        "EPLAN"),
    "gross_margin_zero": ('"gross_margin": 0.8', '"gross_margin": §0', "economics.gross_margin", "EPLAN"),
    "cac_negative": ('"gross_margin": 0.8', '"gross_margin": 0.8, "cac": §-100', "economics.cac", "EPLAN"),
    "unknown_top_key": ('"name": "Minimal plan",', '"name": "Minimal plan",\n  §"nmae": "typo",', "nmae",
                        "EPLAN"),
    "unknown_nested_key": ('"days": 90}', '"days": 90, §"length": 3}', "period.length", "EPLAN"),
    "not_an_object": (None, '§[1, 2, 3]\n', "-", "EPLAN"),
    "syntax_nan": ('"revenue": 100000', '"revenue": §NaN', "-", "ESYNTAX"),
    "syntax_infinity": ('"revenue": 100000', '"revenue": §-Infinity', "-", "ESYNTAX"),
    "syntax_overflow": ('"revenue": 100000', '"revenue": §1e999', "-", "ESYNTAX"),
    "syntax_duplicate_key": ('"days": 90}', '"days": 90, §"days": 30}', "period.days", "ESYNTAX"),
    "syntax_lone_surrogate": ('"name": "Minimal plan"', '"name": "Minimal §\\ud800 plan"', "-", "ESYNTAX"),
    "syntax_trailing_comma": ('"days": 90}', '"days": 90,§}', "-", "ESYNTAX"),
    "syntax_missing_brace": (None, '{"salesplan": 1,\n  "name": "x"\n§', "-", "ESYNTAX"),
    "limit_nesting": ('"economics": {"arpa_monthly": 800, "gross_margin": 0.8}',
                      '"x-deep": ' + '[' * 63 + '§[' + ']' * 64, "-", "ELIMIT"),
}

# a fixture whose first problem is the second flag (handled specially)
SPECIAL_TWO_OPP = ('{"name": "Demo", "conversion": 0.5, "days": 10}',
                   '{"name": "Demo", "conversion": 0.5, "days": 10, "opportunity": §true}')


def locate(text):
    assert "§" in text, text[:80]
    i = text.index("§")
    before = text[:i].encode("utf-8")
    line = before.count(b"\n") + 1
    col = len(before) - (before.rfind(b"\n") + 1) + 1
    return text.replace("§", "", 1), line, col


def main():
    out = "invalid"
    for name, (old, new, path, status) in sorted(CASES.items()):
        if name == "two_opportunity_stages":
            text = BASE.replace(old, new, 1)
            assert SPECIAL_TWO_OPP[0] in text
            text = text.replace(SPECIAL_TWO_OPP[0], SPECIAL_TWO_OPP[1], 1)
            path, status = "funnel.stages[1].opportunity", "EPLAN"
        elif old is None:
            text = new
        else:
            assert old in BASE, name
            text = BASE.replace(old, new, 1)
        text, line, col = locate(text)
        with open(os.path.join(out, name + ".json"), "w", encoding="utf-8") as f:
            f.write(text)
        expect = os.path.join(out, name + ".expect")
        message = ""
        if os.path.exists(expect):
            with open(expect, encoding="utf-8") as f:
                parts = f.readline().rstrip("\n").split(" ", 3)
            message = parts[3] if len(parts) == 4 else ""
        with open(expect, "w", encoding="utf-8") as f:
            f.write("%s %d:%d %s %s\n" % (path, line, col, status, message))
    with open(os.path.join("valid", "minimal.json"), "w") as f:
        f.write(BASE)


if __name__ == "__main__":
    main()
