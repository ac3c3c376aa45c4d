/* Reading the funnel, pipeline, activities and team (SPEC §3) through the
 * model's setters. List items are collected first, then added; when an item
 * has a bad value a valid stand-in is added instead (the plan is never handed
 * out then), so that the model's indices keep matching the file's. */
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "model/plan_model.h"
#include "format/plan_read.h"

/* The string of f when it was read, else NULL (its problem is reported). */
static const char *str_of(const slp_fval *f)
{
    return f->state == 1 ? f->s : NULL;
}

/* A stand-in name for item i of a list whose own name was refused. */
static const char *stand_in(char *buf, size_t size, const char *what, size_t i)
{
    snprintf(buf, size, "(invalid %s %zu)", what, i);
    return buf;
}

/* Try an add_* until the model accepts it: each refusal is reported at the
 * member it names and `fix` replaces that member's value by a stand-in, so
 * that the item is still added and the model's indices keep matching the
 * file's. Returns the final status. */
typedef int (*try_add_fn)(slp_rd *r, void *args, salesplan_error *e);
typedef int (*fix_fn)(void *args, const char *key);
static int add_until_accepted(slp_rd *r, size_t node, const slp_member *m, size_t nm,
                              const void *ctx, try_add_fn add, fix_fn fix, void *args)
{
    salesplan_error e;
    int rc = add(r, args, &e);
    for (int tries = 0; rc == SALESPLAN_EINVAL && tries < 8; tries++) {
        int k = slp_rd_refused_member(r, rc, node, &e, m, nm, ctx);
        if (k < 0 || !fix(args, m[k].key))
            return rc;
        rc = add(r, args, &e);
    }
    if (rc != SALESPLAN_OK)
        slp_rd_setter(r, rc, node, &e);
    return rc;
}

/* ---- funnel ------------------------------------------------------------------------ */

typedef struct stage_ctx {
    slp_fval name, conversion, days, opportunity, observed;
} stage_ctx;

static const slp_member stage_members[] = {
    {"name", SLP_F_STR, offsetof(stage_ctx, name), NULL, 1, 0, 0},
    {"conversion", SLP_F_NUM, offsetof(stage_ctx, conversion), NULL, 0, 0, 0},
    {"days", SLP_F_NUM, offsetof(stage_ctx, days), NULL, 0, 0, 0},
    {"opportunity", SLP_F_BOOL, offsetof(stage_ctx, opportunity), NULL, 0, 0, 0},
    {"observed", SLP_F_ANY, offsetof(stage_ctx, observed), NULL, 0, 0, 0},
};

typedef struct observed_ctx {
    slp_fval advanced, lost;
} observed_ctx;

static const slp_member observed_members[] = {
    {"advanced", SLP_F_INT, offsetof(observed_ctx, advanced), NULL, 1, 0, LLONG_MAX},
    {"lost", SLP_F_INT, offsetof(observed_ctx, lost), NULL, 1, 0, LLONG_MAX},
};

static void stage_observed(slp_rd *r, const slp_fval *f, size_t idx)
{
    observed_ctx c;
    size_t old = slp_rd_push_key(r, "observed");
    if (slp_rd_record(r, f->node, observed_members, SLP_NMEMB(observed_members), &c, sizeof c) ==
        0) {
        salesplan_error e;
        if (c.advanced.state == 1 && c.lost.state == 1)
            slp_rd_setter(r, salesplan_plan_set_stage_observed(r->p, idx, c.advanced.i, c.lost.i, &e),
                          f->node, &e);
    }
    slp_rd_pop(r, old);
}

typedef struct stage_args {
    const char *name;
    double conversion, days;
    char stand_in[48];
    size_t i;
} stage_args;

static int try_stage(slp_rd *r, void *args, salesplan_error *e)
{
    stage_args *a = args;
    return salesplan_plan_add_stage(r->p, a->name, a->conversion, a->days, e);
}

static int fix_stage(void *args, const char *key)
{
    stage_args *a = args;
    if (strcmp(key, "name") == 0)
        a->name = stand_in(a->stand_in, sizeof a->stand_in, "stage", a->i);
    else if (strcmp(key, "conversion") == 0)
        a->conversion = 0.5;
    else if (strcmp(key, "days") == 0)
        a->days = 0.0;
    else
        return 0;
    return 1;
}

static void stage_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    size_t n = *(const size_t *)ctx;
    int last = i + 1 == n;
    stage_ctx c;
    if (slp_rd_record(r, node, stage_members, SLP_NMEMB(stage_members), &c, sizeof c) != 0) {
        r->misaligned |= SLP_MIS_STAGES;
        return;
    }
    stage_args a = {str_of(&c.name), 0.5, 0.0, "", i};
    if (a.name == NULL)
        a.name = stand_in(a.stand_in, sizeof a.stand_in, "stage", i);
    if (last) {
        a.conversion = SLP_NAN;
        if (c.conversion.state != 0)
            slp_rd_prob_at(r, "conversion", c.conversion.node, 1,
                           "the last stage is the won stage and takes no conversion");
    } else if (c.conversion.state == 0) {
        slp_rd_prob_at(r, "conversion", node, 0,
                       "required key \"conversion\" is missing (every stage but the last, won, "
                       "one has a conversion)");
    } else if (c.conversion.state == 1) {
        a.conversion = c.conversion.num;
    }
    if (c.days.state == 1)
        a.days = c.days.num;
    if (add_until_accepted(r, node, stage_members, SLP_NMEMB(stage_members), &c, try_stage,
                           fix_stage, &a) != SALESPLAN_OK) {
        r->misaligned |= SLP_MIS_STAGES;
        return;
    }
    size_t idx = salesplan_plan_stage_count(r->p) - 1;
    if (c.opportunity.state == 1 && c.opportunity.i) {
        if (r->opp_stage >= 0) {
            slp_rd_prob_at(r, "opportunity", c.opportunity.node, 0,
                           "only one stage may be the opportunity stage; funnel.stages[%ld] "
                           "already is",
                           r->opp_stage);
        } else {
            salesplan_error e;
            r->opp_stage = (long)i;
            slp_rd_setter_at(r, "opportunity", salesplan_plan_set_opportunity_stage(r->p, idx, &e),
                             c.opportunity.node, &e);
        }
    }
    if (c.observed.state == 1)
        stage_observed(r, &c.observed, idx);
}

static void rd_stages(slp_rd *r, size_t node, void *ctx)
{
    (void)ctx;
    if (slp_rd_array(r, node) != 0)
        return;
    size_t n = slp_jpos_nkids(r->jp, node);
    if (n < 2)
        slp_rd_prob(r, node, 0,
                    "needs at least 2 stages (the last one is the won stage); found %zu", n);
    slp_rd_each(r, node, stage_item, &n);
}

static const slp_member funnel_members[] = {
    {"stages", SLP_F_FN, 0, rd_stages, 1, 0, 0},
};

void slp_rd_funnel(slp_rd *r, size_t node, void *ctx)
{
    if (slp_rd_object(r, node) == 0)
        slp_rd_members(r, node, funnel_members, SLP_NMEMB(funnel_members), ctx, 0);
}

/* ---- pipeline ---------------------------------------------------------------------- */

void slp_rd_pipeline(slp_rd *r, size_t node, void *ctx)
{
    (void)ctx;
    if (slp_rd_object(r, node) != 0)
        return;
    size_t n = slp_jpos_nkids(r->jp, node);
    for (size_t j = 0; j < n; j++) {
        if (r->stop || r->nomem)
            return;
        size_t kid = slp_rd_item(r, node, j), klen;
        const char *key = slp_jpos_key(r->jp, kid, &klen);
        if (key == NULL || strncmp(key, "x-", 2) == 0)
            continue;
        size_t old = slp_rd_push_key(r, key);
        long long count;
        if (slp_rd_int(r, kid, LLONG_MIN, LLONG_MAX, &count) == 0) {
            salesplan_error e;
            int rc = salesplan_plan_set_pipeline(r->p, key, count, &e);
            /* a refused stage name is shown at the key, a count at the value */
            if (rc != SALESPLAN_OK && rc != SALESPLAN_ENOMEM && !slp_name_ok(key))
                slp_rd_prob(r, kid, 1, "%s", e.message);
            else
                slp_rd_setter(r, rc, kid, &e);
        }
        slp_rd_pop(r, old);
    }
}

/* ---- activities -------------------------------------------------------------------- */

typedef struct activity_ctx {
    slp_fval name, stage, per_entry, share, role, minutes, skills;
} activity_ctx;

static const slp_member activity_members[] = {
    {"name", SLP_F_STR, offsetof(activity_ctx, name), NULL, 1, 0, 0},
    {"stage", SLP_F_STR, offsetof(activity_ctx, stage), NULL, 1, 0, 0},
    {"per_entry", SLP_F_NUM, offsetof(activity_ctx, per_entry), NULL, 1, 0, 0},
    {"share", SLP_F_NUM, offsetof(activity_ctx, share), NULL, 0, 0, 0},
    {"role", SLP_F_STR, offsetof(activity_ctx, role), NULL, 0, 0, 0},
    {"minutes", SLP_F_NUM, offsetof(activity_ctx, minutes), NULL, 0, 0, 0},
    {"skills", SLP_F_ANY, offsetof(activity_ctx, skills), NULL, 0, 0, 0},
};

static void skill_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    const char *s;
    size_t len;
    (void)i;
    salesplan_error e;
    if (slp_rd_string(r, node, &s, &len) == 0)
        slp_rd_setter(r, salesplan_plan_add_activity_skill(r->p, *(const size_t *)ctx, s, &e), node,
                      &e);
}

typedef struct activity_args {
    const char *name, *stage;
    double per_entry;
    char stand_in[48];
    size_t i;
} activity_args;

static int try_activity(slp_rd *r, void *args, salesplan_error *e)
{
    activity_args *a = args;
    return salesplan_plan_add_activity(r->p, a->name, a->stage, a->per_entry, e);
}

static int fix_activity(void *args, const char *key)
{
    activity_args *a = args;
    if (strcmp(key, "name") == 0)
        a->name = stand_in(a->stand_in, sizeof a->stand_in, "activity", a->i);
    else if (strcmp(key, "stage") == 0)
        a->stage = "(invalid stage)";
    else if (strcmp(key, "per_entry") == 0)
        a->per_entry = 1.0;
    else
        return 0;
    return 1;
}

static void activity_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    activity_ctx c;
    (void)ctx;
    if (slp_rd_record(r, node, activity_members, SLP_NMEMB(activity_members), &c, sizeof c) != 0) {
        r->misaligned |= SLP_MIS_ACTIVITIES;
        return;
    }
    activity_args a = {str_of(&c.name), str_of(&c.stage), 1.0, "", i};
    if (a.name == NULL)
        a.name = stand_in(a.stand_in, sizeof a.stand_in, "activity", i);
    if (a.stage == NULL)
        a.stage = "(invalid stage)";
    if (c.per_entry.state == 1)
        a.per_entry = c.per_entry.num;
    if (add_until_accepted(r, node, activity_members, SLP_NMEMB(activity_members), &c, try_activity,
                           fix_activity, &a) != SALESPLAN_OK) {
        r->misaligned |= SLP_MIS_ACTIVITIES;
        return;
    }
    size_t idx = salesplan_plan_activity_count(r->p) - 1;
    salesplan_error e;
    if (c.share.state == 1)
        slp_rd_setter_at(r, "share", salesplan_plan_set_activity_share(r->p, idx, c.share.num, &e),
                         c.share.node, &e);
    if (c.role.state == 1)
        slp_rd_setter_at(r, "role", salesplan_plan_set_activity_role(r->p, idx, c.role.s, &e),
                         c.role.node, &e);
    if (c.minutes.state == 1)
        slp_rd_setter_at(r, "minutes",
                         salesplan_plan_set_activity_minutes(r->p, idx, c.minutes.num, &e),
                         c.minutes.node, &e);
    if (c.skills.state == 1) {
        size_t old = slp_rd_push_key(r, "skills");
        slp_rd_each(r, c.skills.node, skill_item, &idx);
        slp_rd_pop(r, old);
    }
}

void slp_rd_activities(slp_rd *r, size_t node, void *ctx)
{
    slp_rd_each(r, node, activity_item, ctx);
}

/* ---- team ------------------------------------------------------------------------ */

typedef struct role_ctx {
    slp_fval name, ramp, quota, minutes;
} role_ctx;

static const slp_member role_members[] = {
    {"name", SLP_F_STR, offsetof(role_ctx, name), NULL, 1, 0, 0},
    {"ramp", SLP_F_ANY, offsetof(role_ctx, ramp), NULL, 0, 0, 0},
    {"quota_monthly", SLP_F_NUM, offsetof(role_ctx, quota), NULL, 0, 0, 0},
    {"minutes_per_day", SLP_F_NUM, offsetof(role_ctx, minutes), NULL, 0, 0, 0},
};

typedef struct role_args {
    const char *name;
    char stand_in[48];
    size_t i;
} role_args;

static int try_role(slp_rd *r, void *args, salesplan_error *e)
{
    return salesplan_plan_add_role(r->p, ((role_args *)args)->name, e);
}

static int fix_role(void *args, const char *key)
{
    role_args *a = args;
    if (strcmp(key, "name") != 0)
        return 0;
    a->name = stand_in(a->stand_in, sizeof a->stand_in, "role", a->i);
    return 1;
}

static void role_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    role_ctx c;
    (void)ctx;
    if (slp_rd_record(r, node, role_members, SLP_NMEMB(role_members), &c, sizeof c) != 0) {
        r->misaligned |= SLP_MIS_ROLES;
        return;
    }
    role_args a = {str_of(&c.name), "", i};
    if (a.name == NULL)
        a.name = stand_in(a.stand_in, sizeof a.stand_in, "role", i);
    if (add_until_accepted(r, node, role_members, SLP_NMEMB(role_members), &c, try_role, fix_role,
                           &a) != SALESPLAN_OK) {
        r->misaligned |= SLP_MIS_ROLES;
        return;
    }
    size_t idx = salesplan_plan_role_count(r->p) - 1;
    salesplan_error e;
    if (c.ramp.state == 1) {
        size_t old = slp_rd_push_key(r, "ramp");
        slp_numlist l;
        if (slp_rd_numbers(r, c.ramp.node, &l) == 0)
            slp_rd_list_setter(r, salesplan_plan_set_role_ramp(r->p, idx, l.v, l.n, &e),
                               c.ramp.node, &e);
        slp_free(l.v);
        slp_rd_pop(r, old);
    }
    if (c.quota.state == 1)
        slp_rd_setter_at(r, "quota_monthly",
                         salesplan_plan_set_role_quota_monthly(r->p, idx, c.quota.num, &e),
                         c.quota.node, &e);
    if (c.minutes.state == 1)
        slp_rd_setter_at(r, "minutes_per_day",
                         salesplan_plan_set_role_minutes_per_day(r->p, idx, c.minutes.num, &e),
                         c.minutes.node, &e);
}

typedef struct rep_ctx {
    slp_fval name, role, start, tenure, weight;
} rep_ctx;

static const slp_member rep_members[] = {
    {"name", SLP_F_STR, offsetof(rep_ctx, name), NULL, 1, 0, 0},
    {"role", SLP_F_STR, offsetof(rep_ctx, role), NULL, 1, 0, 0},
    {"start", SLP_F_STR, offsetof(rep_ctx, start), NULL, 0, 0, 0},
    {"tenure_months", SLP_F_INT, offsetof(rep_ctx, tenure), NULL, 0, LONG_MIN, LONG_MAX},
    {"territory_weight", SLP_F_NUM, offsetof(rep_ctx, weight), NULL, 0, 0, 0},
};

typedef struct rep_args {
    const char *name, *role, *start; /* start NULL: by tenure */
    long tenure;
    char stand_in[48];
    size_t i;
} rep_args;

static int try_rep(slp_rd *r, void *args, salesplan_error *e)
{
    rep_args *a = args;
    if (a->start != NULL)
        return salesplan_plan_add_rep(r->p, a->name, a->role, a->start, e);
    return salesplan_plan_add_rep_tenure(r->p, a->name, a->role, a->tenure, e);
}

static int fix_rep(void *args, const char *key)
{
    rep_args *a = args;
    if (strcmp(key, "name") == 0)
        a->name = stand_in(a->stand_in, sizeof a->stand_in, "rep", a->i);
    else if (strcmp(key, "role") == 0)
        a->role = "(invalid role)";
    else if (strcmp(key, "start") == 0 || strcmp(key, "tenure_months") == 0) {
        a->start = NULL;
        a->tenure = 0;
    }
    else
        return 0;
    return 1;
}

static void rep_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    rep_ctx c;
    (void)ctx;
    if (slp_rd_record(r, node, rep_members, SLP_NMEMB(rep_members), &c, sizeof c) != 0) {
        r->misaligned |= SLP_MIS_REPS;
        return;
    }
    if (c.start.state != 0 && c.tenure.state != 0)
        slp_rd_prob(r, c.tenure.node, 1,
                    "give exactly one of start or tenure_months; found both");
    else if (c.start.state == 0 && c.tenure.state == 0)
        slp_rd_prob(r, node, 0,
                    "give exactly one of start (a date) or tenure_months; found neither");
    rep_args a = {str_of(&c.name), str_of(&c.role), NULL, 0, "", i};
    if (a.name == NULL)
        a.name = stand_in(a.stand_in, sizeof a.stand_in, "rep", i);
    if (a.role == NULL)
        a.role = "(invalid role)";
    if (c.start.state == 1 && c.tenure.state == 0)
        a.start = c.start.s;
    else if (c.tenure.state == 1 && c.start.state == 0)
        a.tenure = (long)c.tenure.i;
    if (add_until_accepted(r, node, rep_members, SLP_NMEMB(rep_members), &c, try_rep, fix_rep,
                           &a) != SALESPLAN_OK) {
        r->misaligned |= SLP_MIS_REPS;
        return;
    }
    size_t idx = salesplan_plan_rep_count(r->p) - 1;
    salesplan_error e;
    if (c.weight.state == 1)
        slp_rd_setter_at(r, "territory_weight",
                         salesplan_plan_set_rep_territory_weight(r->p, idx, c.weight.num, &e),
                         c.weight.node, &e);
}

static void rd_roles(slp_rd *r, size_t node, void *ctx)
{
    slp_rd_each(r, node, role_item, ctx);
}

static void rd_reps(slp_rd *r, size_t node, void *ctx)
{
    slp_rd_each(r, node, rep_item, ctx);
}

typedef struct team_ctx {
    slp_fval attrition, attainment;
} team_ctx;

static const slp_member team_members[] = {
    {"roles", SLP_F_FN, 0, rd_roles, 0, 0, 0},
    {"reps", SLP_F_FN, 0, rd_reps, 0, 0, 0},
    {"attrition_monthly", SLP_F_NUM, offsetof(team_ctx, attrition), NULL, 0, 0, 0},
    {"expected_attainment", SLP_F_NUM, offsetof(team_ctx, attainment), NULL, 0, 0, 0},
};

void slp_rd_team(slp_rd *r, size_t node, void *ctx)
{
    team_ctx c;
    (void)ctx;
    if (slp_rd_record(r, node, team_members, SLP_NMEMB(team_members), &c, sizeof c) != 0)
        return;
    salesplan_error e;
    if (c.attrition.state == 1)
        slp_rd_setter_at(r, "attrition_monthly",
                         salesplan_plan_set_attrition_monthly(r->p, c.attrition.num, &e),
                         c.attrition.node, &e);
    if (c.attainment.state == 1)
        slp_rd_setter_at(r, "expected_attainment",
                         salesplan_plan_set_expected_attainment(r->p, c.attainment.num, &e),
                         c.attainment.node, &e);
}
