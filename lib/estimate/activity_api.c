/* The public entry points and accessors of salesplan/activities.h. */
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/activity_internal.h"

salesplan_status salesplan_activities_options_init(salesplan_activities_options *opts,
                                                   unsigned version)
{
    if (opts == NULL || version != SALESPLAN_ACTIVITIES_OPTIONS_VERSION)
        return SALESPLAN_EINVAL;
    *opts = (salesplan_activities_options)SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    return SALESPLAN_OK;
}

static int check(const salesplan_activities_options *o, salesplan_error *err)
{
    if (o->version != SALESPLAN_ACTIVITIES_OPTIONS_VERSION)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "unknown options version %u (this library knows %d)", o->version,
                             SALESPLAN_ACTIVITIES_OPTIONS_VERSION);
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

static int run(salesplan_activities **out, slp_reader *log_rd, const char *log, size_t log_len,
               slp_reader *deals_rd, const char *deals, size_t deals_len,
               const salesplan_activities_options *opts, salesplan_error *err)
{
    salesplan_activities_options dflt = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    const salesplan_activities_options *o = opts ? opts : &dflt;
    if (out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no output pointer given");
    *out = NULL;
    int rc = check(o, err);
    if (rc != SALESPLAN_OK)
        return rc;
    salesplan_activities *r = NULL;
    if (slp_act_result_new(&r) != SALESPLAN_OK)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    slp_act_acc acc;
    slp_act_acc_init(&acc);
    rc = slp_act_read_deals(&acc, r, o, deals_rd, deals, deals_len, err);
    if (rc == SALESPLAN_OK)
        rc = slp_act_read_log(&acc, r, o, log_rd, log, log_len, err);
    if (rc == SALESPLAN_OK)
        rc = slp_act_finish(&acc, r, o, err);
    slp_act_acc_free(&acc);
    if (rc != SALESPLAN_OK) {
        if (rc == SALESPLAN_ENOMEM && err && err->code != SALESPLAN_ENOMEM)
            slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        salesplan_activities_free(r);
        return rc;
    }
    slp_error_clear(err);
    *out = r;
    return SALESPLAN_OK;
}

salesplan_status salesplan_activities_buffer(salesplan_activities **out, const char *log,
                                             size_t log_len, const char *deals, size_t deals_len,
                                             const salesplan_activities_options *opts,
                                             salesplan_error *err)
{
    if ((log == NULL && log_len) || (deals == NULL && deals_len)) {
        if (out)
            *out = NULL;
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL buffer");
    }
    return (salesplan_status)run(out, NULL, log ? log : "", log_len, NULL, deals ? deals : "",
                                 deals_len, opts, err);
}

salesplan_status salesplan_activities_file(salesplan_activities **out, const char *log,
                                           const char *deals,
                                           const salesplan_activities_options *opts,
                                           salesplan_error *err)
{
    if (out)
        *out = NULL;
    if (out == NULL || log == NULL || deals == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL argument");
    slp_reader lr, dr;
    int rc = slp_reader_open(&lr, log, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    rc = slp_reader_open(&dr, deals, err);
    if (rc != SALESPLAN_OK) {
        slp_reader_close(&lr);
        return (salesplan_status)rc;
    }
    rc = run(out, &lr, NULL, 0, &dr, NULL, 0, opts, err);
    slp_reader_close(&lr);
    slp_reader_close(&dr);
    return (salesplan_status)rc;
}

salesplan_status salesplan_activities_fd(salesplan_activities **out, int log_fd, int deals_fd,
                                         const salesplan_activities_options *opts,
                                         salesplan_error *err)
{
    if (out)
        *out = NULL;
    if (log_fd < 0 || deals_fd < 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "bad file descriptor");
    slp_reader lr, dr;
    slp_reader_from_fd(&lr, log_fd, "activities");
    slp_reader_from_fd(&dr, deals_fd, "deals");
    int rc = run(out, &lr, NULL, 0, &dr, NULL, 0, opts, err);
    slp_reader_close(&lr);
    slp_reader_close(&dr);
    return (salesplan_status)rc;
}

const salesplan_activities_info *salesplan_activities_info_get(const salesplan_activities *a)
{
    return a ? &a->info : NULL;
}

size_t salesplan_activities_count(const salesplan_activities *a)
{
    return a ? a->act_count : 0;
}

const salesplan_activity_yield *salesplan_activities_get(const salesplan_activities *a, size_t i)
{
    return a && i < a->act_count ? &a->act[i] : NULL;
}

size_t salesplan_activities_owner_count(const salesplan_activities *a, size_t i)
{
    return a && i < a->act_count ? a->owner_start[i + 1] - a->owner_start[i] : 0;
}

const salesplan_activity_yield *salesplan_activities_owner_get(const salesplan_activities *a,
                                                               size_t i, size_t j)
{
    if (j >= salesplan_activities_owner_count(a, i))
        return NULL;
    return &a->own[a->owner_start[i] + j];
}

size_t salesplan_activities_type_count(const salesplan_activities *a, size_t i)
{
    return a && i < a->act_count ? a->type_start[i + 1] - a->type_start[i] : 0;
}

const char *salesplan_activities_type(const salesplan_activities *a, size_t i, size_t j)
{
    if (j >= salesplan_activities_type_count(a, i))
        return NULL;
    return a->types[a->type_start[i] + j];
}

size_t salesplan_activities_warning_count(const salesplan_activities *a)
{
    return a ? a->warning_count : 0;
}

const char *salesplan_activities_warning(const salesplan_activities *a, size_t i)
{
    return a && i < a->warning_count ? a->warnings[i] : NULL;
}
