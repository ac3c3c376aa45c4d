/* Internal: a name and the index of what it names, for putting things in
 * name order (strcmp, bytes) and finding a name again by binary search. */
#ifndef SLP_NAMED_H
#define SLP_NAMED_H

#include <stddef.h>

typedef struct slp_named {
    const char *name; /* borrowed */
    size_t id;        /* the index of what it names, the caller's */
} slp_named;

/* Sort the n entries by name. */
void slp_named_sort(slp_named *v, size_t n);
/* The entry called `name` among the n sorted entries, or NULL (also for a NULL name). */
const slp_named *slp_named_find(const slp_named *v, size_t n, const char *name);

#endif
