/* Internal: the mergeable estimate state (salesplan/estimate_state.h). Every
 * way in (file, descriptor, buffer, threads, CSV chunks, records, bytes) fills
 * one of these, and every estimate comes out of slp_est_state_take(). */
#ifndef SLP_ESTIMATE_STATE_H
#define SLP_ESTIMATE_STATE_H

#include "estimate/estimate_internal.h"
#include "estimate/record_row.h"
#include "salesplan/estimate_state.h"

/* Bytes buffered before the header is read: the delimiter and the date order
 * are sniffed from this much of the start, whatever the chunks fed. */
#define SLP_EST_SNIFF_BYTES SLP_CSV_CHUNK

struct salesplan_estimate_state {
    salesplan_estimate_options o; /* deep copy: the strings live in `strs` */
    char **strs;
    size_t nstrs;
    const char **lists; /* the copied arrays of names, one block */
    size_t *join_lens;  /* lengths of the joined tables given as text (o.join_text_lens) */
    slp_est_ctx x;
    /* the header (column names) shared by every CSV document and the records */
    char **header;
    size_t header_n;
    int mapped; /* x's columns follow the header */
    int joined; /* joined tables loaded */
    /* the CSV document being fed */
    slp_csv *csv;
    int doc_header; /* its header was read */
    int sniffed;
    uint64_t doc_first_line;   /* line of its first data row */
    uint64_t doc_header_bytes; /* bytes of this document up to its first data row */
    uint64_t body_bytes;   /* bytes of data rows, every document */
    uint64_t header_bytes; /* bytes up to the first data row (counted once) */
    uint64_t record_line;  /* line given to the last record */
    /* records: text of the current record, padded for the field caches */
    slp_record_buf rec;
    int failed; /* a feed failed: the state is only good for free */
};

/* A state for these options (normalised, checked, copied). */
int slp_est_state_new(salesplan_estimate_state **out, const salesplan_estimate_options *opts,
                      salesplan_error *err);
/* The estimate, consuming the state's accumulators (then only free it). */
int slp_est_state_take(salesplan_estimate **out, salesplan_estimate_state *s,
                       salesplan_error *err);
/* Merge with problem lines of src shifted by line_offset; check_options = 0
 * for the library's own halves (same options but for the sniffed ones). */
int slp_est_state_merge_at(salesplan_estimate_state *dst, const salesplan_estimate_state *src,
                           long long line_offset, int check_options, salesplan_error *err);
/* The header (names, lengths) read or set: store it, or check it is the state's. */
int slp_est_state_header(salesplan_estimate_state *s, const char *const *names,
                         const size_t *lens, size_t n, uint64_t line);
/* Map the columns from the stored header (loads the joins when `join`). */
int slp_est_state_map(salesplan_estimate_state *s, int join);
/* Serialized options (the compatibility key of merge); out freed by caller. */
int slp_est_state_options_bytes(const salesplan_estimate_options *o, char **out, size_t *len);
/* Feed everything `r` yields as CSV bytes of the current document (read
 * into the tokenizer's buffer, not copied); the document is not ended. */
int slp_est_state_feed_reader(salesplan_estimate_state *s, slp_reader *r, salesplan_error *err);
/* Line of the next record of the current CSV document (1 before any). */
uint64_t slp_est_state_csv_line(const salesplan_estimate_state *s);

#endif
