/**
 * @file salesplan/plan.h
 * @brief The plan model: build, inspect, load, validate and save sales plans.
 *
 * Include <salesplan.h> rather than this file directly.
 *
 * Conventions for every function here (docs/api.md, "Absent values" and
 * "Setter errors"):
 * - Out-parameters come first, the optional `salesplan_error *err` last.
 * - `p` must not be NULL unless stated; a NULL handle gives SALESPLAN_EINVAL
 *   (setters, indexed getters) or the "absent" value (getters without an
 *   index: NULL, NaN, 0 or -1).
 * - Strings passed in are copied; strings returned are borrowed from the plan
 *   and stay valid until the same field is changed or the plan is freed.
 * - Setters and add_* functions check the value against the rules of the plan
 *   format. On refusal they change nothing (an add_* adds nothing), return
 *   SALESPLAN_EINVAL (or SALESPLAN_ELIMIT past a count limit, SALESPLAN_ERANGE
 *   for an element index out of range) and, when `err` is not NULL, fill it
 *   with the code, the plan path of the refused value (e.g.
 *   `funnel.stages[2].conversion`) and a message stating the rule and the
 *   value found (`must be in (0, 1], e.g. 0.25 for 25%; found 1.5`). These
 *   are the messages the plan reader reports for a plan file.
 * - Getters that take an index (`size_t i`) write the value to `*out` and
 *   return SALESPLAN_OK, SALESPLAN_ERANGE for an index out of range (`*out`
 *   then holds the absent value) or SALESPLAN_EINVAL for a NULL plan or out.
 * - NaN means only "absent": optional numbers read back as NaN when unset,
 *   and passing NaN to their setter clears them. NULL is an absent text, -1
 *   an absent whole number (a rep's tenure, a stage's observed counts) and
 *   the result of a find_* for an unknown name.
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
 * @param err  Optional; receives the rule and the value found when `name` is refused.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL or SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_plan_create(salesplan_plan **out, const char *name,
                                                     salesplan_error *err);

/** @brief Free a plan. NULL is a no-op. */
SALESPLAN_API void salesplan_plan_free(salesplan_plan *p);

/** @brief Deep copy of `p` into `*out` (caller frees). */
SALESPLAN_API salesplan_status salesplan_plan_clone(salesplan_plan **out, const salesplan_plan *p);

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
SALESPLAN_API salesplan_status salesplan_plan_load_buffer(salesplan_plan **out, const char *buf, size_t len,
                                             salesplan_error *err);

/**
 * @brief Like salesplan_plan_load_buffer() on the contents of a file.
 * @param out  Receives the plan (caller frees with salesplan_plan_free()); NULL on failure.
 * @param path File name; "-" is not special here.
 * @param err  Optional; receives the first problem with its path, line and column.
 * @return also SALESPLAN_ENOENT (cannot open) and SALESPLAN_EIO (read error).
 */
SALESPLAN_API salesplan_status salesplan_plan_load_file(salesplan_plan **out, const char *path,
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
SALESPLAN_API salesplan_status salesplan_plan_load_fd(salesplan_plan **out, int fd, const char *name,
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
SALESPLAN_API salesplan_status salesplan_plan_validate_buffer(salesplan_diagnostics **out,
                                                              const char *buf, size_t len);

/**
 * @brief Check a plan built in code: required parts present and every
 * reference (stage, role) resolves. Problems carry paths but no line/column.
 * @param p   The plan.
 * @param out Receives the list (caller frees, even when empty).
 * @return SALESPLAN_OK, SALESPLAN_EPLAN or SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_plan_check(salesplan_diagnostics **out,
                                                    const salesplan_plan *p);

/**
 * @brief Serialise a plan as a JSON plan file (version 1), indented.
 * @param p   The plan.
 * @param out Receives a NUL-terminated string; free with salesplan_free().
 * @param len Optional; receives the length without the NUL.
 * @param err Optional; receives the details of a failure.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL or SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_plan_to_json(char **out, size_t *len,
                                                      const salesplan_plan *p,
                                                      salesplan_error *err);

/**
 * @brief Write the plan's JSON to `path` atomically (temporary file, then
 * rename): on failure the previous file, if any, is untouched.
 */
SALESPLAN_API salesplan_status salesplan_plan_save_file(const salesplan_plan *p, const char *path,
                                           salesplan_error *err);

/**
 * @brief The built-in example plan as JSON text.
 * @return A static NUL-terminated string, never NULL, not to be freed.
 */
SALESPLAN_API const char *salesplan_example_json(void);

/** @brief Load the built-in example plan into `*out` (caller frees). */
SALESPLAN_API salesplan_status salesplan_example_plan(salesplan_plan **out);

/* ---- identity ------------------------------------------------------------ */

/** @brief Set the plan's name (1..200 characters). Path `name`. */
SALESPLAN_API salesplan_status salesplan_plan_set_name(salesplan_plan *p, const char *name,
                                                       salesplan_error *err);
/** @brief The plan's name (borrowed). */
SALESPLAN_API const char *salesplan_plan_name(const salesplan_plan *p);
/** @brief Set the ISO 4217 currency code: three upper-case letters. Path `currency`. */
SALESPLAN_API salesplan_status salesplan_plan_set_currency(salesplan_plan *p, const char *code,
                                                           salesplan_error *err);
/** @brief The currency code (borrowed), "USD" by default. */
SALESPLAN_API const char *salesplan_plan_currency(const salesplan_plan *p);

/* ---- period and calendar ------------------------------------------------- */

/**
 * @brief Set the planning period.
 * @param p     The plan.
 * @param start An ISO date "YYYY-MM-DD" (a real calendar date); path `period.start`.
 * @param days  1..3660, and the last day no later than 9999-12-31; path `period.days`.
 * @param err   Optional; the refused value's path, rule and value.
 */
SALESPLAN_API salesplan_status salesplan_plan_set_period(salesplan_plan *p, const char *start,
                                                         long days, salesplan_error *err);
/** @brief Period start (borrowed), or NULL when unset. */
SALESPLAN_API const char *salesplan_plan_period_start(const salesplan_plan *p);
/** @brief Period length in days, 0 when unset. */
SALESPLAN_API long salesplan_plan_period_days(const salesplan_plan *p);
/**
 * @brief Set the phase boundaries (day counts from 1 to 3660, strictly
 * ascending). Whether they fit the period is checked by salesplan_plan_check().
 * @param p    The plan.
 * @param days Array of `n` values; `n` = 0 restores the default (30/60/90 within the period).
 * @param n    Number of values in `days` (NULL `days` is allowed when `n` is 0);
 *             more than 3660 gives SALESPLAN_ELIMIT.
 * @param err  Optional; a refused value is named `period.phases[k]`.
 */
SALESPLAN_API salesplan_status salesplan_plan_set_phases(salesplan_plan *p, const long *days,
                                                         size_t n, salesplan_error *err);
/** @brief Number of explicit phases (0 means the default applies). */
SALESPLAN_API size_t salesplan_plan_phase_count(const salesplan_plan *p);
/** @brief Explicit phase `i` into `*out` (-1 when `i` is out of range). */
SALESPLAN_API salesplan_status salesplan_plan_phase(long *out, const salesplan_plan *p, size_t i);
/** @brief Set the workdays as a mask of salesplan_weekday bits (non-zero, < 128). */
SALESPLAN_API salesplan_status salesplan_plan_set_workdays(salesplan_plan *p, unsigned mask,
                                                           salesplan_error *err);
/** @brief The workday mask (SALESPLAN_WEEKDAYS_DEFAULT unless set). */
SALESPLAN_API unsigned salesplan_plan_workdays(const salesplan_plan *p);
/** @brief Add a holiday (ISO date); duplicates are refused. */
SALESPLAN_API salesplan_status salesplan_plan_add_holiday(salesplan_plan *p, const char *date,
                                                          salesplan_error *err);
/** @brief Number of holidays. */
SALESPLAN_API size_t salesplan_plan_holiday_count(const salesplan_plan *p);
/** @brief Holiday `i` (borrowed) into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_holiday(const char **out, const salesplan_plan *p,
                                                      size_t i);

/* ---- narrative ---------------------------------------------------------- */

/** @brief Set a narrative text; NULL clears it. */
SALESPLAN_API salesplan_status salesplan_plan_set_text(salesplan_plan *p,
                                                       salesplan_text_field field,
                                                       const char *text, salesplan_error *err);
/** @brief A narrative text (borrowed) or NULL when absent. */
SALESPLAN_API const char *salesplan_plan_text(const salesplan_plan *p, salesplan_text_field field);
/**
 * @brief Add a competitor.
 * @param p     The plan.
 * @param name  Non-empty, unique among competitors.
 * @param kind  A salesplan_competitor_kind.
 * @param notes Optional (NULL).
 * @param err   Optional; the refused value's path, rule and value.
 */
SALESPLAN_API salesplan_status salesplan_plan_add_competitor(salesplan_plan *p, const char *name,
                                                             salesplan_competitor_kind kind,
                                                             const char *notes,
                                                             salesplan_error *err);
/** @brief Number of competitors. */
SALESPLAN_API size_t salesplan_plan_competitor_count(const salesplan_plan *p);
/** @brief Competitor `i`'s name (borrowed) into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_competitor_name(const char **out,
                                                              const salesplan_plan *p, size_t i);
/** @brief Competitor `i`'s kind into `*out` (SALESPLAN_COMPETITOR_DIRECT when out of range). */
SALESPLAN_API salesplan_status salesplan_plan_competitor_kind(salesplan_competitor_kind *out,
                                                              const salesplan_plan *p, size_t i);
/** @brief Competitor `i`'s notes (borrowed; NULL when absent) into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_competitor_notes(const char **out,
                                                               const salesplan_plan *p, size_t i);
/** @brief Append a string to a narrative list (strategies or KPIs). */
SALESPLAN_API salesplan_status salesplan_plan_add_list_item(salesplan_plan *p, salesplan_list list,
                                                            const char *text,
                                                            salesplan_error *err);
/** @brief Length of a narrative list. */
SALESPLAN_API size_t salesplan_plan_list_count(const salesplan_plan *p, salesplan_list list);
/** @brief Item `i` of a narrative list (borrowed) into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_list_item(const char **out, const salesplan_plan *p,
                                                        salesplan_list list, size_t i);

/* ---- target, deal, confidence ------------------------------------------- */

/** @brief Set the revenue target T (> 0, finite). */
SALESPLAN_API salesplan_status salesplan_plan_set_target_revenue(salesplan_plan *p, double revenue,
                                                                 salesplan_error *err);
/** @brief The revenue target, NaN when unset. */
SALESPLAN_API double salesplan_plan_target_revenue(const salesplan_plan *p);
/** @brief Set the target kind. */
SALESPLAN_API salesplan_status salesplan_plan_set_target_kind(salesplan_plan *p,
                                                              salesplan_target_kind kind,
                                                              salesplan_error *err);
/** @brief The target kind (SALESPLAN_TARGET_NEW_BUSINESS for a NULL plan). */
SALESPLAN_API salesplan_target_kind salesplan_plan_target_kind(const salesplan_plan *p);
/** @brief Set the over-assignment o in [0, 1). */
SALESPLAN_API salesplan_status salesplan_plan_set_over_assignment(salesplan_plan *p, double o,
                                                                  salesplan_error *err);
/** @brief The over-assignment (0 by default). */
SALESPLAN_API double salesplan_plan_over_assignment(const salesplan_plan *p);
/**
 * @brief Set monthly seasonality weights (>= 0, finite, sum > 0), one per
 * month slice of the period; `n` = 0 clears them. Whether `n` matches the
 * number of slices is checked by salesplan_plan_check(). A refused weight is
 * named `target.seasonality[k]`.
 */
SALESPLAN_API salesplan_status salesplan_plan_set_seasonality(salesplan_plan *p,
                                                              const double *weights, size_t n,
                                                              salesplan_error *err);
/** @brief Number of seasonality weights (0 when none). */
SALESPLAN_API size_t salesplan_plan_seasonality_count(const salesplan_plan *p);
/** @brief Seasonality weight `i` into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_seasonality(double *out, const salesplan_plan *p,
                                                          size_t i);
/** @brief Set the average deal size A (> 0). */
SALESPLAN_API salesplan_status salesplan_plan_set_deal_size(salesplan_plan *p, double average,
                                                            salesplan_error *err);
/** @brief The average deal size, NaN when unset. */
SALESPLAN_API double salesplan_plan_deal_size(const salesplan_plan *p);
/** @brief Set the deal-size coefficient of variation (>= 0). */
SALESPLAN_API salesplan_status salesplan_plan_set_deal_size_cv(salesplan_plan *p, double cv,
                                                               salesplan_error *err);
/** @brief The deal-size coefficient of variation (0 by default). */
SALESPLAN_API double salesplan_plan_deal_size_cv(const salesplan_plan *p);
/** @brief Set the confidence q in (0, 1); NaN clears it (expected mode). */
SALESPLAN_API salesplan_status salesplan_plan_set_confidence(salesplan_plan *p, double q,
                                                             salesplan_error *err);
/** @brief The confidence, NaN when absent. */
SALESPLAN_API double salesplan_plan_confidence(const salesplan_plan *p);

/* ---- funnel and pipeline ------------------------------------------------ */

/**
 * @brief Append a funnel stage (all or nothing).
 * @param p          The plan.
 * @param name       Non-empty, unique among stages.
 * @param conversion In (0, 1]; NaN for the won stage (which must be last).
 * @param days       Mean days until the stage advances, >= 0, finite.
 * @param err        Optional; e.g. path `funnel.stages[2].conversion`.
 */
SALESPLAN_API salesplan_status salesplan_plan_add_stage(salesplan_plan *p, const char *name,
                                                        double conversion, double days,
                                                        salesplan_error *err);
/** @brief Remove every stage (and the opportunity flag); pipeline entries stay. */
SALESPLAN_API salesplan_status salesplan_plan_clear_stages(salesplan_plan *p);
/** @brief Number of stages. */
SALESPLAN_API size_t salesplan_plan_stage_count(const salesplan_plan *p);
/** @brief Index of the stage called `name`, or -1. */
SALESPLAN_API long salesplan_plan_find_stage(const salesplan_plan *p, const char *name);
/** @brief Stage `i`'s name (borrowed) into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_stage_name(const char **out, const salesplan_plan *p,
                                                         size_t i);
/** @brief Stage `i`'s conversion into `*out`: NaN (absent) for the won stage. */
SALESPLAN_API salesplan_status salesplan_plan_stage_conversion(double *out,
                                                               const salesplan_plan *p, size_t i);
/** @brief Stage `i`'s mean days into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_stage_days(double *out, const salesplan_plan *p,
                                                         size_t i);
/** @brief Flag stage `i` as the opportunity stage (clears any other flag). */
SALESPLAN_API salesplan_status salesplan_plan_set_opportunity_stage(salesplan_plan *p, size_t i,
                                                                    salesplan_error *err);
/** @brief Index of the flagged opportunity stage, or -1 when none is flagged (stage 0 applies). */
SALESPLAN_API long salesplan_plan_opportunity_stage(const salesplan_plan *p);
/**
 * @brief Record the history behind stage `i`'s conversion (counts >= 0);
 * a negative value in either count clears it.
 */
SALESPLAN_API salesplan_status salesplan_plan_set_stage_observed(salesplan_plan *p, size_t i,
                                                                 long long advanced,
                                                                 long long lost,
                                                                 salesplan_error *err);
/**
 * @brief Read stage `i`'s history into `*advanced` and `*lost` (either may
 * be NULL); both are -1 when the stage has none.
 * @return SALESPLAN_OK, SALESPLAN_ERANGE when `i` is out of range (counts -1),
 *         SALESPLAN_EINVAL for a NULL plan.
 */
SALESPLAN_API salesplan_status salesplan_plan_stage_observed(long long *advanced, long long *lost,
                                                             const salesplan_plan *p, size_t i);
/**
 * @brief Set the number of open deals now in a stage (>= 0). Setting a stage
 * again replaces its count. The stage name is resolved by salesplan_plan_check().
 * Path `pipeline.<stage>`.
 */
SALESPLAN_API salesplan_status salesplan_plan_set_pipeline(salesplan_plan *p, const char *stage,
                                                           long long count, salesplan_error *err);
/** @brief Number of pipeline entries. */
SALESPLAN_API size_t salesplan_plan_pipeline_count(const salesplan_plan *p);
/** @brief Stage name of pipeline entry `i` (borrowed) into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_pipeline_stage(const char **out,
                                                             const salesplan_plan *p, size_t i);
/** @brief Deal count of pipeline entry `i` into `*out` (-1 when out of range). */
SALESPLAN_API salesplan_status salesplan_plan_pipeline_deals(long long *out,
                                                             const salesplan_plan *p, size_t i);

/* ---- activities ---------------------------------------------------------- */

/**
 * @brief Append an activity (all or nothing).
 * @param p         The plan.
 * @param name      Non-empty, unique among activities.
 * @param stage     The stage whose entries it feeds (resolved by the check).
 * @param per_entry Units of the activity per entry into the stage, > 0.
 * @param err       Optional; e.g. path `activities[3].per_entry`.
 */
SALESPLAN_API salesplan_status salesplan_plan_add_activity(salesplan_plan *p, const char *name,
                                                           const char *stage, double per_entry,
                                                           salesplan_error *err);
/** @brief Number of activities. */
SALESPLAN_API size_t salesplan_plan_activity_count(const salesplan_plan *p);
/** @brief Set activity `i`'s share of entries in (0, 1] (default 1). */
SALESPLAN_API salesplan_status salesplan_plan_set_activity_share(salesplan_plan *p, size_t i,
                                                                 double share,
                                                                 salesplan_error *err);
/** @brief Set activity `i`'s role name; NULL clears it. */
SALESPLAN_API salesplan_status salesplan_plan_set_activity_role(salesplan_plan *p, size_t i,
                                                                const char *role,
                                                                salesplan_error *err);
/** @brief Set activity `i`'s minutes per unit (> 0); NaN clears it. */
SALESPLAN_API salesplan_status salesplan_plan_set_activity_minutes(salesplan_plan *p, size_t i,
                                                                   double minutes,
                                                                   salesplan_error *err);
/** @brief Append a required skill to activity `i`. */
SALESPLAN_API salesplan_status salesplan_plan_add_activity_skill(salesplan_plan *p, size_t i,
                                                                 const char *skill,
                                                                 salesplan_error *err);
/** @brief Activity `i`'s name (borrowed) into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_activity_name(const char **out,
                                                            const salesplan_plan *p, size_t i);
/** @brief Activity `i`'s stage name (borrowed) into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_activity_stage(const char **out,
                                                             const salesplan_plan *p, size_t i);
/** @brief Activity `i`'s units per entry into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_activity_per_entry(double *out,
                                                                 const salesplan_plan *p,
                                                                 size_t i);
/** @brief Activity `i`'s share into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_activity_share(double *out, const salesplan_plan *p,
                                                             size_t i);
/** @brief Activity `i`'s role (borrowed; NULL when it has none) into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_activity_role(const char **out,
                                                            const salesplan_plan *p, size_t i);
/** @brief Activity `i`'s minutes per unit into `*out`, NaN when absent. */
SALESPLAN_API salesplan_status salesplan_plan_activity_minutes(double *out,
                                                               const salesplan_plan *p, size_t i);
/** @brief Number of skills of activity `i` into `*out` (0 when out of range). */
SALESPLAN_API salesplan_status salesplan_plan_activity_skill_count(size_t *out,
                                                                   const salesplan_plan *p,
                                                                   size_t i);
/** @brief Skill `j` of activity `i` (borrowed) into `*out`; ERANGE when `i` or `j` is out of range. */
SALESPLAN_API salesplan_status salesplan_plan_activity_skill(const char **out,
                                                             const salesplan_plan *p, size_t i,
                                                             size_t j);

/* ---- team ------------------------------------------------------------------ */

/** @brief Append a role (no ramp, no quota, 360 minutes a day). Name unique, non-empty. */
SALESPLAN_API salesplan_status salesplan_plan_add_role(salesplan_plan *p, const char *name,
                                                       salesplan_error *err);
/** @brief Number of roles. */
SALESPLAN_API size_t salesplan_plan_role_count(const salesplan_plan *p);
/** @brief Index of the role called `name`, or -1. */
SALESPLAN_API long salesplan_plan_find_role(const salesplan_plan *p, const char *name);
/**
 * @brief Set role `i`'s ramp factors in [0, 1] by tenure month; `n` = 0
 * clears. A refused factor is named `team.roles[i].ramp[k]`.
 */
SALESPLAN_API salesplan_status salesplan_plan_set_role_ramp(salesplan_plan *p, size_t i,
                                                            const double *factors, size_t n,
                                                            salesplan_error *err);
/** @brief Set role `i`'s monthly quota (>= 0; 0 carries no quota). */
SALESPLAN_API salesplan_status salesplan_plan_set_role_quota_monthly(salesplan_plan *p, size_t i,
                                                                     double quota,
                                                                     salesplan_error *err);
/** @brief Set role `i`'s selling minutes per day (> 0, at most 1440). */
SALESPLAN_API salesplan_status salesplan_plan_set_role_minutes_per_day(salesplan_plan *p,
                                                                       size_t i, double minutes,
                                                                       salesplan_error *err);
/** @brief Role `i`'s name (borrowed) into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_role_name(const char **out, const salesplan_plan *p,
                                                        size_t i);
/** @brief Number of ramp factors of role `i` into `*out` (0 when out of range). */
SALESPLAN_API salesplan_status salesplan_plan_role_ramp_count(size_t *out,
                                                              const salesplan_plan *p, size_t i);
/**
 * @brief Ramp factor for tenure month `m` of role `i` into `*out`: 1 past
 * the list (a ramped-up rep); ERANGE (NaN) only when `i` is out of range.
 */
SALESPLAN_API salesplan_status salesplan_plan_role_ramp(double *out, const salesplan_plan *p,
                                                        size_t i, size_t m);
/** @brief Role `i`'s monthly quota into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_role_quota_monthly(double *out,
                                                                 const salesplan_plan *p,
                                                                 size_t i);
/** @brief Role `i`'s minutes per day into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_role_minutes_per_day(double *out,
                                                                   const salesplan_plan *p,
                                                                   size_t i);

/**
 * @brief Append a rep with a start date (all or nothing).
 * @param p     The plan.
 * @param name  Non-empty, unique among reps.
 * @param role  A role name (resolved by the check).
 * @param start ISO date.
 * @param err   Optional; e.g. path `team.reps[4].start`.
 */
SALESPLAN_API salesplan_status salesplan_plan_add_rep(salesplan_plan *p, const char *name,
                                                      const char *role, const char *start,
                                                      salesplan_error *err);
/** @brief Append a rep by tenure in whole months at the period start (0..12000). */
SALESPLAN_API salesplan_status salesplan_plan_add_rep_tenure(salesplan_plan *p, const char *name,
                                                             const char *role, long tenure_months,
                                                             salesplan_error *err);
/** @brief Set rep `i`'s territory weight (> 0, default 1). */
SALESPLAN_API salesplan_status salesplan_plan_set_rep_territory_weight(salesplan_plan *p,
                                                                       size_t i, double w,
                                                                       salesplan_error *err);
/** @brief Number of reps. */
SALESPLAN_API size_t salesplan_plan_rep_count(const salesplan_plan *p);
/** @brief Rep `i`'s name (borrowed) into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_rep_name(const char **out, const salesplan_plan *p,
                                                       size_t i);
/** @brief Rep `i`'s role name (borrowed) into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_rep_role(const char **out, const salesplan_plan *p,
                                                       size_t i);
/** @brief Rep `i`'s start date (borrowed) into `*out`, NULL when given by tenure. */
SALESPLAN_API salesplan_status salesplan_plan_rep_start(const char **out, const salesplan_plan *p,
                                                        size_t i);
/** @brief Rep `i`'s tenure in months into `*out`, -1 when given by start date. */
SALESPLAN_API salesplan_status salesplan_plan_rep_tenure_months(long *out,
                                                                const salesplan_plan *p,
                                                                size_t i);
/** @brief Rep `i`'s territory weight into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_rep_territory_weight(double *out,
                                                                   const salesplan_plan *p,
                                                                   size_t i);
/** @brief Set the monthly attrition in [0, 1). */
SALESPLAN_API salesplan_status salesplan_plan_set_attrition_monthly(salesplan_plan *p, double a,
                                                                    salesplan_error *err);
/** @brief The monthly attrition (0 by default). */
SALESPLAN_API double salesplan_plan_attrition_monthly(const salesplan_plan *p);
/** @brief Set the expected attainment in (0, 1]. */
SALESPLAN_API salesplan_status salesplan_plan_set_expected_attainment(salesplan_plan *p,
                                                                      double attainment,
                                                                      salesplan_error *err);
/** @brief The expected attainment (1 by default). */
SALESPLAN_API double salesplan_plan_expected_attainment(const salesplan_plan *p);

/* ---- economics and extensions -------------------------------------------- */

/** @brief Set an economics input (see salesplan_economics_field for ranges); NaN clears. */
SALESPLAN_API salesplan_status salesplan_plan_set_economics(salesplan_plan *p,
                                                            salesplan_economics_field field,
                                                            double value, salesplan_error *err);
/** @brief An economics input, NaN when absent. */
SALESPLAN_API double salesplan_plan_economics(const salesplan_plan *p,
                                              salesplan_economics_field field);
/**
 * @brief Keep a top-level "x-" extension key with its raw JSON value, so that
 * load and save round-trip it. Setting a key again replaces it.
 * @param p    The plan.
 * @param key  Must start with "x-" (1..200 characters); it is also the path.
 * @param json A complete JSON value.
 * @param err  Optional; the rule and the value found.
 */
SALESPLAN_API salesplan_status salesplan_plan_set_extension(salesplan_plan *p, const char *key,
                                                            const char *json,
                                                            salesplan_error *err);
/** @brief Number of extension keys. */
SALESPLAN_API size_t salesplan_plan_extension_count(const salesplan_plan *p);
/** @brief Extension key `i` (borrowed) into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_extension_key(const char **out,
                                                            const salesplan_plan *p, size_t i);
/** @brief Extension `i`'s JSON value (borrowed) into `*out`. */
SALESPLAN_API salesplan_status salesplan_plan_extension_json(const char **out,
                                                             const salesplan_plan *p, size_t i);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* SALESPLAN_PLAN_H */
