/**
 * @file salesplan/result.h
 * @brief Compute a plan into a result, read its figures, render it.
 *
 * Include <salesplan.h> rather than this file directly.
 *
 * Figures that the result document reports as null are NaN in the structs
 * below (test with isnan()). The structs are read-only views owned by the
 * result: never allocate them yourself; new fields are only ever appended.
 */
#ifndef SALESPLAN_RESULT_H
#define SALESPLAN_RESULT_H

#include "salesplan/common.h"
#include "salesplan/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup salesplan_result Planning engine and result
 *  @{
 */

/** Opaque computed result; free with salesplan_result_free(). */
typedef struct salesplan_result salesplan_result;

/** How required entries are computed. */
typedef enum salesplan_mode {
    SALESPLAN_MODE_PLAN = 0,       /**< Options only: follow the plan (confidence if it has one). */
    SALESPLAN_MODE_EXPECTED = 1,   /**< Expected values: N_k = D / P_k. */
    SALESPLAN_MODE_CONFIDENCE = 2  /**< Smallest N reaching the deal count with probability q. */
} salesplan_mode;

/** Output formats of the renderers. */
typedef enum salesplan_format {
    SALESPLAN_FORMAT_JSON = 0,     /**< The result document, version 1. */
    SALESPLAN_FORMAT_MARKDOWN = 1, /**< A written sales plan. */
    SALESPLAN_FORMAT_CSV = 2,      /**< Per rep and month: daily activity targets and quota. */
    SALESPLAN_FORMAT_SVG = 3       /**< Charts (when supported by the renderer). */
} salesplan_format;

/** Version of salesplan_compute_options understood by this header. */
#define SALESPLAN_COMPUTE_OPTIONS_VERSION 1

/** Options for salesplan_compute(); initialise with SALESPLAN_COMPUTE_OPTIONS_INIT. */
typedef struct salesplan_compute_options {
    unsigned version;  /**< SALESPLAN_COMPUTE_OPTIONS_VERSION */
    int mode;          /**< A salesplan_mode; SALESPLAN_MODE_PLAN by default. */
    double confidence; /**< q in (0,1) for SALESPLAN_MODE_CONFIDENCE; 0 = the plan's. */
} salesplan_compute_options;

/** Static initialiser for salesplan_compute_options. */
#define SALESPLAN_COMPUTE_OPTIONS_INIT { SALESPLAN_COMPUTE_OPTIONS_VERSION, SALESPLAN_MODE_PLAN, 0.0 }

/**
 * @brief Initialise options to their defaults.
 * @return SALESPLAN_OK, or SALESPLAN_EINVAL for a NULL pointer or an unknown version.
 */
SALESPLAN_API salesplan_status salesplan_compute_options_init(salesplan_compute_options *opts, unsigned version);

/**
 * @brief Compute the plan: funnel, activities, roles, quota, capacity, metrics.
 * @param out  Receives the result (caller frees); NULL on failure.
 * @param plan The plan; it is checked first (salesplan_plan_check()), and copied,
 *             so it may be freed or changed afterwards.
 * @param opts NULL for defaults.
 * @param err  Optional; the first problem.
 * @return SALESPLAN_OK, SALESPLAN_EPLAN, SALESPLAN_EINVAL, SALESPLAN_ENOMEM.
 * Thread-safe for distinct results, also on the same const plan.
 */
SALESPLAN_API salesplan_status salesplan_compute(salesplan_result **out,
                                                const salesplan_plan *plan,
                                                const salesplan_compute_options *opts,
                                                salesplan_error *err);

/** @brief Free a result. NULL is a no-op. */
SALESPLAN_API void salesplan_result_free(salesplan_result *r);

/** @brief The copy of the plan the result was computed from (borrowed, lives as long as `r`). */
SALESPLAN_API const salesplan_plan *salesplan_result_plan(const salesplan_result *r);

/** Top-level figures: mode, period and target. */
typedef struct salesplan_result_overview {
    const char *name;               /**< Plan name. */
    const char *currency;           /**< ISO 4217 code. */
    int mode;                       /**< SALESPLAN_MODE_EXPECTED or SALESPLAN_MODE_CONFIDENCE. */
    double confidence;              /**< q, NaN in expected mode. */
    const char *period_start;       /**< First day, ISO. */
    const char *period_end;         /**< Last day (inclusive), ISO. */
    int days;                       /**< Days in the period. */
    int workdays;                   /**< Workdays in the period. */
    double revenue;                 /**< Target revenue T. */
    double team_quota;              /**< T·(1+o). */
    double deals_needed;            /**< D (whole). */
    double pipeline_expected_deals; /**< E: expected wins from the in-time pipeline. */
} salesplan_result_overview;

/** One funnel stage. */
typedef struct salesplan_stage_result {
    const char *name;       /**< Stage name. */
    double conversion;      /**< c_k, NaN for the won stage. */
    double to_close;        /**< P_k. */
    double days_to_close;   /**< L_k. */
    double required;        /**< N_k, exact. */
    double required_int;    /**< ceil(N_k - 1e-9). */
    double window_workdays; /**< W_k, NaN when unreachable. */
    int reachable;          /**< 1 when reachable in the period. */
    double entries_capacity; /**< Most entries the team's timed activities can feed
                                  into this stage in its window (SPEC §13,
                                  docs/scenarios.md); NaN when no timed activity
                                  feeds it or it is unreachable. (Appended in 2.1.) */
} salesplan_stage_result;

/** One activity. */
typedef struct salesplan_activity_result {
    const char *name;           /**< Activity name. */
    const char *stage;          /**< Stage it feeds. */
    const char *role;           /**< Role or NULL. */
    double total;               /**< U_a. */
    double per_workday;         /**< U_a / W_s, NaN when unreachable. */
    double per_rep_per_workday; /**< per_workday / HC, NaN when no role or HC = 0. */
    double per_deal;            /**< Units per closed deal. */
    double fte;                 /**< Full-time equivalents, NaN without minutes. */
    double capacity;            /**< Units the role can do in the window, its share of
                                     the role's time (M_a' of SPEC §13); NaN when the
                                     activity is not timed or unreachable. (Appended in 2.1.) */
    double headcount;           /**< The ramped headcount per_rep_per_workday divides by:
                                     HC of the role over the stage's sourcing window;
                                     NaN without a role or when unreachable. (Appended in 2.1.) */
} salesplan_activity_result;

/** One role. */
typedef struct salesplan_role_result {
    const char *name;     /**< Role name. */
    double headcount;     /**< Effective (ramped) headcount over the period. */
    double fte_required;  /**< Sum of its activities' FTE. */
    double hires_needed;  /**< NaN when none of its activities has minutes. */
    double fte_short;     /**< max(0, fte_required - headcount): the full-time reps the
                               planned work lacks; NaN without a timed activity.
                               (Appended in 2.1.) */
} salesplan_role_result;

/** One month slice of the period. */
typedef struct salesplan_slice_result {
    const char *start; /**< First day, ISO. */
    const char *end;   /**< Last day, ISO. */
    int workdays;      /**< Workdays in the slice. */
    double weight;     /**< Normalised weight ŝ_s. */
} salesplan_slice_result;

/** Quota of one quota-carrying rep. */
typedef struct salesplan_rep_quota {
    const char *name;     /**< Rep name. */
    const char *role;     /**< Role name. */
    const double *slices; /**< Amount per slice; salesplan_result_slice_count() values. */
    double total;         /**< Sum over slices. */
} salesplan_rep_quota;

/** A phase boundary. */
typedef struct salesplan_phase_result {
    int day;                  /**< Day count b. */
    double cumulative_target; /**< Target due before day b. */
} salesplan_phase_result;

/** Capacity of the team. */
typedef struct salesplan_capacity_result {
    double expected;          /**< C. */
    double coverage;          /**< C / T. */
    double gap;               /**< max(0, T - C). */
    double new_hire_capacity; /**< c_new, NaN without a quota-carrying role. */
    double hires_needed;      /**< NaN when a hire cannot ramp within the period. */
    double hires_total;       /**< The one hiring number: over the roles, the larger of
                                   the role's workload hires and (for the first
                                   quota-carrying role) hires_needed, added up; the
                                   capacity hires count as 0 when they cannot be sized.
                                   (Appended in 2.1.) */
} salesplan_capacity_result;

/** Pipeline and unit-economics metrics; NaN when an input is missing. */
typedef struct salesplan_metrics_result {
    double win_rate;                   /**< P_o. */
    double cycle_days;                 /**< L_o. */
    double required_pipeline_coverage; /**< 1 / win_rate. */
    double open_opportunities;         /**< Open deals at or past the opportunity stage. */
    double pipeline_value;             /**< A · open_opportunities. */
    double pipeline_coverage;          /**< pipeline_value / T. */
    double weighted_pipeline;          /**< A · E. */
    double sales_velocity_per_day;     /**< Revenue per day through the pipeline. */
    double ltv;                        /**< arpa · margin / churn. */
    double ltv_to_cac;                 /**< ltv / cac. */
    double cac_payback_months;         /**< cac / (arpa · margin). */
} salesplan_metrics_result;

/** One activity target of a rep in one month (SPEC §11, "Per-rep schedule"). */
typedef struct salesplan_rep_target {
    const char *name;   /**< Activity name. */
    double per_workday; /**< Units per workday of the month inside the stage's sourcing
                             window: the team's per_workday × f(r,S) / sum of the role's
                             f(r',S). 0 before the rep starts; NaN when the month has no
                             workday in the window or no rep of the role works in it. */
} salesplan_rep_target;

/** One month slice of a rep's schedule. */
typedef struct salesplan_rep_month {
    const char *start;                      /**< First day of the slice, ISO. */
    const char *end;                        /**< Last day of the slice, ISO. */
    const salesplan_rep_target *activities; /**< The activities of the rep's role, plan order. */
    size_t activity_count;                  /**< Entries in `activities` (0: the role has none). */
} salesplan_rep_month;

/** The schedule of one rep: daily activity targets month by month. */
typedef struct salesplan_rep_schedule {
    const char *name;                  /**< Rep name. */
    const char *role;                  /**< Role name. */
    const salesplan_rep_month *months; /**< One per month slice, in order. */
    size_t month_count;                /**< salesplan_result_slice_count() entries. */
} salesplan_rep_schedule;

/** A warning attached to a result. */
typedef struct salesplan_warning {
    const char *code;    /**< Stable identifier, e.g. "stage_unreachable". */
    const char *path;    /**< JSON path in the plan it concerns, or "". */
    const char *message; /**< Plain-language explanation. */
} salesplan_warning;

/** @brief Overview figures (borrowed from `r`), NULL when `r` is NULL. */
SALESPLAN_API const salesplan_result_overview *salesplan_result_overview_get(const salesplan_result *r);
/** @brief Number of stages. */
SALESPLAN_API size_t salesplan_result_stage_count(const salesplan_result *r);
/** @brief Stage `i` (borrowed) or NULL. */
SALESPLAN_API const salesplan_stage_result *salesplan_result_stage(const salesplan_result *r, size_t i);
/** @brief Number of activities. */
SALESPLAN_API size_t salesplan_result_activity_count(const salesplan_result *r);
/** @brief Activity `i` (borrowed) or NULL. */
SALESPLAN_API const salesplan_activity_result *salesplan_result_activity(const salesplan_result *r,
                                                                        size_t i);
/** @brief Number of roles. */
SALESPLAN_API size_t salesplan_result_role_count(const salesplan_result *r);
/** @brief Role `i` (borrowed) or NULL. */
SALESPLAN_API const salesplan_role_result *salesplan_result_role(const salesplan_result *r, size_t i);
/** @brief Number of month slices. */
SALESPLAN_API size_t salesplan_result_slice_count(const salesplan_result *r);
/** @brief Slice `i` (borrowed) or NULL. */
SALESPLAN_API const salesplan_slice_result *salesplan_result_slice(const salesplan_result *r, size_t i);
/** @brief Number of quota-carrying reps. */
SALESPLAN_API size_t salesplan_result_rep_quota_count(const salesplan_result *r);
/** @brief Quota of carrier `i` (borrowed) or NULL. */
SALESPLAN_API const salesplan_rep_quota *salesplan_result_rep_quota(const salesplan_result *r, size_t i);
/**
 * @brief Number of reps in the per-rep schedule: every rep of the plan.
 * @return salesplan_plan_rep_count() of the plan copy; 0 when `r` is NULL.
 */
SALESPLAN_API size_t salesplan_result_rep_schedule_count(const salesplan_result *r);
/**
 * @brief Schedule of rep `i` (plan order), borrowed from `r`.
 * @return NULL when `r` is NULL or `i` is out of range. Thread-safe on a const result.
 */
SALESPLAN_API const salesplan_rep_schedule *salesplan_result_rep_schedule(const salesplan_result *r,
                                                                          size_t i);
/**
 * @brief Month `month` of rep `rep`'s schedule, borrowed from `r`.
 * @return NULL when `r` is NULL or an index is out of range.
 */
SALESPLAN_API const salesplan_rep_month *salesplan_result_rep_month(const salesplan_result *r,
                                                                    size_t rep, size_t month);
/**
 * @brief Target of activity `k` of the rep's role in one month, borrowed from `r`.
 * @return NULL when `r` is NULL or an index is out of range.
 */
SALESPLAN_API const salesplan_rep_target *salesplan_result_rep_target(const salesplan_result *r,
                                                                      size_t rep, size_t month,
                                                                      size_t k);
/** @brief Quota no rep could carry (sum over slices whose weights sum to 0). */
SALESPLAN_API double salesplan_result_unassigned(const salesplan_result *r);
/** @brief Number of phases. */
SALESPLAN_API size_t salesplan_result_phase_count(const salesplan_result *r);
/** @brief Phase `i` (borrowed) or NULL. */
SALESPLAN_API const salesplan_phase_result *salesplan_result_phase(const salesplan_result *r, size_t i);
/** @brief Capacity figures (borrowed) or NULL. */
SALESPLAN_API const salesplan_capacity_result *salesplan_result_capacity(const salesplan_result *r);
/** @brief Metrics (borrowed) or NULL. */
SALESPLAN_API const salesplan_metrics_result *salesplan_result_metrics(const salesplan_result *r);
/** @brief Number of warnings. */
SALESPLAN_API size_t salesplan_result_warning_count(const salesplan_result *r);
/** @brief Warning `i` (borrowed) or NULL. */
SALESPLAN_API const salesplan_warning *salesplan_result_warning(const salesplan_result *r, size_t i);

/**
 * @brief Render a result.
 * @param out    Receives NUL-terminated text; free with salesplan_free(). NULL on failure.
 * @param len    Optional; receives the length without the NUL.
 * @param r      The result.
 * @param format A salesplan_format.
 * @param err    Optional; receives the details of a failure.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (unknown format), SALESPLAN_ENOMEM.
 * Thread-safe on a const result.
 */
SALESPLAN_API salesplan_status salesplan_result_render(char **out, size_t *len,
                                                       const salesplan_result *r,
                                                       salesplan_format format,
                                                       salesplan_error *err);

/**
 * @brief One call from JSON to JSON, for FFI hosts (PHP FFI, Node, Java).
 *
 * The request is a JSON object: `{"op": "plan", "plan": {...}, "confidence": 0.9,
 * "format": "json"}`. Operations: plan, validate, example, version, estimate
 * (CSV text in the request) and simulate; see docs/embedding.md for each. The reply is
 * the operation's JSON document, or `{"error": {"code", "status", "message",
 * "path", "line", "column"}}`. Never crashes on any input.
 *
 * @param request JSON text (need not be NUL-terminated).
 * @param len     Its length.
 * @return A NUL-terminated string to free with salesplan_free(); NULL only
 *         when memory runs out. Thread-safe.
 */
SALESPLAN_API char *salesplan_json_call(const char *request, size_t len);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* SALESPLAN_RESULT_H */
