/* Activity states as bytes: the checked envelope and reader of
 * state_bytes.h around the options, both inputs' headers, date orders and
 * skipped rows, and the accumulator's dictionaries, deal records and count
 * tables. The reader trusts nothing: every count is bounded by the bytes
 * left, every id by its dictionary, every day and class by its range. */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/activity_state.h"
#include "estimate/state_bytes.h"

#define MAGIC "SLPACTS1"
#define FORMAT_VERSION 1u

/* ---- writing ------------------------------------------------------------------------ */

static void put_options(slp_wbuf *w, const salesplan_activity_state *s)
{
    salesplan_activities_options o = s->o;
    slp_wb_u32(w, (uint32_t)o.deals_shape);
    slp_wb_u32(w, (uint32_t)o.date_order);
    slp_wb_u8(w, (unsigned char)o.delimiter);
    slp_wb_u64(w, o.max_reported);
    slp_wb_i64(w, o.window_days);
    for (size_t i = 0; i < SLP_ACT_OPTION_STRINGS; i++)
        slp_wb_str(w, *slp_act_option_string(&o, i));
    slp_act_list l[SLP_ACT_OPTION_LISTS];
    slp_act_option_lists(&o, l);
    for (size_t i = 0; i < SLP_ACT_OPTION_LISTS; i++)
        slp_wb_list(w, *l[i].v, *l[i].count);
    slp_wb_u8(w, s->plan != NULL);
    if (s->plan != NULL) {
        char *json = NULL;
        size_t n = 0;
        if (salesplan_plan_to_json(&json, &n, s->plan, NULL) != SALESPLAN_OK)
            w->failed = 1;
        slp_wb_strn(w, json ? json : "", n);
        salesplan_free(json);
    }
}

int slp_act_options_bytes(const salesplan_activity_state *s, char **out, size_t *len)
{
    slp_wbuf w = {0};
    put_options(&w, s);
    return slp_wb_take(&w, out, len);
}

static void put_input(slp_wbuf *w, const slp_act_input *in)
{
    slp_wb_u8(w, in->header != NULL);
    slp_wb_list(w, (const char *const *)in->header, in->header ? in->header_n : 0);
    slp_wb_u8(w, (unsigned)(in->dmy != 0));
    slp_wb_u8(w, (unsigned)(in->decided != 0));
    slp_wb_i64(w, in->slash_dates);
    slp_wb_u64(w, in->record_line);
    slp_wb_u64(w, in->nprob);
    for (size_t i = 0; i < in->nprob; i++) {
        slp_wb_i64(w, in->prob[i].line);
        slp_wb_str(w, in->prob[i].msg);
    }
}

static void put_dict(slp_wbuf *w, const slp_dict *d, const uint8_t *cls)
{
    slp_wb_u64(w, d->count);
    for (uint32_t i = 0; i < d->count; i++) {
        size_t n;
        const char *k = slp_dict_key(d, i, &n);
        slp_wb_strn(w, k, n);
        if (cls != NULL)
            slp_wb_u8(w, cls[i]);
    }
}

static int cmp_cell(const void *pa, const void *pb)
{
    const slp_act_cell *a = pa, *b = pb;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    if (a->b != b->b)
        return a->b < b->b ? -1 : 1;
    return (a->day > b->day) - (a->day < b->day);
}

/* The cells in use, sorted, a key once (the table may hold a key in each of
 * its parts): the bytes do not depend on the table's history. */
static void put_tab(slp_wbuf *w, const slp_act_tab *t)
{
    size_t keys = slp_act_tab_keys(t);
    slp_act_cell *c = slp_calloc(keys ? keys : 1, sizeof *c);
    if (c == NULL) {
        w->failed = 1;
        return;
    }
    size_t n = 0;
    slp_act_iter it;
    slp_act_iter_init(&it, t);
    while (n < keys && slp_act_iter_next(&it, &c[n]))
        n++;
    if (n > 1)
        qsort(c, n, sizeof *c, cmp_cell);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) /* sums stay within UINT32_MAX (activity_tab.h) */
        if (m > 0 && cmp_cell(&c[m - 1], &c[i]) == 0)
            c[m - 1].n += c[i].n;
        else
            c[m++] = c[i];
    n = m;
    slp_wb_u64(w, n);
    for (size_t i = 0; i < n; i++) {
        slp_wb_u32(w, c[i].a);
        slp_wb_u32(w, c[i].b);
        slp_wb_i32(w, c[i].day);
        slp_wb_u32(w, c[i].n);
    }
    slp_free(c);
}

/* The counters and extents of an accumulator, in the order they are written. */
static void acc_counts(slp_act_acc *a, long long *c[4], int32_t *d[4])
{
    c[0] = &a->log_rows, c[1] = &a->log_skipped, c[2] = &a->deals_rows, c[3] = &a->deals_skipped;
    d[0] = &a->log_min, d[1] = &a->log_max, d[2] = &a->deals_min, d[3] = &a->deals_max;
}

/* The ids and days of a deal record, in the order they are written. */
static void deal_fields(slp_act_deal *r, uint32_t *id[2], int32_t *day[4])
{
    id[0] = &r->owner, id[1] = &r->account;
    day[0] = &r->created, day[1] = &r->won_day, day[2] = &r->owner_day, day[3] = &r->account_day;
}

static void put_acc(slp_wbuf *w, const slp_act_acc *ca)
{
    slp_act_acc *a = (slp_act_acc *)(uintptr_t)ca; /* only read */
    long long *c[4];
    int32_t *d[4];
    acc_counts(a, c, d);
    slp_wb_u32(w, (uint32_t)a->shape);
    for (int i = 0; i < 4; i++)
        slp_wb_i64(w, *c[i]);
    for (int i = 0; i < 4; i++)
        slp_wb_i32(w, *d[i]);
    put_dict(w, &a->types, NULL);
    put_dict(w, &a->owners, NULL);
    put_dict(w, &a->accounts, NULL);
    put_dict(w, &a->stages, a->stage_cls);
    slp_wb_u64(w, a->deals.count);
    for (uint32_t i = 0; i < a->deals.count; i++) {
        size_t n;
        const char *k = slp_dict_key(&a->deals, i, &n);
        int anonymous = k[0] == '\0'; /* a deal without an id: its key is private */
        slp_wb_u8(w, (unsigned)anonymous);
        if (!anonymous)
            slp_wb_strn(w, k, n);
        uint32_t *id[2];
        int32_t *day[4];
        deal_fields(&a->deal[i], id, day);
        for (int f = 0; f < 2; f++)
            slp_wb_u32(w, *id[f]);
        for (int f = 0; f < 4; f++)
            slp_wb_i32(w, *day[f]);
        slp_wb_u8(w, a->deal[i].cls);
        slp_wb_u8(w, a->deal[i].known);
    }
    put_tab(w, &a->log);
    put_tab(w, &a->links);
    put_tab(w, &a->entries);
}

salesplan_status salesplan_activity_state_serialize(char **out, size_t *len,
                                                    const salesplan_activity_state *s,
                                                    salesplan_error *err)
{
    if (out == NULL || len == NULL || s == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL argument");
    *out = NULL;
    *len = 0;
    int rc = slp_act_state_ready(s, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    slp_wbuf w = {0};
    slp_wb_begin(&w);
    put_options(&w, s);
    put_input(&w, &s->in[SALESPLAN_INPUT_LOG]);
    put_input(&w, &s->in[SALESPLAN_INPUT_DEALS]);
    put_acc(&w, &s->acc);
    slp_wb_seal(&w, MAGIC, FORMAT_VERSION);
    if (slp_wb_take(&w, out, len) != SALESPLAN_OK)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    slp_error_clear(err);
    return SALESPLAN_OK;
}

/* ---- reading ------------------------------------------------------------------------ */

/* Status of a reading step: 0, -1 corrupt (r->what says what), -2 out of memory. */
#define CORRUPT(r, what) (slp_rb_bad((r), (what)), -1)

typedef struct opt_read {
    salesplan_activities_options o;
    char *str[SLP_ACT_OPTION_STRINGS];
    slp_strs lists[SLP_ACT_OPTION_LISTS];
    salesplan_plan *plan;
} opt_read;

static void opt_read_free(opt_read *q)
{
    for (size_t i = 0; i < SLP_ACT_OPTION_STRINGS; i++)
        slp_free(q->str[i]);
    for (size_t i = 0; i < SLP_ACT_OPTION_LISTS; i++)
        slp_strs_free(&q->lists[i]);
    salesplan_plan_free(q->plan);
}

static int get_options(slp_rbuf *r, opt_read *q)
{
    salesplan_activities_options *o = &q->o;
    *o = (salesplan_activities_options)SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    o->deals_shape = (int)slp_rb_u32(r, "options");
    o->date_order = (int)slp_rb_u32(r, "options");
    o->delimiter = (char)slp_rb_u8(r, "options");
    o->max_reported = (size_t)slp_rb_u64(r, "options");
    long long wd = slp_rb_i64(r, "options");
    if (wd < 0 || wd > 36600)
        return CORRUPT(r, "options");
    o->window_days = (long)wd;
    for (size_t i = 0; i < SLP_ACT_OPTION_STRINGS && !r->bad; i++) {
        const char *s;
        size_t n;
        slp_rb_str(r, &s, &n, "options");
        if (s != NULL && (q->str[i] = slp_strndup(s, n)) == NULL)
            return -2;
        *slp_act_option_string(o, i) = q->str[i];
    }
    slp_act_list l[SLP_ACT_OPTION_LISTS];
    slp_act_option_lists(o, l);
    for (size_t i = 0; i < SLP_ACT_OPTION_LISTS && !r->bad; i++) {
        int rc = slp_rb_list(r, &q->lists[i], "options");
        if (rc != 0)
            return rc;
        *l[i].v = q->lists[i].n ? (const char *const *)q->lists[i].v : NULL;
        *l[i].count = q->lists[i].n;
    }
    if (r->bad || q->lists[0].n != q->lists[1].n)
        return CORRUPT(r, "options");
    unsigned has_plan = slp_rb_u8(r, "plan");
    if (has_plan > 1)
        return CORRUPT(r, "plan");
    if (has_plan) {
        const char *json;
        size_t n;
        if (slp_rb_key(r, &json, &n, "plan") != 0)
            return -1;
        salesplan_error perr;
        int prc = salesplan_plan_load_buffer(&q->plan, json, n, &perr);
        if (prc == SALESPLAN_ENOMEM)
            return -2;
        if (prc != SALESPLAN_OK)
            return CORRUPT(r, "plan");
        o->plan = q->plan;
    }
    return r->bad ? -1 : 0;
}

static int valid_day(int32_t d)
{
    return d > -1000000 && d < 3000000;
}

static int day_or_none(int32_t d)
{
    return d == SLP_NO_DAY || valid_day(d);
}

/* Days of an extent: both empty (INT32_MAX, INT32_MIN) or lo <= hi, valid. */
static int valid_extent(int32_t lo, int32_t hi)
{
    return (lo == INT32_MAX && hi == INT32_MIN) || (valid_day(lo) && valid_day(hi) && lo <= hi);
}

static int get_input(slp_rbuf *r, salesplan_activity_state *s, int which)
{
    slp_act_input *in = &s->in[which];
    unsigned has = slp_rb_u8(r, "header");
    slp_strs h = {0};
    int rc = slp_rb_list(r, &h, "header");
    if (rc == 0 && (has > 1 || (!has && h.n > 0)))
        rc = CORRUPT(r, "header");
    if (rc == 0 && has) {
        size_t *lens = slp_calloc(h.n ? h.n : 1, sizeof *lens);
        rc = lens ? 0 : -2;
        for (size_t i = 0; rc == 0 && i < h.n; i++)
            lens[i] = strlen(h.v[i]);
        salesplan_error herr;
        s->err = &herr;
        int hrc = rc == 0 ? slp_act_input_header(s, which, (const char *const *)h.v, lens, h.n, 1)
                          : SALESPLAN_OK;
        s->err = NULL;
        slp_free(lens);
        if (hrc == SALESPLAN_ENOMEM)
            rc = -2;
        else if (hrc != SALESPLAN_OK)
            rc = CORRUPT(r, "header");
    }
    slp_strs_free(&h);
    if (rc != 0)
        return rc;
    unsigned dmy = slp_rb_u8(r, "dates"), decided = slp_rb_u8(r, "dates");
    in->slash_dates = slp_rb_i64(r, "dates");
    in->record_line = slp_rb_u64(r, "records");
    if (r->bad || dmy > 1 || decided > 1 || in->slash_dates < 0 ||
        in->record_line > (uint64_t)SLP_STATE_MAX_COUNT)
        return CORRUPT(r, "dates");
    in->dmy = (int)dmy;
    in->decided = (int)decided;
    size_t np = slp_rb_count(r, 12, "skipped rows");
    if (np > s->o.max_reported)
        return CORRUPT(r, "skipped rows");
    for (size_t i = 0; i < np && !r->bad; i++) {
        long long line = slp_rb_i64(r, "skipped rows");
        const char *m;
        size_t mn;
        if (slp_rb_key(r, &m, &mn, "skipped rows") != 0 || line < 1)
            return CORRUPT(r, "skipped rows");
        char *c = slp_strndup(m, mn);
        rc = c ? slp_act_problem_add(s, in, line, c) : SALESPLAN_ENOMEM;
        slp_free(c);
        if (rc != SALESPLAN_OK)
            return -2;
    }
    return r->bad ? -1 : 0;
}

/* A dictionary: every key new, non-empty, given the next id. */
static int get_dict(slp_rbuf *r, slp_act_acc *a, int which, const char *what)
{
    size_t n = slp_rb_count(r, 4, what);
    for (size_t i = 0; i < n && !r->bad; i++) {
        const char *k;
        size_t kn;
        if (slp_rb_key(r, &k, &kn, what) != 0)
            return -1;
        unsigned cls = which == SLP_ACT_STAGES ? slp_rb_u8(r, what) : 0;
        uint32_t id;
        int added;
        int rc = slp_act_acc_key(a, which, k, kn, (int)cls, &id, &added);
        if (rc == SALESPLAN_ENOMEM)
            return -2;
        if (rc != SALESPLAN_OK || !added || id != i || cls > SLP_ACT_LOST)
            return CORRUPT(r, what);
    }
    return r->bad ? -1 : 0;
}

static int valid_id(uint32_t id, const slp_dict *d)
{
    return id == SLP_NO_ID || id < d->count;
}

static int get_deals(slp_rbuf *r, slp_act_acc *a)
{
    size_t n = slp_rb_count(r, 27, "deals");
    for (size_t i = 0; i < n && !r->bad; i++) {
        unsigned anonymous = slp_rb_u8(r, "deals");
        const char *k = NULL;
        size_t kn = 0;
        if (anonymous > 1 || (!anonymous && slp_rb_key(r, &k, &kn, "deals") != 0))
            return CORRUPT(r, "deals");
        uint32_t id;
        int added;
        int rc = slp_act_acc_key(a, SLP_ACT_DEALS, k, kn, 0, &id, &added);
        if (rc == SALESPLAN_ENOMEM)
            return -2;
        if (rc != SALESPLAN_OK || !added || id != i)
            return CORRUPT(r, "deals");
        slp_act_deal *d = &a->deal[id];
        uint32_t *ids[2];
        int32_t *day[4];
        deal_fields(d, ids, day);
        int ok = 1;
        for (int f = 0; f < 2; f++)
            *ids[f] = slp_rb_u32(r, "deals");
        for (int f = 0; f < 4; f++)
            ok &= day_or_none(*day[f] = slp_rb_i32(r, "deals"));
        unsigned cls = slp_rb_u8(r, "deals"), known = slp_rb_u8(r, "deals");
        if (r->bad || !ok || !valid_id(d->owner, &a->owners) ||
            !valid_id(d->account, &a->accounts) || cls > SLP_ACT_LOST || known > 1 ||
            (anonymous && !known))
            return CORRUPT(r, "deals");
        d->cls = (uint8_t)cls;
        d->known = (uint8_t)known;
    }
    return r->bad ? -1 : 0;
}

/* A table of counts; `b` is an owner + 1 (owners) or a deal or account link. */
static int get_tab(slp_rbuf *r, slp_act_tab *t, const slp_dict *keys, const slp_act_acc *a,
                   int links, const char *what)
{
    size_t n = slp_rb_count(r, 16, what);
    for (size_t i = 0; i < n && !r->bad; i++) {
        uint32_t ka = slp_rb_u32(r, what), kb = slp_rb_u32(r, what);
        int32_t day = slp_rb_i32(r, what);
        uint32_t cnt = slp_rb_u32(r, what);
        int ok = ka < keys->count && valid_day(day) && cnt > 0;
        if (links)
            ok = ok && (kb & 1u ? (kb >> 1) < a->accounts.count : (kb >> 1) < a->deals.count);
        else
            ok = ok && (kb == 0 || kb - 1 < a->owners.count);
        if (r->bad || !ok)
            return CORRUPT(r, what);
        int rc = slp_act_tab_add(t, ka, kb, day, cnt);
        if (rc == SALESPLAN_ENOMEM)
            return -2;
        if (rc != SALESPLAN_OK)
            return CORRUPT(r, what);
    }
    return r->bad ? -1 : 0;
}

static int get_acc(slp_rbuf *r, salesplan_activity_state *s)
{
    slp_act_acc *a = &s->acc;
    uint32_t shape = slp_rb_u32(r, "counts");
    long long *c[4];
    int32_t *d[4];
    acc_counts(a, c, d);
    for (int i = 0; i < 4; i++)
        *c[i] = slp_rb_i64(r, "counts");
    for (int i = 0; i < 4; i++)
        *d[i] = slp_rb_i32(r, "counts");
    const slp_act_input *deals = &s->in[SALESPLAN_INPUT_DEALS];
    if (r->bad || shape > SALESPLAN_DEALS_TRANSITIONS ||
        (shape != 0 && (deals->header == NULL || (int)shape != deals->shape)) ||
        a->log_rows < 0 || a->log_skipped < 0 || a->log_skipped > a->log_rows ||
        a->deals_rows < 0 || a->deals_skipped < 0 || a->deals_skipped > a->deals_rows ||
        !valid_extent(a->log_min, a->log_max) || !valid_extent(a->deals_min, a->deals_max))
        return CORRUPT(r, "counts");
    a->shape = (int)shape;
    int rc;
    if ((rc = get_dict(r, a, SLP_ACT_TYPES, "types")) != 0 ||
        (rc = get_dict(r, a, SLP_ACT_OWNERS, "owners")) != 0 ||
        (rc = get_dict(r, a, SLP_ACT_ACCOUNTS, "accounts")) != 0 ||
        (rc = get_dict(r, a, SLP_ACT_STAGES, "stages")) != 0 || (rc = get_deals(r, a)) != 0 ||
        (rc = get_tab(r, &a->log, &a->types, a, 0, "log counts")) != 0 ||
        (rc = get_tab(r, &a->links, &a->types, a, 1, "links")) != 0 ||
        (rc = get_tab(r, &a->entries, &a->stages, a, 0, "stage entries")) != 0)
        return rc;
    return r->bad ? -1 : 0;
}

/* The payload: options (then a state for them), both inputs, the accumulator. */
static int get_state(slp_rbuf *r, void *ctx, salesplan_error *err)
{
    salesplan_activity_state **out = ctx;
    (void)err;
    opt_read q;
    memset(&q, 0, sizeof q);
    int rc = get_options(r, &q);
    salesplan_activity_state *s = NULL;
    if (rc == 0) {
        salesplan_error oerr;
        int orc = slp_act_state_new(&s, &q.o, &oerr);
        rc = orc == SALESPLAN_ENOMEM ? -2 : orc != SALESPLAN_OK ? CORRUPT(r, "options") : 0;
    }
    for (int w = 0; rc == 0 && w < 2; w++)
        rc = get_input(r, s, w);
    if (rc == 0)
        rc = get_acc(r, s);
    opt_read_free(&q);
    if (rc == 0 && (r->bad || r->left != 0))
        rc = CORRUPT(r, r->bad ? r->what : "the end (bytes after the state)");
    if (rc == 0) { /* handed out */
        *out = s;
        s = NULL;
    }
    salesplan_activity_state_free(s);
    return rc;
}

salesplan_status salesplan_activity_state_deserialize(salesplan_activity_state **out,
                                                      const char *bytes, size_t len,
                                                      salesplan_error *err)
{
    if (out != NULL)
        *out = NULL;
    return (salesplan_status)slp_rb_read_state(out != NULL, bytes, len, MAGIC, FORMAT_VERSION,
                                               "activity state", get_state, out, err);
}
