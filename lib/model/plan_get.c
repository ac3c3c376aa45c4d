/* Value accessors for callers inside the library (the writer, the engine,
 * the renderers) that walk a plan's lists by index: the value of an indexed
 * getter, or its absent value when the index is out of range. */
#include "model/plan_model.h"

double slp_num_at(slp_num_getter get, const salesplan_plan *p, size_t i)
{
    double v = SLP_NAN;
    (void)get(&v, p, i);
    return v;
}

const char *slp_text_at(slp_text_getter get, const salesplan_plan *p, size_t i)
{
    const char *v = NULL;
    (void)get(&v, p, i);
    return v;
}

long slp_long_at(slp_long_getter get, const salesplan_plan *p, size_t i)
{
    long v = -1;
    (void)get(&v, p, i);
    return v;
}

long long slp_llong_at(slp_llong_getter get, const salesplan_plan *p, size_t i)
{
    long long v = -1;
    (void)get(&v, p, i);
    return v;
}

size_t slp_size_at(slp_size_getter get, const salesplan_plan *p, size_t i)
{
    size_t v = 0;
    (void)get(&v, p, i);
    return v;
}

const char *slp_list_item_at(const salesplan_plan *p, salesplan_list list, size_t i)
{
    const char *v = NULL;
    (void)salesplan_plan_list_item(&v, p, list, i);
    return v;
}

const char *slp_skill_at(const salesplan_plan *p, size_t i, size_t j)
{
    const char *v = NULL;
    (void)salesplan_plan_activity_skill(&v, p, i, j);
    return v;
}

double slp_ramp_at(const salesplan_plan *p, size_t i, size_t m)
{
    double v = SLP_NAN;
    (void)salesplan_plan_role_ramp(&v, p, i, m);
    return v;
}

salesplan_competitor_kind slp_competitor_kind_at(const salesplan_plan *p, size_t i)
{
    salesplan_competitor_kind v = SALESPLAN_COMPETITOR_DIRECT;
    (void)salesplan_plan_competitor_kind(&v, p, i);
    return v;
}

/* The number of items of each list of the plan (0 for a NULL plan). */
#define PLAN_COUNT(fn, kind)                                                                     \
    size_t fn(const salesplan_plan *p) { return slp_plan_count(p, kind); }

PLAN_COUNT(salesplan_plan_competitor_count, SLP_NAMES_COMPETITORS)
PLAN_COUNT(salesplan_plan_stage_count, SLP_NAMES_STAGES)
PLAN_COUNT(salesplan_plan_pipeline_count, SLP_NAMES_PIPELINE)
PLAN_COUNT(salesplan_plan_activity_count, SLP_NAMES_ACTIVITIES)
PLAN_COUNT(salesplan_plan_role_count, SLP_NAMES_ROLES)
PLAN_COUNT(salesplan_plan_rep_count, SLP_NAMES_REPS)
PLAN_COUNT(salesplan_plan_extension_count, SLP_NAMES_EXTENSIONS)
