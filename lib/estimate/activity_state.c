/* The mergeable activity state: create with copied options, feed CSV bytes
 * in chunks or records to either input, finish. Reading the rows:
 * activity_read.c; merge: activity_state_merge.c; bytes: activity_state_io.c. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/activity_state.h"
#include "estimate/csv_feed.h"

/* ---- options ---------------------------------------------------------------------- */

int slp_act_options_normalise(salesplan_activities_options *dst,
                              const salesplan_activities_options *src, salesplan_error *err)
{
    *dst = (salesplan_activities_options)SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    if (src == NULL)
        return SALESPLAN_OK;
    if (src->version < 1 || src->version > SALESPLAN_ACTIVITIES_OPTIONS_VERSION)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "unknown options version %u (this library knows 1 to %d)",
                             src->version, SALESPLAN_ACTIVITIES_OPTIONS_VERSION);
    /* a version 1 struct ends before `threads`: read no byte past it */
    memcpy(dst, src,
           slp_version_size(slp_act_options_ends, SALESPLAN_ACTIVITIES_OPTIONS_VERSION,
                            src->version));
    dst->version = SALESPLAN_ACTIVITIES_OPTIONS_VERSION;
    return SALESPLAN_OK;
}

int slp_act_check_options(const salesplan_activities_options *o, salesplan_error *err)
{
    if (o->version != SALESPLAN_ACTIVITIES_OPTIONS_VERSION)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "unknown options version %u (this library knows %d)", o->version,
                             SALESPLAN_ACTIVITIES_OPTIONS_VERSION);
    if (o->threads > SALESPLAN_ACTIVITIES_MAX_THREADS)
        return slp_error_set(err, SALESPLAN_ELIMIT, NULL, 0, 0,
                             "option `threads` must be at most %u (0 or 1 = the calling thread "
                             "only); found %u",
                             SALESPLAN_ACTIVITIES_MAX_THREADS, o->threads);
    if (o->window_days < 0 || o->window_days > 36600)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "option `window_days` must be 0..36600; found %ld", o->window_days);
    if (o->deals_shape < SALESPLAN_DEALS_AUTO || o->deals_shape > SALESPLAN_DEALS_TRANSITIONS)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "option `deals_shape` is not a salesplan_deals_shape (%d)",
                             o->deals_shape);
    if (o->date_order < SALESPLAN_DATE_MDY || o->date_order > SALESPLAN_DATE_AUTO)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "option `date_order` is not a salesplan_date_order (%d)",
                             o->date_order);
    if ((o->map_count > 0 && (o->map_types == NULL || o->map_activities == NULL)) ||
        (o->won_count > 0 && o->won_names == NULL) ||
        (o->lost_count > 0 && o->lost_names == NULL))
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "a name list has a count but no array");
    char d = o->delimiter;
    if (d == '"' || d == '\r' || d == '\n')
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "option `delimiter` cannot be a quote or a line end");
    return SALESPLAN_OK;
}

/* The string options, by offset (also the order they are serialized in). */
const size_t slp_act_option_strings[SLP_ACT_OPTION_STRINGS] = {
    offsetof(salesplan_activities_options, date_column),
    offsetof(salesplan_activities_options, type_column),
    offsetof(salesplan_activities_options, owner_column),
    offsetof(salesplan_activities_options, deal_column),
    offsetof(salesplan_activities_options, account_column),
    offsetof(salesplan_activities_options, deals_id_column),
    offsetof(salesplan_activities_options, deals_stage_column),
    offsetof(salesplan_activities_options, deals_created_column),
    offsetof(salesplan_activities_options, deals_closed_column),
    offsetof(salesplan_activities_options, deals_date_column),
    offsetof(salesplan_activities_options, deals_owner_column),
    offsetof(salesplan_activities_options, deals_account_column),
    offsetof(salesplan_activities_options, from),
    offsetof(salesplan_activities_options, to),
};

const char **slp_act_option_string(salesplan_activities_options *o, size_t i)
{
    return (const char **)(void *)((char *)o + slp_act_option_strings[i]);
}

void slp_act_option_lists(salesplan_activities_options *o, slp_act_list l[SLP_ACT_OPTION_LISTS])
{
    l[0] = (slp_act_list){&o->map_types, &o->map_count};
    l[1] = (slp_act_list){&o->map_activities, &o->map_count};
    l[2] = (slp_act_list){&o->won_names, &o->won_count};
    l[3] = (slp_act_list){&o->lost_names, &o->lost_count};
}

/* A copy of s owned by the state (NULL stays NULL). */
static int keep(salesplan_activity_state *s, const char **p)
{
    if (*p == NULL)
        return 0;
    char *c = slp_strdup(*p);
    if (c == NULL)
        return -1;
    s->strs[s->nstrs++] = c;
    *p = c;
    return 0;
}

static int copy_options(salesplan_activity_state *s, const salesplan_activities_options *src)
{
    salesplan_activities_options *o = &s->o;
    *o = *src;
    slp_act_list l[SLP_ACT_OPTION_LISTS];
    slp_act_option_lists(o, l);
    size_t nl = 0;
    for (size_t i = 0; i < SLP_ACT_OPTION_LISTS; i++)
        nl += *l[i].count;
    s->strs = slp_calloc(nl + SLP_ACT_OPTION_STRINGS, sizeof *s->strs);
    s->lists = slp_calloc(nl ? nl : 1, sizeof *s->lists);
    if (s->strs == NULL || s->lists == NULL)
        return -1;
    for (size_t i = 0; i < SLP_ACT_OPTION_STRINGS; i++)
        if (keep(s, slp_act_option_string(o, i)) != 0)
            return -1;
    size_t at = 0;
    for (size_t i = 0; i < SLP_ACT_OPTION_LISTS; i++) {
        const char *const *from = *l[i].v;
        if (from == NULL || *l[i].count == 0) {
            *l[i].v = NULL;
            continue;
        }
        const char **to = s->lists + at;
        for (size_t k = 0; k < *l[i].count; k++) {
            to[k] = from[k];
            if (keep(s, &to[k]) != 0)
                return -1;
        }
        at += *l[i].count;
        *l[i].v = to;
    }
    if (src->plan != NULL && salesplan_plan_clone(&s->plan, src->plan) != SALESPLAN_OK)
        return -1;
    o->plan = s->plan;
    return 0;
}

void salesplan_activity_state_free(salesplan_activity_state *s)
{
    if (s == NULL)
        return;
    slp_act_acc_free(&s->acc);
    slp_act_input_free(&s->in[0]);
    slp_act_input_free(&s->in[1]);
    slp_record_buf_free(&s->rec);
    salesplan_plan_free(s->plan);
    slp_free_strings(s->strs, s->nstrs);
    slp_free(s->lists);
    slp_free(s);
}

int slp_act_state_new(salesplan_activity_state **out, const salesplan_activities_options *opts,
                      salesplan_error *err)
{
    salesplan_activities_options full;
    *out = NULL;
    int rc = slp_act_options_normalise(&full, opts, err);
    if (rc == SALESPLAN_OK)
        rc = slp_act_check_options(&full, err);
    if (rc != SALESPLAN_OK)
        return rc;
    opts = &full;
    salesplan_activity_state *s = slp_calloc(1, sizeof *s);
    if (s == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    slp_act_acc_init(&s->acc);
    s->in[SALESPLAN_INPUT_LOG].file = "activities";
    s->in[SALESPLAN_INPUT_DEALS].file = "deals";
    for (int i = 0; i < 2; i++) { /* records are read in the order named, or M/D */
        s->in[i].dmy = opts->date_order == SALESPLAN_DATE_DMY;
        s->in[i].decided = opts->date_order != SALESPLAN_DATE_AUTO;
    }
    if (copy_options(s, opts) != 0) {
        salesplan_activity_state_free(s);
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    *out = s;
    return SALESPLAN_OK;
}

int slp_act_state_seed(salesplan_activity_state *dst, const salesplan_activity_state *s)
{
    const slp_act_input *a = &s->in[SALESPLAN_INPUT_LOG];
    slp_act_input *b = &dst->in[SALESPLAN_INPUT_LOG];
    int rc = slp_act_acc_seed(&dst->acc, &s->acc);
    b->base = a->base;
    b->prefilled = a->prefilled; /* its ids are s's */
    return rc;
}

salesplan_status salesplan_activity_state_create(salesplan_activity_state **out,
                                                 const salesplan_activities_options *opts,
                                                 salesplan_error *err)
{
    if (out == NULL)
        return slp_error_no_out(err);
    int rc = slp_act_state_new(out, opts, err);
    if (rc == SALESPLAN_OK)
        slp_error_clear(err);
    return (salesplan_status)rc;
}

/* ---- feeding ---------------------------------------------------------------------- */

static int usable(const salesplan_activity_state *s, int input, salesplan_error *err)
{
    if (s == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no state given");
    if (s->failed)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "the state failed before: free it");
    if (input != SALESPLAN_INPUT_LOG && input != SALESPLAN_INPUT_DEALS)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "input %d is neither the log (0) nor the deals (1)", input);
    return SALESPLAN_OK;
}

static int fail(salesplan_activity_state *s, int rc)
{
    if (rc != SALESPLAN_OK)
        s->failed = 1;
    return rc;
}

/* The header row of the document being fed, once its first bytes are in. */
static int doc_header(salesplan_activity_state *s, int which, int ended)
{
    slp_act_input *in = &s->in[which];
    if (!ended && slp_csv_pending(in->csv) < SLP_CSV_CHUNK)
        return SLP_CSV_MORE; /* sniff the same window as a file read */
    const char *data;
    size_t n;
    int rc = slp_csv_peek(in->csv, &data, &n, s->err);
    if (rc != SALESPLAN_OK)
        return rc;
    slp_csv_set_delim(in->csv, slp_act_input_sniff(s, which, data, n));
    slp_csv_row row;
    do {
        rc = slp_csv_next(in->csv, &row, s->err);
    } while (rc == SALESPLAN_OK && row.count == 0);
    if (rc == SLP_CSV_END)
        return slp_error_set(s->err, SALESPLAN_EDATA, in->file, 0, 0,
                             "the %s file is empty (no header row)", in->file);
    if (rc != SALESPLAN_OK)
        return rc;
    const char **names = slp_calloc(row.count, sizeof *names);
    size_t *lens = slp_calloc(row.count, sizeof *lens);
    rc = names && lens ? SALESPLAN_OK
                       : slp_error_set(s->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; rc == SALESPLAN_OK && i < row.count; i++) {
        names[i] = row.fields[i].ptr;
        lens[i] = row.fields[i].len;
    }
    if (rc == SALESPLAN_OK)
        rc = slp_act_input_header(s, which, names, lens, row.count, row.line);
    slp_free(names);
    slp_free(lens);
    if (rc == SALESPLAN_OK) {
        in->doc_header = 1;
        in->doc_header_bytes = slp_csv_bytes(in->csv);
        in->doc_first_line = slp_csv_line(in->csv);
    }
    return rc;
}

uint64_t slp_act_state_csv_line(const salesplan_activity_state *s, int which)
{
    return s->in[which].csv ? slp_csv_line(s->in[which].csv) : 1;
}

/* Count every complete row the tokenizer holds. */
static int drain(salesplan_activity_state *s, int which, int ended)
{
    slp_act_input *in = &s->in[which];
    int rc = SALESPLAN_OK;
    if (!in->doc_header) {
        rc = doc_header(s, which, ended);
        if (rc == SLP_CSV_MORE)
            return SALESPLAN_OK;
    }
    slp_csv_row row;
    while (rc == SALESPLAN_OK && (rc = slp_csv_next(in->csv, &row, s->err)) == SALESPLAN_OK)
        if (row.count > 0)
            rc = slp_act_input_row(s, which, &row);
    if (rc == SLP_CSV_MORE || rc == SLP_CSV_END)
        rc = slp_act_input_flush(s, which); /* a feeding call ends with whole counts */
    if (rc == SALESPLAN_OK)
        return SALESPLAN_OK;
    if (s->err && s->err->path[0] == '\0' && rc != SALESPLAN_ENOMEM)
        snprintf(s->err->path, sizeof s->err->path, "%s", in->file);
    return rc;
}

static int drain_log(void *s)
{
    return drain(s, SALESPLAN_INPUT_LOG, 0);
}

static int drain_deals(void *s)
{
    return drain(s, SALESPLAN_INPUT_DEALS, 0);
}

/* Bytes of an input: `len` bytes at `bytes`, or what reader r yields (read
 * straight into the tokenizer's buffer). */
static int feed_input(salesplan_activity_state *s, int input, const char *bytes, size_t len,
                      slp_reader *r, salesplan_error *err)
{
    int rc = usable(s, input, err);
    if (rc != SALESPLAN_OK)
        return rc;
    if (bytes == NULL && len > 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL bytes with a length");
    slp_act_input *in = &s->in[input];
    s->err = err;
    if (in->csv == NULL) {
        rc = slp_csv_open_push(&in->csv, s->o.delimiter ? s->o.delimiter : ',', err);
        if (rc != SALESPLAN_OK)
            return fail(s, rc);
        in->doc_header = 0;
    }
    int (*drain_fn)(void *) = input == SALESPLAN_INPUT_LOG ? drain_log : drain_deals;
    rc = r ? slp_csv_feed_reader(in->csv, r, drain_fn, s, err)
           : slp_csv_feed(in->csv, bytes, len, drain_fn, s, err);
    if (rc != SALESPLAN_OK)
        return fail(s, rc);
    slp_error_clear(err);
    return SALESPLAN_OK;
}

salesplan_status salesplan_activity_state_feed_csv(salesplan_activity_state *s,
                                                   salesplan_activity_input input,
                                                   const char *bytes, size_t len,
                                                   salesplan_error *err)
{
    return (salesplan_status)feed_input(s, (int)input, bytes, len, NULL, err);
}

int slp_act_state_feed_reader(salesplan_activity_state *s, int input, slp_reader *r,
                              salesplan_error *err)
{
    return feed_input(s, input, NULL, 0, r, err);
}

salesplan_status salesplan_activity_state_feed_csv_end(salesplan_activity_state *s,
                                                       salesplan_activity_input input,
                                                       salesplan_error *err)
{
    int rc = usable(s, (int)input, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    slp_act_input *in = &s->in[input];
    if (in->csv == NULL)
        return SALESPLAN_OK;
    s->err = err;
    slp_csv_push_end(in->csv);
    if (in->doc_header || slp_csv_bytes(in->csv) > 0 || slp_csv_pending(in->csv) > 0)
        rc = drain(s, (int)input, 1); /* else nothing was fed: nothing to count */
    if (rc != SALESPLAN_OK)
        return (salesplan_status)fail(s, rc);
    slp_csv_free(in->csv);
    in->csv = NULL;
    slp_error_clear(err);
    return SALESPLAN_OK;
}

salesplan_status salesplan_activity_state_set_columns(salesplan_activity_state *s,
                                                      salesplan_activity_input input,
                                                      const char *const *names, size_t count,
                                                      salesplan_error *err)
{
    int rc = usable(s, (int)input, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    if (names == NULL && count > 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL names with a count");
    size_t *lens = slp_calloc(count ? count : 1, sizeof *lens);
    if (lens == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < count && rc == SALESPLAN_OK; i++) {
        if (names[i] == NULL)
            rc = slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "column name %zu is NULL",
                               i + 1);
        else
            lens[i] = strlen(names[i]);
    }
    s->err = err;
    if (rc == SALESPLAN_OK)
        rc = slp_act_input_header(s, (int)input, names, lens, count, 1);
    slp_free(lens);
    if (rc == SALESPLAN_ESYNTAX) /* a name that is not text: a bad argument here */
        rc = err ? (err->code = SALESPLAN_EINVAL) : SALESPLAN_EINVAL;
    if (rc == SALESPLAN_OK)
        slp_error_clear(err);
    return (salesplan_status)rc;
}

salesplan_status salesplan_activity_state_feed_record(salesplan_activity_state *s,
                                                      salesplan_activity_input input,
                                                      const salesplan_value *values, size_t count,
                                                      salesplan_error *err)
{
    int rc = usable(s, (int)input, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    slp_act_input *in = &s->in[input];
    if (in->header == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "name the %s columns first (salesplan_activity_state_set_columns)",
                             in->file);
    s->err = err;
    slp_csv_row row;
    uint64_t line = (in->record_line ? in->record_line : 1) + 1;
    rc = slp_record_row(&s->rec, values, count, SIZE_MAX, line, &row, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    in->record_line = line;
    rc = slp_act_input_row(s, (int)input, &row);
    if (rc == SALESPLAN_OK)
        rc = slp_act_input_flush(s, (int)input);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)fail(s, rc);
    slp_error_clear(err);
    return SALESPLAN_OK;
}

/* ---- finish ----------------------------------------------------------------------- */

int slp_act_state_ready(const salesplan_activity_state *s, salesplan_error *err)
{
    if (s->failed)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "the state failed before: free it");
    for (int i = 0; i < 2; i++)
        if (slp_act_input_open(s, i))
            return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                 "the state holds %s CSV bytes not yet counted: end that CSV "
                                 "first (salesplan_activity_state_feed_csv_end)",
                                 s->in[i].file);
    return SALESPLAN_OK;
}

int slp_act_state_has_header(const salesplan_activity_state *s, int which, salesplan_error *err)
{
    const slp_act_input *in = &s->in[which];
    if (in->header == NULL)
        return slp_error_set(err, SALESPLAN_EDATA, in->file, 0, 0,
                             "the %s file is empty (no header row)", in->file);
    return SALESPLAN_OK;
}

static int columns(const salesplan_activity_state *s, salesplan_activities *r)
{
    for (int w = 0; w < 2; w++) {
        const slp_act_input *in = &s->in[w];
        size_t n = w == SALESPLAN_INPUT_LOG ? SLP_L_COUNT : SLP_D_COUNT;
        const char **names = w == SALESPLAN_INPUT_LOG ? r->info.log_columns : r->info.deals_columns;
        for (size_t k = 0; k < n; k++) {
            if (in->col[k] == SIZE_MAX)
                continue;
            const char *h = in->header[in->col[k]];
            if ((names[k] = slp_act_keep(r, h, strlen(h))) == NULL)
                return SALESPLAN_ENOMEM;
        }
    }
    r->info.deals_shape = s->in[SALESPLAN_INPUT_DEALS].shape;
    return SALESPLAN_OK;
}

salesplan_status salesplan_activity_state_finish(salesplan_activities **out,
                                                 const salesplan_activity_state *s,
                                                 salesplan_error *err)
{
    if (out == NULL)
        return slp_error_no_out(err);
    *out = NULL;
    if (s == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no state given");
    int rc = slp_act_state_ready(s, err);
    if (rc == SALESPLAN_OK)
        rc = slp_act_state_has_header(s, SALESPLAN_INPUT_DEALS, err);
    if (rc == SALESPLAN_OK)
        rc = slp_act_state_has_header(s, SALESPLAN_INPUT_LOG, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    salesplan_activities *r = NULL;
    rc = slp_act_result_new(&r);
    if (rc == SALESPLAN_OK)
        rc = columns(s, r);
    if (rc == SALESPLAN_OK)
        rc = slp_act_input_warnings(s, SALESPLAN_INPUT_DEALS, r);
    if (rc == SALESPLAN_OK)
        rc = slp_act_input_warnings(s, SALESPLAN_INPUT_LOG, r);
    if (rc == SALESPLAN_OK)
        rc = slp_act_finish(&s->acc, r, &s->o, err);
    if (rc != SALESPLAN_OK) {
        if (rc == SALESPLAN_ENOMEM)
            slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        salesplan_activities_free(r);
        return (salesplan_status)rc;
    }
    slp_error_clear(err);
    *out = r;
    return SALESPLAN_OK;
}
