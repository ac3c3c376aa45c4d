/* Internal: option structs that grow at their end, one version at a time
 * (salesplan_estimate_options, salesplan_activities_options,
 * salesplan_simulate_options). A caller built against an older header passes
 * the older, shorter struct, so the library must read and write no byte past
 * that version's end.
 *
 * `ends` lists the size of each version, ends[v - 1] for version v, the last
 * one being sizeof the current struct (n versions in all). */
#ifndef SLP_VERSIONED_H
#define SLP_VERSIONED_H

#include <stddef.h>

/* Bytes of a struct of `version` (1..n); the current size past n. */
size_t slp_version_size(const size_t *ends, size_t n, unsigned version);

/* The `*_options_init(opts, version)` of the public API: `defaults` (a full
 * current struct whose first member, `unsigned version`, is overwritten with
 * `version` in the copy) into opts, up to the end of that version.
 * SALESPLAN_OK, or SALESPLAN_EINVAL for a NULL opts or a version outside 1..n. */
int slp_options_init(void *opts, const void *defaults, unsigned version, const size_t *ends,
                     size_t n);

#endif
