/* The allocator hook: the library's one process-wide setting (see common.h).
 * It is the library's own: no other library's global state is touched. */
#include "common/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "salesplan/common.h"

static void *default_malloc(void *ctx, size_t size)
{
    (void)ctx;
    return malloc(size);
}

static void *default_realloc(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    return realloc(ptr, size);
}

static void default_free(void *ctx, void *ptr)
{
    (void)ctx;
    free(ptr);
}

/* Written only by salesplan_set_allocator(), which is documented as
 * "call before anything else, from one thread". */
static salesplan_allocator current = {default_malloc, default_realloc, default_free, NULL};

salesplan_status salesplan_set_allocator(const salesplan_allocator *alloc)
{
    if (alloc == NULL) {
        salesplan_allocator d = {default_malloc, default_realloc, default_free, NULL};
        current = d;
        return SALESPLAN_OK;
    }
    if (!alloc->malloc_fn || !alloc->realloc_fn || !alloc->free_fn)
        return SALESPLAN_EINVAL;
    current = *alloc;
    return SALESPLAN_OK;
}

void *slp_malloc(size_t size)
{
    return current.malloc_fn(current.ctx, size ? size : 1);
}

void *slp_calloc(size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    size_t total = n * size;
    void *p = slp_malloc(total);
    if (p)
        memset(p, 0, total ? total : 1);
    return p;
}

void *slp_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return slp_malloc(size);
    return current.realloc_fn(current.ctx, ptr, size ? size : 1);
}

void *slp_reallocarray(void *ptr, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return slp_realloc(ptr, n * size);
}

void slp_free(void *ptr)
{
    if (ptr)
        current.free_fn(current.ctx, ptr);
}

void salesplan_free(void *ptr)
{
    slp_free(ptr);
}

char *slp_strndup(const char *s, size_t n)
{
    if (s == NULL)
        return NULL;
    char *d = slp_malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *slp_strdup(const char *s)
{
    return s ? slp_strndup(s, strlen(s)) : NULL;
}

int slp_grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    void *p = slp_reallocarray(*items, ncap, size);
    if (p == NULL)
        return -1;
    *items = p;
    *cap = ncap;
    return 0;
}

int slp_alloc_items(void **items, size_t *cap, size_t n, size_t size)
{
    if (n == 0)
        return 0;
    void *p = slp_calloc(n, size);
    if (p == NULL)
        return -1;
    *items = p;
    *cap = n;
    return 0;
}

int slp_resize_pair(void **a, size_t asize, void **b, size_t bsize, size_t n)
{
    void *na = slp_reallocarray(*a, n, asize);
    if (na == NULL)
        return -1;
    *a = na;
    void *nb = slp_reallocarray(*b, n, bsize);
    if (nb == NULL)
        return -1;
    *b = nb;
    return 0;
}

int slp_push_string(char ***v, size_t *n, size_t *cap, const char *s)
{
    char *c = slp_strdup(s);
    if (c == NULL || slp_grow((void **)v, cap, *n + 1, sizeof **v) != 0) {
        slp_free(c);
        return -1;
    }
    (*v)[(*n)++] = c;
    return 0;
}

void slp_free_strings(char **v, size_t n)
{
    if (v == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        slp_free(v[i]);
    slp_free(v);
}
