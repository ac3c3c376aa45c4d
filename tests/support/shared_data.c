/* Finding the shared data for the tests (shared_data.h). */
#include "shared_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#ifndef SALESPLAN_SOURCE_DIR
#error "SALESPLAN_SOURCE_DIR (the source tree) must be defined by the build"
#endif

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *shared_data_path(const char *name)
{
    static char path[4096];
    const char *env = getenv("SALESPLAN_SHARED_DATA");
    int n = snprintf(path, sizeof path, "%s/../shared/data/%s", SALESPLAN_SOURCE_DIR, name);
    if (n > 0 && (size_t)n < sizeof path && is_file(path))
        return path;
    if (env != NULL && env[0] != '\0') {
        n = snprintf(path, sizeof path, "%s/%s", env, name);
        if (n > 0 && (size_t)n < sizeof path && is_file(path))
            return path;
    }
    return NULL;
}

const char *shared_data_missing(const char *name)
{
    static char why[4096 + 256];
    snprintf(why, sizeof why,
             "skipped: shared data %s not found in %s/../shared/data nor in "
             "$SALESPLAN_SHARED_DATA",
             name, SALESPLAN_SOURCE_DIR);
    return why;
}
