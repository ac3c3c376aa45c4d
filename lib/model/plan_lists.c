/* The plan's lists of named items (competitors, stages, pipeline entries,
 * activities, roles, reps, extensions): where each one lives in the plan,
 * and what every one of them does the same way: take a new item with its
 * name, be freed, be forgotten. */
#include <stddef.h>
#include <string.h>

#include "common/alloc.h"
#include "model/plan_model.h"

/* Where list `kind` lives in the plan: the offsets of its array, count and
 * capacity, and the size of an item. */
typedef struct list_at {
    size_t items, count, cap, size;
} list_at;

#define LIST(arr, n)                                                                             \
    {offsetof(salesplan_plan, arr), offsetof(salesplan_plan, n##_count),                        \
     offsetof(salesplan_plan, n##_cap), sizeof(((salesplan_plan *)0)->arr[0])}

static const list_at lists[SLP_NAMES_KINDS] = {
    [SLP_NAMES_COMPETITORS] = LIST(competitors, competitor),
    [SLP_NAMES_STAGES] = LIST(stages, stage),
    [SLP_NAMES_PIPELINE] = LIST(pipeline, pipeline),
    [SLP_NAMES_ACTIVITIES] = LIST(activities, activity),
    [SLP_NAMES_ROLES] = LIST(roles, role),
    [SLP_NAMES_REPS] = LIST(reps, rep),
    [SLP_NAMES_EXTENSIONS] = LIST(extensions, extension),
};
#undef LIST

/* The kinds that `lists` describes (holidays are a string list of their own). */
#define FIRST_LIST SLP_NAMES_COMPETITORS
#define END_LIST SLP_NAMES_KINDS

/* The paths of an item and of its name (with '#' for its index), the rule
 * a repeated name breaks and the most items, of the lists added by name. */
static const struct list_rules {
    const char *item, *name;
    slp_rule unique;
    size_t max;
} rules[SLP_NAMES_KINDS] = {
    [SLP_NAMES_COMPETITORS] = {"narrative.competitors[#]", "narrative.competitors[#].name",
                               SLP_RULE_UNIQUE_COMPETITOR, SLP_MAX_ITEMS},
    [SLP_NAMES_STAGES] = {"funnel.stages[#]", "funnel.stages[#].name", SLP_RULE_UNIQUE_STAGE,
                          SLP_MAX_STAGES},
    [SLP_NAMES_ACTIVITIES] = {"activities[#]", "activities[#].name", SLP_RULE_UNIQUE_ACTIVITY,
                              SLP_MAX_ITEMS},
    [SLP_NAMES_ROLES] = {"team.roles[#]", "team.roles[#].name", SLP_RULE_UNIQUE_ROLE, SLP_MAX_ITEMS},
    [SLP_NAMES_REPS] = {"team.reps[#]", "team.reps[#].name", SLP_RULE_UNIQUE_REP, SLP_MAX_ITEMS},
};

static void **items_at(salesplan_plan *p, slp_names_kind kind)
{
    return (void **)(void *)((char *)p + lists[kind].items);
}

static size_t *count_at(salesplan_plan *p, slp_names_kind kind)
{
    return (size_t *)(void *)((char *)p + lists[kind].count);
}

static size_t *cap_at(salesplan_plan *p, slp_names_kind kind)
{
    return (size_t *)(void *)((char *)p + lists[kind].cap);
}

/* Item i of list `kind` of a plan only read. */
static const void *item_of(const salesplan_plan *p, slp_names_kind kind, size_t i)
{
    const void *items = *(void *const *)(const void *)((const char *)p + lists[kind].items);
    return (const char *)items + i * lists[kind].size;
}

size_t slp_plan_count(const salesplan_plan *p, slp_names_kind kind)
{
    if (p == NULL)
        return 0;
    return *(const size_t *)(const void *)((const char *)p + lists[kind].count);
}

int slp_plan_check_new_item(salesplan_error *err, const salesplan_plan *p, slp_names_kind kind,
                            const char *name, size_t *n)
{
    int rc = slp_check_plan(err, p);
    if (rc != SALESPLAN_OK)
        return rc;
    *n = slp_plan_count(p, kind);
    return slp_check_new_name(err, p, kind, rules[kind].unique, SLP_AT1(rules[kind].name, *n),
                              name);
}

int slp_plan_item_at(salesplan_error *err, const salesplan_plan *p, slp_names_kind kind, size_t i)
{
    return slp_check_index(err, p, SLP_AT(rules[kind].item), i, slp_plan_count(p, kind));
}

salesplan_status slp_plan_set_item_num(salesplan_plan *p, slp_names_kind kind, size_t i,
                                       size_t off, double x, slp_rule id, const char *tmpl,
                                       int nan_clears, salesplan_error *err)
{
    int rc = slp_plan_item_at(err, p, kind, i);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    char *item = (char *)*items_at(p, kind) + i * lists[kind].size;
    return slp_set_num(p, (double *)(void *)(item + off), x, id, SLP_AT1(tmpl, i), nan_clears, err);
}

int slp_plan_append(salesplan_plan *p, slp_names_kind kind, const void *item, const char *name,
                    salesplan_error *err)
{
    size_t n = *count_at(p, kind), size = lists[kind].size;
    if (rules[kind].item != NULL) {
        int rc = slp_check_room(err, SLP_AT1(rules[kind].item, n), n, rules[kind].max);
        if (rc != SALESPLAN_OK)
            return rc;
    }
    if (slp_grow(items_at(p, kind), cap_at(p, kind), n + 1, size) != 0 ||
        slp_plan_name_add(p, kind, name, n) != SALESPLAN_OK)
        return SALESPLAN_ENOMEM;
    memcpy((char *)*items_at(p, kind) + n * size, item, size);
    *count_at(p, kind) = n + 1;
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
        *items_at(p, (slp_names_kind)k) = NULL;
        *count_at(p, (slp_names_kind)k) = 0;
        *cap_at(p, (slp_names_kind)k) = 0;
    }
}

void slp_plan_free_lists(salesplan_plan *p)
{
    for (int k = FIRST_LIST; k < END_LIST; k++) {
        char *items = *items_at(p, (slp_names_kind)k);
        for (size_t i = 0; i < *count_at(p, (slp_names_kind)k); i++)
            slp_plan_item_free((slp_names_kind)k, items + i * lists[k].size);
        slp_free(items);
    }
    slp_plan_forget_lists(p);
}

int slp_plan_copy_lists(salesplan_plan *dst, const salesplan_plan *src)
{
    for (int k = FIRST_LIST; k < END_LIST; k++) {
        slp_names_kind kind = (slp_names_kind)k;
        size_t n = slp_plan_count(src, kind), size = lists[k].size;
        if (slp_alloc_items(items_at(dst, kind), cap_at(dst, kind), n, size) != 0)
            return SALESPLAN_ENOMEM;
        for (size_t i = 0; i < n; i++) {
            (*count_at(dst, kind))++;
            if (copy_item(kind, (char *)*items_at(dst, kind) + i * size, item_of(src, kind, i),
                          size) != 0)
                return SALESPLAN_ENOMEM;
        }
    }
    return SALESPLAN_OK;
}
