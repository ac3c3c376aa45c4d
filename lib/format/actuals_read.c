/* The actuals document (SPEC §11, JSON version 1), read against a plan with
 * the plan reader's helpers (format/plan_read.h): every problem is listed
 * with its path, line and column; reps, stages and activities must exist in
 * the plan; as_of must be a day of the period. Bookings dated outside
 * [start, as_of] are kept here and left out (with a warning) by the
 * tracking, which knows the final as_of. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/io.h"
#include "format/actuals.h"
#include "format/plan_read.h"
#include "model/plan_model.h"
#include "salesplan/track.h"

#define MAX_COUNT 1000000000LL /* open deals in one entry */

typedef struct act_rd {
    salesplan_actuals *a;
    const salesplan_plan *p;
    slp_fval version, as_of;
    int pipe_seen_team, pipe_seen_list;
} act_rd;

/* Index of the `what` (a rep, an activity) that member `what` of the current
 * object names, or -1 with a problem. */
static long named(slp_rd *r, const act_rd *x, slp_names_kind kind, const slp_fval *f,
                  const char *what)
{
    long i = slp_plan_name_index(x->p, kind, f->s);
    if (i < 0)
        slp_rd_prob_at(r, what, f->node, 0, "the plan has no %s named \"%.80s\"", what, f->s);
    return i;
}

/* ---- bookings ------------------------------------------------------------------ */

typedef struct booking_ctx {
    slp_fval date, amount, rep, id;
} booking_ctx;

static const slp_member booking_members[] = {
    {"date", SLP_F_DATE, offsetof(booking_ctx, date), NULL, 1, 0, 0},
    {"amount", SLP_F_NUM, offsetof(booking_ctx, amount), NULL, 1, 0, 0},
    {"rep", SLP_F_STR, offsetof(booking_ctx, rep), NULL, 0, 0, 0},
    {"id", SLP_F_STR, offsetof(booking_ctx, id), NULL, 0, 0, 0},
};

static void booking_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    act_rd *x = ctx;
    booking_ctx b;
    if (slp_rd_record(r, node, booking_members, SLP_NMEMB(booking_members), &b, sizeof b) != 0)
        return;
    int ok = b.date.state == 1 && b.amount.state == 1 && b.rep.state != 2 && b.id.state != 2;
    if (b.amount.state == 1 && !(b.amount.num > 0.0 && isfinite(b.amount.num))) {
        slp_rd_refused_at(r, "amount", b.amount.node, "must be a number > 0");
        ok = 0;
    }
    long rep = -1;
    if (b.rep.state == 1 && (rep = named(r, x, SLP_NAMES_REPS, &b.rep, "rep")) < 0)
        ok = 0;
    if (b.id.state == 1) {
        long first = slp_actuals_find_id(x->a, b.id.s);
        if (first >= 0) {
            slp_rd_prob_at(r, "id", b.id.node, 0,
                           "duplicate booking id \"%.80s\" (first used by %s)", b.id.s,
                           x->a->bookings[first].label);
            ok = 0;
        }
    }
    if (!ok || r->nomem || r->stop)
        return;
    slp_day d = 0;
    slp_parse_iso_date_str(b.date.s, &d);
    char label[48];
    snprintf(label, sizeof label, "bookings[%zu]", i);
    int rc = slp_actuals_add_booking(x->a, d, b.amount.num, rep, b.id.state == 1 ? b.id.s : NULL,
                                     label);
    if (rc == SALESPLAN_ENOMEM)
        r->nomem = 1;
    else if (rc != SALESPLAN_OK)
        slp_rd_prob(r, node, 0, "too many bookings (at most %u)", SLP_MAX_BOOKINGS);
}

static void read_bookings(slp_rd *r, size_t node, void *ctx)
{
    slp_rd_each(r, node, booking_item, ctx);
}

/* ---- pipeline ------------------------------------------------------------------ */

/* Stage index for pipeline stage `name` at node `node`, or -1 with a problem. */
static long pipe_stage(slp_rd *r, const act_rd *x, size_t node, int at_key, const char *name)
{
    long k = slp_plan_stage_index(x->p, name);
    if (k < 0) {
        slp_rd_prob(r, node, at_key, "the plan has no stage named \"%.80s\"", name);
        return -1;
    }
    if ((size_t)k + 1 == x->p->stage_count) {
        slp_rd_prob(r, node, at_key,
                    "\"%.80s\" is the won stage; won deals are bookings, not pipeline", name);
        return -1;
    }
    return k;
}

static void read_pipeline_object(slp_rd *r, size_t node, act_rd *x)
{
    salesplan_actuals *a = x->a;
    size_t n = slp_jpos_nkids(r->jp, node);
    for (size_t j = 0; j < n && !r->nomem && !r->stop; j++) {
        size_t kid = slp_jpos_kid(r->jp, node, j), klen;
        const char *key = slp_jpos_key(r->jp, kid, &klen);
        if (!key)
            continue;
        size_t old = slp_rd_push_key(r, key);
        long long count;
        long k = pipe_stage(r, x, kid, 1, key);
        if (slp_rd_int(r, kid, 0, MAX_COUNT, &count) == 0 && k >= 0)
            a->pipe_team[k] += (double)count;
        slp_rd_pop(r, old);
    }
}

typedef struct pipe_item_ctx {
    slp_fval rep, stage, count;
} pipe_item_ctx;

static const slp_member pipe_members[] = {
    {"rep", SLP_F_STR, offsetof(pipe_item_ctx, rep), NULL, 1, 0, 0},
    {"stage", SLP_F_STR, offsetof(pipe_item_ctx, stage), NULL, 1, 0, 0},
    {"count", SLP_F_INT, offsetof(pipe_item_ctx, count), NULL, 1, 0, MAX_COUNT},
};

static void pipe_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    (void)i;
    act_rd *x = ctx;
    salesplan_actuals *a = x->a;
    pipe_item_ctx c;
    if (slp_rd_record(r, node, pipe_members, SLP_NMEMB(pipe_members), &c, sizeof c) != 0)
        return;
    long rep = -1, k = -1;
    if (c.rep.state == 1)
        rep = named(r, x, SLP_NAMES_REPS, &c.rep, "rep");
    if (c.stage.state == 1) {
        size_t old = slp_rd_push_key(r, "stage");
        k = pipe_stage(r, x, c.stage.node, 0, c.stage.s);
        slp_rd_pop(r, old);
    }
    if (rep < 0 || k < 0 || c.count.state != 1)
        return;
    double *slot = &a->pipe_rep[(size_t)rep * a->stage_count + (size_t)k];
    if (*slot < 0.0) {
        slp_rd_prob(r, node, 0, "rep \"%.80s\" and stage \"%.80s\" are listed twice", c.rep.s,
                    c.stage.s);
        return;
    }
    *slot = -1.0 - (double)c.count.i; /* marked as seen; restored below */
    a->pipe_team[k] += (double)c.count.i;
}

static void read_pipeline(slp_rd *r, size_t node, void *ctx)
{
    act_rd *x = ctx;
    salesplan_actuals *a = x->a;
    slp_jtype t = slp_jpos_type(r->jp, node);
    if (t == SLP_JT_OBJECT) {
        read_pipeline_object(r, node, x);
    } else if (t == SLP_JT_ARRAY) {
        a->pipeline_per_rep = 1;
        slp_rd_each(r, node, pipe_item, x);
        for (size_t i = 0; i < a->rep_count * a->stage_count; i++)
            if (a->pipe_rep[i] < 0.0)
                a->pipe_rep[i] = -1.0 - a->pipe_rep[i];
    } else {
        slp_rd_refused(r, node,
                       "must be an object (stage name -> count) or a list of {rep, stage, count}");
        return;
    }
    a->pipeline_given = 1;
}

/* ---- activities ------------------------------------------------------------------ */

typedef struct act_item_ctx {
    slp_fval activity, rep, count;
} act_item_ctx;

static const slp_member act_members[] = {
    {"activity", SLP_F_STR, offsetof(act_item_ctx, activity), NULL, 1, 0, 0},
    {"rep", SLP_F_STR, offsetof(act_item_ctx, rep), NULL, 0, 0, 0},
    {"count", SLP_F_NUM, offsetof(act_item_ctx, count), NULL, 1, 0, 0},
};

static void act_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    (void)i;
    act_rd *x = ctx;
    salesplan_actuals *a = x->a;
    act_item_ctx c;
    if (slp_rd_record(r, node, act_members, SLP_NMEMB(act_members), &c, sizeof c) != 0)
        return;
    long ai = -1, rep = -1;
    int ok = c.count.state == 1;
    if (c.activity.state == 1 &&
        (ai = named(r, x, SLP_NAMES_ACTIVITIES, &c.activity, "activity")) < 0)
        ok = 0;
    if (c.rep.state == 1 && (rep = named(r, x, SLP_NAMES_REPS, &c.rep, "rep")) < 0)
        ok = 0;
    if (c.rep.state == 2 || c.activity.state != 1)
        ok = 0;
    if (c.count.state == 1 && !(c.count.num >= 0.0 && isfinite(c.count.num))) {
        slp_rd_refused_at(r, "count", c.count.node, "must be a number >= 0");
        ok = 0;
    }
    if (!ok)
        return;
    double v = slp_no_negzero(c.count.num);
    a->act_team[ai] += v;
    if (rep >= 0)
        a->act_rep[(size_t)rep * a->activity_count + (size_t)ai] += v;
}

static void read_activities(slp_rd *r, size_t node, void *ctx)
{
    act_rd *x = ctx;
    slp_rd_each(r, node, act_item, x);
    x->a->activities_given = 1;
}

/* ---- top level ------------------------------------------------------------------- */

static const slp_member top_members[] = {
    {"salesplan_actuals", SLP_F_INT, offsetof(act_rd, version), NULL, 1, 1, 1},
    {"as_of", SLP_F_DATE, offsetof(act_rd, as_of), NULL, 1, 0, 0},
    {"bookings", SLP_F_FN, 0, read_bookings, 0, 0, 0},
    {"pipeline", SLP_F_FN, 0, read_pipeline, 0, 0, 0},
    {"activities", SLP_F_FN, 0, read_activities, 0, 0, 0},
};

static void read_top(slp_rd *r, act_rd *x)
{
    if (slp_rd_object(r, 0) != 0)
        return;
    slp_rd_members(r, 0, top_members, SLP_NMEMB(top_members), x, 0);
    if (x->as_of.state != 1)
        return;
    slp_day d = 0;
    slp_parse_iso_date_str(x->as_of.s, &d);
    if (slp_actuals_set_as_of_day(x->a, d) != SALESPLAN_OK) {
        char first[11], last[11];
        slp_format_date(x->a->period_start, first);
        slp_format_date(x->a->period_start + x->a->days - 1, last);
        slp_rd_prob_at(r, "as_of", x->as_of.node, 0,
                       "must be a day of the period, %s to %s; found %s", first, last, x->as_of.s);
    }
}

/* Read `buf` into `d` against `plan`; on success with `out`, *out is the actuals. */
static int read_actuals(const salesplan_plan *plan, const char *buf, size_t len,
                        salesplan_diagnostics *d, salesplan_actuals **out)
{
    salesplan_error e;
    salesplan_actuals *a = NULL;
    int rc = slp_actuals_new(&a, plan, &e);
    if (rc != SALESPLAN_OK)
        return rc == SALESPLAN_ENOMEM || slp_diag_push(d, &e) != SALESPLAN_OK ? SALESPLAN_ENOMEM
                                                                              : rc;
    slp_rd r;
    rc = slp_rd_open(&r, buf, len, d);
    if (rc != SALESPLAN_OK) {
        salesplan_actuals_free(a);
        return rc;
    }
    act_rd x;
    memset(&x, 0, sizeof x);
    x.a = a;
    x.p = plan;
    read_top(&r, &x);
    rc = slp_rd_close(&r, rc);
    if (rc == SALESPLAN_OK && out != NULL)
        *out = a;
    else
        salesplan_actuals_free(a);
    return rc;
}

salesplan_status salesplan_actuals_validate_buffer(salesplan_diagnostics **out,
                                                   const salesplan_plan *plan, const char *buf,
                                                   size_t len)
{
    if (out == NULL)
        return SALESPLAN_EINVAL;
    *out = NULL;
    if (plan == NULL || (buf == NULL && len > 0))
        return SALESPLAN_EINVAL;
    salesplan_diagnostics *d = NULL;
    if (slp_diag_new(&d) != SALESPLAN_OK)
        return SALESPLAN_ENOMEM;
    int rc = read_actuals(plan, buf ? buf : "", len, d, NULL);
    if (rc == SALESPLAN_ENOMEM) {
        salesplan_diagnostics_free(d);
        return SALESPLAN_ENOMEM;
    }
    *out = d;
    return (salesplan_status)rc;
}

salesplan_status salesplan_actuals_load_buffer(salesplan_actuals **out,
                                               const salesplan_plan *plan, const char *buf,
                                               size_t len, salesplan_error *err)
{
    slp_error_clear(err);
    if (out == NULL)
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                               "no output actuals pointer");
    *out = NULL;
    if (plan == NULL || (buf == NULL && len > 0))
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                               "no plan or no input buffer");
    salesplan_diagnostics *d = NULL;
    if (slp_diag_new(&d) != SALESPLAN_OK)
        return (salesplan_status)slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0,
                                               "out of memory");
    int rc = read_actuals(plan, buf ? buf : "", len, d, out);
    slp_diag_summary(err, rc, d, "out of memory reading the actuals");
    salesplan_diagnostics_free(d);
    return (salesplan_status)rc;
}

salesplan_status salesplan_actuals_load_file(salesplan_actuals **out, const salesplan_plan *plan,
                                             const char *path, salesplan_error *err)
{
    slp_error_clear(err);
    if (out == NULL || path == NULL)
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                               "no actuals pointer or file name");
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    int rc = slp_read_file(path, SLP_JSON_MAX_BYTES, &buf, &len, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    rc = salesplan_actuals_load_buffer(out, plan, buf, len, err);
    slp_free(buf);
    return (salesplan_status)rc;
}
