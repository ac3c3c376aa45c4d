/* The mergeable estimate state: create with copied options, feed CSV bytes in
 * chunks or records, finish. Merge: estimate_state_merge.c; bytes:
 * estimate_state_io.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/date.h"
#include "common/error.h"
#include "estimate/csv_feed.h"
#include "estimate/estimate_state.h"
#include "estimate/record_row.h"

salesplan_status salesplan_estimate_state_create(salesplan_estimate_state **out,
                                                 const salesplan_estimate_options *opts,
                                                 salesplan_error *err)
{
    if (out == NULL)
        return slp_error_no_out(err);
    return (salesplan_status)slp_est_state_new(out, opts, err);
}

/* ---- the header ------------------------------------------------------------------- */

int slp_est_state_map(salesplan_estimate_state *s, int join)
{
    if (s->header == NULL || (s->mapped && (s->joined || !join)))
        return SALESPLAN_OK;
    slp_csv_field *f = slp_calloc(s->header_n ? s->header_n : 1, sizeof *f);
    if (f == NULL)
        return slp_error_set(s->x.err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < s->header_n; i++) {
        f[i].ptr = s->header[i];
        f[i].len = strlen(s->header[i]);
    }
    slp_csv_row row = {f, s->header_n, 1, 0, 0};
    int rc = SALESPLAN_OK;
    if (!s->mapped) {
        rc = slp_est_map_columns(&s->x, &row);
        if (rc == SALESPLAN_OK)
            s->mapped = 1;
    }
    if (rc == SALESPLAN_OK && join && !s->joined) {
        rc = slp_est_load_join(&s->x, &row);
        if (rc == SALESPLAN_OK)
            s->joined = 1;
    }
    slp_free(f);
    return rc;
}

int slp_est_state_header(salesplan_estimate_state *s, const char *const *names,
                         const size_t *lens, size_t n, uint64_t line)
{
    if (s->header != NULL) {
        int same = s->header_n == n;
        for (size_t i = 0; same && i < n; i++)
            same = strlen(s->header[i]) == lens[i] && memcmp(s->header[i], names[i], lens[i]) == 0;
        if (!same)
            return slp_error_set(s->x.err, SALESPLAN_EINVAL, NULL, (long)line, 0,
                                 "line %llu: this header differs from the state's (%zu columns "
                                 "first, %zu now): every part must have the same columns",
                                 (unsigned long long)line, s->header_n, n);
        return slp_est_state_map(s, 1);
    }
    s->header = slp_calloc(n ? n : 1, sizeof *s->header);
    if (s->header == NULL)
        return slp_error_set(s->x.err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        s->header[i] = slp_strndup(names[i], lens[i]);
        if (s->header[i] == NULL) {
            slp_free_strings(s->header, i);
            s->header = NULL;
            return slp_error_set(s->x.err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    s->header_n = n;
    int rc = slp_est_state_map(s, 1);
    if (rc != SALESPLAN_OK) { /* forget a header that cannot be used */
        slp_free_strings(s->header, n);
        s->header = NULL;
        s->header_n = 0;
    }
    return rc;
}

/* ---- CSV bytes -------------------------------------------------------------------- */

uint64_t slp_est_state_csv_line(const salesplan_estimate_state *s)
{
    return s->csv ? slp_csv_line(s->csv) : 1;
}

static int read_doc_header(salesplan_estimate_state *s)
{
    slp_est_ctx *x = &s->x;
    int rc;
    if (!s->sniffed) {
        if ((rc = slp_est_sniff(x, s->csv)) != SALESPLAN_OK)
            return rc;
        s->sniffed = 1;
    }
    slp_csv_row row;
    do {
        rc = slp_csv_next(s->csv, &row, x->err);
    } while (rc == SALESPLAN_OK && row.count == 0);
    if (rc == SLP_CSV_MORE)
        return rc;
    if (rc == SLP_CSV_END)
        return slp_error_set(x->err, SALESPLAN_EDATA, NULL, 0, 0,
                             "the input is empty: no header row");
    if (rc != SALESPLAN_OK)
        return rc;
    const char *names[256];
    size_t lens[256];
    const char **pn = names;
    size_t *pl = lens;
    if (row.count > 256) {
        pn = slp_calloc(row.count, sizeof *pn);
        pl = slp_calloc(row.count, sizeof *pl);
        if (pn == NULL || pl == NULL) {
            slp_free(pn);
            slp_free(pl);
            return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    rc = SALESPLAN_OK;
    for (size_t i = 0; i < row.count; i++) {
        pn[i] = row.fields[i].ptr;
        pl[i] = row.fields[i].len;
        if (!slp_utf8_valid(pn[i], pl[i]) || memchr(pn[i], '\0', pl[i]) != NULL) {
            rc = slp_error_set(x->err, SALESPLAN_ESYNTAX, NULL, (long)row.line, 0,
                               "line %llu: header field %zu is not valid UTF-8 text",
                               (unsigned long long)row.line, i + 1);
            break;
        }
    }
    if (rc == SALESPLAN_OK)
        rc = slp_est_state_header(s, pn, pl, row.count, row.line);
    if (pn != names) {
        slp_free(pn);
        slp_free(pl);
    }
    if (rc != SALESPLAN_OK)
        return rc;
    s->doc_header = 1;
    uint64_t hb = slp_csv_bytes(s->csv);
    s->doc_header_bytes = hb;
    s->doc_first_line = slp_csv_line(s->csv);
    if (hb > s->header_bytes)
        s->header_bytes = hb;
    return SALESPLAN_OK;
}

/* Count every complete row held by the tokenizer. */
static int drain(salesplan_estimate_state *s, int ended)
{
    slp_est_ctx *x = &s->x;
    int rc;
    if (!s->doc_header) {
        if (!ended && slp_csv_pending(s->csv) < SLP_EST_SNIFF_BYTES)
            return SALESPLAN_OK; /* sniff the same window as a file read */
        rc = read_doc_header(s);
        if (rc == SLP_CSV_MORE)
            return SALESPLAN_OK;
        if (rc != SALESPLAN_OK)
            return rc;
    }
    int transitions = s->o.shape == SALESPLAN_SHAPE_TRANSITIONS;
    slp_csv_row row;
    while ((rc = slp_csv_next(s->csv, &row, x->err)) == SALESPLAN_OK) {
        if ((rc = slp_est_read_row(x, &row, transitions)) != SALESPLAN_OK)
            return rc;
    }
    if (rc == SLP_CSV_MORE || rc == SLP_CSV_END)
        return SALESPLAN_OK;
    return rc;
}

static int drain_more(void *s)
{
    return drain(s, 0);
}

static int fail(salesplan_estimate_state *s, int rc)
{
    if (rc != SALESPLAN_OK)
        s->failed = 1;
    return rc;
}

static int usable(const salesplan_estimate_state *s, salesplan_error *err)
{
    if (s == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no state given");
    if (s->failed)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "the state failed before: free it");
    return SALESPLAN_OK;
}

/* A new CSV document starts with the next bytes unless one is being fed. */
static int begin_doc(salesplan_estimate_state *s, salesplan_error *err)
{
    if (s->csv != NULL)
        return SALESPLAN_OK;
    int rc = slp_csv_open_push(&s->csv, s->o.delimiter ? s->o.delimiter : ',', err);
    if (rc != SALESPLAN_OK)
        return rc;
    s->doc_header = 0;
    s->doc_header_bytes = 0;
    s->sniffed = 0;
    return SALESPLAN_OK;
}

int slp_est_state_feed_reader(salesplan_estimate_state *s, slp_reader *r, salesplan_error *err)
{
    int rc = usable(s, err);
    if (rc != SALESPLAN_OK)
        return rc;
    s->x.err = err;
    if ((rc = begin_doc(s, err)) != SALESPLAN_OK)
        return rc;
    if ((rc = slp_csv_feed_reader(s->csv, r, drain_more, s, err)) != SALESPLAN_OK)
        return fail(s, rc);
    slp_error_clear(err);
    return SALESPLAN_OK;
}

salesplan_status salesplan_estimate_state_feed_csv(salesplan_estimate_state *s, const char *bytes,
                                                   size_t len, salesplan_error *err)
{
    int rc = usable(s, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    if (bytes == NULL && len > 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL bytes with a length");
    s->x.err = err;
    if ((rc = begin_doc(s, err)) != SALESPLAN_OK)
        return (salesplan_status)rc;
    rc = slp_csv_feed(s->csv, bytes, len, drain_more, s, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)fail(s, rc);
    slp_error_clear(err);
    return SALESPLAN_OK;
}

salesplan_status salesplan_estimate_state_feed_csv_end(salesplan_estimate_state *s,
                                                       salesplan_error *err)
{
    int rc = usable(s, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    if (s->csv == NULL)
        return SALESPLAN_OK;
    s->x.err = err;
    slp_csv_push_end(s->csv);
    rc = drain(s, 1);
    if (rc == SALESPLAN_EDATA && !s->doc_header && slp_csv_bytes(s->csv) == 0 &&
        slp_csv_pending(s->csv) == 0)
        rc = SALESPLAN_OK; /* nothing was fed: nothing to count */
    if (rc != SALESPLAN_OK)
        return (salesplan_status)fail(s, rc);
    s->body_bytes += slp_csv_bytes(s->csv) - s->doc_header_bytes;
    slp_csv_free(s->csv);
    s->csv = NULL;
    slp_error_clear(err);
    return SALESPLAN_OK;
}

/* ---- records ---------------------------------------------------------------------- */

salesplan_status salesplan_estimate_state_set_columns(salesplan_estimate_state *s,
                                                      const char *const *names, size_t count,
                                                      salesplan_error *err)
{
    int rc = usable(s, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    if (names == NULL && count > 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL names with a count");
    size_t *lens = slp_calloc(count ? count : 1, sizeof *lens);
    if (lens == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < count; i++) {
        if (names[i] == NULL || !slp_utf8_valid(names[i], strlen(names[i]))) {
            slp_free(lens);
            return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                 "column name %zu is NULL or not UTF-8", i + 1);
        }
        lens[i] = strlen(names[i]);
    }
    s->x.err = err;
    rc = slp_est_state_header(s, names, lens, count, 1);
    slp_free(lens);
    if (rc == SALESPLAN_OK)
        slp_error_clear(err);
    return (salesplan_status)rc;
}

salesplan_status salesplan_estimate_state_feed_record(salesplan_estimate_state *s,
                                                      const salesplan_value *values, size_t count,
                                                      salesplan_error *err)
{
    int rc = usable(s, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    if (values == NULL && count > 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL values with a count");
    if (s->header == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "name the columns first (salesplan_estimate_state_set_columns)");
    s->x.err = err;
    if ((rc = slp_est_state_map(s, 1)) != SALESPLAN_OK)
        return (salesplan_status)rc;
    if (s->record_line == 0)
        s->record_line = 1;
    slp_csv_row row;
    rc = slp_record_row(&s->rec, values, count, s->x.col_amount, s->record_line + 1, &row, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    s->record_line++;
    s->x.e->info.rows++;
    rc = s->o.shape == SALESPLAN_SHAPE_TRANSITIONS ? slp_est_transitions_row(&s->x, &row)
                                                  : slp_est_snapshot_row(&s->x, &row);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)fail(s, rc);
    slp_error_clear(err);
    return SALESPLAN_OK;
}

/* ---- finish ------------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int slp_est_state_take(salesplan_estimate **out, salesplan_estimate_state *s,
                       salesplan_error *err)
{
    *out = NULL;
    slp_est_ctx *x = &s->x;
    x->err = err;
    int rc = SALESPLAN_OK;
    if (s->csv != NULL)
        rc = salesplan_estimate_state_feed_csv_end(s, err);
    if (rc == SALESPLAN_OK)
        rc = slp_est_state_map(s, 0);
    salesplan_estimate *e = x->e;
    for (size_t g = 0; rc == SALESPLAN_OK && g < x->ngroups; g++)
        if (e->group_columns[g] == NULL &&
            (e->group_columns[g] = slp_strdup(s->o.group_columns[g])) == NULL)
            rc = slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    if (rc == SALESPLAN_OK) {
        e->info.bytes = s->body_bytes + s->header_bytes;
        if (e->info.delimiter == '\0') /* records only: the delimiter they would have */
            e->info.delimiter = s->o.delimiter ? s->o.delimiter : ',';
        /* warnings of the reading, in one order whatever the parts */
        if (e->warning_count > 1) /* qsort's array may not be NULL, even when empty */
            qsort(e->warnings, e->warning_count, sizeof *e->warnings, cmp_str);
        /* problems by line (parts merged in any order) */
        rc = slp_est_finish(x);
    }
    if (rc != SALESPLAN_OK)
        return rc;
    *out = x->e;
    x->e = NULL;
    slp_est_ctx_free(x);
    x->o = NULL;
    s->failed = 1;
    slp_error_clear(err);
    return SALESPLAN_OK;
}

salesplan_status salesplan_estimate_state_finish(salesplan_estimate **out,
                                                 const salesplan_estimate_state *s,
                                                 salesplan_error *err)
{
    if (out == NULL)
        return slp_error_no_out(err);
    *out = NULL;
    int rc = usable(s, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    /* finish a copy: merge into a fresh state, then take its estimate */
    salesplan_estimate_state *c = NULL;
    rc = slp_est_state_new(&c, &s->o, err);
    if (rc == SALESPLAN_OK)
        rc = slp_est_state_merge_at(c, s, 0, 0, err);
    if (rc == SALESPLAN_OK && s->csv != NULL && slp_csv_pending(s->csv) > 0) {
        /* bytes of the document being fed not counted yet: count them in the copy */
        if (s->doc_header) { /* the copy continues the document after its header */
            rc = slp_csv_open_push(&c->csv, s->x.delim ? s->x.delim : ',', err);
            c->doc_header = c->sniffed = 1;
            c->x.delim = s->x.delim;
            c->x.dmy = s->x.dmy;
            if (rc == SALESPLAN_OK)
                slp_csv_no_bom(c->csv);
        }
        if (rc == SALESPLAN_OK)
            rc = salesplan_estimate_state_feed_csv(c, slp_csv_pending_data(s->csv),
                                                   slp_csv_pending(s->csv), err);
        if (rc == SALESPLAN_OK)
            rc = salesplan_estimate_state_feed_csv_end(c, err);
    }
    if (rc == SALESPLAN_OK)
        rc = slp_est_state_take(out, c, err);
    salesplan_estimate_state_free(c);
    return (salesplan_status)rc;
}
