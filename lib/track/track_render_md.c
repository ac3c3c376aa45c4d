/* The tracking as a pacing review a sales leader would send: where we stand,
 * who is behind, what each rep does per day from tomorrow, and the warnings.
 * Rounding happens here only (SPEC §2). */
#include <math.h>

#include "model/plan_model.h"
#include "render/render.h"
#include "render/render_cells.h"
#include "track/track_internal.h"

/* The status in words, by value as salesplan_track_status_name(). */
static const char *status_text(salesplan_track_status s)
{
    static const char *const words[] = {"n/a", "ahead", "on track", "behind", "at risk"};
    return (unsigned)s < sizeof words / sizeof words[0] ? words[s] : "n/a";
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

/* A table cell: a text, money (ctx is the currency), a percentage, the
 * status, or a number with `arg` decimals; a pace and MONEY_NA read "n/a"
 * when absent. */
enum { TEXT = -1, MONEY = -2, PACE = -3, STATUS = -4, MONEY_NA = -5, PERCENT = -6 };

static void put(slp_strbuf *sb, const void *obj, const slp_cell *c, const void *ctx)
{
    if (c->arg == TEXT)
        slp_md_cell(sb, slp_cell_text(obj, c));
    else if (c->arg == STATUS)
        slp_sb_puts(sb, status_text((salesplan_track_status)slp_cell_int(obj, c)));
    else if ((c->arg == PACE || c->arg == MONEY_NA) && isnan(slp_cell_num(obj, c)))
        slp_sb_puts(sb, "n/a");
    else if (c->arg == MONEY || c->arg == MONEY_NA)
        money(sb, slp_cell_num(obj, c), ctx);
    else if (c->arg == PACE || c->arg == PERCENT)
        pct(sb, slp_cell_num(obj, c));
    else
        num(sb, slp_cell_num(obj, c), c->arg);
}

#define SLP_CELL_STRUCT salesplan_tracking_rep
static const slp_cell rep_cells[] = {
    SLP_CELL_S(role, put, TEXT), SLP_CELL_D(booked, put, MONEY),
    SLP_CELL_D(quota_to_date, put, MONEY), SLP_CELL_D(pace, put, PACE),
    SLP_CELL_E(salesplan_track_status, status, put, STATUS), SLP_CELL_D(remaining, put, MONEY),
    SLP_CELL_D(deals_needed, put, 0),
};
#undef SLP_CELL_STRUCT
#define SLP_CELL_STRUCT salesplan_tracking_rep_activity
static const slp_cell activity_cells[] = {
    SLP_CELL_S(name, put, TEXT), SLP_CELL_D(per_workday, put, 1), SLP_CELL_D(done_to_date, put, 0),
    SLP_CELL_D(planned_to_date, put, 0),
};
#undef SLP_CELL_STRUCT

/* The team's figures below the standing sentence, one row each. */
#define SLP_CELL_STRUCT salesplan_tracking_summary
static const struct {
    const char *label;
    slp_cell cell;
} figures[] = {
    {"Gap to target", SLP_CELL_D(gap, put, MONEY)},
    {"Projected at this pace", SLP_CELL_D(projected_on_pace, put, MONEY_NA)},
    {"Projected from the open pipeline", SLP_CELL_D(projected_from_pipeline, put, MONEY)},
    {"Chance the pipeline closes the gap", SLP_CELL_D(p_hit_from_pipeline, put, PERCENT)},
};
#undef SLP_CELL_STRUCT

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
    slp_sb_puts(sb, ".\n\n| Figure | Value |\n|---|---:|\n");
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
        slp_md_row(sb, figures[i].label, 0, s, &figures[i].cell, 1, cur);
    slp_sb_puts(sb, "\n");
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
        slp_md_row(sb, r->name, 0, r, SLP_CELL_TABLE(rep_cells), cur);
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
        for (size_t k = 0; k < r->activity_count; k++)
            slp_md_row(sb, r->name, 0, &r->activities[k], SLP_CELL_TABLE(activity_cells), NULL);
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
