/* Internal: the one JSON writer behind every document the library writes
 * (result, plan file, estimate, simulation, json_call replies).
 *
 * It appends to an slp_strbuf (allocation failures are sticky in the buffer:
 * check sb->failed or slp_sb_finish() once at the end). Each object or array
 * is opened with a layout:
 *   SLP_JW_PRETTY  every member on its own line, indented two spaces per
 *                  enclosing pretty container; an empty one stays "[]";
 *   SLP_JW_INLINE  members on one line separated by ", ": {"a": 1, "b": 2}.
 * An inline container does not indent, so a pretty array inside an inline
 * object lines its items up with the object's own indentation:
 *     "funnel": {"stages": [
 *       {"name": "Lead", ...},
 *       {"name": "Won"}
 *     ]},
 * Keys are written "key": value. Numbers are shortest round-trip decimals
 * (json/dtoa.h), null when not finite. Strings are escaped per RFC 8259;
 * slp_jw_text() also replaces bytes that are not well-formed UTF-8 with
 * U+FFFD so the document always parses. Nothing here uses printf or the
 * locale. Not thread-safe per writer; writers are independent. */
#ifndef SLP_JSON_WRITE_H
#define SLP_JSON_WRITE_H

#include "common/strbuf.h"

/* Deepest nesting of containers; deeper opens mark the buffer failed. */
#define SLP_JW_MAX_NEST 32

enum { SLP_JW_INLINE = 0, SLP_JW_PRETTY = 1 };

typedef struct slp_jw {
    slp_strbuf *sb;
    int level;     /* open containers */
    int depth;     /* open pretty containers: the indentation */
    int after_key; /* a key was written: the value needs no separator */
    int wrap;      /* slp_jw_wrap() was called for the next member */
    struct {
        unsigned char pretty, first, array;
    } st[SLP_JW_MAX_NEST];
} slp_jw;

void slp_jw_init(slp_jw *w, slp_strbuf *sb);

/* Open an object or array (as a value: after a key, as an array item, or
 * at the top) and close the innermost one. */
void slp_jw_object(slp_jw *w, int layout);
void slp_jw_array(slp_jw *w, int layout);
void slp_jw_end(slp_jw *w);

/* The next member of the innermost (inline) container starts on a new line,
 * one column right of its indentation, under the first member:
 *     {"name": "A", "entered": 5,
 *      "conversion": 0.8} */
void slp_jw_wrap(slp_jw *w);

/* A member key; the value follows with one of the calls below. */
void slp_jw_key(slp_jw *w, const char *key);

/* Values. A NULL string is written as null. */
void slp_jw_string(slp_jw *w, const char *s);
void slp_jw_text(slp_jw *w, const char *s);
void slp_jw_number(slp_jw *w, double v);
void slp_jw_int(slp_jw *w, long long v);
void slp_jw_uint(slp_jw *w, unsigned long long v);
void slp_jw_bool(slp_jw *w, int b);
void slp_jw_null(slp_jw *w);
/* A value given as JSON text, copied as it is (the caller checked it). */
void slp_jw_raw(slp_jw *w, const char *json);

/* Key and value in one call. */
void slp_jw_kstring(slp_jw *w, const char *key, const char *s);
void slp_jw_ktext(slp_jw *w, const char *key, const char *s);
void slp_jw_knumber(slp_jw *w, const char *key, double v);
void slp_jw_kint(slp_jw *w, const char *key, long long v);
void slp_jw_kbool(slp_jw *w, const char *key, int b);
/* Key and an opened object or array (close it with slp_jw_end). */
void slp_jw_kobject(slp_jw *w, const char *key, int layout);
void slp_jw_karray(slp_jw *w, const char *key, int layout);
/* Key and an inline array of the n numbers v. */
void slp_jw_knumbers(slp_jw *w, const char *key, const double *v, size_t n);
/* Optional members: nothing for a NULL string or a NaN (absent) number. */
void slp_jw_kstring_opt(slp_jw *w, const char *key, const char *s);
void slp_jw_knumber_opt(slp_jw *w, const char *key, double v);

/* The same escaping for callers that write JSON without a writer: a string
 * literal, quotes included; slp_json_text() as slp_jw_text(). */
void slp_json_string(slp_strbuf *sb, const char *s);
void slp_json_text(slp_strbuf *sb, const char *s);
/* A number as slp_jw_number() writes it. */
void slp_json_number(slp_strbuf *sb, double v);

#endif
