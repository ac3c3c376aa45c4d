/* The "estimate" operation of salesplan_json_call():
 *
 *   {"op": "estimate", "csv": "<CSV text>", "options": {...}, "format": "json"|"markdown"|"md"}
 *
 * The options carry the names of the CLI's options and of Python's
 * salesplan.estimate() keywords: shape, id, stage, created, closed, amount,
 * date (strings), group, won, lost, stages (a string, split at commas, or an
 * array of strings), date_order ("mdy"/"dmy"), strict (boolean), delimiter
 * (one character), max_reported (a whole number), rep (the rep column of the rep
 * diagnostics), rep_min_n (a whole number), rep_q (a number). A request carries its CSV
 * text, so there is no join table (a file) and no thread count (text in
 * memory is read on the calling thread). The reply is the document
 * salesplan_estimate_render() writes. */
#include <stdio.h>
#include <string.h>

#include "api/call.h"
#include "common/alloc.h"
#include "common/error.h"

/* Largest max_reported, as the CLI's --max-reported. */
#define CALL_MAX_REPORTED 1000000ULL

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
#define AT(key) slp_call_member(rq, obj, key), "options." key
    static const char *const shapes[] = {"snapshot", "transitions", NULL};
    static const char *const orders[] = {"mdy", "dmy", NULL};
    int shape = 0, order = 0, strict = 0;
    const char *delim = NULL;
    unsigned long long max_reported = o->max_reported, rep_min_n = o->rep_min_n;
    if ((rc = slp_call_choice(rq, AT("shape"), shapes, &shape, err)) != SALESPLAN_OK ||
        (rc = slp_call_choice(rq, AT("date_order"), orders, &order, err)) != SALESPLAN_OK ||
        (rc = slp_call_string(rq, AT("id"), &o->id_column, err)) != SALESPLAN_OK ||
        (rc = slp_call_string(rq, AT("stage"), &o->stage_column, err)) != SALESPLAN_OK ||
        (rc = slp_call_string(rq, AT("created"), &o->created_column, err)) != SALESPLAN_OK ||
        (rc = slp_call_string(rq, AT("closed"), &o->closed_column, err)) != SALESPLAN_OK ||
        (rc = slp_call_string(rq, AT("amount"), &o->amount_column, err)) != SALESPLAN_OK ||
        (rc = slp_call_string(rq, AT("date"), &o->date_column, err)) != SALESPLAN_OK ||
        (rc = slp_call_string(rq, AT("delimiter"), &delim, err)) != SALESPLAN_OK ||
        (rc = slp_call_string(rq, AT("rep"), &o->rep_column, err)) != SALESPLAN_OK ||
        (rc = slp_call_count(rq, AT("rep_min_n"), CALL_MAX_REPORTED, &rep_min_n, err)) !=
            SALESPLAN_OK ||
        (rc = slp_call_bool(rq, AT("strict"), &strict, err)) != SALESPLAN_OK ||
        (rc = slp_call_count(rq, AT("max_reported"), CALL_MAX_REPORTED, &max_reported, err)) !=
            SALESPLAN_OK ||
        (rc = names(rq, AT("group"), l, 0, &o->group_columns, &o->group_count, err)) !=
            SALESPLAN_OK ||
        (rc = names(rq, AT("won"), l, 1, &o->won_names, &o->won_count, err)) != SALESPLAN_OK ||
        (rc = names(rq, AT("lost"), l, 2, &o->lost_names, &o->lost_count, err)) != SALESPLAN_OK ||
        (rc = names(rq, AT("stages"), l, 3, &o->stages, &o->stage_count, err)) != SALESPLAN_OK)
        return rc;
    size_t q = slp_call_member(rq, obj, "rep_q");
    if (q != SLP_JPOS_NONE && slp_jpos_number(rq->jp, q, &o->rep_q) != 0)
        return slp_error_set(err, SALESPLAN_EINVAL, "options.rep_q", 0, 0,
                             "must be a number in [0, 1], found %s",
                             slp_call_type_name(slp_jpos_type(rq->jp, q)));
#undef AT
    o->rep_min_n = (size_t)rep_min_n;
    if (delim != NULL && (strlen(delim) != 1 || delim[0] == '"' || delim[0] == '\n' ||
                          delim[0] == '\r'))
        return slp_error_set(err, SALESPLAN_EINVAL, "options.delimiter", 0, 0,
                             "must be one character other than a quote or a line end, "
                             "found \"%.20s\"", delim);
    if (delim != NULL)
        o->delimiter = delim[0];
    o->shape = shape == 0 ? SALESPLAN_SHAPE_SNAPSHOT : SALESPLAN_SHAPE_TRANSITIONS;
    o->date_order = order == 0 ? SALESPLAN_DATE_MDY : SALESPLAN_DATE_DMY;
    o->strict = strict;
    o->max_reported = (size_t)max_reported;
    return SALESPLAN_OK;
}

int slp_call_estimate(const slp_call *rq, slp_strbuf *out, salesplan_error *err)
{
    salesplan_format fmt;
    const char *fmt_name;
    int rc = slp_call_format(rq, SLP_CALL_FMTS_JSON_MD, &fmt, &fmt_name, err);
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
    salesplan_estimate *e = NULL;
    rc = read_options(rq, &o, &l, err);
    if (rc == SALESPLAN_OK)
        rc = salesplan_estimate_buffer(&e, csv, csv_len, &o, err);
    lists_free(&l);
    if (rc != SALESPLAN_OK)
        return rc;
    char *text = NULL;
    size_t len = 0;
    rc = salesplan_estimate_render(&text, &len, e, fmt, err);
    salesplan_estimate_free(e);
    return slp_call_reply_rendered(out, rc, fmt, fmt_name, text, len);
}
