/* Transitions shape: one row per stage entry, folded into one record per deal.
 *
 * Per deal we keep the first entry date of each ordered stage and of the won
 * stage, the terminal event (won or lost, the latest by date, lost on a tie),
 * the amount of the latest row that has one (the largest on a tie) and the
 * group values of the earliest rows (the smallest bytewise on a tie): rules
 * that do not depend on the order of the rows, so parts merge exactly. Then, with m
 * the furthest stage the deal entered (the won stage counting as furthest):
 * it advanced from every entered stage before m, and at m it was lost when
 * the deal is lost, open (censored) otherwise. */
#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "common/free_all.h"
#include "common/error.h"
#include "estimate/estimate_internal.h"

#define ENTERED_NODATE SLP_ENTERED_NODATE

typedef slp_trans_state trans_state;

int slp_est_transitions_begin(slp_est_ctx *x)
{
    if (x->shape_state != NULL)
        return SALESPLAN_OK;
    trans_state *t = slp_calloc(1, sizeof *t);
    if (t == NULL)
        return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    t->nst = x->norder + 1;
    x->shape_state = t;
    return SALESPLAN_OK;
}

void slp_est_transitions_free(slp_est_ctx *x)
{
    trans_state *t = x->shape_state;
    if (t == NULL)
        return;
    slp_dict_free(&t->deals);
    SLP_FREE_ALL(t->entry, t->term_day, t->term, t->amount, t->amount_day, t->gid, t->gday, t);
    x->shape_state = NULL;
}

static int grow_array(void **p, size_t n, size_t size)
{
    void *q = slp_reallocarray(*p, n, size);
    if (q == NULL)
        return -1;
    *p = q;
    return 0;
}

static int grow(slp_est_ctx *x, trans_state *t, size_t need)
{
    if (need <= t->cap)
        return SALESPLAN_OK;
    size_t ncap = t->cap ? t->cap * 2 : 1024;
    size_t g = x->ngroups;
    if (ncap > SIZE_MAX / (t->nst + g + 1))
        return SALESPLAN_ENOMEM;
    if (grow_array((void **)&t->entry, ncap * t->nst, sizeof *t->entry) ||
        grow_array((void **)&t->term_day, ncap, sizeof *t->term_day) ||
        grow_array((void **)&t->term, ncap, 1) ||
        grow_array((void **)&t->amount, ncap, sizeof *t->amount) ||
        grow_array((void **)&t->amount_day, ncap, sizeof *t->amount_day))
        return SALESPLAN_ENOMEM;
    if (g > 0 && (grow_array((void **)&t->gid, ncap * g, sizeof *t->gid) ||
                  grow_array((void **)&t->gday, ncap * g, sizeof *t->gday)))
        return SALESPLAN_ENOMEM;
    t->cap = ncap;
    return SALESPLAN_OK;
}

int slp_est_trans_deal(slp_est_ctx *x, trans_state *t, const char *id, size_t n, uint32_t *d)
{
    int added;
    /* room first, so that a failure leaves no deal without its record */
    if (grow(x, t, t->deals.count + 1) != SALESPLAN_OK)
        return SALESPLAN_ENOMEM;
    int rc = slp_dict_intern(&t->deals, id, n, slp_hash_bytes(id, n), d, &added);
    if (rc != SALESPLAN_OK || !added)
        return rc;
    for (size_t k = 0; k < t->nst; k++)
        t->entry[(size_t)*d * t->nst + k] = SLP_NO_DAY;
    t->term[*d] = 0;
    t->term_day[*d] = SLP_NO_DAY;
    t->amount[*d] = NAN;
    t->amount_day[*d] = SLP_NO_DAY;
    for (size_t g = 0; g < x->ngroups; g++) {
        t->gid[(size_t)*d * x->ngroups + g] = SLP_NO_ID;
        t->gday[(size_t)*d * x->ngroups + g] = SLP_NO_DAY;
    }
    return SALESPLAN_OK;
}

/* Rank of a day for "latest": absent < undated < dated (by day). */
static int64_t late_rank(int32_t day)
{
    if (day == SLP_NO_DAY)
        return INT64_MIN;
    if (day == ENTERED_NODATE)
        return INT64_MIN + 1;
    return day;
}

/* Rank for "earliest": dated (by day) < undated < absent. */
static int64_t early_rank(int32_t day)
{
    if (day == SLP_NO_DAY)
        return INT64_MAX;
    if (day == ENTERED_NODATE)
        return INT64_MAX - 1;
    return day;
}

static int bytes_less(const slp_dict *d, uint32_t a, uint32_t b)
{
    size_t an, bn;
    const char *as = slp_dict_key(d, a, &an), *bs = slp_dict_key(d, b, &bn);
    int c = memcmp(as, bs, an < bn ? an : bn);
    return c < 0 || (c == 0 && an < bn);
}

int slp_est_trans_fold(slp_est_ctx *x, trans_state *t, uint32_t d, int k, int cls,
                       int32_t day, double amount, int32_t amount_day, const uint32_t *gid,
                       const int32_t *gday)
{
    int32_t *en = &t->entry[(size_t)d * t->nst];
    if (k >= 0) {
        int32_t *slot = &en[k];
        if (*slot == SLP_NO_DAY ||
            (day != ENTERED_NODATE && day != SLP_NO_DAY && (*slot == ENTERED_NODATE || day < *slot)))
            *slot = day;
    }
    if (cls == SLP_CLASS_WON || cls == SLP_CLASS_LOST) {
        /* the latest terminal event; on a tie lost (2) before won (1): a fixed
         * rule, so that the order of the rows does not matter */
        unsigned char code = cls == SLP_CLASS_WON ? 1 : 2;
        int64_t r = late_rank(day), o = late_rank(t->term_day[d]);
        if (t->term[d] == 0 || r > o || (r == o && code > t->term[d])) {
            t->term[d] = code;
            t->term_day[d] = day;
        }
    }
    if (!isnan(amount)) {
        /* the amount of the latest row that has one; on a tie the largest */
        int64_t r = late_rank(amount_day), o = late_rank(t->amount_day[d]);
        if (isnan(t->amount[d]) || r > o || (r == o && amount > t->amount[d])) {
            t->amount[d] = amount;
            t->amount_day[d] = amount_day;
        }
    }
    for (size_t g = 0; g < x->ngroups; g++) {
        if (gid[g] == SLP_NO_ID)
            continue;
        /* the value of the earliest row that has one; on a tie the smallest bytewise */
        uint32_t *slot = &t->gid[(size_t)d * x->ngroups + g];
        int32_t *sday = &t->gday[(size_t)d * x->ngroups + g];
        int64_t r = early_rank(gday[g]), o = early_rank(*sday);
        if (*slot == SLP_NO_ID || r < o ||
            (r == o && gid[g] != *slot && bytes_less(&x->gdict[g], gid[g], *slot))) {
            *slot = gid[g];
            *sday = gday[g];
        }
    }
    return SALESPLAN_OK;
}

int slp_est_transitions_row(slp_est_ctx *x, const slp_csv_row *row)
{
    trans_state *t = x->shape_state;
    int rc = SALESPLAN_OK;
    if (slp_est_row_shape_bad(x, row, &rc))
        return rc;
    const char *id = row->fields[x->col_id].ptr;
    size_t idn = row->fields[x->col_id].len;
    slp_est_trim(&id, &idn);
    if (idn == 0)
        return slp_est_skip(x, row->line, "%s: the deal id is empty", x->e->info.id_column);
    const char *s;
    size_t n;
    int cls;
    if (slp_est_row_stage(x, row, &s, &n, &cls, &rc))
        return rc;
    if (cls == SLP_CLASS_UNKNOWN || cls == SLP_CLASS_OPEN) {
        char shown[64];
        slp_est_show(shown, sizeof shown, s, n);
        return slp_est_skip(x, row->line,
                            "%s: %s is neither in the stage order nor a won or lost name",
                            x->e->info.stage_column, shown);
    }
    const char *ds = row->fields[x->col_date].ptr;
    size_t dn = row->fields[x->col_date].len;
    slp_est_trim(&ds, &dn);
    int32_t day = ENTERED_NODATE;
    if (dn > 0 && slp_est_date(x, 2, ds, dn, &day) != 0) {
        char shown[64];
        slp_est_show(shown, sizeof shown, ds, dn);
        return slp_est_skip(x, row->line, "%s: %s is not a date (%s)", x->e->info.date_column,
                            shown,
                            x->dmy ? "YYYY-MM-DD or D/M/YYYY"
                                                                   : "YYYY-MM-DD or M/D/YYYY");
    }
    double amount;
    if (slp_est_row_amount(x, row, &amount, &rc))
        return rc;
    int skipped;
    if ((rc = slp_est_row_groups(x, row, &skipped)) != SALESPLAN_OK || skipped)
        return rc;

    uint32_t d;
    if (idn == t->last_n && memcmp(id, t->last_id, idn) == 0) {
        d = t->last_d; /* the same deal as the row before: no lookup */
    } else {
        rc = slp_est_trans_deal(x, t, id, idn, &d);
        if (rc != SALESPLAN_OK)
            return slp_error_set(x->err, rc, NULL, (long)row->line, 0,
                                 "line %llu: cannot keep another deal (%s)",
                                 (unsigned long long)row->line, salesplan_strerror(rc));
        t->last_n = idn <= sizeof t->last_id ? idn : 0;
        memcpy(t->last_id, id, t->last_n);
        t->last_d = d;
    }
    int k = cls >= 0 ? cls : (cls == SLP_CLASS_WON ? (int)x->norder : -1);
    int32_t gday[64];
    for (size_t g = 0; g < x->ngroups; g++)
        gday[g] = day;
    return slp_est_trans_fold(x, t, d, k, cls, day, amount, day, x->row_gid, gday);
}

static int dated(int32_t v)
{
    return v != SLP_NO_DAY && v != ENTERED_NODATE;
}

/* Furthest stage entered (nst - 1 = won), or -1. */
static long furthest(const int32_t *en, size_t nst)
{
    for (size_t k = nst; k-- > 0;)
        if (en[k] != SLP_NO_DAY)
            return (long)k;
    return -1;
}

/* Days in stage k of an advanced deal: first dated entry into a later stage
 * minus the entry into k; -1 when unknown or negative. */
static long stage_days(const int32_t *en, size_t nst, size_t k)
{
    if (!dated(en[k]))
        return -1;
    int32_t next = SLP_NO_DAY;
    for (size_t j = k + 1; j < nst; j++)
        if (dated(en[j]) && (next == SLP_NO_DAY || en[j] < next))
            next = en[j];
    if (next == SLP_NO_DAY || next < en[k])
        return -1;
    return (long)next - (long)en[k];
}

int slp_est_transitions_finish(slp_est_ctx *x)
{
    trans_state *t = x->shape_state;
    size_t nst = t->nst, norder = x->norder, ndeals = t->deals.count;
    salesplan_estimate *e = x->e;
    e->stages = slp_calloc(norder ? norder : 1, sizeof *e->stages);
    size_t *days_n = slp_calloc(norder + 1, sizeof *days_n);
    long long *days_sum = slp_calloc(norder + 1, sizeof *days_sum);
    if (e->stages == NULL || days_n == NULL || days_sum == NULL) {
        slp_free(days_n);
        slp_free(days_sum);
        return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    e->stage_count = norder;
    int rc = slp_est_reps_begin(x);
    for (size_t d = 0; d < ndeals && rc == SALESPLAN_OK; d++) {
        const int32_t *en = &t->entry[d * nst];
        int cls = t->term[d] == 1 ? SLP_CLASS_WON : t->term[d] == 2 ? SLP_CLASS_LOST
                                                                     : SLP_CLASS_OPEN;
        long m = furthest(en, nst);
        const uint32_t *gid = x->ngroups ? &t->gid[d * x->ngroups] : x->row_gid;
        for (long k = 0; k < (long)norder && k <= m; k++) {
            if (en[k] == SLP_NO_DAY)
                continue;
            if (k < m || cls == SLP_CLASS_LOST)
                slp_est_reps_tally(x, gid, (size_t)k, k < m);
            salesplan_estimate_stage *st = &e->stages[k];
            st->entered++;
            if (k < m) {
                st->advanced++;
                long dd = stage_days(en, nst, (size_t)k);
                if (dd >= 0) {
                    days_n[k]++;
                    days_sum[k] += dd;
                }
            } else if (cls == SLP_CLASS_LOST) {
                st->lost++;
            } else {
                st->open++;
            }
        }
        int32_t cycle = SLP_NO_DAY;
        if (cls == SLP_CLASS_WON && dated(en[norder])) {
            int32_t first = en[norder];
            for (size_t k = 0; k < norder; k++)
                if (dated(en[k]) && en[k] < first)
                    first = en[k];
            cycle = en[norder] - first;
        }
        rc = slp_est_count(x, gid, cls, cls == SLP_CLASS_WON ? t->amount[d] : (double)NAN, cycle);
    }
    /* medians of days in stage: scatter the values by stage, then select */
    size_t total = 0;
    for (size_t k = 0; k < norder; k++)
        total += days_n[k];
    double *vals = rc == SALESPLAN_OK ? slp_malloc((total ? total : 1) * sizeof *vals) : NULL;
    size_t *fill = rc == SALESPLAN_OK ? slp_calloc(norder + 1, sizeof *fill) : NULL;
    if (rc == SALESPLAN_OK && (vals == NULL || fill == NULL))
        rc = slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    if (rc == SALESPLAN_OK) {
        size_t off = 0;
        for (size_t k = 0; k < norder; k++) {
            fill[k] = off;
            off += days_n[k];
        }
        for (size_t d = 0; d < ndeals; d++) {
            const int32_t *en = &t->entry[d * nst];
            long m = furthest(en, nst);
            for (long k = 0; k < (long)norder && k < m; k++) {
                long dd = en[k] != SLP_NO_DAY ? stage_days(en, nst, (size_t)k) : -1;
                if (dd >= 0)
                    vals[fill[k]++] = (double)dd;
            }
        }
        size_t start = 0;
        for (size_t k = 0; k < norder; k++) {
            salesplan_estimate_stage *st = &e->stages[k];
            st->name = slp_strdup(x->order[k]);
            if (st->name == NULL) {
                rc = slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
                break;
            }
            long long closed = st->advanced + st->lost;
            st->conversion = closed > 0 ? (double)st->advanced / (double)closed : (double)NAN;
            slp_wilson(st->advanced, closed, &st->conversion_low, &st->conversion_high);
            st->days_mean = days_n[k] ? (double)days_sum[k] / (double)days_n[k] : (double)NAN;
            st->days_median = slp_median(vals + start, days_n[k]);
            start += days_n[k];
        }
    }
    slp_free(vals);
    slp_free(fill);
    slp_free(days_n);
    slp_free(days_sum);
    return rc;
}
