/* Drawing helpers for the SVG charts: escaping, numbers, text, shapes,
 * label fitting, palette, nice axis steps. */
#include "render/svg.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "common/numeric.h"
#include "common/utf8.h"
#include "render/render_fmt.h"

/* Code points XML 1.0 does not allow in text (besides controls below). */
#define XML_NONCHAR_LO 0xFFFEul
#define XML_NONCHAR_HI 0xFFFFul

/* Decode one UTF-8 character at s: its length, or 0 when the bytes are not
 * well-formed or the character is not allowed in XML 1.0. An ASCII control
 * character still sets *cp. */
static size_t utf8_char(const unsigned char *s, unsigned long *cp)
{
    unsigned long v;
    size_t n = slp_utf8_decode(s, SLP_UTF8_NUL_TERMINATED, &v);
    if (n == 0 || v == XML_NONCHAR_LO || v == XML_NONCHAR_HI)
        return 0;
    *cp = v;
    if (v < 0x20 && v != '\t' && v != '\n' && v != '\r')
        return 0;
    return n;
}

void slp_svg_escape(slp_strbuf *sb, const char *s)
{
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    size_t i = 0, run = 0;
    while (u[i]) {
        unsigned long cp;
        size_t n = utf8_char(u + i, &cp);
        const char *rep = NULL;
        if (n == 0)
            rep = "\xEF\xBF\xBD";
        else if (cp == '&')
            rep = "&amp;";
        else if (cp == '<')
            rep = "&lt;";
        else if (cp == '>')
            rep = "&gt;";
        else if (cp == '"')
            rep = "&quot;";
        else if (cp == '\'')
            rep = "&#39;";
        else if (cp == '\n' || cp == '\r' || cp == '\t')
            rep = " ";
        if (rep == NULL) {
            i += n;
            continue;
        }
        slp_sb_append(sb, (const char *)u + run, i - run);
        slp_sb_puts(sb, rep);
        i += n ? n : 1;
        run = i;
    }
    slp_sb_append(sb, (const char *)u + run, i - run);
}

void slp_svg_num(slp_strbuf *sb, double v)
{
    char buf[SLP_FMT_SIZE];
    if (!isfinite(v))
        v = 0.0;
    slp_fmt_fixed(buf, sizeof buf, v, 1, 0, 1);
    slp_sb_puts(sb, buf);
}

void slp_svg_begin(slp_strbuf *sb, double w, double h, const char *title, const char *name)
{
    slp_sb_puts(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
    slp_svg_num(sb, w);
    slp_sb_puts(sb, "\" height=\"");
    slp_svg_num(sb, h);
    slp_sb_puts(sb, "\" viewBox=\"0 0 ");
    slp_svg_num(sb, w);
    slp_sb_putc(sb, ' ');
    slp_svg_num(sb, h);
    slp_sb_puts(sb, "\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#222222\">\n<title>");
    slp_svg_escape(sb, title);
    slp_svg_escape(sb, name);
    slp_sb_puts(sb, "</title>\n");
    slp_svg_rect(sb, 0, 0, w, h, "#ffffff", NULL);
}

void slp_svg_end(slp_strbuf *sb)
{
    slp_sb_puts(sb, "</svg>\n");
}

void slp_svg_text(slp_strbuf *sb, double x, double y, const slp_svg_font *f, const char *s)
{
    static const char *const anchors[] = {"start", "middle", "end"};
    slp_sb_puts(sb, "<text x=\"");
    slp_svg_num(sb, x);
    slp_sb_puts(sb, "\" y=\"");
    slp_svg_num(sb, y);
    slp_sb_puts(sb, "\" font-size=\"");
    slp_svg_num(sb, f->size);
    slp_sb_putc(sb, '"');
    if (f->anchor != SLP_SVG_START)
        slp_sb_printf(sb, " text-anchor=\"%s\"", anchors[f->anchor]);
    if (f->bold)
        slp_sb_puts(sb, " font-weight=\"bold\"");
    if (f->fill)
        slp_sb_printf(sb, " fill=\"%s\"", f->fill);
    if (f->cls)
        slp_sb_printf(sb, " class=\"%s\"", f->cls);
    slp_sb_putc(sb, '>');
    slp_svg_escape(sb, s);
    slp_sb_puts(sb, "</text>\n");
}

void slp_svg_rect(slp_strbuf *sb, double x, double y, double w, double h, const char *fill,
                  const char *tip)
{
    slp_sb_puts(sb, "<rect x=\"");
    slp_svg_num(sb, x);
    slp_sb_puts(sb, "\" y=\"");
    slp_svg_num(sb, y);
    slp_sb_puts(sb, "\" width=\"");
    slp_svg_num(sb, w > 0 ? w : 0);
    slp_sb_puts(sb, "\" height=\"");
    slp_svg_num(sb, h > 0 ? h : 0);
    slp_sb_printf(sb, "\" fill=\"%s\"", fill);
    if (tip == NULL) {
        slp_sb_puts(sb, "/>\n");
        return;
    }
    slp_sb_puts(sb, "><title>");
    slp_svg_escape(sb, tip);
    slp_sb_puts(sb, "</title></rect>\n");
}

void slp_svg_line(slp_strbuf *sb, double x1, double y1, double x2, double y2, const char *stroke,
                  double width, const char *dash)
{
    slp_sb_puts(sb, "<line x1=\"");
    slp_svg_num(sb, x1);
    slp_sb_puts(sb, "\" y1=\"");
    slp_svg_num(sb, y1);
    slp_sb_puts(sb, "\" x2=\"");
    slp_svg_num(sb, x2);
    slp_sb_puts(sb, "\" y2=\"");
    slp_svg_num(sb, y2);
    slp_sb_printf(sb, "\" stroke=\"%s\" stroke-width=\"", stroke);
    slp_svg_num(sb, width);
    slp_sb_putc(sb, '"');
    if (dash)
        slp_sb_printf(sb, " stroke-dasharray=\"%s\"", dash);
    slp_sb_puts(sb, "/>\n");
}

void slp_svg_group_open(slp_strbuf *sb, const char *cls)
{
    if (cls)
        slp_sb_printf(sb, "<g class=\"%s\">\n", cls);
    else
        slp_sb_puts(sb, "<g>\n");
}

void slp_svg_group_close(slp_strbuf *sb)
{
    slp_sb_puts(sb, "</g>\n");
}

/* Width of one character in ems: a generous estimate for Helvetica, Arial,
 * DejaVu Sans and Liberation Sans (DejaVu is the widest of them). */
static double char_em(unsigned long cp, int bold)
{
    double w;
    if (cp == ' ' || cp == '.' || cp == ',' || cp == ':' || cp == ';' || cp == '|' ||
        cp == '!' || cp == '\'' || cp == 'i' || cp == 'l' || cp == 'j' || cp == 'I')
        w = 0.32;
    else if (cp == 'm' || cp == 'w' || cp == 'M' || cp == 'W' || cp == '@' || cp == '%')
        w = 0.95;
    else if (cp >= 'A' && cp <= 'Z')
        w = 0.72;
    else if (cp < 0x80)
        w = 0.62;
    else if (cp >= 0x2E80) /* CJK and other wide scripts */
        w = 1.0;
    else
        w = 0.7;
    return bold ? w * 1.08 : w;
}

double slp_svg_text_width(const char *s, double size, int bold)
{
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    double em = 0.0;
    for (size_t i = 0; u[i];) {
        unsigned long cp = 0xFFFD;
        size_t n = utf8_char(u + i, &cp);
        em += char_em(n ? cp : 0xFFFD, bold);
        i += n ? n : 1;
    }
    return em * size;
}

void slp_svg_fit(char *buf, size_t size, const char *s, double fsize, int bold, double max_w)
{
    if (size == 0)
        return;
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    static const char ell[] = "\xE2\x80\xA6"; /* U+2026 */
    double room = max_w - char_em(0x2026, bold) * fsize, w = 0.0;
    size_t i = 0, cut = 0;
    while (u[i]) {
        unsigned long cp = 0xFFFD;
        size_t n = utf8_char(u + i, &cp);
        if (n == 0)
            n = 1; /* becomes U+FFFD when escaped */
        w += char_em(cp, bold) * fsize;
        if (w > max_w)
            break;
        if (w <= room)
            cut = i + n; /* still fits with the ellipsis after it */
        i += n;
    }
    if (u[i] == '\0') { /* all of it fits */
        size_t len = i < size - 1 ? i : size - 1;
        memcpy(buf, u, len);
        buf[len] = '\0';
        return;
    }
    if (size < sizeof ell) {
        buf[0] = '\0';
        return;
    }
    if (cut > size - sizeof ell)
        cut = size - sizeof ell;
    memcpy(buf, u, cut);
    memcpy(buf + cut, ell, sizeof ell);
}

void slp_svg_join(char *buf, size_t size, ...)
{
    if (size == 0)
        return;
    size_t at = 0;
    va_list ap;
    va_start(ap, size);
    for (const char *s = va_arg(ap, const char *); s != NULL; s = va_arg(ap, const char *)) {
        size_t n = strlen(s);
        if (n > size - 1 - at) {
            n = size - 1 - at;
            while (n > 0 && ((unsigned char)s[n] & 0xC0u) == 0x80u)
                n--; /* do not split a character */
            memcpy(buf + at, s, n);
            at += n;
            break;
        }
        memcpy(buf + at, s, n);
        at += n;
    }
    va_end(ap);
    buf[at] = '\0';
}

/* Tableau 20, dark shades first: the first ten are distinct for most
 * colour-vision deficiencies; the light shades come after them. */
static const struct {
    const char *fill;
    int light; /* dark text reads better on it */
} palette[SLP_SVG_PALETTE] = {
    {"#4e79a7", 0}, {"#f28e2b", 1}, {"#59a14f", 0}, {"#e15759", 0}, {"#76b7b2", 1},
    {"#edc948", 1}, {"#b07aa1", 0}, {"#ff9da7", 1}, {"#9c755f", 0}, {"#bab0ac", 1},
    {"#a0cbe8", 1}, {"#ffbe7d", 1}, {"#8cd17d", 1}, {"#ff9d9a", 1}, {"#86bcb6", 1},
    {"#f1ce63", 1}, {"#d4a6c8", 1}, {"#fabfd2", 1}, {"#d7b5a6", 1}, {"#79706e", 0},
};

const char *slp_svg_colour(size_t i)
{
    return palette[i % SLP_SVG_PALETTE].fill;
}

const char *slp_svg_ink_on(size_t i)
{
    return palette[i % SLP_SVG_PALETTE].light ? "#222222" : "#ffffff";
}

double slp_svg_nice_step(double range, int target)
{
    if (!(range > 0.0) || !isfinite(range) || target < 1)
        return 1.0;
    double raw = range / target;
    double p = pow(10.0, floor(log10(raw)));
    static const double mult[] = {1.0, 2.0, 2.5, 5.0, 10.0};
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++)
        if (mult[i] * p >= raw * (1.0 - SLP_ROUND_EPS))
            return mult[i] * p;
    return 10.0 * p;
}

double slp_svg_scale(double v, double lo, double hi, double a, double b)
{
    if (!(hi != lo))
        return a;
    return a + (v - lo) / (hi - lo) * (b - a);
}
