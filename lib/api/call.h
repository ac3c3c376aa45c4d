/* Internal: the pieces of salesplan_json_call() shared by its operations.
 *
 * A request has been scanned (json/json_pos.h) and is known to be an object;
 * its node 0 is the root. Each operation reads its keys with the helpers
 * below, which fill `err` with the key's path ("trials", "options.shape") and
 * a message naming the rule and what was found, and return a status. */
#ifndef SLP_API_CALL_H
#define SLP_API_CALL_H

#include <stddef.h>

#include "common/strbuf.h"
#include "json/json_pos.h"
#include "salesplan.h"

typedef struct slp_call {
    const char *buf; /* the caller's text */
    size_t len;
    slp_jpos *jp;    /* its scan; node 0 is the root object */
} slp_call;

/* An operation: appends its reply to `out`, or fails with a status and `err`. */
typedef int (*slp_call_fn)(const slp_call *rq, slp_strbuf *out, salesplan_error *err);

/* An operation as the dispatcher sees it: its name, its handler and the
 * request keys it accepts besides "op" (NULL-ended). Each call_<op>.c
 * defines its own next to the code that reads those keys. */
typedef struct slp_call_op {
    const char *name;
    slp_call_fn run;
    const char *const *keys;
} slp_call_op;

extern const slp_call_op slp_op_estimate, slp_op_simulate, slp_op_track, slp_op_sensitivity,
    slp_op_compare;
int slp_call_activities(const slp_call *rq, slp_strbuf *out, salesplan_error *err);

/* Member `key` of object node `obj`; SLP_JPOS_NONE when absent or null. */
size_t slp_call_member(const slp_call *rq, size_t obj, const char *key);
/* "an object", "a string", ... for messages. */
const char *slp_call_type_name(slp_jtype t);

/* Typed reads of node `n` (SLP_JPOS_NONE = absent: nothing is written and
 * SALESPLAN_OK returned); a value of another type or out of range gives
 * SALESPLAN_EINVAL at `path`. Strings live as long as the request's scan. */
int slp_call_string(const slp_call *rq, size_t n, const char *path, const char **out,
                    salesplan_error *err);
int slp_call_bool(const slp_call *rq, size_t n, const char *path, int *out,
                  salesplan_error *err);
/* A whole number written without fraction, exponent or sign, 0..max (read
 * from its digits, so every 64-bit value is exact). */
int slp_call_count(const slp_call *rq, size_t n, const char *path, unsigned long long max,
                   unsigned long long *out, salesplan_error *err);

/* The same reads of the root's member `key` (also the error path). */
int slp_call_key_string(const slp_call *rq, const char *key, const char **out,
                        salesplan_error *err);
int slp_call_key_count(const slp_call *rq, const char *key, unsigned long long max,
                       unsigned long long *out, salesplan_error *err);
/* A string node that must be one of `choices` (NULL-ended): its index in
 * *index (absent: *index untouched). The message lists the choices. */
int slp_call_choice(const slp_call *rq, size_t n, const char *path, const char *const *choices,
                    int *index, salesplan_error *err);
/* The request's "options" object: *obj is its node, SLP_JPOS_NONE when
 * absent. Not an object, or a key not in `keys` (NULL-ended), gives
 * SALESPLAN_EINVAL at "options" or "options.<key>" (message `unknown`). */
int slp_call_options(const slp_call *rq, const char *const *keys, const char *unknown,
                     size_t *obj, salesplan_error *err);
/* "trials", "seed" and "threads" of a simulating operation: whole numbers
 * that fit the fields (the limits are the library's: ELIMIT past them);
 * absent ones keep their values. */
int slp_call_trials(const slp_call *rq, unsigned long long *trials, unsigned long long *seed,
                    unsigned *threads, salesplan_error *err);

/* ---- options read from a table (call_opts.c) ---------------------------- */

/* What one option key holds and how it is stored into the options struct. */
typedef enum slp_call_opt_kind {
    SLP_OPT_STRING, /* a string: const char * (lives as long as the scan) */
    SLP_OPT_BOOL,   /* true or false: int */
    SLP_OPT_COUNT,  /* a whole number 0..max: an unsigned field of `size` bytes */
    SLP_OPT_NUMBER, /* a number: double; `rule` words the refusal of another type */
    SLP_OPT_CHOICE, /* one of `choices`: int, values[index] (the index when NULL) */
    SLP_OPT_CHAR    /* one character other than a quote or a line end: char */
} slp_call_opt_kind;

typedef struct slp_call_opt {
    const char *key;
    slp_call_opt_kind kind;
    size_t off, size;           /* the field: offsetof and sizeof */
    unsigned long long max;     /* SLP_OPT_COUNT */
    const char *const *choices; /* SLP_OPT_CHOICE, NULL-ended */
    const int *values;          /* SLP_OPT_CHOICE, one per choice, or NULL */
    const char *rule;           /* SLP_OPT_NUMBER: "must be a number in (0, 1)" */
} slp_call_opt;

/* A row of an options table: the field `f` of struct type `T`. */
#define SLP_OPT_FIELD(T, f) offsetof(T, f), sizeof(((T *)0)->f)
#define SLP_OPT_STR(key, T, f) {key, SLP_OPT_STRING, SLP_OPT_FIELD(T, f), 0, NULL, NULL, NULL}

/* Read the members of object node `obj` named in `opts` (n rows, in table
 * order) into the struct `dst`; an absent or null member leaves its field as
 * it was (n: SLP_CALL_NOPTS of a static table). Each refusal is SALESPLAN_EINVAL at "<prefix><key>" (prefix "" for
 * the request's own keys, "options." for its options object). */
#define SLP_CALL_NOPTS(table) (sizeof(table) / sizeof((table)[0]))
int slp_call_read_opts(const slp_call *rq, size_t obj, const char *prefix, const slp_call_opt *opts,
                       size_t n, void *dst, salesplan_error *err);

/* Formats an operation accepts, as bits 1u << salesplan_format, and the
 * sets the operations use. */
#define SLP_CALL_FMT(f) (1u << (unsigned)(f))
#define SLP_CALL_FMTS_JSON_MD \
    (SLP_CALL_FMT(SALESPLAN_FORMAT_JSON) | SLP_CALL_FMT(SALESPLAN_FORMAT_MARKDOWN))
#define SLP_CALL_FMTS_TABLES (SLP_CALL_FMTS_JSON_MD | SLP_CALL_FMT(SALESPLAN_FORMAT_CSV))
#define SLP_CALL_FMTS_CHARTS (SLP_CALL_FMTS_JSON_MD | SLP_CALL_FMT(SALESPLAN_FORMAT_SVG))
#define SLP_CALL_FMTS_ALL (SLP_CALL_FMTS_TABLES | SLP_CALL_FMT(SALESPLAN_FORMAT_SVG))
/* "format": one of `allowed`, JSON when absent; *name is its canonical name. */
int slp_call_format(const slp_call *rq, unsigned allowed, salesplan_format *fmt,
                    const char **name, salesplan_error *err);
/* The reply for rendered text: a JSON document as it is, any other format
 * as {"format": name, "text": text}. */
void slp_call_reply(slp_strbuf *out, salesplan_format fmt, const char *name, const char *text,
                    size_t len);
/* The end of an operation: when rc is SALESPLAN_OK the reply for the
 * rendered text; the text is freed (salesplan_free) either way. Returns rc. */
int slp_call_reply_rendered(slp_strbuf *out, int rc, salesplan_format fmt, const char *name,
                            char *text, size_t len);

/* ---- the rendered document of an operation (call_doc.c) ---------------- */

/* The object an operation renders, by kind. */
typedef enum slp_doc_kind {
    SLP_DOC_RESULT,
    SLP_DOC_SIMULATION,
    SLP_DOC_SENSITIVITY,
    SLP_DOC_ESTIMATE,
    SLP_DOC_TRACKING,
    SLP_DOC_COMPARISON
} slp_doc_kind;

typedef struct slp_call_doc {
    slp_doc_kind kind;
    union {
        salesplan_result *result;
        salesplan_simulation *sim;
        salesplan_sensitivity *sens;
        salesplan_estimate *estimate;
        salesplan_tracking *tracking;
        salesplan_comparison *comparison;
    } u;                  /* the object of `kind` (NULL: none made) */
    salesplan_format fmt; /* from slp_call_format */
    const char *fmt_name;
} slp_call_doc;

/* A document of `kind` with no object yet, in JSON until "format" is read. */
#define SLP_CALL_DOC(kind) {kind, {NULL}, SALESPLAN_FORMAT_JSON, "json"}

/* The end of an operation: when rc is SALESPLAN_OK, render the document's
 * object in its format and append the reply (slp_call_reply); the object is
 * freed either way. Returns the status. */
int slp_call_reply_doc(slp_strbuf *out, int rc, slp_call_doc *doc, salesplan_error *err);
/* An operation on one plan (doc->kind RESULT, SIMULATION or SENSITIVITY):
 * unless rc (the status of the options read so far) is an error, read
 * "format" among `allowed` and "plan", run the plan with `opts` (the kind's
 * options struct), then reply as slp_call_reply_doc does. */
int slp_call_plan_op(const slp_call *rq, int rc, slp_call_doc *doc, const void *opts,
                     unsigned allowed, slp_strbuf *out, salesplan_error *err);

/* Where the plan of a request is: a string's decoded text (positions count
 * inside it), or an object's source text (positions are moved into the
 * request's coordinates). */
typedef struct slp_call_plan_src {
    const char *buf;
    size_t len;
    long line, column; /* where an object plan starts in the request; 0 for a string */
} slp_call_plan_src;

int slp_call_plan_source(const slp_call *rq, slp_call_plan_src *ps, salesplan_error *err);
/* The same for another member holding a JSON document (e.g. "actuals"). */
int slp_call_text_source(const slp_call *rq, const char *key, slp_call_plan_src *ps,
                         salesplan_error *err);
/* A position inside an object plan's text, moved into the request's coordinates. */
void slp_call_shift(const slp_call_plan_src *ps, long *line, long *column);
/* Read and load the request's "plan"; problems carry request positions. */
int slp_call_load_plan(const slp_call *rq, salesplan_plan **out, salesplan_error *err);
/* The last reads of a plan operation: its "format" (slp_call_format), then
 * its "plan" (slp_call_load_plan). */
int slp_call_format_and_plan(const slp_call *rq, unsigned allowed, salesplan_format *fmt,
                             const char **name, salesplan_plan **plan, salesplan_error *err);

#endif
