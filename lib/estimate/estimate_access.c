/* Read-only accessors of an estimate, its release, and applying it to a plan. */
#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "common/list_access.h"
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

SLP_LIST_ACCESSORS(salesplan_estimate_warning_count, salesplan_estimate_warning, salesplan_estimate,
                   char, warning_count, h->warnings[i])

const salesplan_estimate_info *salesplan_estimate_info_get(const salesplan_estimate *e)
{
    return e ? &e->info : NULL;
}

SLP_LIST_ACCESSORS(salesplan_estimate_group_count, salesplan_estimate_group_get, salesplan_estimate,
                   salesplan_estimate_group, group_count, &h->groups[i])
SLP_LIST_ACCESSORS(salesplan_estimate_group_column_count, salesplan_estimate_group_column,
                   salesplan_estimate, char, group_column_count, h->group_columns[i])

const salesplan_estimate_figures *salesplan_estimate_overall(const salesplan_estimate *e)
{
    return e ? &e->overall : NULL;
}

SLP_LIST_ACCESSORS(salesplan_estimate_stage_count, salesplan_estimate_stage_get, salesplan_estimate,
                   salesplan_estimate_stage, stage_count, &h->stages[i])
SLP_LIST_ACCESSORS(salesplan_estimate_funnel_count, salesplan_estimate_funnel_get,
                   salesplan_estimate, salesplan_estimate_funnel_stage, funnel_count,
                   &h->funnel[i])
SLP_LIST_ACCESSORS(salesplan_estimate_problem_count, salesplan_estimate_problem_get,
                   salesplan_estimate, salesplan_estimate_problem, problem_count, &h->problems[i])
