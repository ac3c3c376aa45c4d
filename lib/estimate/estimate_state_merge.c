/* Merging two estimate states: every part of the state is a count, an exact
 * sum, a multiset, a set or a per-deal record whose rules do not depend on
 * order, so merging in any order or tree shape gives the same state. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/estimate_state.h"

static void acc_merge(slp_est_acc *a, const slp_est_acc *b)
{
    a->deals += b->deals;
    a->won += b->won;
    a->lost += b->lost;
    a->open += b->open;
    a->amount_n += b->amount_n;
    slp_xsum_merge(&a->amount, &b->amount);
    a->cycle_n += b->cycle_n;
    a->cycle_sum += b->cycle_sum;
}

static int cmp_problem(const void *pa, const void *pb)
{
    const salesplan_estimate_problem *a = pa, *b = pb;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return strcmp(a->message, b->message);
}

/* The first max_reported problems of both, by line. */
static int merge_problems(slp_est_ctx *a, const slp_est_ctx *b, long long line_offset)
{
    salesplan_estimate *ea = a->e;
    const salesplan_estimate *eb = b->e;
    if (eb->problem_count == 0)
        return SALESPLAN_OK;
    size_t n = ea->problem_count + eb->problem_count;
    if (slp_grow((void **)&ea->problems, &a->problem_cap, n, sizeof *ea->problems) != 0)
        return SALESPLAN_ENOMEM;
    for (size_t i = 0; i < eb->problem_count; i++) {
        char *m = slp_strdup(eb->problems[i].message);
        if (m == NULL)
            return SALESPLAN_ENOMEM;
        ea->problems[ea->problem_count].line = eb->problems[i].line + line_offset;
        ea->problems[ea->problem_count].message = m;
        ea->problem_count++;
    }
    if (ea->problem_count > 1)
        qsort(ea->problems, ea->problem_count, sizeof *ea->problems, cmp_problem);
    while (ea->problem_count > a->o->max_reported) {
        ea->problem_count--;
        slp_free((void *)(uintptr_t)ea->problems[ea->problem_count].message);
    }
    return SALESPLAN_OK;
}

static int merge_warnings(slp_est_ctx *a, const slp_est_ctx *b)
{
    for (size_t i = 0; i < b->e->warning_count; i++) {
        const char *w = b->e->warnings[i];
        int have = 0;
        for (size_t j = 0; j < a->e->warning_count && !have; j++)
            have = strcmp(a->e->warnings[j], w) == 0;
        if (!have && slp_est_warn(a, "%s", w) != SALESPLAN_OK)
            return SALESPLAN_ENOMEM;
    }
    return SALESPLAN_OK;
}

/* A key copied where the field caches may read 16 bytes from its start. */
static int stage_class_of(slp_est_ctx *x, const char *k, size_t n)
{
    char pad[256 + 16];
    const char *p = k;
    char *heap = NULL;
    if (n + 16 <= sizeof pad) {
        memset(pad, 0, sizeof pad);
        memcpy(pad, k, n);
        p = pad;
    } else {
        heap = slp_calloc(n + 17, 1);
        if (heap == NULL)
            return SALESPLAN_ENOMEM;
        memcpy(heap, k, n);
        p = heap;
    }
    int cls;
    int rc = slp_est_stage_class(x, p, n, &cls);
    slp_free(heap);
    return rc;
}

static int merge_deals(slp_est_ctx *a, const slp_est_ctx *b, uint32_t *const *maps)
{
    slp_trans_state *ta = a->shape_state;
    const slp_trans_state *tb = b->shape_state;
    if (ta == NULL || tb == NULL)
        return SALESPLAN_OK;
    uint32_t gid[64];
    int32_t gday[64];
    size_t ng = a->ngroups, nst = tb->nst;
    for (uint32_t d = 0; d < tb->deals.count; d++) {
        size_t n;
        const char *id = slp_dict_key(&tb->deals, d, &n);
        uint32_t da;
        int rc = slp_est_trans_deal(a, ta, id, n, &da);
        if (rc != SALESPLAN_OK)
            return rc;
        const int32_t *en = &tb->entry[(size_t)d * nst];
        for (size_t g = 0; g < ng; g++) {
            uint32_t v = tb->gid[(size_t)d * ng + g];
            gid[g] = v == SLP_NO_ID ? SLP_NO_ID : maps[g][v];
            gday[g] = tb->gday[(size_t)d * ng + g];
        }
        for (size_t k = 0; k < nst; k++)
            if (en[k] != SLP_NO_DAY)
                slp_est_trans_fold(a, ta, da, (int)k, SLP_CLASS_OPEN, en[k], (double)NAN,
                                   SLP_NO_DAY, gid, gday);
        int cls = tb->term[d] == 1 ? SLP_CLASS_WON : tb->term[d] == 2 ? SLP_CLASS_LOST
                                                                       : SLP_CLASS_OPEN;
        uint32_t none[64];
        for (size_t g = 0; g < ng; g++)
            none[g] = SLP_NO_ID;
        slp_est_trans_fold(a, ta, da, -1, cls, tb->term_day[d], tb->amount[d],
                           tb->amount_day[d], none, gday);
    }
    return SALESPLAN_OK;
}

static int merge_ctx(slp_est_ctx *a, slp_est_ctx *b, long long line_offset)
{
    salesplan_estimate *ea = a->e, *eb = b->e;
    acc_merge(&a->overall, &b->overall);
    ea->info.rows += eb->info.rows;
    ea->info.skipped += eb->info.skipped;
    ea->info.join_unmatched += eb->info.join_unmatched;
    a->amount_comma += b->amount_comma;
    a->amount_point += b->amount_point;
    a->slash_dates += b->slash_dates;
    /* one part that could tell day from month decides for all (they agree: checked) */
    a->date_decided |= b->date_decided;
    a->date_undecided = (a->date_undecided | b->date_undecided) && !a->date_decided;
    if (b->day_min != SLP_NO_DAY && (a->day_min == SLP_NO_DAY || b->day_min < a->day_min))
        a->day_min = b->day_min;
    if (b->day_max != SLP_NO_DAY && (a->day_max == SLP_NO_DAY || b->day_max > a->day_max))
        a->day_max = b->day_max;
    int rc;
    if ((rc = merge_problems(a, b, line_offset)) != SALESPLAN_OK ||
        (rc = merge_warnings(a, b)) != SALESPLAN_OK)
        return rc;
    for (uint32_t i = 0; i < b->stage_values.count; i++) {
        size_t len;
        const char *key = slp_dict_key(&b->stage_values, i, &len);
        if ((rc = stage_class_of(a, key, len)) != SALESPLAN_OK)
            return rc;
    }
    if ((rc = slp_mset_merge(&a->amount_all, &b->amount_all, NULL)) != SALESPLAN_OK ||
        (rc = slp_mset_merge(&a->cycle_all, &b->cycle_all, NULL)) != SALESPLAN_OK)
        return rc;
    uint32_t *maps[64] = {NULL};
    for (size_t g = 0; g < a->ngroups && rc == SALESPLAN_OK; g++) {
        size_t n = b->gdict[g].count;
        maps[g] = slp_calloc(n ? n : 1, sizeof *maps[g]);
        if (maps[g] == NULL) {
            rc = SALESPLAN_ENOMEM;
            break;
        }
        for (size_t i = 0; i < n && rc == SALESPLAN_OK; i++) {
            size_t len;
            const char *key = slp_dict_key(&b->gdict[g], (uint32_t)i, &len);
            rc = slp_est_group_intern(a, g, key, len, &maps[g][i]);
            if (rc == SALESPLAN_OK)
                acc_merge(&a->gacc[g][maps[g][i]], &b->gacc[g][i]);
        }
        if (rc == SALESPLAN_OK)
            rc = slp_mset_merge(&a->amount_by[g], &b->amount_by[g], maps[g]);
        if (rc == SALESPLAN_OK)
            rc = slp_mset_merge(&a->cycle_by[g], &b->cycle_by[g], maps[g]);
    }
    if (rc == SALESPLAN_OK)
        rc = merge_deals(a, b, maps);
    for (size_t g = 0; g < a->ngroups; g++)
        slp_free(maps[g]);
    return rc;
}

int slp_est_state_merge_at(salesplan_estimate_state *dst, const salesplan_estimate_state *src,
                           long long line_offset, int check_options, salesplan_error *err)
{
    dst->x.err = err;
    int rc;
    if (check_options) {
        char *a = NULL, *b = NULL;
        size_t an = 0, bn = 0;
        rc = slp_est_state_options_bytes(&dst->o, &a, &an);
        if (rc == SALESPLAN_OK)
            rc = slp_est_state_options_bytes(&src->o, &b, &bn);
        int same = rc == SALESPLAN_OK && an == bn && memcmp(a, b, an) == 0;
        slp_free(a);
        slp_free(b);
        if (rc != SALESPLAN_OK)
            return slp_error_set(err, rc, NULL, 0, 0, "out of memory");
        if (!same)
            return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                 "the states were created with different options");
        if (dst->x.slash_dates > 0 && src->x.slash_dates > 0 && dst->x.dmy != src->x.dmy)
            return slp_error_set(err, SALESPLAN_EDATA, NULL, 0, 0,
                                 "the parts read slash dates in different orders (D/M and "
                                 "M/D): name the order (option `date_order`)");
    }
    if (src->header != NULL) {
        size_t *lens = slp_calloc(src->header_n ? src->header_n : 1, sizeof *lens);
        if (lens == NULL)
            return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        for (size_t i = 0; i < src->header_n; i++)
            lens[i] = strlen(src->header[i]);
        if (dst->header == NULL) {
            /* take the header without mapping: mapping waits for rows or the finish */
            dst->header = slp_calloc(src->header_n ? src->header_n : 1, sizeof *dst->header);
            rc = dst->header ? SALESPLAN_OK : SALESPLAN_ENOMEM;
            for (size_t i = 0; rc == SALESPLAN_OK && i < src->header_n; i++)
                if ((dst->header[i] = slp_strdup(src->header[i])) == NULL)
                    rc = SALESPLAN_ENOMEM;
            dst->header_n = src->header_n;
            if (rc != SALESPLAN_OK) {
                for (size_t i = 0; dst->header && i < src->header_n; i++)
                    slp_free(dst->header[i]);
                slp_free(dst->header);
                dst->header = NULL;
                dst->header_n = 0;
                rc = slp_error_set(err, rc, NULL, 0, 0, "out of memory");
            }
        } else {
            int same = dst->header_n == src->header_n;
            for (size_t i = 0; same && i < src->header_n; i++)
                same = strcmp(dst->header[i], src->header[i]) == 0;
            rc = same ? SALESPLAN_OK
                      : slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                      "the states read different headers: every part must "
                                      "have the same columns");
        }
        slp_free(lens);
        if (rc != SALESPLAN_OK)
            return rc;
    }
    if ((dst->x.slash_dates == 0 && src->x.slash_dates > 0) ||
        (!dst->x.date_decided && src->x.date_decided)) {
        dst->x.dmy = src->x.dmy;
        dst->x.e->info.date_order = src->x.e->info.date_order;
    }
    if (dst->x.e->info.delimiter == '\0')
        dst->x.e->info.delimiter = src->x.e->info.delimiter;
    dst->body_bytes += src->body_bytes;
    if (src->csv != NULL)
        dst->body_bytes += slp_csv_bytes(src->csv) - src->doc_header_bytes;
    if (src->header_bytes > dst->header_bytes)
        dst->header_bytes = src->header_bytes;
    if (src->record_line > dst->record_line)
        dst->record_line = src->record_line;
    /* src is logically const: merging flushes its pending multiset values only */
    rc = merge_ctx(&dst->x, (slp_est_ctx *)(uintptr_t)&src->x, line_offset);
    if (rc != SALESPLAN_OK)
        return slp_error_set(err, rc, NULL, 0, 0, "%s",
                             rc == SALESPLAN_ENOMEM   ? "out of memory"
                             : rc == SALESPLAN_ELIMIT ? "the merged state would hold more "
                                                        "values than an exact median can keep"
                                                      : "cannot merge");
    return SALESPLAN_OK;
}

salesplan_status salesplan_estimate_state_merge(salesplan_estimate_state *dst,
                                                const salesplan_estimate_state *src,
                                                salesplan_error *err)
{
    if (dst == NULL || src == NULL || dst == src)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "merge needs two different states");
    if (dst->failed || src->failed)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "a state failed before: free it");
    if (src->csv != NULL && (slp_csv_pending(src->csv) > 0 || !src->doc_header))
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "the state to merge holds CSV bytes not yet counted: end its CSV "
                             "first (salesplan_estimate_state_feed_csv_end)");
    int rc = slp_est_state_merge_at(dst, src, 0, 1, err);
    if (rc != SALESPLAN_OK) {
        /* a failure inside the merge may leave dst half merged */
        dst->failed = rc == SALESPLAN_ENOMEM || rc == SALESPLAN_ELIMIT;
        return (salesplan_status)rc;
    }
    slp_error_clear(err);
    return SALESPLAN_OK;
}
