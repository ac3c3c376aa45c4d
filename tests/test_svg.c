/* SVG charts: the drawing helpers (escaping, numbers, fitting, nice steps),
 * then the plan and simulation charts parsed back with a small XML checker
 * written here, and the figures their labels show compared with the
 * accessors (formatted by this file's own code) and with hand-read values of
 * the example plan. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render_svg.h"
#include "salesplan.h"
#include "common/strbuf.h"
#include "render/svg.h"
#include "test_alloc.h"
#include "test_near.h"

/* ---- a tiny XML checker -------------------------------------------------------- */

/* One element: its name, class and id of its parent, and its own character
 * data (entities decoded; child elements' text not included). */
typedef struct xel {
    char name[32];
    char cls[64];
    long parent;
    char text[512];
    int has_viewbox;
} xel;

typedef struct xdoc {
    xel *el;
    size_t n, cap;
    const char *s;
    size_t at;
    char why[160];
} xdoc;

static int x_fail(xdoc *d, const char *why)
{
    if (d->why[0] == '\0')
        snprintf(d->why, sizeof d->why, "%s at byte %zu", why, d->at);
    return -1;
}

static int name_start(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':';
}

static int name_char(int c)
{
    return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static void skip_ws(xdoc *d)
{
    while (d->s[d->at] == ' ' || d->s[d->at] == '\n' || d->s[d->at] == '\t' ||
           d->s[d->at] == '\r')
        d->at++;
}

static int read_name(xdoc *d, char *out, size_t size)
{
    size_t k = 0;
    if (!name_start((unsigned char)d->s[d->at]))
        return x_fail(d, "bad name");
    while (name_char((unsigned char)d->s[d->at])) {
        if (k + 1 < size)
            out[k++] = d->s[d->at];
        d->at++;
    }
    out[k] = '\0';
    return 0;
}

/* Character data or an attribute value up to `stop`, entities decoded into
 * out (may be NULL). */
static int read_chars(xdoc *d, char stop, char *out, size_t size)
{
    size_t k = out ? strlen(out) : 0;
    while (d->s[d->at] && d->s[d->at] != stop) {
        char c = d->s[d->at];
        char dec[8] = {c, 0};
        if (c == '<')
            return x_fail(d, "'<' in text or attribute");
        if (c == '&') {
            static const struct {
                const char *ref, *ch;
            } ents[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
                        {"&apos;", "'"}, {"&#39;", "'"}};
            size_t i, n = sizeof ents / sizeof ents[0];
            for (i = 0; i < n; i++)
                if (strncmp(d->s + d->at, ents[i].ref, strlen(ents[i].ref)) == 0)
                    break;
            if (i == n)
                return x_fail(d, "unknown entity");
            strcpy(dec, ents[i].ch);
            d->at += strlen(ents[i].ref);
        } else {
            d->at++;
        }
        for (size_t j = 0; dec[j] && out; j++)
            if (k + 1 < size)
                out[k++] = dec[j];
        if (out)
            out[k] = '\0';
    }
    return 0;
}

static int element(xdoc *d, long parent);

static int content(xdoc *d, long self, const char *name)
{
    for (;;) {
        if (read_chars(d, '<', d->el[self].text, sizeof d->el[self].text) != 0)
            return -1;
        if (d->s[d->at] == '\0')
            return x_fail(d, "unclosed element");
        if (d->s[d->at + 1] == '/') {
            char close[32];
            d->at += 2;
            if (read_name(d, close, sizeof close) != 0)
                return -1;
            skip_ws(d);
            if (strcmp(close, name) != 0 || d->s[d->at] != '>')
                return x_fail(d, "mismatched closing tag");
            d->at++;
            return 0;
        }
        if (element(d, self) != 0)
            return -1;
    }
}

static int element(xdoc *d, long parent)
{
    if (d->s[d->at] != '<')
        return x_fail(d, "expected '<'");
    d->at++;
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 256;
        d->el = realloc(d->el, d->cap * sizeof *d->el);
        assert_non_null(d->el);
    }
    long self = (long)d->n++;
    xel *e = &d->el[self];
    memset(e, 0, sizeof *e);
    e->parent = parent;
    if (read_name(d, e->name, sizeof e->name) != 0)
        return -1;
    char seen[16][32];
    size_t nseen = 0;
    for (;;) {
        size_t before = d->at;
        skip_ws(d);
        char c = d->s[d->at];
        if (c == '/' || c == '>')
            break;
        if (d->at == before)
            return x_fail(d, "no space before attribute");
        char an[32], val[256] = "";
        if (read_name(d, an, sizeof an) != 0)
            return -1;
        for (size_t i = 0; i < nseen; i++)
            if (strcmp(seen[i], an) == 0)
                return x_fail(d, "duplicate attribute");
        if (nseen < 16)
            strcpy(seen[nseen++], an);
        skip_ws(d);
        if (d->s[d->at] != '=')
            return x_fail(d, "attribute without '='");
        d->at++;
        skip_ws(d);
        char q = d->s[d->at];
        if (q != '"' && q != '\'')
            return x_fail(d, "unquoted attribute");
        d->at++;
        if (read_chars(d, q, val, sizeof val) != 0)
            return -1;
        if (d->s[d->at] != q)
            return x_fail(d, "unterminated attribute");
        d->at++;
        e = &d->el[self];
        if (strcmp(an, "class") == 0) {
            /* Class names are short; a longer value is cut (memcpy: no truncation warning). */
            size_t n = strlen(val);
            if (n >= sizeof e->cls)
                n = sizeof e->cls - 1;
            memcpy(e->cls, val, n);
            e->cls[n] = '\0';
        }
        if (strcmp(an, "viewBox") == 0)
            e->has_viewbox = 1;
    }
    if (d->s[d->at] == '/') {
        if (d->s[d->at + 1] != '>')
            return x_fail(d, "bad empty-element tag");
        d->at += 2;
        return 0;
    }
    d->at++;
    char name[32];
    snprintf(name, sizeof name, "%s", d->el[self].name);
    return content(d, self, name);
}

/* Well-formed UTF-8 without the control characters XML 1.0 forbids. */
static int valid_utf8(const unsigned char *s)
{
    while (*s) {
        unsigned c = *s;
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                                : (c & 0xF8) == 0xF0                  ? 4
                                                                      : 0;
        if (n == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0xC0 ||
            c == 0xC1 || c > 0xF4)
            return 0;
        for (size_t i = 1; i < n; i++)
            if ((s[i] & 0xC0) != 0x80)
                return 0;
        s += n;
    }
    return 1;
}

/* Parse `text`: 0 when well-formed, else -1 with the reason in d->why. */
static int xml_try(xdoc *d, const char *text)
{
    memset(d, 0, sizeof *d);
    d->s = text;
    if (!valid_utf8((const unsigned char *)text))
        return x_fail(d, "not valid UTF-8");
    if (strncmp(text, "<?xml ", 6) == 0) {
        const char *end = strstr(text, "?>");
        if (end == NULL)
            return x_fail(d, "unterminated XML declaration");
        d->at = (size_t)(end - text) + 2;
    }
    skip_ws(d);
    int rc = element(d, -1);
    skip_ws(d);
    if (rc == 0 && d->s[d->at] != '\0')
        rc = x_fail(d, "content after the root element");
    return rc;
}

/* Parse `text`; fails the test with the reason when it is not well-formed. */
static void xml_parse(xdoc *d, const char *text)
{
    if (xml_try(d, text) != 0)
        fail_msg("SVG not well-formed: %s", d->why);
}

static void xml_free(xdoc *d)
{
    free(d->el);
    d->el = NULL;
}

/* Texts of the <text> elements whose class is `cls`, in document order. */
static size_t texts(const xdoc *d, const char *cls, const char **out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->el[i].name, "text") == 0 && strcmp(d->el[i].cls, cls) == 0) {
            if (k < max)
                out[k] = d->el[i].text;
            k++;
        }
    return k;
}

/* Tooltips: the <title> texts of <rect> elements whose parent group has class `cls`. */
static size_t rect_tips(const xdoc *d, const char *cls, const char **out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (strcmp(d->el[i].name, "title") != 0 || d->el[i].parent < 0)
            continue;
        const xel *rect = &d->el[d->el[i].parent];
        if (strcmp(rect->name, "rect") != 0 || rect->parent < 0 ||
            strcmp(d->el[rect->parent].cls, cls) != 0)
            continue;
        if (k < max)
            out[k] = d->el[i].text;
        k++;
    }
    return k;
}

static int has_text(const xdoc *d, const char *cls, const char *want)
{
    const char *t[512];
    size_t n = texts(d, cls, t, 512);
    for (size_t i = 0; i < n && i < 512; i++)
        if (strcmp(t[i], want) == 0)
            return 1;
    return 0;
}

/* Checks every chart document must pass. */
static void check_document(const xdoc *d, const char *raw)
{
    assert_true(d->n > 0);
    assert_string_equal(d->el[0].name, "svg");
    assert_true(d->el[0].has_viewbox);
    assert_non_null(strstr(raw, "xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(raw, "font-family=\"sans-serif\""));
    static const char *const banned[] = {"<script", "href", "url(", "@import", "@font-face",
                                         "<image", "<foreignObject", "<style", "javascript:",
                                         "\"nan\"", "\"-nan\"", "\"inf\"", "\"-inf\""};
    for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++)
        if (strstr(raw, banned[i]) != NULL)
            fail_msg("the SVG contains \"%s\"", banned[i]);
}

/* ---- this file's own number formatting --------------------------------------- */

/* Whole number with ',' every three digits, written without slp_fmt_*. */
static void grouped(char *buf, size_t size, double v)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t n = strlen(digits), k = 0;
    if (v <= -0.5 && k + 1 < size)
        buf[k++] = '-';
    for (size_t i = 0; i < n && k + 2 < size; i++) {
        buf[k++] = digits[i];
        if ((n - 1 - i) % 3 == 0 && i + 1 < n)
            buf[k++] = ',';
    }
    buf[k] = '\0';
}

/* Money as the charts show amounts of 100 and more: "$1,234" or "1,234 EUR". */
static void money(char *buf, size_t size, double v, const char *cur)
{
    char g[48];
    grouped(g, sizeof g, round(v));
    assert_true(size >= 64 && strlen(cur) == 3);
    if (strcmp(cur, "USD") == 0)
        snprintf(buf, size, "$%.47s", g);
    else
        snprintf(buf, size, "%.47s %.3s", g, cur);
}

/* ---- fixtures -------------------------------------------------------------------- */

static char *render_plan(const salesplan_plan *p)
{
    salesplan_result *r = NULL;
    assert_int_equal(salesplan_compute(&r, p, NULL, NULL), SALESPLAN_OK);
    char *text = NULL;
    size_t len = 0;
    salesplan_error err;
    assert_int_equal(salesplan_result_render(&text, &len, r, SALESPLAN_FORMAT_SVG, &err),
                     SALESPLAN_OK);
    assert_int_equal(len, strlen(text));
    salesplan_result_free(r);
    return text;
}

static salesplan_plan *load(const char *rel)
{
    const char *dir = getenv("SALESPLAN_TEST_DATA");
    assert_non_null(dir);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    salesplan_plan *p = NULL;
    salesplan_error err;
    if (salesplan_plan_load_file(&p, path, &err) != SALESPLAN_OK)
        fail_msg("%s: %s", path, err.message);
    return p;
}

/* ---- helpers -------------------------------------------------------------------- */

static char *escaped(const char *s)
{
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_svg_escape(&sb, s);
    char *out = NULL;
    assert_int_equal(slp_sb_finish(&sb, &out, NULL), SALESPLAN_OK);
    return out;
}

static void test_escape(void **state)
{
    (void)state;
    char *e = escaped("a<b & \"c\" 'd'>");
    assert_string_equal(e, "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
    salesplan_free(e);
    /* Broken UTF-8, a lone continuation byte, a surrogate and a control
     * character each become U+FFFD; line breaks become spaces. */
    e = escaped("x\xC3(\x80\xED\xA0\x80\x01y\nz\xC3\xA9");
    assert_string_equal(e, "x\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                           "\xEF\xBF\xBDy z\xC3\xA9");
    salesplan_free(e);
    e = escaped(NULL);
    assert_string_equal(e, "");
    salesplan_free(e);
}

static void test_numbers(void **state)
{
    (void)state;
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_svg_num(&sb, 12.25);
    slp_sb_putc(&sb, ' ');
    slp_svg_num(&sb, -0.04);
    slp_sb_putc(&sb, ' ');
    slp_svg_num(&sb, 1234567.0);
    slp_sb_putc(&sb, ' ');
    slp_svg_num(&sb, NAN);
    slp_sb_putc(&sb, ' ');
    slp_svg_num(&sb, 3.96);
    char *out = NULL;
    assert_int_equal(slp_sb_finish(&sb, &out, NULL), SALESPLAN_OK);
    assert_string_equal(out, "12.3 0 1234567 0 4");
    salesplan_free(out);
    /* Nice steps: 1, 2, 2.5 or 5 times a power of ten, at least range/target. */
    assert_true(slp_svg_nice_step(100000, 5) == 20000);
    assert_true(slp_svg_nice_step(275000, 5) == 100000); /* 55,000 -> 100,000 */
    assert_true(slp_svg_nice_step(110000, 5) == 25000);  /* 22,000 -> 25,000 */
    assert_true(slp_svg_nice_step(7, 7) == 1);
    assert_near(slp_svg_nice_step(0.3, 3), 0.1, 1e-15);
    assert_true(slp_svg_nice_step(0, 5) == 1);
    assert_true(slp_svg_nice_step(NAN, 5) == 1);
    assert_true(slp_svg_scale(5, 0, 10, 100, 200) == 150);
    assert_true(slp_svg_scale(5, 3, 3, 100, 200) == 100);
}

static void test_fit_and_join(void **state)
{
    (void)state;
    char buf[64];
    slp_svg_fit(buf, sizeof buf, "Lead", 12, 0, 200);
    assert_string_equal(buf, "Lead");
    slp_svg_fit(buf, sizeof buf, "A very long stage name indeed", 12, 0, 60);
    size_t n = strlen(buf);
    assert_true(n > 3 && n < strlen("A very long stage name indeed"));
    assert_string_equal(buf + n - 3, "\xE2\x80\xA6"); /* ends with … */
    assert_true(slp_svg_text_width(buf, 12, 0) <= 60);
    assert_memory_equal(buf, "A very", 6);
    /* Cut between characters, never inside one. */
    slp_svg_fit(buf, sizeof buf, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 10, 0, 30);
    assert_true(strlen(buf) % 2 == 1); /* pairs of é, then the 3-byte … */
    char small[6];
    SLP_SVG_JOIN(small, "ab", "c\xC3\xA9", "zzz");
    assert_string_equal(small, "abc\xC3\xA9");
    SLP_SVG_JOIN(small, "abcd", "\xC3\xA9");
    assert_string_equal(small, "abcd"); /* é would not fit whole */
    assert_true(strcmp(slp_svg_colour(0), slp_svg_colour(SLP_SVG_PALETTE)) == 0);
    assert_true(strcmp(slp_svg_colour(0), slp_svg_colour(1)) != 0);
}

/* The checker itself: it accepts what it should and rejects the rest. */
static void test_checker(void **state)
{
    (void)state;
    static const char *const good[] = {
        "<svg/>",
        "<?xml version=\"1.0\"?>\n<svg a=\"1\" b='2'><g><text>x &amp; y</text></g></svg>\n",
        "<a><b/><c>t</c>tail</a>",
    };
    static const char *const bad[] = {
        "<svg><g></svg>",             /* mismatched */
        "<svg>a & b</svg>",           /* bare ampersand */
        "<svg a=1/>",                 /* unquoted */
        "<svg a=\"<\"/>",             /* '<' in an attribute */
        "<svg a=\"1\" a=\"2\"/>",     /* duplicate attribute */
        "<svg/><svg/>",               /* two roots */
        "<svg>\x01</svg>",            /* control character */
        "<svg>\xC3</svg>",            /* broken UTF-8 */
        "<svg>&nbsp;</svg>",          /* entity XML does not define */
        "<svg",                       /* cut short */
        "<svg a=\"1\"b=\"2\"/>",      /* no space between attributes */
    };
    xdoc d;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        if (xml_try(&d, good[i]) != 0)
            fail_msg("rejected %s: %s", good[i], d.why);
        xml_free(&d);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (xml_try(&d, bad[i]) == 0)
            fail_msg("accepted %s", bad[i]);
        xml_free(&d);
    }
    assert_int_equal(xml_try(&d, good[1]), 0);
    const char *t[2];
    assert_int_equal(texts(&d, "", t, 2), 1);
    assert_string_equal(t[0], "x & y");
    xml_free(&d);
}

/* ---- the plan chart ------------------------------------------------------------- */

/* The built-in example: figures read from its written plan. */
static void test_plan_example(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_example_plan(&p), SALESPLAN_OK);
    char *svg = render_plan(p);
    salesplan_plan_free(p);
    xdoc d;
    xml_parse(&d, svg);
    check_document(&d, svg);
    const char *t[16];
    /* Funnel: six stages, their names and the entries needed. */
    static const char *const names[] = {"Lead", "Qualified", "Discovery", "Demo", "Proposal",
                                        "Won"};
    static const char *const counts[] = {"539", "162", "81", "49", "27", "12"};
    assert_int_equal(texts(&d, "stage-name", t, 16), 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(t[i], names[i]);
    assert_int_equal(texts(&d, "stage-count", t, 16), 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(t[i], counts[i]);
    assert_int_equal(texts(&d, "stage-conversion", t, 16), 6);
    assert_string_equal(t[0], "30% to next");
    assert_string_equal(t[5], "won");
    /* Quota: four reps in the legend with their totals; 15 blocks (Sam
     * Okafor starts in February, so January has three). */
    assert_int_equal(texts(&d, "quota-legend", t, 16), 4);
    assert_string_equal(t[0], "Maya Chen (AE): $84,173");
    assert_string_equal(t[3], "Sam Okafor (AE): $22,480");
    assert_int_equal(rect_tips(&d, "quota-month-bar", t, 16), 15);
    assert_string_equal(t[0], "Maya Chen, 5\xE2\x80\x93" "31 Jan 2026: $27,646");
    assert_int_equal(texts(&d, "quota-month", t, 16), 4);
    assert_string_equal(t[0], "5\xE2\x80\x93" "31 Jan 2026");
    assert_string_equal(t[1], "Feb 2026");
    assert_true(has_text(&d, "quota-tick", "$100,000"));
    assert_true(has_text(&d, "quota-tick", "$0"));
    /* Capacity: no gap. */
    assert_true(has_text(&d, "capacity-value", "$250,000"));
    assert_true(has_text(&d, "capacity-value", "$265,877 (106.4% of target)"));
    assert_true(has_text(&d, "capacity-hires", "No hires needed"));
    assert_int_equal(texts(&d, "capacity-gap", t, 16), 0);
    assert_int_equal(texts(&d, "chart-title", t, 16), 1);
    assert_string_equal(t[0], "Sales plan: Brightline Analytics: Q1 2026 new-business plan");
    xml_free(&d);
    salesplan_free(svg);
}

/* A plan with a gap: every label against the accessors, formatted here. */
static void test_plan_gap(void **state)
{
    (void)state;
    salesplan_plan *p = load("svg/gap.json");
    salesplan_result *r = NULL;
    assert_int_equal(salesplan_compute(&r, p, NULL, NULL), SALESPLAN_OK);
    char *svg = render_plan(p);
    salesplan_plan_free(p);
    xdoc d;
    xml_parse(&d, svg);
    check_document(&d, svg);
    const char *t[64];
    char want[256], a[64];
    size_t ns = salesplan_result_stage_count(r);
    assert_int_equal(texts(&d, "stage-count", t, 64), ns);
    for (size_t i = 0; i < ns; i++) {
        grouped(want, sizeof want, salesplan_result_stage(r, i)->required_int);
        assert_string_equal(t[i], want);
    }
    /* Long names are cut with an ellipsis; the tooltip keeps the whole name. */
    assert_int_equal(texts(&d, "stage-name", t, 64), ns);
    assert_non_null(strstr(t[0], "\xE2\x80\xA6"));
    assert_non_null(strstr(svg, "<title>Marketing-qualified lead from inbound campaigns: "));
    assert_non_null(strstr(svg, "Proof of concept &amp; security review"));
    /* The name's markup characters are escaped in the title. */
    assert_non_null(strstr(svg, "<title>Sales plan: Nordic &lt;Expansion&gt; &amp; Renewal"));
    /* Quota legend: every rep's total. */
    size_t nr = salesplan_result_rep_quota_count(r);
    assert_int_equal(nr, 6);
    assert_int_equal(texts(&d, "quota-legend", t, 64), nr);
    for (size_t i = 0; i < nr; i++) {
        const salesplan_rep_quota *q = salesplan_result_rep_quota(r, i);
        money(a, sizeof a, q->total, "EUR");
        snprintf(want, sizeof want, "%s (AE): %s", q->name, a);
        assert_string_equal(t[i], want);
    }
    /* One block per rep and month with quota, each with its amount. */
    size_t blocks = 0, nsl = salesplan_result_slice_count(r);
    assert_int_equal(nsl, 13);
    for (size_t i = 0; i < nr; i++)
        for (size_t s = 0; s < nsl; s++)
            blocks += salesplan_result_rep_quota(r, i)->slices[s] > 0;
    const char *tips[128];
    assert_int_equal(rect_tips(&d, "quota-month-bar", tips, 128), blocks);
    const salesplan_rep_quota *q0 = salesplan_result_rep_quota(r, 0);
    money(a, sizeof a, q0->slices[1], "EUR");
    snprintf(want, sizeof want, "%s, Feb 2026: %s", q0->name, a);
    int found = 0;
    for (size_t i = 0; i < blocks && i < 128; i++)
        found += strcmp(tips[i], want) == 0;
    assert_int_equal(found, 1);
    /* Capacity and the gap. */
    const salesplan_capacity_result *c = salesplan_result_capacity(r);
    assert_true(c->gap > 0 && c->hires_needed >= 2);
    money(a, sizeof a, c->gap, "EUR");
    snprintf(want, sizeof want, "gap %s", a);
    assert_true(has_text(&d, "capacity-gap", want));
    snprintf(want, sizeof want, "%.0f hires needed", c->hires_needed);
    assert_true(has_text(&d, "capacity-hires", want));
    money(a, sizeof a, salesplan_result_overview_get(r)->revenue, "EUR");
    assert_true(has_text(&d, "capacity-value", a));
    xml_free(&d);
    salesplan_free(svg);
    salesplan_result_free(r);
}

/* No quota carrier and an unreachable stage. */
static void test_plan_no_quota(void **state)
{
    (void)state;
    salesplan_plan *p = load("svg/noquota.json");
    char *svg = render_plan(p);
    salesplan_plan_free(p);
    xdoc d;
    xml_parse(&d, svg);
    check_document(&d, svg);
    const char *t[8];
    assert_int_equal(texts(&d, "stage-unreachable", t, 8), 1);
    assert_string_equal(t[0], "not reachable in the period");
    assert_int_equal(texts(&d, "quota-legend", t, 8), 0);
    assert_true(has_text(&d, "capacity-hires", "Hires cannot be sized"));
    assert_true(has_text(&d, "capacity-gap", "gap $60,000"));
    xml_free(&d);
    salesplan_free(svg);
}

/* The same bytes whatever the C locale says about decimal points. */
static void test_plan_locale(void **state)
{
    (void)state;
    if (setlocale(LC_NUMERIC, "de_DE.UTF-8") == NULL && setlocale(LC_NUMERIC, "fr_FR.UTF-8") == NULL)
        skip(); /* no comma-decimal locale installed */
    setlocale(LC_NUMERIC, "C");
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_example_plan(&p), SALESPLAN_OK);
    char *a = render_plan(p);
    if (setlocale(LC_NUMERIC, "de_DE.UTF-8") == NULL)
        assert_non_null(setlocale(LC_NUMERIC, "fr_FR.UTF-8"));
    char *b = render_plan(p);
    setlocale(LC_NUMERIC, "C");
    assert_string_equal(a, b);
    salesplan_free(a);
    salesplan_free(b);
    salesplan_plan_free(p);
}

/* ---- the simulation chart -------------------------------------------------------- */

static char *render_sim(const char *rel, unsigned long long trials,
                        salesplan_simulation **keep)
{
    salesplan_plan *p = load(rel);
    salesplan_simulate_options o = SALESPLAN_SIMULATE_OPTIONS_INIT;
    o.trials = trials;
    o.threads = 1;
    salesplan_simulation *sim = NULL;
    assert_int_equal(salesplan_simulate(&sim, p, &o, NULL), SALESPLAN_OK);
    salesplan_plan_free(p);
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(salesplan_simulation_render(&text, &len, sim, SALESPLAN_FORMAT_SVG, NULL),
                     SALESPLAN_OK);
    assert_int_equal(len, strlen(text));
    *keep = sim;
    return text;
}

/* Sum of the trial counts in the bars' tooltips ("1,234 trials with ..."). */
static unsigned long long bar_trials(const xdoc *d, size_t *bars)
{
    const char *t[128];
    size_t n = rect_tips(d, "panel histogram", t, 128);
    assert_true(n <= 128);
    unsigned long long sum = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned long long v = 0;
        for (const char *q = t[i]; *q && *q != ' '; q++)
            if (*q != ',')
                v = v * 10 + (unsigned long long)(*q - '0');
        assert_non_null(strstr(t[i], " trials with revenue from "));
        sum += v;
    }
    *bars = n;
    return sum;
}

static void test_simulation_chart(void **state)
{
    (void)state;
    salesplan_simulation *sim = NULL;
    char *svg = render_sim("render/small.json", 20000, &sim);
    const salesplan_simulation_summary *s = salesplan_simulation_summary_get(sim);
    xdoc d;
    xml_parse(&d, svg);
    check_document(&d, svg);
    const char *t[8];
    char want[256], a[64];
    static const char *const cls[] = {"sim-p10", "sim-p50", "sim-p90", "sim-target"};
    static const char *const lab[] = {"P10 ", "P50 ", "P90 ", "Target "};
    const double vals[] = {s->revenue.p10, s->revenue.p50, s->revenue.p90, s->target};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(texts(&d, cls[i], t, 8), 1);
        money(a, sizeof a, vals[i], "EUR");
        snprintf(want, sizeof want, "%s%s", lab[i], a);
        assert_string_equal(t[0], want);
    }
    assert_string_equal(t[0], "Target 100,000 EUR");
    /* Every trial is in a bar. Deal sizes are fixed here, so there is one
     * bar per possible number of deals won (at most 60 bars). */
    size_t bars = 0;
    assert_int_equal(bar_trials(&d, &bars), 20000);
    size_t kinds = (size_t)(s->deals.max - s->deals.min + 1), per = (kinds + 59) / 60;
    assert_true(kinds > 10);
    assert_int_equal(bars, (kinds + per - 1) / per);
    snprintf(want, sizeof want, "%.1f%%", s->p_hit * 100);
    if (strstr(want, ".0%"))
        strcpy(strstr(want, ".0%"), "%");
    assert_non_null(strstr(svg, want));
    assert_non_null(strstr(svg, "Simulation: Small, &quot;quoted&quot; plan"));
    xml_free(&d);
    salesplan_free(svg);
    salesplan_simulation_free(sim);

    /* A certain outcome: one bar holding every trial. */
    svg = render_sim("svg/fixed.json", 1000, &sim);
    xml_parse(&d, svg);
    check_document(&d, svg);
    assert_int_equal(bar_trials(&d, &bars), 1000);
    assert_int_equal(bars, 1);
    assert_int_equal(texts(&d, "sim-target", t, 8), 1);
    assert_string_equal(t[0], "Target $30,000");
    xml_free(&d);
    salesplan_free(svg);
    salesplan_simulation_free(sim);
}

/* Lognormal deal sizes: 60 equal bins over [min, max]. */
static void test_simulation_continuous(void **state)
{
    (void)state;
    salesplan_simulation *sim = NULL;
    char *svg = render_sim("svg/gap.json", 5000, &sim);
    xdoc d;
    xml_parse(&d, svg);
    check_document(&d, svg);
    size_t bars = 0;
    assert_int_equal(bar_trials(&d, &bars), 5000);
    assert_int_equal(bars, 60);
    assert_non_null(strstr(svg, "5,000 trials"));
    xml_free(&d);
    salesplan_free(svg);
    salesplan_simulation_free(sim);
}

/* ---- allocation failures ---------------------------------------------------------- */

/* Render the SVG of a result (which = 0) or a simulation (which = 1). */
struct svg_case {
    const salesplan_result *r;
    const salesplan_simulation *sim;
    int which;
};

static int op_render_svg(void *ctx)
{
    const struct svg_case *c = ctx;
    char *text = NULL;
    salesplan_error err;
    salesplan_status rc = c->which == 0
                 ? salesplan_result_render(&text, NULL, c->r, SALESPLAN_FORMAT_SVG, &err)
                 : salesplan_simulation_render(&text, NULL, c->sim, SALESPLAN_FORMAT_SVG, &err);
    return tst_alloc_check_text(rc, text);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    salesplan_plan *p = load("svg/gap.json");
    salesplan_result *r = NULL;
    assert_int_equal(salesplan_compute(&r, p, NULL, NULL), SALESPLAN_OK);
    salesplan_simulate_options o = SALESPLAN_SIMULATE_OPTIONS_INIT;
    o.trials = 500;
    o.threads = 1;
    salesplan_simulation *sim = NULL;
    assert_int_equal(salesplan_simulate(&sim, p, &o, NULL), SALESPLAN_OK);
    salesplan_plan_free(p);
    /* Fail the 1st, 2nd, ... allocation until rendering succeeds (no leak each
     * time; a failure at allocation 10000 fails the test). */
    for (int which = 0; which < 2; which++) {
        struct svg_case c = {r, sim, which};
        assert_int_equal(tst_alloc_install(), SALESPLAN_OK);
        tst_alloc_until_success(op_render_svg, &c, 10001);
        assert_int_equal(tst_alloc_restore(), SALESPLAN_OK);
    }
    salesplan_result_free(r);
    salesplan_simulation_free(sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_fit_and_join),
        cmocka_unit_test(test_checker),
        cmocka_unit_test(test_plan_example),
        cmocka_unit_test(test_plan_gap),
        cmocka_unit_test(test_plan_no_quota),
        cmocka_unit_test(test_plan_locale),
        cmocka_unit_test(test_simulation_chart),
        cmocka_unit_test(test_simulation_continuous),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
