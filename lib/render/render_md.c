/* The written sales plan in Markdown: the plan half (title, narrative,
 * target, funnel) is in render_md_plan.c, the team half (activities, quota,
 * phases, capacity, metrics, warnings) in render_md_team.c. */
#include "common/error.h"
#include "render/render.h"

int slp_render_markdown(const void *result, slp_strbuf *sb, salesplan_error *err)
{
    const salesplan_result *r = result;
    int rc = slp_render_md_plan(r, sb, err);
    if (rc == SALESPLAN_OK)
        rc = slp_render_md_team(r, sb, err);
    if (rc == SALESPLAN_OK && sb->failed)
        rc = slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory while rendering");
    return rc;
}
