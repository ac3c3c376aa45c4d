/* The result document, version 1 (SPEC §9): every key of the contract, in
 * that order, lists in plan order, null for absent (NaN) figures, doubles
 * written so that they parse back to the same double. */
#include <math.h>

#include "common/error.h"
#include "render/render.h"

/* A tiny indenting writer: `first` says whether the container being written
 * has no member yet, so the next one needs no comma. */
typedef struct jw {
    slp_strbuf *sb;
    int depth;
    int first;
} jw;

static void newline(jw *w)
{
    slp_sb_putc(w->sb, '\n');
    for (int i = 0; i < w->depth; i++)
        slp_sb_puts(w->sb, "  ");
}

/* Separator and indentation before the next member or item. */
static void jw_next(jw *w)
{
    if (!w->first)
        slp_sb_putc(w->sb, ',');
    w->first = 0;
    newline(w);
}

static void key(jw *w, const char *k)
{
    jw_next(w);
    slp_sb_json_string(w->sb, k); /* our own ASCII keys */
    slp_sb_puts(w->sb, ": ");
}

static void jw_open(jw *w, char c)
{
    slp_sb_putc(w->sb, c);
    w->depth++;
    w->first = 1;
}

static void jw_close(jw *w, char c)
{
    w->depth--;
    if (!w->first) /* an empty container stays on one line: [] */
        newline(w);
    slp_sb_putc(w->sb, c);
    w->first = 0;
}

static void num(jw *w, const char *k, double v)
{
    key(w, k);
    slp_sb_json_number(w->sb, v);
}

static void integer(jw *w, const char *k, long v)
{
    key(w, k);
    slp_sb_printf(w->sb, "%ld", v);
}

static void str(jw *w, const char *k, const char *s)
{
    key(w, k);
    if (s)
        slp_sb_json_text(w->sb, s);
    else
        slp_sb_puts(w->sb, "null");
}

static void boolean(jw *w, const char *k, int b)
{
    key(w, k);
    slp_sb_puts(w->sb, b ? "true" : "false");
}

static int missing(salesplan_error *err, const char *what, size_t i)
{
    return slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0,
                         "the result has no %s %zu although it counts it", what, i);
}

static int write_stages(jw *w, const salesplan_result *r, salesplan_error *err)
{
    key(w, "stages");
    jw_open(w, '[');
    for (size_t i = 0, n = salesplan_result_stage_count(r); i < n; i++) {
        const salesplan_stage_result *s = salesplan_result_stage(r, i);
        if (s == NULL)
            return missing(err, "stage", i);
        jw_next(w);
        jw_open(w, '{');
        str(w, "name", s->name);
        num(w, "conversion", s->conversion);
        num(w, "to_close", s->to_close);
        num(w, "days_to_close", s->days_to_close);
        num(w, "required", s->required);
        num(w, "required_int", s->required_int);
        num(w, "window_workdays", s->window_workdays);
        boolean(w, "reachable", s->reachable);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    return SALESPLAN_OK;
}

static int write_activities(jw *w, const salesplan_result *r, salesplan_error *err)
{
    key(w, "activities");
    jw_open(w, '[');
    for (size_t i = 0, n = salesplan_result_activity_count(r); i < n; i++) {
        const salesplan_activity_result *a = salesplan_result_activity(r, i);
        if (a == NULL)
            return missing(err, "activity", i);
        jw_next(w);
        jw_open(w, '{');
        str(w, "name", a->name);
        str(w, "stage", a->stage);
        str(w, "role", a->role);
        num(w, "total", a->total);
        num(w, "per_workday", a->per_workday);
        num(w, "per_rep_per_workday", a->per_rep_per_workday);
        num(w, "per_deal", a->per_deal);
        num(w, "fte", a->fte);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    return SALESPLAN_OK;
}

static int write_roles(jw *w, const salesplan_result *r, salesplan_error *err)
{
    key(w, "roles");
    jw_open(w, '[');
    for (size_t i = 0, n = salesplan_result_role_count(r); i < n; i++) {
        const salesplan_role_result *ro = salesplan_result_role(r, i);
        if (ro == NULL)
            return missing(err, "role", i);
        jw_next(w);
        jw_open(w, '{');
        str(w, "name", ro->name);
        num(w, "headcount", ro->headcount);
        num(w, "fte_required", ro->fte_required);
        num(w, "hires_needed", ro->hires_needed);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    return SALESPLAN_OK;
}

static int write_quota(jw *w, const salesplan_result *r, salesplan_error *err)
{
    size_t nslices = salesplan_result_slice_count(r);
    key(w, "quota");
    jw_open(w, '{');
    key(w, "slices");
    jw_open(w, '[');
    for (size_t i = 0; i < nslices; i++) {
        const salesplan_slice_result *s = salesplan_result_slice(r, i);
        if (s == NULL)
            return missing(err, "slice", i);
        jw_next(w);
        jw_open(w, '{');
        str(w, "start", s->start);
        str(w, "end", s->end);
        integer(w, "workdays", s->workdays);
        num(w, "weight", s->weight);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    key(w, "reps");
    jw_open(w, '[');
    for (size_t i = 0, n = salesplan_result_rep_quota_count(r); i < n; i++) {
        const salesplan_rep_quota *q = salesplan_result_rep_quota(r, i);
        if (q == NULL || (nslices > 0 && q->slices == NULL))
            return missing(err, "rep quota", i);
        jw_next(w);
        jw_open(w, '{');
        str(w, "name", q->name);
        str(w, "role", q->role);
        key(w, "slices"); /* one short line: an amount per slice */
        slp_sb_putc(w->sb, '[');
        for (size_t s = 0; s < nslices; s++) {
            if (s)
                slp_sb_puts(w->sb, ", ");
            slp_sb_json_number(w->sb, q->slices[s]);
        }
        slp_sb_putc(w->sb, ']');
        num(w, "total", q->total);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    num(w, "unassigned", salesplan_result_unassigned(r));
    key(w, "phases");
    jw_open(w, '[');
    for (size_t i = 0, n = salesplan_result_phase_count(r); i < n; i++) {
        const salesplan_phase_result *p = salesplan_result_phase(r, i);
        if (p == NULL)
            return missing(err, "phase", i);
        jw_next(w);
        jw_open(w, '{');
        integer(w, "day", p->day);
        num(w, "cumulative_target", p->cumulative_target);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_close(w, '}');
    return SALESPLAN_OK;
}

static int write_tail(jw *w, const salesplan_result *r, salesplan_error *err)
{
    const salesplan_capacity_result *c = salesplan_result_capacity(r);
    const salesplan_metrics_result *m = salesplan_result_metrics(r);
    if (c == NULL)
        return missing(err, "capacity", 0);
    if (m == NULL)
        return missing(err, "metrics", 0);
    key(w, "capacity");
    jw_open(w, '{');
    num(w, "expected", c->expected);
    num(w, "coverage", c->coverage);
    num(w, "gap", c->gap);
    num(w, "new_hire_capacity", c->new_hire_capacity);
    num(w, "hires_needed", c->hires_needed);
    jw_close(w, '}');
    key(w, "metrics");
    jw_open(w, '{');
    num(w, "win_rate", m->win_rate);
    num(w, "cycle_days", m->cycle_days);
    num(w, "required_pipeline_coverage", m->required_pipeline_coverage);
    num(w, "open_opportunities", m->open_opportunities);
    num(w, "pipeline_value", m->pipeline_value);
    num(w, "pipeline_coverage", m->pipeline_coverage);
    num(w, "weighted_pipeline", m->weighted_pipeline);
    num(w, "sales_velocity_per_day", m->sales_velocity_per_day);
    num(w, "ltv", m->ltv);
    num(w, "ltv_to_cac", m->ltv_to_cac);
    num(w, "cac_payback_months", m->cac_payback_months);
    jw_close(w, '}');
    key(w, "warnings");
    jw_open(w, '[');
    for (size_t i = 0, n = salesplan_result_warning_count(r); i < n; i++) {
        const salesplan_warning *wa = salesplan_result_warning(r, i);
        if (wa == NULL)
            return missing(err, "warning", i);
        jw_next(w);
        jw_open(w, '{');
        str(w, "code", wa->code);
        str(w, "path", wa->path ? wa->path : "");
        str(w, "message", wa->message);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    return SALESPLAN_OK;
}

int slp_render_json(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err)
{
    const salesplan_result_overview *o = salesplan_result_overview_get(r);
    if (o == NULL)
        return missing(err, "overview", 0);
    jw w = {sb, 0, 1};
    jw_open(&w, '{');
    integer(&w, "salesplan", 1);
    str(&w, "name", o->name);
    str(&w, "currency", o->currency);
    str(&w, "mode", o->mode == SALESPLAN_MODE_CONFIDENCE ? "confidence" : "expected");
    num(&w, "confidence", o->mode == SALESPLAN_MODE_CONFIDENCE ? o->confidence : (double)NAN);
    key(&w, "period");
    jw_open(&w, '{');
    str(&w, "start", o->period_start);
    str(&w, "end", o->period_end);
    integer(&w, "days", o->days);
    integer(&w, "workdays", o->workdays);
    jw_close(&w, '}');
    key(&w, "target");
    jw_open(&w, '{');
    num(&w, "revenue", o->revenue);
    num(&w, "team_quota", o->team_quota);
    num(&w, "deals_needed", o->deals_needed);
    num(&w, "pipeline_expected_deals", o->pipeline_expected_deals);
    jw_close(&w, '}');
    int rc = write_stages(&w, r, err);
    if (rc == SALESPLAN_OK)
        rc = write_activities(&w, r, err);
    if (rc == SALESPLAN_OK)
        rc = write_roles(&w, r, err);
    if (rc == SALESPLAN_OK)
        rc = write_quota(&w, r, err);
    if (rc == SALESPLAN_OK)
        rc = write_tail(&w, r, err);
    if (rc != SALESPLAN_OK)
        return rc;
    jw_close(&w, '}');
    slp_sb_putc(sb, '\n');
    if (sb->failed)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory while rendering");
    return SALESPLAN_OK;
}
