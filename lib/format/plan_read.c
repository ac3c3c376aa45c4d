/* Loading and validating JSON plan files: syntax, limits and positions (the
 * scanner, json/json_pos.h), then every rule of SPEC §3 through the model's
 * setters (plan_read_sections.c) and the model's own check. The public entry
 * points live here and call the walkers; no walker calls back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/io.h"
#include "model/plan_model.h"
#include "format/plan_read.h"

/* ---- driver --------------------------------------------------------------------- */

/* 1 when path a is b, or one of them is a prefix of the other at a component boundary. */
static int paths_overlap(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    const char *s = la <= lb ? a : b, *l = la <= lb ? b : a;
    size_t n = la <= lb ? la : lb;
    if (memcmp(s, l, n) != 0)
        return 0;
    return l[n] == '\0' || l[n] == '.' || l[n] == '[' || n == 0;
}

static int misaligned_path(unsigned mis, const char *path)
{
    static const struct {
        unsigned bit;
        const char *prefix;
    } lists[] = {{SLP_MIS_STAGES, "funnel.stages"},
                 {SLP_MIS_ACTIVITIES, "activities"},
                 {SLP_MIS_ROLES, "team.roles"},
                 {SLP_MIS_REPS, "team.reps"}};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if ((mis & lists[i].bit) && paths_overlap(lists[i].prefix, path))
            return 1;
    return 0;
}

/* Append the model's own problems, positioned on the deepest existing part of
 * their path, leaving out those the reader already reported. */
static int add_check_problems(slp_rd *r)
{
    salesplan_diagnostics *c = NULL;
    if (slp_diag_new(&c) != SALESPLAN_OK)
        return SALESPLAN_ENOMEM;
    int rc = slp_plan_check_into(r->p, c);
    if (rc != SALESPLAN_OK) {
        salesplan_diagnostics_free(c);
        return rc == SALESPLAN_ENOMEM ? rc : SALESPLAN_EINTERNAL;
    }
    size_t nread = salesplan_diagnostics_count(r->d);
    for (size_t i = 0; i < salesplan_diagnostics_count(c); i++) {
        salesplan_error e = *salesplan_diagnostics_get(c, i);
        int dup = misaligned_path(r->misaligned, e.path);
        for (size_t k = 0; k < nread && !dup; k++)
            dup = paths_overlap(salesplan_diagnostics_get(r->d, k)->path, e.path);
        if (dup)
            continue;
        if (salesplan_diagnostics_count(r->d) >= SLP_PLAN_MAX_PROBLEMS) {
            rc = slp_diag_add(r->d, SALESPLAN_EPLAN, "", 1, 1,
                              "too many problems; stopped after the first %d",
                              SLP_PLAN_MAX_PROBLEMS);
            break;
        }
        int exact;
        size_t node = slp_jpos_find(r->jp, e.path, &exact);
        /* pipeline keys are stage names: a problem with one points at the key */
        if (exact && strncmp(e.path, "pipeline.", 9) == 0)
            slp_jpos_key_where(r->jp, node, &e.line, &e.column);
        else
            slp_jpos_where(r->jp, node, &e.line, &e.column);
        if (e.code == SALESPLAN_OK)
            e.code = SALESPLAN_EPLAN;
        rc = slp_diag_push(r->d, &e);
        if (rc != SALESPLAN_OK)
            break;
    }
    salesplan_diagnostics_free(c);
    return rc;
}

/* Read `buf` into `d`; on success with no problem and `out` given, *out is the plan. */
static int read_plan(const char *buf, size_t len, salesplan_diagnostics *d, salesplan_plan **out)
{
    slp_rd r;
    int rc = slp_rd_open(&r, buf, len, d);
    if (rc != SALESPLAN_OK)
        return rc;
    rc = salesplan_plan_create(&r.p, "plan", NULL);
    if (rc == SALESPLAN_OK) {
        slp_rd_plan(&r);
        if (!r.nomem && !r.stop && r.p != NULL)
            rc = add_check_problems(&r);
    }
    rc = slp_rd_close(&r, rc);
    if (rc == SALESPLAN_OK && out != NULL)
        *out = r.p;
    else
        salesplan_plan_free(r.p);
    return rc;
}

salesplan_status salesplan_plan_validate_buffer(salesplan_diagnostics **out, const char *buf,
                                                size_t len)
{
    if (out == NULL)
        return SALESPLAN_EINVAL;
    *out = NULL;
    salesplan_diagnostics *d = NULL;
    if (slp_diag_new(&d) != SALESPLAN_OK)
        return SALESPLAN_ENOMEM;
    int rc;
    if (buf == NULL && len > 0)
        rc = slp_diag_add(d, SALESPLAN_EINVAL, "", 0, 0, "no input buffer") == SALESPLAN_OK
                 ? SALESPLAN_EINVAL
                 : SALESPLAN_ENOMEM;
    else
        rc = read_plan(buf, len, d, NULL);
    if (rc == SALESPLAN_ENOMEM) {
        salesplan_diagnostics_free(d);
        return rc;
    }
    *out = d;
    return rc;
}

salesplan_status salesplan_plan_load_buffer(salesplan_plan **out, const char *buf, size_t len,
                               salesplan_error *err)
{
    slp_error_clear(err);
    if (out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no output plan pointer");
    *out = NULL;
    if (buf == NULL && len > 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no input buffer");
    salesplan_diagnostics *d = NULL;
    if (slp_diag_new(&d) != SALESPLAN_OK)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = read_plan(buf, len, d, out);
    slp_diag_summary(err, rc, d, "out of memory reading the plan");
    salesplan_diagnostics_free(d);
    return rc;
}

salesplan_status salesplan_plan_load_file(salesplan_plan **out, const char *path, salesplan_error *err)
{
    slp_error_clear(err);
    if (out == NULL || path == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no plan pointer or file name");
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    int rc = slp_read_file(path, SLP_JSON_MAX_BYTES, &buf, &len, err);
    if (rc != SALESPLAN_OK)
        return rc;
    rc = salesplan_plan_load_buffer(out, buf, len, err);
    slp_free(buf);
    return rc;
}

salesplan_status salesplan_plan_load_fd(salesplan_plan **out, int fd, const char *name, salesplan_error *err)
{
    slp_error_clear(err);
    if (out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no output plan pointer");
    *out = NULL;
    if (fd < 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no file descriptor (%d)", fd);
    slp_reader rd;
    slp_reader_from_fd(&rd, fd, name != NULL ? name : "(file descriptor)");
    char *buf = NULL;
    size_t len = 0;
    int rc = slp_reader_slurp(&rd, SLP_JSON_MAX_BYTES, &buf, &len, err);
    slp_reader_close(&rd);
    if (rc != SALESPLAN_OK)
        return rc;
    rc = salesplan_plan_load_buffer(out, buf, len, err);
    slp_free(buf);
    return rc;
}
