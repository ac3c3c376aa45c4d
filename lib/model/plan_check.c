/* salesplan_plan_check(): the rules a single setter cannot see (required
 * parts, cross references, fit with the period), reported in plan order. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "model/plan_model.h"

/* A problem list being filled; rc keeps the first ENOMEM. */
typedef struct checker {
    salesplan_diagnostics *d;
    int rc;
    char path[SALESPLAN_ERROR_PATH_SIZE];
} checker;

/* Set the path of the next problem (printf-style). */
static void at(checker *c, const char *fmt, ...) SLP_PRINTF(2, 3);
static void at(checker *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->path, sizeof c->path, fmt, ap);
    va_end(ap);
}

/* Report a problem at the current path. */
static void problem(checker *c, const char *fmt, ...) SLP_PRINTF(2, 3);
static void problem(checker *c, const char *fmt, ...)
{
    salesplan_error e;
    va_list ap;
    if (c->rc != SALESPLAN_OK)
        return;
    va_start(ap, fmt);
    slp_error_vset(&e, SALESPLAN_EPLAN, c->path, 0, 0, fmt, ap);
    va_end(ap);
    c->rc = slp_diag_push(c->d, &e);
}

/* 1 when element i of list `kind` is not the one its name leads to: an
 * earlier element has the same name. The setters refuse duplicates, so this
 * guards the invariant at the cost of one hash lookup. */
static int dup_before(const salesplan_plan *p, slp_names_kind kind, size_t i, const char *name)
{
    return slp_plan_name_index(p, kind, name) != (long)i;
}

static void check_period(checker *c, const salesplan_plan *p)
{
    if (!slp_name_ok(p->name)) {
        at(c, "name");
        problem(c, "name is required (1..%u characters)", SLP_NAME_MAX);
    }
    if (p->period_start == NULL || p->period_days < 1) {
        at(c, "period");
        problem(c, "period is required: a start date and 1..%d days", SLP_MAX_PERIOD_DAYS);
        return;
    }
    for (size_t i = 0; i < p->phase_count; i++) {
        at(c, "period.phases[%zu]", i);
        /* set_phases keeps them from 1 up and ascending; the period may change after */
        if (p->phases[i] > p->period_days)
            problem(c, "a phase must be at most the period's %d days; found %d", p->period_days,
                    p->phases[i]);
    }
    if (slp_plan_workdays_between(p, p->start_day, p->start_day + p->period_days) == 0) {
        at(c, "period");
        problem(c, "the period must contain at least one workday; %d day(s) from %s have none "
                   "(workdays minus holidays)", p->period_days, p->period_start);
    }
}

static void check_calendar_narrative(checker *c, const salesplan_plan *p)
{
    for (size_t i = 0; i < p->holidays.count; i++) {
        if (dup_before(p, SLP_NAMES_HOLIDAYS, i, p->holidays.items[i])) {
            at(c, "calendar.holidays[%zu]", i);
            problem(c, "holidays must be unique; found %s twice", p->holidays.items[i]);
        }
    }
    for (size_t i = 0; i < p->competitor_count; i++) {
        if (dup_before(p, SLP_NAMES_COMPETITORS, i, p->competitors[i].name)) {
            at(c, "narrative.competitors[%zu].name", i);
            problem(c, "competitor names must be unique; found \"%s\" twice",
                    p->competitors[i].name);
        }
    }
}

static void check_target(checker *c, const salesplan_plan *p)
{
    if (!(p->target_revenue > 0.0) || !isfinite(p->target_revenue)) {
        at(c, "target.revenue");
        problem(c, "target.revenue is required (a number > 0)");
    }
    if (p->seasonality_count > 0 && p->period_start != NULL) {
        size_t slices = slp_plan_month_slice_count(p);
        if (slices != p->seasonality_count) {
            at(c, "target.seasonality");
            problem(c, "seasonality needs one weight per month slice of the period (%zu); "
                       "found %zu", slices, p->seasonality_count);
        }
    }
    if (!(p->deal_size > 0.0) || !isfinite(p->deal_size)) {
        at(c, "deal.average_size");
        problem(c, "deal.average_size is required (a number > 0)");
    }
}

static void check_stages(checker *c, const salesplan_plan *p)
{
    size_t n = p->stage_count;
    if (n < 2) {
        at(c, "funnel.stages");
        problem(c, "the funnel needs at least 2 stages (the last is the won stage); found %zu", n);
    }
    for (size_t i = 0; i < n; i++) {
        const slp_stage *s = &p->stages[i];
        if (dup_before(p, SLP_NAMES_STAGES, i, s->name)) {
            at(c, "funnel.stages[%zu].name", i);
            problem(c, "stage names must be unique; found \"%s\" twice", s->name);
        }
        at(c, "funnel.stages[%zu].conversion", i);
        if (i + 1 == n && !isnan(s->conversion))
            problem(c, "the last stage is the won stage and has no conversion; found %.17g",
                    s->conversion);
        else if (i + 1 < n && isnan(s->conversion))
            problem(c, "stage \"%s\" needs a conversion in (0, 1]: only the last (won) stage "
                       "has none", s->name);
    }
    if (p->opportunity >= 0) {
        if ((size_t)p->opportunity >= n) {
            at(c, "funnel.stages");
            problem(c, "the opportunity stage index %ld is past the %zu stage(s)", p->opportunity,
                    n);
        } else if (n >= 2 && (size_t)p->opportunity + 1 == n) {
            at(c, "funnel.stages[%ld].opportunity", p->opportunity);
            problem(c, "the won stage \"%s\" cannot be the opportunity stage",
                    p->stages[p->opportunity].name);
        }
    }
}

/* Resolve a reference to a non-won stage; reports at the current path. */
static void check_stage_ref(checker *c, const salesplan_plan *p, const char *name, const char *what)
{
    long k = slp_plan_stage_index(p, name);
    if (k < 0)
        problem(c, "%s must name a funnel stage; found \"%s\"", what, name);
    else if ((size_t)k + 1 == p->stage_count)
        problem(c, "%s cannot be the won stage; found \"%s\"", what, name);
}

static void check_pipeline_activities(checker *c, const salesplan_plan *p)
{
    for (size_t i = 0; i < p->pipeline_count; i++) {
        const slp_pipeline_entry *e = &p->pipeline[i];
        at(c, "pipeline.%s", e->stage);
        if (dup_before(p, SLP_NAMES_PIPELINE, i, e->stage))
            problem(c, "pipeline stages must be unique; found \"%s\" twice", e->stage);
        check_stage_ref(c, p, e->stage, "a pipeline key");
        if (e->deals < 0)
            problem(c, "a pipeline count must be >= 0; found %lld", e->deals);
    }
    for (size_t i = 0; i < p->activity_count; i++) {
        const slp_activity *a = &p->activities[i];
        if (dup_before(p, SLP_NAMES_ACTIVITIES, i, a->name)) {
            at(c, "activities[%zu].name", i);
            problem(c, "activity names must be unique; found \"%s\" twice", a->name);
        }
        at(c, "activities[%zu].stage", i);
        check_stage_ref(c, p, a->stage, "an activity's stage");
        if (a->role != NULL && slp_plan_role_index(p, a->role) < 0) {
            at(c, "activities[%zu].role", i);
            problem(c, "an activity's role must name a team role; found \"%s\"", a->role);
        }
    }
}

static void check_team(checker *c, const salesplan_plan *p)
{
    for (size_t i = 0; i < p->role_count; i++) {
        if (dup_before(p, SLP_NAMES_ROLES, i, p->roles[i].name)) {
            at(c, "team.roles[%zu].name", i);
            problem(c, "role names must be unique; found \"%s\" twice", p->roles[i].name);
        }
    }
    for (size_t i = 0; i < p->rep_count; i++) {
        const slp_rep *r = &p->reps[i];
        if (dup_before(p, SLP_NAMES_REPS, i, r->name)) {
            at(c, "team.reps[%zu].name", i);
            problem(c, "rep names must be unique; found \"%s\" twice", r->name);
        }
        if (slp_plan_role_index(p, r->role) < 0) {
            at(c, "team.reps[%zu].role", i);
            problem(c, "a rep's role must name a team role; found \"%s\"", r->role);
        }
        if (p->period_start == NULL)
            continue;
        /* A rep starting after the period (a hire planned for later) is allowed:
         * the ramp factor is 0 before the start, so the rep adds nothing. */
        if (r->start == NULL && slp_add_months(p->start_day, -(long)r->tenure_months) <
                                           slp_days_from_civil(1, 1, 1)) {
            at(c, "team.reps[%zu].tenure_months", i);
            problem(c, "tenure_months puts the rep's start before 0001-01-01; found %d",
                    r->tenure_months);
        }
    }
}

/* The checks, in plan order (the order of the problems). */
static void (*const checks[])(checker *c, const salesplan_plan *p) = {
    check_period, check_calendar_narrative, check_target, check_stages, check_pipeline_activities,
    check_team};

int slp_plan_check_into(const salesplan_plan *p, salesplan_diagnostics *d)
{
    if (p == NULL || d == NULL)
        return SALESPLAN_EINVAL;
    checker c;
    c.d = d;
    c.rc = SALESPLAN_OK;
    c.path[0] = '\0';
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++)
        checks[i](&c, p);
    return c.rc;
}

salesplan_status salesplan_plan_check(salesplan_diagnostics **out, const salesplan_plan *p)
{
    if (out == NULL)
        return SALESPLAN_EINVAL;
    *out = NULL;
    if (p == NULL)
        return SALESPLAN_EINVAL;
    salesplan_diagnostics *d;
    if (slp_diag_new(&d) != SALESPLAN_OK)
        return SALESPLAN_ENOMEM;
    int rc = slp_plan_check_into(p, d);
    if (rc != SALESPLAN_OK) {
        salesplan_diagnostics_free(d);
        return (salesplan_status)rc;
    }
    *out = d;
    return salesplan_diagnostics_count(d) > 0 ? SALESPLAN_EPLAN : SALESPLAN_OK;
}
