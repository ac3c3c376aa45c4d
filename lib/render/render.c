/* salesplan_result_render(): the result's four writers in the frame every
 * public render function shares (render_doc.c). The helpers the renderers
 * share live below them (render_fmt.c, render_escape.c, render_roles.c), so
 * this dispatcher only calls down. */
#include "render/render.h"
#include "render/render_doc.h"
#include "render/render_svg.h"

salesplan_status salesplan_result_render(char **out, size_t *len, const salesplan_result *r,
                                         salesplan_format format, salesplan_error *err)
{
    static const slp_doc_kind kind = {
        "result", {slp_render_json, slp_render_markdown, slp_render_csv, slp_render_svg}, NULL};
    return slp_render_doc(out, len, r, format, &kind, err);
}
