/* The fast path's body (csv_fast.h), once per instruction set: csv_fast.c
 * defines FAST_NAME, FAST_ATTR and CLASSIFY (a FAST_ATTR function filling
 * an slp_csv_blocks for the 64 bytes at p) and includes this file. */
FAST_ATTR static int FAST_NAME(slp_csv_blocks *b, const char *buf, size_t pos, size_t len,
                               char delim, slp_csv_field *fields, size_t room, size_t *end,
                               size_t *nf)
{
    if (!(b->blk <= pos && pos - b->blk < 64)) {
        size_t mis = (size_t)((uintptr_t)(buf + pos) & 63), at = mis <= pos ? pos - mis : pos;
        if (len - at < 64)
            return 0;
        CLASSIFY(b, buf, at, delim);
    }
    unsigned sh = (unsigned)(pos - b->blk);
    uint64_t d = b->delim >> sh, term = b->term >> sh, slow = b->slow >> sh;
    const char *at = buf + pos; /* bit i is at[i] */
    const char *fs = at;
    slp_csv_field *f = fields;
    for (;;) {
        if ((size_t)(f - fields) + SLP_CSV_FAST_ROOM > room) /* no check per field */
            return 0;
        uint64_t stop = term | slow;
        uint64_t first = stop & (0 - stop); /* 0 when none */
        uint64_t dd = d & (first - 1);
        while (dd) {
            const char *q = at + __builtin_ctzll(dd);
            f->ptr = fs;
            f->len = (size_t)(q - fs);
            f++;
            fs = q + 1;
            dd &= dd - 1;
        }
        if (first) {
            if (slow & first)
                return 0; /* a quote or another byte only parse_record knows */
            const char *q = at + __builtin_ctzll(first);
            f->ptr = fs;
            f->len = (size_t)(q - fs);
            f++;
            size_t e = (size_t)(q - buf);
            if (*q == '\r') { /* CR LF, or a lone CR */
                if (e + 1 >= len)
                    return 0;
                if (q[1] == '\n')
                    e++;
            }
            *end = e + 1;
            *nf = (size_t)(f - fields);
            return 1;
        }
        size_t next = b->blk + 64;
        if (len - next < 64)
            return 0;
        CLASSIFY(b, buf, next, delim);
        at = buf + next;
        d = b->delim;
        term = b->term;
        slow = b->slow;
    }
}
