/* Ids of short log values: see activity_ids.h. */
#include <string.h>

#include "common/alloc.h"
#include "estimate/activity_ids.h"

static void place(slp_act_idcell *cell, size_t mask, const slp_act_idkey *k, uint32_t id)
{
    size_t i = slp_act_ids_slot(k, mask);
    while (cell[i].n1 != 0)
        i = (i + 1) & mask;
    cell[i] = (slp_act_idcell){k->a, k->b, (uint32_t)k->n + 1, id};
}

/* Room for `more` keys beyond those held (0 when there is no memory). */
static int room(slp_act_ids *t, size_t more)
{
    size_t cells = t->mask ? t->mask + 1 : 0, want = cells ? cells : 16;
    while ((t->count + more) * 8 > want * 7)
        want *= 2;
    if (want == cells)
        return 1;
    slp_act_idcell *c = slp_calloc(want, sizeof *c);
    if (c == NULL)
        return 0;
    for (size_t i = 0; i < cells; i++)
        if (t->cell[i].n1 != 0) {
            slp_act_idkey o = {t->cell[i].a, t->cell[i].b, t->cell[i].n1 - 1};
            place(c, want - 1, &o, t->cell[i].id);
        }
    slp_free(t->cell);
    t->cell = c;
    t->mask = want - 1;
    return 1;
}

void slp_act_ids_put(slp_act_ids *t, const slp_act_idkey *k, uint32_t id)
{
    if (!room(t, 1))
        return;
    place(t->cell, t->mask, k, id);
    t->count++;
}

void slp_act_ids_reserve(slp_act_ids *t, size_t n)
{
    if (n > t->count)
        (void)room(t, n - t->count);
}

void slp_act_ids_add(slp_act_ids *t, const slp_act_idkey *k, uint32_t id)
{
    if (!room(t, 1))
        return;
    uint32_t n1 = (uint32_t)k->n + 1;
    size_t i = slp_act_ids_slot(k, t->mask);
    for (;; i = (i + 1) & t->mask) {
        const slp_act_idcell *c = &t->cell[i];
        if (c->n1 == 0)
            break;
        if (c->n1 == n1 && c->a == k->a && c->b == k->b)
            return; /* there */
    }
    t->cell[i] = (slp_act_idcell){k->a, k->b, n1, id};
    t->count++;
}

void slp_act_ids_free(slp_act_ids *t)
{
    slp_free(t->cell);
    memset(t, 0, sizeof *t);
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
