/* Row by row accumulation shared by the export shapes (snapshot,
 * transitions): skipped-row notes, dates, group values, per-group counts,
 * won/lost stage classes. Leaves: they call nothing above them. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/estimate_internal.h"

/* Stage names that count as won / lost when the options name none. */
static const char *const default_won[] = {"won", "closed won"};
static const char *const default_lost[] = {"lost", "closed lost"};

/* ---- helpers shared by the shapes ------------------------------------------ */

int slp_est_skip(slp_est_ctx *x, uint64_t line, const char *fmt, ...)
{
    char msg[SALESPLAN_ERROR_MESSAGE_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    salesplan_estimate *e = x->e;
    e->info.skipped++;
    if (x->o->strict)
        return slp_error_set(x->err, SALESPLAN_EDATA, NULL, (long)line, 0,
                             "line %llu: %s (strict mode)", (unsigned long long)line, msg);
    if (e->problem_count < x->o->max_reported) {
        if (slp_grow((void **)&e->problems, &x->problem_cap, e->problem_count + 1,
                     sizeof *e->problems) != 0)
            return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        char *m = slp_strdup(msg);
        if (m == NULL)
            return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        e->problems[e->problem_count].line = (long long)line;
        e->problems[e->problem_count].message = m;
        e->problem_count++;
    }
    return SALESPLAN_OK;
}

int slp_est_date_miss(slp_est_ctx *x, slp_scache_entry *e, uint64_t ka, uint64_t kb,
                      const char *s, size_t n, int32_t *day)
{
    /* exports repeat the same few hundred dates: each is parsed here once */
    int rc = slp_est_parse_date(s, n, x->dmy, day);
    if (e)
        slp_scache_put(e, ka, kb, n, rc == 0 ? *day : SLP_BAD_DATE);
    if (rc != 0)
        return rc;
    if (memchr(s, '/', n) != NULL)
        x->slash_dates++;
    if (x->day_min == SLP_NO_DAY || *day < x->day_min)
        x->day_min = *day;
    if (x->day_max == SLP_NO_DAY || *day > x->day_max)
        x->day_max = *day;
    return 0;
}

static int ensure_gacc(slp_est_ctx *x, size_t g, uint32_t gid)
{
    size_t old = x->gacc_cap[g];
    if ((size_t)gid < old)
        return SALESPLAN_OK;
    if (slp_grow((void **)&x->gacc[g], &x->gacc_cap[g], (size_t)gid + 1, sizeof **x->gacc) != 0)
        return SALESPLAN_ENOMEM;
    memset(x->gacc[g] + old, 0, (x->gacc_cap[g] - old) * sizeof **x->gacc);
    return SALESPLAN_OK;
}

int slp_est_group_intern(slp_est_ctx *x, size_t g, const char *s, size_t n, uint32_t *gid)
{
    uint64_t h = slp_hash_bytes(s, n);
    uint32_t id = slp_dict_find(&x->gdict[g], s, n, h);
    if (id == SLP_NO_ID) {
        if (!slp_utf8_valid(s, n))
            return SALESPLAN_ESYNTAX;
        int added, rc = slp_dict_intern(&x->gdict[g], s, n, h, &id, &added);
        if (rc != SALESPLAN_OK)
            return rc;
        if (ensure_gacc(x, g, id) != SALESPLAN_OK)
            return SALESPLAN_ENOMEM;
    }
    *gid = id;
    return SALESPLAN_OK;
}

int slp_est_row_groups_slow(slp_est_ctx *x, const slp_csv_row *row, int *skipped)
{
    *skipped = 0;
    int unmatched = 0;
    for (size_t g = 0; g < x->ngroups; g++) {
        x->row_gid[g] = SLP_NO_ID;
        if (x->group_col[g] == SIZE_MAX) {
            size_t t = x->join_tab[g];
            const slp_csv_field *k = &row->fields[x->join_col[t]];
            uint32_t jid = k->len ? slp_dict_find(&x->join_keys[t], k->ptr, k->len,
                                                  slp_hash_bytes(k->ptr, k->len))
                                  : SLP_NO_ID;
            if (jid == SLP_NO_ID)
                unmatched = 1;
            else
                x->row_gid[g] = x->join_gid[g][jid];
            continue;
        }
        const slp_csv_field *f = &row->fields[x->group_col[g]];
        if (f->len == 0)
            continue;
        uint64_t ka, kb;
        slp_scache_entry *ce = slp_scache_slot(&x->gcache[g], f->ptr, f->len, &ka, &kb);
        if (ce && slp_scache_hit(ce, ka, kb, f->len)) {
            x->row_gid[g] = (uint32_t)ce->v;
            continue;
        }
        int rc = slp_est_group_intern(x, g, f->ptr, f->len, &x->row_gid[g]);
        if (rc == SALESPLAN_OK && ce && x->row_gid[g] < (uint32_t)INT32_MAX)
            slp_scache_put(ce, ka, kb, f->len, (int32_t)x->row_gid[g]);
        if (rc == SALESPLAN_ESYNTAX) {
            *skipped = 1;
            return slp_est_skip(x, row->line, "%s: the value is not valid UTF-8",
                                x->e->group_columns[g]);
        }
        if (rc != SALESPLAN_OK)
            return slp_error_set(x->err, rc, NULL, 0, 0, "out of memory");
    }
    if (unmatched)
        x->e->info.join_unmatched++;
    return SALESPLAN_OK;
}

/* A multiset refused a value: say which limit, not always "out of memory". */
int slp_est_mset_failed(slp_est_ctx *x, int rc)
{
    if (rc == SALESPLAN_ELIMIT)
        return slp_error_set(x->err, rc, NULL, 0, 0,
                             "more won values than the %llu an exact median can keep",
                             (unsigned long long)SLP_MSET_MAX_COUNT);
    return slp_error_set(x->err, rc, NULL, 0, 0, "out of memory");
}

static int names_match(const char *const *names, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (slp_est_name_eq(names[i], strlen(names[i]), s, len))
            return 1;
    return 0;
}

int slp_est_is_won(const salesplan_estimate_options *o, const char *s, size_t n)
{
    return o->won_count ? names_match(o->won_names, o->won_count, s, n)
                        : names_match(default_won, 2, s, n);
}

int slp_est_is_lost(const salesplan_estimate_options *o, const char *s, size_t n)
{
    return o->lost_count ? names_match(o->lost_names, o->lost_count, s, n)
                         : names_match(default_lost, 2, s, n);
}

int slp_est_stage_class(slp_est_ctx *x, const char *s, size_t n, int *cls)
{
    uint64_t ka, kb;
    slp_scache_entry *ce = slp_scache_slot(x->stage_cache, s, n, &ka, &kb);
    if (ce && slp_scache_hit(ce, ka, kb, n)) {
        *cls = ce->v;
        return SALESPLAN_OK;
    }
    uint64_t h = slp_hash_bytes(s, n);
    uint32_t id = slp_dict_find(&x->stage_values, s, n, h);
    if (id != SLP_NO_ID) {
        *cls = x->stage_class[id];
        if (ce)
            slp_scache_put(ce, ka, kb, n, *cls);
        return SALESPLAN_OK;
    }
    int c = SLP_CLASS_UNKNOWN;
    if (slp_est_is_won(x->o, s, n)) {
        c = SLP_CLASS_WON;
    } else if (slp_est_is_lost(x->o, s, n)) {
        c = SLP_CLASS_LOST;
    } else if (x->o->shape == SALESPLAN_SHAPE_SNAPSHOT) {
        c = SLP_CLASS_OPEN;
    } else {
        for (size_t k = 0; k < x->norder; k++)
            if (slp_est_name_eq(x->order[k], strlen(x->order[k]), s, n)) {
                c = (int)k;
                break;
            }
    }
    int added;
    if (slp_dict_intern(&x->stage_values, s, n, h, &id, &added) != SALESPLAN_OK ||
        slp_grow((void **)&x->stage_class, &x->stage_class_cap, (size_t)id + 1,
                 sizeof *x->stage_class) != 0)
        return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    x->stage_class[id] = c;
    *cls = c;
    if (ce)
        slp_scache_put(ce, ka, kb, n, c);
    return SALESPLAN_OK;
}

/* ---- checks of a row shared by the shapes ------------------------------------ */

int slp_est_row_shape_bad_slow(slp_est_ctx *x, const slp_csv_row *row, int *rc)
{
    if (row->count != x->ncols) {
        *rc = slp_est_skip(x, row->line, "expected %zu fields, found %zu", x->ncols, row->count);
        return 1;
    }
    if (row->flags & SLP_CSV_NUL) {
        *rc = slp_est_skip(x, row->line, "a field contains a NUL byte");
        return 1;
    }
    if (row->flags & SLP_CSV_BADQUOTE) {
        *rc = slp_est_skip(x, row->line, "text follows a closing quote inside a field");
        return 1;
    }
    return 0;
}

int slp_est_row_amount_slow(slp_est_ctx *x, const slp_csv_row *row, double *amount, int *rc)
{
    *amount = NAN;
    if (x->col_amount == SIZE_MAX)
        return 0;
    const char *s = row->fields[x->col_amount].ptr;
    size_t n = row->fields[x->col_amount].len;
    slp_est_trim(&s, &n);
    if (n == 0)
        return 0;
    int mark = (row->flags & SLP_CSV_TYPED) ? SALESPLAN_DECIMAL_POINT : x->o->decimal_comma, bad;
    if (mark == SALESPLAN_DECIMAL_AUTO)
        mark = memchr(s, ',', n) != NULL ? SALESPLAN_DECIMAL_COMMA : SALESPLAN_DECIMAL_POINT;
    if (mark == SALESPLAN_DECIMAL_COMMA) {
        bad = slp_est_parse_amount_comma(s, n, amount);
        x->amount_comma += !bad && memchr(s, ',', n) != NULL;
    } else {
        bad = slp_est_parse_amount(s, n, amount);
        x->amount_point += !bad && memchr(s, '.', n) != NULL;
    }
    if (bad) {
        char shown[64];
        slp_est_show(shown, sizeof shown, s, n);
        *rc = slp_est_skip(x, row->line, "%s: %s is not a finite number%s",
                           x->e->info.amount_column, shown,
                           mark == SALESPLAN_DECIMAL_COMMA
                               ? " (read with a decimal comma; option `decimal_comma`)"
                               : "");
        *amount = NAN;
        return 1;
    }
    return 0;
}

int slp_est_row_stage_slow(slp_est_ctx *x, const slp_csv_row *row, const char **s, size_t *n,
                           int *cls, int *rc)
{
    const char *raw = row->fields[x->col_stage].ptr;
    size_t rn = row->fields[x->col_stage].len;
    *s = raw;
    *n = rn;
    slp_est_trim(s, n);
    if (*n == 0) {
        *rc = slp_est_skip(x, row->line, "%s: the stage is empty", x->e->info.stage_column);
        return 1;
    }
    *rc = slp_est_stage_class(x, *s, *n, cls);
    if (*rc != SALESPLAN_OK)
        return 1;
    if (*n != rn) { /* padded: cache it as read too, for slp_est_row_stage */
        uint64_t ka, kb;
        slp_scache_entry *ce = slp_scache_slot(x->stage_cache, raw, rn, &ka, &kb);
        if (ce)
            slp_scache_put(ce, ka, kb, rn, *cls);
    }
    return 0;
}
