/* Internal: the ids of a log column's short values (at most 16 bytes), found
 * without the dictionary (activity_read.c). An exact table (open addressing,
 * linear probing, up to seven eighths full) whose cells hold the text itself
 * as two words, so a value met before costs one look at one cache line or
 * two, where the dictionary looks at its slots, its offsets and its text.
 * A deal or account column of a hundred thousand values takes 3 MB; a type
 * or owner column a few cells. Values are read as two 8-byte words: the text
 * must lie in a buffer with SLP_CSV_PAD bytes after it. Not installed. */
#ifndef SLP_ACTIVITY_IDS_H
#define SLP_ACTIVITY_IDS_H

#include <stddef.h>
#include <stdint.h>

#include "estimate/estimate_internal.h"

typedef struct slp_act_idcell {
    uint64_t a, b;  /* the text's bytes, zero-padded */
    uint32_t n1;    /* its length + 1; 0 = an empty cell */
    uint32_t id;
} slp_act_idcell;

typedef struct slp_act_ids {
    slp_act_idcell *cell;
    size_t mask;  /* cells - 1, 0 when unallocated */
    size_t count;
} slp_act_ids;

/* The key of [s, s+n) (n <= 16) for slp_act_ids_find / _put. */
typedef struct slp_act_idkey {
    uint64_t a, b;
    size_t n;
} slp_act_idkey;

/* (n == 0: the empty key, s not read.) */
static inline void slp_act_ids_key(slp_act_idkey *k, const char *s, size_t n)
{
    k->a = n ? slp_load_prefix(s, n) : 0;
    k->b = n > 8 ? slp_load_prefix(s + 8, n - 8) : 0;
    k->n = n;
}
/* 1 with *id when the key is in the table, else 0. */
int slp_act_ids_find(const slp_act_ids *t, const slp_act_idkey *k, uint32_t *id);
/* Remember key -> id (the key must not be in the table). When the table
 * cannot grow (no memory) the value is simply not remembered. */
void slp_act_ids_put(slp_act_ids *t, const slp_act_idkey *k, uint32_t id);
void slp_act_ids_free(slp_act_ids *t);
/* dst (empty) as a copy of src. SALESPLAN_OK or ENOMEM. */
int slp_act_ids_copy(slp_act_ids *dst, const slp_act_ids *src);
/* Ask the processor to fetch the key's first cell (a hint, no effect on the
 * table): rows are read in batches, their lookups fetched ahead. */
void slp_act_ids_prefetch(const slp_act_ids *t, const slp_act_idkey *k);
/* The key's text back (n bytes and a NUL) into buf[17]. */
void slp_act_ids_text(const slp_act_idkey *k, char buf[17]);

#endif
