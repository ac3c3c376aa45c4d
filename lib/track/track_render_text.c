/* Placeholder renderers, replaced below. */
#include "track/track_internal.h"
int slp_track_render_md(const salesplan_tracking *t, slp_strbuf *sb, salesplan_error *err)
{ (void)t; (void)sb; return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "markdown: not yet"); }
int slp_track_render_csv(const salesplan_tracking *t, slp_strbuf *sb, salesplan_error *err)
{ (void)t; (void)sb; return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "csv: not yet"); }
int slp_track_render_svg(const salesplan_tracking *t, slp_strbuf *sb, salesplan_error *err)
{ (void)t; (void)sb; return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "svg: not yet"); }
