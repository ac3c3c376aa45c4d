/**
 * @file salesplan/plan.h
 * @brief The plan model: build, inspect, load, validate and save sales plans.
 *
 * Include <salesplan.h> rather than this file directly.
 *
 * Conventions for every function here:
 * - `p` must not be NULL unless stated; a NULL handle gives SALESPLAN_EINVAL
 *   (setters) or the "absent" value (getters: NULL, NaN, 0 or -1).
 * - Strings passed in are copied; strings returned are borrowed from the plan
 *   and stay valid until the same field is changed or the plan is freed.
 * - Setters check the value against the rules of the plan format and return
 *   SALESPLAN_EINVAL (with the rule and the value found in `err`-less form:
 *   use salesplan_plan_check() to get messages with paths) without changing
 *   the plan when it is refused.
 * - Optional numbers read back as NaN when absent; passing NaN to their
 *   setter clears them.
 * - A plan is not internally synchronised: use one plan per thread, or lock.
 *   Const functions may run concurrently on the same plan.
 */
#ifndef SALESPLAN_PLAN_H
#define SALESPLAN_PLAN_H

#include "salesplan/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup salesplan_plan Plan model
 *  @{
 */

/** Opaque plan handle. Create with salesplan_plan_create() or a loader. */
typedef struct salesplan_plan salesplan_plan;

/** Weekday bits for salesplan_plan_set_workdays(). */
typedef enum salesplan_weekday {
    SALESPLAN_MON = 1 << 0, /**< Monday */
    SALESPLAN_TUE = 1 << 1, /**< Tuesday */
    SALESPLAN_WED = 1 << 2, /**< Wednesday */
    SALESPLAN_THU = 1 << 3, /**< Thursday */
    SALESPLAN_FRI = 1 << 4, /**< Friday */
    SALESPLAN_SAT = 1 << 5, /**< Saturday */
    SALESPLAN_SUN = 1 << 6  /**< Sunday */
} salesplan_weekday;

/** Default workdays: Monday to Friday. */
#define SALESPLAN_WEEKDAYS_DEFAULT 0x1Fu

/** Narrative text fields. */
typedef enum salesplan_text_field {
    SALESPLAN_TEXT_MISSION = 0,           /**< narrative.mission */
    SALESPLAN_TEXT_POSITIONING = 1,       /**< narrative.positioning */
    SALESPLAN_TEXT_VALUE_PROPOSITION = 2, /**< narrative.value_proposition */
    SALESPLAN_TEXT_TARGET_MARKET = 3      /**< narrative.target_market */
} salesplan_text_field;

/** Narrative lists of strings. */
typedef enum salesplan_list {
    SALESPLAN_LIST_STRATEGIES = 0, /**< narrative.strategies */
    SALESPLAN_LIST_KPIS = 1        /**< narrative.kpis */
} salesplan_list;

/** Kinds of competitor. */
typedef enum salesplan_competitor_kind {
    SALESPLAN_COMPETITOR_DIRECT = 0,  /**< "direct" */
    SALESPLAN_COMPETITOR_INDIRECT = 1 /**< "indirect" */
} salesplan_competitor_kind;

/** What the revenue target counts. */
typedef enum salesplan_target_kind {
    SALESPLAN_TARGET_NEW_BUSINESS = 0, /**< "new_business" (default) */
    SALESPLAN_TARGET_EXPANSION = 1,    /**< "expansion" */
    SALESPLAN_TARGET_RENEWAL = 2,      /**< "renewal" */
    SALESPLAN_TARGET_TOTAL = 3         /**< "total" */
} salesplan_target_kind;

/** Unit economics inputs (all optional). */
typedef enum salesplan_economics_field {
    SALESPLAN_ECON_ARPA_MONTHLY = 0,  /**< average revenue per account per month, > 0 */
    SALESPLAN_ECON_GROSS_MARGIN = 1,  /**< in (0, 1] */
    SALESPLAN_ECON_CHURN_MONTHLY = 2, /**< in (0, 1] */
    SALESPLAN_ECON_CAC = 3            /**< customer acquisition cost, > 0 */
} salesplan_economics_field;

/* ---- lifetime ---------------------------------------------------------- */

/**
 * @brief Create an empty plan with a name and every default of the format.
 * @param out  Receives the new plan (caller frees with salesplan_plan_free()); set to NULL on failure.
 * @param name 1..200 characters.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL or SALESPLAN_ENOMEM.
 */
SALESPLAN_API int salesplan_plan_create(salesplan_plan **out, const char *name);

/** @brief Free a plan. NULL is a no-op. */
SALESPLAN_API void salesplan_plan_free(salesplan_plan *p);

/** @brief Deep copy of `p` into `*out` (caller frees). */
SALESPLAN_API int salesplan_plan_clone(salesplan_plan **out, const salesplan_plan *p);

/* ---- load, validate, save ---------------------------------------------- */

/**
 * @brief Parse and validate a JSON plan file held in memory.
 * @param out Receives the plan (caller frees); NULL on failure.
 * @param buf UTF-8 JSON text; need not be NUL-terminated.
 * @param len Length of `buf` in bytes.
 * @param err Optional; receives the first problem with its path, line and column.
 * @return SALESPLAN_OK, SALESPLAN_ESYNTAX (not JSON), SALESPLAN_EPLAN (rules),
 *         SALESPLAN_ELIMIT or SALESPLAN_ENOMEM. Thread-safe.
 */
SALESPLAN_API int salesplan_plan_load_buffer(salesplan_plan **out, const char *buf, size_t len,
                                             salesplan_error *err);

/**
 * @brief Like salesplan_plan_load_buffer() on the contents of a file.
 * @param out  Receives the plan (caller frees with salesplan_plan_free()); NULL on failure.
 * @param path File name; "-" is not special here.
 * @param err  Optional; receives the first problem with its path, line and column.
 * @return also SALESPLAN_ENOENT (cannot open) and SALESPLAN_EIO (read error).
 */
SALESPLAN_API int salesplan_plan_load_file(salesplan_plan **out, const char *path,
                                           salesplan_error *err);

/**
 * @brief Like salesplan_plan_load_buffer() on everything that can be read from
 * an open file descriptor (a pipe, a socket, standard input, a file).
 * @param out  Receives the plan (caller frees with salesplan_plan_free()); NULL on failure.
 * @param fd   Descriptor open for reading; read to its end and left open (the
 *             caller closes it).
 * @param name Optional; names the input in read-error messages (e.g. "-" or
 *             "stdin"); NULL gives "(file descriptor)".
 * @param err  Optional; receives the first problem with its path, line and column.
 * @return also SALESPLAN_EINVAL (a negative fd), SALESPLAN_EIO (read error)
 *         and SALESPLAN_ELIMIT (more than 16 MiB). Thread-safe.
 */
SALESPLAN_API int salesplan_plan_load_fd(salesplan_plan **out, int fd, const char *name,
                                         salesplan_error *err);

/**
 * @brief Validate a JSON plan and report every problem, not only the first.
 * @param buf,len The JSON text.
 * @param out Receives the list of problems (caller frees with
 *            salesplan_diagnostics_free(), even when it is empty).
 * @return SALESPLAN_OK when there is no problem; otherwise the code of the
 *         first problem (SALESPLAN_ESYNTAX, SALESPLAN_EPLAN, SALESPLAN_ELIMIT),
 *         or SALESPLAN_ENOMEM (then `*out` is NULL). Thread-safe.
 */
SALESPLAN_API int salesplan_plan_validate_buffer(const char *buf, size_t len,
                                                 salesplan_diagnostics **out);

/**
 * @brief Check a plan built in code: required parts present and every
 * reference (stage, role) resolves. Problems carry paths but no line/column.
 * @param p   The plan.
 * @param out Receives the list (caller frees, even when empty).
 * @return SALESPLAN_OK, SALESPLAN_EPLAN or SALESPLAN_ENOMEM.
 */
SALESPLAN_API int salesplan_plan_check(const salesplan_plan *p, salesplan_diagnostics **out);

/**
 * @brief Serialise a plan as a JSON plan file (version 1), indented.
 * @param p   The plan.
 * @param out Receives a NUL-terminated string; free with salesplan_free().
 * @param len Optional; receives the length without the NUL.
 * @param err Optional; receives the details of a failure.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL or SALESPLAN_ENOMEM.
 */
SALESPLAN_API int salesplan_plan_to_json(const salesplan_plan *p, char **out, size_t *len,
                                         salesplan_error *err);

/**
 * @brief Write the plan's JSON to `path` atomically (temporary file, then
 * rename): on failure the previous file, if any, is untouched.
 */
SALESPLAN_API int salesplan_plan_save_file(const salesplan_plan *p, const char *path,
                                           salesplan_error *err);

/**
 * @brief The built-in example plan as JSON text.
 * @return A static NUL-terminated string, never NULL, not to be freed.
 */
SALESPLAN_API const char *salesplan_example_json(void);

/** @brief Load the built-in example plan into `*out` (caller frees). */
SALESPLAN_API int salesplan_example_plan(salesplan_plan **out);

/* ---- identity ------------------------------------------------------------ */

/** @brief Set the plan's name (1..200 characters). */
SALESPLAN_API int salesplan_plan_set_name(salesplan_plan *p, const char *name);
/** @brief The plan's name (borrowed). */
SALESPLAN_API const char *salesplan_plan_name(const salesplan_plan *p);
/** @brief Set the ISO 4217 currency code: three upper-case letters. */
SALESPLAN_API int salesplan_plan_set_currency(salesplan_plan *p, const char *code);
/** @brief The currency code (borrowed), "USD" by default. */
SALESPLAN_API const char *salesplan_plan_currency(const salesplan_plan *p);

/* ---- period and calendar ------------------------------------------------- */

/**
 * @brief Set the planning period.
 * @param p     The plan.
 * @param start An ISO date "YYYY-MM-DD" (a real calendar date).
 * @param days  1..3660.
 */
SALESPLAN_API int salesplan_plan_set_period(salesplan_plan *p, const char *start, int days);
/** @brief Period start (borrowed), or NULL when unset. */
SALESPLAN_API const char *salesplan_plan_period_start(const salesplan_plan *p);
/** @brief Period length in days, 0 when unset. */
SALESPLAN_API int salesplan_plan_period_days(const salesplan_plan *p);
/**
 * @brief Set the phase boundaries (day counts, strictly ascending, each >= 1).
 * Whether they fit the period is checked by salesplan_plan_check().
 * @param p    The plan.
 * @param days Array of `n` values; `n` = 0 restores the default (30/60/90 within the period).
 * @param n    Number of values in `days` (NULL `days` is allowed when `n` is 0);
 *             more than 3660 gives SALESPLAN_ELIMIT.
 */
SALESPLAN_API int salesplan_plan_set_phases(salesplan_plan *p, const int *days, size_t n);
/** @brief Number of explicit phases (0 means the default applies). */
SALESPLAN_API size_t salesplan_plan_phase_count(const salesplan_plan *p);
/** @brief Explicit phase `i`, or -1 when out of range. */
SALESPLAN_API int salesplan_plan_phase(const salesplan_plan *p, size_t i);
/** @brief Set the workdays as a mask of salesplan_weekday bits (non-zero, < 128). */
SALESPLAN_API int salesplan_plan_set_workdays(salesplan_plan *p, unsigned mask);
/** @brief The workday mask (SALESPLAN_WEEKDAYS_DEFAULT unless set). */
SALESPLAN_API unsigned salesplan_plan_workdays(const salesplan_plan *p);
/** @brief Add a holiday (ISO date); duplicates are refused. */
SALESPLAN_API int salesplan_plan_add_holiday(salesplan_plan *p, const char *date);
/** @brief Number of holidays. */
SALESPLAN_API size_t salesplan_plan_holiday_count(const salesplan_plan *p);
/** @brief Holiday `i` (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_plan_holiday(const salesplan_plan *p, size_t i);

/* ---- narrative ---------------------------------------------------------- */

/** @brief Set a narrative text; NULL clears it. */
SALESPLAN_API int salesplan_plan_set_text(salesplan_plan *p, salesplan_text_field field,
                                          const char *text);
/** @brief A narrative text (borrowed) or NULL when absent. */
SALESPLAN_API const char *salesplan_plan_text(const salesplan_plan *p, salesplan_text_field field);
/**
 * @brief Add a competitor.
 * @param p     The plan.
 * @param name  Non-empty, unique among competitors.
 * @param kind  A salesplan_competitor_kind.
 * @param notes Optional (NULL).
 */
SALESPLAN_API int salesplan_plan_add_competitor(salesplan_plan *p, const char *name,
                                                salesplan_competitor_kind kind, const char *notes);
/** @brief Number of competitors. */
SALESPLAN_API size_t salesplan_plan_competitor_count(const salesplan_plan *p);
/** @brief Competitor `i`'s name (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_plan_competitor_name(const salesplan_plan *p, size_t i);
/** @brief Competitor `i`'s kind, or -1 when out of range. */
SALESPLAN_API int salesplan_plan_competitor_kind(const salesplan_plan *p, size_t i);
/** @brief Competitor `i`'s notes (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_plan_competitor_notes(const salesplan_plan *p, size_t i);
/** @brief Append a string to a narrative list (strategies or KPIs). */
SALESPLAN_API int salesplan_plan_add_list_item(salesplan_plan *p, salesplan_list list,
                                               const char *text);
/** @brief Length of a narrative list. */
SALESPLAN_API size_t salesplan_plan_list_count(const salesplan_plan *p, salesplan_list list);
/** @brief Item `i` of a narrative list (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_plan_list_item(const salesplan_plan *p, salesplan_list list,
                                                   size_t i);

/* ---- target, deal, confidence ------------------------------------------- */

/** @brief Set the revenue target T (> 0, finite). */
SALESPLAN_API int salesplan_plan_set_target_revenue(salesplan_plan *p, double revenue);
/** @brief The revenue target, NaN when unset. */
SALESPLAN_API double salesplan_plan_target_revenue(const salesplan_plan *p);
/** @brief Set the target kind. */
SALESPLAN_API int salesplan_plan_set_target_kind(salesplan_plan *p, salesplan_target_kind kind);
/** @brief The target kind. */
SALESPLAN_API int salesplan_plan_target_kind(const salesplan_plan *p);
/** @brief Set the over-assignment o in [0, 1). */
SALESPLAN_API int salesplan_plan_set_over_assignment(salesplan_plan *p, double o);
/** @brief The over-assignment (0 by default). */
SALESPLAN_API double salesplan_plan_over_assignment(const salesplan_plan *p);
/**
 * @brief Set monthly seasonality weights (>= 0, finite, sum > 0), one per
 * month slice of the period; `n` = 0 clears them. Whether `n` matches the
 * number of slices is checked by salesplan_plan_check().
 */
SALESPLAN_API int salesplan_plan_set_seasonality(salesplan_plan *p, const double *weights,
                                                 size_t n);
/** @brief Number of seasonality weights (0 when none). */
SALESPLAN_API size_t salesplan_plan_seasonality_count(const salesplan_plan *p);
/** @brief Seasonality weight `i`, NaN when out of range. */
SALESPLAN_API double salesplan_plan_seasonality(const salesplan_plan *p, size_t i);
/** @brief Set the average deal size A (> 0). */
SALESPLAN_API int salesplan_plan_set_deal_size(salesplan_plan *p, double average);
/** @brief The average deal size, NaN when unset. */
SALESPLAN_API double salesplan_plan_deal_size(const salesplan_plan *p);
/** @brief Set the deal-size coefficient of variation (>= 0). */
SALESPLAN_API int salesplan_plan_set_deal_size_cv(salesplan_plan *p, double cv);
/** @brief The deal-size coefficient of variation (0 by default). */
SALESPLAN_API double salesplan_plan_deal_size_cv(const salesplan_plan *p);
/** @brief Set the confidence q in (0, 1); NaN clears it (expected mode). */
SALESPLAN_API int salesplan_plan_set_confidence(salesplan_plan *p, double q);
/** @brief The confidence, NaN when absent. */
SALESPLAN_API double salesplan_plan_confidence(const salesplan_plan *p);

/* ---- funnel and pipeline ------------------------------------------------ */

/**
 * @brief Append a funnel stage.
 * @param p          The plan.
 * @param name       Non-empty, unique among stages.
 * @param conversion In (0, 1]; NaN for the won stage (which must be last).
 * @param days       Mean days until the stage advances, >= 0, finite.
 */
SALESPLAN_API int salesplan_plan_add_stage(salesplan_plan *p, const char *name, double conversion,
                                           double days);
/** @brief Remove every stage (and the opportunity flag); pipeline entries stay. */
SALESPLAN_API int salesplan_plan_clear_stages(salesplan_plan *p);
/** @brief Number of stages. */
SALESPLAN_API size_t salesplan_plan_stage_count(const salesplan_plan *p);
/** @brief Index of the stage called `name`, or -1. */
SALESPLAN_API long salesplan_plan_find_stage(const salesplan_plan *p, const char *name);
/** @brief Stage `i`'s name (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_plan_stage_name(const salesplan_plan *p, size_t i);
/** @brief Stage `i`'s conversion, NaN for the won stage or out of range. */
SALESPLAN_API double salesplan_plan_stage_conversion(const salesplan_plan *p, size_t i);
/** @brief Stage `i`'s mean days, NaN when out of range. */
SALESPLAN_API double salesplan_plan_stage_days(const salesplan_plan *p, size_t i);
/** @brief Flag stage `i` as the opportunity stage (clears any other flag). */
SALESPLAN_API int salesplan_plan_set_opportunity_stage(salesplan_plan *p, size_t i);
/** @brief Index of the flagged opportunity stage, or -1 when none is flagged (stage 0 applies). */
SALESPLAN_API long salesplan_plan_opportunity_stage(const salesplan_plan *p);
/**
 * @brief Record the history behind stage `i`'s conversion (counts >= 0);
 * negative values clear it.
 */
SALESPLAN_API int salesplan_plan_set_stage_observed(salesplan_plan *p, size_t i,
                                                    long long advanced, long long lost);
/**
 * @brief Read stage `i`'s history.
 * @return SALESPLAN_OK when present (both out-parameters set),
 *         SALESPLAN_ERANGE when absent or `i` is out of range.
 */
SALESPLAN_API int salesplan_plan_stage_observed(const salesplan_plan *p, size_t i,
                                                long long *advanced, long long *lost);
/**
 * @brief Set the number of open deals now in a stage (>= 0). Setting a stage
 * again replaces its count. The stage name is resolved by salesplan_plan_check().
 */
SALESPLAN_API int salesplan_plan_set_pipeline(salesplan_plan *p, const char *stage,
                                              long long count);
/** @brief Number of pipeline entries. */
SALESPLAN_API size_t salesplan_plan_pipeline_count(const salesplan_plan *p);
/** @brief Stage name of pipeline entry `i` (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_plan_pipeline_stage(const salesplan_plan *p, size_t i);
/** @brief Deal count of pipeline entry `i`, -1 when out of range. */
SALESPLAN_API long long salesplan_plan_pipeline_deals(const salesplan_plan *p, size_t i);

/* ---- activities ---------------------------------------------------------- */

/**
 * @brief Append an activity.
 * @param p         The plan.
 * @param name      Non-empty, unique among activities.
 * @param stage     The stage whose entries it feeds (resolved by the check).
 * @param per_entry Units of the activity per entry into the stage, > 0.
 */
SALESPLAN_API int salesplan_plan_add_activity(salesplan_plan *p, const char *name,
                                              const char *stage, double per_entry);
/** @brief Number of activities. */
SALESPLAN_API size_t salesplan_plan_activity_count(const salesplan_plan *p);
/** @brief Set activity `i`'s share of entries in (0, 1] (default 1). */
SALESPLAN_API int salesplan_plan_set_activity_share(salesplan_plan *p, size_t i, double share);
/** @brief Set activity `i`'s role name; NULL clears it. */
SALESPLAN_API int salesplan_plan_set_activity_role(salesplan_plan *p, size_t i, const char *role);
/** @brief Set activity `i`'s minutes per unit (> 0); NaN clears it. */
SALESPLAN_API int salesplan_plan_set_activity_minutes(salesplan_plan *p, size_t i, double minutes);
/** @brief Append a required skill to activity `i`. */
SALESPLAN_API int salesplan_plan_add_activity_skill(salesplan_plan *p, size_t i, const char *skill);
/** @brief Activity `i`'s name (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_plan_activity_name(const salesplan_plan *p, size_t i);
/** @brief Activity `i`'s stage name (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_plan_activity_stage(const salesplan_plan *p, size_t i);
/** @brief Activity `i`'s units per entry, NaN when out of range. */
SALESPLAN_API double salesplan_plan_activity_per_entry(const salesplan_plan *p, size_t i);
/** @brief Activity `i`'s share, NaN when out of range. */
SALESPLAN_API double salesplan_plan_activity_share(const salesplan_plan *p, size_t i);
/** @brief Activity `i`'s role (borrowed) or NULL when it has none. */
SALESPLAN_API const char *salesplan_plan_activity_role(const salesplan_plan *p, size_t i);
/** @brief Activity `i`'s minutes per unit, NaN when absent. */
SALESPLAN_API double salesplan_plan_activity_minutes(const salesplan_plan *p, size_t i);
/** @brief Number of skills of activity `i`. */
SALESPLAN_API size_t salesplan_plan_activity_skill_count(const salesplan_plan *p, size_t i);
/** @brief Skill `j` of activity `i` (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_plan_activity_skill(const salesplan_plan *p, size_t i,
                                                        size_t j);

/* ---- team ------------------------------------------------------------------ */

/** @brief Append a role (no ramp, no quota, 360 minutes a day). Name unique, non-empty. */
SALESPLAN_API int salesplan_plan_add_role(salesplan_plan *p, const char *name);
/** @brief Number of roles. */
SALESPLAN_API size_t salesplan_plan_role_count(const salesplan_plan *p);
/** @brief Index of the role called `name`, or -1. */
SALESPLAN_API long salesplan_plan_find_role(const salesplan_plan *p, const char *name);
/** @brief Set role `i`'s ramp factors in [0, 1] by tenure month; `n` = 0 clears. */
SALESPLAN_API int salesplan_plan_set_role_ramp(salesplan_plan *p, size_t i, const double *factors,
                                               size_t n);
/** @brief Set role `i`'s monthly quota (>= 0; 0 carries no quota). */
SALESPLAN_API int salesplan_plan_set_role_quota_monthly(salesplan_plan *p, size_t i, double quota);
/** @brief Set role `i`'s selling minutes per day (> 0, at most 1440). */
SALESPLAN_API int salesplan_plan_set_role_minutes_per_day(salesplan_plan *p, size_t i,
                                                          double minutes);
/** @brief Role `i`'s name (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_plan_role_name(const salesplan_plan *p, size_t i);
/** @brief Number of ramp factors of role `i`. */
SALESPLAN_API size_t salesplan_plan_role_ramp_count(const salesplan_plan *p, size_t i);
/** @brief Ramp factor for tenure month `m` of role `i` (1 past the list), NaN when `i` is out of range. */
SALESPLAN_API double salesplan_plan_role_ramp(const salesplan_plan *p, size_t i, size_t m);
/** @brief Role `i`'s monthly quota, NaN when out of range. */
SALESPLAN_API double salesplan_plan_role_quota_monthly(const salesplan_plan *p, size_t i);
/** @brief Role `i`'s minutes per day, NaN when out of range. */
SALESPLAN_API double salesplan_plan_role_minutes_per_day(const salesplan_plan *p, size_t i);

/**
 * @brief Append a rep with a start date.
 * @param p     The plan.
 * @param name  Non-empty, unique among reps.
 * @param role  A role name (resolved by the check).
 * @param start ISO date.
 */
SALESPLAN_API int salesplan_plan_add_rep(salesplan_plan *p, const char *name, const char *role,
                                         const char *start);
/** @brief Append a rep by tenure in whole months at the period start (>= 0). */
SALESPLAN_API int salesplan_plan_add_rep_tenure(salesplan_plan *p, const char *name,
                                                const char *role, int tenure_months);
/** @brief Set rep `i`'s territory weight (> 0, default 1). */
SALESPLAN_API int salesplan_plan_set_rep_territory_weight(salesplan_plan *p, size_t i, double w);
/** @brief Number of reps. */
SALESPLAN_API size_t salesplan_plan_rep_count(const salesplan_plan *p);
/** @brief Rep `i`'s name (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_plan_rep_name(const salesplan_plan *p, size_t i);
/** @brief Rep `i`'s role name (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_plan_rep_role(const salesplan_plan *p, size_t i);
/** @brief Rep `i`'s start date (borrowed), NULL when given by tenure. */
SALESPLAN_API const char *salesplan_plan_rep_start(const salesplan_plan *p, size_t i);
/** @brief Rep `i`'s tenure in months, -1 when given by start date. */
SALESPLAN_API int salesplan_plan_rep_tenure_months(const salesplan_plan *p, size_t i);
/** @brief Rep `i`'s territory weight, NaN when out of range. */
SALESPLAN_API double salesplan_plan_rep_territory_weight(const salesplan_plan *p, size_t i);
/** @brief Set the monthly attrition in [0, 1). */
SALESPLAN_API int salesplan_plan_set_attrition_monthly(salesplan_plan *p, double a);
/** @brief The monthly attrition (0 by default). */
SALESPLAN_API double salesplan_plan_attrition_monthly(const salesplan_plan *p);
/** @brief Set the expected attainment in (0, 1]. */
SALESPLAN_API int salesplan_plan_set_expected_attainment(salesplan_plan *p, double attainment);
/** @brief The expected attainment (1 by default). */
SALESPLAN_API double salesplan_plan_expected_attainment(const salesplan_plan *p);

/* ---- economics and extensions -------------------------------------------- */

/** @brief Set an economics input (see salesplan_economics_field for ranges); NaN clears. */
SALESPLAN_API int salesplan_plan_set_economics(salesplan_plan *p, salesplan_economics_field field,
                                               double value);
/** @brief An economics input, NaN when absent. */
SALESPLAN_API double salesplan_plan_economics(const salesplan_plan *p,
                                              salesplan_economics_field field);
/**
 * @brief Keep a top-level "x-" extension key with its raw JSON value, so that
 * load and save round-trip it. Setting a key again replaces it.
 * @param p    The plan.
 * @param key  Must start with "x-".
 * @param json A complete JSON value.
 */
SALESPLAN_API int salesplan_plan_set_extension(salesplan_plan *p, const char *key,
                                               const char *json);
/** @brief Number of extension keys. */
SALESPLAN_API size_t salesplan_plan_extension_count(const salesplan_plan *p);
/** @brief Extension key `i` (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_plan_extension_key(const salesplan_plan *p, size_t i);
/** @brief Extension `i`'s JSON value (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_plan_extension_json(const salesplan_plan *p, size_t i);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* SALESPLAN_PLAN_H */
