/* The plan's lists of named items (competitors, stages, pipeline entries,
 * activities, roles, reps, extensions): where each one lives in the plan,
 * and what every one of them does the same way: take a new item with its
 * name, be freed, be forgotten. */
#include <string.h>

#include "common/alloc.h"
#include "model/plan_model.h"

/* List `kind` of a plan: its array, count, capacity and item size. */
typedef struct list_ref {
    void **items;
    size_t *count, *cap;
    size_t size;
} list_ref;

#define LIST(arr, n) (list_ref){(void **)&p->arr, &p->n##_count, &p->n##_cap, sizeof *p->arr}

static list_ref list_of(salesplan_plan *p, slp_names_kind kind)
{
    switch (kind) {
    case SLP_NAMES_COMPETITORS: return LIST(competitors, competitor);
    case SLP_NAMES_STAGES: return LIST(stages, stage);
    case SLP_NAMES_PIPELINE: return LIST(pipeline, pipeline);
    case SLP_NAMES_ACTIVITIES: return LIST(activities, activity);
    case SLP_NAMES_ROLES: return LIST(roles, role);
    case SLP_NAMES_REPS: return LIST(reps, rep);
    case SLP_NAMES_EXTENSIONS: return LIST(extensions, extension);
    case SLP_NAMES_HOLIDAYS: /* a string list of its own */
    case SLP_NAMES_KINDS: break;
    }
    return (list_ref){NULL, NULL, NULL, 0};
}

/* The first and the end of the kinds that list_of knows. */
#define FIRST_LIST SLP_NAMES_COMPETITORS
#define END_LIST SLP_NAMES_KINDS

int slp_plan_append(salesplan_plan *p, slp_names_kind kind, const void *item, const char *name)
{
    list_ref l = list_of(p, kind);
    if (l.count == NULL) /* not a list of named items */
        return SALESPLAN_EINTERNAL;
    size_t n = *l.count;
    if (slp_grow(l.items, l.cap, n + 1, l.size) != 0 ||
        slp_plan_name_add(p, kind, name, n) != SALESPLAN_OK)
        return SALESPLAN_ENOMEM;
    memcpy((char *)*l.items + n * l.size, item, l.size);
    *l.count = n + 1;
    return SALESPLAN_OK;
}

/* Free what item `it` of list `kind` owns. */
static void free_item(slp_names_kind kind, void *it)
{
    switch (kind) {
    case SLP_NAMES_COMPETITORS: {
        slp_competitor *c = it;
        slp_free(c->name);
        slp_free(c->notes);
        break;
    }
    case SLP_NAMES_STAGES: slp_stage_free(it); break;
    case SLP_NAMES_PIPELINE: slp_free(((slp_pipeline_entry *)it)->stage); break;
    case SLP_NAMES_ACTIVITIES: slp_activity_free(it); break;
    case SLP_NAMES_ROLES: slp_role_free(it); break;
    case SLP_NAMES_REPS: slp_rep_free(it); break;
    case SLP_NAMES_EXTENSIONS: {
        slp_extension *x = it;
        slp_free(x->key);
        slp_free(x->json);
        break;
    }
    case SLP_NAMES_HOLIDAYS:
    case SLP_NAMES_KINDS: break;
    }
}

void slp_plan_forget_lists(salesplan_plan *p)
{
    for (int k = FIRST_LIST; k < END_LIST; k++) {
        list_ref l = list_of(p, (slp_names_kind)k);
        *l.items = NULL;
        *l.count = *l.cap = 0;
    }
}

void slp_plan_free_lists(salesplan_plan *p)
{
    for (int k = FIRST_LIST; k < END_LIST; k++) {
        list_ref l = list_of(p, (slp_names_kind)k);
        for (size_t i = 0; i < *l.count; i++)
            free_item((slp_names_kind)k, (char *)*l.items + i * l.size);
        slp_free(*l.items);
    }
    slp_plan_forget_lists(p);
}
