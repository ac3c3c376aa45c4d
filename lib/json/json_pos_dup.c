/* Duplicate keys: one pass over every object member with a hash table keyed
 * by (object, key), so a document of a million members costs a million
 * lookups, never a comparison of every key with every other. */
#include <stdint.h>
#include <string.h>

#include "common/alloc.h"
#include "common/hash.h"
#include "json/json_pos_internal.h"

/* The library's string hash of the key, mixed with its object's index. */
static size_t hash_member(uint32_t parent, const char *key, size_t len)
{
    return (size_t)(slp_hash_bytes(key, len) ^ ((uint64_t)parent * 0x9E3779B97F4A7C15u));
}

static int same_member(const slp_jpos *j, const jnode *a, const jnode *b)
{
    return a->parent == b->parent && a->key_len == b->key_len &&
           memcmp(j->arena + a->key_off, j->arena + b->key_off, a->key_len) == 0;
}

static int report(const slp_jpos *j, size_t node, salesplan_error *err)
{
    char path[SALESPLAN_ERROR_PATH_SIZE];
    const jnode *nd = &j->nodes[node];
    slp_jpos_path(j, node, path, sizeof path);
    return slp_error_set(err, SALESPLAN_ESYNTAX, path, (long)nd->key_line, (long)nd->key_col,
                         "duplicate key \"%.*s\": a key may appear only once in an object",
                         (int)(nd->key_len < 60 ? nd->key_len : 60), j->arena + nd->key_off);
}

int slp_jpos_check_duplicates(const slp_jpos *j, salesplan_error *err)
{
    size_t members = 0;
    for (size_t i = 1; i < j->count; i++) {
        const jnode *pa = &j->nodes[j->nodes[i].parent];
        members += pa->type == SLP_JT_OBJECT && pa->nkids > 1;
    }
    if (members == 0)
        return SALESPLAN_OK;
    size_t size = 16;
    while (size < 2 * members)
        size *= 2;
    uint32_t *slot = slp_calloc(size, sizeof *slot); /* node index + 1; 0 is empty */
    if (slot == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = SALESPLAN_OK;
    /* Members in document order, so the first duplicate of the text is found. */
    for (size_t i = 1; i < j->count && rc == SALESPLAN_OK; i++) {
        const jnode *nd = &j->nodes[i];
        const jnode *pa = &j->nodes[nd->parent];
        if (pa->type != SLP_JT_OBJECT || pa->nkids < 2)
            continue;
        size_t at = hash_member(nd->parent, j->arena + nd->key_off, nd->key_len) & (size - 1);
        while (slot[at] != 0 && !same_member(j, &j->nodes[slot[at] - 1], nd))
            at = (at + 1) & (size - 1);
        if (slot[at] != 0)
            rc = report(j, i, err);
        else
            slot[at] = (uint32_t)i + 1;
    }
    slp_free(slot);
    return rc;
}
