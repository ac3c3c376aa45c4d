/* Merging activity states: the options and headers must agree, the dates be
 * read in one order; the accumulators are folded (activity_acc.c), the
 * skipped rows kept by line. */
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/activity_state.h"

static int same_options(const salesplan_activity_state *a, const salesplan_activity_state *b,
                        salesplan_error *err)
{
    char *x = NULL, *y = NULL;
    size_t xn = 0, yn = 0;
    int rc = slp_act_options_bytes(a, &x, &xn);
    if (rc == SALESPLAN_OK)
        rc = slp_act_options_bytes(b, &y, &yn);
    int same = rc == SALESPLAN_OK && xn == yn && memcmp(x, y, xn) == 0;
    slp_free(x);
    slp_free(y);
    if (rc != SALESPLAN_OK)
        return slp_error_set(err, rc, NULL, 0, 0, "out of memory");
    if (!same)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "the states were created with different options");
    return SALESPLAN_OK;
}

/* What must hold before anything of dst changes. */
static int compatible(const salesplan_activity_state *dst, const salesplan_activity_state *src,
                      salesplan_error *err)
{
    int rc = same_options(dst, src, err);
    for (int w = 0; rc == SALESPLAN_OK && w < 2; w++) {
        const slp_act_input *a = &dst->in[w], *b = &src->in[w];
        int same = a->header == NULL || b->header == NULL || a->header_n == b->header_n;
        for (size_t i = 0; same && a->header && b->header && i < a->header_n; i++)
            same = strcmp(a->header[i], b->header[i]) == 0;
        if (!same)
            rc = slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                               "the states read different %s headers: every part must have "
                               "the same columns",
                               a->file);
        else if (a->slash_dates > 0 && b->slash_dates > 0 && a->dmy != b->dmy)
            rc = slp_error_set(err, SALESPLAN_EDATA, NULL, 0, 0,
                               "the parts read the %s file's slash dates in different orders "
                               "(D/M and M/D): name the order (option `date_order`)",
                               a->file);
    }
    if (rc == SALESPLAN_OK && dst->acc.shape != 0 && src->acc.shape != 0 &&
        dst->acc.shape != src->acc.shape)
        rc = slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                           "the states read deals of different shapes");
    return rc;
}

/* Input b's header, dates and skipped rows into a (the header when a has none). */
static int merge_input(salesplan_activity_state *dst, slp_act_input *a, const slp_act_input *b,
                       int which, long long shift)
{
    if (a->header == NULL && b->header != NULL) {
        a->header = slp_calloc(b->header_n ? b->header_n : 1, sizeof *a->header);
        if (a->header == NULL)
            return SALESPLAN_ENOMEM;
        for (size_t i = 0; i < b->header_n; i++, a->header_n++)
            if ((a->header[i] = slp_strdup(b->header[i])) == NULL)
                return SALESPLAN_ENOMEM;
        memcpy(a->col, b->col, sizeof a->col);
        a->shape = b->shape;
        if (which == SALESPLAN_INPUT_LOG && a->cache == NULL &&
            (a->cache = slp_calloc(1, sizeof *a->cache)) == NULL)
            return SALESPLAN_ENOMEM;
    }
    if ((a->slash_dates == 0 && b->slash_dates > 0) || (!a->decided && b->decided)) {
        if (a->cache != NULL && a->dmy != b->dmy)
            memset(a->cache, 0, sizeof *a->cache);
        a->dmy = b->dmy;
    }
    a->decided |= b->decided;
    a->slash_dates += b->slash_dates;
    if (b->record_line > a->record_line)
        a->record_line = b->record_line;
    for (size_t i = 0; i < b->nprob; i++)
        if (slp_act_problem_add(dst, a, b->prob[i].line + shift, b->prob[i].msg) != SALESPLAN_OK)
            return SALESPLAN_ENOMEM;
    return SALESPLAN_OK;
}

salesplan_status salesplan_activity_state_merge(salesplan_activity_state *dst,
                                                const salesplan_activity_state *src,
                                                salesplan_error *err)
{
    return (salesplan_status)slp_act_state_merge_at(dst, src, 0, err);
}

int slp_act_state_merge_at(salesplan_activity_state *dst, const salesplan_activity_state *src,
                           long long log_shift, salesplan_error *err)
{
    if (dst == NULL || src == NULL || dst == src)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "merge needs two different states");
    if (dst->failed)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "the state failed before: free it");
    int rc = slp_act_state_ready(src, err);
    if (rc == SALESPLAN_OK)
        rc = compatible(dst, src, err);
    if (rc != SALESPLAN_OK)
        return rc;
    for (int w = 0; rc == SALESPLAN_OK && w < 2; w++)
        rc = merge_input(dst, &dst->in[w], &src->in[w], w,
                         w == SALESPLAN_INPUT_LOG ? log_shift : 0);
    if (rc == SALESPLAN_OK)
        rc = slp_act_acc_merge(&dst->acc, &src->acc);
    if (rc != SALESPLAN_OK) { /* dst may hold part of src: only good for free */
        dst->failed = 1;
        return slp_error_set(err, rc, NULL, 0, 0, "%s",
                             rc == SALESPLAN_ENOMEM ? "out of memory"
                                                    : "a limit was reached: more than "
                                                      "4294967295 identical rows or too many "
                                                      "distinct values");
    }
    slp_error_clear(err);
    return SALESPLAN_OK;
}
