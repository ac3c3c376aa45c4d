/* The result document, version 1 (SPEC §9): every key of the contract, in
 * that order, then the per-rep schedule `reps` (SPEC §11); lists in plan
 * order, null for absent (NaN) figures, doubles written so that they parse
 * back to the same double. The members of each part are listed once, in the
 * tables below (json/json_fields.h), in document order. */
#include <math.h>

#include "common/error.h"
#include "json/json_fields.h"
#include "json/json_write.h"
#include "render/render.h"

#define T salesplan_stage_result
static const slp_jfield stage_fields[] = {
    SLP_JFM(T, TEXT, name),         SLP_JFM(T, NUMBER, conversion),
    SLP_JFM(T, NUMBER, to_close),   SLP_JFM(T, NUMBER, days_to_close),
    SLP_JFM(T, NUMBER, required),   SLP_JFM(T, NUMBER, required_int),
    SLP_JFM(T, NUMBER, window_workdays), SLP_JFM(T, BOOL, reachable),
};
#undef T
#define T salesplan_activity_result
static const slp_jfield activity_fields[] = {
    SLP_JFM(T, TEXT, name), SLP_JFM(T, TEXT, stage), SLP_JFM(T, TEXT, role),
    SLP_JFM(T, NUMBER, total), SLP_JFM(T, NUMBER, per_workday),
    SLP_JFM(T, NUMBER, per_rep_per_workday), SLP_JFM(T, NUMBER, per_deal),
    SLP_JFM(T, NUMBER, fte),
};
#undef T
#define T salesplan_role_result
static const slp_jfield role_fields[] = {
    SLP_JFM(T, TEXT, name), SLP_JFM(T, NUMBER, headcount), SLP_JFM(T, NUMBER, fte_required),
    SLP_JFM(T, NUMBER, hires_needed),
};
#undef T
static const slp_jfield slice_fields[] = {
    SLP_JFM(salesplan_slice_result, TEXT, start), SLP_JFM(salesplan_slice_result, TEXT, end),
    SLP_JFM(salesplan_slice_result, INT, workdays),
    SLP_JFM(salesplan_slice_result, NUMBER, weight),
};
static const slp_jfield phase_fields[] = {
    SLP_JFM(salesplan_phase_result, INT, day),
    SLP_JFM(salesplan_phase_result, NUMBER, cumulative_target),
};
#define T salesplan_capacity_result
static const slp_jfield capacity_fields[] = {
    SLP_JFM(T, NUMBER, expected), SLP_JFM(T, NUMBER, coverage), SLP_JFM(T, NUMBER, gap),
    SLP_JFM(T, NUMBER, new_hire_capacity), SLP_JFM(T, NUMBER, hires_needed),
};
#undef T
#define T salesplan_metrics_result
static const slp_jfield metrics_fields[] = {
    SLP_JFM(T, NUMBER, win_rate), SLP_JFM(T, NUMBER, cycle_days),
    SLP_JFM(T, NUMBER, required_pipeline_coverage), SLP_JFM(T, NUMBER, open_opportunities),
    SLP_JFM(T, NUMBER, pipeline_value), SLP_JFM(T, NUMBER, pipeline_coverage),
    SLP_JFM(T, NUMBER, weighted_pipeline), SLP_JFM(T, NUMBER, sales_velocity_per_day),
    SLP_JFM(T, NUMBER, ltv), SLP_JFM(T, NUMBER, ltv_to_cac), SLP_JFM(T, NUMBER, cac_payback_months),
};
#undef T
#define T salesplan_result_overview
static const slp_jfield overview_fields[] = {
    SLP_JF_OBJECT("period", SLP_JW_PRETTY), SLP_JF(T, TEXT, "start", period_start),
    SLP_JF(T, TEXT, "end", period_end), SLP_JFM(T, INT, days), SLP_JFM(T, INT, workdays),
    SLP_JF_CLOSE, SLP_JF_OBJECT("target", SLP_JW_PRETTY), SLP_JFM(T, NUMBER, revenue),
    SLP_JFM(T, NUMBER, team_quota), SLP_JFM(T, NUMBER, deals_needed),
    SLP_JFM(T, NUMBER, pipeline_expected_deals), SLP_JF_CLOSE,
};
#undef T
static const slp_jfield month_activity_fields[] = {
    SLP_JFM(salesplan_rep_target, TEXT, name), SLP_JFM(salesplan_rep_target, NUMBER, per_workday),
};

/* The lists of plain rows, each read through the result's accessors. */
enum { STAGES, ACTIVITIES, ROLES, SLICES, PHASES };

static const struct {
    const char *key, *what;
    size_t (*count)(const salesplan_result *r);
    const slp_jfield *fields;
    size_t nfields;
} lists[] = {
    [STAGES] = {"stages", "stage", salesplan_result_stage_count, SLP_JF_TABLE(stage_fields)},
    [ACTIVITIES] = {"activities", "activity", salesplan_result_activity_count,
                    SLP_JF_TABLE(activity_fields)},
    [ROLES] = {"roles", "role", salesplan_result_role_count, SLP_JF_TABLE(role_fields)},
    [SLICES] = {"slices", "slice", salesplan_result_slice_count, SLP_JF_TABLE(slice_fields)},
    [PHASES] = {"phases", "phase", salesplan_result_phase_count, SLP_JF_TABLE(phase_fields)},
};

static const void *list_item(const salesplan_result *r, int list, size_t i)
{
    switch (list) {
    case STAGES: return salesplan_result_stage(r, i);
    case ACTIVITIES: return salesplan_result_activity(r, i);
    case ROLES: return salesplan_result_role(r, i);
    case SLICES: return salesplan_result_slice(r, i);
    default: return salesplan_result_phase(r, i);
    }
}

static int missing(salesplan_error *err, const char *what, size_t i)
{
    return slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0,
                         "the result has no %s %zu although it counts it", what, i);
}

static int write_list(slp_jw *w, const salesplan_result *r, int list, salesplan_error *err)
{
    slp_jw_karray(w, lists[list].key, SLP_JW_PRETTY);
    for (size_t i = 0, n = lists[list].count(r); i < n; i++) {
        const void *item = list_item(r, list, i);
        if (item == NULL)
            return missing(err, lists[list].what, i);
        slp_jw_record(w, SLP_JW_PRETTY, item, lists[list].fields, lists[list].nfields);
    }
    slp_jw_end(w);
    return SALESPLAN_OK;
}

static int write_quota(slp_jw *w, const salesplan_result *r, salesplan_error *err)
{
    size_t nslices = salesplan_result_slice_count(r);
    slp_jw_kobject(w, "quota", SLP_JW_PRETTY);
    int rc = write_list(w, r, SLICES, err);
    if (rc != SALESPLAN_OK)
        return rc;
    slp_jw_karray(w, "reps", SLP_JW_PRETTY);
    for (size_t i = 0, n = salesplan_result_rep_quota_count(r); i < n; i++) {
        const salesplan_rep_quota *q = salesplan_result_rep_quota(r, i);
        if (q == NULL || (nslices > 0 && q->slices == NULL))
            return missing(err, "rep quota", i);
        slp_jw_object(w, SLP_JW_PRETTY);
        slp_jw_ktext(w, "name", q->name);
        slp_jw_ktext(w, "role", q->role);
        slp_jw_knumbers(w, "slices", q->slices, nslices); /* one short line */
        slp_jw_knumber(w, "total", q->total);
        slp_jw_end(w);
    }
    slp_jw_end(w);
    slp_jw_knumber(w, "unassigned", salesplan_result_unassigned(r));
    rc = write_list(w, r, PHASES, err);
    slp_jw_end(w);
    return rc;
}

static int write_tail(slp_jw *w, const salesplan_result *r, salesplan_error *err)
{
    const salesplan_capacity_result *c = salesplan_result_capacity(r);
    const salesplan_metrics_result *m = salesplan_result_metrics(r);
    if (c == NULL)
        return missing(err, "capacity", 0);
    if (m == NULL)
        return missing(err, "metrics", 0);
    slp_jw_krecord(w, "capacity", SLP_JW_PRETTY, c, SLP_JF_TABLE(capacity_fields));
    slp_jw_krecord(w, "metrics", SLP_JW_PRETTY, m, SLP_JF_TABLE(metrics_fields));
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
            slp_jw_krecords(w, "activities", SLP_JW_INLINE, mo->activities, mo->activity_count,
                            sizeof *mo->activities, SLP_JF_TABLE(month_activity_fields));
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
    int conf = o->mode == SALESPLAN_MODE_CONFIDENCE;
    slp_jw w;
    slp_jw_init(&w, sb);
    slp_jw_object(&w, SLP_JW_PRETTY);
    slp_jw_kint(&w, "salesplan", 1);
    slp_jw_ktext(&w, "name", o->name);
    slp_jw_ktext(&w, "currency", o->currency);
    slp_jw_ktext(&w, "mode", conf ? "confidence" : "expected");
    slp_jw_knumber(&w, "confidence", conf ? o->confidence : (double)NAN);
    slp_jw_fields(&w, o, SLP_JF_TABLE(overview_fields));
    int rc = write_list(&w, r, STAGES, err);
    if (rc == SALESPLAN_OK)
        rc = write_list(&w, r, ACTIVITIES, err);
    if (rc == SALESPLAN_OK)
        rc = write_list(&w, r, ROLES, err);
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
