/* Internal: JSON Merge Patch (RFC 7386) at the level of JSON text.
 *
 * slp_json_merge_patch() scans the target and the patch with the library's
 * one reader (json/json_pos.h), merges them by the RFC's MergePatch rule and
 * writes the merged document with the one writer (json/json_write.h):
 *   - a patch that is not an object replaces the target;
 *   - a patch object turns a target that is not an object into {} first, then
 *     for each member: null removes the member, anything else is merged into
 *     the target's member of that name (recursively; a member the target
 *     lacks is merged into nothing, so nulls inside it vanish too);
 *   - arrays are replaced whole, never merged item by item.
 * Members keep the target's order; members the patch adds follow in the
 * patch's order. Strings are written decoded and re-escaped, numbers as the
 * shortest text that reads back to the same double, so the merged text reads
 * back to exactly the values of its sources.
 *
 * Errors: SALESPLAN_ESYNTAX / SALESPLAN_ELIMIT from the scanner, with the
 * line:col in the document that has them and its label (tlabel or plabel,
 * when not NULL) at the start of the message, "LABEL: ..."; SALESPLAN_ELIMIT when the merged document nests
 * deeper than the writer allows (SLP_JW_MAX_NEST); SALESPLAN_ENOMEM. */
#ifndef SLP_JSON_MERGE_PATCH_H
#define SLP_JSON_MERGE_PATCH_H

#include <stddef.h>

#include "salesplan/common.h"

/* Merge patch[0..plen) into target[0..tlen); *out is NUL-terminated pretty
 * JSON (free with slp_free), *len (optional) its length. *out is NULL on
 * failure. */
int slp_json_merge_patch(char **out, size_t *len, const char *target, size_t tlen,
                         const char *patch, size_t plen, const char *tlabel,
                         const char *plabel, salesplan_error *err);

#endif
