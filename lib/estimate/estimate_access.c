/* Read-only accessors of an estimate, its release, and applying it to a plan. */
#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/estimate_internal.h"

void salesplan_estimate_free(salesplan_estimate *e)
{
    if (e == NULL)
        return;
    for (size_t i = 0; i < 6; i++)
        slp_free(e->cols[i]);
    if (e->group_columns)
        for (size_t i = 0; i < e->group_column_count; i++)
            slp_free(e->group_columns[i]);
    slp_free(e->group_columns);
    for (size_t i = 0; i < e->group_count; i++)
        slp_free((void *)(uintptr_t)e->groups[i].value);
    slp_free(e->groups);
    for (size_t i = 0; i < e->stage_count; i++)
        slp_free((void *)(uintptr_t)e->stages[i].name);
    slp_free(e->stages);
    for (size_t i = 0; i < e->funnel_count; i++)
        slp_free((void *)(uintptr_t)e->funnel[i].name);
    slp_free(e->funnel);
    slp_free(e->won_name);
    for (size_t i = 0; i < e->problem_count; i++)
        slp_free((void *)(uintptr_t)e->problems[i].message);
    slp_free(e->problems);
    slp_free(e);
}

const salesplan_estimate_info *salesplan_estimate_info_get(const salesplan_estimate *e)
{
    return e ? &e->info : NULL;
}

const salesplan_estimate_figures *salesplan_estimate_overall(const salesplan_estimate *e)
{
    return e ? &e->overall : NULL;
}

size_t salesplan_estimate_group_count(const salesplan_estimate *e)
{
    return e ? e->group_count : 0;
}

const salesplan_estimate_group *salesplan_estimate_group_get(const salesplan_estimate *e, size_t i)
{
    return e && i < e->group_count ? &e->groups[i] : NULL;
}

size_t salesplan_estimate_group_column_count(const salesplan_estimate *e)
{
    return e ? e->group_column_count : 0;
}

const char *salesplan_estimate_group_column(const salesplan_estimate *e, size_t i)
{
    return e && i < e->group_column_count ? e->group_columns[i] : NULL;
}

size_t salesplan_estimate_stage_count(const salesplan_estimate *e)
{
    return e ? e->stage_count : 0;
}

const salesplan_estimate_stage *salesplan_estimate_stage_get(const salesplan_estimate *e, size_t i)
{
    return e && i < e->stage_count ? &e->stages[i] : NULL;
}

size_t salesplan_estimate_funnel_count(const salesplan_estimate *e)
{
    return e ? e->funnel_count : 0;
}

const salesplan_estimate_funnel_stage *salesplan_estimate_funnel_get(const salesplan_estimate *e,
                                                                     size_t i)
{
    return e && i < e->funnel_count ? &e->funnel[i] : NULL;
}

size_t salesplan_estimate_problem_count(const salesplan_estimate *e)
{
    return e ? e->problem_count : 0;
}

const salesplan_estimate_problem *salesplan_estimate_problem_get(const salesplan_estimate *e,
                                                                 size_t i)
{
    return e && i < e->problem_count ? &e->problems[i] : NULL;
}

salesplan_status salesplan_plan_apply_estimate(salesplan_plan *p, const salesplan_estimate *e,
                                               salesplan_error *err)
{
    if (p == NULL || e == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL plan or estimate");
    size_t n = e->funnel_count;
    if (n < 2)
        return slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                             "the estimate's funnel has %zu stage(s); a plan needs at least 2",
                             n);
    /* check everything first, so a refusal leaves the plan as it was */
    for (size_t i = 0; i + 1 < n; i++) {
        const salesplan_estimate_funnel_stage *f = &e->funnel[i];
        if (isnan(f->conversion))
            return slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                                 "stage '%.60s' has no closed history (nothing advanced or was "
                                 "lost), so it has no conversion to put in a plan",
                                 f->name);
        if (!(f->conversion > 0.0 && f->conversion <= 1.0))
            return slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                                 "stage '%.60s' has a conversion of %g; a plan needs one in "
                                 "(0, 1]",
                                 f->name, f->conversion);
        if (!(isnan(f->days) || (f->days >= 0.0 && isfinite(f->days))))
            return slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                                 "stage '%.60s' has days %g; a plan needs days >= 0", f->name,
                                 f->days);
        for (size_t j = 0; j < i; j++)
            if (strcmp(e->funnel[j].name, f->name) == 0)
                return slp_error_set(err, SALESPLAN_EDATA, "funnel.stages", 0, 0,
                                     "stage '%.60s' appears twice", f->name);
    }
    int rc = salesplan_plan_clear_stages(p);
    for (size_t i = 0; rc == SALESPLAN_OK && i < n; i++) {
        const salesplan_estimate_funnel_stage *f = &e->funnel[i];
        int last = i + 1 == n;
        rc = salesplan_plan_add_stage(p, f->name, last ? (double)NAN : f->conversion,
                                      isnan(f->days) || last ? 0.0 : f->days, NULL);
        if (rc == SALESPLAN_OK && !last)
            rc = salesplan_plan_set_stage_observed(p, i, f->advanced, f->lost, NULL);
    }
    if (rc != SALESPLAN_OK)
        return slp_error_set(err, rc, "funnel.stages", 0, 0,
                             "could not replace the plan's stages: %s", salesplan_strerror(rc));
    return SALESPLAN_OK;
}
