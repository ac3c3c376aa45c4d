/* Estimate states as bytes: a checked header and a payload in the machine's
 * byte order. The reader trusts nothing: every count is bounded by the bytes
 * left, every value by its range, before anything is allocated. */
#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/estimate_join_text.h"
#include "estimate/estimate_state.h"
#include "estimate/state_bytes.h"

/* The largest count a deserialized state may carry (2^53). */
#define SLP_EST_STATE_MAX_COUNT SLP_STATE_MAX_COUNT

#define MAGIC "SLPESTS1"
/* 2: the options carry the text of each joined table given in memory. */
#define FORMAT_VERSION 2u

/* ---- writing ------------------------------------------------------------------------ */

static void put_options(slp_wbuf *w, const salesplan_estimate_options *o)
{
    slp_wb_u32(w, (uint32_t)o->shape);
    slp_wb_u32(w, (uint32_t)o->date_order);
    slp_wb_u32(w, (uint32_t)(o->strict != 0));
    slp_wb_u64(w, o->max_reported);
    slp_wb_u8(w, (unsigned char)o->delimiter);
    slp_wb_u32(w, (uint32_t)o->decimal_comma);
    slp_wb_u32(w, (uint32_t)(o->allow_skips != 0));
    slp_wb_u64(w, o->rep_min_n);
    slp_wb_f64(w, o->rep_q);
    const char *cols[] = {o->id_column,     o->stage_column, o->created_column,
                          o->closed_column, o->amount_column, o->date_column,
                          o->join_path,     o->join_key,     o->rep_column};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        slp_wb_str(w, cols[i]);
    slp_wb_list(w, o->group_columns, o->group_count);
    slp_wb_list(w, o->won_names, o->won_count);
    slp_wb_list(w, o->lost_names, o->lost_count);
    slp_wb_list(w, o->stages, o->stage_count);
    slp_wb_list(w, o->join_paths, o->join_count);
    slp_wb_list(w, o->join_keys, o->join_count);
    /* A table given as text travels whole: the merge key then compares its
     * bytes, and a state read back can go on joining without the caller. */
    for (size_t i = 0; i < o->join_count; i++) {
        size_t n;
        const char *t = slp_est_join_text(o, i, &n);
        slp_wb_u8(w, t != NULL);
        if (t != NULL) {
            slp_wb_u64(w, n);
            slp_wb_put(w, t, n);
        }
    }
}

int slp_est_state_options_bytes(const salesplan_estimate_options *o, char **out, size_t *len)
{
    slp_wbuf w = {0};
    put_options(&w, o);
    return slp_wb_take(&w, out, len);
}

static void put_acc(slp_wbuf *w, const slp_est_acc *a)
{
    slp_wb_i64(w, a->deals);
    slp_wb_i64(w, a->won);
    slp_wb_i64(w, a->lost);
    slp_wb_i64(w, a->open);
    slp_wb_i64(w, a->amount_n);
    slp_wb_i64(w, a->cycle_n);
    slp_wb_i64(w, a->cycle_sum);
    /* the nonzero limbs of the exact sum: first index, count, limbs */
    size_t lo = 0, hi = SLP_XSUM_LIMBS;
    while (lo < hi && a->amount.limb[lo] == 0)
        lo++;
    while (hi > lo && a->amount.limb[hi - 1] == 0)
        hi--;
    slp_wb_u8(w, (unsigned)lo);
    slp_wb_u8(w, (unsigned)(hi - lo));
    for (size_t i = lo; i < hi; i++)
        slp_wb_u64(w, a->amount.limb[i]);
}

static void put_mset(slp_wbuf *w, slp_mset *m)
{
    slp_mset_run *r = NULL;
    size_t n = 0;
    if (slp_mset_runs(m, &r, &n) != SALESPLAN_OK) {
        w->failed = 1;
        return;
    }
    slp_wb_u64(w, n);
    for (size_t i = 0; i < n; i++) {
        slp_wb_u32(w, r[i].g);
        slp_wb_f64(w, r[i].v);
        slp_wb_u64(w, r[i].n);
    }
    slp_free(r);
}

static void put_dict(slp_wbuf *w, const slp_dict *d)
{
    slp_wb_u64(w, d->count);
    for (uint32_t i = 0; i < d->count; i++) {
        size_t n;
        const char *k = slp_dict_key(d, i, &n);
        slp_wb_strn(w, k, n);
    }
}

salesplan_status salesplan_estimate_state_serialize(char **out, size_t *len,
                                                    const salesplan_estimate_state *cs,
                                                    salesplan_error *err)
{
    if (out == NULL || len == NULL || cs == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL argument");
    *out = NULL;
    *len = 0;
    if (cs->failed)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "the state failed before: free it");
    if (cs->csv != NULL && (slp_csv_pending(cs->csv) > 0 || !cs->doc_header))
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "the state holds CSV bytes not yet counted: end its CSV first "
                             "(salesplan_estimate_state_feed_csv_end)");
    /* logically const: only the multisets' pending values are flushed */
    salesplan_estimate_state *s = (salesplan_estimate_state *)(uintptr_t)cs;
    const slp_est_ctx *x = &s->x;
    const salesplan_estimate *e = x->e;
    slp_wbuf w = {0};
    slp_wb_begin(&w);
    put_options(&w, &s->o);
    slp_wb_u8(&w, s->header != NULL);
    slp_wb_list(&w, (const char *const *)s->header, s->header ? s->header_n : 0);
    slp_wb_i64(&w, e->info.rows);
    slp_wb_i64(&w, e->info.skipped);
    slp_wb_i64(&w, e->info.join_unmatched);
    uint64_t body = s->body_bytes;
    if (s->csv != NULL)
        body += slp_csv_bytes(s->csv) - s->doc_header_bytes;
    slp_wb_u64(&w, body);
    slp_wb_u64(&w, s->header_bytes);
    slp_wb_u64(&w, s->record_line);
    slp_wb_u8(&w, (unsigned char)e->info.delimiter);
    slp_wb_u8(&w, (unsigned)(x->dmy != 0));
    slp_wb_u8(&w, (unsigned)(x->date_undecided != 0));
    slp_wb_u8(&w, (unsigned)(x->date_decided != 0));
    slp_wb_i64(&w, x->amount_comma);
    slp_wb_i64(&w, x->amount_point);
    slp_wb_i64(&w, x->slash_dates);
    slp_wb_i32(&w, x->day_min);
    slp_wb_i32(&w, x->day_max);
    slp_wb_u64(&w, e->problem_count);
    for (size_t i = 0; i < e->problem_count; i++) {
        slp_wb_i64(&w, e->problems[i].line);
        slp_wb_str(&w, e->problems[i].message);
    }
    slp_wb_list(&w, (const char *const *)e->warnings, e->warning_count);
    put_dict(&w, &x->stage_values);
    put_acc(&w, &x->overall);
    put_mset(&w, &s->x.amount_all);
    put_mset(&w, &s->x.cycle_all);
    for (size_t g = 0; g < x->ngroups; g++) {
        put_dict(&w, &x->gdict[g]);
        for (size_t i = 0; i < x->gdict[g].count; i++)
            put_acc(&w, &x->gacc[g][i]);
        put_mset(&w, &s->x.amount_by[g]);
        put_mset(&w, &s->x.cycle_by[g]);
    }
    const slp_trans_state *t = x->shape_state;
    slp_wb_u8(&w, t != NULL);
    if (t != NULL) {
        put_dict(&w, &t->deals);
        for (size_t d = 0; d < t->deals.count; d++) {
            for (size_t k = 0; k < t->nst; k++)
                slp_wb_i32(&w, t->entry[d * t->nst + k]);
            slp_wb_u8(&w, t->term[d]);
            slp_wb_i32(&w, t->term_day[d]);
            slp_wb_f64(&w, t->amount[d]);
            slp_wb_i32(&w, t->amount_day[d]);
            for (size_t g = 0; g < x->ngroups; g++) {
                slp_wb_u32(&w, t->gid[d * x->ngroups + g]);
                slp_wb_i32(&w, t->gday[d * x->ngroups + g]);
            }
        }
    }
    slp_wb_seal(&w, MAGIC, FORMAT_VERSION);
    if (slp_wb_take(&w, out, len) != SALESPLAN_OK)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    slp_error_clear(err);
    return SALESPLAN_OK;
}

/* ---- reading ------------------------------------------------------------------------ */

typedef struct opt_read {
    salesplan_estimate_options o;
    char *cols[9];
    slp_strs lists[6];
    char **texts;  /* joined tables given as text, NULL for a file */
    size_t *lens;
} opt_read;

static void opt_read_free(opt_read *q)
{
    for (size_t i = 0; i < 9; i++)
        slp_free(q->cols[i]);
    for (size_t i = 0; q->texts != NULL && i < q->lists[4].n; i++)
        slp_free(q->texts[i]);
    slp_free(q->texts);
    slp_free(q->lens);
    for (size_t i = 0; i < 6; i++)
        slp_strs_free(&q->lists[i]);
}

/* The texts of the joined tables (format 2): a flag each, then length and bytes. */
static int get_join_texts(slp_rbuf *r, opt_read *q)
{
    size_t n = q->lists[4].n;
    if (n == 0)
        return 0;
    q->texts = slp_calloc(n, sizeof *q->texts);
    q->lens = slp_calloc(n, sizeof *q->lens);
    if (q->texts == NULL || q->lens == NULL)
        return -2;
    size_t any = 0;
    for (size_t i = 0; i < n && !r->bad; i++) {
        unsigned has = slp_rb_u8(r, "join tables");
        if (has > 1)
            slp_rb_bad(r, "join tables");
        if (has != 1 || r->bad)
            continue;
        size_t len = slp_rb_count(r, 1, "join tables");
        if (r->bad)
            break;
        if ((q->texts[i] = slp_malloc(len + 1)) == NULL)
            return -2;
        slp_rb_get(r, q->texts[i], len, "join tables");
        q->texts[i][len] = '\0';
        q->lens[i] = len;
        any++;
    }
    if (r->bad)
        return -1;
    if (any > 0) {
        q->o.join_texts = (const char *const *)q->texts;
        q->o.join_text_lens = q->lens;
    }
    return 0;
}

static int get_options(slp_rbuf *r, opt_read *q)
{
    salesplan_estimate_options d = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    salesplan_estimate_options *o = &q->o;
    *o = d;
    o->shape = (int)slp_rb_u32(r, "options");
    o->date_order = (int)slp_rb_u32(r, "options");
    o->strict = (int)slp_rb_u32(r, "options");
    o->max_reported = (size_t)slp_rb_u64(r, "options");
    o->delimiter = (char)slp_rb_u8(r, "options");
    o->decimal_comma = (int)slp_rb_u32(r, "options");
    o->allow_skips = (int)slp_rb_u32(r, "options");
    o->rep_min_n = (size_t)slp_rb_u64(r, "options");
    o->rep_q = slp_rb_f64(r, "options");
    for (size_t i = 0; i < 9 && !r->bad; i++) {
        const char *s;
        size_t n;
        slp_rb_str(r, &s, &n, "options");
        if (s != NULL && (q->cols[i] = slp_strndup(s, n)) == NULL)
            return -2;
    }
    for (size_t i = 0; i < 6 && !r->bad; i++) {
        int rc = slp_rb_list(r, &q->lists[i], "options");
        if (rc != 0)
            return rc;
    }
    if (r->bad)
        return -1;
    if (q->lists[4].n != q->lists[5].n || q->lists[0].n > 64) {
        slp_rb_bad(r, "options");
        return -1;
    }
    o->id_column = q->cols[0];
    o->stage_column = q->cols[1];
    o->created_column = q->cols[2];
    o->closed_column = q->cols[3];
    o->amount_column = q->cols[4];
    o->date_column = q->cols[5];
    o->join_path = q->cols[6];
    o->join_key = q->cols[7];
    o->rep_column = q->cols[8];
    o->group_columns = (const char *const *)q->lists[0].v;
    o->group_count = q->lists[0].n;
    o->won_names = (const char *const *)q->lists[1].v;
    o->won_count = q->lists[1].n;
    o->lost_names = (const char *const *)q->lists[2].v;
    o->lost_count = q->lists[2].n;
    o->stages = (const char *const *)q->lists[3].v;
    o->stage_count = q->lists[3].n;
    o->join_paths = (const char *const *)q->lists[4].v;
    o->join_keys = (const char *const *)q->lists[5].v;
    o->join_count = q->lists[4].n;
    return get_join_texts(r, q);
}

static int get_acc(slp_rbuf *r, slp_est_acc *a)
{
    a->deals = slp_rb_i64(r, "counts");
    a->won = slp_rb_i64(r, "counts");
    a->lost = slp_rb_i64(r, "counts");
    a->open = slp_rb_i64(r, "counts");
    a->amount_n = slp_rb_i64(r, "counts");
    a->cycle_n = slp_rb_i64(r, "counts");
    a->cycle_sum = slp_rb_i64(r, "counts");
    unsigned lo = slp_rb_u8(r, "sum"), n = slp_rb_u8(r, "sum");
    if (r->bad || lo + n > SLP_XSUM_LIMBS || (size_t)n * 8 > r->left) {
        slp_rb_bad(r, "sum");
        return -1;
    }
    memset(&a->amount, 0, sizeof a->amount);
    for (unsigned i = 0; i < n; i++)
        a->amount.limb[lo + i] = slp_rb_u64(r, "sum");
    /* Each count within 2^53 (exact as a double, and two states' counts add
     * without overflow); checked one by one so the sum cannot overflow. */
    const long long max = SLP_EST_STATE_MAX_COUNT;
    if (a->deals < 0 || a->deals > max || a->won < 0 || a->won > a->deals || a->lost < 0 ||
        a->lost > a->deals - a->won || a->open != a->deals - a->won - a->lost ||
        a->amount_n < 0 || a->amount_n > a->won || a->cycle_n < 0 || a->cycle_n > a->won ||
        a->cycle_sum < 0 || a->cycle_sum > max) {
        slp_rb_bad(r, "counts");
        return -1;
    }
    return 0;
}

static int get_mset(slp_rbuf *r, slp_mset *m, size_t ngroups, int integral)
{
    size_t n = slp_rb_count(r, 20, "value set");
    if (r->bad)
        return -1;
    for (size_t i = 0; i < n; i++) {
        uint32_t g = slp_rb_u32(r, "value set");
        double v = slp_rb_f64(r, "value set");
        uint64_t c = slp_rb_u64(r, "value set");
        if (r->bad || g >= ngroups || !isfinite(v) || c == 0 || (integral && (v < 0 || v != floor(v)))) {
            slp_rb_bad(r, "value set");
            return -1;
        }
        int arc = slp_mset_add_n(m, g, v, c);
        if (arc == SALESPLAN_ELIMIT)
            return -3;
        if (arc != SALESPLAN_OK)
            return -2;
    }
    return 0;
}

/* Intern every key of a dictionary; each must be new. */
static int get_dict(slp_rbuf *r, salesplan_estimate_state *s, size_t g, int which, const char *what)
{
    size_t n = slp_rb_count(r, 4, what);
    slp_est_ctx *x = &s->x;
    for (size_t i = 0; i < n && !r->bad; i++) {
        const char *k;
        size_t kn;
        if (slp_rb_key(r, &k, &kn, what) != 0)
            return -1;
        uint32_t id;
        int rc, added = 1;
        if (which == 0) { /* a stage name */
            size_t before = x->stage_values.count;
            char pad[272];
            char *buf = kn + 17 <= sizeof pad ? pad : slp_calloc(kn + 17, 1);
            if (buf == NULL)
                return -2;
            memset(buf, 0, kn + 17);
            memcpy(buf, k, kn);
            int cls;
            rc = slp_est_stage_class(x, buf, kn, &cls);
            if (buf != pad)
                slp_free(buf);
            added = x->stage_values.count > before;
        } else if (which == 1) { /* a group value */
            size_t before = x->gdict[g].count;
            rc = slp_est_group_intern(x, g, k, kn, &id);
            added = x->gdict[g].count > before;
        } else { /* a deal */
            size_t before = ((slp_trans_state *)x->shape_state)->deals.count;
            rc = slp_est_trans_deal(x, x->shape_state, k, kn, &id);
            added = ((slp_trans_state *)x->shape_state)->deals.count > before;
        }
        if (rc == SALESPLAN_ENOMEM)
            return -2;
        if (rc != SALESPLAN_OK || !added || kn == 0) {
            slp_rb_bad(r, what);
            return -1;
        }
    }
    return r->bad ? -1 : 0;
}

static int valid_day(int32_t d, int allow_nodate)
{
    return d == SLP_NO_DAY || (allow_nodate && d == SLP_ENTERED_NODATE) ||
           (d > -1000000 && d < 3000000);
}

static int get_body(slp_rbuf *r, salesplan_estimate_state *s)
{
    slp_est_ctx *x = &s->x;
    salesplan_estimate *e = x->e;
    int rc;
    if (slp_rb_u8(r, "header") > 1) {
        slp_rb_bad(r, "header");
        return -1;
    }
    slp_strs h = {0};
    rc = slp_rb_list(r, &h, "header");
    if (rc != 0) {
        slp_strs_free(&h);
        return rc;
    }
    if (h.n > 0) {
        s->header = h.v;
        s->header_n = h.n;
    } else {
        slp_strs_free(&h);
    }
    e->info.rows = slp_rb_i64(r, "counts");
    e->info.skipped = slp_rb_i64(r, "counts");
    e->info.join_unmatched = slp_rb_i64(r, "counts");
    s->body_bytes = slp_rb_u64(r, "counts");
    s->header_bytes = slp_rb_u64(r, "counts");
    s->record_line = slp_rb_u64(r, "counts");
    e->info.delimiter = (char)slp_rb_u8(r, "counts");
    x->dmy = (int)slp_rb_u8(r, "counts");
    x->date_undecided = (int)slp_rb_u8(r, "counts");
    x->date_decided = (int)slp_rb_u8(r, "counts");
    x->amount_comma = slp_rb_i64(r, "counts");
    x->amount_point = slp_rb_i64(r, "counts");
    x->slash_dates = slp_rb_i64(r, "counts");
    x->day_min = slp_rb_i32(r, "counts");
    x->day_max = slp_rb_i32(r, "counts");
    if (r->bad || e->info.rows < 0 || e->info.skipped < 0 || e->info.skipped > e->info.rows ||
        e->info.join_unmatched < 0 || x->dmy > 1 || x->date_undecided > 1 || x->date_decided > 1 ||
        x->amount_comma < 0 || x->amount_point < 0 || x->slash_dates < 0 ||
        !valid_day(x->day_min, 0) || !valid_day(x->day_max, 0) ||
        (x->day_min == SLP_NO_DAY) != (x->day_max == SLP_NO_DAY) || x->day_min > x->day_max) {
        slp_rb_bad(r, "counts");
        return -1;
    }
    e->info.date_order = x->dmy ? SALESPLAN_DATE_DMY : SALESPLAN_DATE_MDY;
    x->delim = e->info.delimiter;
    size_t np = slp_rb_count(r, 12, "skipped rows");
    if (np > s->o.max_reported)
        slp_rb_bad(r, "skipped rows");
    for (size_t i = 0; i < np && !r->bad; i++) {
        long long line = slp_rb_i64(r, "skipped rows");
        const char *m;
        size_t mn;
        slp_rb_str(r, &m, &mn, "skipped rows");
        if (r->bad || m == NULL || line < 1) {
            slp_rb_bad(r, "skipped rows");
            return -1;
        }
        if (slp_grow((void **)&e->problems, &x->problem_cap, e->problem_count + 1,
                     sizeof *e->problems) != 0)
            return -2;
        char *c = slp_strndup(m, mn);
        if (c == NULL)
            return -2;
        e->problems[e->problem_count].line = line;
        e->problems[e->problem_count].message = c;
        e->problem_count++;
    }
    slp_strs wl = {0};
    rc = r->bad ? -1 : slp_rb_list(r, &wl, "warnings");
    for (size_t i = 0; rc == 0 && i < wl.n; i++)
        if (slp_est_warn(x, "%s", wl.v[i]) != SALESPLAN_OK)
            rc = -2;
    slp_strs_free(&wl);
    if (rc != 0)
        return rc;
    if ((rc = get_dict(r, s, 0, 0, "stage names")) != 0 || (rc = get_acc(r, &x->overall)) != 0 ||
        (rc = get_mset(r, &x->amount_all, 1, 0)) != 0 ||
        (rc = get_mset(r, &x->cycle_all, 1, 1)) != 0)
        return rc;
    for (size_t g = 0; g < x->ngroups; g++) {
        if ((rc = get_dict(r, s, g, 1, "groups")) != 0)
            return rc;
        for (size_t i = 0; i < x->gdict[g].count; i++)
            if ((rc = get_acc(r, &x->gacc[g][i])) != 0)
                return rc;
        if ((rc = get_mset(r, &x->amount_by[g], x->gdict[g].count, 0)) != 0 ||
            (rc = get_mset(r, &x->cycle_by[g], x->gdict[g].count, 1)) != 0)
            return rc;
    }
    unsigned has_t = slp_rb_u8(r, "deals");
    slp_trans_state *t = x->shape_state;
    if (r->bad || has_t != (t != NULL)) {
        slp_rb_bad(r, "deals");
        return -1;
    }
    if (t != NULL) {
        size_t ng = x->ngroups;
        if ((rc = get_dict(r, s, 0, 2, "deals")) != 0)
            return rc;
        size_t per = t->nst * 4 + 1 + 4 + 8 + 4 + ng * 8;
        if (t->deals.count > r->left / per) {
            slp_rb_bad(r, "deals");
            return -1;
        }
        for (size_t d = 0; d < t->deals.count; d++) {
            for (size_t k = 0; k < t->nst; k++) {
                t->entry[d * t->nst + k] = slp_rb_i32(r, "deals");
                if (!valid_day(t->entry[d * t->nst + k], 1))
                    slp_rb_bad(r, "deals");
            }
            t->term[d] = (unsigned char)slp_rb_u8(r, "deals");
            t->term_day[d] = slp_rb_i32(r, "deals");
            t->amount[d] = slp_rb_f64(r, "deals");
            t->amount_day[d] = slp_rb_i32(r, "deals");
            if (t->term[d] > 2 || !valid_day(t->term_day[d], 1) ||
                (t->term[d] == 0) != (t->term_day[d] == SLP_NO_DAY) ||
                !valid_day(t->amount_day[d], 1) || isinf(t->amount[d]) ||
                isnan(t->amount[d]) != (t->amount_day[d] == SLP_NO_DAY))
                slp_rb_bad(r, "deals");
            for (size_t g = 0; g < ng; g++) {
                uint32_t v = slp_rb_u32(r, "deals");
                int32_t gd = slp_rb_i32(r, "deals");
                if ((v != SLP_NO_ID && v >= x->gdict[g].count) || !valid_day(gd, 1) ||
                    (v == SLP_NO_ID && gd != SLP_NO_DAY))
                    slp_rb_bad(r, "deals");
                t->gid[d * ng + g] = v;
                t->gday[d * ng + g] = gd;
            }
            if (r->bad)
                return -1;
        }
    }
    if (r->left != 0) {
        slp_rb_bad(r, "the end (bytes after the state)");
        return -1;
    }
    return r->bad ? -1 : 0;
}

/* The payload: options (then a state for them) and the body. */
static int get_state(slp_rbuf *r, void *ctx, salesplan_error *err)
{
    salesplan_estimate_state **out = ctx;
    opt_read q;
    memset(&q, 0, sizeof q);
    int rc = get_options(r, &q);
    salesplan_estimate_state *s = NULL;
    if (rc == 0) {
        salesplan_error oerr;
        int orc = slp_est_check_options(&q.o, &oerr);
        if (orc == SALESPLAN_OK)
            orc = slp_est_state_new(&s, &q.o, err);
        if (orc == SALESPLAN_ENOMEM)
            rc = -2;
        else if (orc != SALESPLAN_OK)
            slp_rb_bad(r, "options"), rc = -1;
    }
    if (rc == 0)
        rc = get_body(r, s);
    opt_read_free(&q);
    if (rc == -3)
        rc = slp_error_set(err, SALESPLAN_ELIMIT, NULL, 0, 0,
                           "the estimate state holds more values than the %llu an exact "
                           "median can keep", (unsigned long long)SLP_MSET_MAX_ARRAY);
    if (rc != 0)
        salesplan_estimate_state_free(s);
    else
        *out = s;
    return rc;
}

salesplan_status salesplan_estimate_state_deserialize(salesplan_estimate_state **out,
                                                      const char *bytes, size_t len,
                                                      salesplan_error *err)
{
    if (out != NULL)
        *out = NULL;
    return (salesplan_status)slp_rb_read_state(out != NULL, bytes, len, MAGIC, FORMAT_VERSION,
                                               "estimate state", get_state, out, err);
}
