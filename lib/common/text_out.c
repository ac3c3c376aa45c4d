/* The frame of the text-writing public functions (common/text_out.h). */
#include "common/text_out.h"

#include "common/error.h"

int slp_text_begin(slp_clocale *loc, salesplan_error *err)
{
    if (slp_clocale_enter(loc) != SALESPLAN_OK)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    return SALESPLAN_OK;
}

int slp_text_finish(slp_clocale *loc, slp_strbuf *sb, int rc, char **out, size_t *len,
                    const char *oom, salesplan_error *err)
{
    slp_clocale_leave(loc);
    if (rc != SALESPLAN_OK) {
        slp_sb_release(sb);
        return rc;
    }
    if (slp_sb_finish(sb, out, len) != SALESPLAN_OK)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "%s", oom);
    return SALESPLAN_OK;
}
