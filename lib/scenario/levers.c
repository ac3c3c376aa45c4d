/* The levers of a sensitivity analysis (SPEC §13): for each, a clone of the
 * plan with that one value moved down and one moved up, the others at base.
 * Values are moved in the model's own struct (model/plan_model.h) after
 * clamping to the range the plan format allows, so the moved plans are
 * exactly the plans a patch with those values would give. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "model/name_set.h"
#include "model/plan_model.h"
#include "scenario/scenario_internal.h"

typedef struct lv_list {
    slp_lever *l;
    size_t n, cap;
    int rc;
} lv_list;

void slp_levers_free(slp_lever *l, size_t n)
{
    for (size_t i = 0; l && i < n; i++) {
        slp_free(l[i].name);
        slp_free(l[i].path);
        salesplan_plan_free(l[i].lo);
        salesplan_plan_free(l[i].hi);
    }
    slp_free(l);
}

/* A new lever with both plans cloned from p; NULL on failure (rc set). */
static slp_lever *lever_new(lv_list *ls, const salesplan_plan *p, const char *name,
                            const char *path, double base, double low, double high)
{
    if (ls->rc != SALESPLAN_OK)
        return NULL;
    if (ls->n == ls->cap) {
        size_t cap = ls->cap ? 2 * ls->cap : 16;
        slp_lever *more = slp_reallocarray(ls->l, cap, sizeof *more);
        if (more == NULL) {
            ls->rc = SALESPLAN_ENOMEM;
            return NULL;
        }
        ls->l = more;
        ls->cap = cap;
    }
    slp_lever *v = &ls->l[ls->n];
    memset(v, 0, sizeof *v);
    v->name = slp_strdup(name);
    v->path = slp_strdup(path);
    v->base = base;
    v->low = low;
    v->high = high;
    ls->n++;
    if (!v->name || !v->path || salesplan_plan_clone(&v->lo, p) != SALESPLAN_OK ||
        salesplan_plan_clone(&v->hi, p) != SALESPLAN_OK) {
        ls->rc = SALESPLAN_ENOMEM;
        return NULL;
    }
    return v;
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Scale every ramp factor of every role by m, within [0, 1]. */
static void scale_ramp(salesplan_plan *p, double m)
{
    for (size_t i = 0; i < p->role_count; i++)
        for (size_t k = 0; k < p->roles[i].ramp_count; k++)
            p->roles[i].ramp[k] = clamp(p->roles[i].ramp[k] * m, 0.0, 1.0);
}

/* Leave out the last rep of role `role` (list order kept, names re-indexed). */
static int drop_last_rep(salesplan_plan *p, const char *role)
{
    size_t j = p->rep_count;
    while (j-- > 0)
        if (strcmp(p->reps[j].role, role) == 0)
            break;
    if (j >= p->rep_count)
        return SALESPLAN_OK;
    slp_rep_free(&p->reps[j]);
    memmove(&p->reps[j], &p->reps[j + 1], (p->rep_count - j - 1) * sizeof *p->reps);
    p->rep_count--;
    slp_name_set *names = &p->names[SLP_NAMES_REPS];
    slp_name_set_clear(names);
    for (size_t i = 0; i < p->rep_count; i++)
        if (slp_name_set_add(names, p->reps[i].name, i) != SALESPLAN_OK)
            return SALESPLAN_ENOMEM;
    return SALESPLAN_OK;
}

/* Add a rep of `role` starting on the period's first day, named
 * "+1 <role>" (or "+1 <role> 2"... when taken; cut to the name limit). */
static int add_new_rep(salesplan_plan *p, const char *role)
{
    char name[64];
    for (unsigned k = 1; k < 1000; k++) {
        /* at most 30 bytes of the role's name, cut at a character boundary */
        size_t hl = strlen(role) < 30 ? strlen(role) : 30;
        while (hl > 0 && ((unsigned char)role[hl] & 0xC0) == 0x80)
            hl--;
        char head[32];
        memcpy(head, role, hl);
        head[hl] = '\0';
        if (k == 1)
            snprintf(name, sizeof name, "+1 %s", head);
        else
            snprintf(name, sizeof name, "+1 %s %u", head, k);
        if (slp_name_set_find(&p->names[SLP_NAMES_REPS], name) < 0)
            return salesplan_plan_add_rep(p, name, role, p->period_start, NULL);
    }
    return SALESPLAN_EINTERNAL;
}

int slp_levers_build(const salesplan_plan *p, double step, slp_lever **out, size_t *n,
                     salesplan_error *err)
{
    lv_list ls = {NULL, 0, 0, SALESPLAN_OK};
    char name[512], path[96];
    size_t ns = p->stage_count;
    /* stage conversions (0, 1] */
    for (size_t k = 0; k + 1 < ns; k++) {
        double c = p->stages[k].conversion;
        snprintf(name, sizeof name, "conversion of %s", p->stages[k].name);
        snprintf(path, sizeof path, "funnel.stages[%zu].conversion", k);
        slp_lever *v = lever_new(&ls, p, name, path, c, c * (1.0 - step),
                                 clamp(c * (1.0 + step), 0.0, 1.0));
        if (v) {
            v->lo->stages[k].conversion = v->low;
            v->hi->stages[k].conversion = v->high;
        }
    }
    /* average deal size > 0 */
    slp_lever *v = lever_new(&ls, p, "average deal size", "deal.average_size", p->deal_size,
                             p->deal_size * (1.0 - step), p->deal_size * (1.0 + step));
    if (v) {
        v->lo->deal_size = v->low;
        v->hi->deal_size = v->high;
    }
    /* days in each non-won stage >= 0 */
    for (size_t k = 0; k + 1 < ns; k++) {
        double d = p->stages[k].days;
        snprintf(name, sizeof name, "days in %s", p->stages[k].name);
        snprintf(path, sizeof path, "funnel.stages[%zu].days", k);
        v = lever_new(&ls, p, name, path, d, d * (1.0 - step), d * (1.0 + step));
        if (v) {
            v->lo->stages[k].days = v->low;
            v->hi->stages[k].days = v->high;
        }
    }
    /* ramp: every factor of every role together, within [0, 1] */
    int any_ramp = 0;
    for (size_t i = 0; i < p->role_count; i++)
        any_ramp |= p->roles[i].ramp_count > 0;
    if (any_ramp) {
        v = lever_new(&ls, p, "ramp (every factor)", "team.roles[*].ramp", 1.0, 1.0 - step,
                      1.0 + step);
        if (v) {
            scale_ramp(v->lo, v->low);
            scale_ramp(v->hi, v->high);
        }
    }
    /* expected attainment (0, 1] */
    double a = p->expected_attainment;
    v = lever_new(&ls, p, "expected attainment", "team.expected_attainment", a, a * (1.0 - step),
                  clamp(a * (1.0 + step), 0.0, 1.0));
    if (v) {
        v->lo->expected_attainment = v->low;
        v->hi->expected_attainment = v->high;
    }
    /* monthly attrition [0, 1) */
    a = p->attrition_monthly;
    v = lever_new(&ls, p, "monthly attrition", "team.attrition_monthly", a, a * (1.0 - step),
                  clamp(a * (1.0 + step), 0.0, nextafter(1.0, 0.0)));
    if (v) {
        v->lo->attrition_monthly = v->low;
        v->hi->attrition_monthly = v->high;
    }
    /* target revenue > 0 */
    double t = p->target_revenue;
    v = lever_new(&ls, p, "target revenue", "target.revenue", t, t * (1.0 - step),
                  t * (1.0 + step));
    if (v) {
        v->lo->target_revenue = v->low;
        v->hi->target_revenue = v->high;
    }
    /* headcount of each role: -1 rep, +1 rep */
    for (size_t i = 0; i < p->role_count && ls.rc == SALESPLAN_OK; i++) {
        size_t count = 0;
        for (size_t j = 0; j < p->rep_count; j++)
            count += strcmp(p->reps[j].role, p->roles[i].name) == 0;
        snprintf(name, sizeof name, "headcount of %s", p->roles[i].name);
        snprintf(path, sizeof path, "team.roles[%zu]", i);
        v = lever_new(&ls, p, name, path, (double)count, count ? (double)count - 1.0 : 0.0,
                      (double)count + 1.0);
        if (v) {
            ls.rc = drop_last_rep(v->lo, p->roles[i].name);
            if (ls.rc == SALESPLAN_OK)
                ls.rc = add_new_rep(v->hi, p->roles[i].name);
        }
    }
    if (ls.rc != SALESPLAN_OK) {
        slp_levers_free(ls.l, ls.n);
        return slp_error_set(err, ls.rc, NULL, 0, 0,
                             ls.rc == SALESPLAN_ENOMEM ? "out of memory building the levers"
                                                       : "cannot add a rep for a lever");
    }
    *out = ls.l;
    *n = ls.n;
    return SALESPLAN_OK;
}
