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

#define SLP_JF_STRUCT salesplan_stage_result
static const slp_jfield stage_fields[] = {
    SLP_JFT(name), SLP_JFN(conversion), SLP_JFN(to_close), SLP_JFN(days_to_close),
    SLP_JFN(required), SLP_JFN(required_int), SLP_JFN(window_workdays), SLP_JFB(reachable),
};
#undef SLP_JF_STRUCT
#define SLP_JF_STRUCT salesplan_activity_result
static const slp_jfield activity_fields[] = {
    SLP_JFT(name), SLP_JFT(stage), SLP_JFT(role), SLP_JFN(total), SLP_JFN(per_workday),
    SLP_JFN(per_rep_per_workday), SLP_JFN(per_deal), SLP_JFN(fte),
};
#undef SLP_JF_STRUCT
#define SLP_JF_STRUCT salesplan_role_result
static const slp_jfield role_fields[] = {
    SLP_JFT(name), SLP_JFN(headcount), SLP_JFN(fte_required), SLP_JFN(hires_needed),
};
#undef SLP_JF_STRUCT
#define SLP_JF_STRUCT salesplan_phase_result
static const slp_jfield phase_fields[] = {SLP_JFI(day), SLP_JFN(cumulative_target)};
#undef SLP_JF_STRUCT
/* A warning's path is "" when it concerns no place in the plan. */
#define SLP_JF_STRUCT salesplan_warning
static const slp_jfield warning_fields[] = {
    SLP_JFT(code), SLP_JF(TEXT0, "path", path), SLP_JFT(message),
};
#undef SLP_JF_STRUCT
#define SLP_JF_STRUCT salesplan_slice_result
static const slp_jfield slice_fields[] = {
    SLP_JFT(start), SLP_JFT(end), SLP_JFI(workdays), SLP_JFN(weight),
};
#undef SLP_JF_STRUCT

/* The lists of plain rows, each read through the result's accessors. */
enum { STAGES, ACTIVITIES, ROLES, SLICES, PHASES, WARNINGS };

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
    [WARNINGS] = {"warnings", "warning", salesplan_result_warning_count,
                  SLP_JF_TABLE(warning_fields)},
};

static const void *list_item(const salesplan_result *r, int list, size_t i)
{
    switch (list) {
    case STAGES: return salesplan_result_stage(r, i);
    case ACTIVITIES: return salesplan_result_activity(r, i);
    case ROLES: return salesplan_result_role(r, i);
    case SLICES: return salesplan_result_slice(r, i);
    case PHASES: return salesplan_result_phase(r, i);
    default: return salesplan_result_warning(r, i);
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

#define SLP_JF_STRUCT salesplan_capacity_result
static const slp_jfield capacity_fields[] = {
    SLP_JFN(expected), SLP_JFN(coverage), SLP_JFN(gap), SLP_JFN(new_hire_capacity),
    SLP_JFN(hires_needed),
};
#undef SLP_JF_STRUCT

#define SLP_JF_STRUCT salesplan_metrics_result
static const slp_jfield metrics_fields[] = {
    SLP_JFN(win_rate), SLP_JFN(cycle_days), SLP_JFN(required_pipeline_coverage),
    SLP_JFN(open_opportunities), SLP_JFN(pipeline_value), SLP_JFN(pipeline_coverage),
    SLP_JFN(weighted_pipeline), SLP_JFN(sales_velocity_per_day), SLP_JFN(ltv), SLP_JFN(ltv_to_cac),
    SLP_JFN(cac_payback_months),
};
#undef SLP_JF_STRUCT

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
    return write_list(w, r, WARNINGS, err);
}

#define SLP_JF_STRUCT salesplan_rep_target
static const slp_jfield month_activity_fields[] = {SLP_JFT(name), SLP_JFN(per_workday)};
#undef SLP_JF_STRUCT

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

#define SLP_JF_STRUCT salesplan_result_overview
static const slp_jfield overview_fields[] = {
    SLP_JF_OBJECT("period", SLP_JW_PRETTY), SLP_JF(TEXT, "start", period_start),
    SLP_JF(TEXT, "end", period_end), SLP_JFI(days), SLP_JFI(workdays), SLP_JF_CLOSE,
    SLP_JF_OBJECT("target", SLP_JW_PRETTY), SLP_JFN(revenue), SLP_JFN(team_quota),
    SLP_JFN(deals_needed), SLP_JFN(pipeline_expected_deals), SLP_JF_CLOSE,
};
#undef SLP_JF_STRUCT

int slp_render_json(const void *result, slp_strbuf *sb, salesplan_error *err)
{
    const salesplan_result *r = result;
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
