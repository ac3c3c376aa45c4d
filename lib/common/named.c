/* Names with indexes, in name order (named.h). */
#include "common/named.h"

#include <stdlib.h>
#include <string.h>

static int by_name(const void *a, const void *b)
{
    return strcmp(((const slp_named *)a)->name, ((const slp_named *)b)->name);
}

void slp_named_sort(slp_named *v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof *v, by_name);
}

const slp_named *slp_named_find(const slp_named *v, size_t n, const char *name)
{
    if (name == NULL || n == 0)
        return NULL;
    slp_named key = {name, 0};
    return bsearch(&key, v, n, sizeof *v, by_name);
}
