/* The re-plan (SPEC §11): the plan computation of §4–6 on the remaining days
 * a+1..H-1, exactly as if the plan were written today. The plan is copied
 * and changed through the model's own structs, then handed to the engine:
 *   - period: start' = day a+1, days' = H-a-1; explicit phases still ahead
 *     are shifted to the new start (none left: the default 30/60/90);
 *   - target T' = gap (0 when the target is met: every required count is 0);
 *   - pipeline: the actual team pipeline;
 *   - reps keep their absolute start dates (tenure months become dates);
 *   - seasonality: remaining slice s' (the part of slice s after day a)
 *     weighs ŝ_s·W(s')/W(s) (calendar days for a slice without workday).
 * The engine's own check refuses T' = 0, so the copy is computed without it
 * (it was derived from a checked plan); with T' = 0 the ratios to the target
 * (capacity coverage, pipeline coverage) are null instead of infinite. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "engine/result_internal.h"
#include "model/plan_model.h"
#include "track/track_internal.h"

/* Replace the copy's pipeline by pipe[] (positive counts only). */
static int set_pipeline(salesplan_plan *p, const double *pipe)
{
    for (size_t i = 0; i < p->pipeline_count; i++)
        slp_free(p->pipeline[i].stage);
    p->pipeline_count = 0;
    slp_plan_names_clear(p, SLP_NAMES_PIPELINE);
    size_t n = 0;
    for (size_t k = 0; k + 1 < p->stage_count; k++)
        if (pipe[k] > 0.0)
            n++;
    if (n > p->pipeline_cap) {
        slp_pipeline_entry *e = slp_reallocarray(p->pipeline, n, sizeof *e);
        if (!e)
            return SALESPLAN_ENOMEM;
        p->pipeline = e;
        p->pipeline_cap = n;
    }
    for (size_t k = 0; k + 1 < p->stage_count; k++) {
        if (!(pipe[k] > 0.0))
            continue;
        slp_pipeline_entry *e = &p->pipeline[p->pipeline_count];
        if (slp_str_dup_opt(&e->stage, p->stages[k].name) != 0)
            return SALESPLAN_ENOMEM;
        e->deals = (long long)pipe[k];
        p->pipeline_count++;
        if (slp_plan_name_add(p, SLP_NAMES_PIPELINE, e->stage, p->pipeline_count - 1) !=
            SALESPLAN_OK)
            return SALESPLAN_ENOMEM;
    }
    return SALESPLAN_OK;
}

/* Tenure-month reps get their absolute start date. */
static int fix_rep_starts(salesplan_plan *p, const salesplan_plan *orig)
{
    for (size_t i = 0; i < p->rep_count; i++) {
        slp_rep *r = &p->reps[i];
        if (r->start)
            continue;
        slp_day d;
        if (slp_plan_rep_start_day(orig, i, &d) != 0)
            return SALESPLAN_EINTERNAL;
        char buf[11];
        slp_format_date(d, buf);
        if (slp_str_replace(&r->start, buf) != SALESPLAN_OK)
            return SALESPLAN_ENOMEM;
        r->start_day = d;
        r->tenure_months = -1;
    }
    return SALESPLAN_OK;
}

/* Explicit phases still ahead, shifted by `shift` days; the others dropped. */
static void shift_phases(salesplan_plan *p, int shift, int days)
{
    size_t m = 0;
    for (size_t i = 0; i < p->phase_count; i++) {
        int b = p->phases[i] - shift;
        if (b > 0 && b <= days)
            p->phases[m++] = b;
    }
    p->phase_count = m;
}

/* Remaining seasonality weights; 1 when they all vanish (then none is kept). */
static int remaining_seasonality(salesplan_plan *p, const salesplan_result *base,
                                 const slp_track_cal *cal, int a)
{
    const slp_calendar *c = &cal->c;
    size_t first = 0;
    while (first < c->slice_count && c->slices[first].end <= a + 1)
        first++;
    size_t m = 0;
    double sum = 0.0;
    for (size_t s = first; s < c->slice_count; s++) {
        const slp_slice *sl = &c->slices[s];
        int from = sl->first > a + 1 ? sl->first : a + 1;
        double frac = sl->workdays > 0
                          ? (double)slp_cal_workdays(c, from, sl->end) / (double)sl->workdays
                          : (double)(sl->end - from) / (double)(sl->end - sl->first);
        p->seasonality[m] = base->slices[s].weight * frac;
        sum += p->seasonality[m];
        m++;
    }
    p->seasonality_count = m;
    if (!(sum > 0.0)) {
        p->seasonality_count = 0;
        return 1;
    }
    return 0;
}

int slp_track_replan(salesplan_tracking *t, const salesplan_plan *plan,
                     const slp_track_cal *cal, int a, double gap, const double *pipe,
                     salesplan_result **out, salesplan_error *err)
{
    *out = NULL;
    int H = cal->c.days;
    if (a + 1 >= H)
        return slp_track_warn(t, "no_remaining_days", "as_of",
                              "as of the period's last day there is no day left to plan: "
                              "replan is null");
    if (slp_cal_workdays(&cal->c, a + 1, H) == 0)
        return slp_track_warn(t, "no_remaining_days", "as_of",
                              "no workday is left after %s: replan is null", t->as_of);

    salesplan_plan *p = NULL;
    int rc = salesplan_plan_clone(&p, plan);
    if (rc != SALESPLAN_OK)
        return rc;
    slp_day start = cal->c.start + a + 1;
    char buf[11];
    slp_format_date(start, buf);
    int seasonality_dropped = 0;
    rc = slp_str_replace(&p->period_start, buf);
    if (rc == SALESPLAN_OK) {
        p->start_day = start;
        p->period_days = H - a - 1;
        shift_phases(p, a + 1, p->period_days);
        p->target_revenue = gap;
        rc = set_pipeline(p, pipe);
    }
    if (rc == SALESPLAN_OK)
        rc = fix_rep_starts(p, plan);
    if (rc == SALESPLAN_OK && p->seasonality_count > 0)
        seasonality_dropped = remaining_seasonality(p, t->base, cal, a);
    if (rc != SALESPLAN_OK) {
        salesplan_plan_free(p);
        return rc;
    }
    salesplan_result *r = slp_result_new(16384);
    if (!r) {
        salesplan_plan_free(p);
        return SALESPLAN_ENOMEM;
    }
    r->plan = p;
    rc = slp_result_compute(r, p->confidence, err);
    if (rc != SALESPLAN_OK) {
        salesplan_result_free(r);
        return rc;
    }
    if (!(gap > 0.0)) {
        r->capacity.coverage = NAN;
        r->metrics.pipeline_coverage = NAN;
        rc = slp_track_warn(t, "target_met", "target.revenue",
                            "the target is met: the re-plan asks for no more deals or "
                            "activities");
    }
    if (rc == SALESPLAN_OK && seasonality_dropped)
        rc = slp_track_warn(t, "seasonality_spent", "target.seasonality",
                            "the remaining months have seasonality weight 0; the re-plan "
                            "spreads the gap by workdays instead");
    if (rc != SALESPLAN_OK) {
        salesplan_result_free(r);
        return rc;
    }
    *out = r;
    return SALESPLAN_OK;
}
