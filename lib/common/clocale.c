/* Number text in the "C" locale (see clocale.h). */
#define _GNU_SOURCE 1 /* strtod_l (glibc); newlocale/uselocale are POSIX.1-2008 */

#include "common/clocale.h"

#include <locale.h>
#include <stdlib.h>

#include "salesplan/common.h"

int slp_clocale_enter(slp_clocale *g)
{
    g->c_locale = NULL;
    g->previous = NULL;
    locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (c == (locale_t)0)
        return SALESPLAN_ENOMEM;
    locale_t prev = uselocale(c);
    if (prev == (locale_t)0) {
        freelocale(c);
        return SALESPLAN_ENOMEM;
    }
    g->c_locale = (void *)c;
    g->previous = (void *)prev;
    return SALESPLAN_OK;
}

void slp_clocale_leave(slp_clocale *g)
{
    if (g->c_locale == NULL)
        return;
    uselocale((locale_t)g->previous);
    freelocale((locale_t)g->c_locale);
    g->c_locale = NULL;
    g->previous = NULL;
}

double slp_strtod_c(const char *s, char **end)
{
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (c == (locale_t)0) {
        /* glibc hands out its static "C" object without allocating, so this
         * is not reached there; elsewhere plain strtod is right whenever the
         * host kept a locale whose decimal point is "." */
        return strtod(s, end);
    }
    double v = strtod_l(s, end, c);
    freelocale(c);
    return v;
}
