/* Markdown, first half: title, mission and positioning, target market,
 * strategies, KPIs, the target and what it takes, the funnel. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "render/render.h"
#include "model/plan_model.h"

static const char *target_kind_words(int kind)
{
    switch (kind) {
    case SALESPLAN_TARGET_EXPANSION: return "expansion";
    case SALESPLAN_TARGET_RENEWAL: return "renewal";
    case SALESPLAN_TARGET_TOTAL: return "total";
    default: return "new-business";
    }
}

/* A narrative paragraph under a heading, when the plan has one. */
static void paragraph(slp_strbuf *sb, const char *heading, const char *text)
{
    if (text == NULL || text[0] == '\0')
        return;
    slp_sb_printf(sb, "%s\n\n", heading);
    slp_sb_puts(sb, text);
    size_t n = strlen(text);
    slp_sb_puts(sb, text[n - 1] == '\n' ? "\n" : "\n\n");
}

static void title(const salesplan_result_overview *o, slp_strbuf *sb)
{
    char a[SLP_FMT_SIZE], b[SLP_FMT_SIZE], w[SLP_FMT_SIZE];
    slp_sb_puts(sb, "# Sales plan: ");
    slp_md_cell(sb, o->name);
    slp_fmt_date_long(a, sizeof a, o->period_start, 0);
    slp_fmt_date_long(b, sizeof b, o->period_end, 0);
    slp_fmt_fixed(w, sizeof w, o->workdays, 0, 1, 1);
    slp_sb_printf(sb, "\n\n*%s to %s: %d days, %s workdays. Amounts in %s.*\n\n", a, b, o->days,
                  w, o->currency ? o->currency : "USD");
    if (o->mode == SALESPLAN_MODE_CONFIDENCE) {
        slp_fmt_percent(a, sizeof a, o->confidence);
        slp_sb_printf(sb,
                      "The volumes below are sized with %s confidence: with them, the funnel "
                      "brings in the deals needed in at least %s of outcomes, not just on "
                      "average.\n\n",
                      a, a);
    } else {
        slp_sb_puts(sb, "The volumes below are expected values: on average, this funnel turns "
                        "them into the deals needed.\n\n");
    }
}

static void competitors(const salesplan_plan *p, slp_strbuf *sb)
{
    size_t n = salesplan_plan_competitor_count(p);
    if (n == 0)
        return;
    slp_sb_puts(sb, "### Competitors\n\n| Competitor | Kind | Notes |\n|---|---|---|\n");
    /* Direct competitors first, then indirect ones, each in plan order. */
    for (int kind = SALESPLAN_COMPETITOR_DIRECT; kind <= SALESPLAN_COMPETITOR_INDIRECT; kind++)
        for (size_t i = 0; i < n; i++) {
            if ((int)slp_competitor_kind_at(p, i) != kind)
                continue;
            slp_sb_puts(sb, "| ");
            slp_md_cell(sb, slp_text_at(salesplan_plan_competitor_name, p, i));
            slp_sb_puts(sb, kind == SALESPLAN_COMPETITOR_DIRECT ? " | direct | " : " | indirect | ");
            slp_md_cell(sb, slp_text_at(salesplan_plan_competitor_notes, p, i));
            slp_sb_puts(sb, " |\n");
        }
    slp_sb_putc(sb, '\n');
}

static void list(const salesplan_plan *p, slp_strbuf *sb, salesplan_list which,
                 const char *heading, int numbered)
{
    size_t n = salesplan_plan_list_count(p, which);
    if (n == 0)
        return;
    slp_sb_printf(sb, "%s\n\n", heading);
    for (size_t i = 0; i < n; i++) {
        if (numbered)
            slp_sb_printf(sb, "%zu. ", i + 1);
        else
            slp_sb_puts(sb, "- ");
        slp_md_cell(sb, slp_list_item_at(p, which, i));
        slp_sb_putc(sb, '\n');
    }
    slp_sb_putc(sb, '\n');
}

static void narrative(const salesplan_plan *p, slp_strbuf *sb)
{
    const char *mission = salesplan_plan_text(p, SALESPLAN_TEXT_MISSION);
    const char *positioning = salesplan_plan_text(p, SALESPLAN_TEXT_POSITIONING);
    const char *value = salesplan_plan_text(p, SALESPLAN_TEXT_VALUE_PROPOSITION);
    if (mission || positioning || value || salesplan_plan_competitor_count(p) > 0) {
        slp_sb_puts(sb, "## Mission and positioning\n\n");
        paragraph(sb, "### Mission", mission);
        paragraph(sb, "### Positioning", positioning);
        competitors(p, sb);
        paragraph(sb, "### Value proposition", value);
    }
    paragraph(sb, "## Target market", salesplan_plan_text(p, SALESPLAN_TEXT_TARGET_MARKET));
    list(p, sb, SALESPLAN_LIST_STRATEGIES, "## Strategies", 1);
    list(p, sb, SALESPLAN_LIST_KPIS, "## KPIs", 0);
}

static void target(const salesplan_result_overview *o, const salesplan_plan *p,
                   const salesplan_metrics_result *m, slp_strbuf *sb)
{
    const char *cur = o->currency;
    char a[SLP_FMT_SIZE], b[SLP_FMT_SIZE], c[SLP_FMT_SIZE], d[SLP_FMT_SIZE];
    slp_sb_puts(sb, "## The target and what it takes\n\n");
    slp_fmt_money(a, sizeof a, o->revenue, cur);
    slp_fmt_date_long(b, sizeof b, o->period_start, 0);
    slp_fmt_date_long(c, sizeof c, o->period_end, 0);
    slp_sb_printf(sb, "The goal is **%s** of %s revenue between %s and %s.\n\n", a,
                  target_kind_words(salesplan_plan_target_kind(p)), b, c);
    slp_fmt_money(a, sizeof a, o->team_quota, cur);
    double over = salesplan_plan_over_assignment(p);
    if (isfinite(over) && over > 0) {
        slp_fmt_percent(b, sizeof b, over);
        slp_sb_printf(sb, "- **Team quota:** %s, the target with %s over-assignment as a "
                          "cushion against missed quotas.\n",
                      a, b);
    } else {
        slp_sb_printf(sb, "- **Team quota:** %s, the target itself (no over-assignment).\n", a);
    }
    slp_fmt_money(a, sizeof a, salesplan_plan_deal_size(p), cur);
    slp_fmt_count_up(b, sizeof b, o->deals_needed);
    if (o->mode == SALESPLAN_MODE_CONFIDENCE)
        slp_sb_printf(sb, "- **Deals to close:** %s at an average deal size of %s; wins from the "
                          "open pipeline count towards them.\n",
                      b, a);
    else
        slp_sb_printf(sb, "- **New deals to close:** %s at an average deal size of %s, on top "
                          "of what the open pipeline is expected to bring.\n",
                      b, a);
    slp_fmt_fixed(a, sizeof a, m->open_opportunities, 0, 1, 1);
    slp_fmt_money(b, sizeof b, m->pipeline_value, cur);
    slp_fmt_fixed(c, sizeof c, o->pipeline_expected_deals, 1, 1, 1);
    slp_fmt_money(d, sizeof d, m->weighted_pipeline, cur);
    slp_sb_printf(sb, "- **Pipeline already in hand:** %s open opportunities worth %s", a, b);
    if (isfinite(m->pipeline_coverage)) {
        slp_fmt_fixed(a, sizeof a, m->pipeline_coverage, 2, 1, 1);
        slp_sb_printf(sb, " (%s\u00d7 the target)", a);
    }
    slp_sb_printf(sb, "; expected to close %s deals in time, worth %s.\n\n", c, d);
}

static int funnel(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err)
{
    char a[SLP_FMT_SIZE], b[SLP_FMT_SIZE], c[SLP_FMT_SIZE], d[SLP_FMT_SIZE], e[SLP_FMT_SIZE];
    slp_sb_puts(sb, "## The funnel\n\n"
                    "| Stage | Converts to next | Won from here | Days to close | Entries needed "
                    "| Sourcing window | Reachable |\n|---|--:|--:|--:|--:|--:|---|\n");
    size_t n = salesplan_result_stage_count(r);
    int unreachable = 0;
    for (size_t i = 0; i < n; i++) {
        const salesplan_stage_result *s = salesplan_result_stage(r, i);
        if (s == NULL)
            return slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0, "stage %zu is missing", i);
        if (isnan(s->conversion))
            snprintf(a, sizeof a, "%s", "\u2014");
        else
            slp_fmt_percent(a, sizeof a, s->conversion);
        slp_fmt_percent(b, sizeof b, s->to_close);
        slp_fmt_fixed(c, sizeof c, s->days_to_close, 1, 1, 1);
        slp_fmt_count_up(d, sizeof d, s->required_int);
        if (isnan(s->window_workdays)) {
            snprintf(e, sizeof e, "%s", "\u2014");
        } else {
            slp_fmt_fixed(e, sizeof e, s->window_workdays, 0, 1, 1);
            slp_fmt_append(e, sizeof e, " workdays");
        }
        slp_sb_puts(sb, "| ");
        slp_md_cell(sb, s->name);
        slp_sb_printf(sb, " | %s | %s | %s | %s | %s | %s |\n", a, b, c, d, e,
                      s->reachable ? "yes" : "**no**");
        unreachable |= !s->reachable;
    }
    slp_sb_puts(sb, "\n*Entries needed* are the deals that must enter each stage during the "
                    "period; the *sourcing window* counts the workdays on which an entry can "
                    "still close before the period ends.");
    if (unreachable)
        slp_sb_puts(sb, " A stage marked **no** cannot produce a win inside the period: its "
                        "daily figures are left out.");
    slp_sb_puts(sb, "\n\n");
    return SALESPLAN_OK;
}

int slp_render_md_plan(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err)
{
    const salesplan_result_overview *o = salesplan_result_overview_get(r);
    const salesplan_plan *p = salesplan_result_plan(r);
    const salesplan_metrics_result *m = salesplan_result_metrics(r);
    if (o == NULL || p == NULL || m == NULL)
        return slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0,
                             "the result lacks its overview, plan or metrics");
    title(o, sb);
    narrative(p, sb);
    target(o, p, m, sb);
    return funnel(r, sb, err);
}
