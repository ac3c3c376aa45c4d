/* Internal: release several allocations in one call, e.g. the members of a
 * handle in its _free function:
 *
 *     SLP_FREE_ALL(sim->revenue, sim->deals, sim->name, sim);
 *
 * Each pointer goes to slp_free() (common/alloc.h), in the order given; NULL
 * ones are skipped. The pointers must not point to const (free a const
 * member with slp_free and a cast, saying why it is owned). */
#ifndef SLP_FREE_ALL_H
#define SLP_FREE_ALL_H

#include <stddef.h>

void slp_free_each(void *const *ptrs, size_t n);

#define SLP_FREE_ALL(...)                                                                          \
    slp_free_each((void *const[]){__VA_ARGS__},                                                    \
                  sizeof((void *const[]){__VA_ARGS__}) / sizeof(void *))

#endif
