/* Internal: small drawing helpers for the SVG charts (render_svg*.c,
 * simulate_svg.c).
 *
 * Everything is appended to an slp_strbuf. Coordinates are written with at
 * most one decimal through slp_fmt_fixed(), so the output does not depend on
 * the C locale. Text is XML-escaped; bytes that are not well-formed UTF-8 and
 * characters XML 1.0 forbids become U+FFFD, so the document always parses.
 * Documents are self-contained: no external fonts, images, stylesheets or
 * scripts; the font is the generic "sans-serif".
 */
#ifndef SLP_SVG_H
#define SLP_SVG_H

#include <stddef.h>

#include "common/strbuf.h"

/* Text anchors. */
typedef enum slp_svg_anchor { SLP_SVG_START = 0, SLP_SVG_MIDDLE = 1, SLP_SVG_END = 2 } slp_svg_anchor;

/* Style of one text element: size in px, anchor, bold, fill colour
 * ("#rrggbb", NULL = inherit) and a class attribute (NULL = none; the tests
 * find labels by class). */
typedef struct slp_svg_font {
    double size;
    slp_svg_anchor anchor;
    int bold;
    const char *fill;
    const char *cls;
} slp_svg_font;

/* Open the document: the XML declaration, <svg> with xmlns, width, height,
 * viewBox "0 0 w h", font-family sans-serif, a <title> (`title` then `name`,
 * escaped; NULL = "") and a white background. */
void slp_svg_begin(slp_strbuf *sb, double w, double h, const char *title, const char *name);
/* Close the document. */
void slp_svg_end(slp_strbuf *sb);

/* Append `s` (NULL = "") as XML character data / attribute text. */
void slp_svg_escape(slp_strbuf *sb, const char *s);
/* A coordinate or length, rounded to 0.1, locale-free ("12.5", "-3", "0"). */
void slp_svg_num(slp_strbuf *sb, double v);

/* <text> at (x, y) (y is the baseline). */
void slp_svg_text(slp_strbuf *sb, double x, double y, const slp_svg_font *f, const char *s);
/* <rect>; `tip` (NULL = none) becomes a <title> child: the tooltip a browser
 * shows on hover. Negative sizes are drawn as 0. */
void slp_svg_rect(slp_strbuf *sb, double x, double y, double w, double h, const char *fill,
                  const char *tip);
/* <line>; `dash` is a stroke-dasharray ("4 3") or NULL for solid. */
void slp_svg_line(slp_strbuf *sb, double x1, double y1, double x2, double y2, const char *stroke,
                  double width, const char *dash);
/* Open / close a group; `cls` (NULL = none) becomes a class attribute, which
 * the tests use to find the parts of a chart. */
void slp_svg_group_open(slp_strbuf *sb, const char *cls);
void slp_svg_group_close(slp_strbuf *sb);

/* Estimated width in px of `s` in a sans-serif font of `size` px (an upper
 * bound for the usual fonts; used only to lay out labels). */
double slp_svg_text_width(const char *s, double size, int bold);
/* Copy `s` into buf (size bytes), cut at a character boundary and ended with
 * "…" when its estimated width exceeds `max_w`. */
void slp_svg_fit(char *buf, size_t size, const char *s, double fsize, int bold, double max_w);

/* Concatenate the strings that follow `size` (up to a NULL) into buf,
 * cutting at a character boundary if they do not fit. */
void slp_svg_join(char *buf, size_t size, ...);
/* slp_svg_join() into an array, NULL added. */
#define SLP_SVG_JOIN(arr, ...) slp_svg_join((arr), sizeof(arr), __VA_ARGS__, (const char *)NULL)

/* Colour `i` of the categorical palette (cycles after SLP_SVG_PALETTE), and
 * the text colour that reads on it. */
#define SLP_SVG_PALETTE 20
const char *slp_svg_colour(size_t i);
const char *slp_svg_ink_on(size_t i);

/* Axis ticks: a "nice" step (1, 2, 2.5 or 5 times a power of ten) giving
 * at most about `target` intervals over a span of `range`; ticks then sit at
 * the multiples of the step. range <= 0 or not finite gives 1. */
double slp_svg_nice_step(double range, int target);

/* Map v in [lo, hi] to [a, b] (linear; lo == hi maps to a). */
double slp_svg_scale(double v, double lo, double hi, double a, double b);

#endif
