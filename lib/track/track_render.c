/* salesplan_tracking_render(): the tracking's writers in the frame every
 * public render function shares (render/render_doc.h). */
#include "render/render_doc.h"
#include "track/track_internal.h"

salesplan_status salesplan_tracking_render(char **out, size_t *len, const salesplan_tracking *t,
                                           salesplan_format format, salesplan_error *err)
{
    static const slp_doc_kind kind = {
        "tracking",
        {slp_track_render_json, slp_track_render_md, slp_track_render_csv, slp_track_render_svg}, NULL};
    return slp_render_doc(out, len, t, format, &kind, err);
}
