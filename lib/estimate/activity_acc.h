/* Internal: the activity-log accumulator (SPEC §12), shaped like the SPEC §14
 * estimators: create, feed rows (values already parsed: days, classes, text
 * fields), merge two accumulators, finish into a salesplan_activities
 * (activity_finish.c). Everything is kept as counts keyed by distinct values
 * (type, owner, deal, account, stage, day), so memory is bounded by those and
 * never by the rows, and the range, the plan's names and the attribution are
 * applied only at the finish: feeding order does not matter. Not installed. */
#ifndef SLP_ACTIVITY_ACC_H
#define SLP_ACTIVITY_ACC_H

#include <stddef.h>
#include <stdint.h>

#include "estimate/activity_tab.h"
#include "estimate/dict.h"

/* Class of a deal or of a transitions row's stage. */
enum { SLP_ACT_OPEN = 0, SLP_ACT_WON = 1, SLP_ACT_LOST = 2 };

/* No owner / no account: SLP_NO_ID. Days: SLP_NO_DAY when absent. */
typedef struct slp_act_deal {
    uint32_t owner;   /* owner id */
    uint32_t account; /* account id */
    int32_t created;  /* snapshot: created date; transitions: earliest row */
    int32_t won_day;  /* day it was won (snapshot: closed; transitions: first won row) */
    int32_t owner_day, account_day; /* transitions: day of the row they come from */
    uint8_t cls;      /* SLP_ACT_* */
    uint8_t known;    /* 1: the deal is in the deals file (not only named by the log) */
} slp_act_deal;

struct slp_act_acc;
typedef struct slp_act_acc {
    int shape;           /* SALESPLAN_DEALS_SNAPSHOT or _TRANSITIONS (0: not yet known) */
    slp_dict types;      /* activity types of the log */
    slp_dict owners;     /* owners of both files (exact text, trimmed) */
    slp_dict deals;      /* deal ids of both files */
    slp_dict accounts;   /* accounts of both files */
    slp_dict stages;     /* transitions: stage names */
    uint8_t *stage_cls;  /* per stage: SLP_ACT_* */
    size_t stage_cap;
    slp_act_deal *deal;  /* per deal id */
    size_t deal_cap;
    slp_act_tab log;     /* (type, owner + 1 or 0, day) -> rows */
    slp_act_tab links;   /* (type, deal << 1 | 0 or account << 1 | 1, day) -> rows */
    slp_act_tab entries; /* transitions: (stage, owner + 1 or 0, day) -> rows */
    int32_t log_min, log_max, deals_min, deals_max; /* SLP_NO_DAY when none */
    long long log_rows, log_skipped, deals_rows, deals_skipped;
    /* seeded (slp_act_acc_seed): the accumulator whose first values this one
     * holds under the same ids, and how many of each (types, owners, deals,
     * accounts); NULL when not seeded */
    const struct slp_act_acc *seed_of;
    size_t seeded[4];
} slp_act_acc;

void slp_act_acc_init(slp_act_acc *a);
void slp_act_acc_free(slp_act_acc *a);

/* One activity done on `day`. owner, deal, account: NULL or empty when absent.
 * SALESPLAN_OK, ENOMEM or ELIMIT. */
int slp_act_acc_log(slp_act_acc *a, int32_t day, const char *type, size_t type_len,
                    const char *owner, size_t owner_len, const char *deal, size_t deal_len,
                    const char *account, size_t account_len);
/* One deal of a snapshot: class, created and closed days (SLP_NO_DAY when
 * absent). A deal id seen before: *repeated = 1 and nothing is counted. */
int slp_act_acc_deal(slp_act_acc *a, const char *id, size_t id_len, int cls, int32_t created,
                     int32_t closed, const char *owner, size_t owner_len, const char *account,
                     size_t account_len, int *repeated);
/* The same with the values already interned (slp_act_acc_intern; SLP_NO_ID
 * for an absent owner, deal or account; the deal wins over the account). */
enum { SLP_ACT_TYPES, SLP_ACT_OWNERS, SLP_ACT_DEALS, SLP_ACT_ACCOUNTS, SLP_ACT_STAGES };
int slp_act_acc_intern(slp_act_acc *a, int which, const char *s, size_t n, uint32_t *id);
int slp_act_acc_log_ids(slp_act_acc *a, int32_t day, uint32_t type, uint32_t owner, uint32_t deal,
                        uint32_t account);
/* Fetch ahead the cells slp_act_acc_log_ids(a, day, type, ...) will count in
 * (a hint only). */
void slp_act_acc_prefetch(const slp_act_acc *a, int32_t day, uint32_t type, uint32_t owner,
                          uint32_t deal, uint32_t account);
/* One stage entry of a transitions file (cls: the stage's class). */
int slp_act_acc_transition(slp_act_acc *a, const char *id, size_t id_len, const char *stage,
                           size_t stage_len, int cls, int32_t day, const char *owner,
                           size_t owner_len, const char *account, size_t account_len);
/* A key of dictionary `which` as read back from bytes: a deal (s NULL: one
 * without an id) gets an empty record, a stage the class cls. *added = 0
 * when the key was there. SALESPLAN_OK, ENOMEM or ELIMIT. */
int slp_act_acc_key(slp_act_acc *a, int which, const char *s, size_t n, int cls, uint32_t *id,
                    int *added);
/* Freeze a's types, owners, deal ids and accounts (slp_dict_freeze): they
 * become a read-only base that seeded accumulators share while a takes new
 * values of its own. SALESPLAN_OK or ENOMEM. */
int slp_act_acc_freeze(slp_act_acc *a);
/* Start empty accumulator dst over the frozen types, owners, deal ids and
 * accounts of src (slp_act_acc_freeze, nothing added since), under the same
 * ids and without a copy, so that log rows read into dst while src reads
 * others need not intern them again, and a merge of dst into src maps them
 * without looking them up. dst holds no records of those deals (src has
 * them): it is only fed log rows and merged into src, never finished or
 * serialized; src must outlive it. SALESPLAN_OK or EINTERNAL (not frozen). */
int slp_act_acc_seed(slp_act_acc *dst, const slp_act_acc *src);
/* Fold src into dst (src is left as it was). Both must have the same shape
 * (or one none yet). SALESPLAN_OK, EINVAL (shapes differ), ENOMEM. */
int slp_act_acc_merge(slp_act_acc *dst, const slp_act_acc *src);

#endif
