/* Owned strings and string lists of the plan model. */
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "model/plan_model.h"

int slp_str_dup_opt(char **dst, const char *src)
{
    *dst = NULL;
    if (src == NULL)
        return 0;
    *dst = slp_strdup(src);
    return *dst ? 0 : -1;
}

int slp_str_replace(char **slot, const char *s)
{
    char *c = NULL;
    if (s != NULL && (c = slp_strdup(s)) == NULL)
        return SALESPLAN_ENOMEM;
    slp_free(*slot);
    *slot = c;
    return SALESPLAN_OK;
}

void slp_strlist_free(slp_strlist *l)
{
    slp_free_strings(l->items, l->count);
    l->items = NULL;
    l->count = l->cap = 0;
}

int slp_strlist_push(slp_strlist *l, const char *s)
{
    if (l->count >= SLP_MAX_ITEMS)
        return SALESPLAN_ELIMIT;
    return slp_push_string(&l->items, &l->count, &l->cap, s) == 0 ? SALESPLAN_OK : SALESPLAN_ENOMEM;
}

int slp_strlist_copy(slp_strlist *dst, const slp_strlist *src)
{
    dst->items = NULL;
    dst->count = dst->cap = 0;
    if (slp_alloc_items((void **)&dst->items, &dst->cap, src->count, sizeof *dst->items) != 0)
        return SALESPLAN_ENOMEM;
    for (size_t i = 0; i < src->count; i++) {
        dst->items[i] = slp_strdup(src->items[i]);
        if (dst->items[i] == NULL) {
            slp_strlist_free(dst);
            return SALESPLAN_ENOMEM;
        }
        dst->count++;
    }
    return SALESPLAN_OK;
}

int slp_copy_numbers(double **out, const salesplan_plan *p, const double *v, size_t n,
                     slp_rule id, const slp_at *at, salesplan_error *err)
{
    *out = NULL;
    int rc = slp_check_plan(err, p);
    if (rc != SALESPLAN_OK)
        return rc;
    /* the list itself: the template up to its last "[#]" */
    char list[64];
    const char *last = strrchr(at->tmpl, '[');
    size_t len = last ? (size_t)(last - at->tmpl) : strlen(at->tmpl);
    snprintf(list, sizeof list, "%.*s", (int)len, at->tmpl);
    slp_at whole = {list, at->i, 0, NULL};
    if (n > 0 && v == NULL)
        return slp_refuse(err, SALESPLAN_EINVAL, SLP_RULE_ARRAY, &whole, "NULL");
    if (n > SLP_MAX_ITEMS)
        return slp_check_room(err, &whole, n, SLP_MAX_ITEMS);
    int two = strchr(at->tmpl, '#') != last + 1; /* an owner index before the item's */
    for (size_t k = 0; k < n; k++) {
        if (!slp_rule_ok(id, v[k])) {
            slp_at item = {at->tmpl, two ? at->i : k, k, NULL};
            return slp_refuse_num(err, id, &item, v[k]);
        }
    }
    if (n == 0)
        return SALESPLAN_OK;
    if ((*out = slp_reallocarray(NULL, n, sizeof **out)) == NULL)
        return SALESPLAN_ENOMEM;
    for (size_t k = 0; k < n; k++)
        (*out)[k] = slp_no_negzero(v[k]);
    return SALESPLAN_OK;
}
