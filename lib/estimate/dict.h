/* Internal: distinct byte strings -> dense ids (estimate_dict.c), used by
 * the estimator and by lib/track/'s CRM reader. Not installed. */
#ifndef SLP_EST_DICT_H
#define SLP_EST_DICT_H

#include <stddef.h>
#include <stdint.h>

/* ---- string interning (estimate_dict.c) ---------------------------------- */

/* Distinct byte strings -> dense ids 0..count-1. Keys are stored NUL-terminated
 * in one arena; pointers into it move when it grows, ids never do. */
typedef struct slp_dict_slot {
    uint32_t id;   /* id + 1, 0 = empty */
    uint32_t hash; /* low hash bits of the slot's key */
} slp_dict_slot;

typedef struct slp_dict {
    slp_dict_slot *slots; /* a probe reads a slot's id and hash together */
    size_t mask;          /* slots - 1 (a power of two minus one), 0 when unallocated */
    char *arena;
    size_t arena_len, arena_cap;
    size_t *off;         /* per id: offset of its key in the arena */
    uint32_t *len;       /* per id: key length */
    size_t count, cap;
} slp_dict;

#define SLP_NO_ID UINT32_MAX

void slp_dict_free(slp_dict *d);
/* Id of an existing key, or SLP_NO_ID. */
uint32_t slp_dict_find(const slp_dict *d, const char *s, size_t n, uint64_t h);
/* Id of the key, added when new (*added = 1). SALESPLAN_OK, ENOMEM or ELIMIT. */
int slp_dict_intern(slp_dict *d, const char *s, size_t n, uint64_t h, uint32_t *id, int *added);
/* Key of `id` (NUL-terminated, valid until the next intern). */
const char *slp_dict_key(const slp_dict *d, uint32_t id, size_t *len);

#endif
