/* Internal: the renderers behind salesplan_result_render() and the
 * presentation helpers they share.
 *
 * Renderers only read a result through the public accessors of
 * <salesplan/result.h> (and the plan copy through <salesplan/plan.h>); they
 * never compute a figure of their own. Rounding, thousands separators and
 * percentages happen here and only here, and only for Markdown and CSV
 * (SPEC §2): the JSON renderer writes every double so that it round-trips.
 */
#ifndef SLP_RENDER_H
#define SLP_RENDER_H

#include <stddef.h>

#include "salesplan/result.h"
#include "common/strbuf.h"
#include "render/render_escape.h"
#include "render/render_fmt.h"

/* ---- renderers: append to `sb`, return a salesplan_status ---------------- */
/* The four of salesplan_result_render() take the salesplan_result as `result`
 * (writers of render/render_doc.h). */

/* The result document, version 1 (SPEC §9), indented with two spaces. */
int slp_render_json(const void *result, slp_strbuf *sb, salesplan_error *err);
/* The written sales plan (Markdown). */
int slp_render_markdown(const void *result, slp_strbuf *sb, salesplan_error *err);
/* Parts of the Markdown plan: title, narrative, target and funnel ... */
int slp_render_md_plan(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err);
/* ... and activities, quota, phases, capacity, metrics, warnings ... */
int slp_render_md_team(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err);
/* ... of which each rep's daily targets month by month (the schedule). */
int slp_render_md_reps(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err);
/* One CSV table, one row per rep (docs/csv-output.md). */
int slp_render_csv(const void *result, slp_strbuf *sb, salesplan_error *err);

/* ---- shared lookups --------------------------------------------------------- */

/* Index among the result's roles of the role called `name`, or -1 (also for
 * NULL). One hash lookup in the plan copy, a scan only on a mismatch. */
long slp_render_role_index(const salesplan_result *r, const char *name);

/* For every result activity, the index of its role among the result's roles,
 * or -1 when it has none (or names a role the result does not list).
 * *out is a new array of salesplan_result_activity_count(r) entries (free with
 * slp_free; NULL when there are no activities). Returns SALESPLAN_OK or
 * SALESPLAN_ENOMEM. Cost: one name lookup per activity. */
int slp_render_activity_roles(const salesplan_result *r, long **out);

/* A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma,
 * a quote or a line break. NULL writes nothing. */
void slp_csv_field(slp_strbuf *sb, const char *s);

#endif
