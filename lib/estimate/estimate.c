/* salesplan_estimate_*: read a CRM export row by row and estimate its rates (SPEC §7). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/estimate_opts_size.h"
#include "estimate/estimate_state.h"
#include "common/io.h"

salesplan_status salesplan_estimate_options_init(salesplan_estimate_options *opts,
                                                 unsigned version)
{
    salesplan_estimate_options d = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    if (version < 3) { /* the defaults those versions documented */
        d.delimiter = ',';
        d.date_order = SALESPLAN_DATE_MDY;
    }
    return (salesplan_status)slp_options_init(opts, &d, version, slp_est_options_ends,
                                              SALESPLAN_ESTIMATE_OPTIONS_VERSION);
}

/* Every way in is the mergeable state fed CSV bytes (estimate_state.c). */
static int run(salesplan_estimate **out, slp_reader *r, const char *buf, size_t len,
               const salesplan_estimate_options *opts, salesplan_error *err)
{
    salesplan_estimate_state *s = NULL;
    int rc = slp_est_state_new(&s, opts, err);
    if (rc != SALESPLAN_OK)
        return rc;
    if (r == NULL) {
        rc = salesplan_estimate_state_feed_csv(s, buf, len, err);
    } else {
        rc = slp_est_state_feed_reader(s, r, err);
    }
    if (rc == SALESPLAN_OK)
        rc = salesplan_estimate_state_feed_csv_end(s, err);
    if (rc == SALESPLAN_OK && s->header == NULL)
        rc = slp_error_set(err, SALESPLAN_EDATA, NULL, 0, 0, "the input is empty: no header row");
    if (rc == SALESPLAN_OK)
        rc = slp_est_state_take(out, s, err);
    salesplan_estimate_state_free(s);
    return rc;
}

salesplan_status salesplan_estimate_file(salesplan_estimate **out, const char *path,
                                         const salesplan_estimate_options *opts,
                                         salesplan_error *err)
{
    if (out == NULL)
        return slp_error_no_out(err);
    *out = NULL;
    int done = 0;
    /* Threads only when the caller asked for them (opts->threads >= 2). */
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

salesplan_status salesplan_estimate_buffer(salesplan_estimate **out, const char *buf, size_t len,
                                           const salesplan_estimate_options *opts,
                                           salesplan_error *err)
{
    if (out == NULL)
        return slp_error_no_out(err);
    *out = NULL;
    if (buf == NULL && len > 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL buffer with a length");
    return run(out, NULL, buf ? buf : "", len, opts, err);
}

salesplan_status salesplan_estimate_fd(salesplan_estimate **out, int fd, const char *name,
                                       const salesplan_estimate_options *opts,
                                       salesplan_error *err)
{
    if (out == NULL)
        return slp_error_no_out(err);
    *out = NULL;
    if (fd < 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "bad file descriptor %d", fd);
    slp_reader r;
    slp_reader_from_fd(&r, fd, name ? name : "-");
    return run(out, &r, NULL, 0, opts, err);
}
