/* The result document, version 1 (SPEC §9): every key of the contract, in
 * that order, then the per-rep schedule `reps` (SPEC §11); lists in plan
 * order, null for absent (NaN) figures, doubles written so that they parse
 * back to the same double. */
#include <math.h>

#include "common/error.h"
#include "json/json_write.h"
#include "render/render.h"

static int missing(salesplan_error *err, const char *what, size_t i)
{
    return slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0,
                         "the result has no %s %zu although it counts it", what, i);
}

static int write_stages(slp_jw *w, const salesplan_result *r, salesplan_error *err)
{
    slp_jw_karray(w, "stages", SLP_JW_PRETTY);
    for (size_t i = 0, n = salesplan_result_stage_count(r); i < n; i++) {
        const salesplan_stage_result *s = salesplan_result_stage(r, i);
        if (s == NULL)
            return missing(err, "stage", i);
        slp_jw_object(w, SLP_JW_PRETTY);
        slp_jw_ktext(w, "name", s->name);
        slp_jw_knumber(w, "conversion", s->conversion);
        slp_jw_knumber(w, "to_close", s->to_close);
        slp_jw_knumber(w, "days_to_close", s->days_to_close);
        slp_jw_knumber(w, "required", s->required);
        slp_jw_knumber(w, "required_int", s->required_int);
        slp_jw_knumber(w, "window_workdays", s->window_workdays);
        slp_jw_kbool(w, "reachable", s->reachable);
        slp_jw_end(w);
    }
    slp_jw_end(w);
    return SALESPLAN_OK;
}

static int write_activities(slp_jw *w, const salesplan_result *r, salesplan_error *err)
{
    slp_jw_karray(w, "activities", SLP_JW_PRETTY);
    for (size_t i = 0, n = salesplan_result_activity_count(r); i < n; i++) {
        const salesplan_activity_result *a = salesplan_result_activity(r, i);
        if (a == NULL)
            return missing(err, "activity", i);
        slp_jw_object(w, SLP_JW_PRETTY);
        slp_jw_ktext(w, "name", a->name);
        slp_jw_ktext(w, "stage", a->stage);
        slp_jw_ktext(w, "role", a->role);
        slp_jw_knumber(w, "total", a->total);
        slp_jw_knumber(w, "per_workday", a->per_workday);
        slp_jw_knumber(w, "per_rep_per_workday", a->per_rep_per_workday);
        slp_jw_knumber(w, "per_deal", a->per_deal);
        slp_jw_knumber(w, "fte", a->fte);
        slp_jw_end(w);
    }
    slp_jw_end(w);
    return SALESPLAN_OK;
}

static int write_roles(slp_jw *w, const salesplan_result *r, salesplan_error *err)
{
    slp_jw_karray(w, "roles", SLP_JW_PRETTY);
    for (size_t i = 0, n = salesplan_result_role_count(r); i < n; i++) {
        const salesplan_role_result *ro = salesplan_result_role(r, i);
        if (ro == NULL)
            return missing(err, "role", i);
        slp_jw_object(w, SLP_JW_PRETTY);
        slp_jw_ktext(w, "name", ro->name);
        slp_jw_knumber(w, "headcount", ro->headcount);
        slp_jw_knumber(w, "fte_required", ro->fte_required);
        slp_jw_knumber(w, "hires_needed", ro->hires_needed);
        slp_jw_end(w);
    }
    slp_jw_end(w);
    return SALESPLAN_OK;
}

static int write_quota(slp_jw *w, const salesplan_result *r, salesplan_error *err)
{
    size_t nslices = salesplan_result_slice_count(r);
    slp_jw_kobject(w, "quota", SLP_JW_PRETTY);
    slp_jw_karray(w, "slices", SLP_JW_PRETTY);
    for (size_t i = 0; i < nslices; i++) {
        const salesplan_slice_result *s = salesplan_result_slice(r, i);
        if (s == NULL)
            return missing(err, "slice", i);
        slp_jw_object(w, SLP_JW_PRETTY);
        slp_jw_ktext(w, "start", s->start);
        slp_jw_ktext(w, "end", s->end);
        slp_jw_kint(w, "workdays", s->workdays);
        slp_jw_knumber(w, "weight", s->weight);
        slp_jw_end(w);
    }
    slp_jw_end(w);
    slp_jw_karray(w, "reps", SLP_JW_PRETTY);
    for (size_t i = 0, n = salesplan_result_rep_quota_count(r); i < n; i++) {
        const salesplan_rep_quota *q = salesplan_result_rep_quota(r, i);
        if (q == NULL || (nslices > 0 && q->slices == NULL))
            return missing(err, "rep quota", i);
        slp_jw_object(w, SLP_JW_PRETTY);
        slp_jw_ktext(w, "name", q->name);
        slp_jw_ktext(w, "role", q->role);
        slp_jw_key(w, "slices"); /* one short line: an amount per slice */
        slp_jw_array(w, SLP_JW_INLINE);
        for (size_t s = 0; s < nslices; s++)
            slp_jw_number(w, q->slices[s]);
        slp_jw_end(w);
        slp_jw_knumber(w, "total", q->total);
        slp_jw_end(w);
    }
    slp_jw_end(w);
    slp_jw_knumber(w, "unassigned", salesplan_result_unassigned(r));
    slp_jw_karray(w, "phases", SLP_JW_PRETTY);
    for (size_t i = 0, n = salesplan_result_phase_count(r); i < n; i++) {
        const salesplan_phase_result *p = salesplan_result_phase(r, i);
        if (p == NULL)
            return missing(err, "phase", i);
        slp_jw_object(w, SLP_JW_PRETTY);
        slp_jw_kint(w, "day", p->day);
        slp_jw_knumber(w, "cumulative_target", p->cumulative_target);
        slp_jw_end(w);
    }
    slp_jw_end(w);
    slp_jw_end(w);
    return SALESPLAN_OK;
}

static int write_tail(slp_jw *w, const salesplan_result *r, salesplan_error *err)
{
    const salesplan_capacity_result *c = salesplan_result_capacity(r);
    const salesplan_metrics_result *m = salesplan_result_metrics(r);
    if (c == NULL)
        return missing(err, "capacity", 0);
    if (m == NULL)
        return missing(err, "metrics", 0);
    slp_jw_kobject(w, "capacity", SLP_JW_PRETTY);
    slp_jw_knumber(w, "expected", c->expected);
    slp_jw_knumber(w, "coverage", c->coverage);
    slp_jw_knumber(w, "gap", c->gap);
    slp_jw_knumber(w, "new_hire_capacity", c->new_hire_capacity);
    slp_jw_knumber(w, "hires_needed", c->hires_needed);
    slp_jw_end(w);
    slp_jw_kobject(w, "metrics", SLP_JW_PRETTY);
    slp_jw_knumber(w, "win_rate", m->win_rate);
    slp_jw_knumber(w, "cycle_days", m->cycle_days);
    slp_jw_knumber(w, "required_pipeline_coverage", m->required_pipeline_coverage);
    slp_jw_knumber(w, "open_opportunities", m->open_opportunities);
    slp_jw_knumber(w, "pipeline_value", m->pipeline_value);
    slp_jw_knumber(w, "pipeline_coverage", m->pipeline_coverage);
    slp_jw_knumber(w, "weighted_pipeline", m->weighted_pipeline);
    slp_jw_knumber(w, "sales_velocity_per_day", m->sales_velocity_per_day);
    slp_jw_knumber(w, "ltv", m->ltv);
    slp_jw_knumber(w, "ltv_to_cac", m->ltv_to_cac);
    slp_jw_knumber(w, "cac_payback_months", m->cac_payback_months);
    slp_jw_end(w);
    slp_jw_karray(w, "warnings", SLP_JW_PRETTY);
    for (size_t i = 0, n = salesplan_result_warning_count(r); i < n; i++) {
        const salesplan_warning *wa = salesplan_result_warning(r, i);
        if (wa == NULL)
            return missing(err, "warning", i);
        slp_jw_object(w, SLP_JW_PRETTY);
        slp_jw_ktext(w, "code", wa->code);
        slp_jw_ktext(w, "path", wa->path ? wa->path : "");
        slp_jw_ktext(w, "message", wa->message);
        slp_jw_end(w);
    }
    slp_jw_end(w);
    return SALESPLAN_OK;
}

/* `reps`: every rep's daily targets month by month. A month is one line
 * with its activities below it, one per line:
 *   {"start": "2026-01-01", "end": "2026-01-31", "activities": [
 *     {"name": "Calls", "per_workday": 3.5}
 *   ]} */
static int write_schedule(slp_jw *w, const salesplan_result *r, salesplan_error *err)
{
    slp_jw_karray(w, "reps", SLP_JW_PRETTY);
    for (size_t i = 0, n = salesplan_result_rep_schedule_count(r); i < n; i++) {
        const salesplan_rep_schedule *rs = salesplan_result_rep_schedule(r, i);
        if (rs == NULL)
            return missing(err, "rep schedule", i);
        slp_jw_object(w, SLP_JW_PRETTY);
        slp_jw_ktext(w, "name", rs->name);
        slp_jw_ktext(w, "role", rs->role);
        slp_jw_karray(w, "months", SLP_JW_PRETTY);
        for (size_t m = 0; m < rs->month_count; m++) {
            const salesplan_rep_month *mo = salesplan_result_rep_month(r, i, m);
            if (mo == NULL || (mo->activity_count > 0 && mo->activities == NULL))
                return missing(err, "rep month", m);
            slp_jw_object(w, SLP_JW_INLINE);
            slp_jw_ktext(w, "start", mo->start);
            slp_jw_ktext(w, "end", mo->end);
            slp_jw_karray(w, "activities", SLP_JW_PRETTY);
            for (size_t k = 0; k < mo->activity_count; k++) {
                slp_jw_object(w, SLP_JW_INLINE);
                slp_jw_ktext(w, "name", mo->activities[k].name);
                slp_jw_knumber(w, "per_workday", mo->activities[k].per_workday);
                slp_jw_end(w);
            }
            slp_jw_end(w);
            slp_jw_end(w);
        }
        slp_jw_end(w);
        slp_jw_end(w);
    }
    slp_jw_end(w);
    return SALESPLAN_OK;
}

int slp_render_json(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err)
{
    const salesplan_result_overview *o = salesplan_result_overview_get(r);
    if (o == NULL)
        return missing(err, "overview", 0);
    slp_jw w;
    slp_jw_init(&w, sb);
    slp_jw_object(&w, SLP_JW_PRETTY);
    slp_jw_kint(&w, "salesplan", 1);
    slp_jw_ktext(&w, "name", o->name);
    slp_jw_ktext(&w, "currency", o->currency);
    slp_jw_ktext(&w, "mode", o->mode == SALESPLAN_MODE_CONFIDENCE ? "confidence" : "expected");
    slp_jw_knumber(&w, "confidence",
                   o->mode == SALESPLAN_MODE_CONFIDENCE ? o->confidence : (double)NAN);
    slp_jw_kobject(&w, "period", SLP_JW_PRETTY);
    slp_jw_ktext(&w, "start", o->period_start);
    slp_jw_ktext(&w, "end", o->period_end);
    slp_jw_kint(&w, "days", o->days);
    slp_jw_kint(&w, "workdays", o->workdays);
    slp_jw_end(&w);
    slp_jw_kobject(&w, "target", SLP_JW_PRETTY);
    slp_jw_knumber(&w, "revenue", o->revenue);
    slp_jw_knumber(&w, "team_quota", o->team_quota);
    slp_jw_knumber(&w, "deals_needed", o->deals_needed);
    slp_jw_knumber(&w, "pipeline_expected_deals", o->pipeline_expected_deals);
    slp_jw_end(&w);
    int rc = write_stages(&w, r, err);
    if (rc == SALESPLAN_OK)
        rc = write_activities(&w, r, err);
    if (rc == SALESPLAN_OK)
        rc = write_roles(&w, r, err);
    if (rc == SALESPLAN_OK)
        rc = write_quota(&w, r, err);
    if (rc == SALESPLAN_OK)
        rc = write_tail(&w, r, err);
    if (rc == SALESPLAN_OK)
        rc = write_schedule(&w, r, err);
    if (rc != SALESPLAN_OK)
        return rc;
    slp_jw_end(&w);
    slp_sb_putc(sb, '\n');
    if (sb->failed)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory while rendering");
    return SALESPLAN_OK;
}
