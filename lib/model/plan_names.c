/* Name lookups of the plan model through its name sets: whether a stage,
 * role, rep, activity, competitor, pipeline stage, holiday or extension key
 * is taken, and where. Setters record each name as they add its element. */
#include <stddef.h>

#include "model/plan_model.h"

long slp_plan_name_index(const salesplan_plan *p, slp_names_kind kind, const char *name)
{
    if (p == NULL || name == NULL || (unsigned)kind >= SLP_NAMES_KINDS)
        return -1;
    return slp_name_set_find(&p->names[kind], name);
}

long slp_plan_stage_index(const salesplan_plan *p, const char *name)
{
    return slp_plan_name_index(p, SLP_NAMES_STAGES, name);
}

long slp_plan_role_index(const salesplan_plan *p, const char *name)
{
    return slp_plan_name_index(p, SLP_NAMES_ROLES, name);
}

int slp_plan_name_add(salesplan_plan *p, slp_names_kind kind, const char *name, size_t index)
{
    return slp_name_set_add(&p->names[kind], name, index);
}

void slp_plan_names_clear(salesplan_plan *p, slp_names_kind kind)
{
    slp_name_set_clear(&p->names[kind]);
}

/* Name of element i of list `kind`. */
static const char *name_at(const salesplan_plan *p, slp_names_kind kind, size_t i)
{
    switch (kind) {
    case SLP_NAMES_HOLIDAYS: return p->holidays.items[i];
    case SLP_NAMES_COMPETITORS: return p->competitors[i].name;
    case SLP_NAMES_STAGES: return p->stages[i].name;
    case SLP_NAMES_PIPELINE: return p->pipeline[i].stage;
    case SLP_NAMES_ACTIVITIES: return p->activities[i].name;
    case SLP_NAMES_ROLES: return p->roles[i].name;
    case SLP_NAMES_REPS: return p->reps[i].name;
    case SLP_NAMES_EXTENSIONS: return p->extensions[i].key;
    case SLP_NAMES_KINDS: break;
    }
    return NULL;
}

static size_t count_of(const salesplan_plan *p, slp_names_kind kind)
{
    switch (kind) {
    case SLP_NAMES_HOLIDAYS: return p->holidays.count;
    case SLP_NAMES_COMPETITORS: return p->competitor_count;
    case SLP_NAMES_STAGES: return p->stage_count;
    case SLP_NAMES_PIPELINE: return p->pipeline_count;
    case SLP_NAMES_ACTIVITIES: return p->activity_count;
    case SLP_NAMES_ROLES: return p->role_count;
    case SLP_NAMES_REPS: return p->rep_count;
    case SLP_NAMES_EXTENSIONS: return p->extension_count;
    case SLP_NAMES_KINDS: break;
    }
    return 0;
}

int slp_plan_names_rebuild(salesplan_plan *p)
{
    for (int k = 0; k < SLP_NAMES_KINDS; k++) {
        slp_names_kind kind = (slp_names_kind)k;
        slp_name_set_clear(&p->names[kind]);
        size_t n = count_of(p, kind);
        for (size_t i = 0; i < n; i++) {
            const char *name = name_at(p, kind, i);
            /* The first of equal names keeps the index, as a search would. */
            if (slp_name_set_find(&p->names[kind], name) < 0 &&
                slp_name_set_add(&p->names[kind], name, i) != SALESPLAN_OK)
                return SALESPLAN_ENOMEM;
        }
    }
    return SALESPLAN_OK;
}

void slp_plan_names_free(salesplan_plan *p)
{
    for (int k = 0; k < SLP_NAMES_KINDS; k++)
        slp_name_set_free(&p->names[k]);
}
