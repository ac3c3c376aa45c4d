/* Warnings of a run and the checks made once every row was read: won/lost
 * names never seen, ambiguous dates, mixed decimal marks, the date range, and
 * the refusal of an input whose rows are mostly malformed. Options are named
 * neutrally ("option `date_order`"): the CLI and the bindings word them. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/date.h"
#include "common/error.h"
#include "estimate/estimate_internal.h"

int slp_est_warn(slp_est_ctx *x, const char *fmt, ...)
{
    char msg[SALESPLAN_ERROR_MESSAGE_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (slp_push_string(&x->e->warnings, &x->e->warning_count, &x->warning_cap, msg) != 0)
        return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    return SALESPLAN_OK;
}

int slp_est_list_add(char *buf, size_t size, size_t *w, const char *s, size_t n, int first)
{
    if (*w + n + 8 >= size) {
        if (*w + 4 < size)
            memcpy(buf + *w, "...", 4);
        return 0;
    }
    if (!first) {
        memcpy(buf + *w, ", ", 2);
        *w += 2;
    }
    memcpy(buf + *w, s, n);
    *w += n;
    buf[*w] = '\0';
    return 1;
}

/* "A, B, C" of the stage values seen (truncated). */
static void stages_seen(const slp_est_ctx *x, char *buf, size_t size)
{
    size_t w = 0;
    buf[0] = '\0';
    for (uint32_t id = 0; id < x->stage_values.count; id++) {
        size_t n;
        const char *k = slp_dict_key(&x->stage_values, id, &n);
        if (!slp_est_list_add(buf, size, &w, k, n, id == 0))
            return;
    }
}

static int seen(const slp_est_ctx *x, const char *name)
{
    for (uint32_t id = 0; id < x->stage_values.count; id++) {
        size_t n;
        const char *k = slp_dict_key(&x->stage_values, id, &n);
        if (slp_est_name_eq(name, strlen(name), k, n))
            return 1;
    }
    return 0;
}

static int check_names(slp_est_ctx *x, const char *const *names, size_t count, const char *what)
{
    char list[400];
    int rc = SALESPLAN_OK;
    for (size_t i = 0; rc == SALESPLAN_OK && i < count; i++)
        if (!seen(x, names[i])) {
            stages_seen(x, list, sizeof list);
            rc = slp_est_warn(x, "the %s stage name '%.60s' never occurs (option `%s`); stage "
                                 "names seen: %s",
                              what, names[i], what, list);
        }
    return rc;
}

static int too_many_skipped(slp_est_ctx *x)
{
    const salesplan_estimate *e = x->e;
    char first[SALESPLAN_ERROR_MESSAGE_SIZE] = "";
    if (e->problem_count > 0)
        snprintf(first, sizeof first, "; line %lld: %s", e->problems[0].line,
                 e->problems[0].message);
    char delim[2] = {x->delim, '\0'};
    return slp_error_set(x->err, SALESPLAN_EDATA, NULL, 0, 0,
                         "%lld of %lld rows malformed (delimiter '%s' (option `delimiter`), "
                         "dates %s (option `date_order`)); to accept: option `allow_skips`%s",
                         e->info.skipped, e->info.rows, x->delim == '\t' ? "tab" : delim,
                         x->dmy ? "D/M/YYYY" : "M/D/YYYY", first);
}

int slp_est_final_checks(slp_est_ctx *x)
{
    const salesplan_estimate_options *o = x->o;
    salesplan_estimate *e = x->e;
    int rc = SALESPLAN_OK;
    if (x->day_min != SLP_NO_DAY) {
        slp_format_date(x->day_min, e->date_text[0]);
        slp_format_date(x->day_max, e->date_text[1]);
        e->info.date_from = e->date_text[0];
        e->info.date_to = e->date_text[1];
    }
    if (o->won_count > 0)
        rc = check_names(x, o->won_names, o->won_count, "won");
    if (rc == SALESPLAN_OK && o->lost_count > 0)
        rc = check_names(x, o->lost_names, o->lost_count, "lost");
    if (rc == SALESPLAN_OK && o->won_count == 0 && o->lost_count == 0 &&
        x->overall.won == 0 && x->overall.lost == 0 && x->stage_values.count > 0) {
        char list[400];
        stages_seen(x, list, sizeof list);
        rc = slp_est_warn(x, "no stage means won or lost (by default: won, closed won / lost, "
                             "closed lost); name them (options `won` and `lost`); stage names "
                             "seen: %s",
                          list);
    }
    if (rc == SALESPLAN_OK && x->date_undecided && x->slash_dates > 0)
        rc = slp_est_warn(x, "no date has a number above 12 to tell day from month: read as "
                             "M/D/YYYY; if they are D/M/YYYY say so (option `date_order`)");
    if (rc == SALESPLAN_OK && x->amount_comma > 0 && x->amount_point > 0)
        rc = slp_est_warn(x, "%lld amounts have a decimal comma and %lld a decimal point; name "
                             "the mark (option `decimal_comma`)",
                          x->amount_comma, x->amount_point);
    if (rc == SALESPLAN_OK && !o->allow_skips && e->info.rows > 0 &&
        e->info.skipped * 2 > e->info.rows)
        rc = too_many_skipped(x);
    return rc;
}
