/* Internal streaming RFC 4180 tokenizer.
 *
 * Reads its input through an slp_reader in chunks (about 1 MiB), so memory is
 * bounded by the longest record, never by the file size. Fields point into the
 * tokenizer's buffer (zero-copy; quoted fields with doubled quotes are
 * unescaped in place) and stay valid until the next call to slp_csv_next().
 *
 * Accepted: quoted fields, doubled quotes, newlines inside quotes, LF, CRLF and
 * lone CR line ends, a UTF-8 BOM at the start, a last record without a line
 * end. Lenient like Python's csv module: a quote inside an unquoted field is
 * literal, and text after a closing quote is kept (the row is flagged
 * SLP_CSV_BADQUOTE). A NUL byte is kept and flags the row SLP_CSV_NUL.
 * Fatal: end of input inside a quoted field (SALESPLAN_ESYNTAX), a record
 * longer than max_record bytes or with more than max_fields fields
 * (SALESPLAN_ELIMIT). Offsets and line numbers are 64-bit. */
#ifndef SLP_CSV_H
#define SLP_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "common/io.h"
#include "salesplan/common.h"

/* Returned by slp_csv_next() at the end of the input. */
#define SLP_CSV_END (-1)

/* Row flags. */
#define SLP_CSV_NUL 1u      /* a field contains a NUL byte */
#define SLP_CSV_BADQUOTE 2u /* text follows a closing quote ("ab"c) */
#define SLP_CSV_TYPED 4u    /* a record of typed values: numbers have a decimal point */

/* Bytes after the end of any field that may be read (not used): the buffer is
 * padded so that 16-byte loads from a field's start are always in bounds. */
#define SLP_CSV_PAD 16

/* Defaults for slp_csv_open(). */
#define SLP_CSV_CHUNK ((size_t)1 << 20)
#define SLP_CSV_MAX_RECORD ((size_t)64 << 20)
#define SLP_CSV_MAX_FIELDS ((size_t)1 << 20)

typedef struct slp_csv_field {
    const char *ptr; /* not NUL-terminated */
    size_t len;
} slp_csv_field;

typedef struct slp_csv_row {
    const slp_csv_field *fields; /* `count` fields; count = 0 for a blank line */
    size_t count;
    uint64_t line;   /* 1-based physical line on which the record starts */
    uint64_t offset; /* byte offset of the record's first byte (BOM included) */
    unsigned flags;  /* SLP_CSV_NUL | SLP_CSV_BADQUOTE */
} slp_csv_row;

typedef struct slp_csv slp_csv;

/* Tokenize what `r` yields (borrowed; it must outlive the tokenizer).
 * chunk, max_record, max_fields: 0 for the defaults above. delim: the field
 * separator (',' normally); it must not be '"', CR, LF or NUL. */
int slp_csv_open(slp_csv **out, slp_reader *r, char delim, size_t chunk, size_t max_record,
                 size_t max_fields, salesplan_error *err);
/* Tokenize a buffer held in memory (not copied whole: it is read in chunks;
 * `buf` is borrowed and must outlive the tokenizer). */
int slp_csv_open_buffer(slp_csv **out, const char *buf, size_t len, char delim, size_t chunk,
                        size_t max_record, size_t max_fields, salesplan_error *err);
/* Next record: SALESPLAN_OK with *row filled, SLP_CSV_END, or an error status
 * (ESYNTAX, ELIMIT, EIO, ENOMEM) with err filled (line set). After an error or
 * the end, further calls return the same. */
int slp_csv_next(slp_csv *c, slp_csv_row *row, salesplan_error *err);
/* Push mode (a host hands the bytes over in chunks of any size): no reader;
 * slp_csv_push() appends bytes, slp_csv_push_end() marks the end, and
 * slp_csv_next() returns SLP_CSV_MORE while a record is incomplete. Records,
 * line numbers and offsets are exactly those of the same bytes read at once. */
#define SLP_CSV_MORE (-2)
int slp_csv_open_push(slp_csv **out, char delim, salesplan_error *err);
/* Append bytes (ELIMIT when an incomplete record would exceed max_record). */
int slp_csv_push(slp_csv *c, const char *data, size_t len, salesplan_error *err);
void slp_csv_push_end(slp_csv *c);
/* Push without a copy: *room >= want bytes free at *dst (what was consumed is
 * dropped only when the room is short), then slp_csv_pushed() for the
 * n <= *room bytes written there. */
int slp_csv_push_room(slp_csv *c, size_t want, char **dst, size_t *room,
                      salesplan_error *err);
void slp_csv_pushed(slp_csv *c, size_t n);
/* Line on which the next record starts. */
uint64_t slp_csv_line(const slp_csv *c);
/* Bytes held and not yet returned as records. */
size_t slp_csv_pending(const slp_csv *c);
/* Those bytes (valid until the next call on c). */
const char *slp_csv_pending_data(const slp_csv *c);
/* The buffered input not yet consumed (at least the first chunk before the
 * first record is read; a BOM at the very start is left out), for sniffing
 * the delimiter and the date order. Valid until the next slp_csv_next(). */
int slp_csv_peek(slp_csv *c, const char **data, size_t *len, salesplan_error *err);
/* Change the field separator (before the first record is read). */
void slp_csv_set_delim(slp_csv *c, char delim);
/* Do not skip a BOM at the start (the input begins mid-file). */
void slp_csv_no_bom(slp_csv *c);
/* Bytes consumed so far (for progress and rates). */
uint64_t slp_csv_bytes(const slp_csv *c);
void slp_csv_free(slp_csv *c);

#endif
