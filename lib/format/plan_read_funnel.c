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

#define NMEMB(a) (sizeof(a) / sizeof((a)[0]))

/* Report at member `key` of the current item. */
static void prob_at(slp_rd *r, const char *key, size_t node, int at_key, const char *msg)
{
    size_t old = slp_rd_push_key(r, key);
    slp_rd_prob(r, node, at_key, "%s", msg);
    slp_rd_pop(r, old);
}

static void refused_at(slp_rd *r, const char *key, const slp_fval *f, const char *rule)
{
    size_t old = slp_rd_push_key(r, key);
    slp_rd_refused(r, f->node, rule);
    slp_rd_pop(r, old);
}

static void setter_at(slp_rd *r, const char *key, int rc, const slp_fval *f, const char *rule)
{
    size_t old = slp_rd_push_key(r, key);
    slp_rd_setter(r, rc, f->node, rule);
    slp_rd_pop(r, old);
}

/* A usable name from f, or NULL after reporting it (dup: 1 when taken already). */
static const char *check_name(slp_rd *r, const char *key, const slp_fval *f, int dup,
                              const char *what)
{
    if (f->state != 1)
        return NULL;
    if (!slp_name_ok(f->s)) {
        refused_at(r, key, f, "must be 1 to 200 characters");
        return NULL;
    }
    if (dup) {
        size_t old = slp_rd_push_key(r, key);
        slp_rd_prob(r, f->node, 0, "duplicate %s name \"%.60s\"", what, f->s);
        slp_rd_pop(r, old);
        return NULL;
    }
    return f->s;
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
    if (slp_rd_object(r, f->node) == 0) {
        memset(&c, 0, sizeof c);
        slp_rd_members(r, f->node, observed_members, NMEMB(observed_members), &c, 0);
        if (c.advanced.state == 1 && c.lost.state == 1)
            slp_rd_setter(r, salesplan_plan_set_stage_observed(r->p, idx, c.advanced.i, c.lost.i),
                          f->node, "counts must be >= 0");
    }
    slp_rd_pop(r, old);
}

static void stage_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    size_t n = *(const size_t *)ctx;
    int last = i + 1 == n;
    stage_ctx c;
    if (slp_rd_object(r, node) != 0) {
        r->misaligned |= SLP_MIS_STAGES;
        return;
    }
    memset(&c, 0, sizeof c);
    slp_rd_members(r, node, stage_members, NMEMB(stage_members), &c, 0);
    const char *name =
        check_name(r, "name", &c.name, c.name.state == 1 && slp_plan_name_index(r->p, SLP_NAMES_STAGES, c.name.s) >= 0,
                   "stage");
    double conv = 0.5, days = 0.0;
    if (last) {
        conv = SLP_NAN;
        if (c.conversion.state != 0)
            prob_at(r, "conversion", c.conversion.node, 1,
                    "the last stage is the won stage and takes no conversion");
    } else if (c.conversion.state == 0) {
        prob_at(r, "conversion", node, 0,
                "required key \"conversion\" is missing (every stage but the last, won, one "
                "has a conversion in (0, 1])");
    } else if (c.conversion.state == 1) {
        if (slp_in_range(c.conversion.num, 0.0, 0, 1.0, 1))
            conv = c.conversion.num;
        else
            refused_at(r, "conversion", &c.conversion, "must be in (0, 1], e.g. 0.25 for 25%");
    }
    if (c.days.state == 1) {
        if (slp_in_range(c.days.num, 0.0, 1, (double)INFINITY, 0))
            days = c.days.num;
        else
            refused_at(r, "days", &c.days, "must be >= 0 (mean days until the stage advances)");
    }
    char stand_in[48];
    if (name == NULL) {
        snprintf(stand_in, sizeof stand_in, "(invalid stage %zu)", i);
        name = stand_in;
    }
    int rc = salesplan_plan_add_stage(r->p, name, conv, days);
    if (rc != SALESPLAN_OK) {
        r->misaligned |= SLP_MIS_STAGES;
        slp_rd_setter(r, rc, node, "stage not accepted");
        return;
    }
    size_t idx = salesplan_plan_stage_count(r->p) - 1;
    if (c.opportunity.state == 1 && c.opportunity.i) {
        if (r->opp_stage >= 0) {
            char msg[120];
            snprintf(msg, sizeof msg,
                     "only one stage may be the opportunity stage; funnel.stages[%ld] already is",
                     r->opp_stage);
            prob_at(r, "opportunity", c.opportunity.node, 0, msg);
        } else {
            r->opp_stage = (long)i;
            setter_at(r, "opportunity",
                      salesplan_plan_set_opportunity_stage(r->p, idx), &c.opportunity,
                      "cannot flag this stage");
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
        slp_rd_members(r, node, funnel_members, NMEMB(funnel_members), ctx, 0);
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
        if (!slp_name_ok(key))
            slp_rd_prob(r, kid, 1, "a stage name must be 1 to 200 characters; found \"%.40s\"",
                        key);
        else if (slp_rd_int(r, kid, 0, LLONG_MAX, &count) == 0)
            slp_rd_setter(r, salesplan_plan_set_pipeline(r->p, key, count), kid,
                          "must be a count of open deals >= 0");
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
    if (slp_rd_string(r, node, &s, &len) == 0)
        slp_rd_setter(r, salesplan_plan_add_activity_skill(r->p, *(const size_t *)ctx, s), node,
                      "must be a non-empty text of at most 10000 characters");
}

static void activity_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    activity_ctx c;
    (void)ctx;
    if (slp_rd_object(r, node) != 0) {
        r->misaligned |= SLP_MIS_ACTIVITIES;
        return;
    }
    memset(&c, 0, sizeof c);
    slp_rd_members(r, node, activity_members, NMEMB(activity_members), &c, 0);
    const char *name = check_name(r, "name", &c.name,
                                  c.name.state == 1 && slp_plan_name_index(r->p, SLP_NAMES_ACTIVITIES, c.name.s) >= 0,
                                  "activity");
    const char *stage = check_name(r, "stage", &c.stage, 0, "stage");
    double per_entry = 1.0;
    if (c.per_entry.state == 1) {
        if (slp_in_range(c.per_entry.num, 0.0, 0, (double)INFINITY, 0))
            per_entry = c.per_entry.num;
        else
            refused_at(r, "per_entry", &c.per_entry,
                       "must be > 0 (units of the activity per entry into the stage)");
    }
    char stand_in[48];
    if (name == NULL) {
        snprintf(stand_in, sizeof stand_in, "(invalid activity %zu)", i);
        name = stand_in;
    }
    int rc = salesplan_plan_add_activity(r->p, name, stage ? stage : "(invalid stage)",
                                         per_entry);
    if (rc != SALESPLAN_OK) {
        r->misaligned |= SLP_MIS_ACTIVITIES;
        slp_rd_setter(r, rc, node, "activity not accepted");
        return;
    }
    size_t idx = salesplan_plan_activity_count(r->p) - 1;
    if (c.share.state == 1)
        setter_at(r, "share", salesplan_plan_set_activity_share(r->p, idx, c.share.num), &c.share,
                  "must be in (0, 1]");
    if (c.role.state == 1)
        setter_at(r, "role", salesplan_plan_set_activity_role(r->p, idx, c.role.s), &c.role,
                  "must be a role name of 1 to 200 characters");
    if (c.minutes.state == 1)
        setter_at(r, "minutes", salesplan_plan_set_activity_minutes(r->p, idx, c.minutes.num),
                  &c.minutes, "must be > 0 (minutes per unit)");
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

static void role_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    role_ctx c;
    (void)ctx;
    if (slp_rd_object(r, node) != 0) {
        r->misaligned |= SLP_MIS_ROLES;
        return;
    }
    memset(&c, 0, sizeof c);
    slp_rd_members(r, node, role_members, NMEMB(role_members), &c, 0);
    const char *name = check_name(r, "name", &c.name,
                                  c.name.state == 1 && slp_plan_name_index(r->p, SLP_NAMES_ROLES, c.name.s) >= 0,
                                  "role");
    char stand_in[48];
    if (name == NULL) {
        snprintf(stand_in, sizeof stand_in, "(invalid role %zu)", i);
        name = stand_in;
    }
    int rc = salesplan_plan_add_role(r->p, name);
    if (rc != SALESPLAN_OK) {
        r->misaligned |= SLP_MIS_ROLES;
        slp_rd_setter(r, rc, node, "role not accepted");
        return;
    }
    size_t idx = salesplan_plan_role_count(r->p) - 1;
    if (c.ramp.state == 1) {
        size_t old = slp_rd_push_key(r, "ramp");
        slp_numlist l;
        if (slp_rd_numbers(r, c.ramp.node, &l) == 0) {
            size_t bad = SLP_JPOS_NONE;
            for (size_t k = 0; k < l.n && bad == SLP_JPOS_NONE; k++)
                if (!slp_in_range(l.v[k], 0.0, 1, 1.0, 1))
                    bad = k;
            slp_rd_list_setter(r, salesplan_plan_set_role_ramp(r->p, idx, l.v, l.n), c.ramp.node,
                               bad, "factors must be in [0, 1], one per tenure month");
        }
        slp_free(l.v);
        slp_rd_pop(r, old);
    }
    if (c.quota.state == 1)
        setter_at(r, "quota_monthly", salesplan_plan_set_role_quota_monthly(r->p, idx, c.quota.num),
                  &c.quota, "must be >= 0 (0: the role carries no quota)");
    if (c.minutes.state == 1)
        setter_at(r, "minutes_per_day",
                  salesplan_plan_set_role_minutes_per_day(r->p, idx, c.minutes.num), &c.minutes,
                  "must be > 0 and at most 1440");
}

typedef struct rep_ctx {
    slp_fval name, role, start, tenure, weight;
} rep_ctx;

static const slp_member rep_members[] = {
    {"name", SLP_F_STR, offsetof(rep_ctx, name), NULL, 1, 0, 0},
    {"role", SLP_F_STR, offsetof(rep_ctx, role), NULL, 1, 0, 0},
    {"start", SLP_F_DATE, offsetof(rep_ctx, start), NULL, 0, 0, 0},
    {"tenure_months", SLP_F_INT, offsetof(rep_ctx, tenure), NULL, 0, 0, SLP_MAX_TENURE_MONTHS},
    {"territory_weight", SLP_F_NUM, offsetof(rep_ctx, weight), NULL, 0, 0, 0},
};

static void rep_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    rep_ctx c;
    (void)ctx;
    if (slp_rd_object(r, node) != 0) {
        r->misaligned |= SLP_MIS_REPS;
        return;
    }
    memset(&c, 0, sizeof c);
    slp_rd_members(r, node, rep_members, NMEMB(rep_members), &c, 0);
    const char *name = check_name(r, "name", &c.name,
                                  c.name.state == 1 && slp_plan_name_index(r->p, SLP_NAMES_REPS, c.name.s) >= 0, "rep");
    const char *role = check_name(r, "role", &c.role, 0, "role");
    if (c.start.state != 0 && c.tenure.state != 0)
        slp_rd_prob(r, c.tenure.node, 1,
                    "give exactly one of start or tenure_months; found both");
    else if (c.start.state == 0 && c.tenure.state == 0)
        slp_rd_prob(r, node, 0,
                    "give exactly one of start (a date) or tenure_months; found neither");
    char stand_in[48];
    if (name == NULL) {
        snprintf(stand_in, sizeof stand_in, "(invalid rep %zu)", i);
        name = stand_in;
    }
    if (role == NULL)
        role = "(invalid role)";
    int rc;
    if (c.start.state == 1 && c.tenure.state == 0)
        rc = salesplan_plan_add_rep(r->p, name, role, c.start.s);
    else
        rc = salesplan_plan_add_rep_tenure(r->p, name, role,
                                           c.tenure.state == 1 ? (int)c.tenure.i : 0);
    if (rc != SALESPLAN_OK) {
        r->misaligned |= SLP_MIS_REPS;
        slp_rd_setter(r, rc, node, "rep not accepted");
        return;
    }
    size_t idx = salesplan_plan_rep_count(r->p) - 1;
    if (c.weight.state == 1)
        setter_at(r, "territory_weight",
                  salesplan_plan_set_rep_territory_weight(r->p, idx, c.weight.num), &c.weight,
                  "must be > 0");
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
    if (slp_rd_object(r, node) != 0)
        return;
    memset(&c, 0, sizeof c);
    slp_rd_members(r, node, team_members, NMEMB(team_members), &c, 0);
    if (c.attrition.state == 1)
        setter_at(r, "attrition_monthly",
                  salesplan_plan_set_attrition_monthly(r->p, c.attrition.num), &c.attrition,
                  "must be in [0, 1)");
    if (c.attainment.state == 1)
        setter_at(r, "expected_attainment",
                  salesplan_plan_set_expected_attainment(r->p, c.attainment.num), &c.attainment,
                  "must be in (0, 1]");
}
