/* Internal view of the plan model: the struct behind the opaque
 * salesplan_plan handle, its limits, and helpers shared by the loader,
 * the writer and the engine. Not installed. */
#ifndef SLP_PLAN_MODEL_H
#define SLP_PLAN_MODEL_H

#include <math.h>
#include <stddef.h>

#include "common/date.h"
#include "model/name_set.h"
#include "salesplan/common.h"
#include "salesplan/plan.h"

/* ---- limits (SALESPLAN_EINVAL past a length, SALESPLAN_ELIMIT past a count) */
#define SLP_NAME_MAX 200u         /* names: 1..200 characters (UTF-8 code points) */
#define SLP_TEXT_MAX 10000u       /* free text: up to 10000 characters */
#define SLP_MAX_STAGES 1000u      /* funnel stages */
#define SLP_MAX_ITEMS 10000u      /* activities, roles, reps, competitors, holidays,
                                     list items, skills, pipeline entries, ramp
                                     factors, seasonality weights, extensions */
#define SLP_MAX_PHASES 3660u      /* phase boundaries */
#define SLP_MAX_PERIOD_DAYS 3660  /* period.days upper bound */
#define SLP_MAX_TENURE_MONTHS 12000 /* tenure_months upper bound (1000 years) */
#define SLP_MAX_EXTENSION_JSON (16u * 1024u * 1024u) /* bytes of one extension value */
#define SLP_DEFAULT_MINUTES_PER_DAY 360.0
#define SLP_NAN ((double)NAN)         /* NAN as a double (NAN itself is a float) */
#define SLP_INF ((double)INFINITY)

/* A growable list of owned strings. */
typedef struct slp_strlist {
    char **items;
    size_t count;
    size_t cap;
} slp_strlist;

typedef struct slp_competitor {
    char *name;
    int kind;    /* salesplan_competitor_kind */
    char *notes; /* NULL when absent */
} slp_competitor;

typedef struct slp_stage {
    char *name;
    double conversion;       /* NaN: none (the won stage) */
    double days;             /* >= 0 */
    long long obs_advanced;  /* -1 when no history */
    long long obs_lost;      /* -1 when no history */
} slp_stage;

typedef struct slp_pipeline_entry {
    char *stage;
    long long deals;
} slp_pipeline_entry;

typedef struct slp_activity {
    char *name;
    char *stage;
    double per_entry;
    double share;   /* default 1 */
    char *role;     /* NULL when absent */
    double minutes; /* NaN when absent */
    slp_strlist skills;
} slp_activity;

typedef struct slp_role {
    char *name;
    double *ramp;
    size_t ramp_count;
    double quota_monthly;   /* 0: no quota */
    double minutes_per_day; /* default 360 */
} slp_role;

typedef struct slp_rep {
    char *name;
    char *role;
    char *start;       /* NULL when given by tenure */
    slp_day start_day; /* valid when start != NULL */
    int tenure_months; /* -1 when given by start */
    double territory_weight;
} slp_rep;

/* The plan's name sets, one per list whose names (or dates, keys) must be
 * unique: each maps a name to its element's index (model/plan_names.c). */
typedef enum slp_names_kind {
    SLP_NAMES_HOLIDAYS,
    SLP_NAMES_COMPETITORS,
    SLP_NAMES_STAGES,
    SLP_NAMES_PIPELINE,
    SLP_NAMES_ACTIVITIES,
    SLP_NAMES_ROLES,
    SLP_NAMES_REPS,
    SLP_NAMES_EXTENSIONS,
    SLP_NAMES_KINDS
} slp_names_kind;

typedef struct slp_extension {
    char *key;
    char *json;
} slp_extension;

struct salesplan_plan {
    char *name;
    char currency[4];

    char *period_start; /* NULL when unset; canonical YYYY-MM-DD */
    slp_day start_day;  /* valid when period_start != NULL */
    int period_days;    /* 0 when unset */
    int *phases;        /* explicit phases; none means the default */
    size_t phase_count;

    unsigned workdays;  /* mask of salesplan_weekday bits */
    slp_strlist holidays; /* canonical dates */

    char *text[4];      /* indexed by salesplan_text_field; NULL when absent */
    slp_competitor *competitors;
    size_t competitor_count, competitor_cap;
    slp_strlist lists[2]; /* indexed by salesplan_list */

    double target_revenue; /* NaN when unset */
    int target_kind;
    double over_assignment;
    double *seasonality;
    size_t seasonality_count;
    double deal_size;      /* NaN when unset */
    double deal_size_cv;
    double confidence;     /* NaN when absent */

    slp_stage *stages;
    size_t stage_count, stage_cap;
    long opportunity;      /* -1: none flagged */
    slp_pipeline_entry *pipeline;
    size_t pipeline_count, pipeline_cap;
    slp_activity *activities;
    size_t activity_count, activity_cap;

    slp_role *roles;
    size_t role_count, role_cap;
    slp_rep *reps;
    size_t rep_count, rep_cap;
    double attrition_monthly;
    double expected_attainment;

    double economics[4];   /* indexed by salesplan_economics_field; NaN when absent */

    slp_extension *extensions;
    size_t extension_count, extension_cap;

    slp_name_set names[SLP_NAMES_KINDS]; /* kept in step by every setter */
};

/* ---- value rules (model/plan_rules.c): each rule's text is stated once -- */
typedef enum slp_rule {
    SLP_RULE_PLAN,    /* a NULL plan */
    SLP_RULE_OUT,     /* a NULL out-parameter */
    SLP_RULE_ARRAY,   /* a NULL array with a count */
    SLP_RULE_INDEX,   /* an element index out of range (SALESPLAN_ERANGE) */
    SLP_RULE_LIMIT,   /* a count limit (SALESPLAN_ELIMIT) */
    SLP_RULE_NAME,
    SLP_RULE_TEXT,
    SLP_RULE_ITEM_TEXT,
    SLP_RULE_CURRENCY,
    SLP_RULE_DATE,
    SLP_RULE_PERIOD_DAYS,
    SLP_RULE_PERIOD_END,
    SLP_RULE_PHASE,
    SLP_RULE_WORKDAYS,
    SLP_RULE_WEEKDAY_BITS,
    SLP_RULE_HOLIDAY_TWICE,
    SLP_RULE_ENUM,
    SLP_RULE_UNIQUE_COMPETITOR,
    SLP_RULE_UNIQUE_STAGE,
    SLP_RULE_UNIQUE_ACTIVITY,
    SLP_RULE_UNIQUE_ROLE,
    SLP_RULE_UNIQUE_REP,
    SLP_RULE_REVENUE,
    SLP_RULE_OVER_ASSIGNMENT,
    SLP_RULE_SEASONALITY,
    SLP_RULE_DEAL_SIZE,
    SLP_RULE_DEAL_SIZE_CV,
    SLP_RULE_CONFIDENCE,
    SLP_RULE_CONVERSION,
    SLP_RULE_STAGE_DAYS,
    SLP_RULE_PIPELINE,
    SLP_RULE_PER_ENTRY,
    SLP_RULE_SHARE,
    SLP_RULE_MINUTES,
    SLP_RULE_RAMP,
    SLP_RULE_QUOTA,
    SLP_RULE_MINUTES_PER_DAY,
    SLP_RULE_TENURE,
    SLP_RULE_TERRITORY_WEIGHT,
    SLP_RULE_ATTRITION,
    SLP_RULE_ATTAINMENT,
    SLP_RULE_ECON_POSITIVE,
    SLP_RULE_ECON_UNIT,
    SLP_RULE_EXTENSION_KEY,
    SLP_RULE_EXTENSION_JSON,
    SLP_RULE_EXTENSION_SIZE,
    SLP_RULE_COUNT
} slp_rule;

/* Where a value sits in the plan, expanded only on refusal: in `tmpl` each
 * '#' is replaced by the next of i, j and '@' by s, e.g.
 * {"team.roles[#].ramp[#]", 1, 3, NULL} is team.roles[1].ramp[3]. */
typedef struct slp_at {
    const char *tmpl;
    size_t i, j;
    const char *s;
} slp_at;
#define SLP_AT(tmpl) (&(const slp_at){(tmpl), 0, 0, NULL})
#define SLP_AT1(tmpl, i) (&(const slp_at){(tmpl), (i), 0, NULL})
#define SLP_AT2(tmpl, i, j) (&(const slp_at){(tmpl), (i), (j), NULL})
#define SLP_ATS(tmpl, s) (&(const slp_at){(tmpl), 0, 0, (s)})

/* 1 when `s` is a valid name: non-NULL, 1..SLP_NAME_MAX characters. */
int slp_name_ok(const char *s);
/* 1 when `s` is valid free text: non-NULL, min_chars..SLP_TEXT_MAX characters. */
int slp_text_ok(const char *s, size_t min_chars);
/* 1 when `x` is finite and lo < x (or lo <= x with lo_incl) and x < hi (or <=). */
int slp_in_range(double x, double lo, int lo_incl, double hi, int hi_incl);
/* 1 when x obeys the range of numeric rule `id`. */
int slp_rule_ok(slp_rule id, double x);
/* x with -0.0 turned into +0.0. */
double slp_no_negzero(double x);

/* Refuse a value: fill `err` (NULL allowed) with `code`, the path `at` and
 * "<rule>; found <found>"; return `code`. */
int slp_refuse(salesplan_error *err, int code, slp_rule id, const slp_at *at, const char *found);
/* The same with the value found written from a number, an integer or a text
 * (SALESPLAN_EINVAL). */
int slp_refuse_num(salesplan_error *err, slp_rule id, const slp_at *at, double x);
int slp_refuse_int(salesplan_error *err, slp_rule id, const slp_at *at, long long x);
int slp_refuse_text(salesplan_error *err, slp_rule id, const slp_at *at, const char *s);
/* A text as a message shows it: quoted, at most 40 characters, NULL and
 * ill-formed UTF-8 named. */
void slp_describe_text(const char *s, char *out, size_t size);
/* Checks that return SALESPLAN_OK or refuse as above. */
int slp_check_num(salesplan_error *err, slp_rule id, const slp_at *at, double x);
int slp_check_name(salesplan_error *err, const slp_at *at, const char *s);
int slp_check_text(salesplan_error *err, slp_rule id, const slp_at *at, const char *s);
int slp_check_date(salesplan_error *err, const slp_at *at, const char *s, slp_day *out);
/* Clear `err`; SALESPLAN_EINVAL (refused) for a NULL plan. */
int slp_check_plan(salesplan_error *err, const salesplan_plan *p);
/* slp_check_plan, then SALESPLAN_ERANGE unless i < count (path list->tmpl with i). */
int slp_check_index(salesplan_error *err, const salesplan_plan *p, const slp_at *list, size_t i,
                    size_t count);
/* SALESPLAN_ELIMIT unless count < max: one more item would break a limit. */
int slp_check_room(salesplan_error *err, const slp_at *at, size_t count, size_t max);
/* A name for a new element of list `kind`: valid, and not taken (rule `dup`). */
int slp_check_new_name(salesplan_error *err, const salesplan_plan *p, slp_names_kind kind,
                       slp_rule dup, const slp_at *at, const char *name);
/* The body of a numeric setter: check p and x against rule `id` (NaN clears
 * *slot when nan_clears), then store x with -0 made +0. */
salesplan_status slp_set_num(salesplan_plan *p, double *slot, double x, slp_rule id,
                             const slp_at *at, int nan_clears, salesplan_error *err);

/* Body of an indexed getter: *out = absent, then EINVAL for a NULL out or
 * plan, ERANGE unless i < p->COUNT, else *out = expr and OK. */
#define SLP_GET_ITEM(out, p, i, COUNT, absent, expr)  \
    do {                                              \
        if ((out) == NULL)                            \
            return SALESPLAN_EINVAL;                  \
        *(out) = (absent);                            \
        if ((p) == NULL)                              \
            return SALESPLAN_EINVAL;                  \
        if ((i) >= (p)->COUNT)                        \
            return SALESPLAN_ERANGE;                  \
        *(out) = (expr);                              \
        return SALESPLAN_OK;                          \
    } while (0)

/* The setter and the getter of a scalar number of the plan (member `m`,
 * value rule `id`, plan path `path`; NaN clears it when nan_clears). */
#define SLP_NUMBER_FIELD(SET, GET, m, id, path, nan_clears)                                    \
    salesplan_status SET(salesplan_plan *p, double x, salesplan_error *err)                   \
    {                                                                                         \
        return slp_set_num(p, p ? &p->m : NULL, x, id, SLP_AT(path), nan_clears, err);        \
    }                                                                                         \
    double GET(const salesplan_plan *p)                                                       \
    {                                                                                         \
        return p ? p->m : SLP_NAN;                                                            \
    }

/* ---- value accessors (model/plan_get.c) --------------------------------- */
/* The value an indexed getter writes (its absent value for a bad index),
 * for callers that walk the lists by index. */
typedef salesplan_status (*slp_num_getter)(double *, const salesplan_plan *, size_t);
typedef salesplan_status (*slp_text_getter)(const char **, const salesplan_plan *, size_t);
typedef salesplan_status (*slp_long_getter)(long *, const salesplan_plan *, size_t);
typedef salesplan_status (*slp_llong_getter)(long long *, const salesplan_plan *, size_t);
typedef salesplan_status (*slp_size_getter)(size_t *, const salesplan_plan *, size_t);
double slp_num_at(slp_num_getter get, const salesplan_plan *p, size_t i);
const char *slp_text_at(slp_text_getter get, const salesplan_plan *p, size_t i);
long slp_long_at(slp_long_getter get, const salesplan_plan *p, size_t i);
long long slp_llong_at(slp_llong_getter get, const salesplan_plan *p, size_t i);
size_t slp_size_at(slp_size_getter get, const salesplan_plan *p, size_t i);
const char *slp_list_item_at(const salesplan_plan *p, salesplan_list list, size_t i);
const char *slp_skill_at(const salesplan_plan *p, size_t i, size_t j);
double slp_ramp_at(const salesplan_plan *p, size_t i, size_t m);
salesplan_competitor_kind slp_competitor_kind_at(const salesplan_plan *p, size_t i);

/* ---- owned strings and string lists -------------------------------------- */
/* *dst = a copy of src, or NULL when src is NULL; 0, or -1 on ENOMEM. */
int slp_str_dup_opt(char **dst, const char *src);
/* Replace *slot by a copy of s (NULL allowed); nothing changes on ENOMEM.
 * Returns SALESPLAN_OK or SALESPLAN_ENOMEM. */
int slp_str_replace(char **slot, const char *s);
void slp_strlist_free(slp_strlist *l);
/* Append a copy of s; SALESPLAN_ELIMIT past SLP_MAX_ITEMS, SALESPLAN_ENOMEM. */
int slp_strlist_push(slp_strlist *l, const char *s);
/* Deep copy; on failure `dst` is left empty. */
int slp_strlist_copy(slp_strlist *dst, const slp_strlist *src);
/* *out = a copy of v[0..n) (NULL when n is 0, -0 made +0) after checking
 * the plan, the array, the count limit and every value against rule `id`;
 * a refused value k is named by `at` with k for its last '#'. */
int slp_copy_numbers(double **out, const salesplan_plan *p, const double *v, size_t n,
                     slp_rule id, const slp_at *at, salesplan_error *err);

/* A rep's owned strings (for the levers that drop one). */
void slp_rep_free(slp_rep *r);

/* ---- the lists of named items (model/plan_lists.c) ----------------------- */
/* The number of items of list `kind` (0 for a NULL plan). */
size_t slp_plan_count(const salesplan_plan *p, slp_names_kind kind);
/* The start of an add_* to list `kind` (not the pipeline or extensions):
 * p usable and `name` a valid name not yet in the list; *n is then the new
 * item's index. SALESPLAN_OK or the refusal. */
int slp_plan_check_new_item(salesplan_error *err, const salesplan_plan *p, slp_names_kind kind,
                            const char *name, size_t *n);
/* SALESPLAN_OK when p is usable and list `kind` has an item i, else the
 * refusal (SALESPLAN_ERANGE at the item's path). */
int slp_plan_item_at(salesplan_error *err, const salesplan_plan *p, slp_names_kind kind, size_t i);
/* Set the double at offset `off` of item i of list `kind` to x (rule `id`,
 * path `tmpl` with i for its '#'; NaN clears it when nan_clears). */
salesplan_status slp_plan_set_item_num(salesplan_plan *p, slp_names_kind kind, size_t i,
                                       size_t off, double x, slp_rule id, const char *tmpl,
                                       int nan_clears, salesplan_error *err);
/* Append `item` (an slp_competitor, slp_stage, ... as `kind` says) whose
 * name `name` (owned by the item) joins the list's name set, once the list
 * is known to have room (SALESPLAN_ELIMIT at the new item's path).
 * SALESPLAN_OK, or ELIMIT / ENOMEM with the list unchanged (the item's
 * strings are then the caller's to free). */
int slp_plan_append(salesplan_plan *p, slp_names_kind kind, const void *item, const char *name,
                    salesplan_error *err);
/* Free every list of named items with all they own / drop them without
 * freeing: both leave empty lists. */
void slp_plan_free_lists(salesplan_plan *p);
void slp_plan_forget_lists(salesplan_plan *p);
/* Free what item `it` of list `kind` owns (its strings, skills, ramp). */
void slp_plan_item_free(slp_names_kind kind, void *it);
/* Deep copies of every list of `src` into `dst`, whose lists are empty. On
 * ENOMEM `dst` stays freeable with salesplan_plan_free(). */
int slp_plan_copy_lists(salesplan_plan *dst, const salesplan_plan *src);

/* ---- derived facts for the check, the loader and the engine -------------- */
/* Default phases (those of 30, 60, 90 that are <= days) into out; returns
 * their count (0 when the period is unset). */
int slp_plan_default_phases(const salesplan_plan *p, int out[3]);
/* Effective phases: explicit ones if any, else the defaults. Returns the
 * count written to out (at most `cap`). */
size_t slp_plan_phases(const salesplan_plan *p, int *out, size_t cap);
/* Number of month slices of the period (0 when unset). */
size_t slp_plan_month_slice_count(const salesplan_plan *p);
/* Number of workdays in days [from, to) (day numbers). */
long slp_plan_workdays_between(const salesplan_plan *p, slp_day from, slp_day to);
/* Start day of rep i: its start date, or period start minus tenure months.
 * Returns 0 and sets *out, or -1 (no period for a tenure rep, out of range,
 * or a start before 0001-01-01). */
int slp_plan_rep_start_day(const salesplan_plan *p, size_t i, slp_day *out);

/* ---- name lookups (model/plan_names.c): O(1) through the name sets ------ */
/* Index of the element of list `kind` named `name`, -1 when none (or NULL). */
long slp_plan_name_index(const salesplan_plan *p, slp_names_kind kind, const char *name);
/* Index of the stage / role named `name`, -1 when none. */
long slp_plan_stage_index(const salesplan_plan *p, const char *name);
long slp_plan_role_index(const salesplan_plan *p, const char *name);
/* Record that element `index` of list `kind` is named `name` (the element's
 * own string). SALESPLAN_OK or SALESPLAN_ENOMEM (nothing recorded). */
int slp_plan_name_add(salesplan_plan *p, slp_names_kind kind, const char *name, size_t index);
/* Forget the names of list `kind` (the list was emptied). */
void slp_plan_names_clear(salesplan_plan *p, slp_names_kind kind);
/* Rebuild every name set from the lists (after a copy). SALESPLAN_OK or
 * SALESPLAN_ENOMEM. */
int slp_plan_names_rebuild(salesplan_plan *p);
void slp_plan_names_free(salesplan_plan *p);

/* ---- checking -------------------------------------------------------------- */
/* Append every model problem of `p` to `d` (SALESPLAN_EPLAN each, line/column 0),
 * in plan order. Returns SALESPLAN_OK (whether or not problems were found),
 * SALESPLAN_EINVAL for NULL arguments, or SALESPLAN_ENOMEM. */
int slp_plan_check_into(const salesplan_plan *p, salesplan_diagnostics *d);

#endif
