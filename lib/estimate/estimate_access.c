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
    slp_free_strings(e->group_columns, e->group_column_count);
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
    slp_free_strings(e->warnings, e->warning_count);
    slp_est_reps_free(e);
    slp_free(e);
}

size_t salesplan_estimate_warning_count(const salesplan_estimate *e)
{
    return e ? e->warning_count : 0;
}

const char *salesplan_estimate_warning(const salesplan_estimate *e, size_t i)
{
    return e && i < e->warning_count ? e->warnings[i] : NULL;
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
