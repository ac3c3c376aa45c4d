/* Internal: the structs behind <salesplan/scenario.h>'s comparison and
 * sensitivity handles, and the helpers their files share.
 *
 *   scenario_figures.c    compute (and simulate) one plan into figures
 *   compare.c             salesplan_compare(): rows of figures side by side
 *   compare_render.c      Markdown, JSON, CSV of a comparison
 *   levers.c              the levers: a clone of the plan with one value moved
 *   sensitivity.c         salesplan_sensitivity_run(): outputs per lever, ranking
 *   sensitivity_render.c  JSON and Markdown of an analysis
 *   sensitivity_svg.c     the tornado chart
 * Not installed. */
#ifndef SLP_SCENARIO_INTERNAL_H
#define SLP_SCENARIO_INTERNAL_H

#include <stddef.h>

#include "common/strbuf.h"
#include "json/json_write.h"
#include "salesplan/scenario.h"

/* ---- figures of one plan (scenario_figures.c) ---- */

/* Check a caller's options (NULL: defaults) into *o. */
int slp_scenario_options(const salesplan_scenario_options *in, salesplan_scenario_options *o,
                         salesplan_error *err);
/* Compute `p` (default compute options) into *res, and with o->trials > 0
 * simulate it (with the run at capacity when `capacity`; NULL sim when
 * trials is 0). */
int slp_scenario_run(const salesplan_plan *p, const salesplan_scenario_options *o, int capacity,
                     salesplan_result **res, salesplan_simulation **sim, salesplan_error *err);

/* ---- comparison ---- */
typedef struct slp_cmp_row {
    salesplan_comparison_row pub; /* what callers see: points at the fields below */
    char *key;
    char *label;
    double *vals;                 /* 2n: values, then differences */
} slp_cmp_row;

struct salesplan_comparison {
    size_t n;                      /* plans */
    char **labels;                 /* n */
    slp_cmp_row *rows;
    size_t row_count, row_cap;
};

/* ---- sensitivity ---- */
#define SLP_SENS_OUTPUTS 6
enum {
    SLP_OUT_DEALS,
    SLP_OUT_ENTRIES,
    SLP_OUT_ACTIVITY,
    SLP_OUT_HIRES,
    SLP_OUT_GAP,
    SLP_OUT_PHIT
};
extern const char *const slp_sens_output_names[SLP_SENS_OUTPUTS];

/* A lever's description and its two moved plans (levers.c). */
typedef struct slp_lever {
    char *name;
    char *path;
    double base, low, high;
    salesplan_plan *lo, *hi; /* owned; freed after use */
} slp_lever;

/* All the levers of `p` for relative step `step` (0 < step < 1): *out is an
 * array of *n levers with both plans built. */
int slp_levers_build(const salesplan_plan *p, double step, slp_lever **out, size_t *n,
                     salesplan_error *err);
void slp_levers_free(slp_lever *l, size_t n);

struct salesplan_sensitivity {
    size_t nout;                    /* outputs in use: 5, or 6 with p_hit */
    double base[SLP_SENS_OUTPUTS];
    int rank_by;                    /* output index */
    double step;
    unsigned long long trials, seed;
    char *activity;                 /* the activity of SLP_OUT_ACTIVITY, or NULL */
    salesplan_sensitivity_lever *levers; /* in rank order */
    char **texts;                   /* 2 per lever: its name and path (owned) */
    salesplan_sensitivity_output *outs;  /* nlev · SLP_SENS_OUTPUTS */
    size_t nlev;
    char *currency;
    char *name;
};

/* Output k's value v for people (sensitivity_fmt.c): a percentage for p_hit,
 * else grouped with `decimals` places, trailing zeros dropped; `absent` when v
 * is NaN. */
void slp_sens_value_text(char *buf, size_t size, int k, double v, int decimals, const char *absent);

/* The writers of a salesplan_sensitivity (`obj`) behind salesplan_sensitivity_render()
 * (render/render_doc.h): the JSON document's members, Markdown and the
 * tornado chart (SVG). */
void slp_sensitivity_json(slp_jw *w, const void *obj);
int slp_sensitivity_markdown(const void *obj, slp_strbuf *sb, salesplan_error *err);
int slp_sensitivity_svg(const void *obj, slp_strbuf *sb, salesplan_error *err);

#endif
