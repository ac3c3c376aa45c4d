/* The plan model's funnel part: stages, pipeline and activities. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "common/alloc.h"
#include "model/plan_model.h"

/* ---- stages ------------------------------------------------------------------ */

salesplan_status salesplan_plan_add_stage(salesplan_plan *p, const char *name, double conversion,
                                          double days, salesplan_error *err)
{
    size_t n = 0;
    int rc = slp_plan_check_new_item(err, p, SLP_NAMES_STAGES, name, &n);
    if (rc == SALESPLAN_OK && !isnan(conversion))
        rc = slp_check_num(err, SLP_RULE_CONVERSION, SLP_AT1("funnel.stages[#].conversion", n),
                           conversion);
    if (rc == SALESPLAN_OK)
        rc = slp_check_num(err, SLP_RULE_STAGE_DAYS, SLP_AT1("funnel.stages[#].days", n), days);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    slp_stage s = {slp_strdup(name), isnan(conversion) ? SLP_NAN : conversion, slp_no_negzero(days),
                   -1, -1};
    rc = s.name ? slp_plan_append(p, SLP_NAMES_STAGES, &s, s.name, err) : SALESPLAN_ENOMEM;
    if (rc != SALESPLAN_OK)
        slp_plan_item_free(SLP_NAMES_STAGES, &s);
    return (salesplan_status)rc;
}

salesplan_status salesplan_plan_clear_stages(salesplan_plan *p)
{
    if (p == NULL)
        return SALESPLAN_EINVAL;
    for (size_t i = 0; i < p->stage_count; i++)
        slp_plan_item_free(SLP_NAMES_STAGES, &p->stages[i]);
    p->stage_count = 0;
    slp_plan_names_clear(p, SLP_NAMES_STAGES);
    p->opportunity = -1;
    return SALESPLAN_OK;
}

long salesplan_plan_find_stage(const salesplan_plan *p, const char *name)
{
    return slp_plan_stage_index(p, name);
}

salesplan_status salesplan_plan_stage_name(const char **out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, stage_count, NULL, p->stages[i].name);
}

salesplan_status salesplan_plan_stage_conversion(double *out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, stage_count, SLP_NAN, p->stages[i].conversion);
}

salesplan_status salesplan_plan_stage_days(double *out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, stage_count, SLP_NAN, p->stages[i].days);
}

#define STAGE_AT SLP_AT("funnel.stages[#]")

salesplan_status salesplan_plan_set_opportunity_stage(salesplan_plan *p, size_t i,
                                                      salesplan_error *err)
{
    int rc = slp_check_index(err, p, STAGE_AT, i, p ? p->stage_count : 0);
    if (rc == SALESPLAN_OK)
        p->opportunity = (long)i;
    return (salesplan_status)rc;
}

long salesplan_plan_opportunity_stage(const salesplan_plan *p)
{
    return p ? p->opportunity : -1;
}

salesplan_status salesplan_plan_set_stage_observed(salesplan_plan *p, size_t i,
                                                   long long advanced, long long lost,
                                                   salesplan_error *err)
{
    int rc = slp_check_index(err, p, STAGE_AT, i, p ? p->stage_count : 0);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    int clear = advanced < 0 || lost < 0;
    p->stages[i].obs_advanced = clear ? -1 : advanced;
    p->stages[i].obs_lost = clear ? -1 : lost;
    return SALESPLAN_OK;
}

salesplan_status salesplan_plan_stage_observed(long long *advanced, long long *lost,
                                               const salesplan_plan *p, size_t i)
{
    if (advanced != NULL)
        *advanced = -1;
    if (lost != NULL)
        *lost = -1;
    if (p == NULL)
        return SALESPLAN_EINVAL;
    if (i >= p->stage_count)
        return SALESPLAN_ERANGE;
    if (advanced != NULL)
        *advanced = p->stages[i].obs_advanced;
    if (lost != NULL)
        *lost = p->stages[i].obs_lost;
    return SALESPLAN_OK;
}

/* ---- pipeline ---------------------------------------------------------------- */

salesplan_status salesplan_plan_set_pipeline(salesplan_plan *p, const char *stage,
                                             long long count, salesplan_error *err)
{
    int rc = slp_check_plan(err, p);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    const slp_at *at = slp_name_ok(stage) ? SLP_ATS("pipeline.@", stage) : SLP_AT("pipeline");
    rc = slp_check_name(err, at, stage);
    if (rc == SALESPLAN_OK && count < 0)
        rc = slp_refuse_int(err, SLP_RULE_PIPELINE, at, count);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    long found = slp_plan_name_index(p, SLP_NAMES_PIPELINE, stage);
    if (found >= 0) {
        p->pipeline[found].deals = count;
        return SALESPLAN_OK;
    }
    rc = slp_check_room(err, at, p->pipeline_count, SLP_MAX_ITEMS);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    slp_pipeline_entry e = {slp_strdup(stage), count};
    rc = e.stage ? slp_plan_append(p, SLP_NAMES_PIPELINE, &e, e.stage, err) : SALESPLAN_ENOMEM;
    if (rc != SALESPLAN_OK)
        slp_free(e.stage);
    return (salesplan_status)rc;
}

salesplan_status salesplan_plan_pipeline_stage(const char **out, const salesplan_plan *p,
                                               size_t i)
{
    SLP_GET_ITEM(out, p, i, pipeline_count, NULL, p->pipeline[i].stage);
}

salesplan_status salesplan_plan_pipeline_deals(long long *out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, pipeline_count, -1LL, p->pipeline[i].deals);
}

/* ---- activities ------------------------------------------------------------------ */

salesplan_status salesplan_plan_add_activity(salesplan_plan *p, const char *name,
                                             const char *stage, double per_entry,
                                             salesplan_error *err)
{
    size_t n = 0;
    int rc = slp_plan_check_new_item(err, p, SLP_NAMES_ACTIVITIES, name, &n);
    if (rc == SALESPLAN_OK)
        rc = slp_check_name(err, SLP_AT1("activities[#].stage", n), stage);
    if (rc == SALESPLAN_OK)
        rc = slp_check_num(err, SLP_RULE_PER_ENTRY, SLP_AT1("activities[#].per_entry", n),
                           per_entry);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    slp_activity a;
    memset(&a, 0, sizeof a);
    a.name = slp_strdup(name);
    a.stage = slp_strdup(stage);
    a.per_entry = per_entry;
    a.share = 1.0;
    a.minutes = SLP_NAN;
    rc = a.name && a.stage ? slp_plan_append(p, SLP_NAMES_ACTIVITIES, &a, a.name, err)
                           : SALESPLAN_ENOMEM;
    if (rc != SALESPLAN_OK)
        slp_plan_item_free(SLP_NAMES_ACTIVITIES, &a);
    return (salesplan_status)rc;
}

/* SALESPLAN_OK when p is usable and activity i exists, else refused. */
static int activity_at(salesplan_error *err, const salesplan_plan *p, size_t i)
{
    return slp_plan_item_at(err, p, SLP_NAMES_ACTIVITIES, i);
}

salesplan_status salesplan_plan_set_activity_share(salesplan_plan *p, size_t i, double share,
                                                   salesplan_error *err)
{
    return slp_plan_set_item_num(p, SLP_NAMES_ACTIVITIES, i, offsetof(slp_activity, share), share,
                                 SLP_RULE_SHARE, "activities[#].share", 0, err);
}

salesplan_status salesplan_plan_set_activity_role(salesplan_plan *p, size_t i, const char *role,
                                                  salesplan_error *err)
{
    int rc = activity_at(err, p, i);
    if (rc == SALESPLAN_OK && role != NULL)
        rc = slp_check_name(err, SLP_AT1("activities[#].role", i), role);
    if (rc == SALESPLAN_OK)
        rc = slp_str_replace(&p->activities[i].role, role);
    return (salesplan_status)rc;
}

salesplan_status salesplan_plan_set_activity_minutes(salesplan_plan *p, size_t i, double minutes,
                                                     salesplan_error *err)
{
    return slp_plan_set_item_num(p, SLP_NAMES_ACTIVITIES, i, offsetof(slp_activity, minutes),
                                 minutes, SLP_RULE_MINUTES, "activities[#].minutes", 1, err);
}

salesplan_status salesplan_plan_add_activity_skill(salesplan_plan *p, size_t i, const char *skill,
                                                   salesplan_error *err)
{
    int rc = activity_at(err, p, i);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    slp_strlist *skills = &p->activities[i].skills;
    const slp_at *at = SLP_AT2("activities[#].skills[#]", i, skills->count);
    rc = slp_check_text(err, SLP_RULE_ITEM_TEXT, at, skill);
    if (rc == SALESPLAN_OK)
        rc = slp_check_room(err, at, skills->count, SLP_MAX_ITEMS);
    if (rc == SALESPLAN_OK)
        rc = slp_strlist_push(skills, skill);
    return (salesplan_status)rc;
}

salesplan_status salesplan_plan_activity_name(const char **out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, activity_count, NULL, p->activities[i].name);
}

salesplan_status salesplan_plan_activity_stage(const char **out, const salesplan_plan *p,
                                               size_t i)
{
    SLP_GET_ITEM(out, p, i, activity_count, NULL, p->activities[i].stage);
}

salesplan_status salesplan_plan_activity_per_entry(double *out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, activity_count, SLP_NAN, p->activities[i].per_entry);
}

salesplan_status salesplan_plan_activity_share(double *out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, activity_count, SLP_NAN, p->activities[i].share);
}

salesplan_status salesplan_plan_activity_role(const char **out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, activity_count, NULL, p->activities[i].role);
}

salesplan_status salesplan_plan_activity_minutes(double *out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, activity_count, SLP_NAN, p->activities[i].minutes);
}

salesplan_status salesplan_plan_activity_skill_count(size_t *out, const salesplan_plan *p,
                                                     size_t i)
{
    SLP_GET_ITEM(out, p, i, activity_count, 0, p->activities[i].skills.count);
}

salesplan_status salesplan_plan_activity_skill(const char **out, const salesplan_plan *p,
                                               size_t i, size_t j)
{
    if (out == NULL)
        return SALESPLAN_EINVAL;
    *out = NULL;
    if (p == NULL)
        return SALESPLAN_EINVAL;
    if (i >= p->activity_count)
        return SALESPLAN_ERANGE;
    SLP_GET_ITEM(out, p, j, activities[i].skills.count, NULL, p->activities[i].skills.items[j]);
}
