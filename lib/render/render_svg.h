/* Internal: the SVG charts of a plan result and of a simulation
 * (docs/charts.md).
 *
 * Like every renderer they read the public accessors only and never compute
 * a figure of their own: the numbers shown are the result's (or the
 * simulation's), formatted with the helpers of render.h. Scales, tick
 * positions and histogram bins are layout, not figures. */
#ifndef SLP_RENDER_SVG_H
#define SLP_RENDER_SVG_H

#include "salesplan/result.h"
#include "salesplan/simulate.h"
#include "common/strbuf.h"

/* Width of every chart document in px. */
#define SLP_SVG_WIDTH 900.0

/* The plan chart: three panels stacked vertically (funnel, quota by month
 * and rep, capacity against target). Returns a salesplan_status. */
int slp_render_svg(const void *result, slp_strbuf *sb, salesplan_error *err);

/* The simulation chart: a histogram of revenue per trial with the target
 * and P10/P50/P90 marked; `sim` is a salesplan_simulation (a writer of
 * render/render_doc.h). Returns a salesplan_status. */
int slp_render_simulation_svg(const void *sim, slp_strbuf *sb, salesplan_error *err);

/* The quota panel of the plan chart (render_svg_quota.c), drawn from y = top;
 * returns the y below it. */
double slp_svg_quota_panel(const salesplan_result *r, const char *currency, slp_strbuf *sb,
                           double top);

#endif
