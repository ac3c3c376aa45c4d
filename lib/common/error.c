/* Status strings, error filling and the diagnostics list. */
#include "common/error.h"

#include <stdio.h>
#include <string.h>

#include "common/alloc.h"

const char *salesplan_strerror(salesplan_status code)
{
    switch (code) {
    case SALESPLAN_OK: return "success";
    case SALESPLAN_ENOMEM: return "out of memory";
    case SALESPLAN_EINVAL: return "invalid argument";
    case SALESPLAN_ESYNTAX: return "malformed input";
    case SALESPLAN_EPLAN: return "invalid plan";
    case SALESPLAN_EDATA: return "unusable data";
    case SALESPLAN_EIO: return "input/output error";
    case SALESPLAN_ENOENT: return "cannot open input";
    case SALESPLAN_ERANGE: return "index or name out of range";
    case SALESPLAN_ELIMIT: return "size limit exceeded";
    case SALESPLAN_EINTERNAL: return "internal error";
    case SALESPLAN_ECANCELED: return "cancelled";
    default: return "unknown status";
    }
}

/* Copy `src` into `dst` (size bytes), cut short at a character boundary: a
 * path longer than the field never ends in half a UTF-8 sequence. */
static void copy_path(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0u) == 0x80u)
            n--; /* src[n] continues a sequence that would be cut: drop it whole */
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void slp_error_clear(salesplan_error *err)
{
    if (err == NULL)
        return;
    err->code = SALESPLAN_OK;
    err->line = 0;
    err->column = 0;
    err->path[0] = '\0';
    err->message[0] = '\0';
}

int slp_error_vset(salesplan_error *err, int code, const char *path, long line, long column,
                   const char *fmt, va_list ap)
{
    if (err == NULL)
        return code;
    err->code = code;
    err->line = line;
    err->column = column;
    copy_path(err->path, sizeof err->path, path ? path : "");
    if (fmt)
        vsnprintf(err->message, sizeof err->message, fmt, ap);
    else
        snprintf(err->message, sizeof err->message, "%s", salesplan_strerror(code));
    return code;
}

int slp_error_set(salesplan_error *err, int code, const char *path, long line, long column,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    slp_error_vset(err, code, path, line, column, fmt, ap);
    va_end(ap);
    return code;
}

struct salesplan_diagnostics {
    salesplan_error *items;
    size_t count;
    size_t cap;
};

int slp_diag_new(salesplan_diagnostics **out)
{
    *out = slp_calloc(1, sizeof **out);
    return *out ? SALESPLAN_OK : SALESPLAN_ENOMEM;
}

int slp_diag_push(salesplan_diagnostics *d, const salesplan_error *e)
{
    if (slp_grow((void **)&d->items, &d->cap, d->count + 1, sizeof *d->items) != 0)
        return SALESPLAN_ENOMEM;
    d->items[d->count++] = *e;
    return SALESPLAN_OK;
}

int slp_diag_add(salesplan_diagnostics *d, int code, const char *path, long line, long column,
                 const char *fmt, ...)
{
    salesplan_error e;
    va_list ap;
    va_start(ap, fmt);
    slp_error_vset(&e, code, path, line, column, fmt, ap);
    va_end(ap);
    return slp_diag_push(d, &e);
}

salesplan_error *slp_diag_at(salesplan_diagnostics *d, size_t i)
{
    return (d && i < d->count) ? &d->items[i] : NULL;
}

void slp_diag_summary(salesplan_error *err, int rc, const salesplan_diagnostics *d,
                      const char *nomem_message)
{
    size_t n = salesplan_diagnostics_count(d);
    if (rc == SALESPLAN_ENOMEM) {
        slp_error_set(err, rc, NULL, 0, 0, "%s", nomem_message);
    } else if (rc != SALESPLAN_OK && n > 0 && err != NULL) {
        *err = *salesplan_diagnostics_get(d, 0);
        if (n > 1) {
            char more[48];
            int w =
                snprintf(more, sizeof more, " (and %zu more problem%s)", n - 1, n > 2 ? "s" : "");
            size_t ml = strlen(err->message), room = sizeof err->message - 1;
            if (w > 0 && (size_t)w < room) {
                if (ml + (size_t)w > room)
                    ml = room - (size_t)w;
                memcpy(err->message + ml, more, (size_t)w + 1);
            }
        }
    } else if (rc != SALESPLAN_OK) {
        slp_error_set(err, rc, NULL, 0, 0, NULL);
    }
}

size_t salesplan_diagnostics_count(const salesplan_diagnostics *d)
{
    return d ? d->count : 0;
}

const salesplan_error *salesplan_diagnostics_get(const salesplan_diagnostics *d, size_t i)
{
    return (d && i < d->count) ? &d->items[i] : NULL;
}

void salesplan_diagnostics_free(salesplan_diagnostics *d)
{
    if (d == NULL)
        return;
    slp_free(d->items);
    slp_free(d);
}

int slp_error_no_out(salesplan_error *err)
{
    return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no output pointer given");
}
