/* Markdown, second half: daily activities by role with the skills they
 * need, each rep's daily targets by month (render_md_reps.c), quota by rep
 * and month, the phases, capacity and hiring, metrics,
 * warnings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "render/render.h"
#include "model/plan_model.h"

static int same(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* Index of the plan activity behind result activity `i` (same order; the
 * name is checked so a mismatch shows no skills rather than wrong ones). */
static long plan_activity(const salesplan_plan *p, const salesplan_activity_result *a, size_t i)
{
    if (same(slp_text_at(salesplan_plan_activity_name, p, i), a->name))
        return (long)i;
    for (size_t k = 0, n = salesplan_plan_activity_count(p); k < n; k++)
        if (same(slp_text_at(salesplan_plan_activity_name, p, k), a->name))
            return (long)k;
    return -1;
}

typedef struct skill_ref {
    const char *name;
    size_t seq; /* order of appearance */
} skill_ref;

static int skill_cmp(const void *x, const void *y)
{
    const skill_ref *a = x, *b = y;
    int c = strcmp(a->name, b->name);
    if (c != 0)
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* "**Skills needed:** a, b, c" over the activities idx[0..m), each skill
 * once, in order of first appearance (sorted to find repeats, so a plan with
 * thousands of activities stays fast). */
static int skills(const salesplan_result *r, const size_t *idx, size_t m, slp_strbuf *sb)
{
    const salesplan_plan *p = salesplan_result_plan(r);
    size_t total = 0;
    for (size_t i = 0; i < m; i++) {
        long k = plan_activity(p, salesplan_result_activity(r, idx[i]), idx[i]);
        total += k < 0 ? 0 : slp_size_at(salesplan_plan_activity_skill_count, p, (size_t)k);
    }
    if (total == 0)
        return SALESPLAN_OK;
    skill_ref *refs = slp_calloc(total, sizeof *refs);
    unsigned char *dup = slp_calloc(total, 1);
    if (refs == NULL || dup == NULL) {
        slp_free(refs);
        slp_free(dup);
        return SALESPLAN_ENOMEM;
    }
    size_t t = 0;
    for (size_t i = 0; i < m; i++) {
        long k = plan_activity(p, salesplan_result_activity(r, idx[i]), idx[i]);
        for (size_t j = 0, ns = k < 0 ? 0 : slp_size_at(salesplan_plan_activity_skill_count, p, (size_t)k);
             j < ns && t < total; j++) {
            const char *sk = slp_skill_at(p, (size_t)k, j);
            refs[t].name = sk ? sk : "";
            refs[t].seq = t;
            t++;
        }
    }
    qsort(refs, t, sizeof *refs, skill_cmp);
    for (size_t i = 1; i < t; i++)
        if (strcmp(refs[i].name, refs[i - 1].name) == 0)
            dup[refs[i].seq] = 1;
    t = 0;
    int any = 0;
    for (size_t i = 0; i < m; i++) {
        long k = plan_activity(p, salesplan_result_activity(r, idx[i]), idx[i]);
        for (size_t j = 0, ns = k < 0 ? 0 : slp_size_at(salesplan_plan_activity_skill_count, p, (size_t)k);
             j < ns && t < total; j++, t++) {
            const char *sk = slp_skill_at(p, (size_t)k, j);
            if (dup[t] || sk == NULL || sk[0] == '\0')
                continue;
            slp_sb_puts(sb, any ? ", " : "**Skills needed:** ");
            slp_md_cell(sb, sk);
            any = 1;
        }
    }
    if (any)
        slp_sb_puts(sb, "\n\n");
    slp_free(refs);
    slp_free(dup);
    return SALESPLAN_OK;
}

/* The activity table of the activities idx[0..m). */
static void activity_table(const salesplan_result *r, const size_t *idx, size_t m,
                           slp_strbuf *sb)
{
    char a[SLP_FMT_SIZE], b[SLP_FMT_SIZE], c[SLP_FMT_SIZE], d[SLP_FMT_SIZE], h[SLP_FMT_SIZE];
    slp_sb_puts(sb, "| Activity | Feeds stage | Per rep per workday | Reps it divides by "
                    "| Team per workday | Per closed deal | Total in period |\n"
                    "|---|---|--:|--:|--:|--:|--:|\n");
    for (size_t i = 0; i < m; i++) {
        const salesplan_activity_result *x = salesplan_result_activity(r, idx[i]);
        slp_fmt_fixed(a, sizeof a, x->per_rep_per_workday, 1, 1, 1);
        slp_fmt_fixed(h, sizeof h, x->headcount, 2, 1, 1);
        slp_fmt_fixed(b, sizeof b, x->per_workday, 1, 1, 1);
        slp_fmt_fixed(c, sizeof c, x->per_deal, 1, 1, 1);
        slp_fmt_count_up(d, sizeof d, x->total);
        slp_sb_puts(sb, "| ");
        slp_md_cell(sb, x->name);
        slp_sb_puts(sb, " | ");
        slp_md_cell(sb, x->stage);
        slp_sb_printf(sb, " | %s | %s | %s | %s | %s |\n",
                      isnan(x->per_rep_per_workday) ? "\u2014" : a,
                      isnan(x->headcount) ? "\u2014" : h,
                      isnan(x->per_workday) ? "\u2014" : b, c, d);
    }
    slp_sb_putc(sb, '\n');
}

/* Activities grouped by role (in role order), then those without one. */
static int activities(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err)
{
    size_t n = salesplan_result_activity_count(r), nr = salesplan_result_role_count(r);
    if (n == 0)
        return SALESPLAN_OK;
    for (size_t i = 0; i < n; i++)
        if (salesplan_result_activity(r, i) == NULL)
            return slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0, "activity %zu is missing",
                                 i);
    long *role_of = NULL;
    size_t *order = slp_calloc(n, sizeof *order);
    size_t *start = slp_calloc(nr + 2, sizeof *start);
    int rc = slp_render_activity_roles(r, &role_of);
    if (rc != SALESPLAN_OK || order == NULL || start == NULL) {
        slp_free(role_of);
        slp_free(order);
        slp_free(start);
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory while rendering");
    }
    /* Counting sort by role; bucket nr holds the activities without a role. */
    for (size_t i = 0; i < n; i++)
        start[(role_of[i] < 0 ? nr : (size_t)role_of[i]) + 1]++;
    for (size_t k = 1; k <= nr + 1; k++)
        start[k] += start[k - 1];
    for (size_t i = 0; i < n; i++) {
        size_t b = role_of[i] < 0 ? nr : (size_t)role_of[i];
        order[start[b]++] = i;
    }
    for (size_t k = nr + 1; k > 0; k--) /* start[b] now ends bucket b: shift back */
        start[k] = start[k - 1];
    start[0] = 0;

    char a[SLP_FMT_SIZE];
    slp_sb_puts(sb, "## Daily activities\n\nWhat each rep does on every workday of the sourcing "
                    "window to feed the funnel. *Per rep* divides the team's volume by the "
                    "role's ramped headcount over the stage's sourcing window (*Reps it divides "
                    "by*): a rep still ramping counts as part of a rep, a rep who starts "
                    "later counts only for the days worked.\n\n");
    for (size_t k = 0; k <= nr && rc == SALESPLAN_OK; k++) {
        size_t m = start[k + 1] - start[k];
        if (m == 0)
            continue;
        if (k < nr) {
            const salesplan_role_result *ro = salesplan_result_role(r, k);
            slp_fmt_fixed(a, sizeof a, ro ? ro->headcount : (double)NAN, 1, 1, 1);
            slp_sb_puts(sb, "### ");
            slp_md_cell(sb, ro ? ro->name : "?");
            slp_sb_printf(sb, " (%s ramped rep%s)\n\n", a, strcmp(a, "1") == 0 ? "" : "s");
        } else {
            slp_sb_puts(sb, "### Not assigned to a role\n\n");
        }
        activity_table(r, order + start[k], m, sb);
        rc = skills(r, order + start[k], m, sb);
    }
    slp_free(role_of);
    slp_free(order);
    slp_free(start);
    if (rc != SALESPLAN_OK)
        return slp_error_set(err, rc, NULL, 0, 0, "out of memory while rendering");
    return SALESPLAN_OK;
}

static int quota(const salesplan_result *r, const char *cur, slp_strbuf *sb,
                 salesplan_error *err)
{
    char a[SLP_FMT_SIZE];
    size_t ns = salesplan_result_slice_count(r), nr = salesplan_result_rep_quota_count(r);
    const salesplan_result_overview *o = salesplan_result_overview_get(r);
    slp_sb_puts(sb, "## Quota by rep and month\n\n");
    slp_fmt_money(a, sizeof a, o->team_quota, cur);
    slp_sb_printf(sb, "The team quota of %s is spread over the months by their share of the "
                      "period, then over the reps by territory weight and ramp.\n\n",
                  a);
    slp_sb_puts(sb, "| Rep | Role |");
    for (size_t s = 0; s < ns; s++) {
        const salesplan_slice_result *sl = salesplan_result_slice(r, s);
        if (sl == NULL)
            return slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0, "slice %zu is missing", s);
        slp_fmt_slice_label(a, sizeof a, sl->start, sl->end);
        slp_sb_printf(sb, " %s |", a);
    }
    slp_sb_puts(sb, " Total |\n|---|---|");
    for (size_t s = 0; s <= ns; s++)
        slp_sb_puts(sb, "--:|");
    slp_sb_puts(sb, "\n| *Share of the period* | |");
    for (size_t s = 0; s < ns; s++) {
        slp_fmt_percent(a, sizeof a, salesplan_result_slice(r, s)->weight);
        slp_sb_printf(sb, " *%s* |", a);
    }
    slp_sb_puts(sb, " |\n");
    for (size_t i = 0; i < nr; i++) {
        const salesplan_rep_quota *q = salesplan_result_rep_quota(r, i);
        if (q == NULL || (ns > 0 && q->slices == NULL))
            return slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0, "rep quota %zu is missing",
                                 i);
        slp_sb_puts(sb, "| ");
        slp_md_cell(sb, q->name);
        slp_sb_puts(sb, " | ");
        slp_md_cell(sb, q->role);
        slp_sb_puts(sb, " |");
        for (size_t s = 0; s < ns; s++) {
            slp_fmt_money(a, sizeof a, q->slices[s], cur);
            slp_sb_printf(sb, " %s |", a);
        }
        slp_fmt_money(a, sizeof a, q->total, cur);
        slp_sb_printf(sb, " **%s** |\n", a);
    }
    slp_sb_putc(sb, '\n');
    if (nr == 0)
        slp_sb_puts(sb, "No rep carries a quota: give a role a monthly quota to assign one.\n\n");
    double un = salesplan_result_unassigned(r);
    if (isfinite(un) && un > 0) {
        slp_fmt_money(a, sizeof a, un, cur);
        slp_sb_printf(sb, "**Unassigned:** %s of the team quota falls in months without a "
                          "working quota-carrying rep, so no rep holds it.\n\n",
                      a);
    }
    return SALESPLAN_OK;
}

static void phases(const salesplan_result *r, const char *cur, slp_strbuf *sb)
{
    size_t n = salesplan_result_phase_count(r);
    if (n == 0)
        return;
    const salesplan_result_overview *o = salesplan_result_overview_get(r);
    char a[SLP_FMT_SIZE], b[SLP_FMT_SIZE];
    slp_sb_puts(sb, "## 30/60/90-day phases\n\nRevenue that should be closed by the end of "
                    "each phase, cumulative, following the month weights.\n\n"
                    "| Phase | Ends on | Cumulative target |\n|---|---|--:|\n");
    int prev = 0;
    for (size_t i = 0; i < n; i++) {
        const salesplan_phase_result *ph = salesplan_result_phase(r, i);
        if (ph == NULL)
            continue;
        slp_fmt_date_long(a, sizeof a, o->period_start, (long)ph->day - 1);
        slp_fmt_money(b, sizeof b, ph->cumulative_target, cur);
        slp_sb_printf(sb, "| Days %d\u2013%d | %s | %s |\n", prev + 1, ph->day, a, b);
        prev = ph->day;
    }
    slp_sb_putc(sb, '\n');
}

/* The one hiring number a leader can act on: per role, the larger of the
 * hires that close the revenue gap (the first quota-carrying role only, SPEC
 * §5) and the hires its workload needs, since one hire of that role brings
 * both quota capacity and time; the roles' figures then add up. */
static void hires_line(const salesplan_result *r, const salesplan_capacity_result *c,
                       slp_strbuf *sb)
{
    const salesplan_plan *p = salesplan_result_plan(r);
    size_t n = salesplan_result_role_count(r);
    size_t fq = n;
    for (size_t i = 0; i < n && fq == n; i++) {
        double q = NAN;
        if (salesplan_plan_role_quota_monthly(&q, p, i) == SALESPLAN_OK && q > 0.0)
            fq = i;
    }
    double total = c->hires_total;
    size_t parts = 0;
    for (size_t i = 0; i < n; i++) {
        const salesplan_role_result *ro = salesplan_result_role(r, i);
        double w = ro && isfinite(ro->hires_needed) ? ro->hires_needed : 0.0;
        double cap = i == fq ? c->hires_needed : 0.0;
        parts += (w > cap ? w : cap) > 0.0;
    }
    char a[SLP_FMT_SIZE], b[SLP_FMT_SIZE], d[SLP_FMT_SIZE];
    slp_fmt_count_up(a, sizeof a, total);
    slp_sb_printf(sb, "- **Hires needed: %s**", a);
    if (total == 0.0) {
        slp_sb_puts(sb, ": the current team covers both the revenue target and the planned "
                        "workload.\n\n");
        return;
    }
    slp_sb_puts(sb, " \u2014 ");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const salesplan_role_result *ro = salesplan_result_role(r, i);
        double w = ro && isfinite(ro->hires_needed) ? ro->hires_needed : 0.0;
        double cap = i == fq ? c->hires_needed : 0.0;
        double h = w > cap ? w : cap;
        if (h <= 0.0)
            continue;
        if (k++ > 0)
            slp_sb_puts(sb, k == parts ? " and " : ", ");
        slp_fmt_count_up(a, sizeof a, h);
        slp_sb_printf(sb, "%s ", a);
        slp_md_cell(sb, ro->name);
        slp_fmt_count_up(b, sizeof b, cap);
        slp_fmt_count_up(d, sizeof d, w);
        if (i == fq && cap > 0.0 && w > 0.0)
            slp_sb_printf(sb, " (the larger of %s to close the revenue gap and %s for the "
                              "workload: each hire brings both)", b, d);
        else if (i == fq && cap > 0.0)
            slp_sb_puts(sb, " to close the revenue gap");
        else
            slp_sb_puts(sb, " for the planned workload");
    }
    slp_sb_puts(sb, ".\n\n");
}

static void capacity(const salesplan_result *r, const char *cur, slp_strbuf *sb)
{
    const salesplan_capacity_result *c = salesplan_result_capacity(r);
    char a[SLP_FMT_SIZE], b[SLP_FMT_SIZE];
    slp_sb_puts(sb, "## Capacity and hiring\n\n");
    slp_fmt_money(a, sizeof a, c->expected, cur);
    slp_fmt_percent(b, sizeof b, c->coverage);
    slp_sb_printf(sb, "- **Expected capacity of the current team:** %s (%s of the target), "
                      "after ramp, attainment and attrition.\n",
                  a, b);
    slp_fmt_money(a, sizeof a, c->gap, cur);
    slp_sb_printf(sb, "- **Gap to the target:** %s.\n", a);
    if (isfinite(c->new_hire_capacity)) {
        slp_fmt_money(a, sizeof a, c->new_hire_capacity, cur);
        slp_sb_printf(sb, "- **What one new hire starting on day one adds:** %s.\n", a);
    }
    if (isfinite(c->hires_needed)) {
        hires_line(r, c, sb);
    } else if (isnan(c->new_hire_capacity)) {
        slp_sb_puts(sb, "- **Hires needed to close the gap:** cannot be sized: no role carries "
                        "a quota.\n\n");
    } else {
        slp_sb_puts(sb, "- **Hires needed to close the gap:** none can help: a new hire would "
                        "not ramp up within the period.\n\n");
    }
    size_t n = salesplan_result_role_count(r);
    if (n == 0)
        return;
    slp_sb_puts(sb, "| Role | Ramped headcount | Selling time needed (FTE) | Hires for the "
                    "workload |\n|---|--:|--:|--:|\n");
    for (size_t i = 0; i < n; i++) {
        const salesplan_role_result *ro = salesplan_result_role(r, i);
        if (ro == NULL)
            continue;
        slp_fmt_fixed(a, sizeof a, ro->headcount, 1, 1, 1);
        slp_fmt_fixed(b, sizeof b, ro->fte_required, 1, 1, 1);
        slp_sb_puts(sb, "| ");
        slp_md_cell(sb, ro->name);
        slp_sb_printf(sb, " | %s | %s | ", a, b);
        slp_fmt_count_up(a, sizeof a, ro->hires_needed);
        slp_sb_printf(sb, "%s |\n", isnan(ro->hires_needed) ? "\u2014" : a);
    }
    slp_sb_puts(sb, "\nSelling time is counted only for activities with minutes per unit.\n\n");
}

static void metric(slp_strbuf *sb, const char *name, const char *value)
{
    slp_sb_printf(sb, "| %s | %s |\n", name, value);
}

static void metrics(const salesplan_result *r, const char *cur, slp_strbuf *sb)
{
    const salesplan_metrics_result *m = salesplan_result_metrics(r);
    char a[SLP_FMT_SIZE], b[SLP_FMT_SIZE];
    slp_sb_puts(sb, "## Metrics\n\n| Metric | Value |\n|---|--:|\n");
    slp_fmt_percent(a, sizeof a, m->win_rate);
    metric(sb, "Win rate from opportunity", a);
    slp_fmt_fixed(a, sizeof a, m->cycle_days, 1, 1, 1);
    slp_fmt_append(a, sizeof a, isfinite(m->cycle_days) ? " days" : "");
    metric(sb, "Sales cycle", a);
    slp_fmt_fixed(a, sizeof a, m->required_pipeline_coverage, 1, 1, 1);
    slp_fmt_append(a, sizeof a, isfinite(m->required_pipeline_coverage) ? "\u00d7" : "");
    metric(sb, "Pipeline coverage needed", a);
    slp_fmt_fixed(a, sizeof a, m->open_opportunities, 0, 1, 1);
    metric(sb, "Open opportunities", a);
    slp_fmt_money(a, sizeof a, m->pipeline_value, cur);
    metric(sb, "Pipeline value", a);
    slp_fmt_fixed(a, sizeof a, m->pipeline_coverage, 2, 1, 1);
    slp_fmt_append(a, sizeof a, isfinite(m->pipeline_coverage) ? "\u00d7" : "");
    metric(sb, "Pipeline coverage", a);
    slp_fmt_money(a, sizeof a, m->weighted_pipeline, cur);
    metric(sb, "Weighted pipeline", a);
    slp_fmt_money(a, sizeof a, m->sales_velocity_per_day, cur);
    slp_fmt_append(a, sizeof a, isfinite(m->sales_velocity_per_day) ? " per day" : "");
    metric(sb, "Sales velocity", a);
    slp_fmt_money(a, sizeof a, m->ltv, cur);
    metric(sb, "Customer lifetime value (LTV)", a);
    slp_fmt_fixed(b, sizeof b, m->ltv_to_cac, 1, 1, 1);
    if (isfinite(m->ltv_to_cac))
        slp_fmt_append(b, sizeof b, " : 1");
    metric(sb, "LTV to CAC", b);
    slp_fmt_fixed(a, sizeof a, m->cac_payback_months, 1, 1, 1);
    slp_fmt_append(a, sizeof a, isfinite(m->cac_payback_months) ? " months" : "");
    metric(sb, "CAC payback", a);
    slp_sb_puts(sb, "\n*n/a* means the plan lacks the inputs for that figure.\n\n");
}

static void warnings(const salesplan_result *r, slp_strbuf *sb)
{
    size_t n = salesplan_result_warning_count(r);
    slp_sb_puts(sb, "## Warnings\n\n");
    if (n == 0) {
        slp_sb_puts(sb, "None.\n");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const salesplan_warning *w = salesplan_result_warning(r, i);
        if (w == NULL)
            continue;
        slp_sb_puts(sb, "- ");
        slp_md_cell(sb, w->message);
        if (w->path && w->path[0]) {
            slp_sb_puts(sb, " (see `");
            slp_sb_puts(sb, w->path);
            slp_sb_puts(sb, "` in the plan)");
        }
        slp_sb_putc(sb, '\n');
    }
}

int slp_render_md_team(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err)
{
    const salesplan_result_overview *o = salesplan_result_overview_get(r);
    if (o == NULL || salesplan_result_plan(r) == NULL || salesplan_result_capacity(r) == NULL ||
        salesplan_result_metrics(r) == NULL)
        return slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0,
                             "the result lacks its overview, plan, capacity or metrics");
    int rc = activities(r, sb, err);
    if (rc == SALESPLAN_OK)
        rc = slp_render_md_reps(r, sb, err);
    if (rc != SALESPLAN_OK)
        return rc;
    rc = quota(r, o->currency, sb, err);
    if (rc != SALESPLAN_OK)
        return rc;
    phases(r, o->currency, sb);
    capacity(r, o->currency, sb);
    metrics(r, o->currency, sb);
    warnings(r, sb);
    return SALESPLAN_OK;
}
