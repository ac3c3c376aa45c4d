/* The tracking as a pacing review a sales leader would send: where we stand,
 * who is behind, what each rep does per day from tomorrow, and the warnings.
 * Rounding happens here only (SPEC §2). */
#include <math.h>

#include "model/plan_model.h"
#include "render/render.h"
#include "track/track_internal.h"

static const char *status_text(salesplan_track_status s)
{
    switch (s) {
    case SALESPLAN_TRACK_AHEAD: return "ahead";
    case SALESPLAN_TRACK_ON_TRACK: return "on track";
    case SALESPLAN_TRACK_BEHIND: return "behind";
    case SALESPLAN_TRACK_AT_RISK: return "at risk";
    case SALESPLAN_TRACK_NONE: break;
    }
    return "n/a";
}

static void money(slp_strbuf *sb, double v, const char *cur)
{
    char b[SLP_FMT_SIZE];
    slp_fmt_money(b, sizeof b, v, cur);
    slp_sb_puts(sb, b);
}

static void pct(slp_strbuf *sb, double v)
{
    char b[SLP_FMT_SIZE];
    slp_fmt_percent(b, sizeof b, v);
    slp_sb_puts(sb, b);
}

static void num(slp_strbuf *sb, double v, int decimals)
{
    char b[SLP_FMT_SIZE];
    slp_fmt_fixed(b, sizeof b, v, decimals, 1, 1);
    slp_sb_puts(sb, isnan(v) ? "–" : b);
}

static void standing(const salesplan_tracking *t, slp_strbuf *sb)
{
    const salesplan_tracking_summary *s = &t->summary;
    const char *cur = t->plan->currency;
    char date[SLP_FMT_SIZE];
    slp_fmt_date_long(date, sizeof date, s->as_of, 0);
    slp_sb_puts(sb, "# Pacing review: ");
    slp_md_cell(sb, t->plan->name);
    slp_sb_printf(sb, "\n\nAs of %s (day %ld of %d).\n\n## Where we stand\n\n", date,
                  s->as_of_day + 1, t->plan->period_days);
    slp_sb_puts(sb, "We have booked ");
    money(sb, s->booked, cur);
    slp_sb_puts(sb, " of ");
    money(sb, t->revenue, cur);
    slp_sb_puts(sb, " (");
    pct(sb, s->attainment);
    slp_sb_puts(sb, "). The plan expected ");
    money(sb, s->expected_to_date, cur);
    slp_sb_puts(sb, " by today, so we are **");
    slp_sb_puts(sb, status_text(s->status));
    slp_sb_puts(sb, "**");
    if (!isnan(s->pace)) {
        slp_sb_puts(sb, " (pace ");
        pct(sb, s->pace);
        slp_sb_puts(sb, ")");
    }
    slp_sb_puts(sb, ".\n\n| Figure | Value |\n|---|---:|\n| Gap to target | ");
    money(sb, s->gap, cur);
    slp_sb_puts(sb, " |\n| Projected at this pace | ");
    if (isnan(s->projected_on_pace))
        slp_sb_puts(sb, "n/a");
    else
        money(sb, s->projected_on_pace, cur);
    slp_sb_puts(sb, " |\n| Projected from the open pipeline | ");
    money(sb, s->projected_from_pipeline, cur);
    slp_sb_puts(sb, " |\n| Chance the pipeline closes the gap | ");
    pct(sb, s->p_hit_from_pipeline);
    slp_sb_puts(sb, " |\n\n");
}

static void reps(const salesplan_tracking *t, slp_strbuf *sb)
{
    const char *cur = t->plan->currency;
    slp_sb_puts(sb, "## Reps\n\n| Rep | Role | Booked | Quota to date | Pace | Status | "
                    "Remaining | Deals needed |\n|---|---|---:|---:|---:|---|---:|---:|\n");
    for (size_t i = 0; i < t->rep_count; i++) {
        const salesplan_tracking_rep *r = &t->reps[i];
        if (isnan(r->quota))
            continue;
        slp_sb_puts(sb, "| ");
        slp_md_cell(sb, r->name);
        slp_sb_puts(sb, " | ");
        slp_md_cell(sb, r->role);
        slp_sb_puts(sb, " | ");
        money(sb, r->booked, cur);
        slp_sb_puts(sb, " | ");
        money(sb, r->quota_to_date, cur);
        slp_sb_puts(sb, " | ");
        if (isnan(r->pace))
            slp_sb_puts(sb, "n/a");
        else
            pct(sb, r->pace);
        slp_sb_printf(sb, " | %s | ", status_text(r->status));
        money(sb, r->remaining, cur);
        slp_sb_puts(sb, " | ");
        num(sb, r->deals_needed, 0);
        slp_sb_puts(sb, " |\n");
    }
    int behind = 0;
    for (size_t i = 0; i < t->rep_count; i++) {
        const salesplan_tracking_rep *r = &t->reps[i];
        if (r->status != SALESPLAN_TRACK_BEHIND && r->status != SALESPLAN_TRACK_AT_RISK)
            continue;
        if (!behind++)
            slp_sb_puts(sb, "\nBehind plan: ");
        else
            slp_sb_puts(sb, ", ");
        slp_md_cell(sb, r->name);
        slp_sb_printf(sb, " (%s)", status_text(r->status));
    }
    slp_sb_puts(sb, behind ? ".\n\n" : "\nNobody is behind plan.\n\n");
}

static void daily(const salesplan_tracking *t, slp_strbuf *sb)
{
    slp_sb_puts(sb, "## From tomorrow: per rep, per workday\n\n");
    if (!t->replan) {
        slp_sb_puts(sb, "No day is left in the period.\n\n");
        return;
    }
    slp_sb_puts(sb, "| Rep | Activity | Per workday | Done to date | Planned to date |\n"
                    "|---|---|---:|---:|---:|\n");
    for (size_t i = 0; i < t->rep_count; i++) {
        const salesplan_tracking_rep *r = &t->reps[i];
        for (size_t k = 0; k < r->activity_count; k++) {
            const salesplan_tracking_rep_activity *a = &r->activities[k];
            slp_sb_puts(sb, "| ");
            slp_md_cell(sb, r->name);
            slp_sb_puts(sb, " | ");
            slp_md_cell(sb, a->name);
            slp_sb_puts(sb, " | ");
            num(sb, a->per_workday, 1);
            slp_sb_puts(sb, " | ");
            num(sb, a->done_to_date, 0);
            slp_sb_puts(sb, " | ");
            num(sb, a->planned_to_date, 0);
            slp_sb_puts(sb, " |\n");
        }
    }
    slp_sb_puts(sb, "\n");
}

int slp_track_render_md(const void *obj, slp_strbuf *sb, salesplan_error *err)
{
    const salesplan_tracking *t = obj;
    (void)err;
    standing(t, sb);
    reps(t, sb);
    daily(t, sb);
    if (t->warning_count) {
        slp_sb_puts(sb, "## Warnings\n\n");
        for (size_t i = 0; i < t->warning_count; i++) {
            slp_sb_puts(sb, "- ");
            slp_md_cell(sb, t->warnings[i].message);
            slp_sb_puts(sb, "\n");
        }
    }
    return sb->failed ? SALESPLAN_ENOMEM : SALESPLAN_OK;
}
