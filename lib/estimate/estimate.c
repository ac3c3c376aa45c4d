/* salesplan_estimate_*: read a CRM export row by row and estimate its rates (SPEC §7). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/estimate_internal.h"
#include "common/io.h"

static const char *const default_won[] = {"won", "closed won"};
static const char *const default_lost[] = {"lost", "closed lost"};

int salesplan_estimate_options_init(salesplan_estimate_options *opts, unsigned version)
{
    if (opts == NULL || version != SALESPLAN_ESTIMATE_OPTIONS_VERSION)
        return SALESPLAN_EINVAL;
    salesplan_estimate_options d = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    *opts = d;
    return SALESPLAN_OK;
}

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

#define BAD_DATE (INT32_MIN + 2)

int slp_est_date(slp_est_ctx *x, int which, const char *s, size_t n, int32_t *day)
{
    /* exports repeat the same few hundred dates: parse each once */
    uint64_t ka, kb;
    slp_scache_entry *e = slp_scache_slot(&x->dcache[which], s, n, &ka, &kb);
    if (e && slp_scache_hit(e, ka, kb, n)) {
        *day = e->v;
        return e->v == BAD_DATE ? -1 : 0;
    }
    int rc = slp_est_parse_date(s, n, x->o->date_order == SALESPLAN_DATE_DMY, day);
    if (e)
        slp_scache_put(e, ka, kb, n, rc == 0 ? *day : BAD_DATE);
    return rc;
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

int slp_est_row_groups(slp_est_ctx *x, const slp_csv_row *row, int *skipped)
{
    *skipped = 0;
    int unmatched = 0;
    for (size_t g = 0; g < x->ngroups; g++) {
        x->row_gid[g] = SLP_NO_ID;
        if (x->group_col[g] == SIZE_MAX) {
            const slp_csv_field *k = &row->fields[x->join_col];
            uint32_t jid = k->len ? slp_dict_find(&x->join_keys, k->ptr, k->len,
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

static void acc_add(slp_est_acc *a, int cls, double amount, int32_t cycle)
{
    a->deals++;
    if (cls == SLP_CLASS_WON) {
        a->won++;
        if (!isnan(amount)) {
            a->amount_n++;
            slp_ksum_add(&a->amount, amount);
        }
        if (cycle != SLP_NO_DAY) {
            a->cycle_n++;
            a->cycle_sum += cycle;
        }
    } else if (cls == SLP_CLASS_LOST) {
        a->lost++;
    } else {
        a->open++;
    }
}

int slp_est_count(slp_est_ctx *x, const uint32_t *gid, int cls, double amount, int32_t cycle)
{
    acc_add(&x->overall, cls, amount, cycle);
    for (size_t g = 0; g < x->ngroups; g++)
        if (gid[g] != SLP_NO_ID)
            acc_add(&x->gacc[g][gid[g]], cls, amount, cycle);
    if (cls != SLP_CLASS_WON)
        return SALESPLAN_OK;
    int rc = SALESPLAN_OK;
    if (!isnan(amount)) {
        rc |= slp_mset_add(&x->amount_all, 0, amount);
        for (size_t g = 0; g < x->ngroups; g++)
            if (gid[g] != SLP_NO_ID)
                rc |= slp_mset_add(&x->amount_by[g], gid[g], amount);
    }
    if (cycle != SLP_NO_DAY) {
        rc |= slp_mset_add(&x->cycle_all, 0, (double)cycle);
        for (size_t g = 0; g < x->ngroups; g++)
            if (gid[g] != SLP_NO_ID)
                rc |= slp_mset_add(&x->cycle_by[g], gid[g], (double)cycle);
    }
    if (rc != SALESPLAN_OK)
        return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    return SALESPLAN_OK;
}

static int names_match(const char *const *names, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (slp_est_name_eq(names[i], strlen(names[i]), s, len))
            return 1;
    return 0;
}

static int is_won(const salesplan_estimate_options *o, const char *s, size_t n)
{
    return o->won_count ? names_match(o->won_names, o->won_count, s, n)
                        : names_match(default_won, 2, s, n);
}

static int is_lost(const salesplan_estimate_options *o, const char *s, size_t n)
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
    if (is_won(x->o, s, n)) {
        c = SLP_CLASS_WON;
        if (x->first_won_spelling[0] == '\0' && slp_utf8_valid(s, n)) {
            const char *t = s;
            size_t tn = n;
            slp_est_trim(&t, &tn);
            if (tn < sizeof x->first_won_spelling) {
                memcpy(x->first_won_spelling, t, tn);
                x->first_won_spelling[tn] = '\0';
            }
        }
    } else if (is_lost(x->o, s, n)) {
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

/* ---- options ------------------------------------------------------------------ */

static int check_list(const char *const *names, size_t n, const char *what, salesplan_error *err)
{
    if (n > 0 && names == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "%s: NULL list with a count",
                             what);
    for (size_t i = 0; i < n; i++)
        if (names[i] == NULL || names[i][0] == '\0')
            return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "%s: name %zu is empty",
                                 what, i + 1);
    return SALESPLAN_OK;
}

int slp_est_check_options(const salesplan_estimate_options *o, salesplan_error *err)
{
    if (o->version != SALESPLAN_ESTIMATE_OPTIONS_VERSION)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "estimate options version %u is not supported (expected %d)",
                             o->version, SALESPLAN_ESTIMATE_OPTIONS_VERSION);
    if (o->shape != SALESPLAN_SHAPE_SNAPSHOT && o->shape != SALESPLAN_SHAPE_TRANSITIONS)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "unknown shape %d", o->shape);
    if (o->date_order != SALESPLAN_DATE_MDY && o->date_order != SALESPLAN_DATE_DMY)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "unknown date order %d",
                             o->date_order);
    int rc;
    if ((rc = check_list(o->group_columns, o->group_count, "group columns", err)) != 0 ||
        (rc = check_list(o->won_names, o->won_count, "won names", err)) != 0 ||
        (rc = check_list(o->lost_names, o->lost_count, "lost names", err)) != 0 ||
        (rc = check_list(o->stages, o->stage_count, "stage order", err)) != 0)
        return rc;
    if (o->group_count > 64)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "at most 64 group columns (%zu given)", o->group_count);
    if (o->shape == SALESPLAN_SHAPE_TRANSITIONS && o->stage_count == 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "the transitions shape needs the stage order (--stages A,B,C)");
    for (size_t i = 0; i < o->stage_count; i++) {
        const char *s = o->stages[i];
        size_t n = strlen(s);
        if (is_lost(o, s, n))
            return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                 "stage order: '%.40s' is a lost name, not a stage", s);
        if (is_won(o, s, n) && i + 1 != o->stage_count)
            return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                 "stage order: the won stage '%.40s' can only come last", s);
        for (size_t j = 0; j < i; j++)
            if (slp_est_name_eq(o->stages[j], strlen(o->stages[j]), s, n))
                return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                     "stage order: '%.40s' is listed twice", s);
    }
    char d = o->delimiter ? o->delimiter : ',';
    if (d == '"' || d == '\n' || d == '\r')
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "the delimiter cannot be a quote or a line end");
    if (o->join_path != NULL && (o->join_key == NULL || o->join_key[0] == '\0'))
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "a join table needs a key column (FILE:KEY)");
    return SALESPLAN_OK;
}

/* ---- the run -------------------------------------------------------------------- */

void slp_est_ctx_free(slp_est_ctx *x)
{
    slp_est_transitions_free(x);
    for (size_t g = 0; g < x->ngroups; g++) {
        if (x->gdict)
            slp_dict_free(&x->gdict[g]);
        if (x->gacc)
            slp_free(x->gacc[g]);
        if (x->join_gid)
            slp_free(x->join_gid[g]);
        if (x->amount_by)
            slp_mset_free(&x->amount_by[g]);
        if (x->cycle_by)
            slp_mset_free(&x->cycle_by[g]);
    }
    slp_free(x->amount_by);
    slp_free(x->cycle_by);
    slp_mset_free(&x->amount_all);
    slp_mset_free(&x->cycle_all);
    slp_free(x->gdict);
    slp_free(x->gacc);
    slp_free(x->gacc_cap);
    slp_free(x->join_gid);
    slp_free(x->group_col);
    slp_free(x->row_gid);
    slp_dict_free(&x->join_keys);
    slp_dict_free(&x->stage_values);
    slp_free(x->stage_class);
    slp_free(x->dcache);
    slp_free(x->stage_cache);
    slp_free(x->gcache);
}

int slp_est_ctx_init(slp_est_ctx *x, const salesplan_estimate_options *o, salesplan_error *err)
{
    memset(x, 0, sizeof *x);
    x->o = o;
    x->err = err;
    x->ngroups = o->group_count;
    x->e = slp_calloc(1, sizeof *x->e);
    if (x->e == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    x->e->info.shape = o->shape;
    x->e->overall.deals = 0;
    size_t ng = x->ngroups ? x->ngroups : 1;
    x->gdict = slp_calloc(ng, sizeof *x->gdict);
    x->gacc = slp_calloc(ng, sizeof *x->gacc);
    x->gacc_cap = slp_calloc(ng, sizeof *x->gacc_cap);
    x->join_gid = slp_calloc(ng, sizeof *x->join_gid);
    x->group_col = slp_calloc(ng, sizeof *x->group_col);
    x->row_gid = slp_calloc(ng, sizeof *x->row_gid);
    x->e->group_columns = slp_calloc(ng, sizeof *x->e->group_columns);
    x->dcache = slp_calloc(3, sizeof *x->dcache);
    x->stage_cache = slp_calloc(1, sizeof *x->stage_cache);
    x->gcache = slp_calloc(ng, sizeof *x->gcache);
    x->amount_by = slp_calloc(ng, sizeof *x->amount_by);
    x->cycle_by = slp_calloc(ng, sizeof *x->cycle_by);
    if (!x->amount_by || !x->cycle_by || !x->dcache || !x->stage_cache || !x->gcache || !x->gdict || !x->gacc || !x->gacc_cap || !x->join_gid || !x->group_col || !x->row_gid ||
        !x->e->group_columns)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    x->e->group_column_count = x->ngroups;
    x->order = (const char **)(uintptr_t)o->stages;
    x->norder = o->stage_count;
    if (x->norder > 0 && is_won(o, o->stages[x->norder - 1], strlen(o->stages[x->norder - 1]))) {
        x->won_in_order = o->stages[x->norder - 1];
        x->norder--;
    }
    return SALESPLAN_OK;
}

int slp_est_read_header(slp_est_ctx *x, slp_csv *csv)
{
    slp_csv_row row;
    int rc;
    do {
        rc = slp_csv_next(csv, &row, x->err);
    } while (rc == SALESPLAN_OK && row.count == 0);
    if (rc == SLP_CSV_END)
        return slp_error_set(x->err, SALESPLAN_EDATA, NULL, 0, 0,
                             "the input is empty: no header row");
    if (rc != SALESPLAN_OK)
        return rc;
    if ((rc = slp_est_map_columns(x, &row)) != SALESPLAN_OK ||
        (rc = slp_est_load_join(x, &row)) != SALESPLAN_OK)
        return rc;
    if (x->o->shape == SALESPLAN_SHAPE_TRANSITIONS)
        return slp_est_transitions_begin(x);
    return SALESPLAN_OK;
}

int slp_est_read_body(slp_est_ctx *x, slp_csv *csv, uint64_t stop, uint64_t *stop_line)
{
    int transitions = x->o->shape == SALESPLAN_SHAPE_TRANSITIONS;
    slp_csv_row row;
    int rc;
    *stop_line = 0;
    while ((rc = slp_csv_next(csv, &row, x->err)) == SALESPLAN_OK) {
        if (stop) {
            if (row.offset == stop) {
                *stop_line = row.line;
                x->e->info.bytes += stop;
                return SALESPLAN_OK;
            }
            if (row.offset > stop)
                stop = 0; /* a record spans the split: read on alone */
        }
        if (row.count == 0)
            continue;
        x->e->info.rows++;
        rc = transitions ? slp_est_transitions_row(x, &row) : slp_est_snapshot_row(x, &row);
        if (rc != SALESPLAN_OK)
            return rc;
    }
    x->e->info.bytes += slp_csv_bytes(csv);
    return rc == SLP_CSV_END ? SALESPLAN_OK : rc;
}

int slp_est_finish(slp_est_ctx *x)
{
    int rc;
    if (x->o->shape == SALESPLAN_SHAPE_TRANSITIONS &&
        (rc = slp_est_transitions_finish(x)) != SALESPLAN_OK)
        return rc;
    return slp_est_finish_figures(x);
}

static int read_rows(slp_est_ctx *x, slp_csv *csv)
{
    uint64_t line;
    int rc = slp_est_read_header(x, csv);
    if (rc == SALESPLAN_OK)
        rc = slp_est_read_body(x, csv, 0, &line);
    if (rc == SALESPLAN_OK)
        rc = slp_est_finish(x);
    return rc;
}

static int run(salesplan_estimate **out, slp_reader *r, const char *buf, size_t len,
               const salesplan_estimate_options *opts, salesplan_error *err)
{
    salesplan_estimate_options defaults = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    const salesplan_estimate_options *o = opts ? opts : &defaults;
    int rc = slp_est_check_options(o, err);
    if (rc != SALESPLAN_OK)
        return rc;
    slp_est_ctx x;
    rc = slp_est_ctx_init(&x, o, err);
    slp_csv *csv = NULL;
    char delim = o->delimiter ? o->delimiter : ',';
    if (rc == SALESPLAN_OK)
        rc = r ? slp_csv_open(&csv, r, delim, 0, 0, 0, err)
               : slp_csv_open_buffer(&csv, buf, len, delim, 0, 0, 0, err);
    if (rc == SALESPLAN_OK)
        rc = read_rows(&x, csv);
    slp_csv_free(csv);
    slp_est_ctx_free(&x);
    if (rc != SALESPLAN_OK) {
        salesplan_estimate_free(x.e);
        return rc;
    }
    slp_error_clear(err);
    *out = x.e;
    return SALESPLAN_OK;
}

int salesplan_estimate_file(salesplan_estimate **out, const char *path,
                            const salesplan_estimate_options *opts, salesplan_error *err)
{
    if (out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no output pointer given");
    *out = NULL;
    int done = 0;
    int rc = slp_est_parallel(out, path, opts, err, &done);
    if (done)
        return rc;
    slp_reader r;
    rc = slp_reader_open(&r, path, err);
    if (rc != SALESPLAN_OK)
        return rc;
    rc = run(out, &r, NULL, 0, opts, err);
    slp_reader_close(&r);
    return rc;
}

int salesplan_estimate_buffer(salesplan_estimate **out, const char *buf, size_t len,
                              const salesplan_estimate_options *opts, salesplan_error *err)
{
    if (out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no output pointer given");
    *out = NULL;
    if (buf == NULL && len > 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL buffer with a length");
    return run(out, NULL, buf ? buf : "", len, opts, err);
}

int salesplan_estimate_fd(salesplan_estimate **out, int fd, const char *name,
                          const salesplan_estimate_options *opts, salesplan_error *err)
{
    if (out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no output pointer given");
    *out = NULL;
    if (fd < 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "bad file descriptor %d", fd);
    slp_reader r;
    slp_reader_from_fd(&r, fd, name ? name : "-");
    return run(out, &r, NULL, 0, opts, err);
}
