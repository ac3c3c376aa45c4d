/* The extension's module: PG_MODULE_MAGIC, _PG_init (the library's allocator
 * hook over palloc in a dedicated memory context) and the helpers the SQL
 * functions share (jsonb <-> text, dates, errors, interrupts). */
#include "slpg.h"

#include <string.h>

#include "miscadmin.h"
#include "datatype/timestamp.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/memutils.h"

PG_MODULE_MAGIC;

void _PG_init(void);

/* Every allocation of the library comes from this context, a child of
 * TopMemoryContext named "salesplan" (visible in pg_backend_memory_contexts).
 * It lives as long as the backend and is never reset: each SQL call frees
 * what the library gave it before returning or raising, so the context's
 * used bytes go back to where they were after every call (tested by the
 * regression suite over 20,000 calls). */
static MemoryContext slpg_context = NULL;

/* Each block carries its size in front so that realloc can copy without
 * repalloc, which raises on out-of-memory: the library must see NULL, not a
 * longjmp through its frames. */
typedef union slpg_header {
    size_t size;
    max_align_t align;
} slpg_header;

static void *slpg_malloc(void *ctx, size_t size)
{
    (void)ctx;
    if (size > MaxAllocHugeSize - sizeof(slpg_header))
        return NULL;
    slpg_header *h = MemoryContextAllocExtended(slpg_context, sizeof(slpg_header) + size,
                                                MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
    if (h == NULL)
        return NULL;
    h->size = size;
    return h + 1;
}

static void slpg_free(void *ctx, void *ptr)
{
    (void)ctx;
    if (ptr != NULL)
        pfree((slpg_header *)ptr - 1);
}

static void *slpg_realloc(void *ctx, void *ptr, size_t size)
{
    if (ptr == NULL)
        return slpg_malloc(ctx, size);
    size_t old = ((slpg_header *)ptr - 1)->size;
    void *p = slpg_malloc(ctx, size);
    if (p == NULL)
        return NULL; /* the old block stays valid, as with realloc() */
    memcpy(p, ptr, old < size ? old : size);
    slpg_free(ctx, ptr);
    return p;
}

void _PG_init(void)
{
    if (slpg_context != NULL)
        return;
    slpg_context = AllocSetContextCreate(TopMemoryContext, "salesplan", ALLOCSET_DEFAULT_SIZES);
    salesplan_allocator a = {slpg_malloc, slpg_realloc, slpg_free, NULL};
    if (salesplan_set_allocator(&a) != SALESPLAN_OK)
        elog(ERROR, "salesplan: the library refused the palloc allocator");
}

void slpg_held_free(slpg_held *h)
{
    salesplan_free(h->text);
    salesplan_diagnostics_free(h->diagnostics);
    salesplan_simulation_free(h->simulation);
    salesplan_tracking_free(h->tracking);
    salesplan_actuals_free(h->actuals);
    salesplan_result_free(h->result);
    salesplan_plan_free(h->plan);
    memset(h, 0, sizeof *h);
}

char *slpg_jsonb_to_text(Jsonb *jb, size_t *len)
{
    StringInfoData buf;
    initStringInfo(&buf);
    (void)JsonbToCStringIndent(&buf, &jb->root, (int)VARSIZE(jb));
    *len = (size_t)buf.len;
    return buf.data;
}

Datum slpg_text_to_jsonb(const char *text)
{
    return DirectFunctionCall1(jsonb_in, CStringGetDatum(text));
}

static int slpg_sqlstate(salesplan_status rc)
{
    switch (rc) {
    case SALESPLAN_ESYNTAX: return ERRCODE_INVALID_TEXT_REPRESENTATION;
    case SALESPLAN_EPLAN:
    case SALESPLAN_EINVAL:
    case SALESPLAN_EDATA:
    case SALESPLAN_ERANGE:
    case SALESPLAN_ELIMIT: return ERRCODE_INVALID_PARAMETER_VALUE;
    case SALESPLAN_ENOMEM: return ERRCODE_OUT_OF_MEMORY;
    case SALESPLAN_ECANCELED: return ERRCODE_QUERY_CANCELED;
    default: return ERRCODE_INTERNAL_ERROR;
    }
}

void slpg_raise(const char *fn, const char *what, salesplan_status rc, const salesplan_error *err)
{
    const char *msg = err->message[0] ? err->message : salesplan_strerror(rc);
    if (err->path[0] && err->line > 0)
        ereport(ERROR, (errcode(slpg_sqlstate(rc)), errmsg("%s: %s", fn, msg),
                        errdetail("%s: path %s, line %ld, column %ld of jsonb_pretty(%s)", what,
                                  err->path, err->line, err->column, what)));
    else if (err->path[0])
        ereport(ERROR, (errcode(slpg_sqlstate(rc)), errmsg("%s: %s", fn, msg),
                        errdetail("%s: path %s", what, err->path)));
    else if (err->line > 0)
        ereport(ERROR, (errcode(slpg_sqlstate(rc)), errmsg("%s: %s", fn, msg),
                        errdetail("%s: line %ld, column %ld of jsonb_pretty(%s)", what,
                                  err->line, err->column, what)));
    else
        ereport(ERROR, (errcode(slpg_sqlstate(rc)), errmsg("%s: %s", fn, msg)));
    pg_unreachable();
}

void slpg_date_text(char buf[11], const char *fn, DateADT d)
{
    int y, m, day;
    if (DATE_NOT_FINITE(d))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: as_of must be a finite date", fn)));
    j2date((int)d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
    if (y < 1 || y > 9999)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: as_of must be a date of the years 1 to 9999, found year %d",
                               fn, y)));
    snprintf(buf, 11, "%04d-%02d-%02d", y, m, day);
}

int slpg_progress(void *ctx, unsigned long long done, unsigned long long total)
{
    (void)ctx;
    (void)done;
    (void)total;
    return INTERRUPTS_PENDING_CONDITION() && INTERRUPTS_CAN_BE_PROCESSED();
}
