/* One pass over a CRM export: option checks, the run context, the header,
 * the body rows (handed to the shape), and the final figures. Driven by
 * estimate.c (one pass) and estimate_parallel.c (two halves). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/free_all.h"
#include "common/error.h"
#include "estimate/estimate_internal.h"
#include "estimate/estimate_join_text.h"
#include "estimate/estimate_opts_size.h"

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

void slp_est_options_normalise(salesplan_estimate_options *dst,
                               const salesplan_estimate_options *src)
{
    salesplan_estimate_options d = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    *dst = d;
    if (src == NULL)
        return;
    unsigned v = src->version;
    memcpy(dst, src, slp_est_options_size(v > SALESPLAN_ESTIMATE_OPTIONS_VERSION ? 1 : v));
    if (v < 3 && dst->delimiter == '\0')
        dst->delimiter = ',';
    if (v < 2)
        dst->threads = 0;
}

int slp_est_check_options(const salesplan_estimate_options *o, salesplan_error *err)
{
    if (o->version < 1 || o->version > SALESPLAN_ESTIMATE_OPTIONS_VERSION)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "estimate options version %u is not supported (1 to %d)",
                             o->version, SALESPLAN_ESTIMATE_OPTIONS_VERSION);
    if (slp_est_threads(o) > SALESPLAN_ESTIMATE_MAX_THREADS)
        return slp_error_set(err, SALESPLAN_ELIMIT, "threads", 0, 0,
                             "threads must be at most %u (0 or 1 = the calling thread only), "
                             "found %u",
                             SALESPLAN_ESTIMATE_MAX_THREADS, slp_est_threads(o));
    if (o->shape != SALESPLAN_SHAPE_SNAPSHOT && o->shape != SALESPLAN_SHAPE_TRANSITIONS)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "unknown shape %d", o->shape);
    if (o->date_order != SALESPLAN_DATE_MDY && o->date_order != SALESPLAN_DATE_DMY &&
        o->date_order != SALESPLAN_DATE_AUTO)
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
                             "the transitions shape needs the stage order (option `stages`)");
    for (size_t i = 0; i < o->stage_count; i++) {
        const char *s = o->stages[i];
        size_t n = strlen(s);
        if (slp_est_is_lost(o, s, n))
            return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                 "stage order: '%.40s' is a lost name, not a stage", s);
        if (slp_est_is_won(o, s, n) && i + 1 != o->stage_count)
            return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                 "stage order: the won stage '%.40s' can only come last", s);
        for (size_t j = 0; j < i; j++)
            if (slp_est_name_eq(o->stages[j], strlen(o->stages[j]), s, n))
                return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                     "stage order: '%.40s' is listed twice", s);
    }
    if (o->decimal_comma < SALESPLAN_DECIMAL_AUTO || o->decimal_comma > SALESPLAN_DECIMAL_POINT)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "unknown decimal mark %d",
                             o->decimal_comma);
    if (o->rep_column != NULL && o->rep_column[0] == '\0')
        return slp_error_set(err, SALESPLAN_EINVAL, "rep_column", 0, 0,
                             "the rep column name is empty");
    if (!(o->rep_q >= 0.0 && o->rep_q <= 1.0))
        return slp_error_set(err, SALESPLAN_EINVAL, "rep_q", 0, 0,
                             "the q-value threshold must be in [0, 1]; found %g", o->rep_q);
    if (o->join_count > 0 &&
        (o->join_keys == NULL || (o->join_paths == NULL && o->join_texts == NULL)))
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "joins: NULL list with a count");
    if (o->join_texts == NULL && o->join_text_lens != NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "joins: text lengths given without the texts");
    for (size_t i = 0; i < o->join_count; i++) {
        size_t tn;
        const char *text = slp_est_join_text(o, i, &tn);
        if ((text == NULL && (o->join_paths == NULL || o->join_paths[i] == NULL)) || o->join_keys[i] == NULL ||
            o->join_keys[i][0] == '\0')
            return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                 "join %zu needs a file or a text, and a key column", i + 2);
    }
    char d = o->delimiter;
    if (d == '"' || d == '\n' || d == '\r')
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "the delimiter cannot be a quote or a line end");
    if (o->join_path != NULL && (o->join_key == NULL || o->join_key[0] == '\0'))
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "a join table needs a key column (option `join_key`)");
    return SALESPLAN_OK;
}

/* ---- the run -------------------------------------------------------------------- */

void slp_est_ctx_free(slp_est_ctx *x)
{
    slp_est_transitions_free(x);
    slp_est_reps_ctx_free(x);
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
    slp_mset_free(&x->amount_all);
    slp_mset_free(&x->cycle_all);
    SLP_FREE_ALL(x->amount_by, x->cycle_by, x->gdict, x->gacc, x->gacc_cap, x->join_gid,
                 x->join_tab);
    for (size_t t = 0; x->join_keys && t < x->njoins; t++)
        slp_dict_free(&x->join_keys[t]);
    slp_free(x->join_keys);
    slp_free(x->join_col);
    slp_free(x->group_col);
    slp_free(x->row_gid);
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
    x->e = slp_calloc(1, sizeof *x->e);
    if (x->e == NULL || slp_est_reps_setup(x) != SALESPLAN_OK)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    o = x->o; /* with the rep column among the groups */
    x->ngroups = o->group_count;
    x->e->info.shape = o->shape;
    x->day_min = x->day_max = SLP_NO_DAY;
    x->delim = o->delimiter ? o->delimiter : ',';
    x->dmy = o->date_order == SALESPLAN_DATE_DMY;
    x->e->overall.deals = 0;
    size_t ng = x->ngroups ? x->ngroups : 1;
    x->gdict = slp_calloc(ng, sizeof *x->gdict);
    x->gacc = slp_calloc(ng, sizeof *x->gacc);
    x->gacc_cap = slp_calloc(ng, sizeof *x->gacc_cap);
    x->join_gid = slp_calloc(ng, sizeof *x->join_gid);
    x->join_tab = slp_calloc(ng, sizeof *x->join_tab);
    x->group_col = slp_calloc(ng, sizeof *x->group_col);
    x->row_gid = slp_calloc(ng, sizeof *x->row_gid);
    x->e->group_columns = slp_calloc(ng, sizeof *x->e->group_columns);
    x->dcache = slp_calloc(3, sizeof *x->dcache);
    x->stage_cache = slp_calloc(1, sizeof *x->stage_cache);
    x->gcache = slp_calloc(ng, sizeof *x->gcache);
    x->amount_by = slp_calloc(ng, sizeof *x->amount_by);
    x->cycle_by = slp_calloc(ng, sizeof *x->cycle_by);
    if (!x->amount_by || !x->cycle_by || !x->dcache || !x->stage_cache || !x->gcache || !x->gdict || !x->gacc || !x->gacc_cap || !x->join_gid || !x->join_tab || !x->group_col || !x->row_gid ||
        !x->e->group_columns)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    x->e->group_column_count = x->ngroups;
    x->order = (const char **)(uintptr_t)o->stages;
    x->norder = o->stage_count;
    if (x->norder > 0 && slp_est_is_won(o, o->stages[x->norder - 1], strlen(o->stages[x->norder - 1]))) {
        x->won_in_order = o->stages[x->norder - 1];
        x->norder--;
    }
    return SALESPLAN_OK;
}

int slp_est_read_header(slp_est_ctx *x, slp_csv *csv)
{
    slp_csv_row row;
    int rc = slp_est_sniff(x, csv);
    if (rc != SALESPLAN_OK)
        return rc;
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
        if ((rc = slp_est_read_row(x, &row, transitions)) != SALESPLAN_OK)
            return rc;
    }
    x->e->info.bytes += slp_csv_bytes(csv);
    return rc == SLP_CSV_END ? SALESPLAN_OK : rc;
}

int slp_est_read_row(slp_est_ctx *x, const slp_csv_row *row, int transitions)
{
    if (row->count == 0)
        return SALESPLAN_OK;
    x->e->info.rows++;
    return transitions ? slp_est_transitions_row(x, row) : slp_est_snapshot_row(x, row);
}

int slp_est_finish(slp_est_ctx *x)
{
    int rc;
    if (x->o->shape == SALESPLAN_SHAPE_TRANSITIONS &&
        (rc = slp_est_transitions_finish(x)) != SALESPLAN_OK)
        return rc;
    if ((rc = slp_est_final_checks(x)) != SALESPLAN_OK ||
        (rc = slp_est_finish_figures(x)) != SALESPLAN_OK)
        return rc;
    return slp_est_reps_finish(x);
}

int slp_est_ctx_deliver(slp_est_ctx *x, int rc, salesplan_estimate **out, salesplan_error *err)
{
    slp_est_ctx_free(x);
    if (rc != SALESPLAN_OK) {
        salesplan_estimate_free(x->e);
        return rc;
    }
    slp_error_clear(err);
    *out = x->e;
    return SALESPLAN_OK;
}
