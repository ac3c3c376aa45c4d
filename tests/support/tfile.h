/* Read a whole file into memory for a test (cmocka): NUL-terminated, malloc'd,
 * its length in *len when len is not NULL; a file that cannot be read fails
 * the test. Header-only test code. */
#ifndef SALESPLAN_TESTS_SUPPORT_TFILE_H
#define SALESPLAN_TESTS_SUPPORT_TFILE_H

#include <stdio.h>
#include <stdlib.h>

static char *tfile_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap + 1);
    assert_non_null(buf);
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
            assert_non_null(buf);
        }
    }
    assert_int_equal(ferror(f), 0);
    fclose(f);
    buf[n] = '\0';
    if (len != NULL)
        *len = n;
    return buf;
}

#endif
