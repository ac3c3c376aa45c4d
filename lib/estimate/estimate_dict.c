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
    memset(d, 0, sizeof *d);
}

static int key_eq(const slp_dict *d, uint32_t id, const char *s, size_t n)
{
    return d->len[id] == n && memcmp(d->arena + d->off[id], s, n) == 0;
}

uint32_t slp_dict_find(const slp_dict *d, const char *s, size_t n, uint64_t h)
{
    if (d->mask == 0)
        return SLP_NO_ID;
    uint32_t hh = (uint32_t)h;
    size_t i = (size_t)(h >> 32) & d->mask;
    for (;;) {
        slp_dict_slot v = d->slots[i];
        if (v.id == 0)
            return SLP_NO_ID;
        if (v.hash == hh && key_eq(d, v.id - 1, s, n))
            return v.id - 1;
        i = (i + 1) & d->mask;
    }
}

static int rehash(slp_dict *d, size_t nslots)
{
    slp_dict_slot *slots = slp_calloc(nslots, sizeof *slots);
    if (slots == NULL)
        return -1;
    size_t mask = nslots - 1;
    for (size_t id = 0; id < d->count; id++) {
        uint64_t h = slp_hash_bytes(d->arena + d->off[id], d->len[id]);
        size_t i = (size_t)(h >> 32) & mask;
        while (slots[i].id != 0)
            i = (i + 1) & mask;
        slots[i] = (slp_dict_slot){(uint32_t)id + 1, (uint32_t)h};
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
    /* keep the load factor under 1/2 */
    if (d->mask == 0 || (d->count + 1) * 2 > d->mask + 1) {
        size_t nslots = d->mask ? (d->mask + 1) * 2 : 64;
        if (nslots < d->mask || rehash(d, nslots) != 0)
            return SALESPLAN_ENOMEM;
    }
    if (d->count == d->cap) {
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
    d->off[d->count] = d->arena_len;
    d->len[d->count] = (uint32_t)n;
    d->arena_len += n + 1;
    size_t i = (size_t)(h >> 32) & d->mask;
    while (d->slots[i].id != 0)
        i = (i + 1) & d->mask;
    d->slots[i] = (slp_dict_slot){(uint32_t)d->count + 1, (uint32_t)h};
    *id = (uint32_t)d->count;
    d->count++;
    *added = 1;
    return SALESPLAN_OK;
}

const char *slp_dict_key(const slp_dict *d, uint32_t id, size_t *len)
{
    if (id >= d->count)
        return NULL;
    if (len)
        *len = d->len[id];
    return d->arena + d->off[id];
}
