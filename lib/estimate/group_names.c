/* The values of a group column with deals, in name order (group_names.h). */
#include "estimate/group_names.h"

#include "common/alloc.h"

int slp_est_group_names(const slp_est_ctx *x, size_t g, slp_named **out, size_t *count)
{
    size_t n = x->gdict[g].count, used = 0;
    slp_named *v = slp_calloc(n ? n : 1, sizeof *v);
    *out = v;
    *count = 0;
    if (v == NULL)
        return SALESPLAN_ENOMEM;
    for (size_t i = 0; i < n; i++)
        if (x->gacc[g][i].deals > 0) {
            v[used].name = slp_dict_key(&x->gdict[g], (uint32_t)i, NULL);
            v[used].id = i;
            used++;
        }
    slp_named_sort(v, used);
    *count = used;
    return SALESPLAN_OK;
}
