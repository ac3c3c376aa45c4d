/* Internal: cutting a large regular file into parts at line ends, and
 * reading a byte range of it, for the readers that spread one file over
 * several threads (estimate_parallel.c, activity_parallel.c). Not installed. */
#ifndef SLP_FILE_PARTS_H
#define SLP_FILE_PARTS_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "common/io.h"

/* Files smaller than this are read on one thread; no part is smaller than half of it. */
#define SLP_PARTS_MIN_FILE ((uint64_t)16 << 20)
#define SLP_PART_MIN_BYTES (SLP_PARTS_MIN_FILE / 2)

/* Open `path` when it is a regular file of at least SLP_PARTS_MIN_FILE bytes:
 * its descriptor, and its size in *size; -1 otherwise (then nothing was
 * opened: a FIFO or a device is looked at, never opened, so that the reader
 * on one thread still gets its bytes). */
int slp_parts_open(const char *path, uint64_t *size);

/* Cut [pos, size) into at most n parts of at least SLP_PART_MIN_BYTES at
 * line ends: cut[0] = pos < cut[1] < ... < cut[k] = size; returns k (1: no
 * cut). `cut` holds n + 1 entries. */
size_t slp_parts_cut(int fd, uint64_t pos, uint64_t size, size_t n, uint64_t *cut);

/* Bytes [pos, to) of a file, as a reader (slp_parts_reader()). */
typedef struct slp_parts_range {
    int fd;
    uint64_t pos, to;
} slp_parts_range;

/* A reader of bytes [from, to) of fd, through *g (which must outlive it). */
void slp_parts_reader(slp_reader *r, slp_parts_range *g, int fd, uint64_t from, uint64_t to);


#endif
