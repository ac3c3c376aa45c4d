/* Internal: how many bytes of a caller's salesplan_estimate_options each
 * version declares (the library reads and writes no byte past them). */
#ifndef SLP_ESTIMATE_OPTS_SIZE_H
#define SLP_ESTIMATE_OPTS_SIZE_H

#include <stddef.h>

#include "common/versioned.h"
#include "estimate/estimate_internal.h"

/* Version 3 ends where version 4's in-memory join tables begin. */
#define SLP_EST_OPTIONS_V3_SIZE offsetof(salesplan_estimate_options, join_texts)

/* Size of a struct of `version` (1 for anything below 2: callers check the range). */
/* The size of each version of salesplan_estimate_options (common/versioned.h). */
static const size_t slp_est_options_ends[SALESPLAN_ESTIMATE_OPTIONS_VERSION] = {
    SLP_EST_OPTIONS_V1_SIZE, SLP_EST_OPTIONS_V2_SIZE, SLP_EST_OPTIONS_V3_SIZE,
    sizeof(salesplan_estimate_options)};

static inline size_t slp_est_options_size(unsigned version)
{
    return slp_version_size(slp_est_options_ends, SALESPLAN_ESTIMATE_OPTIONS_VERSION, version);
}

#endif
