/* Which result role each result activity (or rep) belongs to, for the
 * renderers that print activities and reps next to their roles. */
#include <string.h>

#include "common/alloc.h"
#include "render/render.h"

static int same_name(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

long slp_render_role_index(const salesplan_result *r, const char *name)
{
    if (name == NULL)
        return -1;
    /* Result roles keep the plan's order, so the plan's index is the
     * result's; check the name, and search when it does not match. */
    long k = salesplan_plan_find_role(salesplan_result_plan(r), name);
    const salesplan_role_result *ro = k >= 0 ? salesplan_result_role(r, (size_t)k) : NULL;
    if (ro != NULL && same_name(ro->name, name))
        return k;
    for (size_t j = 0, nr = salesplan_result_role_count(r); j < nr; j++) {
        ro = salesplan_result_role(r, j);
        if (ro != NULL && same_name(ro->name, name))
            return (long)j;
    }
    return -1;
}

int slp_render_activity_roles(const salesplan_result *r, long **out)
{
    *out = NULL;
    size_t n = salesplan_result_activity_count(r);
    if (n == 0)
        return SALESPLAN_OK;
    long *role_of = slp_calloc(n, sizeof *role_of);
    if (role_of == NULL)
        return SALESPLAN_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const salesplan_activity_result *a = salesplan_result_activity(r, i);
        role_of[i] = a != NULL ? slp_render_role_index(r, a->role) : -1;
    }
    *out = role_of;
    return SALESPLAN_OK;
}
