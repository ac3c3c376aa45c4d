/* Counts keyed by (a, b, day): see activity_tab.h. */
#include <string.h>

#include "common/alloc.h"
#include "estimate/activity_tab.h"
#include "salesplan/common.h"

static size_t slot_of(uint32_t a, uint32_t b, int32_t day, size_t mask)
{
    uint64_t h = ((uint64_t)a << 32 | b) * 0x9E3779B97F4A7C15ull;
    h ^= (uint64_t)(uint32_t)day * 0xC2B2AE3D27D4EB4Full;
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
    return (size_t)h & mask;
}

static int grow(slp_act_tab *t)
{
    size_t cells = t->mask ? (t->mask + 1) * 2 : 64;
    slp_act_cell *c = slp_calloc(cells, sizeof *c);
    if (c == NULL)
        return SALESPLAN_ENOMEM;
    size_t mask = cells - 1;
    if (t->mask)
        for (size_t i = 0; i <= t->mask; i++) {
            const slp_act_cell *o = &t->cell[i];
            if (o->n == 0)
                continue;
            size_t s = slot_of(o->a, o->b, o->day, mask);
            while (c[s].n != 0)
                s = (s + 1) & mask;
            c[s] = *o;
        }
    slp_free(t->cell);
    t->cell = c;
    t->mask = mask;
    return SALESPLAN_OK;
}

int slp_act_tab_add(slp_act_tab *t, uint32_t a, uint32_t b, int32_t day, uint32_t n)
{
    if ((t->count + 1) * 4 > (t->mask ? t->mask + 1 : 0) * 3) {
        int rc = grow(t);
        if (rc != SALESPLAN_OK)
            return rc;
    }
    size_t s = slot_of(a, b, day, t->mask);
    for (;;) {
        slp_act_cell *c = &t->cell[s];
        if (c->n == 0) {
            c->a = a;
            c->b = b;
            c->day = day;
            c->n = n;
            t->count++;
            return SALESPLAN_OK;
        }
        if (c->a == a && c->b == b && c->day == day) {
            if (n > UINT32_MAX - c->n)
                return SALESPLAN_ELIMIT;
            c->n += n;
            return SALESPLAN_OK;
        }
        s = (s + 1) & t->mask;
    }
}

void slp_act_tab_free(slp_act_tab *t)
{
    slp_free(t->cell);
    memset(t, 0, sizeof *t);
}
