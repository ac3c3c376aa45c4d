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

/* ---- renderers: append to `sb`, return a salesplan_status ---------------- */

/* The result document, version 1 (SPEC §9), indented with two spaces. */
int slp_render_json(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err);
/* The written sales plan (Markdown). */
int slp_render_markdown(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err);
/* Parts of the Markdown plan: title, narrative, target and funnel ... */
int slp_render_md_plan(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err);
/* ... and activities, quota, phases, capacity, metrics, warnings. */
int slp_render_md_team(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err);
/* One CSV table, one row per rep (docs/csv-output.md). */
int slp_render_csv(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err);

/* A JSON string literal like slp_sb_json_string(), except that bytes that
 * are not well-formed UTF-8 (a C caller's text, a message cut short in the
 * middle of a character) become U+FFFD, so the document always parses. */
void slp_sb_json_text(slp_strbuf *sb, const char *s);

/* ---- shared lookups --------------------------------------------------------- */

/* For every result activity, the index of its role among the result's roles,
 * or -1 when it has none (or names a role the result does not list).
 * *out is a new array of salesplan_result_activity_count(r) entries (free with
 * slp_free; NULL when there are no activities). Returns SALESPLAN_OK or
 * SALESPLAN_ENOMEM. Cost: one name lookup per activity. */
int slp_render_activity_roles(const salesplan_result *r, long **out);

/* ---- presentation helpers (Markdown, CSV and SVG) ------------------------ */

/* Size of the buffers the formatters below write into. */
#define SLP_FMT_SIZE 352

/* Append `s` to the NUL-terminated text in buf[size], cutting it to fit: the
 * formatted numbers can fill the buffer (1e308 with separators is 411 bytes). */
void slp_fmt_append(char *buf, size_t size, const char *s);

/* `v` rounded half away from zero to `decimals` (0..3) places, with '.' as
 * the decimal point whatever the locale; `group` adds ',' thousands
 * separators; `trim` drops trailing fractional zeros (and a bare '.').
 * Non-finite values give "n/a"; -0 gives "0". */
void slp_fmt_fixed(char *buf, size_t size, double v, int decimals, int group, int trim);
/* Money: "$250,000" for USD, "250,000 EUR" otherwise; whole units from 100
 * up, cents below. */
void slp_fmt_money(char *buf, size_t size, double v, const char *currency);
/* A fraction as a percentage: 0.25 -> "25%", 0.125 -> "12.5%". */
void slp_fmt_percent(char *buf, size_t size, double v);
/* A count for people: rounded up to a whole number (ceil(v - 1e-9)), grouped. */
void slp_fmt_count_up(char *buf, size_t size, double v);
/* Label of a month slice: "Jan 2026" for a whole month, "15–31 Jul 2026"
 * for part of one; the ISO text itself when it does not parse. */
void slp_fmt_slice_label(char *buf, size_t size, const char *start, const char *end);
/* "30 Jan 2026" for an ISO date, shifted by `offset` days. */
void slp_fmt_date_long(char *buf, size_t size, const char *iso, long offset);

/* Markdown text: inside a table cell ('|' escaped, line breaks as spaces)
 * or a heading (line breaks as spaces). NULL writes nothing. */
void slp_md_cell(slp_strbuf *sb, const char *s);

#endif
