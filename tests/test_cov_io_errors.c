#define _POSIX_C_SOURCE 200809L
/* lib/common/io.c failures the other I/O tests leave out: opening something that is
 * neither a file nor a directory (a socket: EIO, not "not found"), a reader
 * on a caller's descriptor that close must leave open, and the atomic writer
 * when write() itself fails (the file size limit), leaving nothing behind. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/io.h"
#include "salesplan.h"

static void test_open_socket(void **state)
{
    (void)state;
    char dir[] = "/tmp/salesplan-cov-ioerr-XXXXXX";
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
    char dir[] = "/tmp/salesplan-cov-ioerr-XXXXXX";
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
        cmocka_unit_test(test_open_socket),
        cmocka_unit_test(test_close_leaves_callers_fd),
        cmocka_unit_test(test_write_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
