#define _POSIX_C_SOURCE 200809L
/* The edges of the infrastructure modules: every way opening a file fails
 * (lib/common/io.c), the atomic writer's failures leaving nothing behind, the
 * overflow checks of lib/common/alloc.c and the error helpers of lib/common/error.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/error.h"
#include "common/io.h"
#include "salesplan.h"

typedef struct tmpdir {
    char path[64];
} tmpdir;

static void make_dir(tmpdir *t)
{
    snprintf(t->path, sizeof t->path, "/tmp/salesplan-cov-io-XXXXXX");
    assert_non_null(mkdtemp(t->path));
}

static void in_dir(char *buf, size_t size, const tmpdir *t, const char *name)
{
    snprintf(buf, size, "%s/%s", t->path, name);
}

static int entries(const tmpdir *t)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) -eq 0", t->path);
    return system(cmd) == 0 ? 0 : 1;
}

static void test_open_failures(void **state)
{
    (void)state;
    slp_reader r;
    salesplan_error err;
    assert_int_equal(slp_reader_open(&r, NULL, &err), SALESPLAN_EINVAL);
    assert_string_equal(err.message, "no file name given");

    /* ENOENT, ENOTDIR, ENAMETOOLONG, ELOOP: all "cannot open" */
    assert_int_equal(slp_reader_open(&r, "/nonexistent/plan.json", &err), SALESPLAN_ENOENT);
    assert_non_null(strstr(err.message, strerror(ENOENT)));
    tmpdir t;
    make_dir(&t);
    char file[128], sub[160], loop[128];
    in_dir(file, sizeof file, &t, "file");
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs("abc", f);
    fclose(f);
    snprintf(sub, sizeof sub, "%s/below", file);
    assert_int_equal(slp_reader_open(&r, sub, &err), SALESPLAN_ENOENT);
    assert_non_null(strstr(err.message, strerror(ENOTDIR)));
    char *longname = malloc(5000);
    assert_non_null(longname);
    memset(longname, 'x', 4999);
    longname[4999] = '\0';
    assert_int_equal(slp_reader_open(&r, longname, &err), SALESPLAN_ENOENT);
    assert_int_equal(strlen(err.message), SALESPLAN_ERROR_MESSAGE_SIZE - 1); /* name cut */
    free(longname);
    in_dir(loop, sizeof loop, &t, "loop");
    assert_int_equal(symlink(loop, loop), 0);
    assert_int_equal(slp_reader_open(&r, loop, &err), SALESPLAN_ENOENT);
    assert_non_null(strstr(err.message, strerror(ELOOP)));
    assert_int_equal(unlink(loop), 0);

    /* A directory opens, then reading it fails with EISDIR: "cannot open" too. */
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(slp_read_file(t.path, 100, &out, &len, &err), SALESPLAN_ENOENT);
    assert_null(out);
    assert_non_null(strstr(err.message, strerror(EISDIR)));

    /* A whole file, its length optional; an empty file is "" */
    assert_int_equal(slp_read_file(file, 3, &out, NULL, &err), SALESPLAN_OK);
    assert_string_equal(out, "abc");
    slp_free(out);
    assert_int_equal(slp_read_file(file, 2, &out, &len, &err), SALESPLAN_ELIMIT);
    assert_null(out);
    assert_non_null(strstr(err.message, "larger than the limit of 2 bytes"));
    f = fopen(file, "w");
    fclose(f);
    assert_int_equal(slp_read_file(file, 10, &out, &len, &err), SALESPLAN_OK);
    assert_int_equal(len, 0);
    assert_string_equal(out, "");
    slp_free(out);

    /* A reader on a descriptor we own: closing the reader leaves it open. */
    int fd = open(file, O_RDONLY);
    assert_true(fd >= 0);
    slp_reader_from_fd(&r, fd, NULL);
    assert_string_equal(r.name, "-");
    slp_reader_close(&r);
    assert_int_equal(close(fd), 0); /* still open: close succeeds */
    assert_int_equal(unlink(file), 0);
    assert_int_equal(rmdir(t.path), 0);
}

static void test_atomic_write_failures(void **state)
{
    (void)state;
    salesplan_error err;
    assert_int_equal(slp_write_atomic(NULL, "x", 1, &err), SALESPLAN_EINVAL);
    tmpdir t;
    make_dir(&t);
    char target[128], back_path[128];
    /* The target is a directory: the rename fails, the temporary file goes. */
    in_dir(target, sizeof target, &t, "out");
    assert_int_equal(mkdir(target, 0755), 0);
    char inner[160];
    snprintf(inner, sizeof inner, "%s/keep", target);
    FILE *f = fopen(inner, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(slp_write_atomic(target, "data", 4, &err), SALESPLAN_EIO);
    assert_non_null(strstr(err.message, "cannot write"));
    assert_int_equal(unlink(inner), 0);
    assert_int_equal(rmdir(target), 0);
    assert_int_equal(entries(&t), 0); /* no temporary file left */

    /* An empty document, and a file readable by others (0644, not mkstemp's 0600). */
    in_dir(back_path, sizeof back_path, &t, "empty");
    assert_int_equal(slp_write_atomic(back_path, "", 0, &err), SALESPLAN_OK);
    struct stat st;
    assert_int_equal(stat(back_path, &st), 0);
    assert_int_equal(st.st_size, 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    assert_int_equal(unlink(back_path), 0);
    assert_int_equal(rmdir(t.path), 0);
}

static void test_alloc_edges(void **state)
{
    (void)state;
    assert_null(slp_calloc(SIZE_MAX / 2, 4));
    assert_null(slp_reallocarray(NULL, SIZE_MAX / 8 + 1, 8));
    unsigned char *z = slp_calloc(0, 8); /* a valid, freeable block */
    assert_non_null(z);
    slp_free(z);
    z = slp_calloc(4, 4);
    for (int i = 0; i < 16; i++)
        assert_int_equal(z[i], 0);
    z = slp_realloc(z, 0); /* shrinks to a one-byte block, never frees */
    assert_non_null(z);
    slp_free(z);
    assert_null(slp_strdup(NULL));
    assert_null(slp_strndup(NULL, 3));
    char *s = slp_strndup("abcdef", 3);
    assert_string_equal(s, "abc");
    slp_free(s);
    slp_free(NULL);

    void *items = NULL;
    size_t cap = 0;
    assert_int_equal(slp_grow(&items, &cap, 3, 4), 0);
    assert_int_equal(cap, 8); /* starts at 8 */
    assert_int_equal(slp_grow(&items, &cap, 8, 4), 0);
    assert_int_equal(cap, 8); /* enough already */
    assert_int_equal(slp_grow(&items, &cap, 9, 4), 0);
    assert_int_equal(cap, 16);
    assert_int_equal(slp_grow(&items, &cap, SIZE_MAX, 4), -1); /* overflow: unchanged */
    assert_int_equal(cap, 16);
    assert_int_equal(slp_grow(&items, &cap, SIZE_MAX / 2, 4), -1);
    slp_free(items);
}

static void test_error_edges(void **state)
{
    (void)state;
    const int codes[] = {SALESPLAN_OK,    SALESPLAN_ENOMEM, SALESPLAN_EINVAL, SALESPLAN_ESYNTAX,
                         SALESPLAN_EPLAN, SALESPLAN_EDATA,  SALESPLAN_EIO,    SALESPLAN_ENOENT,
                         SALESPLAN_ERANGE, SALESPLAN_ELIMIT, SALESPLAN_EINTERNAL};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *s = salesplan_strerror(codes[i]);
        assert_string_not_equal(s, "unknown status");
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(s, salesplan_strerror(codes[j]));
    }
    salesplan_error e;
    /* no format: the status text */
    assert_int_equal(slp_error_set(&e, SALESPLAN_ELIMIT, NULL, 3, 4, NULL), SALESPLAN_ELIMIT);
    assert_string_equal(e.message, "size limit exceeded");
    assert_string_equal(e.path, "");
    slp_error_clear(&e);
    assert_int_equal(e.code, SALESPLAN_OK);
    assert_string_equal(e.message, "");
    slp_error_clear(NULL);
    /* a message longer than the buffer is cut, NUL-terminated */
    char big[600];
    memset(big, 'm', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    slp_error_set(&e, SALESPLAN_EPLAN, "p", 0, 0, "%s", big);
    assert_int_equal(strlen(e.message), SALESPLAN_ERROR_MESSAGE_SIZE - 1);
    assert_null(slp_diag_at(NULL, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_failures),
        cmocka_unit_test(test_atomic_write_failures),
        cmocka_unit_test(test_alloc_edges),
        cmocka_unit_test(test_error_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
