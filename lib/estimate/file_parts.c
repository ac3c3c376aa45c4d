/* Cutting a large file at line ends and reading its parts: see file_parts.h. */
#define _POSIX_C_SOURCE 200809L
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "estimate/csv_feed.h"
#include "estimate/file_parts.h"

int slp_parts_open(const char *path, uint64_t *size)
{
    struct stat st;
    *size = 0;
    if (path == NULL || stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
        (uint64_t)st.st_size < SLP_PARTS_MIN_FILE)
        return -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        (uint64_t)st.st_size < SLP_PARTS_MIN_FILE) {
        close(fd);
        return -1;
    }
    *size = (uint64_t)st.st_size;
    return fd;
}

/* Offset just after the first '\n' at or after `pos`, 0 when none is near. */
static uint64_t find_split(int fd, uint64_t pos, uint64_t size)
{
    char buf[65536];
    for (int tries = 0; tries < 256 && pos < size; tries++) {
        ssize_t k = pread(fd, buf, sizeof buf, (off_t)pos);
        if (k <= 0)
            return 0;
        const char *nl = memchr(buf, '\n', (size_t)k);
        if (nl) {
            uint64_t split = pos + (uint64_t)(nl - buf) + 1;
            return split < size ? split : 0;
        }
        pos += (uint64_t)k;
    }
    return 0;
}

size_t slp_parts_cut(int fd, uint64_t pos, uint64_t size, size_t n, uint64_t *cut)
{
    if (n > (size - pos) / SLP_PART_MIN_BYTES)
        n = (size_t)((size - pos) / SLP_PART_MIN_BYTES);
    size_t k = 0;
    cut[k++] = pos;
    for (size_t i = 1; i < n; i++) {
        uint64_t at = pos + (size - pos) / n * i;
        uint64_t c = at > cut[k - 1] ? find_split(fd, at, size) : 0;
        if (c > cut[k - 1])
            cut[k++] = c;
    }
    cut[k] = size;
    return k;
}

static ssize_t range_read(void *ctx, void *buf, size_t n)
{
    slp_parts_range *g = ctx;
    if (n > g->to - g->pos)
        n = (size_t)(g->to - g->pos);
    if (n == 0)
        return 0;
    ssize_t k = pread(g->fd, buf, n, (off_t)g->pos);
    if (k == 0) { /* the file shrank under us */
        errno = EIO;
        return -1;
    }
    if (k > 0)
        g->pos += (uint64_t)k;
    return k;
}

void slp_parts_reader(slp_reader *r, slp_parts_range *g, int fd, uint64_t from, uint64_t to)
{
    *g = (slp_parts_range){fd, from, to};
    *r = (slp_reader){range_read, g, -1, "(file part)"};
}
