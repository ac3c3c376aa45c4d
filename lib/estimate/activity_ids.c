/* Ids of short log values: see activity_ids.h. */
#include <string.h>

#include "common/alloc.h"
#include "estimate/activity_ids.h"
#include "salesplan/common.h"

static size_t slot_of(const slp_act_idkey *k, size_t mask)
{
    uint64_t h = (k->a * 0x9E3779B97F4A7C15ull) ^ (k->b * 0xC2B2AE3D27D4EB4Full) ^ k->n;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return (size_t)(h >> 32) & mask;
}

int slp_act_ids_find(const slp_act_ids *t, const slp_act_idkey *k, uint32_t *id)
{
    if (t->mask == 0)
        return 0;
    uint32_t n1 = (uint32_t)k->n + 1;
    for (size_t i = slot_of(k, t->mask);; i = (i + 1) & t->mask) {
        const slp_act_idcell *c = &t->cell[i];
        if (c->n1 == 0)
            return 0;
        if (c->n1 == n1 && c->a == k->a && c->b == k->b) {
            *id = c->id;
            return 1;
        }
    }
}

static void place(slp_act_idcell *cell, size_t mask, const slp_act_idkey *k, uint32_t id)
{
    size_t i = slot_of(k, mask);
    while (cell[i].n1 != 0)
        i = (i + 1) & mask;
    cell[i] = (slp_act_idcell){k->a, k->b, (uint32_t)k->n + 1, id};
}

void slp_act_ids_put(slp_act_ids *t, const slp_act_idkey *k, uint32_t id)
{
    size_t cells = t->mask ? t->mask + 1 : 0;
    if ((t->count + 1) * 8 > cells * 7) {
        size_t more = cells ? cells * 2 : 16;
        slp_act_idcell *c = slp_calloc(more, sizeof *c);
        if (c == NULL)
            return;
        for (size_t i = 0; i < cells; i++)
            if (t->cell[i].n1 != 0) {
                slp_act_idkey o = {t->cell[i].a, t->cell[i].b, t->cell[i].n1 - 1};
                place(c, more - 1, &o, t->cell[i].id);
            }
        slp_free(t->cell);
        t->cell = c;
        t->mask = more - 1;
    }
    place(t->cell, t->mask, k, id);
    t->count++;
}

void slp_act_ids_free(slp_act_ids *t)
{
    slp_free(t->cell);
    memset(t, 0, sizeof *t);
}

int slp_act_ids_copy(slp_act_ids *dst, const slp_act_ids *src)
{
    *dst = *src;
    if (src->mask == 0)
        return SALESPLAN_OK;
    dst->cell = slp_malloc((src->mask + 1) * sizeof *dst->cell);
    if (dst->cell == NULL) {
        memset(dst, 0, sizeof *dst);
        return SALESPLAN_ENOMEM;
    }
    memcpy(dst->cell, src->cell, (src->mask + 1) * sizeof *dst->cell);
    return SALESPLAN_OK;
}

void slp_act_ids_prefetch(const slp_act_ids *t, const slp_act_idkey *k)
{
#if defined(__GNUC__) || defined(__clang__)
    if (t->mask)
        __builtin_prefetch(&t->cell[slot_of(k, t->mask)]);
#else
    (void)t;
    (void)k;
#endif
}

void slp_act_ids_text(const slp_act_idkey *k, char buf[17])
{
    memcpy(buf, &k->a, 8);
    memcpy(buf + 8, &k->b, 8);
    buf[k->n] = '\0';
}
