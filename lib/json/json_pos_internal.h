/* Internal to lib/json/json_pos*.c: the node table. */
#ifndef SLP_JSON_POS_INTERNAL_H
#define SLP_JSON_POS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "json/json_pos.h"

typedef struct jnode {
    uint32_t parent;     /* UINT32_MAX for the root */
    uint32_t nkids;
    uint32_t kids_start; /* index into kids[] */
    uint32_t off, end;   /* byte span of the value */
    uint32_t line, col;
    uint32_t key_off, key_len; /* decoded key in the arena (NUL-terminated) */
    uint32_t key_line, key_col;
    unsigned char type;
    union {
        double num;                         /* SLP_JT_NUMBER: its value */
        struct { uint32_t off, len; } str;  /* SLP_JT_STRING: decoded text in the arena */
    } v;
} jnode;

struct slp_jpos {
    const char *buf;
    size_t len;
    jnode *nodes;
    size_t count, cap;
    uint32_t *kids;
    /* Decoded keys and string values, each followed by a NUL. A string never
     * decodes longer than its source text, and the NUL takes the place of a
     * quote, so len + 1 bytes always suffice: allocated once. */
    char *arena;
    size_t arena_len;
};

/* A JSON number token s[0..n) (already checked against the grammar) as a
 * double, read without the locale (json_pos_num.c). Returns 0, or -1 when it
 * overflows a double, -3 when it is not 0 but underflows to 0, or -2 when
 * out of memory. */
int slp_jpos_read_number(const char *s, size_t n, double *out);

/* Refuse a key that appears twice in one object (json_pos_dup.c): at the
 * second occurrence, with its path, line and column. The table must be
 * complete (kids built). Returns SALESPLAN_OK, SALESPLAN_ESYNTAX or
 * SALESPLAN_ENOMEM (err set). */
int slp_jpos_check_duplicates(const slp_jpos *j, salesplan_error *err);

#endif
