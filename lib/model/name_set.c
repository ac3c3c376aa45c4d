/* Open-addressing hash set of borrowed names (see name_set.h): linear
 * probing in a power-of-two table kept at most half full. */
#include "model/name_set.h"

#include <string.h>

#include "common/alloc.h"
#include "common/hash.h"
#include "salesplan/common.h"

/* Slots of the first table; it doubles whenever it would pass half full. */
#define NAME_SET_FIRST_CAP 16u

/* Slot holding `name`, or the empty slot where it would go. */
static slp_name_slot *probe(slp_name_slot *slots, size_t cap, const char *name, uint64_t h)
{
    size_t mask = cap - 1, i = (size_t)h & mask;
    while (slots[i].name != NULL &&
           (slots[i].hash != h || strcmp(slots[i].name, name) != 0))
        i = (i + 1) & mask;
    return &slots[i];
}

long slp_name_set_find(const slp_name_set *s, const char *name)
{
    if (s->count == 0 || name == NULL)
        return -1;
    const slp_name_slot *e = probe(s->slots, s->cap, name, slp_hash_str(name));
    return e->name ? (long)e->index : -1;
}

static int grow(slp_name_set *s)
{
    size_t cap = s->cap ? s->cap * 2 : NAME_SET_FIRST_CAP;
    slp_name_slot *slots = slp_calloc(cap, sizeof *slots);
    if (slots == NULL)
        return SALESPLAN_ENOMEM;
    for (size_t i = 0; i < s->cap; i++)
        if (s->slots[i].name != NULL)
            *probe(slots, cap, s->slots[i].name, s->slots[i].hash) = s->slots[i];
    slp_free(s->slots);
    s->slots = slots;
    s->cap = cap;
    return SALESPLAN_OK;
}

int slp_name_set_add(slp_name_set *s, const char *name, size_t index)
{
    if ((s->count + 1) * 2 > s->cap && grow(s) != SALESPLAN_OK)
        return SALESPLAN_ENOMEM;
    uint64_t h = slp_hash_str(name);
    slp_name_slot *e = probe(s->slots, s->cap, name, h);
    if (e->name == NULL)
        s->count++;
    e->name = name;
    e->hash = h;
    e->index = index;
    return SALESPLAN_OK;
}

void slp_name_set_clear(slp_name_set *s)
{
    if (s->cap)
        memset(s->slots, 0, s->cap * sizeof *s->slots);
    s->count = 0;
}

void slp_name_set_free(slp_name_set *s)
{
    slp_free(s->slots);
    memset(s, 0, sizeof *s);
}
