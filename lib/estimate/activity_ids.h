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
static inline size_t slp_act_ids_slot(const slp_act_idkey *k, size_t mask)
{
    uint64_t h = (k->a * 0x9E3779B97F4A7C15ull) ^ (k->b * 0xC2B2AE3D27D4EB4Full) ^ k->n;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return (size_t)(h >> 32) & mask;
}

/* 1 with *id when the key is in the table, else 0 (inline: it is asked
 * several times a row). */
static inline int slp_act_ids_find(const slp_act_ids *t, const slp_act_idkey *k, uint32_t *id)
{
    if (t->mask == 0)
        return 0;
    uint32_t n1 = (uint32_t)k->n + 1;
    for (size_t i = slp_act_ids_slot(k, t->mask);; i = (i + 1) & t->mask) {
        const slp_act_idcell *c = &t->cell[i];
        if (c->n1 == 0)
            return 0;
        if (c->n1 == n1 && c->a == k->a && c->b == k->b) {
            *id = c->id;
            return 1;
        }
    }
}
/* Remember key -> id (the key must not be in the table). When the table
 * cannot grow (no memory) the value is simply not remembered. */
void slp_act_ids_put(slp_act_ids *t, const slp_act_idkey *k, uint32_t id);
/* Make room for n keys in all at once (a hint: nothing when no memory). */
void slp_act_ids_reserve(slp_act_ids *t, size_t n);
/* Remember key -> id unless the key is there (one look). */
void slp_act_ids_add(slp_act_ids *t, const slp_act_idkey *k, uint32_t id);
void slp_act_ids_free(slp_act_ids *t);
/* Ask the processor to fetch the key's first cell (a hint, no effect on the
 * table): rows are read in batches, their lookups fetched ahead. Tables of
 * up to SLP_ACT_IDS_NEAR cells stay in the processor's nearest cache and are
 * not fetched ahead. */
#define SLP_ACT_IDS_NEAR 1024
void slp_act_ids_prefetch(const slp_act_ids *t, const slp_act_idkey *k);
/* The key's text back (n bytes and a NUL) into buf[17]. */
void slp_act_ids_text(const slp_act_idkey *k, char buf[17]);

#endif
