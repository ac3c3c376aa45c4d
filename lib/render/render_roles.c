/* Which result role each result activity belongs to, for the renderers
 * that print activities next to their roles. */
#include <string.h>

#include "common/alloc.h"
#include "render/render.h"

static int same_name(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

int slp_render_activity_roles(const salesplan_result *r, long **out)
{
    *out = NULL;
    size_t n = salesplan_result_activity_count(r), nr = salesplan_result_role_count(r);
    if (n == 0)
        return SALESPLAN_OK;
    long *role_of = slp_calloc(n, sizeof *role_of);
    if (role_of == NULL)
        return SALESPLAN_ENOMEM;
    const salesplan_plan *p = salesplan_result_plan(r);
    for (size_t i = 0; i < n; i++) {
        const salesplan_activity_result *a = salesplan_result_activity(r, i);
        role_of[i] = -1;
        if (a == NULL || a->role == NULL)
            continue;
        /* Result roles keep the plan's order, so the plan's index is the
         * result's; check the name, and search when it does not match. */
        long k = salesplan_plan_find_role(p, a->role);
        const salesplan_role_result *ro = k >= 0 ? salesplan_result_role(r, (size_t)k) : NULL;
        if (ro != NULL && same_name(ro->name, a->role)) {
            role_of[i] = k;
            continue;
        }
        for (size_t j = 0; j < nr; j++) {
            ro = salesplan_result_role(r, j);
            if (ro != NULL && same_name(ro->name, a->role)) {
                role_of[i] = (long)j;
                break;
            }
        }
    }
    *out = role_of;
    return SALESPLAN_OK;
}
