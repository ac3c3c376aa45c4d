/* Internal to json_pos.c and json_pos_query.c: the node table. */
#ifndef SLP_JSON_POS_INTERNAL_H
#define SLP_JSON_POS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "json/json_pos.h"

typedef struct jnode {
    uint32_t parent;     /* UINT32_MAX for the root */
    uint32_t nkids;
    uint32_t kids_start; /* index into kids[] */
    uint32_t off, end;   /* byte span of the value */
    uint32_t line, col;
    uint32_t key_off, key_len; /* decoded key: in buf, or in the arena when key_arena */
    uint32_t key_line, key_col;
    unsigned char type;
    unsigned char key_arena;
} jnode;

struct slp_jpos {
    const char *buf;
    size_t len;
    jnode *nodes;
    size_t count, cap;
    uint32_t *kids;
    char *arena; /* decoded keys that had escapes */
    size_t arena_len, arena_cap;
};

#endif
