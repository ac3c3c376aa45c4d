/* Internal: the values of a group column that have deals, in name order
 * (the groups of the estimate and its reps are listed so). */
#ifndef SLP_EST_GROUP_NAMES_H
#define SLP_EST_GROUP_NAMES_H

#include <stddef.h>

#include "common/named.h"
#include "estimate/estimate_internal.h"

/* *out (free with slp_free) holds *count entries: each value of group
 * column g with at least one deal (borrowed from the column's dictionary)
 * and its group id, sorted by value. Returns SALESPLAN_OK or
 * SALESPLAN_ENOMEM (then *out is NULL). */
int slp_est_group_names(const slp_est_ctx *x, size_t g, slp_named **out, size_t *count);

#endif
