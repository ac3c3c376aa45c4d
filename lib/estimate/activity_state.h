/* Internal: the mergeable activity state (salesplan/activity_state.h). Every
 * way in (files, descriptors, buffers, CSV chunks, records, bytes) fills one
 * of these: activity_read.c reads headers and rows of both inputs into its
 * accumulator (activity_acc.h), activity_state.c drives the feeding and the
 * finish, activity_state_merge.c merges, activity_state_io.c moves it as
 * bytes. Not installed. */
#ifndef SLP_ACTIVITY_STATE_H
#define SLP_ACTIVITY_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "common/versioned.h"
#include "estimate/activity_acc.h"
#include "estimate/activity_ids.h"
#include "estimate/activity_internal.h"
#include "estimate/csv.h"
#include "estimate/estimate_internal.h"
#include "estimate/record_row.h"
#include "salesplan/activity_state.h"

/* Column roles of the log (SLP_L_*) and of the deals (SLP_D_*). */
enum { SLP_L_DATE, SLP_L_TYPE, SLP_L_OWNER, SLP_L_DEAL, SLP_L_ACCOUNT, SLP_L_COUNT };
enum { SLP_D_ID, SLP_D_STAGE, SLP_D_CREATED, SLP_D_CLOSED, SLP_D_DATE, SLP_D_OWNER,
       SLP_D_ACCOUNT, SLP_D_COUNT };

/* A skipped row named in the warnings. */
typedef struct slp_act_problem {
    long long line;
    char *msg;
} slp_act_problem;

/* A log row read but not yet counted: its day, the short values of its
 * columns (n == 0: none) and then their ids. Rows are counted a batch at a
 * time so that the lookups of a batch are fetched ahead together. */
#define SLP_ACT_BATCH 32
typedef struct slp_act_pending {
    uint64_t line;
    int32_t day;
    slp_act_idkey key[SLP_L_COUNT]; /* SLP_L_TYPE.. */
    uint32_t id[SLP_L_COUNT];
} slp_act_pending;

/* One input (the log or the deals). */
typedef struct slp_act_input {
    const char *file;     /* "activities" or "deals" (messages) */
    /* the header shared by every CSV document and the records */
    char **header;
    size_t header_n;
    size_t col[SLP_D_COUNT]; /* header index of each role, SIZE_MAX when none */
    int shape;               /* deals: SALESPLAN_DEALS_SNAPSHOT or _TRANSITIONS */
    /* dates: the order slash dates are read in, and how many were read */
    int dmy, decided;
    long long slash_dates;
    /* the CSV document being fed */
    slp_csv *csv;
    int doc_header;          /* its header was read */
    uint64_t doc_header_bytes; /* bytes up to the end of its header row */
    uint64_t doc_first_line; /* line of its first record */
    char delim;              /* its delimiter (sniffed or given) */
    int preset;              /* `delim` and the date order are given (a part of a file
                                read on several threads): no sniffing */
    uint64_t record_line;    /* line of the last record (0: none yet) */
    slp_scache *cache;       /* log: days of short date values */
    slp_act_ids ids[SLP_L_COUNT]; /* log: ids of short values, per role (SLP_L_TYPE..) */
    int prefilled;           /* log: ids filled from the dictionaries (slp_act_input_prefill_ids) */
    /* log, while parts are read on threads: ids looked up before `ids`, never
     * written (`frozen`: this input's own, moved there by
     * slp_act_input_freeze_ids; or another state's); NULL otherwise */
    const slp_act_ids *base;
    slp_act_ids frozen[SLP_L_COUNT];
    slp_act_pending pend[SLP_ACT_BATCH]; /* log: rows not yet counted */
    size_t npend;
    /* the first max_reported skipped rows, by line */
    slp_act_problem *prob;
    size_t nprob, prob_cap;
} slp_act_input;

struct salesplan_activity_state {
    salesplan_activities_options o; /* deep copy; o.plan is `plan` */
    salesplan_plan *plan;
    char **strs;
    size_t nstrs;
    const char **lists;
    slp_act_acc acc;
    slp_act_input in[2]; /* SALESPLAN_INPUT_LOG, _DEALS */
    slp_record_buf rec;
    salesplan_error *err; /* of the call under way */
    int failed;           /* a feed failed: the state is only good for free */
};

/* The options' strings by offset and their lists, in serialized order. */
#define SLP_ACT_OPTION_STRINGS 14
#define SLP_ACT_OPTION_LISTS 4
extern const size_t slp_act_option_strings[SLP_ACT_OPTION_STRINGS];
const char **slp_act_option_string(salesplan_activities_options *o, size_t i);
typedef struct slp_act_list {
    const char *const **v;
    size_t *count;
} slp_act_list;
void slp_act_option_lists(salesplan_activities_options *o, slp_act_list l[SLP_ACT_OPTION_LISTS]);

/* A state for these options (checked, copied). */
int slp_act_state_new(salesplan_activity_state **out, const salesplan_activities_options *opts,
                      salesplan_error *err);
/* Options of any accepted version as the current version's (defaults for
 * NULL and for the fields an older version lacks); EINVAL for an unknown
 * version. */
#define SLP_ACT_OPTIONS_V1_SIZE offsetof(salesplan_activities_options, threads)
/* The size of each version of salesplan_activities_options (common/versioned.h). */
static const size_t slp_act_options_ends[SALESPLAN_ACTIVITIES_OPTIONS_VERSION] = {
    SLP_ACT_OPTIONS_V1_SIZE, sizeof(salesplan_activities_options)};
int slp_act_options_normalise(salesplan_activities_options *dst,
                              const salesplan_activities_options *src, salesplan_error *err);
/* Check normalised options (SALESPLAN_OK, EINVAL or ELIMIT with err). */
int slp_act_check_options(const salesplan_activities_options *o, salesplan_error *err);
/* Serialized options (merge's compatibility key; out freed by the caller). */
int slp_act_options_bytes(const salesplan_activity_state *s, char **out, size_t *len);

/* Feed input `input` what r yields, read straight into its tokenizer's
 * buffer (salesplan_activity_state_feed_csv without the copy). */
int slp_act_state_feed_reader(salesplan_activity_state *s, int input, slp_reader *r,
                              salesplan_error *err);
/* activity_feed.c: feed input `which` whole (the reader, else the buffer),
 * end it and check it had a header. */
int slp_act_feed_whole(salesplan_activity_state *s, int which, slp_reader *rd, const char *buf,
                       size_t len, salesplan_error *err);
/* activity_parallel.c: salesplan_activities_file() on opts->threads threads
 * when the log is a large regular file; *done = 0 when it was not done (then
 * read on one thread; nothing was reported). */
int slp_act_parallel(salesplan_activities **out, const char *log, const char *deals,
                     const salesplan_activities_options *opts, salesplan_error *err, int *done);
/* salesplan_activity_state_merge() with the skipped rows of src's log
 * `log_shift` lines further on (a part of a log read after the parts before it). */
int slp_act_state_merge_at(salesplan_activity_state *dst, const salesplan_activity_state *src,
                           long long log_shift, salesplan_error *err);
/* Line on which the next record of input `which` starts (1 when no CSV is open). */
uint64_t slp_act_state_csv_line(const salesplan_activity_state *s, int which);

/* SALESPLAN_OK when s may be merged, serialized or finished (no CSV left
 * open, not failed), else EINVAL with err. */
int slp_act_state_ready(const salesplan_activity_state *s, salesplan_error *err);
/* EDATA "the <file> file is empty" when input `which` has no header. */
int slp_act_state_has_header(const salesplan_activity_state *s, int which, salesplan_error *err);

/* activity_read.c: a header of input `in` (store it and find the columns,
 * or check it is the state's); one data row of it. */
int slp_act_input_header(salesplan_activity_state *s, int in, const char *const *names,
                         const size_t *lens, size_t n, uint64_t line);
int slp_act_input_row(salesplan_activity_state *s, int in, const slp_csv_row *row);
/* Count the log rows read but not yet counted (every feeding call ends with
 * this: outside one, the counts are whole). */
int slp_act_input_flush(salesplan_activity_state *s, int in);
/* Sniff the date order of a document's first bytes into input `in` and
 * return the delimiter (given or sniffed from the first line). */
char slp_act_input_sniff(salesplan_activity_state *s, int in, const char *data, size_t len);
/* Keep a skipped row among the first max_reported by line (SALESPLAN_OK or ENOMEM). */
int slp_act_problem_add(salesplan_activity_state *s, slp_act_input *x, long long line,
                        const char *msg);
/* The warnings of reading input `in` (columns, skipped rows) into r. */
int slp_act_input_warnings(const salesplan_activity_state *s, int in, salesplan_activities *r);
void slp_act_input_free(slp_act_input *x);
/* Put every short value the accumulator holds for a log column (types,
 * owners, deal ids, accounts; valid UTF-8) into the log's ids of short
 * values, so that rows find them there rather than one look-up in a
 * dictionary each (scattered reads), and a state seeded from this one
 * (slp_act_state_seed) finds them all. Done once. */
void slp_act_input_prefill_ids(salesplan_activity_state *s);
/* Make the log's ids of short values read-only (moved to `frozen`, looked
 * up first; new values go to fresh `ids`), so that states seeded from this
 * one share them while this one reads on. */
void slp_act_input_freeze_ids(salesplan_activity_state *s);
/* Seed new state dst from s for reading another part of s's log: its
 * accumulator (slp_act_acc_seed) and s's frozen ids of short values, shared
 * (slp_act_input_freeze_ids first). dst must be merged into s, and freed
 * before s. SALESPLAN_OK or ENOMEM. */
int slp_act_state_seed(salesplan_activity_state *dst, const salesplan_activity_state *s);
/* Drop the ids of short values (a cache: rows fed later look them up again),
 * so that a state fed for the last time finishes in less memory. */
void slp_act_input_forget_ids(slp_act_input *x);
/* 1 when input `in` has CSV bytes not yet counted (a document not ended). */
int slp_act_input_open(const salesplan_activity_state *s, int in);

#endif
