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

/* A dictionary may sit over a frozen base (slp_dict_freeze, slp_dict_overlay):
 * ids 0..nbase-1 are the base's keys, read-only and shareable between
 * threads; the dictionary's own keys (slots, arena, off, len) take ids from
 * nbase on. count is always every id. */
typedef struct slp_dict {
    slp_dict_slot *slots; /* a probe reads a slot's id and hash together */
    size_t mask;          /* slots - 1 (a power of two minus one), 0 when unallocated */
    char *arena;
    size_t arena_len, arena_cap;
    size_t *off;         /* per own key (id - nbase): offset of its key in the arena */
    uint32_t *len;       /* per own key: key length */
    size_t count, cap;   /* every id; room in off and len */
    struct slp_dict *base; /* the frozen keys, NULL when none */
    size_t nbase;          /* their count */
    int own_base;          /* 1: freed with this dictionary */
} slp_dict;

#define SLP_NO_ID UINT32_MAX

void slp_dict_free(slp_dict *d);
/* Id of an existing key, or SLP_NO_ID. */
uint32_t slp_dict_find(const slp_dict *d, const char *s, size_t n, uint64_t h);
/* Id of the key, added when new (*added = 1). SALESPLAN_OK, ENOMEM or ELIMIT. */
int slp_dict_intern(slp_dict *d, const char *s, size_t n, uint64_t h, uint32_t *id, int *added);
/* Key of `id` (NUL-terminated, valid until the next intern). */
const char *slp_dict_key(const slp_dict *d, uint32_t id, size_t *len);
/* Move d's keys into a frozen base that d owns and sits over (ids kept):
 * other dictionaries may then share it (slp_dict_overlay) while d takes new
 * keys. d must have no base yet. SALESPLAN_OK or ENOMEM (d unchanged). */
int slp_dict_freeze(slp_dict *d);
/* dst (empty) over src's frozen base, borrowed: src must have been frozen
 * with no key of its own since, and must outlive dst. */
void slp_dict_overlay(slp_dict *dst, const slp_dict *src);

#endif
