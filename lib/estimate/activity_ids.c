/* Ids of short log values: see activity_ids.h. */
#include <string.h>

#include "common/alloc.h"
#include "estimate/activity_ids.h"
#include "salesplan/common.h"

static void place(slp_act_idcell *cell, size_t mask, const slp_act_idkey *k, uint32_t id)
{
    size_t i = slp_act_ids_slot(k, mask);
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
    if (t->mask >= SLP_ACT_IDS_NEAR)
        __builtin_prefetch(&t->cell[slp_act_ids_slot(k, t->mask)]);
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
