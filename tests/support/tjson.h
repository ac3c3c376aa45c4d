/* Reading JSON in the tests with the library's own reader (lib/json/json_pos.h):
 * replies, rendered documents and plan texts are parsed into a scan and walked
 * through value handles. Test code only.
 *
 * A parse never fails because of the counting allocator of test_alloc.h: its
 * failure point is paused while the text is scanned. */
#ifndef SALESPLAN_TESTS_SUPPORT_TJSON_H
#define SALESPLAN_TESTS_SUPPORT_TJSON_H

#include <stddef.h>

#include "json/json_pos.h"

/** A parsed document: owns a copy of the text and its scan. */
typedef struct tj_doc tj_doc;

/** A value in a document: the scan and a node, or no value (node == SLP_JPOS_NONE). */
typedef struct tj {
    const slp_jpos *jp;
    size_t node;
} tj;

/** Parse any one JSON value (duplicate keys refused). NULL on failure, with the
 * reader's message in `why` (optional, at least 256 bytes). */
tj_doc *tj_parse(const char *text, size_t len, char *why);
/** tj_parse of a NUL-terminated text. */
tj_doc *tj_parse_str(const char *text);
void tj_free(tj_doc *d);
/** The root value. */
tj tj_root(const tj_doc *d);

/** 1 when the handle names a value. */
int tj_ok(tj v);
/** Member `key` of an object, or no value. */
tj tj_get(tj obj, const char *key);
/** Item i of an array (or member i of an object), or no value. */
tj tj_at(tj v, size_t i);
/** Members of an object or items of an array; 0 otherwise. */
size_t tj_size(tj v);
/** The key of member i of an object, or NULL. */
const char *tj_key(tj obj, size_t i);

int tj_is_object(tj v);
int tj_is_array(tj v);
int tj_is_string(tj v);
int tj_is_number(tj v);
/** A number written without fraction or exponent. */
int tj_is_integer(tj v);
int tj_is_null(tj v);
int tj_is_bool(tj v);
int tj_is_true(tj v);

/** The decoded text of a string, or NULL. */
const char *tj_str(tj v);
/** Its length in bytes (0 for non-strings). */
size_t tj_strlen(tj v);
/** A number's value (0 for non-numbers). */
double tj_num(tj v);
/** An integer's value (0 for other values). */
long long tj_int(tj v);

/** Parse `text` (NUL-terminated) and return its root, or no value when it is
 * not JSON. Free the document with tj_drop(root). */
tj tj_load(const char *text);
/** Free the document loaded by tj_load that `root` belongs to (no value: nothing). */
void tj_drop(tj root);

int tj_is_false(tj v);

/** Deep equality: same types; objects with the same keys (any order) and
 * equal values; arrays item by item; numbers with the same value. */
int tj_equal(tj a, tj b);

#endif
