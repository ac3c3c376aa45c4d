/* The activity-log accumulator: see activity_acc.h. */
#include <string.h>

#include "common/alloc.h"
#include "common/hash.h"
#include "estimate/activity_acc.h"
#include "estimate/csv_fields.h"
#include "salesplan/activities.h"

void slp_act_acc_init(slp_act_acc *a)
{
    memset(a, 0, sizeof *a);
    a->log_min = a->deals_min = INT32_MAX;
    a->log_max = a->deals_max = INT32_MIN;
}

void slp_act_acc_free(slp_act_acc *a)
{
    slp_dict_free(&a->types);
    slp_dict_free(&a->owners);
    slp_dict_free(&a->deals);
    slp_dict_free(&a->accounts);
    slp_dict_free(&a->stages);
    slp_free(a->stage_cls);
    slp_free(a->deal);
    slp_act_tab_free(&a->log);
    slp_act_tab_free(&a->links);
    slp_act_tab_free(&a->entries);
    slp_act_acc_init(a);
}

/* The record of a deal not (yet) known from the deals file. */
static const slp_act_deal no_deal = {SLP_NO_ID,  SLP_NO_ID,  SLP_NO_DAY, SLP_NO_DAY,
                                     SLP_NO_DAY, SLP_NO_DAY, 0,          0};

/* Id of a value (SLP_NO_ID for an absent or empty one). */
static int intern(slp_dict *d, const char *s, size_t n, uint32_t *id, int *added)
{
    int dummy;
    *id = SLP_NO_ID;
    if (added == NULL)
        added = &dummy;
    *added = 0;
    if (s == NULL || n == 0)
        return SALESPLAN_OK;
    return slp_dict_intern(d, s, n, slp_hash_bytes(s, n), id, added);
}

static void widen(int32_t *lo, int32_t *hi, int32_t day)
{
    if (day == SLP_NO_DAY)
        return;
    if (day < *lo)
        *lo = day;
    if (day > *hi)
        *hi = day;
}

/* The record of a deal id met in the log (not yet known from the deals file). */
static int log_deal(slp_act_acc *a, const char *s, size_t n, uint32_t *d)
{
    int added;
    int rc = intern(&a->deals, s, n, d, &added);
    if (rc == SALESPLAN_OK && added) {
        if (slp_grow((void **)&a->deal, &a->deal_cap, a->deals.count, sizeof *a->deal) != 0)
            return SALESPLAN_ENOMEM;
        a->deal[*d] = no_deal;
    }
    return rc;
}

int slp_act_acc_intern(slp_act_acc *a, int which, const char *s, size_t n, uint32_t *id)
{
    switch (which) {
    case SLP_ACT_TYPES: return intern(&a->types, s, n, id, NULL);
    case SLP_ACT_OWNERS: return intern(&a->owners, s, n, id, NULL);
    case SLP_ACT_DEALS: return log_deal(a, s, n, id);
    default: return intern(&a->accounts, s, n, id, NULL);
    }
}

/* The log's counts per type, owner and day get a window of 8 types, 63
 * owners and 1024 days around the first row's day (2 MB): most logs fit in
 * it, and the rest is counted in the hash part as before. */
#define LOG_WIN_TYPES 8u
#define LOG_WIN_OWNERS 64u
#define LOG_WIN_DAYS 1024u

int slp_act_acc_log_ids(slp_act_acc *a, int32_t day, uint32_t t, uint32_t o, uint32_t d,
                        uint32_t ac)
{
    if (a->log.win == NULL && a->log.count == 0 && a->log.nrun == 0 && day > INT32_MIN / 2)
        slp_act_tab_window(&a->log, LOG_WIN_TYPES, LOG_WIN_OWNERS, day - (int32_t)LOG_WIN_DAYS / 2,
                           LOG_WIN_DAYS);
    int rc = slp_act_tab_add(&a->log, t, o == SLP_NO_ID ? 0 : o + 1, day, 1);
    if (rc == SALESPLAN_OK && d != SLP_NO_ID)
        rc = slp_act_tab_add(&a->links, t, d << 1, day, 1);
    else if (rc == SALESPLAN_OK && ac != SLP_NO_ID)
        rc = slp_act_tab_add(&a->links, t, ac << 1 | 1u, day, 1);
    if (rc == SALESPLAN_OK)
        widen(&a->log_min, &a->log_max, day);
    return rc;
}

void slp_act_acc_prefetch(const slp_act_acc *a, int32_t day, uint32_t t, uint32_t o, uint32_t d,
                          uint32_t ac)
{
    slp_act_tab_prefetch(&a->log, t, o == SLP_NO_ID ? 0 : o + 1, day);
    if (d != SLP_NO_ID)
        slp_act_tab_prefetch(&a->links, t, d << 1, day);
    else if (ac != SLP_NO_ID)
        slp_act_tab_prefetch(&a->links, t, ac << 1 | 1u, day);
}

int slp_act_acc_log(slp_act_acc *a, int32_t day, const char *type, size_t type_len,
                    const char *owner, size_t owner_len, const char *deal, size_t deal_len,
                    const char *account, size_t account_len)
{
    uint32_t t, o, d = SLP_NO_ID, ac = SLP_NO_ID;
    int rc = intern(&a->types, type, type_len, &t, NULL);
    if (rc == SALESPLAN_OK)
        rc = intern(&a->owners, owner, owner_len, &o, NULL);
    if (rc == SALESPLAN_OK && deal != NULL && deal_len > 0)
        rc = log_deal(a, deal, deal_len, &d);
    else if (rc == SALESPLAN_OK)
        rc = intern(&a->accounts, account, account_len, &ac, NULL);
    if (rc != SALESPLAN_OK)
        return rc;
    return slp_act_acc_log_ids(a, day, t, o, d, ac);
}

/* The record of deal id [s, s+n) (a key of its own when there is no id). */
static int deal_record(slp_act_acc *a, const char *s, size_t n, uint32_t *id, int *added)
{
    char synth[1 + sizeof(size_t)];
    if (s == NULL || n == 0) {
        size_t k = a->deals.count;
        synth[0] = '\0';
        memcpy(synth + 1, &k, sizeof k);
        s = synth;
        n = sizeof synth;
    }
    int rc = slp_dict_intern(&a->deals, s, n, slp_hash_bytes(s, n), id, added);
    if (rc != SALESPLAN_OK)
        return rc;
    if (*added) {
        if (slp_grow((void **)&a->deal, &a->deal_cap, a->deals.count, sizeof *a->deal) != 0)
            return SALESPLAN_ENOMEM;
        a->deal[*id] = no_deal;
    }
    return SALESPLAN_OK;
}

int slp_act_acc_key(slp_act_acc *a, int which, const char *s, size_t n, int cls, uint32_t *id,
                    int *added)
{
    int rc;
    switch (which) {
    case SLP_ACT_TYPES: return intern(&a->types, s, n, id, added);
    case SLP_ACT_OWNERS: return intern(&a->owners, s, n, id, added);
    case SLP_ACT_ACCOUNTS: return intern(&a->accounts, s, n, id, added);
    case SLP_ACT_DEALS: return deal_record(a, s, n, id, added);
    default:
        rc = intern(&a->stages, s, n, id, added);
        if (rc == SALESPLAN_OK && *added) {
            if (slp_grow((void **)&a->stage_cls, &a->stage_cap, a->stages.count, 1) != 0)
                return SALESPLAN_ENOMEM;
            a->stage_cls[*id] = (uint8_t)cls;
        }
        return rc;
    }
}

/* Whether value v of a row dated `day` takes the place of *cur (of a row
 * dated *cur_day): the earliest row's value, the smaller text on a tie, so
 * the order rows come in does not matter. */
static int earlier_value(const slp_dict *d, uint32_t v, int32_t day, uint32_t *cur,
                         int32_t *cur_day)
{
    if (v == SLP_NO_ID)
        return 0;
    int take = *cur == SLP_NO_ID || day < *cur_day;
    if (!take && day == *cur_day && v != *cur) {
        size_t an, bn;
        const char *a = slp_dict_key(d, v, &an), *b = slp_dict_key(d, *cur, &bn);
        int c = memcmp(a, b, an < bn ? an : bn);
        take = c < 0 || (c == 0 && an < bn);
    }
    if (take) {
        *cur = v;
        *cur_day = day;
    }
    return take;
}

static int32_t min_day(int32_t x, int32_t y)
{
    if (x == SLP_NO_DAY)
        return y;
    if (y == SLP_NO_DAY)
        return x;
    return x < y ? x : y;
}

int slp_act_acc_deal(slp_act_acc *a, const char *id, size_t id_len, int cls, int32_t created,
                     int32_t closed, const char *owner, size_t owner_len, const char *account,
                     size_t account_len, int *repeated)
{
    uint32_t d, o, ac;
    int added;
    *repeated = 0;
    int rc = intern(&a->owners, owner, owner_len, &o, NULL);
    if (rc == SALESPLAN_OK)
        rc = intern(&a->accounts, account, account_len, &ac, NULL);
    if (rc == SALESPLAN_OK)
        rc = deal_record(a, id, id_len, &d, &added);
    if (rc != SALESPLAN_OK)
        return rc;
    slp_act_deal *r = &a->deal[d];
    if (r->known) {
        *repeated = 1;
        return SALESPLAN_OK;
    }
    r->known = 1;
    r->owner = o;
    r->account = ac;
    r->created = created;
    r->cls = (uint8_t)cls;
    r->won_day = cls == SLP_ACT_WON ? closed : SLP_NO_DAY;
    a->shape = SALESPLAN_DEALS_SNAPSHOT;
    widen(&a->deals_min, &a->deals_max, created);
    widen(&a->deals_min, &a->deals_max, closed);
    return SALESPLAN_OK;
}

int slp_act_acc_transition(slp_act_acc *a, const char *id, size_t id_len, const char *stage,
                           size_t stage_len, int cls, int32_t day, const char *owner,
                           size_t owner_len, const char *account, size_t account_len)
{
    uint32_t d, o, ac, s;
    int added;
    int rc = intern(&a->owners, owner, owner_len, &o, NULL);
    if (rc == SALESPLAN_OK)
        rc = intern(&a->accounts, account, account_len, &ac, NULL);
    if (rc == SALESPLAN_OK)
        rc = intern(&a->stages, stage, stage_len, &s, &added);
    if (rc == SALESPLAN_OK && added) {
        if (slp_grow((void **)&a->stage_cls, &a->stage_cap, a->stages.count, 1) != 0)
            return SALESPLAN_ENOMEM;
        a->stage_cls[s] = (uint8_t)cls;
    }
    if (rc == SALESPLAN_OK)
        rc = deal_record(a, id, id_len, &d, &added);
    if (rc == SALESPLAN_OK && cls != SLP_ACT_LOST && day != SLP_NO_DAY)
        rc = slp_act_tab_add(&a->entries, s, o == SLP_NO_ID ? 0 : o + 1, day, 1);
    if (rc != SALESPLAN_OK)
        return rc;
    slp_act_deal *r = &a->deal[d];
    r->known = 1;
    earlier_value(&a->owners, o, day, &r->owner, &r->owner_day);
    earlier_value(&a->accounts, ac, day, &r->account, &r->account_day);
    r->created = min_day(r->created, day);
    if (cls == SLP_ACT_WON) {
        r->cls = SLP_ACT_WON;
        r->won_day = min_day(r->won_day, day);
    } else if (cls == SLP_ACT_LOST && r->cls != SLP_ACT_WON) {
        r->cls = SLP_ACT_LOST;
    }
    a->shape = SALESPLAN_DEALS_TRANSITIONS;
    widen(&a->deals_min, &a->deals_max, day);
    return SALESPLAN_OK;
}

/* ---- seeding ---------------------------------------------------------------- */

int slp_act_acc_freeze(slp_act_acc *a)
{
    slp_dict *d[4] = {&a->types, &a->owners, &a->deals, &a->accounts};
    for (int i = 0; i < 4; i++)
        if (d[i]->base == NULL && slp_dict_freeze(d[i]) != SALESPLAN_OK)
            return SALESPLAN_ENOMEM;
    return SALESPLAN_OK;
}

int slp_act_acc_seed(slp_act_acc *dst, const slp_act_acc *src)
{
    slp_dict *to[4] = {&dst->types, &dst->owners, &dst->deals, &dst->accounts};
    const slp_dict *from[4] = {&src->types, &src->owners, &src->deals, &src->accounts};
    for (int i = 0; i < 4; i++) {
        if (from[i]->base == NULL || from[i]->count != from[i]->nbase)
            return SALESPLAN_EINTERNAL; /* slp_act_acc_freeze first, nothing added since */
        slp_dict_overlay(to[i], from[i]); /* the same keys under the same ids, shared */
    }
    /* no records for the seeded deals: dst never knows them (it reads a log)
     * and a merge into src skips them; records of deal ids dst adds are made
     * as usual, at their ids (the room below is never written or read) */
    for (int i = 0; i < 4; i++)
        dst->seeded[i] = from[i]->count;
    dst->seed_of = src;
    return SALESPLAN_OK;
}

/* ---- merge ------------------------------------------------------------------ */

/* map[i] = dst id of src key i (interned into dst when new); the first
 * `same` keys have the same ids in both. */
static int map_dict(slp_dict *dst, const slp_dict *src, size_t same, uint32_t **map)
{
    *map = slp_calloc(src->count ? src->count : 1, sizeof **map);
    if (*map == NULL)
        return SALESPLAN_ENOMEM;
    for (size_t i = 0; i < same; i++)
        (*map)[i] = (uint32_t)i;
    for (size_t i = same; i < src->count; i++) {
        size_t n;
        const char *k = slp_dict_key(src, (uint32_t)i, &n);
        int added;
        int rc = slp_dict_intern(dst, k, n, slp_hash_bytes(k, n), &(*map)[i], &added);
        if (rc != SALESPLAN_OK)
            return rc;
    }
    return SALESPLAN_OK;
}

static uint32_t remap(const uint32_t *map, uint32_t id)
{
    return id == SLP_NO_ID ? SLP_NO_ID : map[id];
}

static int merge_tab(slp_act_tab *dst, const slp_act_tab *src, const uint32_t *amap,
                     const uint32_t *omap, const uint32_t *dmap, const uint32_t *cmap)
{
    slp_act_iter it;
    slp_act_cell cell;
    const slp_act_cell *c = &cell;
    slp_act_iter_init(&it, src);
    while (slp_act_iter_next(&it, &cell)) {
        uint32_t b = c->b;
        if (omap != NULL)
            b = b == 0 ? 0 : omap[b - 1] + 1;
        else
            b = (b & 1u) ? cmap[b >> 1] << 1 | 1u : dmap[b >> 1] << 1;
        int rc = slp_act_tab_add(dst, amap[c->a], b, c->day, c->n);
        if (rc != SALESPLAN_OK)
            return rc;
    }
    return SALESPLAN_OK;
}

static int merge_deals(slp_act_acc *dst, const slp_act_acc *src, size_t same, uint32_t *dmap,
                       const uint32_t *omap, const uint32_t *cmap)
{
    for (size_t i = 0; i < same; i++) /* seeded from dst: its ids, no record of src's */
        dmap[i] = (uint32_t)i;
    for (size_t i = same; i < src->deals.count; i++) {
        uint32_t d;
        size_t n;
        const char *k = slp_dict_key(&src->deals, (uint32_t)i, &n);
        int added;
        int rc = deal_record(dst, k[0] == '\0' ? NULL : k, k[0] == '\0' ? 0 : n, &d, &added);
        if (rc != SALESPLAN_OK)
            return rc;
        dmap[i] = d;
        const slp_act_deal *s = &src->deal[i];
        slp_act_deal *r = &dst->deal[d];
        if (!s->known)
            continue;
        if (!r->known) {
            *r = *s;
            r->owner = remap(omap, s->owner);
            r->account = remap(cmap, s->account);
            continue;
        }
        earlier_value(&dst->owners, remap(omap, s->owner), s->owner_day, &r->owner,
                      &r->owner_day);
        earlier_value(&dst->accounts, remap(cmap, s->account), s->account_day, &r->account,
                      &r->account_day);
        r->created = min_day(r->created, s->created);
        r->won_day = min_day(r->won_day, s->won_day);
        if (s->cls == SLP_ACT_WON || (s->cls == SLP_ACT_LOST && r->cls != SLP_ACT_WON))
            r->cls = s->cls;
    }
    return SALESPLAN_OK;
}

int slp_act_acc_merge(slp_act_acc *dst, const slp_act_acc *src)
{
    if (dst->shape != 0 && src->shape != 0 && dst->shape != src->shape)
        return SALESPLAN_EINVAL;
    uint32_t *tmap = NULL, *omap = NULL, *cmap = NULL, *smap = NULL, *dmap = NULL;
    static const size_t none[4] = {0, 0, 0, 0};
    const size_t *same = src->seed_of == dst ? src->seeded : none;
    /* seeded and no value of its own: src's ids are dst's */
    int as_is = src->seed_of == dst && src->types.count == same[0] &&
                src->owners.count == same[1] && src->deals.count == same[2] &&
                src->accounts.count == same[3];
    int rc = map_dict(&dst->types, &src->types, same[0], &tmap);
    if (rc == SALESPLAN_OK)
        rc = map_dict(&dst->owners, &src->owners, same[1], &omap);
    if (rc == SALESPLAN_OK)
        rc = map_dict(&dst->accounts, &src->accounts, same[3], &cmap);
    if (rc == SALESPLAN_OK)
        rc = map_dict(&dst->stages, &src->stages, 0, &smap);
    if (rc == SALESPLAN_OK &&
        slp_grow((void **)&dst->stage_cls, &dst->stage_cap, dst->stages.count, 1) != 0)
        rc = SALESPLAN_ENOMEM;
    if (rc == SALESPLAN_OK) {
        for (size_t i = 0; i < src->stages.count; i++)
            dst->stage_cls[smap[i]] = src->stage_cls[i];
        dmap = slp_calloc(src->deals.count ? src->deals.count : 1, sizeof *dmap);
        rc = dmap ? merge_deals(dst, src, same[2], dmap, omap, cmap) : SALESPLAN_ENOMEM;
    }
    if (rc == SALESPLAN_OK)
        rc = as_is ? slp_act_tab_merge(&dst->log, &src->log)
                   : merge_tab(&dst->log, &src->log, tmap, omap, NULL, NULL);
    if (rc == SALESPLAN_OK)
        rc = as_is ? slp_act_tab_merge(&dst->links, &src->links)
                   : merge_tab(&dst->links, &src->links, tmap, NULL, dmap, cmap);
    if (rc == SALESPLAN_OK)
        rc = merge_tab(&dst->entries, &src->entries, smap, omap, NULL, NULL);
    if (rc == SALESPLAN_OK) {
        if (dst->shape == 0)
            dst->shape = src->shape;
        widen(&dst->log_min, &dst->log_max, src->log_min == INT32_MAX ? SLP_NO_DAY : src->log_min);
        widen(&dst->log_min, &dst->log_max, src->log_max == INT32_MIN ? SLP_NO_DAY : src->log_max);
        widen(&dst->deals_min, &dst->deals_max,
              src->deals_min == INT32_MAX ? SLP_NO_DAY : src->deals_min);
        widen(&dst->deals_min, &dst->deals_max,
              src->deals_max == INT32_MIN ? SLP_NO_DAY : src->deals_max);
        dst->log_rows += src->log_rows;
        dst->log_skipped += src->log_skipped;
        dst->deals_rows += src->deals_rows;
        dst->deals_skipped += src->deals_skipped;
    }
    slp_free(tmap);
    slp_free(omap);
    slp_free(cmap);
    slp_free(smap);
    slp_free(dmap);
    return rc;
}
