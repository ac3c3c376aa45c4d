/**
 * @file salesplan/activity_state.h
 * @brief Activity yields as a mergeable state (SPEC §12, §14): feed the
 * activity log and the deals export as CSV bytes in chunks or as records in
 * memory, merge states, move them as bytes, finish.
 *
 * Include <salesplan.h> rather than this file directly.
 *
 * The law: any split of the log's rows and of the deals' rows into parts,
 * each fed to its own state (CSV chunks of any size or records), merged in
 * any order or tree shape (through bytes or not), finishes into the same
 * result as one state fed both files whole, when no deal id is repeated
 * across parts of a snapshot and the parts read slash dates in one order.
 * Skipped rows are named by their line in their own part. The state holds
 * counts keyed by the distinct types, owners, deals, accounts, stages and
 * days, never the rows. salesplan_activities_file() and friends are this
 * state fed by the library. See docs/scale.md.
 *
 * A state is not thread-safe: one thread at a time per state.
 */
#ifndef SALESPLAN_ACTIVITY_STATE_H
#define SALESPLAN_ACTIVITY_STATE_H

#include "salesplan/activities.h"
#include "salesplan/common.h"
#include "salesplan/estimate_state.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup salesplan_activity_state Activity yields as mergeable state
 *  @{
 */

/** Opaque accumulator; free with salesplan_activity_state_free(). */
typedef struct salesplan_activity_state salesplan_activity_state;

/** Which input a feed goes to. */
typedef enum salesplan_activity_input {
    SALESPLAN_INPUT_LOG = 0,  /**< The activity log. */
    SALESPLAN_INPUT_DEALS = 1 /**< The deals export. */
} salesplan_activity_input;

/**
 * @brief A new, empty state.
 * @param opts Options as for salesplan_activities_file(), copied (the plan
 *             too: the state owns a copy); NULL for defaults.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (bad options), SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_activity_state_create(
    salesplan_activity_state **out, const salesplan_activities_options *opts, salesplan_error *err);

/**
 * @brief Feed CSV bytes of one input: chunks of any size, the header row in
 * the first bytes. The delimiter and the date order are sniffed from the first
 * 1 MiB of each document (or its whole when shorter), as a file read does.
 * Several documents may follow one another (end each with
 * salesplan_activity_state_feed_csv_end()); their headers must be the same.
 * @return SALESPLAN_OK, the errors of salesplan_activities_buffer() for that
 *         input (the line is the line in this document), SALESPLAN_EINVAL
 *         (another header, bad input). After an error only free the state.
 */
SALESPLAN_API salesplan_status salesplan_activity_state_feed_csv(salesplan_activity_state *s,
                                                                 salesplan_activity_input input,
                                                                 const char *bytes, size_t len,
                                                                 salesplan_error *err);

/**
 * @brief End the CSV document of one input: its last row (without a line
 * end) is counted. Needed before merging, serializing or finishing whenever
 * CSV bytes were fed. Harmless when nothing was fed.
 * @return SALESPLAN_OK, SALESPLAN_EDATA (bytes without a header row),
 *         SALESPLAN_ESYNTAX (an unterminated quote).
 */
SALESPLAN_API salesplan_status salesplan_activity_state_feed_csv_end(
    salesplan_activity_state *s, salesplan_activity_input input, salesplan_error *err);

/**
 * @brief Name the columns of the records of one input that follow (its
 * header row). Must equal the header of any CSV fed to that input.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (NULL, or another header),
 *         SALESPLAN_EDATA (a required column missing), SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_activity_state_set_columns(
    salesplan_activity_state *s, salesplan_activity_input input, const char *const *names,
    size_t count, salesplan_error *err);

/**
 * @brief Feed one record of one input: `count` values in the order of its
 * columns. Text values are read exactly like CSV fields, numbers are written
 * with 17 significant digits, dates (SALESPLAN_VALUE_DATE) as YYYY-MM-DD.
 * Records are numbered as lines of a CSV with one header line.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (no columns set, NULL values, unknown
 *         type), SALESPLAN_ELIMIT, SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_activity_state_feed_record(
    salesplan_activity_state *s, salesplan_activity_input input, const salesplan_value *values,
    size_t count, salesplan_error *err);

/**
 * @brief Fold `src` into `dst` (src is unchanged). Both were made with the same
 * options (the plan included) and read the same headers, when they read them.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (other options or headers, dst == src,
 *         CSV not ended), SALESPLAN_EDATA (the parts read slash dates in
 *         different orders), SALESPLAN_ELIMIT, SALESPLAN_ENOMEM (then free dst).
 */
SALESPLAN_API salesplan_status salesplan_activity_state_merge(salesplan_activity_state *dst,
                                                              const salesplan_activity_state *src,
                                                              salesplan_error *err);

/**
 * @brief The state as bytes: a 32-byte header (magic "SLPACTS1", version,
 * byte-order mark, payload length, FNV-1a-64 checksum) and the payload.
 * Portable across machines of the same byte order.
 * @param out Receives the bytes (free with salesplan_free()).
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (NULL, CSV not ended), SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_activity_state_serialize(
    char **out, size_t *len, const salesplan_activity_state *s, salesplan_error *err);

/**
 * @brief A state from bytes made by salesplan_activity_state_serialize().
 * Everything is checked (length, magic, version, byte order, checksum, every
 * count against the bytes left, every id against its table, every day and
 * class against its range): corrupt or truncated bytes give SALESPLAN_EDATA
 * naming what is wrong, never a state.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (NULL), SALESPLAN_EDATA, SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_activity_state_deserialize(
    salesplan_activity_state **out, const char *bytes, size_t len, salesplan_error *err);

/**
 * @brief The result of everything fed and merged so far (the state is not
 * changed and may take more rows).
 * @return SALESPLAN_OK, the finishing errors of salesplan_activities_file()
 *         (an input without a header, no dated row, an empty range),
 *         SALESPLAN_EINVAL (CSV not ended), SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_activity_state_finish(salesplan_activities **out,
                                                               const salesplan_activity_state *s,
                                                               salesplan_error *err);

/** @brief Free a state. NULL is a no-op. */
SALESPLAN_API void salesplan_activity_state_free(salesplan_activity_state *s);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* SALESPLAN_ACTIVITY_STATE_H */
