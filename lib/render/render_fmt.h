/* Internal: numbers, money, percentages and dates for people, shared by the
 * Markdown, CSV and SVG renderers (and the estimate/simulate charts). */
#ifndef SLP_RENDER_FMT_H
#define SLP_RENDER_FMT_H

#include <stddef.h>

/* ---- presentation helpers (Markdown, CSV and SVG) ------------------------ */

/* Size of the buffers the formatters below write into. */
#define SLP_FMT_SIZE 352

/* Append `s` to the NUL-terminated text in buf[size], cutting it to fit: the
 * formatted numbers can fill the buffer (1e308 with separators is 411 bytes). */
void slp_fmt_append(char *buf, size_t size, const char *s);

/* `v` rounded half away from zero to `decimals` (0..3) places, with '.' as
 * the decimal point whatever the locale; `group` adds ',' thousands
 * separators; `trim` drops trailing fractional zeros (and a bare '.').
 * Non-finite values give "n/a"; -0 gives "0". With `group` and `trim` (a
 * figure for people) a positive value that rounds to zero gives "<0.1"
 * ("<0.01" for two places...), never "0". */
void slp_fmt_fixed(char *buf, size_t size, double v, int decimals, int group, int trim);
/* Money: "$250,000" for USD, "250,000 EUR" otherwise; whole units from 100
 * up, cents below. */
void slp_fmt_money(char *buf, size_t size, double v, const char *currency);
/* A fraction as a percentage: 0.25 -> "25%", 0.125 -> "12.5%". */
void slp_fmt_percent(char *buf, size_t size, double v);
/* A count for people: rounded up to a whole number (ceil(v - SLP_ROUND_EPS)), grouped. */
void slp_fmt_count_up(char *buf, size_t size, double v);
/* Label of a month slice: "Jan 2026" for a whole month, "15–31 Jul 2026"
 * for part of one; the ISO text itself when it does not parse. */
void slp_fmt_slice_label(char *buf, size_t size, const char *start, const char *end);
/* "30 Jan 2026" for an ISO date, shifted by `offset` days. */
void slp_fmt_date_long(char *buf, size_t size, const char *iso, long offset);

#endif
