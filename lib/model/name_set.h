/* Internal: an open-addressing hash set of names, each mapped to the index
 * of the element that owns it, so that "is this name taken?" costs O(1)
 * whatever the count (a plan at the documented limits loads in linear time).
 * The names are borrowed: they belong to the elements, which never rename. */
#ifndef SLP_NAME_SET_H
#define SLP_NAME_SET_H

#include <stddef.h>
#include <stdint.h>

typedef struct slp_name_slot {
    const char *name; /* NULL: empty slot */
    uint64_t hash;
    size_t index;
} slp_name_slot;

typedef struct slp_name_set {
    slp_name_slot *slots;
    size_t cap;   /* 0 or a power of two */
    size_t count; /* at most cap / 2 */
} slp_name_set;

/* Index stored for `name`, or -1 when the set does not hold it. */
long slp_name_set_find(const slp_name_set *s, const char *name);
/* Add `name` (not yet in the set, borrowed until removed or cleared) with
 * its element index. SALESPLAN_OK or SALESPLAN_ENOMEM (the set unchanged). */
int slp_name_set_add(slp_name_set *s, const char *name, size_t index);
/* Forget every name; the memory is kept for reuse. */
void slp_name_set_clear(slp_name_set *s);
/* Release the memory; the set is then empty. */
void slp_name_set_free(slp_name_set *s);

#endif
