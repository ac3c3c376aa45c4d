/* Internal: the library's JSON reader.
 *
 * slp_jpos_scan() checks the whole text against the JSON grammar (RFC 8259)
 * and the library's limits, and records every value as a node: its type, byte
 * span, 1-based line and column (column counted in bytes), its decoded value
 * (strings: escapes and surrogate pairs decoded to UTF-8; numbers: a double
 * read without the locale), and for object members the decoded key and the
 * key's own line and column. Nodes are stored in document order (node 0 is
 * the root); the children of a container are reachable by index, in document
 * order.
 *
 * Every problem is reported at its first offending byte: NaN and infinity
 * literals, numbers that overflow a double, invalid UTF-8, lone surrogates,
 * "\u0000", control characters in strings; a key that appears twice in one
 * object is reported at its second occurrence, with its path.
 *
 * Paths (SPEC §3 notation): object members are joined with '.', array items
 * are "[i]", the root is "". Keys are written as they are, unquoted, so
 * `pipeline.Closed Won` names the member "Closed Won" of "pipeline". A key
 * that itself contains '.' or '[' is still found: slp_jpos_find() prefers the
 * longest member key that matches.
 */
#ifndef SLP_JSON_POS_H
#define SLP_JSON_POS_H

#include <stddef.h>
#include <stdint.h>

#include "salesplan/common.h"

/* Limits (documented in docs/plan-format.md). */
#define SLP_JSON_MAX_BYTES ((size_t)16 * 1024 * 1024) /* 16 MiB */
#define SLP_JSON_MAX_DEPTH 64                          /* nested objects/arrays */
#define SLP_JSON_MAX_VALUES 1000000u                   /* values in one document */

/* "No such node". */
#define SLP_JPOS_NONE ((size_t)-1)

typedef enum slp_jtype {
    SLP_JT_OBJECT,
    SLP_JT_ARRAY,
    SLP_JT_STRING,
    SLP_JT_NUMBER,
    SLP_JT_TRUE,
    SLP_JT_FALSE,
    SLP_JT_NULL
} slp_jtype;

typedef struct slp_jpos slp_jpos;

/* Scan `buf` (len bytes, need not be NUL-terminated; must outlive the result).
 * Returns SALESPLAN_OK and *out; SALESPLAN_ESYNTAX (err has the message and the
 * line:col of the first bad byte); SALESPLAN_ELIMIT (size, depth or value
 * count, with line:col where it applies); SALESPLAN_ENOMEM. *out is NULL on
 * failure. */
int slp_jpos_scan(slp_jpos **out, const char *buf, size_t len, salesplan_error *err);
/* Like slp_jpos_scan, but the text may be any one JSON value (a string, a
 * number, true, false or null too), as in an extension value or a request. */
int slp_jpos_scan_value(slp_jpos **out, const char *buf, size_t len, salesplan_error *err);
void slp_jpos_free(slp_jpos *j);

/* Number of nodes. */
size_t slp_jpos_count(const slp_jpos *j);
slp_jtype slp_jpos_type(const slp_jpos *j, size_t node);
/* Number of children (members or items) of a container node; 0 otherwise. */
size_t slp_jpos_nkids(const slp_jpos *j, size_t node);
/* The i-th child in document order, or SLP_JPOS_NONE. */
size_t slp_jpos_kid(const slp_jpos *j, size_t node, size_t i);
/* The member of object `node` whose decoded key is key[0..klen), or SLP_JPOS_NONE. */
size_t slp_jpos_member(const slp_jpos *j, size_t node, const char *key, size_t klen);
/* The decoded key of an object member (NUL-terminated; *len excludes the
 * NUL), or NULL for array items and the root. */
const char *slp_jpos_key(const slp_jpos *j, size_t node, size_t *len);
/* The member whose key's opening quote is at line:col, or SLP_JPOS_NONE. */
size_t slp_jpos_key_at(const slp_jpos *j, long line, long col);
/* Write the path of `node` into `out` (truncated to `size`, always NUL-terminated). */
void slp_jpos_path(const slp_jpos *j, size_t node, char *out, size_t size);
/* Line and column of a value (1-based; column in bytes). */
void slp_jpos_where(const slp_jpos *j, size_t node, long *line, long *col);
/* Line and column of a member's key (its opening quote); the value's for array
 * items and the root. */
void slp_jpos_key_where(const slp_jpos *j, size_t node, long *line, long *col);
/* The raw source text of a value (for numbers: the token as written). */
const char *slp_jpos_raw(const slp_jpos *j, size_t node, size_t *len);

/* The decoded text of a string node (NUL-terminated, valid UTF-8 without NUL
 * bytes; *len excludes the NUL), or NULL (and *len 0) for other nodes. Lives
 * as long as the table. */
const char *slp_jpos_string(const slp_jpos *j, size_t node, size_t *len);
/* The value of a number node: 0 and *out, or -1 for other nodes. The token
 * is read without the locale and rounded correctly. */
int slp_jpos_number(const slp_jpos *j, size_t node, double *out);
/* The value of a true or false node: 0 and *out (1 or 0), or -1 for others. */
int slp_jpos_bool(const slp_jpos *j, size_t node, int *out);

/* 1 when string node `node` decodes to exactly s[0..len). */
int slp_jpos_string_eq(const slp_jpos *j, size_t node, const char *s, size_t len);

/* The node named by `path`, or the deepest node whose path is a prefix of it
 * (at least the root). *exact (optional) is 1 when the whole path was found. */
size_t slp_jpos_find(const slp_jpos *j, const char *path, int *exact);

/* Line and column of byte offset `off` in `buf` (1-based, column in bytes). */
void slp_jpos_offset_where(const char *buf, size_t len, size_t off, long *line, long *col);

#endif
