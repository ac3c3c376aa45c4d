/* Internal allocation helpers: every allocation of the library goes through these. */
#ifndef SLP_ALLOC_H
#define SLP_ALLOC_H

#include <stddef.h>

void *slp_malloc(size_t size);
void *slp_calloc(size_t n, size_t size);           /* zeroed; overflow-checked */
void *slp_realloc(void *ptr, size_t size);
void *slp_reallocarray(void *ptr, size_t n, size_t size); /* overflow-checked */
void slp_free(void *ptr);
char *slp_strdup(const char *s);                   /* NULL in, NULL out */
char *slp_strndup(const char *s, size_t n);

/* Grow *items (of `size` bytes each) so it holds at least `need`; *cap is updated.
 * Returns 0 on success, -1 on allocation failure or overflow (nothing changed). */
int slp_grow(void **items, size_t *cap, size_t need, size_t size);

/* An empty list's array: n zeroed items (of `size` bytes) in *items and
 * *cap = n; nothing for n == 0 (*items untouched, NULL in an empty list).
 * Returns 0, or -1 on allocation failure or overflow (nothing changed). */
int slp_alloc_items(void **items, size_t *cap, size_t n, size_t size);

/* Resize the parallel arrays *a and *b (items of asize and bsize bytes) to n
 * items each. Returns 0, or -1 on allocation failure or overflow; then *a
 * may already have its new size (its items kept), so callers keep their old
 * capacity and may try again. */
int slp_resize_pair(void **a, size_t asize, void **b, size_t bsize, size_t n);

/* Free the n strings of v (NULL ones allowed) and v itself. */
void slp_free_strings(char **v, size_t n);

/* Append a copy of `s` to the growable string array (*v, *n, *cap).
 * Returns 0, or -1 on allocation failure (nothing changed). */
int slp_push_string(char ***v, size_t *n, size_t *cap, const char *s);

#endif
