/* Versioned option structs (versioned.h). */
#include "common/versioned.h"

#include <string.h>

#include "salesplan/common.h"

size_t slp_version_size(const size_t *ends, size_t n, unsigned version)
{
    return version >= 1 && version <= n ? ends[version - 1] : ends[n - 1];
}

int slp_options_init(void *opts, const void *defaults, unsigned version, const size_t *ends,
                     size_t n)
{
    if (opts == NULL || version < 1 || version > n)
        return SALESPLAN_EINVAL;
    memcpy(opts, defaults, ends[version - 1]);
    memcpy(opts, &version, sizeof version); /* the first member of every options struct */
    return SALESPLAN_OK;
}
