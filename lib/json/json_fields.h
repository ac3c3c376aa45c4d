/* Internal: JSON members written from a table that describes a C struct.
 *
 * Many documents write the members of one struct after another:
 * "name": s->name, "conversion": s->conversion, ... A table of slp_jfield
 * lists them once, in document order, and one loop writes them through the
 * writer of json/json_write.h (same bytes as the calls written out):
 *
 *     static const slp_jfield role_fields[] = {
 *         SLP_JF_OF(salesplan_role_result, TEXT, "name", name),
 *         SLP_JF_OF(salesplan_role_result, NUMBER, "heads", headcount),
 *     };
 *     slp_jw_record(w, SLP_JW_PRETTY, role, SLP_JF_TABLE(role_fields));
 *
 * The entry macros check at compile time that the member has the C type of
 * its kind (TEXT: const char *, NUMBER: double, LLONG: long long, ...). Entries that
 * read no member shape the output: SLP_JF_OBJECT opens an object member,
 * SLP_JF_CLOSE closes it, SLP_JF_WRAPS breaks an inline object's line. */
#ifndef SLP_JSON_FIELDS_H
#define SLP_JSON_FIELDS_H

#include <stddef.h>

#include "json/json_write.h"

typedef enum slp_jf_kind {
    SLP_JF_TEXT,       /* const char *: slp_jw_ktext (NULL writes null) */
    SLP_JF_TEXT0,      /* const char *: the same, but NULL writes "" */
    SLP_JF_STRING,     /* const char *: slp_jw_kstring */
    SLP_JF_NUMBER,     /* double: slp_jw_knumber (null when not finite) */
    SLP_JF_NUMBER_OPT, /* double: nothing at all when NaN */
    SLP_JF_INT,        /* int */
    SLP_JF_LONG,       /* long */
    SLP_JF_LLONG,      /* long long */
    SLP_JF_ULLONG,     /* unsigned long long */
    SLP_JF_BOOL,       /* int: false when 0, else true */
    SLP_JF_RANGE,      /* double low and `aux` the offset of double high: an inline
                          [low, high], null when low is NaN */
    SLP_JF_OPEN,       /* opens the object member `key` with layout `aux` */
    SLP_JF_END,        /* closes the innermost container */
    SLP_JF_WRAP        /* slp_jw_wrap(): the next member starts a new line */
} slp_jf_kind;

typedef struct slp_jfield {
    const char *key;
    size_t offset; /* of the member in the struct */
    slp_jf_kind kind;
    size_t aux; /* SLP_JF_RANGE: offset of high; SLP_JF_OPEN: layout */
} slp_jfield;

/* The C type each kind reads (for the compile-time check in SLP_JF). */
#define SLP_JF_TYPE_TEXT const char *
#define SLP_JF_TYPE_TEXT0 const char *
#define SLP_JF_TYPE_STRING const char *
#define SLP_JF_TYPE_NUMBER double
#define SLP_JF_TYPE_NUMBER_OPT double
#define SLP_JF_TYPE_INT int
#define SLP_JF_TYPE_LONG long
#define SLP_JF_TYPE_LLONG long long
#define SLP_JF_TYPE_ULLONG unsigned long long
#define SLP_JF_TYPE_BOOL int

/* Member `m` of struct type T written as `key` (KIND: TEXT, NUMBER, ...);
 * does not compile when m is not of the kind's C type. */
#define SLP_JF_OF(T, KIND, key, m)                                                                 \
    {(key), offsetof(T, m), _Generic(((T *)0)->m, SLP_JF_TYPE_##KIND: SLP_JF_##KIND), 0}

/* Shorter entries for a table of one struct type, named by the macro
 * SLP_JF_STRUCT while the table is written:
 *     #define SLP_JF_STRUCT salesplan_role_result
 *     static const slp_jfield role_fields[] = {SLP_JFT(name), SLP_JFN(headcount)};
 *     #undef SLP_JF_STRUCT
 * SLP_JF names the key; the others use the member's own name: SLP_JFT text,
 * SLP_JFS string, SLP_JFN number, SLP_JFB bool, SLP_JFI any of int, long,
 * long long and unsigned long long. */
#define SLP_JF(KIND, key, m) SLP_JF_OF(SLP_JF_STRUCT, KIND, key, m)
#define SLP_JFT(m) SLP_JF(TEXT, #m, m)
#define SLP_JFS(m) SLP_JF(STRING, #m, m)
#define SLP_JFN(m) SLP_JF(NUMBER, #m, m)
#define SLP_JFB(m) SLP_JF(BOOL, #m, m)
#define SLP_JFI(m)                                                                                 \
    {#m, offsetof(SLP_JF_STRUCT, m),                                                               \
     _Generic(((SLP_JF_STRUCT *)0)->m, int: SLP_JF_INT, long: SLP_JF_LONG,                         \
              long long: SLP_JF_LLONG, unsigned long long: SLP_JF_ULLONG),                          \
     0}
/* [lo, hi] of two double members as `key`, null when lo is NaN. */
#define SLP_JF_PAIR(key, lo, hi)                                                                   \
    {(key), offsetof(SLP_JF_STRUCT, lo), _Generic(((SLP_JF_STRUCT *)0)->lo, double: SLP_JF_RANGE), \
     _Generic(((SLP_JF_STRUCT *)0)->hi, double: offsetof(SLP_JF_STRUCT, hi))}
#define SLP_JF_OBJECT(key, layout) {(key), 0, SLP_JF_OPEN, (layout)}
#define SLP_JF_CLOSE {NULL, 0, SLP_JF_END, 0}
#define SLP_JF_WRAPS {NULL, 0, SLP_JF_WRAP, 0}

/* A table and its length, for the functions below. */
#define SLP_JF_COUNT(t) (sizeof(t) / sizeof((t)[0]))
#define SLP_JF_TABLE(t) (t), SLP_JF_COUNT(t)

/* The members of `obj` that the n entries of `f` describe, into the open object. */
void slp_jw_fields(slp_jw *w, const void *obj, const slp_jfield *f, size_t n);
/* The same inside an object of its own (a value: array item, after a key...). */
void slp_jw_record(slp_jw *w, int layout, const void *obj, const slp_jfield *f, size_t n);
/* Member `key`: an object (`layout`) holding them. */
void slp_jw_krecord(slp_jw *w, const char *key, int layout, const void *obj, const slp_jfield *f,
                    size_t n);
/* Member `key`: a pretty array of one object (`layout`) per item of the
 * `count` items of `size` bytes from `items`. */
void slp_jw_krecords(slp_jw *w, const char *key, int layout, const void *items, size_t count,
                     size_t size, const slp_jfield *f, size_t n);

#endif
