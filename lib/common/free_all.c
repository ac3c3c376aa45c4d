/* Several allocations released in one call (free_all.h). */
#include "common/free_all.h"

#include "common/alloc.h"

void slp_free_each(void *const *ptrs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        slp_free(ptrs[i]);
}
