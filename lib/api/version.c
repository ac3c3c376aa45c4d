/* Runtime version of the loaded library. */
#include "salesplan/common.h"

const char *salesplan_version(void)
{
    return SALESPLAN_VERSION;
}

long salesplan_version_number(void)
{
    return SALESPLAN_VERSION_NUMBER;
}
