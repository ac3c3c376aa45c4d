/* From the accumulator to the figures of SPEC §12: the date range, the
 * stages each activity feeds, entries into them, yields per activity and per
 * owner, and the attribution of activities to deals (by deal id, or by an
 * account whose deal was created within the window after the activity). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/date.h"
#include "common/error.h"
#include "common/hash.h"
#include "estimate/activity_internal.h"
#include "estimate/csv_fields.h"

typedef struct named {
    const char *s;
    size_t n;
    uint32_t id;
} named;

static int cmp_named(const void *pa, const void *pb)
{
    const named *a = pa, *b = pb;
    size_t n = a->n < b->n ? a->n : b->n;
    int c = memcmp(a->s, b->s, n);
    if (c != 0)
        return c;
    return a->n < b->n ? -1 : a->n > b->n;
}

/* A dictionary's keys sorted bytewise (NULL when empty; *out = NULL on ENOMEM too). */
static int sorted_keys(const slp_dict *d, named **out)
{
    *out = slp_calloc(d->count ? d->count : 1, sizeof **out);
    if (*out == NULL)
        return SALESPLAN_ENOMEM;
    for (size_t i = 0; i < d->count; i++) {
        (*out)[i].s = slp_dict_key(d, (uint32_t)i, &(*out)[i].n);
        (*out)[i].id = (uint32_t)i;
    }
    if (d->count > 1)
        qsort(*out, d->count, sizeof **out, cmp_named);
    return SALESPLAN_OK;
}

/* One (account, created, deal) of the account index. */
typedef struct acct_deal {
    uint32_t account, deal;
    int32_t created;
    uint8_t cls;
    const char *key; /* the deal id; NULL for a deal without one */
    size_t key_len;
} acct_deal;

/* By account, created day, then deal id (deals without an id last, by
 * class): an order that does not depend on the order rows were read in. */
static int cmp_acct(const void *pa, const void *pb)
{
    const acct_deal *a = pa, *b = pb;
    if (a->account != b->account)
        return a->account < b->account ? -1 : 1;
    if (a->created != b->created)
        return a->created < b->created ? -1 : 1;
    if ((a->key == NULL) != (b->key == NULL))
        return a->key == NULL ? 1 : -1;
    if (a->key == NULL) {
        /* qsort need not keep equal items in order: the index decides last */
        if (a->cls != b->cls)
            return (a->cls > b->cls) - (a->cls < b->cls);
        return (a->deal > b->deal) - (a->deal < b->deal);
    }
    int c = memcmp(a->key, b->key, a->key_len < b->key_len ? a->key_len : b->key_len);
    if (c != 0)
        return c;
    return (a->key_len > b->key_len) - (a->key_len < b->key_len);
}

typedef struct run {
    const slp_act_acc *acc;
    salesplan_activities *r;
    const salesplan_activities_options *o;
    salesplan_error *err;
    const salesplan_plan *p;
    int32_t lo, hi;
    size_t nst, nown, nact, nplan;
    const char **stage_name; /* nst */
    long long *entries;      /* nst x (nown + 1); -1 unknown */
    long long *won;          /* nown + 1 */
    uint32_t *act_of_type;   /* per type id */
    size_t *act_stage;       /* per activity */
    const char **act_name;   /* per activity */
    double *planned;         /* per activity */
    long long *cnt;          /* nact x (nown + 1) */
    long long *attributed, *won_attr, *lost_attr; /* per activity */
    named *owners;           /* sorted */
    named *types;            /* sorted */
} run;

static int in_range(const run *x, int32_t d)
{
    return d != SLP_NO_DAY && d >= x->lo && d <= x->hi;
}

static int nomem(run *x)
{
    return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
}

static int range(run *x)
{
    const slp_act_acc *a = x->acc;
    slp_day d;
    if (a->log_min > a->log_max)
        return slp_error_set(x->err, SALESPLAN_EDATA, "activities", 0, 0,
                             "the activity log has no dated row");
    if (a->deals_min > a->deals_max && (x->o->from == NULL || x->o->to == NULL))
        return slp_error_set(x->err, SALESPLAN_EDATA, "deals", 0, 0,
                             "the deals file has no dated row; give the range (options `from` "
                             "and `to`)");
    x->lo = a->log_min > a->deals_min ? a->log_min : a->deals_min;
    x->hi = a->log_max < a->deals_max ? a->log_max : a->deals_max;
    if (x->o->from != NULL) {
        if (slp_parse_iso_date_str(x->o->from, &d) != 0)
            return slp_error_set(x->err, SALESPLAN_EINVAL, NULL, 0, 0,
                                 "option `from`: '%.40s' is not a date (YYYY-MM-DD)", x->o->from);
        x->lo = (int32_t)d;
    }
    if (x->o->to != NULL) {
        if (slp_parse_iso_date_str(x->o->to, &d) != 0)
            return slp_error_set(x->err, SALESPLAN_EINVAL, NULL, 0, 0,
                                 "option `to`: '%.40s' is not a date (YYYY-MM-DD)", x->o->to);
        x->hi = (int32_t)d;
    }
    if (x->lo > x->hi) {
        char l1[11], l2[11], d1[11], d2[11];
        slp_format_date(a->log_min, l1);
        slp_format_date(a->log_max, l2);
        slp_format_date(a->deals_min, d1);
        slp_format_date(a->deals_max, d2);
        return slp_error_set(x->err, SALESPLAN_EDATA, NULL, 0, 0,
                             "the range is empty: the activity log covers %s..%s and the deals "
                             "%s..%s (options `from` and `to`)",
                             l1, l2, d1, d2);
    }
    slp_format_date(x->lo, x->r->from);
    slp_format_date(x->hi, x->r->to);
    x->r->info.from = x->r->from;
    x->r->info.to = x->r->to;
    return SALESPLAN_OK;
}

/* Stage names, and entries into each stage in the range, overall and per owner. */
static int stages(run *x)
{
    const slp_act_acc *a = x->acc;
    size_t w1 = x->nown + 1;
    x->nst = x->p ? salesplan_plan_stage_count(x->p) : 2;
    x->stage_name = slp_calloc(x->nst, sizeof *x->stage_name);
    x->entries = slp_calloc(x->nst * w1, sizeof *x->entries);
    x->won = slp_calloc(w1, sizeof *x->won);
    if (!x->stage_name || !x->entries || !x->won)
        return nomem(x);
    for (size_t s = 0; s < x->nst; s++) {
        const char *nm = s == 0 ? "created" : "won";
        if (x->p)
            salesplan_plan_stage_name(&nm, x->p, s);
        x->stage_name[s] = slp_act_keep(x->r, nm, strlen(nm));
        if (x->stage_name[s] == NULL)
            return nomem(x);
    }
    size_t won_st = x->nst - 1;
    int by_rows = x->p != NULL && a->shape == SALESPLAN_DEALS_TRANSITIONS;
    for (size_t d = 0; d < a->deals.count; d++) {
        const slp_act_deal *r = &a->deal[d];
        if (!r->known)
            continue;
        size_t ow = r->owner == SLP_NO_ID ? 0 : (size_t)r->owner + 1;
        if (!by_rows && in_range(x, r->created)) {
            x->entries[0]++;
            if (ow)
                x->entries[ow]++;
        }
        if (r->cls == SLP_ACT_WON && in_range(x, r->won_day)) {
            x->won[0]++;
            if (ow)
                x->won[ow]++;
        }
    }
    memcpy(&x->entries[won_st * w1], x->won, w1 * sizeof *x->won);
    if (!by_rows) {
        for (size_t s = 1; s < won_st; s++)
            for (size_t k = 0; k < w1; k++)
                x->entries[s * w1 + k] = -1;
        return SALESPLAN_OK;
    }
    /* transitions with a plan: stage-entry rows by the plan's stage names */
    long *plan_idx = slp_calloc(a->stages.count ? a->stages.count : 1, sizeof *plan_idx);
    if (plan_idx == NULL)
        return nomem(x);
    int rc = SALESPLAN_OK;
    for (size_t s = 0; s < a->stages.count && rc == SALESPLAN_OK; s++) {
        size_t n;
        const char *k = slp_dict_key(&a->stages, (uint32_t)s, &n);
        plan_idx[s] = -1;
        if (a->stage_cls[s] != SLP_ACT_OPEN)
            continue; /* won rows are counted per deal above; lost rows enter nothing */
        for (size_t p = 0; p < won_st; p++)
            if (slp_est_name_eq(k, n, x->stage_name[p], strlen(x->stage_name[p])))
                plan_idx[s] = (long)p;
        if (plan_idx[s] < 0)
            rc = slp_act_warn(x->r, "deals stage '%.60s' is not a stage of the plan: its "
                                    "entries are not counted",
                              k);
    }
    slp_act_iter it;
    slp_act_cell c;
    slp_act_iter_init(&it, &a->entries);
    while (rc == SALESPLAN_OK && slp_act_iter_next(&it, &c)) {
        if (plan_idx[c.a] < 0 || !in_range(x, c.day))
            continue;
        long long *row = &x->entries[(size_t)plan_idx[c.a] * w1];
        row[0] += (long long)c.n;
        if (c.b)
            row[c.b] += (long long)c.n;
    }
    slp_free(plan_idx);
    return rc;
}

/* Index of the activity named [s, s+n) among the first `count` (case-insensitive), or -1. */
static long find_act(const run *x, size_t count, const char *s, size_t n)
{
    for (size_t i = 0; i < count; i++)
        if (slp_est_name_eq(x->act_name[i], strlen(x->act_name[i]), s, n))
            return (long)i;
    return -1;
}

/* Activities: the plan's, then the log's types that name none (or the map's names). */
static int activities(run *x)
{
    const slp_act_acc *a = x->acc;
    size_t nt = a->types.count;
    x->nplan = x->p ? salesplan_plan_activity_count(x->p) : 0;
    size_t cap = x->nplan + nt + 1;
    x->act_name = slp_calloc(cap, sizeof *x->act_name);
    x->act_stage = slp_calloc(cap, sizeof *x->act_stage);
    x->planned = slp_calloc(cap, sizeof *x->planned);
    x->act_of_type = slp_calloc(nt + 1, sizeof *x->act_of_type);
    if (!x->act_name || !x->act_stage || !x->planned || !x->act_of_type)
        return nomem(x);
    for (size_t i = 0; i < x->nplan; i++) {
        const char *nm = NULL, *st = NULL;
        salesplan_plan_activity_name(&nm, x->p, i);
        salesplan_plan_activity_stage(&st, x->p, i);
        salesplan_plan_activity_per_entry(&x->planned[i], x->p, i);
        x->act_name[i] = slp_act_keep(x->r, nm, strlen(nm));
        if (x->act_name[i] == NULL)
            return nomem(x);
        for (size_t s = 0; s < x->nst; s++)
            if (st && strcmp(st, x->stage_name[s]) == 0)
                x->act_stage[i] = s;
    }
    for (size_t m = 0; m < x->o->map_count; m++) {
        const char *t = x->o->map_activities[m];
        if (x->p && t && find_act(x, x->nplan, t, strlen(t)) < 0)
            return slp_error_set(x->err, SALESPLAN_EDATA, NULL, 0, 0,
                                 "map: '%.60s' is not an activity of the plan", t);
    }
    size_t nact = x->nplan;
    int rc = SALESPLAN_OK;
    char unmapped[160] = "";
    size_t nun = 0;
    for (size_t k = 0; k < nt; k++) {
        const named *ty = &x->types[k]; /* sorted: extra activities come out in name order */
        const char *target = ty->s;
        size_t tn = ty->n;
        for (size_t m = 0; m < x->o->map_count; m++) {
            const char *mt = x->o->map_types[m];
            if (mt && x->o->map_activities[m] && slp_est_name_eq(mt, strlen(mt), ty->s, ty->n)) {
                target = x->o->map_activities[m];
                tn = strlen(target);
            }
        }
        long i = find_act(x, nact, target, tn);
        if (i < 0) {
            i = (long)nact++;
            x->act_name[i] = slp_act_keep(x->r, target, tn);
            if (x->act_name[i] == NULL)
                return nomem(x);
            x->planned[i] = NAN;
            if (x->p && nun++ < 4) {
                size_t u = strlen(unmapped);
                snprintf(unmapped + u, sizeof unmapped - u, "%s'%.30s'", u ? ", " : "",
                         x->act_name[i]);
            }
        }
        x->act_of_type[ty->id] = (uint32_t)i;
    }
    if (nun > 0)
        rc = slp_act_warn(x->r, "%zu activity type%s of the log name%s no activity of the plan "
                                "(%s%s): counted against the first stage; map them (option "
                                "`map`)",
                          nun, nun == 1 ? "" : "s", nun == 1 ? "s" : "", unmapped,
                          nun > 4 ? ", ..." : "");
    x->nact = nact;
    if (rc == SALESPLAN_OK && x->p && x->acc->shape == SALESPLAN_DEALS_SNAPSHOT)
        for (size_t i = 0; i < nact; i++)
            if (x->act_stage[i] > 0 && x->act_stage[i] + 1 < x->nst) {
                rc = slp_act_warn(x->r, "a snapshot of deals gives entries into the first and "
                                        "the won stage only: the yields of activities feeding "
                                        "'%s' and other middle stages are null (a transitions "
                                        "file gives them)",
                                  x->stage_name[x->act_stage[i]]);
                break;
            }
    return rc;
}

static int count_rows(run *x)
{
    size_t w1 = x->nown + 1;
    x->cnt = slp_calloc(x->nact * w1 + 1, sizeof *x->cnt);
    if (x->cnt == NULL)
        return nomem(x);
    slp_act_iter it;
    slp_act_cell c;
    slp_act_iter_init(&it, &x->acc->log);
    while (slp_act_iter_next(&it, &c)) {
        if (!in_range(x, c.day))
            continue;
        long long *row = &x->cnt[(size_t)x->act_of_type[c.a] * w1];
        row[0] += (long long)c.n;
        if (c.b)
            row[c.b] += (long long)c.n;
        x->r->info.log_in_range += (long long)c.n;
    }
    return SALESPLAN_OK;
}

/* The deal an account's activity on `day` belongs to: the first deal of that
 * account created on day..day+window; SLP_NO_ID when none. The account's
 * deals are ix[at[account]..at[account + 1]), by created day. */
static uint32_t by_account(const acct_deal *ix, const uint32_t *at, uint32_t account, int32_t day,
                           long window)
{
    size_t lo = at[account], hi = at[account + 1], end = hi;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix[mid].created < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < end && (long)ix[lo].created - day <= window)
        return ix[lo].deal;
    return SLP_NO_ID;
}

/* The deals with an account and a created day in ix by account (cmp_acct),
 * and at[k] where account k's deals start (at[accounts]: their number): the
 * deals counted by account, put in place, then each account's few sorted
 * (no sort of them all, no second array). at[] has accounts + 1 entries, 0. */
static void index_accounts(const slp_act_acc *a, acct_deal *ix, uint32_t *at)
{
    size_t na = a->accounts.count;
    for (size_t d = 0; d < a->deals.count; d++) {
        const slp_act_deal *r = &a->deal[d];
        if (r->known && r->account != SLP_NO_ID && r->created != SLP_NO_DAY)
            at[r->account + 1]++;
    }
    for (size_t k = 1; k <= na; k++)
        at[k] += at[k - 1];
    for (size_t d = 0; d < a->deals.count; d++) { /* at[k] moves to account k's end */
        const slp_act_deal *r = &a->deal[d];
        if (r->known && r->account != SLP_NO_ID && r->created != SLP_NO_DAY) {
            size_t kn;
            const char *k = slp_dict_key(&a->deals, (uint32_t)d, &kn);
            ix[at[r->account]++] = (acct_deal){r->account, (uint32_t)d, r->created, r->cls,
                                               k[0] == '\0' ? NULL : k, kn};
        }
    }
    for (size_t k = na; k > 0; k--) /* back to where each account starts */
        at[k] = at[k - 1];
    at[0] = 0;
    for (size_t k = 0; k < na; k++)
        if (at[k + 1] - at[k] > 1)
            qsort(ix + at[k], at[k + 1] - at[k], sizeof *ix, cmp_acct);
}

static int attribute(run *x)
{
    const slp_act_acc *a = x->acc;
    size_t nd = a->deals.count;
    acct_deal *ix = slp_calloc(nd + 1, sizeof *ix);
    uint32_t *at = slp_calloc(a->accounts.count + 1, sizeof *at); /* ids < 2^32 */
    uint8_t *st = slp_calloc(nd + 1, 1); /* per deal: KNOWN, its class << 1, TOUCHED */
    x->attributed = slp_calloc(x->nact + 1, sizeof *x->attributed);
    x->won_attr = slp_calloc(x->nact + 1, sizeof *x->won_attr);
    x->lost_attr = slp_calloc(x->nact + 1, sizeof *x->lost_attr);
    int rc = SALESPLAN_OK;
    if (!ix || !at || !st || !x->attributed || !x->won_attr || !x->lost_attr) {
        rc = nomem(x);
        goto done;
    }
    enum { KNOWN = 1, TOUCHED = 8 };
    index_accounts(a, ix, at);
    for (size_t d = 0; d < nd; d++) /* a byte a deal: near, where the records are far */
        st[d] = (uint8_t)((a->deal[d].known ? KNOWN : 0) | a->deal[d].cls << 1);
    long long unknown_ids = 0;
    slp_act_iter it;
    slp_act_cell batch[32];
    size_t nb;
    slp_act_iter_init(&it, &a->links);
    do { /* a batch of keys at a time: the account deals they look at fetched ahead */
        for (nb = 0; nb < 32 && slp_act_iter_next(&it, &batch[nb]);)
            if (in_range(x, batch[nb].day)) {
#if defined(__GNUC__) || defined(__clang__)
                if (batch[nb].b & 1u)
                    __builtin_prefetch(&ix[at[batch[nb].b >> 1]]);
#endif
                nb++;
            }
        for (size_t i = 0; i < nb; i++) {
            const slp_act_cell *c = &batch[i];
            uint32_t d = (c->b & 1u) ? by_account(ix, at, c->b >> 1, c->day, x->o->window_days)
                                     : c->b >> 1;
            if (d != SLP_NO_ID && !(st[d] & KNOWN)) {
                unknown_ids += (long long)c->n;
                d = SLP_NO_ID;
            }
            if (d == SLP_NO_ID)
                continue;
            size_t ai = x->act_of_type[c->a];
            x->attributed[ai] += (long long)c->n;
            x->r->info.attributed += (long long)c->n;
            st[d] |= TOUCHED;
            if (((st[d] >> 1) & 3u) == SLP_ACT_WON)
                x->won_attr[ai] += (long long)c->n;
            else if (((st[d] >> 1) & 3u) == SLP_ACT_LOST)
                x->lost_attr[ai] += (long long)c->n;
        }
    } while (nb > 0);
    for (size_t d = 0; d < nd; d++)
        if (st[d] & TOUCHED) {
            x->r->info.won_touched += a->deal[d].cls == SLP_ACT_WON;
            x->r->info.lost_touched += a->deal[d].cls == SLP_ACT_LOST;
        }
    if (unknown_ids > 0)
        rc = slp_act_warn(x->r, "%lld activit%s in the range name a deal id the deals file does "
                                "not have: not attributed",
                          unknown_ids, unknown_ids == 1 ? "y" : "ies");
done:
    slp_free(ix);
    slp_free(at);
    slp_free(st);
    return rc;
}

static double ratio(long long num, long long den)
{
    return den > 0 ? (double)num / (double)den : (double)NAN;
}

static void fill(const run *x, salesplan_activity_yield *y, size_t ai, size_t col)
{
    size_t w1 = x->nown + 1;
    long long e = x->entries[x->act_stage[ai] * w1 + col];
    y->stage = x->stage_name[x->act_stage[ai]];
    y->count = x->cnt[ai * w1 + col];
    y->entries = e;
    y->per_entry = e > 0 ? (double)y->count / (double)e : (double)NAN;
    y->won_deals = x->won[col];
    y->per_won_deal = ratio(y->count, y->won_deals);
    y->planned_per_entry = x->planned[ai];
    y->attributed = -1;
    y->coverage = NAN;
    y->mean_per_won_deal = NAN;
    y->mean_per_lost_deal = NAN;
}

static int build(run *x)
{
    salesplan_activities *r = x->r;
    size_t w1 = x->nown + 1;
    size_t nown_rec = 0;
    for (size_t ai = 0; ai < x->nact; ai++)
        for (size_t o = 1; o < w1; o++)
            nown_rec += x->cnt[ai * w1 + o] > 0;
    r->act = slp_calloc(x->nact + 1, sizeof *r->act);
    r->owner_start = slp_calloc(x->nact + 1, sizeof *r->owner_start);
    r->own = slp_calloc(nown_rec + 1, sizeof *r->own);
    r->type_start = slp_calloc(x->nact + 1, sizeof *r->type_start);
    r->types = slp_calloc(x->acc->types.count + 1, sizeof *r->types);
    if (!r->act || !r->owner_start || !r->own || !r->type_start || !r->types)
        return nomem(x);
    const char **owner_name = slp_calloc(w1, sizeof *owner_name);
    if (owner_name == NULL)
        return nomem(x);
    for (size_t k = 0; k < x->nown; k++) {
        owner_name[x->owners[k].id + 1] = slp_act_keep(r, x->owners[k].s, x->owners[k].n);
        if (owner_name[x->owners[k].id + 1] == NULL) {
            slp_free(owner_name);
            return nomem(x);
        }
    }
    size_t j = 0, t = 0;
    int rc = SALESPLAN_OK;
    for (size_t ai = 0; ai < x->nact && rc == SALESPLAN_OK; ai++) {
        salesplan_activity_yield *y = &r->act[ai];
        y->name = x->act_name[ai];
        fill(x, y, ai, 0);
        y->attributed = x->attributed[ai];
        y->coverage = ratio(x->attributed[ai], y->count);
        y->mean_per_won_deal = ratio(x->won_attr[ai], r->info.won_touched);
        y->mean_per_lost_deal = ratio(x->lost_attr[ai], r->info.lost_touched);
        r->owner_start[ai] = j;
        for (size_t k = 0; k < x->nown; k++) {
            size_t col = (size_t)x->owners[k].id + 1;
            if (x->cnt[ai * w1 + col] == 0)
                continue;
            salesplan_activity_yield *oy = &r->own[j++];
            oy->name = y->name;
            oy->owner = owner_name[col];
            fill(x, oy, ai, col);
        }
        r->type_start[ai] = t;
        for (size_t k = 0; k < x->acc->types.count; k++)
            if (x->act_of_type[x->types[k].id] == ai) {
                r->types[t] = slp_act_keep(r, x->types[k].s, x->types[k].n);
                if (r->types[t++] == NULL)
                    rc = nomem(x);
            }
    }
    r->owner_start[x->nact] = j;
    r->type_start[x->nact] = t;
    r->act_count = x->nact;
    slp_free(owner_name);
    return rc;
}

int slp_act_finish(const slp_act_acc *acc, salesplan_activities *r,
                   const salesplan_activities_options *o, salesplan_error *err)
{
    run x;
    memset(&x, 0, sizeof x);
    x.acc = acc;
    x.r = r;
    x.o = o;
    x.err = err;
    x.p = o->plan;
    x.nown = acc->owners.count;
    r->has_plan = x.p != NULL;
    r->info.window_days = o->window_days;
    r->info.deals_shape = acc->shape ? acc->shape : r->info.deals_shape;
    r->info.log_rows = acc->log_rows;
    r->info.log_skipped = acc->log_skipped;
    r->info.deals_rows = acc->deals_rows;
    r->info.deals_skipped = acc->deals_skipped;
    for (size_t d = 0; d < acc->deals.count; d++)
        r->info.deals += acc->deal[d].known;
    int rc = range(&x);
    if (rc == SALESPLAN_OK)
        rc = sorted_keys(&acc->owners, &x.owners) == SALESPLAN_OK &&
                     sorted_keys(&acc->types, &x.types) == SALESPLAN_OK
                 ? SALESPLAN_OK
                 : nomem(&x);
    if (rc == SALESPLAN_OK)
        rc = stages(&x);
    if (rc == SALESPLAN_OK)
        rc = activities(&x);
    if (rc == SALESPLAN_OK)
        rc = count_rows(&x);
    if (rc == SALESPLAN_OK)
        rc = attribute(&x);
    if (rc == SALESPLAN_OK) {
        r->info.coverage = ratio(r->info.attributed, r->info.log_in_range);
        rc = build(&x);
    }
    if (rc == SALESPLAN_OK && x.p)
        rc = slp_act_emit_build(r, x.p, err);
    slp_free(x.stage_name);
    slp_free(x.entries);
    slp_free(x.won);
    slp_free(x.act_of_type);
    slp_free(x.act_stage);
    slp_free(x.act_name);
    slp_free(x.planned);
    slp_free(x.cnt);
    slp_free(x.attributed);
    slp_free(x.won_attr);
    slp_free(x.lost_attr);
    slp_free(x.owners);
    slp_free(x.types);
    return rc;
}
