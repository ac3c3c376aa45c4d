/**
 * @file salesplan/estimate.h
 * @brief Estimate funnel rates from a CRM export (CSV), and feed them to a plan.
 *
 * Include <salesplan.h> rather than this file directly.
 *
 * Two input shapes (SPEC §7), RFC 4180 CSV with a header row, UTF-8 (a BOM is
 * skipped), columns chosen by header name:
 * - snapshot: one row per deal (id, stage, created, closed, amount, groups);
 * - transitions: one row per stage entry (id, stage, date, amount, groups),
 *   with a given stage order.
 *
 * The input is read in chunks: memory grows with the number of distinct
 * deals (transitions) or won deals (snapshot, for medians) and groups, never
 * with the file size. Figures that have no data are NaN in the structs below
 * (null in JSON). Malformed rows are skipped, counted and reported by line
 * (salesplan_estimate_skipped()), or fail the call in strict mode.
 * See docs/estimate.md for the column shapes of common CRM exports.
 */
#ifndef SALESPLAN_ESTIMATE_H
#define SALESPLAN_ESTIMATE_H

#include "salesplan/common.h"
#include "salesplan/plan.h"
#include "salesplan/result.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup salesplan_estimate Estimating rates from CRM history
 *  @{
 */

/** Opaque estimate; free with salesplan_estimate_free(). */
typedef struct salesplan_estimate salesplan_estimate;

/** Input shapes. */
typedef enum salesplan_estimate_shape {
    SALESPLAN_SHAPE_SNAPSHOT = 0,   /**< One row per deal (default). */
    SALESPLAN_SHAPE_TRANSITIONS = 1 /**< One row per stage entry. */
} salesplan_estimate_shape;

/** How to read dates written with slashes (ISO dates are always accepted). */
typedef enum salesplan_date_order {
    SALESPLAN_DATE_MDY = 0, /**< M/D/YYYY (default, US exports). */
    SALESPLAN_DATE_DMY = 1, /**< D/M/YYYY. */
    SALESPLAN_DATE_AUTO = 2 /**< Inferred from the first chunk of the input: a first number
                                 above 12 means D/M, a second one above 12 means M/D; when
                                 nothing decides, M/D/YYYY with a warning (default). */
} salesplan_date_order;

/**
 * Version of salesplan_estimate_options understood by this header.
 * 1: every field up to `join_key`; 2 (SOVERSION 2): `threads` appended;
 * 3: `decimal_comma`, `allow_skips`, the extra joins and the rep diagnostics;
 * 4: `join_texts`, `join_text_lens` (lookup tables given as CSV text in memory).
 * The library accepts all four: an older struct is read without the later fields
 * (which then take their defaults).
 */
#define SALESPLAN_ESTIMATE_OPTIONS_VERSION 4

/** How amounts write their decimals (salesplan_estimate_options::decimal_comma). */
typedef enum salesplan_decimal_mark {
    SALESPLAN_DECIMAL_AUTO = 0,  /**< A point; a value with a comma and no point after it
                                      (`1.054,00`, `550,5`) is read with a decimal comma. */
    SALESPLAN_DECIMAL_COMMA = 1, /**< A comma; points group thousands (`1.054,00`). */
    SALESPLAN_DECIMAL_POINT = 2  /**< A point only (`1054.00`). */
} salesplan_decimal_mark;

/** Largest salesplan_estimate_options::threads; more gives SALESPLAN_ELIMIT. */
#define SALESPLAN_ESTIMATE_MAX_THREADS 64u

/**
 * @brief Options of salesplan_estimate_file() and friends; initialise with
 * SALESPLAN_ESTIMATE_OPTIONS_INIT or salesplan_estimate_options_init().
 *
 * Column names are matched against the header exactly, then ignoring case,
 * spaces, '_' and '-'. A NULL column name means "detect it": the first header
 * among the names listed in docs/estimate.md (for example `stage`,
 * `deal_stage`, `StageName`, `Deal Stage` for the stage). Every string and
 * array is borrowed for the duration of the call only.
 */
typedef struct salesplan_estimate_options {
    unsigned version;            /**< SALESPLAN_ESTIMATE_OPTIONS_VERSION */
    int shape;                   /**< A salesplan_estimate_shape. */
    const char *id_column;       /**< Deal id (required for transitions), NULL = detect. */
    const char *stage_column;    /**< Stage (required), NULL = detect. */
    const char *created_column;  /**< Snapshot: created date, NULL = detect. */
    const char *closed_column;   /**< Snapshot: closed date, NULL = detect. */
    const char *amount_column;   /**< Amount, NULL = detect. */
    const char *date_column;     /**< Transitions: date the stage was entered, NULL = detect. */
    const char *const *group_columns; /**< Columns to group by (may be NULL). */
    size_t group_count;          /**< Number of group columns. */
    const char *const *won_names;  /**< Stage names meaning won (case-insensitive); NULL = "won", "closed won". */
    size_t won_count;            /**< Number of won names. */
    const char *const *lost_names; /**< Stage names meaning lost; NULL = "lost", "closed lost". */
    size_t lost_count;           /**< Number of lost names. */
    const char *const *stages;   /**< Transitions: stage order, first to last open stage
                                      (the won stage may be listed last). */
    size_t stage_count;          /**< Number of ordered stages. */
    int date_order;              /**< A salesplan_date_order. */
    int strict;                  /**< Non-zero: the first malformed row fails with SALESPLAN_EDATA. */
    size_t max_reported;         /**< Skipped rows reported by line (the rest are counted); default 20. */
    char delimiter;              /**< Field separator; 0 (the default) = sniffed from the
                                      header line among ',', ';', tab and '|'. */
    const char *join_path;       /**< Optional lookup table (CSV) joined on join_key, e.g. a team table. */
    const char *join_key;        /**< Column present in both files; group columns missing from the
                                      export are looked up in the joined table. */
    /* ---- version 2 ---- */
    unsigned threads;            /**< 0 or 1 (the default): read on the calling thread only.
                                      N >= 2: salesplan_estimate_file() may cut a large regular
                                      file (16 MiB or more, either shape, not strict) at line
                                      ends into up to N parts of at least 8 MiB and read them on
                                      as many threads, the calling one included. The figures,
                                      skipped rows and their line numbers are the same whatever
                                      N is. At most SALESPLAN_ESTIMATE_MAX_THREADS. */
    /* ---- version 3 ---- */
    int decimal_comma;           /**< A salesplan_decimal_mark (default AUTO). */
    int allow_skips;             /**< 0 (default): more than half of the rows malformed fails
                                      with SALESPLAN_EDATA; non-zero: they are only skipped. */
    const char *const *join_paths; /**< More lookup tables (after join_path), each with */
    const char *const *join_keys;  /**< its key column; a group column is looked up in the
                                        first table that has it. */
    size_t join_count;           /**< Number of extra tables. */
    const char *rep_column;      /**< Rep diagnostics by this column (SPEC §12), NULL = none. */
    size_t rep_min_n;            /**< Decided deals a rep needs in a stage to be tested (20). */
    double rep_q;                /**< Flag a rep when its q-value is at most this (0.10). */
    /* ---- version 4 ---- */
    const char *const *join_texts; /**< NULL, or `join_count` entries parallel to `join_paths`:
                                        a non-NULL entry i is extra table i as CSV text in
                                        memory, read exactly as the file would be, and
                                        `join_paths[i]` then only names it in messages (may be
                                        NULL: "join[i]"). */
    const size_t *join_text_lens;  /**< Byte lengths of `join_texts` (the text need not be
                                        NUL-terminated); NULL: each text is NUL-terminated. */
} salesplan_estimate_options;

/** Static initialiser for salesplan_estimate_options. */
#define SALESPLAN_ESTIMATE_OPTIONS_INIT                                                   \
    { SALESPLAN_ESTIMATE_OPTIONS_VERSION, SALESPLAN_SHAPE_SNAPSHOT, NULL, NULL, NULL, NULL, \
      NULL, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, SALESPLAN_DATE_AUTO, 0, 20, '\0', NULL, \
      NULL, 0u, SALESPLAN_DECIMAL_AUTO, 0, NULL, NULL, 0, NULL, 20, 0.10, NULL, NULL }

/**
 * @brief Initialise options to their defaults.
 * @param opts    The struct to fill; for an older version only that version's
 *                fields are written (a caller built against an older header).
 * @param version 1 to SALESPLAN_ESTIMATE_OPTIONS_VERSION.
 * @return SALESPLAN_OK, or SALESPLAN_EINVAL for a NULL pointer or an unknown version.
 * Thread-safe.
 */
SALESPLAN_API salesplan_status salesplan_estimate_options_init(salesplan_estimate_options *opts,
                                                              unsigned version);

/**
 * @brief Estimate rates from a CSV file.
 * @param out  Receives the estimate (caller frees with salesplan_estimate_free()); NULL on failure.
 * @param path File name ("-" is not special here; see salesplan_estimate_fd()).
 * @param opts NULL for defaults.
 * @param err  Optional; the problem, with its 1-based line when it comes from the data.
 * @return SALESPLAN_OK; SALESPLAN_ENOENT (cannot open), SALESPLAN_EIO (read error),
 *         SALESPLAN_ESYNTAX (unterminated quote, bad header), SALESPLAN_EDATA (empty file,
 *         missing column, a malformed row in strict mode), SALESPLAN_ELIMIT (a record over
 *         64 MiB), SALESPLAN_EINVAL (bad options), SALESPLAN_ELIMIT (threads above
 *         SALESPLAN_ESTIMATE_MAX_THREADS), SALESPLAN_ENOMEM.
 * Starts threads only when `opts->threads` asks for them (see there).
 * Thread-safe (no shared state).
 */
SALESPLAN_API salesplan_status salesplan_estimate_file(salesplan_estimate **out, const char *path,
                                                      const salesplan_estimate_options *opts,
                                                      salesplan_error *err);

/**
 * @brief Like salesplan_estimate_file() on CSV text held in memory.
 * @param out  Receives the estimate (caller frees with salesplan_estimate_free()); NULL on failure.
 * @param buf  The CSV bytes (need not be NUL-terminated); borrowed during the call.
 * @param len  Their length.
 * @param opts NULL for defaults.
 * @param err  Optional; the problem, with its 1-based line when it comes from the data.
 */
SALESPLAN_API salesplan_status salesplan_estimate_buffer(salesplan_estimate **out,
                                                        const char *buf, size_t len,
                                                        const salesplan_estimate_options *opts,
                                                        salesplan_error *err);

/**
 * @brief Like salesplan_estimate_file() on an open file descriptor (for
 * example standard input), read to its end and not closed.
 * @param out  Receives the estimate (caller frees with salesplan_estimate_free()); NULL on failure.
 * @param fd   An open file descriptor, read with retries on EINTR.
 * @param name Used in messages; may be NULL.
 * @param opts NULL for defaults.
 * @param err  Optional; the problem, with its 1-based line when it comes from the data.
 */
SALESPLAN_API salesplan_status salesplan_estimate_fd(salesplan_estimate **out, int fd,
                                                    const char *name,
                                                    const salesplan_estimate_options *opts,
                                                    salesplan_error *err);

/** @brief Free an estimate. NULL is a no-op. */
SALESPLAN_API void salesplan_estimate_free(salesplan_estimate *e);

/** Win-rate and deal figures of the whole export or of one group (SPEC §7). */
typedef struct salesplan_estimate_figures {
    long long deals;            /**< Deals counted (rows for a snapshot, distinct ids for transitions). */
    long long won;              /**< Won deals. */
    long long lost;             /**< Lost deals. */
    long long open;             /**< Neither won nor lost (censored). */
    double win_rate;            /**< won / (won + lost), NaN when both are 0. */
    double win_rate_low;        /**< Wilson 95% interval (z = 1.959964), low end. */
    double win_rate_high;       /**< Wilson 95% interval, high end. */
    long long won_amount_count; /**< Won deals with an amount. */
    double won_amount_mean;     /**< Mean amount of won deals. */
    double won_amount_median;   /**< Median amount of won deals. */
    double won_amount_sum;      /**< Sum of amounts of won deals (NaN when none has one). */
    long long cycle_count;      /**< Won deals with both dates. */
    double cycle_days_mean;     /**< Mean of closed - created, in days, over won deals. */
    double cycle_days_median;   /**< Median cycle. */
    double cycle_days_p90;      /**< 90th percentile, linear interpolation (numpy's default). */
} salesplan_estimate_figures;

/** The figures of one value of one group column. */
typedef struct salesplan_estimate_group {
    const char *column;                 /**< Group column name. */
    const char *value;                  /**< Its value (rows with an empty value are in no group). */
    salesplan_estimate_figures figures; /**< Figures of the deals with that value. */
} salesplan_estimate_group;

/** Per-stage figures (transitions only). */
typedef struct salesplan_estimate_stage {
    const char *name;       /**< Stage name, as given in the stage order. */
    long long entered;      /**< Deals that entered the stage. */
    long long advanced;     /**< ... and later entered a later stage. */
    long long lost;         /**< ... and were lost from it. */
    long long open;         /**< ... neither (censored). */
    double conversion;      /**< advanced / (advanced + lost), NaN when both are 0. */
    double conversion_low;  /**< Wilson 95% interval, low end. */
    double conversion_high; /**< Wilson 95% interval, high end. */
    double days_mean;       /**< Mean days from entering the stage to entering the next one
                                 (advanced deals with dates). */
    double days_median;     /**< Median of the same. */
} salesplan_estimate_stage;

/** One stage of the funnel fragment a plan can take (plan `funnel.stages`). */
typedef struct salesplan_estimate_funnel_stage {
    const char *name;   /**< Stage name; the last stage is the won stage. */
    double conversion;  /**< In (0, 1] when usable; NaN for the won stage or without history. */
    double days;        /**< Mean days until it advances, NaN when unknown (plans default to 0). */
    long long advanced; /**< Observed history behind the rate: advanced (-1 for the won stage). */
    long long lost;     /**< Observed history: lost (-1 for the won stage). */
} salesplan_estimate_funnel_stage;

/** A skipped (malformed) row. */
typedef struct salesplan_estimate_problem {
    long long line;      /**< 1-based line of the row. */
    const char *message; /**< What is wrong: the column, the rule and the value found. */
} salesplan_estimate_problem;

/** Columns and counts of the run. */
typedef struct salesplan_estimate_info {
    int shape;                  /**< The salesplan_estimate_shape used. */
    long long rows;             /**< Data rows read (blank lines excluded). */
    long long skipped;          /**< Rows skipped as malformed. */
    long long join_unmatched;   /**< Rows whose join key had no match in the joined table. */
    unsigned long long bytes;   /**< Bytes of CSV read. */
    const char *id_column;      /**< Header used for each role, NULL when none. */
    const char *stage_column;   /**< Stage column used. */
    const char *created_column; /**< Created-date column used (snapshot). */
    const char *closed_column;  /**< Closed-date column used (snapshot). */
    const char *amount_column;  /**< Amount column used. */
    const char *date_column;    /**< Date column used (transitions). */
    /* appended in SOVERSION 2 */
    char delimiter;             /**< Field separator used (given or sniffed). */
    int date_order;             /**< SALESPLAN_DATE_MDY or _DMY: the order used. */
    const char *date_from;      /**< Earliest date read (YYYY-MM-DD), NULL when none. */
    const char *date_to;        /**< Latest date read, NULL when none. */
} salesplan_estimate_info;

/** @brief Run information (borrowed from `e`), NULL when `e` is NULL. */
SALESPLAN_API const salesplan_estimate_info *salesplan_estimate_info_get(const salesplan_estimate *e);
/** @brief Figures of the whole export (borrowed from `e`), NULL when `e` is NULL. */
SALESPLAN_API const salesplan_estimate_figures *salesplan_estimate_overall(const salesplan_estimate *e);
/** @brief Number of (column, value) groups, ordered by column then value (bytewise). */
SALESPLAN_API size_t salesplan_estimate_group_count(const salesplan_estimate *e);
/** @brief Group `i` (borrowed) or NULL when out of range. */
SALESPLAN_API const salesplan_estimate_group *salesplan_estimate_group_get(const salesplan_estimate *e,
                                                                         size_t i);
/** @brief Number of group columns. */
SALESPLAN_API size_t salesplan_estimate_group_column_count(const salesplan_estimate *e);
/** @brief Group column `i` (borrowed) or NULL. */
SALESPLAN_API const char *salesplan_estimate_group_column(const salesplan_estimate *e, size_t i);
/** @brief Number of per-stage records (transitions: the ordered non-won stages; 0 for a snapshot). */
SALESPLAN_API size_t salesplan_estimate_stage_count(const salesplan_estimate *e);
/** @brief Stage `i` (borrowed) or NULL. */
SALESPLAN_API const salesplan_estimate_stage *salesplan_estimate_stage_get(const salesplan_estimate *e,
                                                                         size_t i);
/**
 * @brief Number of stages in the funnel fragment (the last one is the won stage).
 *
 * Transitions: the ordered stages plus the won stage. Snapshot: one stage
 * "Opportunity" (conversion = win rate, days = mean cycle) and the won stage.
 */
SALESPLAN_API size_t salesplan_estimate_funnel_count(const salesplan_estimate *e);
/** @brief Funnel stage `i` (borrowed) or NULL. */
SALESPLAN_API const salesplan_estimate_funnel_stage *
salesplan_estimate_funnel_get(const salesplan_estimate *e, size_t i);
/** @brief Number of skipped rows reported by line (at most opts.max_reported). */
SALESPLAN_API size_t salesplan_estimate_problem_count(const salesplan_estimate *e);
/** @brief Reported skipped row `i` (borrowed) or NULL. */
SALESPLAN_API const salesplan_estimate_problem *
salesplan_estimate_problem_get(const salesplan_estimate *e, size_t i);

/** @brief Number of warnings (ambiguous dates, won/lost names never seen, ...). */
SALESPLAN_API size_t salesplan_estimate_warning_count(const salesplan_estimate *e);
/** @brief Warning `i` (borrowed) or NULL. Options are named neutrally: "(option `date_order`)". */
SALESPLAN_API const char *salesplan_estimate_warning(const salesplan_estimate *e, size_t i);

/** Whether a rep's rate in a stage differs from the rest of the team's (SPEC §12). */
typedef enum salesplan_rep_flag {
    SALESPLAN_REP_NOT_FLAGGED = 0, /**< Not tested, or its q-value is above `rep_q`. */
    SALESPLAN_REP_ABOVE = 1,       /**< q <= `rep_q` and the rep's rate is the higher. */
    SALESPLAN_REP_BELOW = 2        /**< q <= `rep_q` and the rep's rate is the lower. */
} salesplan_rep_flag;

/**
 * One rep in one stage against the rest of the team (rep diagnostics, SPEC §12).
 *
 * The rest of the team is every other rep's decided deals in that stage
 * (deals with no rep value belong to nobody). A stage is tested when the rep
 * has at least `rep_min_n` decided deals (advanced + lost) there and the rest
 * at least one: Fisher's exact test, two-sided, on [[advanced, lost],
 * [rest_advanced, rest_lost]]; q-values by Benjamini-Hochberg over every test
 * of the estimate (all reps, all stages). See docs/maths.md §10.
 */
typedef struct salesplan_estimate_rep_stage {
    const char *name;        /**< Transitions: the ordered stage; snapshot: the won stage
                                  (advanced = won, lost = lost). */
    long long advanced;      /**< The rep's deals that advanced from the stage (won). */
    long long lost;          /**< ... and that were lost there. */
    long long rest_advanced; /**< The same for the rest of the team. */
    long long rest_lost;     /**< ... */
    double rate;             /**< advanced / (advanced + lost); NaN when no deal is decided. */
    double rest_rate;        /**< The rest's rate; NaN when the rest decided none. */
    double shrunk_rate;      /**< Empirical-Bayes rate: shrunk toward the team's rate by a
                                  beta prior fitted to the reps (method of moments). */
    double p_value;          /**< Fisher's exact test, two-sided; NaN when not tested. */
    double q_value;          /**< Benjamini-Hochberg q-value; NaN when not tested. */
    salesplan_rep_flag flag; /**< ABOVE / BELOW when q_value <= rep_q. */
} salesplan_estimate_rep_stage;

/** A rep and its stages (every stage, tested or not, in funnel order). */
typedef struct salesplan_estimate_rep {
    const char *name;                            /**< The rep column's value. */
    size_t stage_count;                          /**< Entries in `stages`. */
    const salesplan_estimate_rep_stage *stages;  /**< Borrowed from the estimate. */
} salesplan_estimate_rep;

/** @brief The rep column used (options.rep_column as the header spells it), NULL when none. */
SALESPLAN_API const char *salesplan_estimate_rep_column(const salesplan_estimate *e);
/** @brief Number of reps (values of the rep column with at least one deal), ordered by
 *  name (bytewise); 0 without `rep_column`. */
SALESPLAN_API size_t salesplan_estimate_rep_count(const salesplan_estimate *e);
/** @brief Rep `i` (borrowed from `e`) or NULL when out of range. Thread-safe on a const estimate. */
SALESPLAN_API const salesplan_estimate_rep *salesplan_estimate_rep_get(const salesplan_estimate *e,
                                                                     size_t i);

/**
 * @brief Render an estimate.
 * @param out    Receives NUL-terminated text; free with salesplan_free(). NULL on failure.
 * @param len    Optional; receives the length without the NUL.
 * @param e      The estimate.
 * @param format SALESPLAN_FORMAT_JSON (the SPEC §7 document) or SALESPLAN_FORMAT_MARKDOWN.
 * @param err    Optional; receives the details of a failure.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (NULL or unsupported format), SALESPLAN_ENOMEM.
 * Thread-safe on a const estimate.
 */
SALESPLAN_API salesplan_status salesplan_estimate_render(char **out, size_t *len,
                                                         const salesplan_estimate *e,
                                                         salesplan_format format,
                                                         salesplan_error *err);

/**
 * @brief The funnel fragment alone as JSON, `{"stages": [...]}`: the value of a
 * plan file's `funnel` key.
 * @param out Receives NUL-terminated text; free with salesplan_free(). NULL on failure.
 * @param len Optional; receives the length without the NUL.
 * @param e   The estimate.
 * @param err Optional; receives the details of a failure.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (NULL argument), SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_estimate_funnel_json(char **out, size_t *len,
                                                              const salesplan_estimate *e,
                                                              salesplan_error *err);

/**
 * @brief Fit the plan's funnel to the estimate, keeping the plan valid.
 *
 * - A plan without stages takes the estimate's funnel fragment as it is.
 * - Transitions: every export stage is mapped onto the plan's open stage of
 *   the same name (ignoring case) and gives it its conversion, days and
 *   observed history (a stage without closed history leaves the plan's
 *   figures); the plan's other stages, pipeline and activities stay.
 * - Snapshot: the plan's stages stay; the conversions from the opportunity
 *   stage (the flagged one, else stage 0) to the won stage are rescaled so
 *   that their product equals the estimated win rate (each c becomes
 *   c^a, a = ln(win rate) / ln(product), so each stays in (0, 1]); their days
 *   are scaled to sum to the mean cycle. See docs/maths.md.
 * Everything is checked first: on a refusal the plan is unchanged.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (NULL), SALESPLAN_EDATA (no usable
 *         history, an export stage the plan does not have, a rate of 0),
 *         SALESPLAN_ENOMEM.
 * Not thread-safe on the same plan.
 */
SALESPLAN_API salesplan_status salesplan_plan_apply_estimate(salesplan_plan *p,
                                                            const salesplan_estimate *e,
                                                            salesplan_error *err);

/**
 * @brief salesplan_plan_apply_estimate() with a stage map: export stage
 * `crm_stages[i]` (ignoring case) is the plan's stage `plan_stages[i]`.
 * Stages not in the map are matched by name. Lists are borrowed for the call.
 */
SALESPLAN_API salesplan_status salesplan_plan_apply_estimate_mapped(
    salesplan_plan *p, const salesplan_estimate *e, const char *const *crm_stages,
    const char *const *plan_stages, size_t map_count, salesplan_error *err);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* SALESPLAN_ESTIMATE_H */
