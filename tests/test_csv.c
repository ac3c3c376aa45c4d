/* The streaming CSV tokenizer (lib/estimate/csv.c): RFC 4180 cases, chunk boundaries,
 * line numbers, limits, read errors, and a randomized comparison with a
 * byte-at-a-time reference parser written independently below. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "estimate/csv.h"

/* ---- helpers ------------------------------------------------------------- */

/* Tokenize `text` and print the records as `[a|b]@line\n` into out. */
static int dump_flags(const char *text, size_t len, size_t chunk, char *out, size_t cap,
                      salesplan_error *err, int flags)
{
    slp_csv *c = NULL;
    int rc = slp_csv_open_buffer(&c, text, len, ',', chunk, 0, 0, err);
    if (rc != SALESPLAN_OK)
        return rc;
    size_t w = 0;
    out[0] = '\0';
    slp_csv_row row;
    while ((rc = slp_csv_next(c, &row, err)) == SALESPLAN_OK) {
        w += (size_t)snprintf(out + w, cap - w, "[");
        for (size_t i = 0; i < row.count; i++) {
            if (i)
                w += (size_t)snprintf(out + w, cap - w, "|");
            w += (size_t)snprintf(out + w, cap - w, "%.*s", (int)row.fields[i].len,
                                  row.fields[i].ptr);
        }
        w += (size_t)snprintf(out + w, cap - w, "]@%llu%s\n", (unsigned long long)row.line,
                              !flags                       ? ""
                              : row.flags & SLP_CSV_BADQUOTE ? "!q"
                              : row.flags                   ? "!0"
                                                            : "");
    }
    slp_csv_free(c);
    return rc == SLP_CSV_END ? SALESPLAN_OK : rc;
}

static int dump(const char *text, size_t len, size_t chunk, char *out, size_t cap,
                salesplan_error *err)
{
    return dump_flags(text, len, chunk, out, cap, err, 1);
}

static void expect(const char *text, const char *want)
{
    static char got[8192];
    salesplan_error err;
    /* every chunk size must give the same records */
    size_t chunks[] = {0, 16, 17, 19, 23, 64};
    for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
        int rc = dump(text, strlen(text), chunks[k], got, sizeof got, &err);
        if (rc != SALESPLAN_OK)
            fail_msg("chunk %zu: status %d (%s)", chunks[k], rc, err.message);
        if (strcmp(got, want) != 0)
            fail_msg("chunk %zu: input %s\nwant:\n%sgot:\n%s", chunks[k], text, want, got);
    }
}

/* ---- RFC 4180 and friends --------------------------------------------------- */

static void test_plain_and_line_ends(void **state)
{
    (void)state;
    expect("a,b,c\n1,2,3\n", "[a|b|c]@1\n[1|2|3]@2\n");
    expect("a,b\r\n1,2\r\n", "[a|b]@1\n[1|2]@2\n");
    expect("a,b\r1,2\r", "[a|b]@1\n[1|2]@2\n");
    expect("a,b\n1,2", "[a|b]@1\n[1|2]@2\n");       /* no final line end */
    expect("a,,\n,,\n", "[a||]@1\n[||]@2\n");          /* empty fields */
    expect("a\n\n\nb\n", "[a]@1\n[]@2\n[]@3\n[b]@4\n"); /* blank lines: 0 fields */
    expect("", "");
    expect("\n", "[]@1\n");
}

static void test_quotes(void **state)
{
    (void)state;
    expect("\"a,b\",c\n", "[a,b|c]@1\n");
    expect("\"he said \"\"hi\"\"\",x\n", "[he said \"hi\"|x]@1\n");
    expect("\"\"\n", "[]@1\n");                        /* one empty quoted field */
    expect("\"\",\"\"\n", "[|]@1\n");
    expect("\"line1\nline2\",b\nc,d\n", "[line1\nline2|b]@1\n[c|d]@3\n");
    expect("\"x\r\ny\",z\r\nq\r\n", "[x\r\ny|z]@1\n[q]@3\n");
    expect("a\"b,c\n", "[a\"b|c]@1\n");                /* a quote inside text is literal */
    expect("\"ab\"c,d\n", "[abc|d]@1!q\n");            /* text after a closing quote */
    expect("\"ab\"c\"d\",e\n", "[abc\"d\"|e]@1!q\n");
    expect("x,\"\"\"\"\n", "[x|\"]@1\n");
    expect("\"a\"", "[a]@1\n");                        /* quoted field at the very end */
}

static void test_bom_and_nul(void **state)
{
    (void)state;
    expect("\xEF\xBB\xBFid,stage\n1,Won\n", "[id|stage]@1\n[1|Won]@2\n");
    static char got[256];
    salesplan_error err;
    const char text[] = "a,b\nx\0y,z\n";
    assert_int_equal(dump(text, sizeof text - 1, 0, got, sizeof got, &err), SALESPLAN_OK);
    assert_non_null(strstr(got, "@2!0"));
}

static void test_unterminated_quote_reports_its_line(void **state)
{
    (void)state;
    static char got[256];
    salesplan_error err;
    const char *text = "a,b\n1,2\n3,\"never closed\n4,5\n";
    assert_int_equal(dump(text, strlen(text), 16, got, sizeof got, &err), SALESPLAN_ESYNTAX);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.message, "never closed"));
}

static void test_long_field_and_limits(void **state)
{
    (void)state;
    size_t n = 5u << 20; /* a 5 MB field */
    char *text = malloc(n + 32);
    assert_non_null(text);
    memcpy(text, "h\n\"", 3);
    memset(text + 3, 'x', n);
    memcpy(text + 3 + n, "\",\n", 4);
    slp_csv *c = NULL;
    salesplan_error err;
    assert_int_equal(slp_csv_open_buffer(&c, text, strlen(text), ',', 0, 0, 0, &err), 0);
    slp_csv_row row;
    assert_int_equal(slp_csv_next(c, &row, &err), SALESPLAN_OK);
    assert_int_equal(slp_csv_next(c, &row, &err), SALESPLAN_OK);
    assert_int_equal(row.count, 2);
    assert_int_equal(row.fields[0].len, n);
    assert_int_equal(row.fields[1].len, 0);
    assert_int_equal(slp_csv_next(c, &row, &err), SLP_CSV_END);
    slp_csv_free(c);
    /* the same with a 1 MiB record limit fails cleanly */
    assert_int_equal(slp_csv_open_buffer(&c, text, strlen(text), ',', 0, 1u << 20, 0, &err), 0);
    assert_int_equal(slp_csv_next(c, &row, &err), SALESPLAN_OK);
    assert_int_equal(slp_csv_next(c, &row, &err), SALESPLAN_ELIMIT);
    assert_int_equal(err.line, 2);
    assert_int_equal(slp_csv_next(c, &row, &err), SALESPLAN_ELIMIT); /* sticky */
    slp_csv_free(c);
    free(text);
}

static void test_many_columns(void **state)
{
    (void)state;
    size_t cols = 20000;
    char *text = malloc(cols * 8 + 16);
    assert_non_null(text);
    size_t w = 0;
    for (size_t i = 0; i < cols; i++)
        w += (size_t)sprintf(text + w, "%sc%zu", i ? "," : "", i);
    text[w++] = '\n';
    slp_csv *c = NULL;
    salesplan_error err;
    assert_int_equal(slp_csv_open_buffer(&c, text, w, ',', 0, 0, 0, &err), 0);
    slp_csv_row row;
    assert_int_equal(slp_csv_next(c, &row, &err), SALESPLAN_OK);
    assert_int_equal(row.count, cols);
    assert_int_equal(row.fields[19999].len, 6);
    assert_memory_equal(row.fields[19999].ptr, "c19999", 6);
    slp_csv_free(c);
    /* a field limit gives ELIMIT */
    assert_int_equal(slp_csv_open_buffer(&c, text, w, ',', 0, 0, 1000, &err), 0);
    assert_int_equal(slp_csv_next(c, &row, &err), SALESPLAN_ELIMIT);
    slp_csv_free(c);
    free(text);
}

/* ---- reads through a reader that misbehaves ---------------------------------- */

struct drip {
    const char *text;
    size_t len, pos;
    int calls;
    int fail_at; /* call number that fails with EIO, 0 = never */
};

static ssize_t drip_read(void *ctx, void *buf, size_t n)
{
    struct drip *d = ctx;
    d->calls++;
    if (d->calls == d->fail_at) {
        errno = EIO;
        return -1;
    }
    if (d->calls % 3 == 0) { /* every third call is interrupted */
        errno = EINTR;
        return -1;
    }
    size_t k = d->len - d->pos;
    if (k > 3)
        k = 3; /* short reads */
    if (k > n)
        k = n;
    memcpy(buf, d->text + d->pos, k);
    d->pos += k;
    return (ssize_t)k;
}

static void test_short_reads_eintr_and_eio(void **state)
{
    (void)state;
    const char *text = "id,\"na,me\"\r\n1,\"x\"\"y\"\r\n2,z\r\n";
    struct drip d = {text, strlen(text), 0, 0, 0};
    slp_reader r = {drip_read, &d, -1, "drip"};
    slp_csv *c = NULL;
    salesplan_error err;
    assert_int_equal(slp_csv_open(&c, &r, ',', 16, 0, 0, &err), 0);
    slp_csv_row row;
    assert_int_equal(slp_csv_next(c, &row, &err), 0);
    assert_int_equal(row.count, 2);
    assert_memory_equal(row.fields[1].ptr, "na,me", 5);
    assert_int_equal(slp_csv_next(c, &row, &err), 0);
    assert_int_equal(row.fields[1].len, 3);
    assert_memory_equal(row.fields[1].ptr, "x\"y", 3);
    assert_int_equal(row.line, 2);
    assert_int_equal(slp_csv_next(c, &row, &err), 0);
    assert_int_equal(row.line, 3);
    assert_int_equal(slp_csv_next(c, &row, &err), SLP_CSV_END);
    assert_int_equal(slp_csv_bytes(c), strlen(text));
    slp_csv_free(c);

    struct drip bad = {text, strlen(text), 0, 0, 5};
    slp_reader rb = {drip_read, &bad, -1, "drip"};
    assert_int_equal(slp_csv_open(&c, &rb, ',', 16, 0, 0, &err), 0);
    int rc;
    while ((rc = slp_csv_next(c, &row, &err)) == SALESPLAN_OK)
        ;
    assert_int_equal(rc, SALESPLAN_EIO);
    slp_csv_free(c);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    slp_csv *c = NULL;
    salesplan_error err;
    assert_int_equal(slp_csv_open_buffer(&c, "a", 1, '"', 0, 0, 0, &err), SALESPLAN_EINVAL);
    assert_null(c);
    assert_int_equal(slp_csv_open_buffer(&c, NULL, 1, ',', 0, 0, 0, &err), SALESPLAN_EINVAL);
    assert_int_equal(slp_csv_next(NULL, NULL, &err), SALESPLAN_EINVAL);
    slp_csv_free(NULL);
}

/* ---- randomized comparison with an independent reference ------------------- */

/* A byte-at-a-time RFC 4180 parser (Python csv semantics), output in the same
 * "[a|b]@line" form. Returns -1 on an unterminated quote. */
static int reference(const char *s, size_t n, char *out, size_t cap)
{
    size_t w = 0, i = 0;
    unsigned long line = 1;
    out[0] = '\0';
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n) {
        unsigned long start_line = line;
        w += (size_t)snprintf(out + w, cap - w, "[");
        int nfields = 0;
        for (;;) { /* one field */
            if (nfields++)
                w += (size_t)snprintf(out + w, cap - w, "|");
            if (i < n && s[i] == '"') {
                i++;
                for (;;) {
                    if (i >= n)
                        return -1;
                    if (s[i] == '"' && i + 1 < n && s[i + 1] == '"') {
                        out[w++] = '"';
                        i += 2;
                    } else if (s[i] == '"') {
                        i++;
                        break;
                    } else {
                        if (s[i] == '\n')
                            line++;
                        out[w++] = s[i++];
                    }
                }
            }
            while (i < n && s[i] != ',' && s[i] != '\n' && s[i] != '\r') {
                out[w++] = s[i++];
            }
            out[w] = '\0';
            if (i < n && s[i] == ',') {
                i++;
                continue;
            }
            break;
        }
        if (i < n && s[i] == '\r')
            i++;
        if (i < n && s[i] == '\n')
            i++;
        line++;
        w += (size_t)snprintf(out + w, cap - w, "]@%lu\n", start_line);
    }
    return 0;
}

static void test_random_against_reference(void **state)
{
    (void)state;
    static const char *const atoms[] = {"a", "bc", ",", "\n", "\r\n", "\"q\"", "\"x,y\"",
                                        "\"l\nm\"", "\"d\"\"q\"", "\"\"", " ", "z9", "\r"};
    static char text[4096], want[16384], got[16384];
    uint64_t seed = 42;
    salesplan_error err;
    for (int iter = 0; iter < 3000; iter++) {
        size_t w = 0;
        int natoms = (int)(seed % 40);
        for (int k = 0; k < natoms; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            const char *a = atoms[(seed >> 33) % (sizeof atoms / sizeof atoms[0])];
            /* keep quotes at field starts so the input stays RFC 4180 */
            if (a[0] == '"' && w > 0 && text[w - 1] != ',' && text[w - 1] != '\n' &&
                text[w - 1] != '\r')
                a = ",";
            size_t l = strlen(a);
            memcpy(text + w, a, l);
            w += l;
        }
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        text[w] = '\0';
        if (reference(text, w, want, sizeof want) != 0)
            continue;
        /* blank lines: the reference prints "[]", as the tokenizer does */
        size_t chunks[] = {0, 16, 21};
        for (size_t c = 0; c < 3; c++) {
            int rc = dump_flags(text, w, chunks[c], got, sizeof got, &err, 0);
            if (rc != SALESPLAN_OK || strcmp(got, want) != 0)
                fail_msg("iteration %d chunk %zu rc %d\ninput: %s\nwant:\n%sgot:\n%s", iter,
                         chunks[c], rc, text, want, got);
        }
    }
}

/* ---- the fast path against the byte-by-byte path ---------------------------- */

/* Every record as "[a|b]@line+offset!flags": fields, line, offset and flags. */
static void dump_full(slp_csv *c, char *out, size_t cap, size_t *w, int *rc)
{
    slp_csv_row row;
    salesplan_error err;
    while ((*rc = slp_csv_next(c, &row, &err)) == SALESPLAN_OK) {
        *w += (size_t)snprintf(out + *w, cap - *w, "[");
        for (size_t i = 0; i < row.count; i++) {
            if (i)
                *w += (size_t)snprintf(out + *w, cap - *w, "|");
            for (size_t k = 0; k < row.fields[i].len; k++) /* NUL bytes shown as ~ */
                *w += (size_t)snprintf(out + *w, cap - *w, "%c",
                                       row.fields[i].ptr[k] ? row.fields[i].ptr[k] : '~');
        }
        *w += (size_t)snprintf(out + *w, cap - *w, "]@%llu+%llu!%u\n",
                               (unsigned long long)row.line, (unsigned long long)row.offset,
                               row.flags);
    }
}

/* Records of a text read whole (chunk 0: a 64-byte block fits, the fast path
 * runs), in 16-byte chunks (it never has a block), or pushed in pieces. */
static int dump_mode(const char *text, size_t len, int mode, uint64_t seed, char *out,
                     size_t cap)
{
    slp_csv *c = NULL;
    salesplan_error err;
    size_t w = 0;
    int rc;
    out[0] = '\0';
    if (mode < 2) {
        rc = slp_csv_open_buffer(&c, text, len, ',', mode == 0 ? 0 : 16, 0, 0, &err);
        assert_int_equal(rc, SALESPLAN_OK);
        dump_full(c, out, cap, &w, &rc);
    } else {
        assert_int_equal(slp_csv_open_push(&c, ',', &err), SALESPLAN_OK);
        size_t at = 0;
        rc = SLP_CSV_MORE;
        while (rc == SLP_CSV_MORE) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            size_t n = (size_t)(seed >> 33) % 200;
            if (n > len - at)
                n = len - at;
            assert_int_equal(slp_csv_push(c, text + at, n, &err), SALESPLAN_OK);
            at += n;
            if (at == len)
                slp_csv_push_end(c);
            dump_full(c, out, cap, &w, &rc);
        }
    }
    slp_csv_free(c);
    return rc;
}

static void test_fast_path_against_slow(void **state)
{
    (void)state;
    /* plain text mostly, so records cross 64-byte blocks on the fast path,
     * and now and then what only the byte-by-byte path reads */
    static const char *const atoms[] = {
        "abc", "defghijklmnopqrstu", ",", ",", ",", "\n", "\n", "\r\n", "\r", "\"q,\"",
        "\"\"\"\"", "\t", "x\"y", "\"ab\"c", "\001", "",
        ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"};
    static char text[4096], want[65536], got[65536];
    uint64_t seed = 7;
    for (int iter = 0; iter < 2000; iter++) {
        size_t w = 0;
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        int natoms = (int)((seed >> 33) % 300);
        for (int k = 0; k < natoms; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            size_t a = (seed >> 33) % (sizeof atoms / sizeof atoms[0]);
            size_t l = atoms[a][0] ? strlen(atoms[a]) : 1; /* "" stands for a NUL byte */
            if (w + l >= sizeof text)
                break;
            memcpy(text + w, atoms[a], l);
            w += l;
        }
        int rcw = dump_mode(text, w, 1, seed, want, sizeof want);
        for (int mode = 0; mode <= 2; mode += 2) {
            int rcg = dump_mode(text, w, mode, seed, got, sizeof got);
            if (rcg != rcw || strcmp(got, want) != 0)
                fail_msg("iteration %d mode %d: rc %d vs %d\nwant:\n%sgot:\n%s", iter, mode,
                         rcg, rcw, want, got);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_line_ends),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_bom_and_nul),
        cmocka_unit_test(test_unterminated_quote_reports_its_line),
        cmocka_unit_test(test_long_field_and_limits),
        cmocka_unit_test(test_many_columns),
        cmocka_unit_test(test_short_reads_eintr_and_eio),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_random_against_reference),
        cmocka_unit_test(test_fast_path_against_slow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
