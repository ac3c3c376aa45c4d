/* The value rules every plan setter applies: names, free text, numeric
 * ranges. One statement of each rule. */
#include <math.h>

#include "common/utf8.h"
#include "model/plan_model.h"

int slp_name_ok(const char *s)
{
    if (s == NULL || s[0] == '\0')
        return 0;
    size_t n = slp_utf8_count(s, SLP_NAME_MAX);
    return n != (size_t)-1 && n <= SLP_NAME_MAX;
}

int slp_text_ok(const char *s, size_t min_chars)
{
    if (s == NULL)
        return 0;
    size_t n = slp_utf8_count(s, SLP_TEXT_MAX);
    return n != (size_t)-1 && n >= min_chars && n <= SLP_TEXT_MAX;
}

int slp_in_range(double x, double lo, int lo_incl, double hi, int hi_incl)
{
    if (!isfinite(x))
        return 0;
    if (lo_incl ? x < lo : x <= lo)
        return 0;
    if (hi_incl ? x > hi : x >= hi)
        return 0;
    return 1;
}

double slp_no_negzero(double x)
{
    return x == 0.0 ? 0.0 : x;
}
