/**
 * @file salesplan/track.h
 * @brief Tracking the period and re-planning from actuals (SPEC §11).
 *
 * During the period the CRM's actuals come in: bookings (won deals), the
 * open pipeline, the activities done. salesplan_track() compares them with
 * the plan as of a day and re-plans the remaining days exactly as the plan
 * would be written today.
 */
#ifndef SALESPLAN_TRACK_H
#define SALESPLAN_TRACK_H

#include "salesplan/common.h"
#include "salesplan/plan.h"
#include "salesplan/result.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup salesplan_track Tracking and re-planning from actuals
 * @{ */

/** Opaque actuals of a period, read against one plan; free with salesplan_actuals_free(). */
typedef struct salesplan_actuals salesplan_actuals;

/** Opaque tracking result; free with salesplan_tracking_free(). */
typedef struct salesplan_tracking salesplan_tracking;

/**
 * @brief Read an actuals document (JSON, SPEC §11) against `plan`.
 *
 * Every rep, stage and activity it names must exist in `plan`; `as_of` must
 * be a day of the plan's period. On failure `err` holds the first problem
 * (path, line, column) and the message counts the others; use
 * salesplan_actuals_validate_buffer() for the whole list.
 * @param out  Receives the actuals (NULL on failure).
 * @param plan The plan (borrowed; only read during the call).
 * @param buf  JSON text, need not be NUL-terminated.
 * @param len  Its length in bytes.
 * @param err  Optional details of a failure.
 * @return SALESPLAN_OK, SALESPLAN_ESYNTAX, SALESPLAN_EPLAN (a rule broken),
 *         SALESPLAN_ELIMIT, SALESPLAN_EINVAL (NULL arguments, a plan without
 *         period), SALESPLAN_ENOMEM. Thread-safe.
 */
SALESPLAN_API salesplan_status salesplan_actuals_load_buffer(salesplan_actuals **out,
                                                             const salesplan_plan *plan,
                                                             const char *buf, size_t len,
                                                             salesplan_error *err);

/** @brief salesplan_actuals_load_buffer() on a file's content; also SALESPLAN_ENOENT, SALESPLAN_EIO. */
SALESPLAN_API salesplan_status salesplan_actuals_load_file(salesplan_actuals **out,
                                                           const salesplan_plan *plan,
                                                           const char *path, salesplan_error *err);

/**
 * @brief Every problem of an actuals document, in document order.
 * @param out Receives the list (free with salesplan_diagnostics_free()), also on
 *            SALESPLAN_ESYNTAX/SALESPLAN_EPLAN; NULL only on SALESPLAN_ENOMEM/EINVAL.
 * @return SALESPLAN_OK when there is no problem, else the first problem's code.
 */
SALESPLAN_API salesplan_status salesplan_actuals_validate_buffer(salesplan_diagnostics **out,
                                                                 const salesplan_plan *plan,
                                                                 const char *buf, size_t len);

/** Version of salesplan_actuals_csv_options understood by this header. */
#define SALESPLAN_ACTUALS_CSV_OPTIONS_VERSION 1

/**
 * Options of salesplan_actuals_from_csv(); initialise with
 * SALESPLAN_ACTUALS_CSV_OPTIONS_INIT. A NULL column name is detected from
 * the header (as `salesplan estimate` does); NULL texts are defaults.
 */
typedef struct salesplan_actuals_csv_options {
    unsigned version;        /**< SALESPLAN_ACTUALS_CSV_OPTIONS_VERSION */
    const char *as_of;       /**< Day "as of", YYYY-MM-DD; required. */
    const char *id_column;   /**< Deals: deal id. */
    const char *stage_column;  /**< Deals: current or final stage. */
    const char *closed_column; /**< Deals: closed date. */
    const char *amount_column; /**< Deals: amount. */
    const char *owner_column;  /**< Deals and activities: the rep (owner). */
    const char *won;         /**< Won stage names, comma-separated; NULL: "won,closed won". */
    const char *lost;        /**< Lost stage names, comma-separated; NULL: "lost,closed lost". */
    const char *stage_map;   /**< "CRM=PLAN" pairs separated by ';' or newlines; NULL: none. */
    int dmy;                 /**< 1: read ambiguous dates as D/M/YYYY. */
    const char *date_column; /**< Activities: the date. */
    const char *type_column; /**< Activities: the activity (its name in the plan). */
} salesplan_actuals_csv_options;

/** Static initialiser for salesplan_actuals_csv_options. */
#define SALESPLAN_ACTUALS_CSV_OPTIONS_INIT \
    { SALESPLAN_ACTUALS_CSV_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL }

/** @brief Fill `opts` with the defaults; SALESPLAN_EINVAL for NULL or another version. */
SALESPLAN_API salesplan_status salesplan_actuals_csv_options_init(
    salesplan_actuals_csv_options *opts, unsigned version);

/**
 * @brief Actuals from CRM exports (SPEC §11): a deals snapshot CSV (SPEC §7
 * with an owner column) and, optionally, an activity log CSV.
 *
 * A won deal whose closed date lies in [start, as_of] is a booking (amount,
 * owner as rep); an open deal (neither won nor lost) is pipeline in its
 * current stage (mapped through `stage_map`), owner as rep; rows of the
 * activity log dated in [start, as_of] are activities done. Malformed rows
 * (a date or amount that does not parse, a wrong field count, an unknown
 * owner, stage or activity) are skipped and reported as warnings of the
 * tracking, by line number.
 * @param deals    Deals CSV text (required).
 * @param activities Activity log CSV text, or NULL.
 * @return SALESPLAN_OK, SALESPLAN_EDATA (a required column is missing),
 *         SALESPLAN_ESYNTAX, SALESPLAN_ERANGE (as_of outside the period),
 *         SALESPLAN_EINVAL, SALESPLAN_ELIMIT, SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_actuals_from_csv(
    salesplan_actuals **out, const salesplan_plan *plan, const char *deals, size_t deals_len,
    const char *activities, size_t activities_len, const salesplan_actuals_csv_options *opts,
    salesplan_error *err);

/** @brief Free actuals. NULL is a no-op. */
SALESPLAN_API void salesplan_actuals_free(salesplan_actuals *a);

/** @brief The "as of" day, YYYY-MM-DD (borrowed), NULL when unset. */
SALESPLAN_API const char *salesplan_actuals_as_of(const salesplan_actuals *a);

/**
 * @brief Track as of another day of the period (overrides the document's `as_of`).
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (NULL or not a date), SALESPLAN_ERANGE
 *         (outside the period; path "as_of").
 */
SALESPLAN_API salesplan_status salesplan_actuals_set_as_of(salesplan_actuals *a, const char *date,
                                                           salesplan_error *err);

/** Where the team or a rep stands. */
typedef enum salesplan_track_status {
    SALESPLAN_TRACK_NONE = 0,     /**< No pace (nothing was due yet); JSON null. */
    SALESPLAN_TRACK_AHEAD = 1,    /**< pace >= ahead (1.05). */
    SALESPLAN_TRACK_ON_TRACK = 2, /**< pace >= on_track (0.95). */
    SALESPLAN_TRACK_BEHIND = 3,   /**< pace >= behind (0.8). */
    SALESPLAN_TRACK_AT_RISK = 4   /**< below. */
} salesplan_track_status;

/** @brief "ahead", "on_track", "behind", "at_risk"; NULL for SALESPLAN_TRACK_NONE or unknown. */
SALESPLAN_API const char *salesplan_track_status_name(salesplan_track_status s);

/** Version of salesplan_track_options understood by this header. */
#define SALESPLAN_TRACK_OPTIONS_VERSION 1

/** Status thresholds on pace; initialise with SALESPLAN_TRACK_OPTIONS_INIT. */
typedef struct salesplan_track_options {
    unsigned version; /**< SALESPLAN_TRACK_OPTIONS_VERSION */
    double ahead;     /**< pace >= this: ahead (1.05). */
    double on_track;  /**< pace >= this: on track (0.95). */
    double behind;    /**< pace >= this: behind (0.8); below: at risk. */
} salesplan_track_options;

/** Static initialiser for salesplan_track_options. */
#define SALESPLAN_TRACK_OPTIONS_INIT { SALESPLAN_TRACK_OPTIONS_VERSION, 1.05, 0.95, 0.8 }

/** @brief Fill `opts` with the defaults; SALESPLAN_EINVAL for NULL or another version. */
SALESPLAN_API salesplan_status salesplan_track_options_init(salesplan_track_options *opts,
                                                            unsigned version);

/**
 * @brief Track the period as of the actuals' day and re-plan the rest (SPEC §11).
 * @param out     Receives the tracking (NULL on failure).
 * @param plan    The plan the actuals were read against (borrowed during the call).
 * @param actuals The actuals (borrowed during the call); as_of must be set.
 * @param opts    Thresholds, or NULL for the defaults.
 * @param err     Optional details of a failure.
 * @return SALESPLAN_OK; SALESPLAN_EINVAL (NULL arguments, actuals read against
 *         another plan, no as_of, bad thresholds: ahead >= on_track >= behind
 *         >= 0 required); SALESPLAN_EPLAN (the plan is invalid);
 *         SALESPLAN_ELIMIT (the pipeline is too large for the exact
 *         probability); SALESPLAN_ENOMEM. Thread-safe on distinct handles.
 */
SALESPLAN_API salesplan_status salesplan_track(salesplan_tracking **out, const salesplan_plan *plan,
                                               const salesplan_actuals *actuals,
                                               const salesplan_track_options *opts,
                                               salesplan_error *err);

/** @brief Free a tracking. NULL is a no-op. */
SALESPLAN_API void salesplan_tracking_free(salesplan_tracking *t);

/** Team figures; NaN is an absent figure (JSON null). */
typedef struct salesplan_tracking_summary {
    const char *as_of;              /**< YYYY-MM-DD. */
    long as_of_day;                 /**< Day index a (0..H-1). */
    double booked;                  /**< B, counted bookings. */
    double attainment;              /**< B / T. */
    double expected_to_date;        /**< Cumulative team target through day a. */
    double pace;                    /**< B / expected_to_date; NaN when that is 0. */
    salesplan_track_status status;  /**< From pace and the thresholds. */
    double gap;                     /**< max(0, T - B). */
    double projected_on_pace;       /**< T · pace. */
    double projected_from_pipeline; /**< B + A · E'. */
    double p_hit_from_pipeline;     /**< Pr[pipeline wins close the gap], exact. */
} salesplan_tracking_summary;

/** One activity of a rep: today's target and pacing. */
typedef struct salesplan_tracking_rep_activity {
    const char *name;       /**< Activity name. */
    double per_workday;     /**< Units per remaining workday of its stage window; NaN when none. */
    double done_to_date;    /**< Done so far (NaN when the actuals give no activities). */
    double planned_to_date; /**< Original plan's per-rep rate times workdays to date. */
} salesplan_tracking_rep_activity;

/** One rep. Quota figures are NaN for reps of roles without quota. */
typedef struct salesplan_tracking_rep {
    const char *name;                /**< Rep name. */
    const char *role;                /**< Role name. */
    double quota;                    /**< quota_total_r. */
    double quota_to_date;            /**< Quota due through day a. */
    double booked;                   /**< booked_r. */
    double attainment;               /**< booked_r / quota. */
    double pace;                     /**< booked_r / quota_to_date. */
    salesplan_track_status status;   /**< From pace. */
    double remaining;                /**< max(0, quota - booked_r). */
    double deals_needed;             /**< D_r. */
    size_t activity_count;           /**< Entries of `activities`. */
    const salesplan_tracking_rep_activity *activities; /**< The rep's activities. */
} salesplan_tracking_rep;

/** Team pacing of one activity. */
typedef struct salesplan_tracking_activity {
    const char *name;       /**< Activity name. */
    double done_to_date;    /**< NaN when the actuals give no activities. */
    double planned_to_date; /**< per_workday × workdays of its window through day a. */
    double ratio;           /**< done / planned; NaN when planned is 0 or absent. */
} salesplan_tracking_activity;

/** @brief Team figures (borrowed), NULL when `t` is NULL. */
SALESPLAN_API const salesplan_tracking_summary *salesplan_tracking_summary_get(
    const salesplan_tracking *t);
/** @brief Number of reps (the plan's, in plan order). */
SALESPLAN_API size_t salesplan_tracking_rep_count(const salesplan_tracking *t);
/** @brief Rep `i` (borrowed) or NULL when out of range. */
SALESPLAN_API const salesplan_tracking_rep *salesplan_tracking_rep_get(const salesplan_tracking *t,
                                                                   size_t i);
/** @brief Number of activities (the plan's). */
SALESPLAN_API size_t salesplan_tracking_activity_count(const salesplan_tracking *t);
/** @brief Activity `i` (borrowed) or NULL when out of range. */
SALESPLAN_API const salesplan_tracking_activity *salesplan_tracking_activity_get(
    const salesplan_tracking *t, size_t i);
/** @brief The re-plan of the remaining days (borrowed), NULL on the last day. */
SALESPLAN_API const salesplan_result *salesplan_tracking_replan(const salesplan_tracking *t);
/** @brief The plan tracked (a copy, borrowed). */
SALESPLAN_API const salesplan_plan *salesplan_tracking_plan(const salesplan_tracking *t);
/** @brief Number of warnings. */
SALESPLAN_API size_t salesplan_tracking_warning_count(const salesplan_tracking *t);
/** @brief Warning `i` (borrowed) or NULL. */
SALESPLAN_API const salesplan_warning *salesplan_tracking_warning(const salesplan_tracking *t,
                                                                  size_t i);

/**
 * @brief Render a tracking: JSON (SPEC §11 keys), Markdown (a pacing
 * review), CSV (one row per rep with today's targets) or SVG (a burn-up chart).
 * @param out Receives NUL-terminated text; free with salesplan_free().
 * @param len Optional; its length without the NUL.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL, SALESPLAN_ENOMEM. Runs in the C
 *         locale whatever the thread's. Thread-safe on a const tracking.
 */
SALESPLAN_API salesplan_status salesplan_tracking_render(char **out, size_t *len,
                                                         const salesplan_tracking *t,
                                                         salesplan_format format,
                                                         salesplan_error *err);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* SALESPLAN_TRACK_H */
