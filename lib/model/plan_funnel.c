/* The plan model's funnel part: stages, pipeline and activities. */
#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "model/plan_model.h"

/* ---- lifetime ------------------------------------------------------------- */

void slp_stage_free(slp_stage *s)
{
    slp_free(s->name);
    s->name = NULL;
}

void slp_activity_free(slp_activity *a)
{
    slp_free(a->name);
    slp_free(a->stage);
    slp_free(a->role);
    slp_strlist_free(&a->skills);
    a->name = a->stage = a->role = NULL;
}

void slp_plan_free_funnel(salesplan_plan *p)
{
    for (size_t i = 0; i < p->stage_count; i++)
        slp_stage_free(&p->stages[i]);
    slp_free(p->stages);
    for (size_t i = 0; i < p->pipeline_count; i++)
        slp_free(p->pipeline[i].stage);
    slp_free(p->pipeline);
    for (size_t i = 0; i < p->activity_count; i++)
        slp_activity_free(&p->activities[i]);
    slp_free(p->activities);
    p->stages = NULL;
    p->pipeline = NULL;
    p->activities = NULL;
    p->stage_count = p->stage_cap = 0;
    p->pipeline_count = p->pipeline_cap = 0;
    p->activity_count = p->activity_cap = 0;
}

int slp_plan_copy_funnel(salesplan_plan *dst, const salesplan_plan *src)
{
    if (src->stage_count) {
        if ((dst->stages = slp_calloc(src->stage_count, sizeof *dst->stages)) == NULL)
            return SALESPLAN_ENOMEM;
        dst->stage_cap = src->stage_count;
        for (size_t i = 0; i < src->stage_count; i++) {
            dst->stages[i] = src->stages[i];
            dst->stages[i].name = NULL;
            dst->stage_count++;
            if (slp_str_dup_opt(&dst->stages[i].name, src->stages[i].name))
                return SALESPLAN_ENOMEM;
        }
    }
    if (src->pipeline_count) {
        if ((dst->pipeline = slp_calloc(src->pipeline_count, sizeof *dst->pipeline)) == NULL)
            return SALESPLAN_ENOMEM;
        dst->pipeline_cap = src->pipeline_count;
        for (size_t i = 0; i < src->pipeline_count; i++) {
            dst->pipeline[i].deals = src->pipeline[i].deals;
            dst->pipeline_count++;
            if (slp_str_dup_opt(&dst->pipeline[i].stage, src->pipeline[i].stage))
                return SALESPLAN_ENOMEM;
        }
    }
    if (src->activity_count) {
        if ((dst->activities = slp_calloc(src->activity_count, sizeof *dst->activities)) == NULL)
            return SALESPLAN_ENOMEM;
        dst->activity_cap = src->activity_count;
        for (size_t i = 0; i < src->activity_count; i++) {
            const slp_activity *s = &src->activities[i];
            slp_activity *d = &dst->activities[i];
            d->per_entry = s->per_entry;
            d->share = s->share;
            d->minutes = s->minutes;
            dst->activity_count++;
            if (slp_str_dup_opt(&d->name, s->name) || slp_str_dup_opt(&d->stage, s->stage) ||
                slp_str_dup_opt(&d->role, s->role) || slp_strlist_copy(&d->skills, &s->skills))
                return SALESPLAN_ENOMEM;
        }
    }
    return SALESPLAN_OK;
}

/* ---- stages ------------------------------------------------------------------ */

int salesplan_plan_add_stage(salesplan_plan *p, const char *name, double conversion, double days)
{
    if (p == NULL || !slp_name_ok(name) || slp_plan_stage_index(p, name) >= 0)
        return SALESPLAN_EINVAL;
    if (!isnan(conversion) && !slp_in_range(conversion, 0.0, 0, 1.0, 1))
        return SALESPLAN_EINVAL;
    if (!slp_in_range(days, 0.0, 1, SLP_INF, 0))
        return SALESPLAN_EINVAL;
    if (p->stage_count >= SLP_MAX_STAGES)
        return SALESPLAN_ELIMIT;
    if (slp_grow((void **)&p->stages, &p->stage_cap, p->stage_count + 1, sizeof *p->stages) != 0)
        return SALESPLAN_ENOMEM;
    slp_stage s = {slp_strdup(name), isnan(conversion) ? SLP_NAN : conversion, slp_no_negzero(days),
                   -1, -1};
    if (s.name == NULL ||
        slp_plan_name_add(p, SLP_NAMES_STAGES, s.name, p->stage_count) != SALESPLAN_OK) {
        slp_free(s.name);
        return SALESPLAN_ENOMEM;
    }
    p->stages[p->stage_count++] = s;
    return SALESPLAN_OK;
}

int salesplan_plan_clear_stages(salesplan_plan *p)
{
    if (p == NULL)
        return SALESPLAN_EINVAL;
    for (size_t i = 0; i < p->stage_count; i++)
        slp_stage_free(&p->stages[i]);
    p->stage_count = 0;
    slp_plan_names_clear(p, SLP_NAMES_STAGES);
    p->opportunity = -1;
    return SALESPLAN_OK;
}

size_t salesplan_plan_stage_count(const salesplan_plan *p)
{
    return p ? p->stage_count : 0;
}

long salesplan_plan_find_stage(const salesplan_plan *p, const char *name)
{
    return slp_plan_stage_index(p, name);
}

const char *salesplan_plan_stage_name(const salesplan_plan *p, size_t i)
{
    return p && i < p->stage_count ? p->stages[i].name : NULL;
}

double salesplan_plan_stage_conversion(const salesplan_plan *p, size_t i)
{
    return p && i < p->stage_count ? p->stages[i].conversion : SLP_NAN;
}

double salesplan_plan_stage_days(const salesplan_plan *p, size_t i)
{
    return p && i < p->stage_count ? p->stages[i].days : SLP_NAN;
}

int salesplan_plan_set_opportunity_stage(salesplan_plan *p, size_t i)
{
    if (p == NULL)
        return SALESPLAN_EINVAL;
    if (i >= p->stage_count)
        return SALESPLAN_ERANGE;
    p->opportunity = (long)i;
    return SALESPLAN_OK;
}

long salesplan_plan_opportunity_stage(const salesplan_plan *p)
{
    return p ? p->opportunity : -1;
}

int salesplan_plan_set_stage_observed(salesplan_plan *p, size_t i, long long advanced,
                                      long long lost)
{
    if (p == NULL)
        return SALESPLAN_EINVAL;
    if (i >= p->stage_count)
        return SALESPLAN_ERANGE;
    if (advanced < 0 || lost < 0) {
        p->stages[i].obs_advanced = -1;
        p->stages[i].obs_lost = -1;
    } else {
        p->stages[i].obs_advanced = advanced;
        p->stages[i].obs_lost = lost;
    }
    return SALESPLAN_OK;
}

int salesplan_plan_stage_observed(const salesplan_plan *p, size_t i, long long *advanced,
                                  long long *lost)
{
    if (p == NULL || i >= p->stage_count || p->stages[i].obs_advanced < 0)
        return SALESPLAN_ERANGE;
    if (advanced)
        *advanced = p->stages[i].obs_advanced;
    if (lost)
        *lost = p->stages[i].obs_lost;
    return SALESPLAN_OK;
}

/* ---- pipeline ---------------------------------------------------------------- */

int salesplan_plan_set_pipeline(salesplan_plan *p, const char *stage, long long count)
{
    if (p == NULL || !slp_name_ok(stage) || count < 0)
        return SALESPLAN_EINVAL;
    long at = slp_plan_name_index(p, SLP_NAMES_PIPELINE, stage);
    if (at >= 0) {
        p->pipeline[at].deals = count;
        return SALESPLAN_OK;
    }
    if (p->pipeline_count >= SLP_MAX_ITEMS)
        return SALESPLAN_ELIMIT;
    if (slp_grow((void **)&p->pipeline, &p->pipeline_cap, p->pipeline_count + 1,
                 sizeof *p->pipeline) != 0)
        return SALESPLAN_ENOMEM;
    slp_pipeline_entry e = {slp_strdup(stage), count};
    if (e.stage == NULL ||
        slp_plan_name_add(p, SLP_NAMES_PIPELINE, e.stage, p->pipeline_count) != SALESPLAN_OK) {
        slp_free(e.stage);
        return SALESPLAN_ENOMEM;
    }
    p->pipeline[p->pipeline_count++] = e;
    return SALESPLAN_OK;
}

size_t salesplan_plan_pipeline_count(const salesplan_plan *p)
{
    return p ? p->pipeline_count : 0;
}

const char *salesplan_plan_pipeline_stage(const salesplan_plan *p, size_t i)
{
    return p && i < p->pipeline_count ? p->pipeline[i].stage : NULL;
}

long long salesplan_plan_pipeline_deals(const salesplan_plan *p, size_t i)
{
    return p && i < p->pipeline_count ? p->pipeline[i].deals : -1;
}

/* ---- activities ------------------------------------------------------------------ */

int salesplan_plan_add_activity(salesplan_plan *p, const char *name, const char *stage,
                                double per_entry)
{
    if (p == NULL || !slp_name_ok(name) || !slp_name_ok(stage) ||
        !slp_in_range(per_entry, 0.0, 0, SLP_INF, 0))
        return SALESPLAN_EINVAL;
    if (slp_plan_name_index(p, SLP_NAMES_ACTIVITIES, name) >= 0)
        return SALESPLAN_EINVAL;
    if (p->activity_count >= SLP_MAX_ITEMS)
        return SALESPLAN_ELIMIT;
    if (slp_grow((void **)&p->activities, &p->activity_cap, p->activity_count + 1,
                 sizeof *p->activities) != 0)
        return SALESPLAN_ENOMEM;
    slp_activity a;
    memset(&a, 0, sizeof a);
    a.name = slp_strdup(name);
    a.stage = slp_strdup(stage);
    a.per_entry = per_entry;
    a.share = 1.0;
    a.minutes = SLP_NAN;
    if (a.name == NULL || a.stage == NULL ||
        slp_plan_name_add(p, SLP_NAMES_ACTIVITIES, a.name, p->activity_count) != SALESPLAN_OK) {
        slp_activity_free(&a);
        return SALESPLAN_ENOMEM;
    }
    p->activities[p->activity_count++] = a;
    return SALESPLAN_OK;
}

size_t salesplan_plan_activity_count(const salesplan_plan *p)
{
    return p ? p->activity_count : 0;
}

/* SALESPLAN_OK when p is usable and i in range, else the code to return. */
static int activity_at(const salesplan_plan *p, size_t i)
{
    if (p == NULL)
        return SALESPLAN_EINVAL;
    return i < p->activity_count ? SALESPLAN_OK : SALESPLAN_ERANGE;
}

int salesplan_plan_set_activity_share(salesplan_plan *p, size_t i, double share)
{
    int rc = activity_at(p, i);
    if (rc != SALESPLAN_OK)
        return rc;
    if (!slp_in_range(share, 0.0, 0, 1.0, 1))
        return SALESPLAN_EINVAL;
    p->activities[i].share = share;
    return SALESPLAN_OK;
}

int salesplan_plan_set_activity_role(salesplan_plan *p, size_t i, const char *role)
{
    int rc = activity_at(p, i);
    if (rc != SALESPLAN_OK)
        return rc;
    if (role != NULL && !slp_name_ok(role))
        return SALESPLAN_EINVAL;
    char *c = NULL;
    if (role != NULL && (c = slp_strdup(role)) == NULL)
        return SALESPLAN_ENOMEM;
    slp_free(p->activities[i].role);
    p->activities[i].role = c;
    return SALESPLAN_OK;
}

int salesplan_plan_set_activity_minutes(salesplan_plan *p, size_t i, double minutes)
{
    int rc = activity_at(p, i);
    if (rc != SALESPLAN_OK)
        return rc;
    if (!isnan(minutes) && !slp_in_range(minutes, 0.0, 0, SLP_INF, 0))
        return SALESPLAN_EINVAL;
    p->activities[i].minutes = isnan(minutes) ? SLP_NAN : minutes;
    return SALESPLAN_OK;
}

int salesplan_plan_add_activity_skill(salesplan_plan *p, size_t i, const char *skill)
{
    int rc = activity_at(p, i);
    if (rc != SALESPLAN_OK)
        return rc;
    if (!slp_text_ok(skill, 1))
        return SALESPLAN_EINVAL;
    return slp_strlist_push(&p->activities[i].skills, skill);
}

const char *salesplan_plan_activity_name(const salesplan_plan *p, size_t i)
{
    return p && i < p->activity_count ? p->activities[i].name : NULL;
}

const char *salesplan_plan_activity_stage(const salesplan_plan *p, size_t i)
{
    return p && i < p->activity_count ? p->activities[i].stage : NULL;
}

double salesplan_plan_activity_per_entry(const salesplan_plan *p, size_t i)
{
    return p && i < p->activity_count ? p->activities[i].per_entry : SLP_NAN;
}

double salesplan_plan_activity_share(const salesplan_plan *p, size_t i)
{
    return p && i < p->activity_count ? p->activities[i].share : SLP_NAN;
}

const char *salesplan_plan_activity_role(const salesplan_plan *p, size_t i)
{
    return p && i < p->activity_count ? p->activities[i].role : NULL;
}

double salesplan_plan_activity_minutes(const salesplan_plan *p, size_t i)
{
    return p && i < p->activity_count ? p->activities[i].minutes : SLP_NAN;
}

size_t salesplan_plan_activity_skill_count(const salesplan_plan *p, size_t i)
{
    return p && i < p->activity_count ? p->activities[i].skills.count : 0;
}

const char *salesplan_plan_activity_skill(const salesplan_plan *p, size_t i, size_t j)
{
    if (p == NULL || i >= p->activity_count || j >= p->activities[i].skills.count)
        return NULL;
    return p->activities[i].skills.items[j];
}
