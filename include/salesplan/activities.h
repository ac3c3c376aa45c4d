/**
 * @file salesplan/activities.h
 * @brief What each activity yields, from an activity log and a deals export (SPEC §12).
 *
 * Include <salesplan.h> rather than this file directly.
 *
 * Two CSV inputs, columns chosen by header name (given or detected):
 * - the activity log: one row per activity done: date, type, owner, and
 *   optionally a deal id and an account;
 * - the deals: a SPEC §7 export with an owner column, either a snapshot (one
 *   row per deal, created and closed dates) or transitions (one row per stage
 *   entry, one date per row); the shape is detected from the columns.
 *
 * For every activity (a plan activity, or a type of the log when the plan has
 * none for it): the rows in the date range, the entries into the stage it
 * feeds, activities per entry and per won deal, the same per owner, and how
 * many rows are attributed to a deal (by deal id, or by an account whose deal
 * was created within `window_days` after the activity) with the mean
 * activities per won and per lost deal. Figures without data are NaN (null in
 * JSON). See docs/estimate.md ("Activity logs").
 */
#ifndef SALESPLAN_ACTIVITIES_H
#define SALESPLAN_ACTIVITIES_H

#include "salesplan/common.h"
#include "salesplan/estimate.h"
#include "salesplan/plan.h"
#include "salesplan/result.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup salesplan_activities Activity yields from an activity log
 *  @{
 */

/** Opaque result; free with salesplan_activities_free(). */
typedef struct salesplan_activities salesplan_activities;

/**
 * Version of salesplan_activities_options understood by this header.
 * 1: every field up to `max_reported`; 2: `threads` appended. The library
 * accepts both: a version 1 struct is read without `threads` (one thread).
 */
#define SALESPLAN_ACTIVITIES_OPTIONS_VERSION 2

/** Largest salesplan_activities_options::threads; more gives SALESPLAN_ELIMIT. */
#define SALESPLAN_ACTIVITIES_MAX_THREADS 64u

/** Shape of the deals file (salesplan_activities_options::deals_shape). */
typedef enum salesplan_deals_shape {
    SALESPLAN_DEALS_AUTO = 0,        /**< Created and closed columns: snapshot; else transitions. */
    SALESPLAN_DEALS_SNAPSHOT = 1,    /**< One row per deal. */
    SALESPLAN_DEALS_TRANSITIONS = 2  /**< One row per stage entry. */
} salesplan_deals_shape;

/**
 * @brief Options of salesplan_activities_file() and friends; initialise with
 * SALESPLAN_ACTIVITIES_OPTIONS_INIT or salesplan_activities_options_init().
 *
 * A NULL column name means "detect it" from the usual header names
 * (docs/estimate.md); a given name is matched exactly, then ignoring case,
 * spaces, '_', '-' and '.'. Strings, arrays and the plan are borrowed for the
 * duration of the call only.
 */
typedef struct salesplan_activities_options {
    unsigned version;              /**< SALESPLAN_ACTIVITIES_OPTIONS_VERSION */
    const salesplan_plan *plan;    /**< Optional: activities, their stages, the funnel order. */
    /* the activity log */
    const char *date_column;       /**< Date the activity was done, NULL = detect. */
    const char *type_column;       /**< Activity type, NULL = detect. */
    const char *owner_column;      /**< Who did it, NULL = detect (optional). */
    const char *deal_column;       /**< Deal id, NULL = detect (optional). */
    const char *account_column;    /**< Account, NULL = detect (optional). */
    /* the deals file */
    int deals_shape;               /**< A salesplan_deals_shape. */
    const char *deals_id_column;      /**< Deal id, NULL = detect. */
    const char *deals_stage_column;   /**< Stage, NULL = detect. */
    const char *deals_created_column; /**< Snapshot: created date, NULL = detect. */
    const char *deals_closed_column;  /**< Snapshot: closed date, NULL = detect. */
    const char *deals_date_column;    /**< Transitions: date the stage was entered, NULL = detect. */
    const char *deals_owner_column;   /**< Owner, NULL = detect. */
    const char *deals_account_column; /**< Account, NULL = detect (optional). */
    /* names */
    const char *const *map_types;      /**< Log types ... */
    const char *const *map_activities; /**< ... and the plan activity each one is. */
    size_t map_count;                  /**< Pairs in the map. */
    const char *const *won_names;  /**< Stage names meaning won; NULL = "won", "closed won". */
    size_t won_count;              /**< Number of won names. */
    const char *const *lost_names; /**< Stage names meaning lost; NULL = "lost", "closed lost". */
    size_t lost_count;             /**< Number of lost names. */
    /* range and reading */
    const char *from;              /**< First day (YYYY-MM-DD), NULL = the default range. */
    const char *to;                /**< Last day, inclusive, NULL = the default range. */
    long window_days;              /**< Account attribution window, >= 0 (default 30). */
    int date_order;                /**< A salesplan_date_order (default AUTO). */
    char delimiter;                /**< 0: sniffed from each file's header line. */
    size_t max_reported;           /**< Skipped rows reported by line per file (20). */
    /* ---- version 2 ---- */
    unsigned threads;              /**< 0 or 1 (the default): read on the calling thread only.
                                        N >= 2: salesplan_activities_file() may cut a large
                                        regular log file (16 MiB or more) at line ends into up
                                        to N parts of at least 8 MiB and read them on as many
                                        threads, the calling one included (the deals file is
                                        read first, on the calling thread). The result, skipped
                                        rows and their line numbers are the same whatever N is.
                                        Ignored by the buffer and descriptor calls and by the
                                        state. At most SALESPLAN_ACTIVITIES_MAX_THREADS. */
} salesplan_activities_options;

/** Static initialiser for salesplan_activities_options. */
#define SALESPLAN_ACTIVITIES_OPTIONS_INIT                                                   \
    { SALESPLAN_ACTIVITIES_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL,             \
      SALESPLAN_DEALS_AUTO, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0, \
      NULL, 0, NULL, NULL, 30, SALESPLAN_DATE_AUTO, '\0', 20, 0u }

/**
 * @brief Initialise options to their defaults.
 * @param version 1 or SALESPLAN_ACTIVITIES_OPTIONS_VERSION; for version 1 only
 *                that version's fields are written (a caller built against an
 *                older header).
 * @return SALESPLAN_OK, or SALESPLAN_EINVAL for NULL or an unknown version.
 */
SALESPLAN_API salesplan_status
salesplan_activities_options_init(salesplan_activities_options *opts, unsigned version);

/**
 * @brief Activity yields from an activity log and a deals export (files).
 * @param out   Receives the result (free with salesplan_activities_free()); NULL on failure.
 * @param log   Path of the activity log (CSV).
 * @param deals Path of the deals export (CSV).
 * @param opts  NULL for defaults.
 * @param err   Optional; the problem, with the file ("activities" or "deals") as its
 *              path and the 1-based line when it comes from the data.
 * @return SALESPLAN_OK; SALESPLAN_ENOENT, SALESPLAN_EIO, SALESPLAN_ESYNTAX (unterminated
 *         quote, bad header), SALESPLAN_EDATA (empty file, missing column, a --map type
 *         naming no plan activity, an empty range), SALESPLAN_EINVAL (bad options),
 *         SALESPLAN_ELIMIT (also `threads` above SALESPLAN_ACTIVITIES_MAX_THREADS),
 *         SALESPLAN_ENOMEM.
 * Thread-safe (no shared state). Starts threads only when `opts->threads` asks for them.
 */
SALESPLAN_API salesplan_status salesplan_activities_file(salesplan_activities **out,
                                                         const char *log, const char *deals,
                                                         const salesplan_activities_options *opts,
                                                         salesplan_error *err);

/** @brief Like salesplan_activities_file() on CSV text held in memory (borrowed). */
SALESPLAN_API salesplan_status salesplan_activities_buffer(
    salesplan_activities **out, const char *log, size_t log_len, const char *deals,
    size_t deals_len, const salesplan_activities_options *opts, salesplan_error *err);

/** @brief Like salesplan_activities_file() on open descriptors, read to the end, not closed. */
SALESPLAN_API salesplan_status salesplan_activities_fd(salesplan_activities **out, int log_fd,
                                                       int deals_fd,
                                                       const salesplan_activities_options *opts,
                                                       salesplan_error *err);

/** @brief Free a result. NULL is a no-op. */
SALESPLAN_API void salesplan_activities_free(salesplan_activities *a);

/** Yield of one activity (or of one owner's share of it). */
typedef struct salesplan_activity_yield {
    const char *name;         /**< Plan activity name, or the log's type. */
    const char *owner;        /**< Owner (per-owner records), NULL for the activity's total. */
    const char *stage;        /**< Stage it feeds (plan stage, or the first stage). */
    long long count;          /**< Rows in the range. */
    long long entries;        /**< Entries into the stage in the range; -1 when unknown. */
    double per_entry;         /**< count / entries, NaN when entries is 0 or unknown. */
    long long won_deals;      /**< Deals won in the range. */
    double per_won_deal;      /**< count / won_deals, NaN when 0. */
    double planned_per_entry; /**< The plan's per_entry, NaN when none. */
    long long attributed;     /**< Rows attributed to a deal. */
    double coverage;          /**< attributed / count, NaN when count is 0. */
    double mean_per_won_deal; /**< Attributed activities per won deal that had any, NaN when none. */
    double mean_per_lost_deal;/**< The same for lost deals. */
} salesplan_activity_yield;

/** Range, shapes, columns and counts of the run. */
typedef struct salesplan_activities_info {
    const char *from;            /**< First day of the range (YYYY-MM-DD), NULL when empty. */
    const char *to;              /**< Last day of the range. */
    int deals_shape;             /**< SALESPLAN_DEALS_SNAPSHOT or _TRANSITIONS. */
    long window_days;            /**< Attribution window used. */
    long long log_rows;          /**< Data rows of the log. */
    long long log_skipped;       /**< ... skipped as malformed. */
    long long log_in_range;      /**< ... dated in the range. */
    long long deals_rows;        /**< Data rows of the deals file. */
    long long deals_skipped;     /**< ... skipped as malformed. */
    long long deals;             /**< Distinct deals. */
    long long attributed;        /**< Log rows in range attributed to a deal. */
    double coverage;             /**< attributed / log_in_range, NaN when 0. */
    long long won_touched;       /**< Won deals with at least one attributed activity. */
    long long lost_touched;      /**< Lost deals with at least one attributed activity. */
    const char *log_columns[5];  /**< date, type, owner, deal, account (NULL when none). */
    const char *deals_columns[7];/**< id, stage, created, closed, date, owner, account. */
} salesplan_activities_info;

/** @brief Run information (borrowed), NULL when `a` is NULL. */
SALESPLAN_API const salesplan_activities_info *
salesplan_activities_info_get(const salesplan_activities *a);
/** @brief Number of activities (plan activities first, in plan order; then log types). */
SALESPLAN_API size_t salesplan_activities_count(const salesplan_activities *a);
/** @brief Activity `i` (borrowed) or NULL when out of range. */
SALESPLAN_API const salesplan_activity_yield *
salesplan_activities_get(const salesplan_activities *a, size_t i);
/** @brief Number of per-owner records of activity `i` (0 when out of range). */
SALESPLAN_API size_t salesplan_activities_owner_count(const salesplan_activities *a, size_t i);
/** @brief Owner record `j` of activity `i` (borrowed; ordered by owner), NULL when out of range. */
SALESPLAN_API const salesplan_activity_yield *
salesplan_activities_owner_get(const salesplan_activities *a, size_t i, size_t j);
/** @brief Number of log types counted under activity `i` (0 when out of range). */
SALESPLAN_API size_t salesplan_activities_type_count(const salesplan_activities *a, size_t i);
/** @brief Log type `j` of activity `i` (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_activities_type(const salesplan_activities *a, size_t i,
                                                    size_t j);
/** @brief Number of warnings (unknown stages of a snapshot, unmapped types, ...). */
SALESPLAN_API size_t salesplan_activities_warning_count(const salesplan_activities *a);
/** @brief Warning `i` (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_activities_warning(const salesplan_activities *a, size_t i);

/**
 * @brief Render the result: SALESPLAN_FORMAT_JSON (docs/result-format.md) or _MARKDOWN.
 * @param out Receives NUL-terminated text; free with salesplan_free(). NULL on failure.
 * @param len Optional; receives the length without the NUL.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (NULL or unsupported format), SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_activities_render(char **out, size_t *len,
                                                           const salesplan_activities *a,
                                                           salesplan_format format,
                                                           salesplan_error *err);

/**
 * @brief The plan's `activities` list as JSON with each `per_entry` replaced by
 * the measured one (kept where the measure is null), ready for a plan file.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (NULL, or the run had no plan), SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_activities_emit(char **out, size_t *len,
                                                         const salesplan_activities *a,
                                                         salesplan_error *err);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* SALESPLAN_ACTIVITIES_H */
