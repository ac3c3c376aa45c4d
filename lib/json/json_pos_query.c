/* Queries on the node table built by json_pos.c: children, keys, paths,
 * positions. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json_pos_internal.h"

size_t slp_jpos_count(const slp_jpos *j)
{
    return j ? j->count : 0;
}

slp_jtype slp_jpos_type(const slp_jpos *j, size_t node)
{
    return node < j->count ? (slp_jtype)j->nodes[node].type : SLP_JT_NULL;
}

size_t slp_jpos_nkids(const slp_jpos *j, size_t node)
{
    return node < j->count ? j->nodes[node].nkids : 0;
}

size_t slp_jpos_kid(const slp_jpos *j, size_t node, size_t i)
{
    if (node >= j->count || i >= j->nodes[node].nkids)
        return SLP_JPOS_NONE;
    return j->kids[j->nodes[node].kids_start + i];
}

static const char *key_of(const slp_jpos *j, const jnode *nd)
{
    return j->arena + nd->key_off;
}

size_t slp_jpos_member(const slp_jpos *j, size_t node, const char *key, size_t klen)
{
    if (node >= j->count || j->nodes[node].type != SLP_JT_OBJECT)
        return SLP_JPOS_NONE;
    for (size_t i = 0; i < j->nodes[node].nkids; i++) {
        const jnode *k = &j->nodes[j->kids[j->nodes[node].kids_start + i]];
        if (k->key_len == klen && memcmp(key_of(j, k), key, klen) == 0)
            return j->kids[j->nodes[node].kids_start + i];
    }
    return SLP_JPOS_NONE;
}

const char *slp_jpos_key(const slp_jpos *j, size_t node, size_t *len)
{
    if (node >= j->count || node == 0 || j->nodes[j->nodes[node].parent].type != SLP_JT_OBJECT) {
        *len = 0;
        return NULL;
    }
    *len = j->nodes[node].key_len;
    return key_of(j, &j->nodes[node]);
}

size_t slp_jpos_key_at(const slp_jpos *j, long line, long col)
{
    for (size_t i = 1; i < j->count; i++) {
        const jnode *nd = &j->nodes[i];
        if ((long)nd->key_line == line && (long)nd->key_col == col &&
            j->nodes[nd->parent].type == SLP_JT_OBJECT)
            return i;
    }
    return SLP_JPOS_NONE;
}

/* Append the path of `node` to out[*at..size). */
static void path_into(const slp_jpos *j, size_t node, char *out, size_t size, size_t *at)
{
    if (node == 0 || node >= j->count)
        return;
    const jnode *nd = &j->nodes[node];
    const jnode *pa = &j->nodes[nd->parent];
    path_into(j, nd->parent, out, size, at);
    char piece[32];
    const char *txt;
    size_t n;
    if (pa->type == SLP_JT_OBJECT) {
        if (*at > 0 && *at + 1 < size)
            out[(*at)++] = '.';
        txt = key_of(j, nd);
        n = nd->key_len;
    } else {
        size_t i = 0;
        while (i < pa->nkids && j->kids[pa->kids_start + i] != (uint32_t)node)
            i++;
        snprintf(piece, sizeof piece, "[%zu]", i);
        txt = piece;
        n = strlen(piece);
    }
    for (size_t k = 0; k < n && *at + 1 < size; k++)
        out[(*at)++] = txt[k];
    out[*at] = '\0';
}

void slp_jpos_path(const slp_jpos *j, size_t node, char *out, size_t size)
{
    size_t at = 0;
    if (size == 0)
        return;
    out[0] = '\0';
    path_into(j, node, out, size, &at);
    /* A path cut short by `size` ends on a whole character: keys are valid
     * UTF-8, so an incomplete last sequence can only come from the cut. */
    size_t k = at, tail = 0;
    while (k > 0 && tail < 3 && ((unsigned char)out[k - 1] & 0xC0u) == 0x80u) {
        k--;
        tail++;
    }
    if (k > 0 && (unsigned char)out[k - 1] >= 0xC0u) {
        unsigned char lead = (unsigned char)out[k - 1];
        size_t need = lead >= 0xF0u ? 4 : lead >= 0xE0u ? 3 : 2;
        if (tail + 1 < need)
            out[k - 1] = '\0';
    }
}

void slp_jpos_where(const slp_jpos *j, size_t node, long *line, long *col)
{
    if (j == NULL || node >= j->count) {
        *line = 0;
        *col = 0;
        return;
    }
    *line = (long)j->nodes[node].line;
    *col = (long)j->nodes[node].col;
}

void slp_jpos_key_where(const slp_jpos *j, size_t node, long *line, long *col)
{
    if (j == NULL || node >= j->count) {
        *line = 0;
        *col = 0;
        return;
    }
    *line = (long)j->nodes[node].key_line;
    *col = (long)j->nodes[node].key_col;
}

const char *slp_jpos_raw(const slp_jpos *j, size_t node, size_t *len)
{
    if (node >= j->count) {
        *len = 0;
        return "";
    }
    *len = j->nodes[node].end - j->nodes[node].off;
    return j->buf + j->nodes[node].off;
}

size_t slp_jpos_find(const slp_jpos *j, const char *path, int *exact)
{
    size_t node = 0;
    const char *p = path ? path : "";
    if (exact)
        *exact = 0;
    if (j == NULL || j->count == 0)
        return SLP_JPOS_NONE;
    int first = 1;
    while (*p) {
        const jnode *nd = &j->nodes[node];
        if (*p == '[') {
            if (nd->type != SLP_JT_ARRAY)
                return node;
            char *end;
            errno = 0;
            unsigned long long i = strtoull(p + 1, &end, 10);
            if (end == p + 1 || *end != ']' || errno != 0 || i >= nd->nkids)
                return node;
            node = j->kids[nd->kids_start + (size_t)i];
            p = end + 1;
            first = 0;
            continue;
        }
        if (!first) {
            if (*p != '.')
                return node;
            p++;
        }
        if (nd->type != SLP_JT_OBJECT)
            return node;
        /* longest member key that is followed by '.', '[' or the end */
        size_t best = SLP_JPOS_NONE, best_len = 0;
        size_t rest = strlen(p);
        for (size_t i = 0; i < nd->nkids; i++) {
            const jnode *k = &j->nodes[j->kids[nd->kids_start + i]];
            if (k->key_len > rest || (best != SLP_JPOS_NONE && k->key_len <= best_len))
                continue;
            char after = p[k->key_len];
            if ((after == '\0' || after == '.' || after == '[') &&
                memcmp(key_of(j, k), p, k->key_len) == 0) {
                best = j->kids[nd->kids_start + i];
                best_len = k->key_len;
            }
        }
        if (best == SLP_JPOS_NONE)
            return node;
        node = best;
        p += best_len;
        first = 0;
    }
    if (exact)
        *exact = 1;
    return node;
}

void slp_jpos_offset_where(const char *buf, size_t len, size_t off, long *line, long *col)
{
    long l = 1;
    size_t ls = 0;
    if (off > len)
        off = len;
    for (size_t i = 0; i < off; i++)
        if (buf[i] == '\n') {
            l++;
            ls = i + 1;
        }
    *line = l;
    *col = (long)(off - ls) + 1;
}

const char *slp_jpos_string(const slp_jpos *j, size_t node, size_t *len)
{
    if (j == NULL || node >= j->count || j->nodes[node].type != SLP_JT_STRING) {
        *len = 0;
        return NULL;
    }
    *len = j->nodes[node].v.str.len;
    return j->arena + j->nodes[node].v.str.off;
}

int slp_jpos_number(const slp_jpos *j, size_t node, double *out)
{
    if (j == NULL || node >= j->count || j->nodes[node].type != SLP_JT_NUMBER)
        return -1;
    *out = j->nodes[node].v.num;
    return 0;
}

int slp_jpos_bool(const slp_jpos *j, size_t node, int *out)
{
    if (j == NULL || node >= j->count)
        return -1;
    if (j->nodes[node].type != SLP_JT_TRUE && j->nodes[node].type != SLP_JT_FALSE)
        return -1;
    *out = j->nodes[node].type == SLP_JT_TRUE;
    return 0;
}

int slp_jpos_string_eq(const slp_jpos *j, size_t node, const char *s, size_t len)
{
    size_t n;
    const char *d = slp_jpos_string(j, node, &n);
    return d != NULL && n == len && memcmp(d, s, len) == 0;
}
