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

/* ---- items added whole ------------------------------------------------------------ */

/* The lists whose items are collected first, then added by one add_*: when
 * the model refuses a value, the item is added with a stand-in for it, so
 * that the model's indices keep matching the file's. */
typedef enum item_kind { ITEM_STAGE, ITEM_ACTIVITY, ITEM_ROLE, ITEM_REP } item_kind;

static const struct item_list {
    const char *what;     /* a refused name becomes "(invalid <what> <i>)" */
    unsigned misaligned;  /* the list's SLP_MIS_ bit */
    size_t (*count)(const salesplan_plan *p);
    const char *ref_key;  /* the member naming an item of another list */
    const char *ref_stand_in;
    const char *num_key[2]; /* the add_*'s numbers and their stand-ins */
    double num_stand_in[2];
} item_lists[] = {
    [ITEM_STAGE] = {"stage", SLP_MIS_STAGES, salesplan_plan_stage_count, NULL, NULL,
                    {"conversion", "days"}, {0.5, 0.0}},
    [ITEM_ACTIVITY] = {"activity", SLP_MIS_ACTIVITIES, salesplan_plan_activity_count, "stage",
                       "(invalid stage)", {"per_entry", NULL}, {1.0, 0.0}},
    [ITEM_ROLE] = {"role", SLP_MIS_ROLES, salesplan_plan_role_count, NULL, NULL, {NULL}, {0.0}},
    [ITEM_REP] = {"rep", SLP_MIS_REPS, salesplan_plan_rep_count, "role", "(invalid role)",
                  {NULL}, {0.0}},
};

/* The values of one add_* (NULL strings: refused, stand-ins come in). */
typedef struct item_args {
    item_kind kind;
    size_t i; /* the item's index in the file */
    int last; /* it is the list's last item */
    const char *name, *ref, *start; /* ref: an activity's stage, a rep's role; start NULL: tenure */
    double num[2];                  /* a stage's conversion and days, an activity's per_entry */
    long tenure;
    char stand_in[48];
} item_args;

static int try_add(slp_rd *r, const item_args *a, salesplan_error *e)
{
    switch (a->kind) {
    case ITEM_STAGE: return salesplan_plan_add_stage(r->p, a->name, a->num[0], a->num[1], e);
    case ITEM_ACTIVITY: return salesplan_plan_add_activity(r->p, a->name, a->ref, a->num[0], e);
    case ITEM_ROLE: return salesplan_plan_add_role(r->p, a->name, e);
    case ITEM_REP: break;
    }
    if (a->start != NULL)
        return salesplan_plan_add_rep(r->p, a->name, a->ref, a->start, e);
    return salesplan_plan_add_rep_tenure(r->p, a->name, a->ref, a->tenure, e);
}

/* Put the stand-in of member `key` in place of its value: 0 when it has none. */
static int stand_in(item_args *a, const char *key)
{
    const struct item_list *l = &item_lists[a->kind];
    if (strcmp(key, "name") == 0) {
        snprintf(a->stand_in, sizeof a->stand_in, "(invalid %s %zu)", l->what, a->i);
        a->name = a->stand_in;
        return 1;
    }
    if (l->ref_key != NULL && strcmp(key, l->ref_key) == 0) {
        a->ref = l->ref_stand_in;
        return 1;
    }
    for (int k = 0; k < 2; k++)
        if (l->num_key[k] != NULL && strcmp(key, l->num_key[k]) == 0) {
            a->num[k] = l->num_stand_in[k];
            return 1;
        }
    if (a->kind != ITEM_REP || (strcmp(key, "start") != 0 && strcmp(key, "tenure_months") != 0))
        return 0;
    a->start = NULL;
    a->tenure = 0;
    return 1;
}

/* Add the item read into ctx: each refusal is reported at the member it
 * names and that member's stand-in tried, until the model accepts the item.
 * Returns its index in the model, or -1 (the list is then misaligned). */
static long add_item(slp_rd *r, size_t node, const slp_member *m, size_t nm, const void *ctx,
                     item_args *a)
{
    const struct item_list *l = &item_lists[a->kind];
    if (a->name == NULL)
        stand_in(a, "name");
    if (a->ref == NULL && l->ref_key != NULL)
        stand_in(a, l->ref_key);
    salesplan_error e;
    int rc = try_add(r, a, &e), reported = 0;
    for (int tries = 0; rc == SALESPLAN_EINVAL && tries < 8 && !reported; tries++) {
        int k = slp_rd_refused_member(r, rc, node, &e, m, nm, ctx);
        if (k >= 0 && stand_in(a, m[k].key))
            rc = try_add(r, a, &e);
        else
            reported = 1;
    }
    if (rc == SALESPLAN_OK)
        return (long)l->count(r->p) - 1;
    if (!reported)
        slp_rd_setter(r, rc, node, &e);
    r->misaligned |= l->misaligned;
    return -1;
}

/* How one list's items are read: members `m` into a context of `size`
 * bytes, from which `prepare` takes the add_*'s values (NULL strings get
 * stand-ins) and `finish` sets the rest on the added item `idx`. */
typedef void (*prepare_fn)(slp_rd *r, size_t node, const void *ctx, item_args *a);
typedef void (*finish_fn)(slp_rd *r, const void *ctx, size_t idx, size_t i);

typedef struct item_run {
    item_kind kind;
    const slp_member *m;
    size_t nm, size, n; /* n: the list's items */
    prepare_fn prepare;
    finish_fn finish;
} item_run;

/* The largest context of an item, in slp_fval (the contexts hold only
 * those; asserted at the end of the file). */
#define ITEM_CTX_MAX 8

static void list_item(slp_rd *r, size_t node, size_t i, void *ctx)
{
    const item_run *run = ctx;
    slp_fval c[ITEM_CTX_MAX];
    if (slp_rd_record(r, node, run->m, run->nm, c, run->size) != 0) {
        r->misaligned |= item_lists[run->kind].misaligned;
        return;
    }
    item_args a = {run->kind, i, i + 1 == run->n, NULL, NULL, NULL, {0.0, 0.0}, 0, ""};
    memcpy(a.num, item_lists[run->kind].num_stand_in, sizeof a.num);
    run->prepare(r, node, c, &a);
    long k = add_item(r, node, run->m, run->nm, c, &a);
    if (k >= 0)
        run->finish(r, c, (size_t)k, i);
}

/* Read array `node`, a list of `kind`, item by item. */
static void read_list(slp_rd *r, size_t node, item_kind kind, const slp_member *m, size_t nm,
                      size_t size, prepare_fn prepare, finish_fn finish)
{
    item_run run = {kind, m, nm, size, slp_jpos_nkids(r->jp, node), prepare, finish};
    slp_rd_each(r, node, list_item, &run);
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

static void stage_prepare(slp_rd *r, size_t node, const void *ctx, item_args *a)
{
    const stage_ctx *c = ctx;
    a->name = str_of(&c->name);
    if (a->last) {
        a->num[0] = SLP_NAN;
        if (c->conversion.state != 0)
            slp_rd_prob_at(r, "conversion", c->conversion.node, 1,
                           "the last stage is the won stage and takes no conversion");
    } else if (c->conversion.state == 0) {
        slp_rd_prob_at(r, "conversion", node, 0,
                       "required key \"conversion\" is missing (every stage but the last, won, "
                       "one has a conversion)");
    } else if (c->conversion.state == 1) {
        a->num[0] = c->conversion.num;
    }
    if (c->days.state == 1)
        a->num[1] = c->days.num;
}

static void stage_finish(slp_rd *r, const void *ctx, size_t idx, size_t i)
{
    const stage_ctx *c = ctx;
    if (c->opportunity.state == 1 && c->opportunity.i) {
        if (r->opp_stage >= 0) {
            slp_rd_prob_at(r, "opportunity", c->opportunity.node, 0,
                           "only one stage may be the opportunity stage; funnel.stages[%ld] "
                           "already is",
                           r->opp_stage);
        } else {
            salesplan_error e;
            r->opp_stage = (long)i;
            slp_rd_setter_at(r, "opportunity", salesplan_plan_set_opportunity_stage(r->p, idx, &e),
                             c->opportunity.node, &e);
        }
    }
    if (c->observed.state == 1)
        stage_observed(r, &c->observed, idx);
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
    read_list(r, node, ITEM_STAGE, stage_members, SLP_NMEMB(stage_members), sizeof(stage_ctx),
              stage_prepare, stage_finish);
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

static void activity_prepare(slp_rd *r, size_t node, const void *ctx, item_args *a)
{
    const activity_ctx *c = ctx;
    (void)r;
    (void)node;
    a->name = str_of(&c->name);
    a->ref = str_of(&c->stage);
    if (c->per_entry.state == 1)
        a->num[0] = c->per_entry.num;
}

static void activity_finish(slp_rd *r, const void *ctx, size_t idx, size_t i)
{
    const activity_ctx *c = ctx;
    salesplan_error e;
    (void)i;
    slp_rd_set_item_num(r, "share", &c->share, salesplan_plan_set_activity_share, idx);
    if (c->role.state == 1)
        slp_rd_setter_at(r, "role", salesplan_plan_set_activity_role(r->p, idx, c->role.s, &e),
                         c->role.node, &e);
    slp_rd_set_item_num(r, "minutes", &c->minutes, salesplan_plan_set_activity_minutes, idx);
    if (c->skills.state == 1) {
        size_t old = slp_rd_push_key(r, "skills");
        slp_rd_each(r, c->skills.node, skill_item, &idx);
        slp_rd_pop(r, old);
    }
}

void slp_rd_activities(slp_rd *r, size_t node, void *ctx)
{
    (void)ctx;
    read_list(r, node, ITEM_ACTIVITY, activity_members, SLP_NMEMB(activity_members),
              sizeof(activity_ctx), activity_prepare, activity_finish);
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

static void role_prepare(slp_rd *r, size_t node, const void *ctx, item_args *a)
{
    (void)r;
    (void)node;
    a->name = str_of(&((const role_ctx *)ctx)->name);
}

static void role_finish(slp_rd *r, const void *ctx, size_t idx, size_t i)
{
    const role_ctx *c = ctx;
    salesplan_error e;
    (void)i;
    if (c->ramp.state == 1) {
        size_t old = slp_rd_push_key(r, "ramp");
        slp_numlist l;
        if (slp_rd_numbers(r, c->ramp.node, &l) == 0)
            slp_rd_list_setter(r, salesplan_plan_set_role_ramp(r->p, idx, l.v, l.n, &e),
                               c->ramp.node, &e);
        slp_free(l.v);
        slp_rd_pop(r, old);
    }
    slp_rd_set_item_num(r, "quota_monthly", &c->quota, salesplan_plan_set_role_quota_monthly, idx);
    slp_rd_set_item_num(r, "minutes_per_day", &c->minutes, salesplan_plan_set_role_minutes_per_day,
                        idx);
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

static void rep_prepare(slp_rd *r, size_t node, const void *ctx, item_args *a)
{
    const rep_ctx *c = ctx;
    if (c->start.state != 0 && c->tenure.state != 0)
        slp_rd_prob(r, c->tenure.node, 1,
                    "give exactly one of start or tenure_months; found both");
    else if (c->start.state == 0 && c->tenure.state == 0)
        slp_rd_prob(r, node, 0,
                    "give exactly one of start (a date) or tenure_months; found neither");
    a->name = str_of(&c->name);
    a->ref = str_of(&c->role);
    if (c->start.state == 1 && c->tenure.state == 0)
        a->start = c->start.s;
    else if (c->tenure.state == 1 && c->start.state == 0)
        a->tenure = (long)c->tenure.i;
}

static void rep_finish(slp_rd *r, const void *ctx, size_t idx, size_t i)
{
    (void)i;
    slp_rd_set_item_num(r, "territory_weight", &((const rep_ctx *)ctx)->weight,
                        salesplan_plan_set_rep_territory_weight, idx);
}

static void rd_roles(slp_rd *r, size_t node, void *ctx)
{
    (void)ctx;
    read_list(r, node, ITEM_ROLE, role_members, SLP_NMEMB(role_members), sizeof(role_ctx),
              role_prepare, role_finish);
}

static void rd_reps(slp_rd *r, size_t node, void *ctx)
{
    (void)ctx;
    read_list(r, node, ITEM_REP, rep_members, SLP_NMEMB(rep_members), sizeof(rep_ctx), rep_prepare,
              rep_finish);
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
    slp_rd_set_num(r, "attrition_monthly", &c.attrition, salesplan_plan_set_attrition_monthly);
    slp_rd_set_num(r, "expected_attainment", &c.attainment, salesplan_plan_set_expected_attainment);
}

_Static_assert(sizeof(stage_ctx) <= sizeof(slp_fval[ITEM_CTX_MAX]), "stage_ctx fits");
_Static_assert(sizeof(activity_ctx) <= sizeof(slp_fval[ITEM_CTX_MAX]), "activity_ctx fits");
_Static_assert(sizeof(role_ctx) <= sizeof(slp_fval[ITEM_CTX_MAX]), "role_ctx fits");
_Static_assert(sizeof(rep_ctx) <= sizeof(slp_fval[ITEM_CTX_MAX]), "rep_ctx fits");
