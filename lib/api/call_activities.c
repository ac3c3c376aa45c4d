/* The "activities" operation of salesplan_json_call() (SPEC §12):
 *
 *   {"op": "activities", "log": "<CSV text>", "deals": "<CSV text>",
 *    "plan": {...} or "<plan text>" (optional), "options": {...},
 *    "emit_activities": false, "format": "json"|"markdown"|"md"}
 *
 * The options carry the names of the CLI's flags with '_' for '-': from, to
 * (dates), window_days (a whole number), map (an object TYPE -> ACTIVITY),
 * date, type, owner, deal, account, deals_id, deals_stage, deals_created,
 * deals_closed, deals_date, deals_owner, deals_account (column names),
 * deals_shape ("auto"/"snapshot"/"transitions"), won, lost (arrays of
 * names), date_order ("mdy"/"dmy"/"auto"), delimiter (one character),
 * threads (a whole number, at most 64: the option of salesplan_activities_file(),
 * accepted so that one options object serves every way in; text held in
 * memory is read on the calling thread whatever it says). The
 * reply is the document salesplan_activities_render() writes, or with
 * emit_activities the plan's activities list. */
#include <stdio.h>
#include <string.h>

#include "api/call.h"
#include "common/alloc.h"
#include "common/error.h"

/* The column options: key `k` fills the option field k_column. */
#define COLUMN_OPTIONS(X)                                                                          \
    X(date) X(type) X(owner) X(deal) X(account) X(deals_id) X(deals_stage) X(deals_created)      \
    X(deals_closed) X(deals_date) X(deals_owner) X(deals_account)
#define COLUMN_KEY(k) #k,

static const char *const option_keys[] = {
    "from", "to", "window_days", "map", "deals_shape", "won", "lost", "date_order", "delimiter",
    "threads", COLUMN_OPTIONS(COLUMN_KEY) NULL};

typedef struct lists {
    const char **map_types, **map_acts, **won, **lost;
} lists;

/* An array of strings into a list (borrowed strings). */
static int string_array(const slp_call *rq, size_t node, const char *path, const char ***out,
                        size_t *count, salesplan_error *err)
{
    if (node == SLP_JPOS_NONE)
        return SALESPLAN_OK;
    if (slp_jpos_type(rq->jp, node) != SLP_JT_ARRAY)
        return slp_error_set(err, SALESPLAN_EINVAL, path, 0, 0,
                             "must be an array of strings, found %s",
                             slp_call_type_name(slp_jpos_type(rq->jp, node)));
    size_t n = slp_jpos_nkids(rq->jp, node), len;
    *out = slp_calloc(n ? n : 1, sizeof **out);
    if (*out == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        size_t kid = slp_jpos_kid(rq->jp, node, i);
        (*out)[i] = slp_jpos_string(rq->jp, kid, &len);
        if ((*out)[i] == NULL)
            return slp_error_set(err, SALESPLAN_EINVAL, path, 0, 0,
                                 "item %zu must be a string, found %s", i,
                                 slp_call_type_name(slp_jpos_type(rq->jp, kid)));
    }
    *count = n;
    return SALESPLAN_OK;
}

static int map_object(const slp_call *rq, size_t node, lists *l,
                      salesplan_activities_options *o, salesplan_error *err)
{
    if (node == SLP_JPOS_NONE)
        return SALESPLAN_OK;
    if (slp_jpos_type(rq->jp, node) != SLP_JT_OBJECT)
        return slp_error_set(err, SALESPLAN_EINVAL, "options.map", 0, 0,
                             "must be an object (log type -> plan activity), found %s",
                             slp_call_type_name(slp_jpos_type(rq->jp, node)));
    size_t n = slp_jpos_nkids(rq->jp, node), len;
    l->map_types = slp_calloc(n ? n : 1, sizeof *l->map_types);
    l->map_acts = slp_calloc(n ? n : 1, sizeof *l->map_acts);
    if (l->map_types == NULL || l->map_acts == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        size_t kid = slp_jpos_kid(rq->jp, node, i);
        l->map_types[i] = slp_jpos_key(rq->jp, kid, &len);
        l->map_acts[i] = slp_jpos_string(rq->jp, kid, &len);
        if (l->map_acts[i] == NULL)
            return slp_error_set(err, SALESPLAN_EINVAL, "options.map", 0, 0,
                                 "the activity of '%.40s' must be a string", l->map_types[i]);
    }
    o->map_types = l->map_types;
    o->map_activities = l->map_acts;
    o->map_count = n;
    return SALESPLAN_OK;
}

#define ACT salesplan_activities_options
static const char *const shapes[] = {"auto", "snapshot", "transitions", NULL};
static const char *const orders[] = {"mdy", "dmy", "auto", NULL};
static const int order_values[] = {SALESPLAN_DATE_MDY, SALESPLAN_DATE_DMY, SALESPLAN_DATE_AUTO};

/* The options but the name lists and the map, in the order they are checked.
 * threads: any count; the library's own limit applies (ELIMIT past it). */
static const slp_call_opt option_table[] = {
    SLP_OPT_STR("from", ACT, from),
    SLP_OPT_STR("to", ACT, to),
    {"window_days", SLP_OPT_COUNT, SLP_OPT_FIELD(ACT, window_days), 36600, NULL, NULL, NULL},
    {"threads", SLP_OPT_COUNT, SLP_OPT_FIELD(ACT, threads), ~0u, NULL, NULL, NULL},
#define COLUMN_OPT(k) SLP_OPT_STR(#k, ACT, k##_column),
    COLUMN_OPTIONS(COLUMN_OPT)
#undef COLUMN_OPT
    {"deals_shape", SLP_OPT_CHOICE, SLP_OPT_FIELD(ACT, deals_shape), 0, shapes, NULL, NULL},
    {"date_order", SLP_OPT_CHOICE, SLP_OPT_FIELD(ACT, date_order), 0, orders, order_values, NULL},
    {"delimiter", SLP_OPT_CHAR, SLP_OPT_FIELD(ACT, delimiter), 0, NULL, NULL, NULL},
};
#undef ACT

static int read_options(const slp_call *rq, salesplan_activities_options *o, lists *l,
                        salesplan_error *err)
{
    size_t obj;
    int rc = slp_call_options(rq, option_keys,
                              "unknown activities option (docs/api.md lists them)",
                              &obj, err);
    if (rc != SALESPLAN_OK || obj == SLP_JPOS_NONE)
        return rc;
    rc = slp_call_read_opts(rq, obj, "options.", option_table, SLP_CALL_NOPTS(option_table), o,
                            err);
#define AT(key) slp_call_member(rq, obj, key), "options." key
    if (rc != SALESPLAN_OK ||
        (rc = string_array(rq, AT("won"), &l->won, &o->won_count, err)) != SALESPLAN_OK ||
        (rc = string_array(rq, AT("lost"), &l->lost, &o->lost_count, err)) != SALESPLAN_OK ||
        (rc = map_object(rq, slp_call_member(rq, obj, "map"), l, o, err)) != SALESPLAN_OK)
        return rc;
#undef AT
    o->won_names = l->won;
    o->lost_names = l->lost;
    return SALESPLAN_OK;
}

static int csv_member(const slp_call *rq, const char *key, const char **s, size_t *len,
                      salesplan_error *err)
{
    size_t n = slp_call_member(rq, 0, key);
    if (n == SLP_JPOS_NONE)
        return slp_error_set(err, SALESPLAN_EINVAL, key, 0, 0,
                             "missing: give the %s as a string of CSV text",
                             strcmp(key, "log") == 0 ? "activity log" : "deals export");
    int rc = slp_call_string(rq, n, key, s, err);
    if (rc == SALESPLAN_OK)
        *s = slp_jpos_string(rq->jp, n, len);
    return rc;
}

int slp_call_activities(const slp_call *rq, slp_strbuf *out, salesplan_error *err)
{
    salesplan_format fmt;
    const char *fmt_name, *log = NULL, *deals = NULL;
    size_t log_len = 0, deals_len = 0;
    int emit = 0;
    int rc = slp_call_format(
        rq, SLP_CALL_FMT(SALESPLAN_FORMAT_JSON) | SLP_CALL_FMT(SALESPLAN_FORMAT_MARKDOWN), &fmt,
        &fmt_name, err);
    if (rc == SALESPLAN_OK)
        rc = csv_member(rq, "log", &log, &log_len, err);
    if (rc == SALESPLAN_OK)
        rc = csv_member(rq, "deals", &deals, &deals_len, err);
    if (rc == SALESPLAN_OK)
        rc = slp_call_bool(rq, slp_call_member(rq, 0, "emit_activities"), "emit_activities",
                           &emit, err);
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    lists l;
    memset(&l, 0, sizeof l);
    salesplan_plan *plan = NULL;
    salesplan_activities *a = NULL;
    if (rc == SALESPLAN_OK)
        rc = read_options(rq, &o, &l, err);
    if (rc == SALESPLAN_OK && slp_call_member(rq, 0, "plan") != SLP_JPOS_NONE) {
        rc = slp_call_load_plan(rq, &plan, err);
        o.plan = plan;
    }
    if (rc == SALESPLAN_OK)
        rc = salesplan_activities_buffer(&a, log, log_len, deals, deals_len, &o, err);
    char *text = NULL;
    size_t len = 0;
    if (rc == SALESPLAN_OK && emit)
        rc = salesplan_activities_emit(&text, &len, a, err);
    else if (rc == SALESPLAN_OK)
        rc = salesplan_activities_render(&text, &len, a, fmt, err);
    if (emit)
        fmt = SALESPLAN_FORMAT_JSON; /* a JSON list, whatever "format" says */
    if (rc == SALESPLAN_OK)
        slp_call_reply(out, fmt, fmt_name, text, len);
    salesplan_free(text);
    salesplan_activities_free(a);
    salesplan_plan_free(plan);
    slp_free((void *)l.map_types);
    slp_free((void *)l.map_acts);
    slp_free((void *)l.won);
    slp_free((void *)l.lost);
    return rc;
}
