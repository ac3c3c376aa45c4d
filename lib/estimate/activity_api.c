/* The public entry points and accessors of salesplan/activities.h. */
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "common/io.h"
#include "estimate/activity_state.h"

salesplan_status salesplan_activities_options_init(salesplan_activities_options *opts,
                                                   unsigned version)
{
    static const salesplan_activities_options d = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    return (salesplan_status)slp_options_init(opts, &d, version, slp_act_options_ends,
                                              SALESPLAN_ACTIVITIES_OPTIONS_VERSION);
}

/* Every way in is the mergeable state fed CSV bytes: the deals, then the log. */
static int run(salesplan_activities **out, slp_reader *log_rd, const char *log, size_t log_len,
               slp_reader *deals_rd, const char *deals, size_t deals_len,
               const salesplan_activities_options *opts, salesplan_error *err)
{
    if (out == NULL)
        return slp_error_no_out(err);
    *out = NULL;
    salesplan_activity_state *s = NULL;
    int rc = slp_act_state_new(&s, opts, err);
    if (rc == SALESPLAN_OK)
        rc = slp_act_feed_whole(s, SALESPLAN_INPUT_DEALS, deals_rd, deals, deals_len, err);
    if (rc == SALESPLAN_OK)
        rc = slp_act_feed_whole(s, SALESPLAN_INPUT_LOG, log_rd, log, log_len, err);
    if (rc == SALESPLAN_OK) {
        slp_act_input_forget_ids(&s->in[SALESPLAN_INPUT_LOG]); /* nothing more is fed */
        rc = salesplan_activity_state_finish(out, s, err);
    }
    salesplan_activity_state_free(s);
    return rc;
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
    int done = 0;
    int rc = slp_act_parallel(out, log, deals, opts, err, &done);
    if (done)
        return (salesplan_status)rc;
    slp_reader lr, dr;
    rc = slp_reader_open(&lr, log, err);
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
