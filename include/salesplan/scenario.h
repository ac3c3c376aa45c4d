/**
 * @file salesplan/scenario.h
 * @brief Scenarios (a plan plus JSON Merge Patches), comparison of plans and
 * one-lever-at-a-time sensitivity (SPEC §13).
 *
 * Include <salesplan.h> rather than this file directly. docs/scenarios.md
 * describes the rules with worked examples.
 */
#ifndef SALESPLAN_SCENARIO_H
#define SALESPLAN_SCENARIO_H

#include "salesplan/common.h"
#include "salesplan/plan.h"
#include "salesplan/result.h"
#include "salesplan/simulate.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup salesplan_scenario Scenarios, comparison and sensitivity
 *  @{
 */

/**
 * @brief JSON Merge Patch (RFC 7386) of two JSON texts.
 *
 * A patch that is not an object replaces the document; an object patch sets
 * each of its members in the document (merging objects recursively), and a
 * member whose value is null removes that member. Arrays are replaced whole.
 * The document's members keep their order; new members follow in the
 * patch's order. Numbers are copied as written.
 *
 * @param out       Receives the merged JSON text, NUL-terminated; free with
 *                  salesplan_free(). NULL on failure.
 * @param len       Optional; receives the length without the NUL.
 * @param doc       The document (any JSON value), doc_len bytes, UTF-8.
 * @param patch     The patch (any JSON value), patch_len bytes.
 * @param err       Optional; for a syntax error the message starts with
 *                  "document: " or "patch: " and line/column are in that text.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (NULL out, NULL text with a length),
 *         SALESPLAN_ESYNTAX, SALESPLAN_ELIMIT (a text over the JSON limits, or
 *         a merged document nesting deeper than 32 containers), SALESPLAN_ENOMEM.
 * Thread-safe.
 */
SALESPLAN_API salesplan_status salesplan_json_merge_patch(char **out, size_t *len,
                                                          const char *doc, size_t doc_len,
                                                          const char *patch, size_t patch_len,
                                                          salesplan_error *err);

/**
 * @brief Load a plan file with patches applied in order (a scenario).
 *
 * The patches are merged into the plan text (salesplan_json_merge_patch(),
 * first patch first) and the merged text is read and validated as one plan
 * file. Problems name paths in the merged plan. Their line and column point
 * at the source of the value: the last patch that sets that path (then the
 * message starts with "patch N: ", N counting from 1), else the plan file;
 * a value no source holds exactly (a required member that is missing) is
 * located at its deepest enclosing value, preferring the patches.
 *
 * @param out        Receives the plan (free with salesplan_plan_free()); NULL on failure.
 * @param plan_json  The plan file's text, len bytes.
 * @param patches    npatches patch texts (may be NULL when npatches is 0).
 * @param patch_lens Their lengths.
 * @param err        Optional; the first problem.
 * @return As salesplan_plan_load_buffer(), plus the errors of
 *         salesplan_json_merge_patch(). Thread-safe.
 */
SALESPLAN_API salesplan_status salesplan_plan_load_patched(salesplan_plan **out,
                                                           const char *plan_json, size_t len,
                                                           const char *const *patches,
                                                           const size_t *patch_lens,
                                                           size_t npatches,
                                                           salesplan_error *err);

/**
 * @brief Every problem of a patched plan, located as in salesplan_plan_load_patched().
 * @param out Receives the list (free with salesplan_diagnostics_free()), empty
 *            when the patched plan is valid; NULL only on SALESPLAN_ENOMEM or
 *            SALESPLAN_EINVAL (NULL out).
 * @return SALESPLAN_OK when valid, else the code of the first problem. Thread-safe.
 */
SALESPLAN_API salesplan_status salesplan_plan_validate_patched(salesplan_diagnostics **out,
                                                               const char *plan_json, size_t len,
                                                               const char *const *patches,
                                                               const size_t *patch_lens,
                                                               size_t npatches);

/**
 * @brief A new plan: `base` written as a plan file, `patch` merged into it, read back.
 * @param out   Receives the plan (free with salesplan_plan_free()); NULL on failure.
 * @param base  The plan, unchanged.
 * @param patch The patch text (a JSON object to change the plan), len bytes.
 * @param err   Optional; problems located in the patch as in salesplan_plan_load_patched().
 * @return As salesplan_plan_load_patched(). Thread-safe on a const base.
 */
SALESPLAN_API salesplan_status salesplan_plan_patched(salesplan_plan **out,
                                                      const salesplan_plan *base,
                                                      const char *patch, size_t len,
                                                      salesplan_error *err);


/* ---- options shared by comparison and sensitivity ------------------------ */

/** Version of salesplan_scenario_options understood by this header. */
#define SALESPLAN_SCENARIO_OPTIONS_VERSION 1

/**
 * @brief Options of salesplan_compare() and salesplan_sensitivity_run();
 * initialise with SALESPLAN_SCENARIO_OPTIONS_INIT or
 * salesplan_scenario_options_init(). New fields are only appended.
 */
typedef struct salesplan_scenario_options {
    unsigned version;          /**< SALESPLAN_SCENARIO_OPTIONS_VERSION. */
    unsigned long long trials; /**< Trials of each simulation; 0 (default): no P(hit). */
    unsigned long long seed;   /**< Seed of every simulation (common random numbers); default 1. */
    unsigned threads;          /**< Threads of each simulation; 0 = one per CPU. */
    double step;               /**< Sensitivity: relative step of each lever, in (0, 1);
                                    default 0.1 (-10% and +10%). */
    const char *rank_by;       /**< Sensitivity: the output whose swing ranks the levers
                                    (see salesplan_sensitivity_run()); NULL = "deals_needed". */
    const char *activity;      /**< Sensitivity: the activity of the output
                                    "activity_per_rep_per_workday"; NULL = the first. */
} salesplan_scenario_options;

/** Static initialiser (the defaults). */
#define SALESPLAN_SCENARIO_OPTIONS_INIT \
    { SALESPLAN_SCENARIO_OPTIONS_VERSION, 0ULL, 1ULL, 0u, 0.1, NULL, NULL }

/**
 * @brief Initialise options to their defaults.
 * @return SALESPLAN_OK, or SALESPLAN_EINVAL for NULL or an unknown version. Thread-safe.
 */
SALESPLAN_API salesplan_status salesplan_scenario_options_init(salesplan_scenario_options *opts,
                                                              unsigned version);

/* ---- comparison ---------------------------------------------------------- */

/** Opaque comparison of plans; free with salesplan_comparison_free(). */
typedef struct salesplan_comparison salesplan_comparison;

/** One figure of every plan, and its difference to the first plan's. */
typedef struct salesplan_comparison_row {
    const char *key;           /**< Stable key: "target.deals_needed",
                                    "stages.Lead.required", "metrics.win_rate",
                                    "simulation.p_hit"... (docs/scenarios.md). */
    const char *label;         /**< Plain-language label. */
    const double *values;      /**< One per plan; NaN where the plan has no such figure. */
    const double *differences; /**< values[i] - values[0]; NaN where either is absent. */
} salesplan_comparison_row;

/**
 * @brief Compute plans and put their headline figures side by side (SPEC §13).
 *
 * Rows: target, team quota, deals needed, deals expected from the pipeline;
 * entries needed per stage; activities per rep per workday; headcount and
 * hires per role; unassigned quota; capacity (expected, coverage, gap, hires,
 * hires in all); the metrics; and with opts->trials > 0, P(hit) of a
 * simulation of each plan and P(hit) at the team's capacity (same seed and
 * trials for every plan). Named rows (stages, activities, roles) follow the
 * first plan's order, then names only later plans have.
 *
 * @param out    Receives the comparison; NULL on failure.
 * @param plans  n plans (n >= 1), unchanged.
 * @param labels n column labels, or NULL for the plans' names.
 * @param opts   NULL for the defaults (no simulation).
 * @param err    Optional; a plan that cannot be computed is named ("plan 2: ...").
 * @return SALESPLAN_OK, SALESPLAN_EINVAL, the errors of salesplan_compute() and
 *         salesplan_simulate(), SALESPLAN_ENOMEM. Thread-safe.
 */
SALESPLAN_API salesplan_status salesplan_compare(salesplan_comparison **out,
                                                 const salesplan_plan *const *plans,
                                                 const char *const *labels, size_t n,
                                                 const salesplan_scenario_options *opts,
                                                 salesplan_error *err);

/** @brief Free a comparison. NULL is a no-op. */
SALESPLAN_API void salesplan_comparison_free(salesplan_comparison *c);
/** @brief Number of plans (columns); 0 for NULL. */
SALESPLAN_API size_t salesplan_comparison_plan_count(const salesplan_comparison *c);
/** @brief Label of column i (borrowed), NULL when out of range. */
SALESPLAN_API const char *salesplan_comparison_label(const salesplan_comparison *c, size_t i);
/** @brief Number of rows; 0 for NULL. */
SALESPLAN_API size_t salesplan_comparison_row_count(const salesplan_comparison *c);
/** @brief Row i (borrowed until salesplan_comparison_free()), NULL when out of range. */
SALESPLAN_API const salesplan_comparison_row *salesplan_comparison_row_get(
    const salesplan_comparison *c, size_t i);

/**
 * @brief Render a comparison: SALESPLAN_FORMAT_MARKDOWN (a table, each later
 * plan's figure with its difference to the first), SALESPLAN_FORMAT_JSON
 * ({"scenarios": [...], "figures": [{"key", "label", "values", "difference"}]})
 * or SALESPLAN_FORMAT_CSV (key, label, one column per plan, then one
 * difference column per later plan).
 * @param out Receives NUL-terminated text (free with salesplan_free()).
 * @return SALESPLAN_OK, SALESPLAN_EINVAL, SALESPLAN_ENOMEM. Thread-safe.
 */
SALESPLAN_API salesplan_status salesplan_comparison_render(char **out, size_t *len,
                                                           const salesplan_comparison *c,
                                                           salesplan_format format,
                                                           salesplan_error *err);

/* ---- sensitivity ----------------------------------------------------------- */

/** Opaque sensitivity analysis; free with salesplan_sensitivity_free(). */
typedef struct salesplan_sensitivity salesplan_sensitivity;

/** One output at a lever's low and high settings. */
typedef struct salesplan_sensitivity_output {
    const char *name;  /**< Output name (see salesplan_sensitivity_run()). */
    double low;        /**< The output with the lever at its low value. */
    double high;       /**< ... at its high value. */
    double swing;      /**< |high - low|; NaN when either is absent. */
    double elasticity; /**< (ln high_out - ln low_out) / (ln high - ln low): d ln(output) /
                            d ln(lever) from the two sides; NaN when an output or a lever
                            value is not positive or the lever did not move. */
} salesplan_sensitivity_output;

/** One lever, moved alone. */
typedef struct salesplan_sensitivity_lever {
    const char *lever; /**< e.g. "conversion of Lead", "average deal size", "headcount of AE". */
    const char *path;  /**< Plan path it moves: "funnel.stages[0].conversion", "team.roles[1].ramp"... */
    double base;       /**< The lever's value in the plan (ramp: 1, the factors as they are). */
    double low;        /**< Its low value (clamped to the valid range). */
    double high;       /**< Its high value. */
    const salesplan_sensitivity_output *outputs; /**< salesplan_sensitivity_output_count() entries. */
} salesplan_sensitivity_lever;

/**
 * @brief One-lever-at-a-time sensitivity of a plan (SPEC §13; a tornado).
 *
 * Levers: each non-won stage's conversion and days, the average deal size,
 * the ramp (every factor of every role scaled together), the expected
 * attainment, the monthly attrition, the target revenue (each moved by
 * -step and +step relative, clamped to its valid range: conversion (0, 1],
 * ramp factors and attainment [0, 1] and (0, 1], attrition [0, 1)), and the
 * headcount of each role with reps (-1 rep: its last rep is left out; +1 rep:
 * a new rep of the role starting on the period's first day, ramping).
 * Outputs: "deals_needed", "first_stage_entries" (entries needed into the
 * first stage, exact), "activity_per_rep_per_workday" (opts->activity or the
 * first activity), "hires_needed" (capacity.hires_total), "capacity_gap", and
 * with opts->trials > 0 "p_hit" (every setting simulated with the same seed
 * and trials: common random numbers). Levers are ranked by the swing of
 * opts->rank_by, largest first; ties keep the order above.
 *
 * @param out  Receives the analysis; NULL on failure.
 * @param plan The plan, unchanged.
 * @param opts NULL for the defaults.
 * @param err  Optional.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (bad step, unknown rank_by or
 *         activity), the errors of salesplan_compute() and salesplan_simulate(),
 *         SALESPLAN_ENOMEM. Thread-safe.
 */
SALESPLAN_API salesplan_status salesplan_sensitivity_run(salesplan_sensitivity **out,
                                                     const salesplan_plan *plan,
                                                     const salesplan_scenario_options *opts,
                                                     salesplan_error *err);

/** @brief Free an analysis. NULL is a no-op. */
SALESPLAN_API void salesplan_sensitivity_free(salesplan_sensitivity *s);
/** @brief Number of outputs; 0 for NULL. */
SALESPLAN_API size_t salesplan_sensitivity_output_count(const salesplan_sensitivity *s);
/** @brief Name of output i (borrowed), NULL when out of range. */
SALESPLAN_API const char *salesplan_sensitivity_output_name(const salesplan_sensitivity *s,
                                                            size_t i);
/** @brief Output i of the plan as it is; NaN when out of range or absent. */
SALESPLAN_API double salesplan_sensitivity_base(const salesplan_sensitivity *s, size_t i);
/** @brief The output the levers are ranked by (borrowed), NULL for NULL. */
SALESPLAN_API const char *salesplan_sensitivity_rank_by(const salesplan_sensitivity *s);
/** @brief Number of levers; 0 for NULL. */
SALESPLAN_API size_t salesplan_sensitivity_lever_count(const salesplan_sensitivity *s);
/** @brief Lever i in rank order (borrowed), NULL when out of range. */
SALESPLAN_API const salesplan_sensitivity_lever *salesplan_sensitivity_lever_get(
    const salesplan_sensitivity *s, size_t i);

/**
 * @brief Render an analysis: SALESPLAN_FORMAT_JSON (SPEC §13 keys: "base",
 * "levers"[] {"lever", "path", "low", "high", "outputs" {name: {"low",
 * "high", "swing", "elasticity"}}}, plus "rank_by", "step", "trials",
 * "seed"), SALESPLAN_FORMAT_MARKDOWN (the ranked table) or
 * SALESPLAN_FORMAT_SVG (a tornado chart of the rank_by output).
 * @return SALESPLAN_OK, SALESPLAN_EINVAL, SALESPLAN_ENOMEM. Thread-safe.
 */
SALESPLAN_API salesplan_status salesplan_sensitivity_render(char **out, size_t *len,
                                                            const salesplan_sensitivity *s,
                                                            salesplan_format format,
                                                            salesplan_error *err);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* SALESPLAN_SCENARIO_H */
