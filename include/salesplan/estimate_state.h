/**
 * @file salesplan/estimate_state.h
 * @brief Estimation as a mergeable state (SPEC §14): feed CSV bytes in chunks
 * or records in memory, merge states, move them as bytes, finish.
 *
 * Include <salesplan.h> rather than this file directly.
 *
 * The law: any split of the input rows into parts, each fed to its own state,
 * merged in any order or tree shape (through bytes or not), finishes into
 * the same estimate as one state fed everything: counts, sums, rates and
 * quantiles exactly. The state is bounded by the distinct values and groups
 * (and, for transitions, the distinct deals), not by the rows. What each part
 * costs: docs/scale.md. salesplan_estimate_file() and its threads are this
 * state fed by the library.
 *
 * A state is not thread-safe: one thread at a time per state (distinct states
 * are independent).
 */
#ifndef SALESPLAN_ESTIMATE_STATE_H
#define SALESPLAN_ESTIMATE_STATE_H

#include "salesplan/common.h"
#include "salesplan/estimate.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup salesplan_estimate_state Estimation as mergeable state
 *  @{
 */

/** Opaque accumulator; free with salesplan_estimate_state_free(). */
typedef struct salesplan_estimate_state salesplan_estimate_state;

/** Types of a record's values (salesplan_value). */
typedef enum salesplan_value_type {
    SALESPLAN_VALUE_NULL = 0,   /**< Absent (an empty CSV field). */
    SALESPLAN_VALUE_TEXT = 1,   /**< `text`, `len` bytes of UTF-8, read like a CSV field. */
    SALESPLAN_VALUE_NUMBER = 2, /**< `number` (NaN = absent); never read with a decimal comma. */
    SALESPLAN_VALUE_DATE = 3    /**< `day`: days since 1970-01-01. */
} salesplan_value_type;

/** One value of a record (a field of a row already in memory). */
typedef struct salesplan_value {
    salesplan_value_type type; /**< Which member holds the value. */
    const char *text;          /**< TEXT: the bytes (borrowed during the call). */
    size_t len;                /**< TEXT: their length. */
    double number;             /**< NUMBER. */
    long long day;             /**< DATE. */
} salesplan_value;

/** Largest serialized state accepted (4 GiB). */
#define SALESPLAN_ESTIMATE_STATE_MAX_BYTES ((unsigned long long)1 << 32)

/**
 * @brief A new, empty state.
 * @param out  Receives the state; NULL on failure.
 * @param opts Options as for salesplan_estimate_file() (copied: the state owns them);
 *             NULL for defaults. `threads` is ignored.
 * @param err  Optional.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (bad options), SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_estimate_state_create(salesplan_estimate_state **out,
                                                              const salesplan_estimate_options *opts,
                                                              salesplan_error *err);

/**
 * @brief Feed CSV bytes: chunks of any size (1 byte to the whole file), the
 * header row in the first bytes. Rows are counted as soon as they are complete.
 * Several CSV documents may be fed one after the other (end each with
 * salesplan_estimate_state_feed_csv_end()); their headers must be the same.
 * @return SALESPLAN_OK, the errors of salesplan_estimate_buffer() (the line is
 *         the line in this CSV document), SALESPLAN_EINVAL (another header).
 *         After an error the state keeps what was counted before the failing
 *         row; do not feed it further.
 */
SALESPLAN_API salesplan_status salesplan_estimate_state_feed_csv(salesplan_estimate_state *s,
                                                                const char *bytes, size_t len,
                                                                salesplan_error *err);

/**
 * @brief End the current CSV document: its last row (without a line end) is
 * counted. Needed before merging, serializing or finishing only when the last
 * row has no line end; harmless otherwise, and when nothing was fed.
 */
SALESPLAN_API salesplan_status salesplan_estimate_state_feed_csv_end(salesplan_estimate_state *s,
                                                                    salesplan_error *err);

/**
 * @brief Name the columns of the records that follow (the header row of
 * records). Must equal the header of any CSV fed to the state, when there is one.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (NULL, or another header than the
 *         state's), SALESPLAN_EDATA (a required column missing), SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_estimate_state_set_columns(salesplan_estimate_state *s,
                                                                   const char *const *names,
                                                                   size_t count,
                                                                   salesplan_error *err);

/**
 * @brief Feed one record: `count` values in the order of the columns set by
 * salesplan_estimate_state_set_columns(). Text values are read exactly like
 * CSV fields; a record with another number of values is a malformed row.
 * Records are numbered as lines of a CSV with one header line (the first
 * record is line 2).
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (no columns set, NULL values,
 *         unknown type), SALESPLAN_EDATA (strict mode), SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_estimate_state_feed_record(salesplan_estimate_state *s,
                                                                   const salesplan_value *values,
                                                                   size_t count,
                                                                   salesplan_error *err);

/**
 * @brief Fold `src` into `dst` (src is unchanged). Both were created with the
 * same options (threads aside) and read the same header, when they read one.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (other options or header, dst == src),
 *         SALESPLAN_EDATA (the parts inferred different date orders: name it),
 *         SALESPLAN_ENOMEM (dst may then hold part of src: free it).
 */
SALESPLAN_API salesplan_status salesplan_estimate_state_merge(salesplan_estimate_state *dst,
                                                             const salesplan_estimate_state *src,
                                                             salesplan_error *err);

/**
 * @brief The state as bytes: a versioned header (magic "SLPESTS1", version,
 * byte-order mark, payload length, FNV-1a-64 checksum of the payload) and the
 * payload. Portable across machines of the same byte order; the same state
 * gives the same bytes.
 * @param out Receives the bytes (free with salesplan_free()); NULL on failure.
 * @param len Receives their length.
 */
SALESPLAN_API salesplan_status salesplan_estimate_state_serialize(char **out, size_t *len,
                                                                 const salesplan_estimate_state *s,
                                                                 salesplan_error *err);

/**
 * @brief A state from bytes made by salesplan_estimate_state_serialize().
 * Everything is checked (length, magic, version, byte order, checksum, every
 * count against the bytes left, every value against its range): corrupt or
 * truncated bytes give SALESPLAN_EDATA with what is wrong, never a state.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (NULL), SALESPLAN_EDATA, SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_estimate_state_deserialize(salesplan_estimate_state **out,
                                                                   const char *bytes, size_t len,
                                                                   salesplan_error *err);

/**
 * @brief The estimate of everything fed and merged so far (the state is not
 * changed and may take more rows).
 * @return SALESPLAN_OK, SALESPLAN_EDATA (most rows malformed without
 *         allow_skips), SALESPLAN_ENOMEM.
 */
SALESPLAN_API salesplan_status salesplan_estimate_state_finish(salesplan_estimate **out,
                                                              const salesplan_estimate_state *s,
                                                              salesplan_error *err);

/** @brief Free a state. NULL is a no-op. */
SALESPLAN_API void salesplan_estimate_state_free(salesplan_estimate_state *s);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* SALESPLAN_ESTIMATE_STATE_H */
