#define _POSIX_C_SOURCE 200809L
/* lib/common/io.c at its edges: every way opening a file fails (a socket included:
 * EIO, not "not found"), a reader on a caller's descriptor that close must leave
 * open, and the atomic writer's failures (write() itself failing at the file size
 * limit among them) leaving nothing behind. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/io.h"
#include "salesplan.h"

typedef struct tmpdir {
    char path[64];
} tmpdir;

static void make_dir(tmpdir *t)
{
    snprintf(t->path, sizeof t->path, "/tmp/salesplan-io-XXXXXX");
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

/* ---- sockets, callers' descriptors, failing writes ----------------------------------------- */

static void test_open_socket(void **state)
{
    (void)state;
    char dir[] = "/tmp/salesplan-ioerr-XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/sock", dir);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(s >= 0);
    assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
    slp_reader r;
    salesplan_error err;
    /* open() of a socket fails with ENXIO: an I/O error, not a missing file */
    assert_int_equal(slp_reader_open(&r, sa.sun_path, &err), SALESPLAN_EIO);
    char want[256];
    snprintf(want, sizeof want, "%s: %s", sa.sun_path, strerror(ENXIO));
    assert_string_equal(err.message, want);
    close(s);
    unlink(sa.sun_path);
    rmdir(dir);
}

static void test_close_leaves_callers_fd(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    slp_reader r;
    slp_reader_from_fd(&r, fds[0], NULL); /* stdin-like: named "-" */
    assert_string_equal(r.name, "-");
    slp_reader_close(&r);
    assert_int_equal(r.fd, -1);
    assert_true(fcntl(fds[0], F_GETFD) >= 0); /* still open */
    slp_reader_from_fd(&r, fds[0], "-");
    slp_reader_close(&r);
    assert_true(fcntl(fds[0], F_GETFD) >= 0);
    /* a named one is the reader's own and is closed; the data still reads */
    assert_int_equal(write(fds[1], "abc", 3), 3);
    close(fds[1]);
    slp_reader_from_fd(&r, fds[0], "pipe");
    char *out = NULL;
    size_t len = 0;
    salesplan_error err;
    assert_int_equal(slp_reader_slurp(&r, 10, &out, &len, &err), SALESPLAN_OK);
    assert_int_equal(len, 3);
    assert_string_equal(out, "abc");
    salesplan_free(out);
    slp_reader_close(&r);
    errno = 0;
    assert_int_equal(fcntl(fds[0], F_GETFD), -1);
    assert_int_equal(errno, EBADF);
}

static void test_write_fails(void **state)
{
    (void)state;
    char dir[] = "/tmp/salesplan-ioerr-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[96];
    snprintf(path, sizeof path, "%s/out.json", dir);
    struct rlimit old, small;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    small = old;
    small.rlim_cur = 4; /* a 4-byte file at most: write() fails with EFBIG */
    struct sigaction ign, prev;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    assert_int_equal(sigaction(SIGXFSZ, &ign, &prev), 0);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    salesplan_error err;
    int rc = slp_write_atomic(path, "0123456789", 10, &err);
    setrlimit(RLIMIT_FSIZE, &old);
    sigaction(SIGXFSZ, &prev, NULL);
    assert_int_equal(rc, SALESPLAN_EIO);
    char want[256];
    snprintf(want, sizeof want, "%s: cannot write: %s", path, strerror(EFBIG));
    assert_string_equal(err.message, want);
    /* neither the file nor its temporary exists */
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_failures),
        cmocka_unit_test(test_atomic_write_failures),
        cmocka_unit_test(test_open_socket),
        cmocka_unit_test(test_close_leaves_callers_fd),
        cmocka_unit_test(test_write_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
