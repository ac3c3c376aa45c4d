/* The plan's lists of named items (competitors, stages, pipeline entries,
 * activities, roles, reps, extensions): where each one lives in the plan,
 * and what every one of them does the same way: take a new item with its
 * name, be freed, be forgotten. */
#include <stddef.h>
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

/* The strings each kind of item owns, by offset; an activity's skills and a
 * role's ramp are owned too (see free_item and copy_item). */
#define S(T, f) offsetof(T, f)
static const struct owned {
    unsigned n;
    size_t off[3];
} owned[SLP_NAMES_KINDS] = {
    [SLP_NAMES_COMPETITORS] = {2, {S(slp_competitor, name), S(slp_competitor, notes)}},
    [SLP_NAMES_STAGES] = {1, {S(slp_stage, name)}},
    [SLP_NAMES_PIPELINE] = {1, {S(slp_pipeline_entry, stage)}},
    [SLP_NAMES_ACTIVITIES] = {3,
                              {S(slp_activity, name), S(slp_activity, stage), S(slp_activity, role)}},
    [SLP_NAMES_ROLES] = {1, {S(slp_role, name)}},
    [SLP_NAMES_REPS] = {3, {S(slp_rep, name), S(slp_rep, role), S(slp_rep, start)}},
    [SLP_NAMES_EXTENSIONS] = {2, {S(slp_extension, key), S(slp_extension, json)}},
};
#undef S

/* Owned string k of item `it` of list `kind`. */
static char **str_at(slp_names_kind kind, void *it, unsigned k)
{
    return (char **)(void *)((char *)it + owned[kind].off[k]);
}

static const char *str_of(slp_names_kind kind, const void *it, unsigned k)
{
    return *(const char *const *)(const void *)((const char *)it + owned[kind].off[k]);
}

void slp_plan_item_free(slp_names_kind kind, void *it)
{
    for (unsigned k = 0; k < owned[kind].n; k++) {
        slp_free(*str_at(kind, it, k));
        *str_at(kind, it, k) = NULL;
    }
    if (kind == SLP_NAMES_ACTIVITIES) {
        slp_strlist_free(&((slp_activity *)it)->skills);
    } else if (kind == SLP_NAMES_ROLES) {
        slp_role *r = it;
        slp_free(r->ramp);
        r->ramp = NULL;
        r->ramp_count = 0;
    }
}

/* Item `src` into `dst` (uninitialised) with copies of all it owns: 0, or
 * -1 when out of memory (dst then owns what was copied, and is freeable). */
static int copy_item(slp_names_kind kind, void *dst, const void *src, size_t size)
{
    memcpy(dst, src, size);
    for (unsigned k = 0; k < owned[kind].n; k++)
        *str_at(kind, dst, k) = NULL;
    if (kind == SLP_NAMES_ACTIVITIES)
        memset(&((slp_activity *)dst)->skills, 0, sizeof(slp_strlist));
    if (kind == SLP_NAMES_ROLES) {
        ((slp_role *)dst)->ramp = NULL;
        ((slp_role *)dst)->ramp_count = 0;
    }
    for (unsigned k = 0; k < owned[kind].n; k++)
        if (slp_str_dup_opt(str_at(kind, dst, k), str_of(kind, src, k)))
            return -1;
    if (kind == SLP_NAMES_ACTIVITIES)
        return slp_strlist_copy(&((slp_activity *)dst)->skills,
                                &((const slp_activity *)src)->skills);
    if (kind == SLP_NAMES_ROLES) {
        const slp_role *s = src;
        slp_role *d = dst;
        if (s->ramp_count == 0)
            return 0;
        if ((d->ramp = slp_reallocarray(NULL, s->ramp_count, sizeof *d->ramp)) == NULL)
            return -1;
        memcpy(d->ramp, s->ramp, s->ramp_count * sizeof *d->ramp);
        d->ramp_count = s->ramp_count;
    }
    return 0;
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
            slp_plan_item_free((slp_names_kind)k, (char *)*l.items + i * l.size);
        slp_free(*l.items);
    }
    slp_plan_forget_lists(p);
}

int slp_plan_copy_lists(salesplan_plan *dst, const salesplan_plan *src)
{
    salesplan_plan view = *src; /* its lists are only read */
    for (int k = FIRST_LIST; k < END_LIST; k++) {
        list_ref d = list_of(dst, (slp_names_kind)k);
        list_ref s = list_of(&view, (slp_names_kind)k);
        if (slp_alloc_items(d.items, d.cap, *s.count, s.size) != 0)
            return SALESPLAN_ENOMEM;
        for (size_t i = 0; i < *s.count; i++) {
            (*d.count)++;
            if (copy_item((slp_names_kind)k, (char *)*d.items + i * d.size,
                          (const char *)*s.items + i * s.size, s.size) != 0)
                return SALESPLAN_ENOMEM;
        }
    }
    return SALESPLAN_OK;
}
