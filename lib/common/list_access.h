/* Internal: the two public accessors of a list that a handle holds, defined
 * once for every such list (estimate groups and stages, tracking reps,
 * comparison rows...):
 *
 *     size_t count_fn(const H *h);        the number of items, 0 for NULL;
 *     const I *item_fn(const H *h, size_t i);
 *                                         item i, borrowed from the handle
 *                                         (lives as long as it), NULL for a
 *                                         NULL handle or i out of range.
 *
 * `count` is the member of H holding the number of items and `at` the item as
 * an expression of `h` and `i`, e.g. &h->stages[i] or h->names[i]. */
#ifndef SLP_LIST_ACCESS_H
#define SLP_LIST_ACCESS_H

#include <stddef.h>

#define SLP_LIST_ACCESSORS(count_fn, item_fn, H, I, count, at)                                     \
    size_t count_fn(const H *h) { return h ? h->count : 0; }                                       \
    const I *item_fn(const H *h, size_t i) { return h && i < h->count ? (at) : NULL; }

#endif
