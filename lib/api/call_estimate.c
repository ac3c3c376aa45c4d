/* The "estimate" operation of salesplan_json_call():
 *
 *   {"op": "estimate", "csv": "<CSV text>", "options": {...}, "format": "json"|"markdown"|"md"}
 *
 * The options carry the names of the CLI's options and of Python's
 * salesplan.estimate() keywords: shape, id, stage, created, closed, amount,
 * date (strings), group, won, lost, stages (a string, split at commas, or an
 * array of strings), date_order ("mdy"/"dmy"), strict (boolean), delimiter
 * (one character), max_reported (a whole number), rep (the rep column of the rep
 * diagnostics), rep_min_n (a whole number), rep_q (a number). Lookup tables
 * come as text too: "joins": [{"csv": "<CSV text>", "key": "<column>"}, ...],
 * in the order a group column is looked up (the first table that has it);
 * messages name a table "joins[i]". There is no thread count (text in memory
 * is read on the calling thread). The reply is the document
 * salesplan_estimate_render() writes. */
#include <stdio.h>
#include <string.h>

#include "api/call.h"
#include "common/alloc.h"
#include "common/free_all.h"
#include "common/error.h"

/* Largest max_reported, as the CLI's --max-reported. */
#define CALL_MAX_REPORTED 1000000ULL
/* Most lookup tables of a request, as the CLI's repeated --join. */
#define CALL_MAX_JOINS 64

/* The four name lists of the options, owned for the call. */
typedef struct name_lists {
    const char **list[4]; /* group, won, lost, stages */
    char *text[4];        /* comma-separated strings, copied and split in place */
} name_lists;

static void lists_free(name_lists *l)
{
    for (int i = 0; i < 4; i++) {
        slp_free((void *)l->list[i]);
        slp_free(l->text[i]);
    }
}

static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        s[--n] = '\0';
    return s;
}

/* `node` (a string split at commas, or an array of strings) into a list. */
static int names(const slp_call *rq, size_t node, const char *path, name_lists *l, int which,
                 const char *const **out, size_t *count, salesplan_error *err)
{
    if (node == SLP_JPOS_NONE)
        return SALESPLAN_OK;
    slp_jtype t = slp_jpos_type(rq->jp, node);
    size_t n = 0, len = 0;
    if (t == SLP_JT_STRING) {
        const char *s = slp_jpos_string(rq->jp, node, &len);
        n = 1;
        for (size_t i = 0; i < len; i++)
            n += s[i] == ',';
        l->text[which] = slp_malloc(len + 1);
        if (l->text[which] == NULL)
            return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        memcpy(l->text[which], s, len + 1);
    } else if (t == SLP_JT_ARRAY) {
        n = slp_jpos_nkids(rq->jp, node);
    } else {
        return slp_error_set(err, SALESPLAN_EINVAL, path, 0, 0,
                             "must be a string or an array of strings, found %s",
                             slp_call_type_name(t));
    }
    l->list[which] = slp_calloc(n ? n : 1, sizeof *l->list[which]);
    if (l->list[which] == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    if (t == SLP_JT_STRING) {
        char *p = l->text[which];
        for (size_t i = 0; i < n; i++) {
            char *comma = strchr(p, ',');
            if (comma)
                *comma = '\0';
            l->list[which][i] = trim(p);
            p = comma ? comma + 1 : p;
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            size_t kid = slp_jpos_kid(rq->jp, node, i);
            l->list[which][i] = slp_jpos_string(rq->jp, kid, &len);
            if (l->list[which][i] == NULL)
                return slp_error_set(err, SALESPLAN_EINVAL, path, 0, 0,
                                     "item %zu must be a string, found %s", i,
                                     slp_call_type_name(slp_jpos_type(rq->jp, kid)));
        }
    }
    *out = n ? l->list[which] : NULL;
    *count = n;
    return SALESPLAN_OK;
}

static const char *const option_keys[] = {
    "shape", "id", "stage", "created", "closed", "amount", "date", "group", "won", "lost",
    "stages", "date_order", "strict", "delimiter", "max_reported", "rep", "rep_min_n", "rep_q",
    NULL};

#define EST salesplan_estimate_options
static const char *const shapes[] = {"snapshot", "transitions", NULL};
static const int shape_values[] = {SALESPLAN_SHAPE_SNAPSHOT, SALESPLAN_SHAPE_TRANSITIONS};
static const char *const orders[] = {"mdy", "dmy", NULL};
static const int order_values[] = {SALESPLAN_DATE_MDY, SALESPLAN_DATE_DMY};

/* The options but the four name lists, in the order they are checked. */
static const slp_call_opt option_table[] = {
    {"shape", SLP_OPT_CHOICE, SLP_OPT_FIELD(EST, shape), 0, shapes, shape_values, NULL},
    {"date_order", SLP_OPT_CHOICE, SLP_OPT_FIELD(EST, date_order), 0, orders, order_values, NULL},
    SLP_OPT_STR("id", EST, id_column),
    SLP_OPT_STR("stage", EST, stage_column),
    SLP_OPT_STR("created", EST, created_column),
    SLP_OPT_STR("closed", EST, closed_column),
    SLP_OPT_STR("amount", EST, amount_column),
    SLP_OPT_STR("date", EST, date_column),
    {"delimiter", SLP_OPT_CHAR, SLP_OPT_FIELD(EST, delimiter), 0, NULL, NULL, NULL},
    SLP_OPT_STR("rep", EST, rep_column),
    {"rep_min_n", SLP_OPT_COUNT, SLP_OPT_FIELD(EST, rep_min_n), CALL_MAX_REPORTED, NULL, NULL,
     NULL},
    {"strict", SLP_OPT_BOOL, SLP_OPT_FIELD(EST, strict), 0, NULL, NULL, NULL},
    {"max_reported", SLP_OPT_COUNT, SLP_OPT_FIELD(EST, max_reported), CALL_MAX_REPORTED, NULL,
     NULL, NULL},
    {"rep_q", SLP_OPT_NUMBER, SLP_OPT_FIELD(EST, rep_q), 0, NULL, NULL,
     "must be a number in [0, 1]"},
};
#undef EST

/* "options" into `o`; every key's path is "options.<key>". */
static int read_options(const slp_call *rq, salesplan_estimate_options *o, name_lists *l,
                        salesplan_error *err)
{
    salesplan_estimate_options_init(o, SALESPLAN_ESTIMATE_OPTIONS_VERSION);
    size_t obj;
    int rc = slp_call_options(rq, option_keys,
                              "unknown estimate option (one of shape, id, stage, created, "
                              "closed, amount, date, group, won, lost, stages, date_order, "
                              "strict, delimiter, max_reported, rep, rep_min_n, rep_q)",
                              &obj, err);
    if (rc != SALESPLAN_OK || obj == SLP_JPOS_NONE)
        return rc;
    rc = slp_call_read_opts(rq, obj, "options.", option_table, SLP_CALL_NOPTS(option_table), o,
                            err);
#define AT(key) slp_call_member(rq, obj, key), "options." key
    if (rc != SALESPLAN_OK ||
        (rc = names(rq, AT("group"), l, 0, &o->group_columns, &o->group_count, err)) !=
            SALESPLAN_OK ||
        (rc = names(rq, AT("won"), l, 1, &o->won_names, &o->won_count, err)) != SALESPLAN_OK ||
        (rc = names(rq, AT("lost"), l, 2, &o->lost_names, &o->lost_count, err)) != SALESPLAN_OK ||
        (rc = names(rq, AT("stages"), l, 3, &o->stages, &o->stage_count, err)) != SALESPLAN_OK)
        return rc;
#undef AT
    return SALESPLAN_OK;
}

/* The request's "joins", owned for the call (the texts and keys are the scan's). */
typedef struct call_joins {
    const char **texts, **keys;
    size_t *lens;
    char (*names)[32];
    const char **paths;
    size_t n;
} call_joins;

static void joins_free(call_joins *j)
{
    SLP_FREE_ALL(j->texts, j->keys, j->lens, j->names, j->paths);
}

static const char *const join_keys[] = {"csv", "key", NULL};

/* Item i of "joins": {"csv": text, "key": column}, nothing else. */
static int read_join(const slp_call *rq, size_t item, size_t i, call_joins *j,
                     salesplan_error *err)
{
    char path[64];
    snprintf(path, sizeof path, "joins[%zu]", i);
    slp_jtype t = slp_jpos_type(rq->jp, item);
    if (t != SLP_JT_OBJECT)
        return slp_error_set(err, SALESPLAN_EINVAL, path, 0, 0,
                             "must be an object {\"csv\": <CSV text>, \"key\": <column>}, "
                             "found %s",
                             slp_call_type_name(t));
    for (size_t k = 0; k < slp_jpos_nkids(rq->jp, item); k++) {
        size_t len = 0;
        const char *key = slp_jpos_key(rq->jp, slp_jpos_kid(rq->jp, item, k), &len);
        size_t m = 0;
        while (join_keys[m] != NULL && strcmp(join_keys[m], key) != 0)
            m++;
        if (join_keys[m] == NULL)
            return slp_error_set(err, SALESPLAN_EINVAL, path, 0, 0,
                                 "unknown member \"%.40s\" (a join has csv and key)", key);
    }
    const char *const what[] = {"csv", "key"};
    const char *const missing[] = {"missing: give the lookup table as a string of CSV text",
                                   "missing: give the column both tables share"};
    const char *val[2] = {NULL, NULL};
    size_t vlen[2] = {0, 0};
    for (int w = 0; w < 2; w++) {
        char at[80];
        snprintf(at, sizeof at, "%s.%s", path, what[w]);
        size_t node = slp_call_member(rq, item, what[w]);
        if (node == SLP_JPOS_NONE)
            return slp_error_set(err, SALESPLAN_EINVAL, at, 0, 0, "%s", missing[w]);
        int rc = slp_call_string(rq, node, at, &val[w], err);
        if (rc != SALESPLAN_OK)
            return rc;
        val[w] = slp_jpos_string(rq->jp, node, &vlen[w]);
        if (vlen[w] == 0)
            return slp_error_set(err, SALESPLAN_EINVAL, at, 0, 0, "must not be empty");
    }
    j->texts[i] = val[0];
    j->lens[i] = vlen[0];
    j->keys[i] = val[1];
    memcpy(j->names[i], path, strlen(path) + 1);
    j->paths[i] = j->names[i];
    return SALESPLAN_OK;
}

/* "joins" into the options' extra tables (absent: none). */
static int read_joins(const slp_call *rq, salesplan_estimate_options *o, call_joins *j,
                      salesplan_error *err)
{
    size_t node = slp_call_member(rq, 0, "joins");
    if (node == SLP_JPOS_NONE)
        return SALESPLAN_OK;
    slp_jtype t = slp_jpos_type(rq->jp, node);
    if (t != SLP_JT_ARRAY)
        return slp_error_set(err, SALESPLAN_EINVAL, "joins", 0, 0,
                             "must be an array of {\"csv\": ..., \"key\": ...}, found %s",
                             slp_call_type_name(t));
    size_t n = slp_jpos_nkids(rq->jp, node);
    if (n > CALL_MAX_JOINS)
        return slp_error_set(err, SALESPLAN_ELIMIT, "joins", 0, 0,
                             "at most %d lookup tables, found %zu", CALL_MAX_JOINS, n);
    if (n == 0)
        return SALESPLAN_OK;
    j->texts = slp_calloc(n, sizeof *j->texts);
    j->keys = slp_calloc(n, sizeof *j->keys);
    j->lens = slp_calloc(n, sizeof *j->lens);
    j->names = slp_calloc(n, sizeof *j->names);
    j->paths = slp_calloc(n, sizeof *j->paths);
    if (!j->texts || !j->keys || !j->lens || !j->names || !j->paths)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int rc = read_join(rq, slp_jpos_kid(rq->jp, node, i), i, j, err);
        if (rc != SALESPLAN_OK)
            return rc;
    }
    j->n = n;
    o->join_paths = j->paths;
    o->join_keys = j->keys;
    o->join_texts = j->texts;
    o->join_text_lens = j->lens;
    o->join_count = n;
    return SALESPLAN_OK;
}

static int run_estimate(const slp_call *rq, slp_strbuf *out, salesplan_error *err)
{
    slp_call_doc doc = SLP_CALL_DOC(SLP_DOC_ESTIMATE);
    int rc = slp_call_format(rq, SLP_CALL_FMTS_JSON_MD, &doc.fmt, &doc.fmt_name, err);
    if (rc != SALESPLAN_OK)
        return rc;
    size_t n = slp_call_member(rq, 0, "csv");
    if (n == SLP_JPOS_NONE)
        return slp_error_set(err, SALESPLAN_EINVAL, "csv", 0, 0,
                             "missing: give the CRM export as a string of CSV text");
    const char *csv = NULL;
    if ((rc = slp_call_string(rq, n, "csv", &csv, err)) != SALESPLAN_OK)
        return rc;
    size_t csv_len = 0;
    csv = slp_jpos_string(rq->jp, n, &csv_len);
    salesplan_estimate_options o;
    name_lists l;
    memset(&l, 0, sizeof l);
    call_joins j;
    memset(&j, 0, sizeof j);
    rc = read_options(rq, &o, &l, err);
    if (rc == SALESPLAN_OK)
        rc = read_joins(rq, &o, &j, err);
    if (rc == SALESPLAN_OK)
        rc = salesplan_estimate_buffer(&doc.u.estimate, csv, csv_len, &o, err);
    joins_free(&j);
    lists_free(&l);
    return slp_call_reply_doc(out, rc, &doc, err);
}

static const char *const estimate_keys[] = {"csv", "joins", "options", "format", NULL};
const slp_call_op slp_op_estimate = {"estimate", run_estimate, estimate_keys};
