/* An output's value as people read it, for the Markdown table and the
 * tornado chart of a sensitivity analysis. */
#include <math.h>
#include <stdio.h>

#include "render/render_fmt.h"
#include "scenario/scenario_internal.h"

void slp_sens_value_text(char *buf, size_t size, int k, double v, int decimals, const char *absent)
{
    if (isnan(v))
        snprintf(buf, size, "%s", absent);
    else if (k == SLP_OUT_PHIT)
        slp_fmt_percent(buf, size, v);
    else
        slp_fmt_fixed(buf, size, v, decimals, 1, 1);
}
