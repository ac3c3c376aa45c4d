/* String interning for the estimator: deal ids, stage names, group values. */
#include <string.h>

#include "common/alloc.h"
#include "common/free_all.h"
#include "estimate/estimate_internal.h"

void slp_dict_free(slp_dict *d)
{
    if (d == NULL)
        return;
    SLP_FREE_ALL(d->slots, d->arena, d->off, d->len);
    if (d->own_base) {
        slp_dict_free(d->base);
        slp_free(d->base);
    }
    memset(d, 0, sizeof *d);
}

/* Own key k (its id is nbase + k). */
static int key_eq(const slp_dict *d, uint32_t k, const char *s, size_t n)
{
    return d->len[k] == n && memcmp(d->arena + d->off[k], s, n) == 0;
}

uint32_t slp_dict_find(const slp_dict *d, const char *s, size_t n, uint64_t h)
{
    if (d->base != NULL) {
        uint32_t b = slp_dict_find(d->base, s, n, h);
        if (b != SLP_NO_ID)
            return b;
    }
    if (d->mask == 0)
        return SLP_NO_ID;
    uint32_t hh = (uint32_t)h;
    size_t i = (size_t)(h >> 32) & d->mask;
    for (;;) {
        slp_dict_slot v = d->slots[i];
        if (v.id == 0)
            return SLP_NO_ID;
        if (v.hash == hh && key_eq(d, v.id - 1, s, n))
            return (uint32_t)(d->nbase + v.id - 1);
        i = (i + 1) & d->mask;
    }
}

static int rehash(slp_dict *d, size_t nslots)
{
    slp_dict_slot *slots = slp_calloc(nslots, sizeof *slots);
    if (slots == NULL)
        return -1;
    size_t mask = nslots - 1;
    for (size_t k = 0; k < d->count - d->nbase; k++) {
        uint64_t h = slp_hash_bytes(d->arena + d->off[k], d->len[k]);
        size_t i = (size_t)(h >> 32) & mask;
        while (slots[i].id != 0)
            i = (i + 1) & mask;
        slots[i] = (slp_dict_slot){(uint32_t)k + 1, (uint32_t)h};
    }
    slp_free(d->slots);
    d->slots = slots;
    d->mask = mask;
    return 0;
}

int slp_dict_intern(slp_dict *d, const char *s, size_t n, uint64_t h, uint32_t *id, int *added)
{
    *added = 0;
    uint32_t found = slp_dict_find(d, s, n, h);
    if (found != SLP_NO_ID) {
        *id = found;
        return SALESPLAN_OK;
    }
    if (d->count >= (size_t)UINT32_MAX - 1 || n > UINT32_MAX)
        return SALESPLAN_ELIMIT;
    size_t own = d->count - d->nbase; /* the new key's own index */
    /* keep the load factor under 1/2 */
    if (d->mask == 0 || (own + 1) * 2 > d->mask + 1) {
        size_t nslots = d->mask ? (d->mask + 1) * 2 : 64;
        if (nslots < d->mask || rehash(d, nslots) != 0)
            return SALESPLAN_ENOMEM;
    }
    if (own == d->cap) {
        /* off and len share one capacity */
        size_t ncap = d->cap ? d->cap * 2 : 16;
        if (slp_resize_pair((void **)&d->len, sizeof *d->len, (void **)&d->off, sizeof *d->off,
                            ncap) != 0)
            return SALESPLAN_ENOMEM;
        d->cap = ncap;
    }
    if (n + 1 > SIZE_MAX - d->arena_len ||
        slp_grow((void **)&d->arena, &d->arena_cap, d->arena_len + n + 1, 1) != 0)
        return SALESPLAN_ENOMEM;
    memcpy(d->arena + d->arena_len, s, n);
    d->arena[d->arena_len + n] = '\0';
    d->off[own] = d->arena_len;
    d->len[own] = (uint32_t)n;
    d->arena_len += n + 1;
    size_t i = (size_t)(h >> 32) & d->mask;
    while (d->slots[i].id != 0)
        i = (i + 1) & d->mask;
    d->slots[i] = (slp_dict_slot){(uint32_t)own + 1, (uint32_t)h};
    *id = (uint32_t)d->count;
    d->count++;
    *added = 1;
    return SALESPLAN_OK;
}

const char *slp_dict_key(const slp_dict *d, uint32_t id, size_t *len)
{
    if (id >= d->count)
        return NULL;
    if (id < d->nbase)
        return slp_dict_key(d->base, id, len);
    size_t k = id - d->nbase;
    if (len)
        *len = d->len[k];
    return d->arena + d->off[k];
}

int slp_dict_freeze(slp_dict *d)
{
    slp_dict *base = slp_malloc(sizeof *base);
    if (base == NULL)
        return SALESPLAN_ENOMEM;
    *base = *d; /* the arrays move, their addresses (and keys' pointers) stay */
    memset(d, 0, sizeof *d);
    d->base = base;
    d->nbase = d->count = base->count;
    d->own_base = 1;
    return SALESPLAN_OK;
}

void slp_dict_overlay(slp_dict *dst, const slp_dict *src)
{
    memset(dst, 0, sizeof *dst);
    dst->base = src->base;
    dst->nbase = dst->count = src->nbase;
}
