/*
 * Python-only part of the SWIG interface: included by ../salesplan.i before
 * the public headers.
 *
 * - Status: every function returning an `int` status returns None on
 *   success and raises a subclass of salesplan.Error chosen by the code
 *   otherwise (salesplan._errors.from_status), with message, path, line and
 *   column taken from the `salesplan_error *err` argument when the function
 *   has one. Always on.
 * - Out-parameters (`**out`, `char **out` + `size_t *len`, problem lists,
 *   observed counts) become return values; memory the library hands out is
 *   freed here.
 * - Inputs: text buffers accept str or bytes; arrays accept any sequence.
 * - Borrowed views (a stage of a result, the plan of a result) keep their
 *   owner alive.
 * - The module is built with -threads: the GIL is released around every C
 *   call, and all Python work (conversions, exceptions) happens outside.
 */

%include "typemaps.i"

%{
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Raise the salesplan.Error subclass for `code`. `e` may be NULL. */
static void slp_py_raise(int code, const salesplan_error *e, const char *func)
{
    const char *msg = salesplan_strerror(code);
    const char *path = "";
    long line = 0, column = 0;
    if (e != NULL) {
        if (e->message[0] != '\0')
            msg = e->message;
        path = e->path;
        line = e->line;
        column = e->column;
    }
    PyObject *mod = PyImport_ImportModule("salesplan._errors");
    if (mod == NULL)
        return;
    PyObject *exc = PyObject_CallMethod(mod, "from_status", "iyyllys", code, msg, path, line,
                                        column, salesplan_strerror(code), func);
    Py_DECREF(mod);
    if (exc == NULL)
        return;
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
}

/* A problem list as a Python list of (code, path, line, column, message). */
static PyObject *slp_py_diagnostics(const salesplan_diagnostics *d)
{
    size_t n = salesplan_diagnostics_count(d);
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (list == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const salesplan_error *e = salesplan_diagnostics_get(d, i);
        PyObject *item = Py_BuildValue("(iy#lly#)", e->code, e->path, (Py_ssize_t)strlen(e->path),
                                       e->line, e->column, e->message,
                                       (Py_ssize_t)strlen(e->message));
        if (item == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    return list;
}
%}

/* ---- status ------------------------------------------------------------------- */
/* The one place that turns a status into None or an exception: every public
 * function that can fail returns salesplan_status, so a plain `int` (a
 * struct member, a count) is always a number. */
/* The result object starts as None; out-parameters are appended to it. */
%typemap(out) salesplan_status "$result = SWIG_Py_Void();"
/* Runs after the argument clean-up, so it returns directly rather than
 * jumping to `fail` (which would clean up twice). Functions with an `err`
 * argument have already raised in its argout typemap. */
%typemap(ret) salesplan_status {
    if (result != SALESPLAN_OK) {
        Py_XDECREF(resultobj);
        slp_py_raise((int)result, NULL, "$symname");
        return NULL;
    }
}

/* The error details, filled by the call, raised when it fails. */
%typemap(in, numinputs=0) salesplan_error *err (salesplan_error temp) {
    memset(&temp, 0, sizeof temp);
    $1 = &temp;
}
%typemap(argout) salesplan_error *err {
    if (result != SALESPLAN_OK) {
        Py_XDECREF($result);
        $result = NULL;
        slp_py_raise((int)result, &temp$argnum, "$symname");
        SWIG_fail;
    }
}

/* ---- handles through out-parameters ---------------------------------------- */
%define SALESPLAN_OUT_HANDLE(TYPE)
%typemap(in, numinputs=0) TYPE **out (TYPE *tmp = NULL) "$1 = &tmp;"
%typemap(argout) TYPE **out {
    $result = SWIG_Python_AppendOutput($result,
                                       SWIG_NewPointerObj(tmp$argnum, $*1_descriptor,
                                                          tmp$argnum ? SWIG_POINTER_OWN : 0));
    tmp$argnum = NULL;
}
/* Not reached on success; frees a handle if a later typemap failed. */
%typemap(freearg) TYPE **out ""
%enddef
SALESPLAN_OUT_HANDLE(salesplan_plan)
SALESPLAN_OUT_HANDLE(salesplan_result)

/* ---- text out: char **out, size_t *len -------------------------------------- */
%typemap(in, numinputs=0) (char **out, size_t *len) (char *tmp = NULL, size_t tmplen = 0) {
    $1 = &tmp;
    $2 = &tmplen;
}
%typemap(argout) (char **out, size_t *len) {
    if (tmp$argnum != NULL) {
        PyObject *s = PyUnicode_DecodeUTF8(tmp$argnum, (Py_ssize_t)tmplen$argnum,
                                           "surrogateescape");
        salesplan_free(tmp$argnum);
        tmp$argnum = NULL;
        if (s == NULL)
            SWIG_fail;
        $result = SWIG_Python_AppendOutput($result, s);
    }
}
%typemap(freearg) (char **out, size_t *len) "salesplan_free(tmp$argnum);"

/* ---- text in: str (UTF-8) or any bytes-like object ------------------------- */
%typemap(in) (const char *buf, size_t len) (Py_buffer view, int have_view = 0) {
    if (PyUnicode_Check($input)) {
        Py_ssize_t n = 0;
        const char *s = PyUnicode_AsUTF8AndSize($input, &n);
        if (s == NULL)
            SWIG_fail;
        $1 = ($1_ltype)s;
        $2 = (size_t)n;
    } else if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) == 0) {
        have_view = 1;
        $1 = ($1_ltype)view.buf;
        $2 = (size_t)view.len;
    } else {
        PyErr_Clear();
        SWIG_exception_fail(SWIG_TypeError, "in '$symname': expected str or bytes");
    }
}
%typemap(freearg) (const char *buf, size_t len) "if (have_view$argnum) PyBuffer_Release(&view$argnum);"
%typemap(typecheck) (const char *buf, size_t len)
    "$1 = PyUnicode_Check($input) || PyObject_CheckBuffer($input);"
%apply (const char *buf, size_t len) { (const char *request, size_t len) };

/* ---- arrays in: any sequence of numbers ------------------------------------- */
%define SALESPLAN_ARRAY_IN(CTYPE, CONVERT, NAMES...)
%typemap(in) (const CTYPE *NAMES, size_t n) (CTYPE *tmp = NULL) {
    PyObject *seq = PySequence_Fast($input, "in '$symname': expected a sequence of numbers");
    if (seq == NULL)
        SWIG_fail;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(seq);
    if (count > 0) {
        tmp = (CTYPE *)malloc((size_t)count * sizeof(CTYPE));
        if (tmp == NULL) {
            Py_DECREF(seq);
            PyErr_NoMemory();
            SWIG_fail;
        }
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
        CONVERT
    }
    Py_DECREF(seq);
    $1 = tmp;
    $2 = (size_t)count;
}
%typemap(freearg) (const CTYPE *NAMES, size_t n) "free(tmp$argnum);"
%enddef

%define SLP_CONVERT_DOUBLE
{
    double v = PyFloat_AsDouble(item);
    if (v == -1.0 && PyErr_Occurred()) {
        Py_DECREF(seq);
        SWIG_fail;
    }
    tmp[i] = v;
}
%enddef
%define SLP_CONVERT_LONG
{
    int overflow = 0;
    long v = PyLong_AsLongAndOverflow(item, &overflow);
    if (v == -1 && PyErr_Occurred()) {
        Py_DECREF(seq);
        SWIG_fail;
    }
    if (overflow != 0) {
        Py_DECREF(seq);
        SWIG_exception_fail(SWIG_OverflowError, "in '$symname': value out of range for long");
    }
    tmp[i] = v;
}
%enddef
SALESPLAN_ARRAY_IN(double, SLP_CONVERT_DOUBLE, weights)
SALESPLAN_ARRAY_IN(double, SLP_CONVERT_DOUBLE, factors)
SALESPLAN_ARRAY_IN(long, SLP_CONVERT_LONG, days)

/* ---- problem lists ------------------------------------------------------------ */
/* validate_buffer and check return [status, problems]: problems are data here,
 * not failures. Only a missing list (out of memory, bad argument) raises. */
%typemap(in, numinputs=0) salesplan_diagnostics **out (salesplan_diagnostics *tmp = NULL) {
    $1 = &tmp;
}
%typemap(argout) salesplan_diagnostics **out {
    if (tmp$argnum == NULL) {
        Py_XDECREF($result);
        $result = NULL;
        slp_py_raise(result != SALESPLAN_OK ? result : SALESPLAN_ENOMEM, NULL, "$symname");
        SWIG_fail;
    }
    {
        PyObject *list = slp_py_diagnostics(tmp$argnum);
        if (list == NULL)
            SWIG_fail;
        $result = SWIG_Python_AppendOutput($result, list);
    }
}
%typemap(freearg) salesplan_diagnostics **out "salesplan_diagnostics_free(tmp$argnum);"
/* Their status is data too: returned as a number, not raised. */
%typemap(out) salesplan_status salesplan_plan_validate_buffer "$result = PyLong_FromLong((long)$1);"
%typemap(ret) salesplan_status salesplan_plan_validate_buffer ""
%typemap(out) salesplan_status salesplan_plan_check "$result = PyLong_FromLong((long)$1);"
%typemap(ret) salesplan_status salesplan_plan_check ""

/* ---- observed counts: (advanced, lost), (-1, -1) when absent ------------------ */
%apply long long *OUTPUT { long long *advanced, long long *lost };

/* ---- values of indexed getters: T *out becomes the return value --------------- */
/* The status typemap raises for an index out of range (LookupFailedError). */
%define SALESPLAN_OUT_VALUE(TYPE, CONVERT)
%typemap(in, numinputs=0) TYPE *out (TYPE tmp) "$1 = ($1_ltype)&tmp;"
%typemap(argout) TYPE *out {
    PyObject *v = CONVERT;
    if (v == NULL)
        SWIG_fail;
    $result = SWIG_Python_AppendOutput($result, v);
}
%enddef
SALESPLAN_OUT_VALUE(double, PyFloat_FromDouble(tmp$argnum))
SALESPLAN_OUT_VALUE(long, PyLong_FromLong(tmp$argnum))
SALESPLAN_OUT_VALUE(long long, PyLong_FromLongLong(tmp$argnum))
SALESPLAN_OUT_VALUE(size_t, PyLong_FromSize_t(tmp$argnum))
SALESPLAN_OUT_VALUE(salesplan_competitor_kind, PyLong_FromLong((long)tmp$argnum))
SALESPLAN_OUT_VALUE(const char *,
                    tmp$argnum == NULL ? SWIG_Py_Void()
                                       : PyUnicode_DecodeUTF8(tmp$argnum,
                                                              (Py_ssize_t)strlen(tmp$argnum),
                                                              "surrogateescape"))
/* Enum getters return the enum: a number in Python. */
%typemap(out) salesplan_target_kind "$result = PyLong_FromLong((long)$1);"

/* ---- compute(plan) with default options -------------------------------------- */
%typemap(default) const salesplan_compute_options *opts "$1 = NULL;"

/* ---- the JSON call: a new string, NULL only when memory runs out ---------- */
%typemap(out) char *salesplan_json_call {
    if ($1 == NULL) {
        PyErr_NoMemory();
        SWIG_fail;
    }
    $result = PyUnicode_DecodeUTF8($1, (Py_ssize_t)strlen($1), "surrogateescape");
    salesplan_free($1);
    if ($result == NULL)
        SWIG_fail;
}

/* ---- ComputeOptions() runs out of memory: MemoryError, not a NULL object ---- */
%exception salesplan_compute_options::salesplan_compute_options {
    $action
    if (result == NULL) {
        PyErr_NoMemory();
        SWIG_fail;
    }
}

/* ---- borrowed views keep their owner alive ---------------------------------- */
%define SALESPLAN_KEEP_OWNER(NAME, OWNER)
%feature("pythonappend") NAME %{
    if val is not None:
        object.__setattr__(val, "_owner", OWNER)
%}
%enddef
SALESPLAN_KEEP_OWNER(salesplan_result_plan, r)
SALESPLAN_KEEP_OWNER(salesplan_result_overview_get, r)
SALESPLAN_KEEP_OWNER(salesplan_result_stage, r)
SALESPLAN_KEEP_OWNER(salesplan_result_activity, r)
SALESPLAN_KEEP_OWNER(salesplan_result_role, r)
SALESPLAN_KEEP_OWNER(salesplan_result_slice, r)
SALESPLAN_KEEP_OWNER(salesplan_result_rep_quota, r)
SALESPLAN_KEEP_OWNER(salesplan_result_phase, r)
SALESPLAN_KEEP_OWNER(salesplan_result_capacity, r)
SALESPLAN_KEEP_OWNER(salesplan_result_metrics, r)
SALESPLAN_KEEP_OWNER(salesplan_result_warning, r)

/* ---- amounts per slice of a quota carrier ----------------------------------- */
%feature("docstring") rep_quota_slices
"rep_quota_slices(r, i) -> tuple of float\n\n"
"Amount per month slice of quota carrier `i` of result `r` (the `slices` array\n"
"of salesplan_rep_quota, salesplan_result_slice_count(r) values).";
%nothread rep_quota_slices;
%inline %{
PyObject *rep_quota_slices(const salesplan_result *r, size_t i)
{
    const salesplan_rep_quota *q = salesplan_result_rep_quota(r, i);
    if (q == NULL) {
        PyErr_SetString(PyExc_IndexError, "rep_quota_slices: no such quota carrier");
        return NULL;
    }
    size_t n = salesplan_result_slice_count(r);
    PyObject *t = PyTuple_New((Py_ssize_t)n);
    if (t == NULL)
        return NULL;
    for (size_t s = 0; s < n; s++) {
        PyObject *v = PyFloat_FromDouble(q->slices[s]);
        if (v == NULL) {
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, (Py_ssize_t)s, v);
    }
    return t;
}
%}

/* ==== estimation (SPEC §7) ===================================================== */
#ifdef SALESPLAN_HAVE_ESTIMATE
SALESPLAN_OUT_HANDLE(salesplan_estimate)
%typemap(default) const salesplan_estimate_options *opts "$1 = NULL;"
SALESPLAN_KEEP_OWNER(salesplan_estimate_info_get, e)
SALESPLAN_KEEP_OWNER(salesplan_estimate_overall, e)
SALESPLAN_KEEP_OWNER(salesplan_estimate_group_get, e)
SALESPLAN_KEEP_OWNER(salesplan_estimate_stage_get, e)
SALESPLAN_KEEP_OWNER(salesplan_estimate_funnel_get, e)
SALESPLAN_KEEP_OWNER(salesplan_estimate_problem_get, e)

/* The stage map of salesplan_plan_apply_estimate_mapped(): a tuple or list of
 * (crm, plan) pairs of str, read into two arrays that borrow the pairs' UTF-8
 * (the input holds them for the call). */
%typemap(in) (const char *const *crm_stages, const char *const *plan_stages, size_t map_count)
    (const char **tmp = NULL) {
    if (!PyTuple_Check($input) && !PyList_Check($input))
        SWIG_exception_fail(SWIG_TypeError, "in '$symname': the stage map must be a tuple or "
                                            "list of (crm, plan) pairs of str");
    Py_ssize_t count = PySequence_Fast_GET_SIZE($input);
    tmp = (const char **)calloc(2 * (size_t)count + 1, sizeof *tmp);
    if (tmp == NULL) {
        PyErr_NoMemory();
        SWIG_fail;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *pair = PySequence_Fast_GET_ITEM($input, i);
        if (!(PyTuple_Check(pair) || PyList_Check(pair)) || PySequence_Fast_GET_SIZE(pair) != 2 ||
            !PyUnicode_Check(PySequence_Fast_GET_ITEM(pair, 0)) ||
            !PyUnicode_Check(PySequence_Fast_GET_ITEM(pair, 1)))
            SWIG_exception_fail(SWIG_TypeError, "in '$symname': each stage map entry must be "
                                                "a (crm, plan) pair of str");
        tmp[i] = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(pair, 0));
        tmp[count + i] = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(pair, 1));
        if (tmp[i] == NULL || tmp[count + i] == NULL)
            SWIG_fail;
    }
    $1 = ($1_ltype)tmp;
    $2 = ($2_ltype)(tmp + count);
    $3 = (size_t)count;
}
%typemap(freearg) (const char *const *crm_stages, const char *const *plan_stages,
                   size_t map_count) "free((void *)tmp$argnum);"

%{
/* Options from a dict of Python values; strings stay owned by `keep` (a
 * list that holds a reference to every str used) for the call. */
#define SLP_PY_EST_ARRAYS 7
typedef struct slp_py_estimate_args {
    salesplan_estimate_options opts;
    /* groups, won, lost, stages, join paths, keys, texts */
    const char **arrays[SLP_PY_EST_ARRAYS];
    size_t *lens; /* of the join texts */
} slp_py_estimate_args;

static void slp_py_estimate_args_free(slp_py_estimate_args *a)
{
    for (int i = 0; i < SLP_PY_EST_ARRAYS; i++)
        free((void *)a->arrays[i]);
    free(a->lens);
}

/* "join_texts": a tuple parallel to join_paths of bytes (a table's CSV text,
 * borrowed from the dict for the call) or None (that table is the file). */
static int slp_py_join_texts(PyObject *d, slp_py_estimate_args *a)
{
    salesplan_estimate_options *o = &a->opts;
    PyObject *v = PyDict_GetItemString(d, "join_texts");
    if (v == NULL || v == Py_None)
        return 0;
    if (!PyTuple_Check(v) || (size_t)PyTuple_GET_SIZE(v) != o->join_count) {
        PyErr_SetString(PyExc_TypeError,
                        "estimate option 'join_texts' must be a tuple as long as join_paths");
        return -1;
    }
    size_t n = o->join_count;
    a->arrays[6] = (const char **)calloc(n + 1, sizeof(char *));
    a->lens = (size_t *)calloc(n + 1, sizeof(size_t));
    if (a->arrays[6] == NULL || a->lens == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(v, (Py_ssize_t)i);
        if (item == Py_None)
            continue;
        char *p;
        Py_ssize_t len;
        if (!PyBytes_Check(item) || PyBytes_AsStringAndSize(item, &p, &len) != 0) {
            PyErr_SetString(PyExc_TypeError, "estimate option 'join_texts' must hold bytes or None");
            return -1;
        }
        a->arrays[6][i] = p;
        a->lens[i] = (size_t)len;
    }
    o->join_texts = a->arrays[6];
    o->join_text_lens = a->lens;
    return 0;
}

static int slp_py_str(PyObject *d, const char *key, const char **out)
{
    PyObject *v = PyDict_GetItemString(d, key); /* borrowed */
    if (v == NULL || v == Py_None)
        return 0;
    if (!PyUnicode_Check(v)) {
        PyErr_Format(PyExc_TypeError, "estimate option '%s' must be a str", key);
        return -1;
    }
    *out = PyUnicode_AsUTF8(v);
    return *out == NULL ? -1 : 0;
}

static int slp_py_strs(PyObject *d, const char *key, const char ***arr, const char *const **out,
                       size_t *count)
{
    PyObject *v = PyDict_GetItemString(d, key);
    if (v == NULL || v == Py_None)
        return 0;
    if (!PyTuple_Check(v)) {
        PyErr_Format(PyExc_TypeError, "estimate option '%s' must be a tuple of str", key);
        return -1;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(v);
    *arr = (const char **)calloc((size_t)n + 1, sizeof(char *));
    if (*arr == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(v, i);
        if (!PyUnicode_Check(item)) {
            PyErr_Format(PyExc_TypeError, "estimate option '%s' must hold str values", key);
            return -1;
        }
        (*arr)[i] = PyUnicode_AsUTF8(item);
        if ((*arr)[i] == NULL)
            return -1;
    }
    *out = *arr;
    *count = (size_t)n;
    return 0;
}

static int slp_py_long(PyObject *d, const char *key, long *out)
{
    PyObject *v = PyDict_GetItemString(d, key);
    if (v == NULL || v == Py_None)
        return 0;
    long x = PyLong_AsLong(v);
    if (x == -1 && PyErr_Occurred())
        return -1;
    *out = x;
    return 0;
}

static int slp_py_double(PyObject *d, const char *key, double *out)
{
    PyObject *v = PyDict_GetItemString(d, key);
    if (v == NULL || v == Py_None)
        return 0;
    double x = PyFloat_AsDouble(v);
    if (x == -1.0 && PyErr_Occurred())
        return -1;
    *out = x;
    return 0;
}

static int slp_py_estimate_opts(PyObject *d, slp_py_estimate_args *a)
{
    salesplan_estimate_options *o = &a->opts;
    long shape = 0, order = SALESPLAN_DATE_AUTO, strict = 0, max_reported = 20, threads = 0;
    long decimal = 0, allow_skips = 0, rep_min_n;
    size_t key_count = 0;
    const char *delim = NULL;
    (void)salesplan_estimate_options_init(o, SALESPLAN_ESTIMATE_OPTIONS_VERSION);
    max_reported = (long)o->max_reported;
    rep_min_n = (long)o->rep_min_n;
    if (!PyDict_Check(d)) {
        PyErr_SetString(PyExc_TypeError, "estimate options must be a dict");
        return -1;
    }
    if (slp_py_long(d, "shape", &shape) || slp_py_long(d, "date_order", &order) ||
        slp_py_long(d, "strict", &strict) || slp_py_long(d, "max_reported", &max_reported) ||
        slp_py_long(d, "threads", &threads) || slp_py_long(d, "decimal_comma", &decimal) ||
        slp_py_long(d, "allow_skips", &allow_skips) ||
        slp_py_long(d, "rep_min_n", &rep_min_n) || slp_py_double(d, "rep_q", &o->rep_q) ||
        slp_py_str(d, "rep_column", &o->rep_column) ||
        slp_py_str(d, "id_column", &o->id_column) ||
        slp_py_str(d, "stage_column", &o->stage_column) ||
        slp_py_str(d, "created_column", &o->created_column) ||
        slp_py_str(d, "closed_column", &o->closed_column) ||
        slp_py_str(d, "amount_column", &o->amount_column) ||
        slp_py_str(d, "date_column", &o->date_column) ||
        slp_py_str(d, "join_path", &o->join_path) || slp_py_str(d, "join_key", &o->join_key) ||
        slp_py_str(d, "delimiter", &delim) ||
        slp_py_strs(d, "group_columns", &a->arrays[0], &o->group_columns, &o->group_count) ||
        slp_py_strs(d, "won_names", &a->arrays[1], &o->won_names, &o->won_count) ||
        slp_py_strs(d, "lost_names", &a->arrays[2], &o->lost_names, &o->lost_count) ||
        slp_py_strs(d, "stages", &a->arrays[3], &o->stages, &o->stage_count) ||
        slp_py_strs(d, "join_paths", &a->arrays[4], &o->join_paths, &o->join_count) ||
        slp_py_strs(d, "join_keys", &a->arrays[5], &o->join_keys, &key_count))
        return -1;
    if (key_count != o->join_count) {
        PyErr_SetString(PyExc_ValueError, "join_paths and join_keys must have the same length");
        return -1;
    }
    if (slp_py_join_texts(d, a) != 0)
        return -1;
    if (max_reported < 0) {
        PyErr_SetString(PyExc_ValueError, "max_reported must be >= 0");
        return -1;
    }
    if (rep_min_n < 1) {
        PyErr_SetString(PyExc_ValueError, "rep_min_n must be >= 1");
        return -1;
    }
    o->rep_min_n = (size_t)rep_min_n;
    if (threads < 0 || threads > (long)UINT_MAX) {
        PyErr_SetString(PyExc_ValueError, "threads must be >= 0");
        return -1;
    }
    if (delim != NULL) {
        if (strlen(delim) != 1) {
            PyErr_SetString(PyExc_ValueError, "delimiter must be one ASCII character");
            return -1;
        }
        o->delimiter = delim[0];
    }
    o->shape = (int)shape;
    o->date_order = (int)order;
    o->strict = strict != 0;
    o->max_reported = (size_t)max_reported;
    o->threads = (unsigned)threads;
    o->decimal_comma = (int)decimal;
    o->allow_skips = allow_skips != 0;
    return 0;
}
%}

%feature("docstring") estimate_run
"estimate_run(source, from_file, options) -> EstimateHandle\n\n"
"Run salesplan_estimate_file() (from_file true: source is a path) or\n"
"salesplan_estimate_buffer() (source is str or bytes of CSV) with options\n"
"from a dict: shape, date_order, strict, max_reported, threads (int); id_column,\n"
"stage_column, created_column, closed_column, amount_column, date_column,\n"
"join_path, join_key, delimiter (str); group_columns, won_names,\n"
"lost_names, stages, join_paths, join_keys (tuples of str; the last two of the\n"
"same length: the tables after join_path); join_texts (a tuple as long as\n"
"join_paths of bytes, a table's CSV text, or None: that table is the file).\n"
"Missing keys keep the defaults.\n"
"Raises a salesplan.Error subclass on failure. Releases the GIL.";
%nothread estimate_run;
%inline %{
PyObject *estimate_run(PyObject *source, int from_file, PyObject *options)
{
    slp_py_estimate_args a;
    memset(&a, 0, sizeof a);
    PyObject *ret = NULL;
    Py_buffer view;
    int have_view = 0;
    const char *buf = NULL;
    Py_ssize_t len = 0;
    salesplan_estimate *e = NULL;
    salesplan_error err;
    int rc;
    memset(&err, 0, sizeof err);
    if (slp_py_estimate_opts(options, &a) != 0)
        goto done;
    if (from_file) {
        if (!PyUnicode_Check(source)) {
            PyErr_SetString(PyExc_TypeError, "estimate_run: the path must be a str");
            goto done;
        }
        buf = PyUnicode_AsUTF8(source);
        if (buf == NULL)
            goto done;
    } else if (PyUnicode_Check(source)) {
        buf = PyUnicode_AsUTF8AndSize(source, &len);
        if (buf == NULL)
            goto done;
    } else if (PyObject_GetBuffer(source, &view, PyBUF_SIMPLE) == 0) {
        have_view = 1;
        buf = (const char *)view.buf;
        len = view.len;
    } else {
        PyErr_Clear();
        PyErr_SetString(PyExc_TypeError, "estimate_run: expected str or bytes of CSV");
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS
    if (from_file)
        rc = salesplan_estimate_file(&e, buf, &a.opts, &err);
    else
        rc = salesplan_estimate_buffer(&e, buf, (size_t)len, &a.opts, &err);
    Py_END_ALLOW_THREADS
    if (rc != SALESPLAN_OK) {
        salesplan_estimate_free(e);
        slp_py_raise(rc, &err, from_file ? "estimate_file" : "estimate_buffer");
        goto done;
    }
    ret = SWIG_NewPointerObj(e, SWIGTYPE_p_salesplan_estimate, SWIG_POINTER_OWN);
    if (ret == NULL)
        salesplan_estimate_free(e);
done:
    if (have_view)
        PyBuffer_Release(&view);
    slp_py_estimate_args_free(&a);
    return ret;
}
%}

/* ---- the mergeable state (SPEC §14) ------------------------------------------ */
SALESPLAN_OUT_HANDLE(salesplan_estimate_state)
%apply (const char *buf, size_t len) { (const char *bytes, size_t len) };

%{
/* Days between 0001-01-01 (ordinal 1) and 1970-01-01. */
#define SLP_PY_EPOCH_ORDINAL 719163LL

/* One Python value as a salesplan_value: str -> text (UTF-8 kept by the str),
 * bytes -> text, None -> null, int/float -> number, anything with
 * toordinal() (datetime.date, datetime.datetime, pandas.Timestamp) -> day. */
static int slp_py_value(PyObject *o, salesplan_value *v, Py_ssize_t row, Py_ssize_t col)
{
    memset(v, 0, sizeof *v);
    if (o == Py_None) {
        v->type = SALESPLAN_VALUE_NULL;
        return 0;
    }
    if (PyUnicode_Check(o)) {
        Py_ssize_t n = 0;
        v->text = PyUnicode_AsUTF8AndSize(o, &n);
        if (v->text == NULL)
            return -1;
        v->type = SALESPLAN_VALUE_TEXT;
        v->len = (size_t)n;
        return 0;
    }
    if (PyBytes_Check(o)) {
        v->type = SALESPLAN_VALUE_TEXT;
        v->text = PyBytes_AS_STRING(o);
        v->len = (size_t)PyBytes_GET_SIZE(o);
        return 0;
    }
    if (PyFloat_Check(o) || PyLong_Check(o)) {
        v->type = SALESPLAN_VALUE_NUMBER;
        v->number = PyFloat_AsDouble(o);
        return v->number == -1.0 && PyErr_Occurred() ? -1 : 0;
    }
    if (PyObject_HasAttrString(o, "toordinal")) {
        PyObject *d = PyObject_CallMethod(o, "toordinal", NULL);
        if (d == NULL)
            return -1;
        long long ord = PyLong_AsLongLong(d);
        Py_DECREF(d);
        if (ord == -1 && PyErr_Occurred())
            return -1;
        v->type = SALESPLAN_VALUE_DATE;
        v->day = ord - SLP_PY_EPOCH_ORDINAL;
        return 0;
    }
    if (PyNumber_Check(o)) { /* numpy scalars, Decimal */
        v->type = SALESPLAN_VALUE_NUMBER;
        v->number = PyFloat_AsDouble(o);
        return v->number == -1.0 && PyErr_Occurred() ? -1 : 0;
    }
    PyErr_Format(PyExc_TypeError,
                 "record %zd, value %zd: expected str, bytes, int, float, date or None, not %s",
                 row + 1, col + 1, Py_TYPE(o)->tp_name);
    return -1;
}
%}

%feature("docstring") estimate_state_new
"estimate_state_new(options) -> EstimateStateHandle\n\n"
"salesplan_estimate_state_create() with options from a dict, as estimate_run().";
%nothread estimate_state_new;
%newobject estimate_state_new;
%inline %{
PyObject *estimate_state_new(PyObject *options)
{
    slp_py_estimate_args a;
    memset(&a, 0, sizeof a);
    PyObject *ret = NULL;
    salesplan_estimate_state *s = NULL;
    salesplan_error err;
    memset(&err, 0, sizeof err);
    if (slp_py_estimate_opts(options, &a) == 0) {
        int rc = salesplan_estimate_state_create(&s, &a.opts, &err);
        if (rc != SALESPLAN_OK) {
            slp_py_raise(rc, &err, "estimate_state_create");
        } else {
            ret = SWIG_NewPointerObj(s, SWIGTYPE_p_salesplan_estimate_state, SWIG_POINTER_OWN);
            if (ret == NULL)
                salesplan_estimate_state_free(s);
        }
    }
    slp_py_estimate_args_free(&a);
    return ret;
}
%}

%feature("docstring") estimate_state_to_bytes
"estimate_state_to_bytes(state) -> bytes\n\n"
"salesplan_estimate_state_serialize(): the state as bytes.";
%nothread estimate_state_to_bytes;
%inline %{
PyObject *estimate_state_to_bytes(const salesplan_estimate_state *s)
{
    char *b = NULL;
    size_t n = 0;
    salesplan_error err;
    memset(&err, 0, sizeof err);
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = salesplan_estimate_state_serialize(&b, &n, s, &err);
    Py_END_ALLOW_THREADS
    if (rc != SALESPLAN_OK) {
        salesplan_free(b);
        slp_py_raise(rc, &err, "estimate_state_serialize");
        return NULL;
    }
    PyObject *ret = PyBytes_FromStringAndSize(b, (Py_ssize_t)n);
    salesplan_free(b);
    return ret;
}
%}

%feature("docstring") estimate_state_feed_rows
"estimate_state_feed_rows(state, columns, rows) -> int\n\n"
"Name the columns (a sequence of str; None: already named) and feed every row\n"
"of the iterable `rows` (each a sequence of values in the columns' order:\n"
"str, bytes, int, float, date or None) with salesplan_estimate_state_feed_record().\n"
"Returns the number of rows fed.";
%nothread estimate_state_feed_rows;
%inline %{
PyObject *estimate_state_feed_rows(salesplan_estimate_state *s, PyObject *columns,
                                   PyObject *rows)
{
    salesplan_error err;
    memset(&err, 0, sizeof err);
    salesplan_value *vals = NULL;
    size_t cap = 0;
    Py_ssize_t count = 0;
    PyObject *it = NULL, *row = NULL, *ret = NULL;
    int rc;
    if (columns != Py_None) {
        PyObject *seq = PySequence_Fast(columns, "columns must be a sequence of str");
        if (seq == NULL)
            return NULL;
        Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
        const char **names = (const char **)calloc((size_t)n + 1, sizeof(char *));
        if (names == NULL) {
            Py_DECREF(seq);
            return PyErr_NoMemory();
        }
        int bad = 0;
        for (Py_ssize_t i = 0; i < n && !bad; i++) {
            PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
            if (!PyUnicode_Check(item)) {
                PyErr_SetString(PyExc_TypeError, "column names must be str");
                bad = 1;
            } else if ((names[i] = PyUnicode_AsUTF8(item)) == NULL) {
                bad = 1;
            }
        }
        rc = bad ? SALESPLAN_OK : salesplan_estimate_state_set_columns(s, names, (size_t)n, &err);
        free((void *)names);
        Py_DECREF(seq);
        if (bad)
            return NULL;
        if (rc != SALESPLAN_OK) {
            slp_py_raise(rc, &err, "estimate_state_set_columns");
            return NULL;
        }
    }
    it = PyObject_GetIter(rows);
    if (it == NULL)
        return NULL;
    while ((row = PyIter_Next(it)) != NULL) {
        PyObject *seq = PySequence_Fast(row, "each record must be a sequence of values");
        Py_DECREF(row);
        if (seq == NULL)
            goto done;
        Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
        if ((size_t)n > cap) {
            salesplan_value *grown =
                (salesplan_value *)realloc(vals, (size_t)n * sizeof(salesplan_value));
            if (grown == NULL) {
                Py_DECREF(seq);
                PyErr_NoMemory();
                goto done;
            }
            vals = grown;
            cap = (size_t)n;
        }
        for (Py_ssize_t i = 0; i < n; i++)
            if (slp_py_value(PySequence_Fast_GET_ITEM(seq, i), &vals[i], count, i) != 0) {
                Py_DECREF(seq);
                goto done;
            }
        /* the values borrow from seq's items: feed before letting it go */
        rc = salesplan_estimate_state_feed_record(s, vals, (size_t)n, &err);
        Py_DECREF(seq);
        if (rc != SALESPLAN_OK) {
            slp_py_raise(rc, &err, "estimate_state_feed_record");
            goto done;
        }
        count++;
    }
    if (!PyErr_Occurred())
        ret = PyLong_FromSsize_t(count);
done:
    Py_DECREF(it);
    free(vals);
    return ret;
}
%}

/* ---- the activity state (SPEC §12, §14) ------------------------------------- */
SALESPLAN_OUT_HANDLE(salesplan_activity_state)

%{
/* The options dict (keyed by the C fields) into *o; arrays[4] receive what
 * to free afterwards. 0, or -1 with a Python exception set. */
static int slp_py_act_options(PyObject *d, const salesplan_plan *plan,
                              salesplan_activities_options *o, const char **arrays[4])
{
    static const char *const keys[] = {
        "date_column",       "type_column",          "owner_column",        "deal_column",
        "account_column",    "deals_id_column",      "deals_stage_column",  "deals_created_column",
        "deals_closed_column", "deals_date_column",  "deals_owner_column",  "deals_account_column",
        "from",              "to"};
    const char **slots[] = {&o->date_column,        &o->type_column,         &o->owner_column,
                            &o->deal_column,        &o->account_column,      &o->deals_id_column,
                            &o->deals_stage_column, &o->deals_created_column,
                            &o->deals_closed_column, &o->deals_date_column,  &o->deals_owner_column,
                            &o->deals_account_column, &o->from,              &o->to};
    long window = o->window_days, shape = o->deals_shape, order = o->date_order;
    long max_reported = (long)o->max_reported, threads = (long)o->threads;
    size_t ntypes = 0;
    const char *delim = NULL;
    if (!PyDict_Check(d)) {
        PyErr_SetString(PyExc_TypeError, "activity options must be a dict");
        return -1;
    }
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (slp_py_str(d, keys[i], slots[i]) != 0)
            return -1;
    if (slp_py_str(d, "delimiter", &delim) || slp_py_long(d, "window_days", &window) ||
        slp_py_long(d, "deals_shape", &shape) || slp_py_long(d, "date_order", &order) ||
        slp_py_long(d, "max_reported", &max_reported) || slp_py_long(d, "threads", &threads) ||
        slp_py_strs(d, "map_types", &arrays[0], &o->map_types, &ntypes) ||
        slp_py_strs(d, "map_activities", &arrays[1], &o->map_activities, &o->map_count) ||
        slp_py_strs(d, "won_names", &arrays[2], &o->won_names, &o->won_count) ||
        slp_py_strs(d, "lost_names", &arrays[3], &o->lost_names, &o->lost_count))
        return -1;
    if (ntypes != o->map_count || max_reported < 0 || threads < 0 || threads > 0xFFFFFFFFL ||
        (delim != NULL && strlen(delim) != 1)) {
        PyErr_SetString(PyExc_ValueError, "activity options: map_types and map_activities of "
                                          "one length, max_reported >= 0, threads >= 0, a "
                                          "one-character delimiter");
        return -1;
    }
    o->delimiter = delim ? delim[0] : '\0';
    o->window_days = window;
    o->deals_shape = (int)shape;
    o->date_order = (int)order;
    o->max_reported = (size_t)max_reported;
    o->threads = (unsigned)threads;
    o->plan = plan;
    return 0;
}
%}

%feature("docstring") activity_state_new
"activity_state_new(options, plan) -> ActivityStateHandle\n\n"
"salesplan_activity_state_create() with options from a dict keyed by the C field\n"
"names: date_column ... deals_account_column, from, to, delimiter (str);\n"
"window_days, deals_shape, date_order, max_reported, threads (int); map_types,\n"
"map_activities, won_names, lost_names (tuples of str). plan: a PlanHandle or None.";
%nothread activity_state_new;
%newobject activity_state_new;
%inline %{
PyObject *activity_state_new(PyObject *d, const salesplan_plan *plan)
{
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    const char **arrays[4] = {NULL, NULL, NULL, NULL};
    PyObject *ret = NULL;
    if (slp_py_act_options(d, plan, &o, arrays) != 0)
        goto done;
    salesplan_activity_state *s = NULL;
    salesplan_error err;
    memset(&err, 0, sizeof err);
    int rc = salesplan_activity_state_create(&s, &o, &err);
    if (rc != SALESPLAN_OK) {
        slp_py_raise(rc, &err, "activity_state_create");
    } else {
        ret = SWIG_NewPointerObj(s, SWIGTYPE_p_salesplan_activity_state, SWIG_POINTER_OWN);
        if (ret == NULL)
            salesplan_activity_state_free(s);
    }
done:
    for (int i = 0; i < 4; i++)
        free((void *)arrays[i]);
    return ret;
}
%}

%feature("docstring") activity_state_to_bytes
"activity_state_to_bytes(state) -> bytes\n\n"
"salesplan_activity_state_serialize(): the state as bytes.";
%nothread activity_state_to_bytes;
%inline %{
PyObject *activity_state_to_bytes(const salesplan_activity_state *s)
{
    char *b = NULL;
    size_t n = 0;
    salesplan_error err;
    memset(&err, 0, sizeof err);
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = salesplan_activity_state_serialize(&b, &n, s, &err);
    Py_END_ALLOW_THREADS
    if (rc != SALESPLAN_OK) {
        slp_py_raise(rc, &err, "activity_state_serialize");
        return NULL;
    }
    PyObject *ret = PyBytes_FromStringAndSize(b, (Py_ssize_t)n);
    salesplan_free(b);
    return ret;
}
%}

%feature("docstring") activity_state_feed_rows
"activity_state_feed_rows(state, input, columns, rows) -> int\n\n"
"Name the columns of `input` (INPUT_LOG or INPUT_DEALS; a sequence of str, None:\n"
"already named) and feed every row of the iterable `rows` (each a sequence of\n"
"str, bytes, int, float, date or None in the columns' order) with\n"
"salesplan_activity_state_feed_record(). Returns the number of rows fed.";
%nothread activity_state_feed_rows;
%inline %{
PyObject *activity_state_feed_rows(salesplan_activity_state *s, int input, PyObject *columns,
                                   PyObject *rows)
{
    salesplan_error err;
    memset(&err, 0, sizeof err);
    salesplan_value *vals = NULL;
    size_t cap = 0;
    Py_ssize_t count = 0;
    PyObject *it = NULL, *row = NULL, *ret = NULL;
    int rc;
    salesplan_activity_input in = (salesplan_activity_input)input;
    if (columns != Py_None) {
        PyObject *seq = PySequence_Fast(columns, "columns must be a sequence of str");
        if (seq == NULL)
            return NULL;
        Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
        const char **names = (const char **)calloc((size_t)n + 1, sizeof(char *));
        int bad = names == NULL;
        if (bad)
            PyErr_NoMemory();
        for (Py_ssize_t i = 0; i < n && !bad; i++) {
            PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
            if (!PyUnicode_Check(item)) {
                PyErr_SetString(PyExc_TypeError, "column names must be str");
                bad = 1;
            } else if ((names[i] = PyUnicode_AsUTF8(item)) == NULL) {
                bad = 1;
            }
        }
        rc = bad ? SALESPLAN_OK
                 : salesplan_activity_state_set_columns(s, in, names, (size_t)n, &err);
        free((void *)names);
        Py_DECREF(seq);
        if (bad)
            return NULL;
        if (rc != SALESPLAN_OK) {
            slp_py_raise(rc, &err, "activity_state_set_columns");
            return NULL;
        }
    }
    it = PyObject_GetIter(rows);
    if (it == NULL)
        return NULL;
    while ((row = PyIter_Next(it)) != NULL) {
        PyObject *seq = PySequence_Fast(row, "each record must be a sequence of values");
        Py_DECREF(row);
        if (seq == NULL)
            goto done;
        Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
        if ((size_t)n > cap) {
            salesplan_value *grown =
                (salesplan_value *)realloc(vals, (size_t)n * sizeof(salesplan_value));
            if (grown == NULL) {
                Py_DECREF(seq);
                PyErr_NoMemory();
                goto done;
            }
            vals = grown;
            cap = (size_t)n;
        }
        for (Py_ssize_t i = 0; i < n; i++)
            if (slp_py_value(PySequence_Fast_GET_ITEM(seq, i), &vals[i], count, i) != 0) {
                Py_DECREF(seq);
                goto done;
            }
        rc = salesplan_activity_state_feed_record(s, in, vals, (size_t)n, &err);
        Py_DECREF(seq);
        if (rc != SALESPLAN_OK) {
            slp_py_raise(rc, &err, "activity_state_feed_record");
            goto done;
        }
        count++;
    }
    if (!PyErr_Occurred())
        ret = PyLong_FromSsize_t(count);
done:
    Py_DECREF(it);
    free(vals);
    return ret;
}
%}

%{
/* The result as (json, markdown, emitted or None), rendered without the GIL
 * (rc: what made the result; the result is freed here). */
static PyObject *slp_py_act_docs(salesplan_activities *a, int rc, salesplan_error *err,
                                 const char *fn)
{
    char *doc[3] = {NULL, NULL, NULL};
    size_t len[3] = {0, 0, 0};
    Py_BEGIN_ALLOW_THREADS
    if (rc == SALESPLAN_OK)
        rc = salesplan_activities_render(&doc[0], &len[0], a, SALESPLAN_FORMAT_JSON, err);
    if (rc == SALESPLAN_OK)
        rc = salesplan_activities_render(&doc[1], &len[1], a, SALESPLAN_FORMAT_MARKDOWN, err);
    if (rc == SALESPLAN_OK) { /* EINVAL: no plan, nothing to emit */
        int erc = salesplan_activities_emit(&doc[2], &len[2], a, err);
        if (erc == SALESPLAN_ENOMEM)
            rc = erc;
    }
    Py_END_ALLOW_THREADS
    PyObject *ret = NULL;
    if (rc != SALESPLAN_OK)
        slp_py_raise(rc, err, fn);
    else if (doc[2] != NULL)
        ret = Py_BuildValue("(s#s#s#)", doc[0], (Py_ssize_t)len[0], doc[1], (Py_ssize_t)len[1],
                            doc[2], (Py_ssize_t)len[2]);
    else
        ret = Py_BuildValue("(s#s#O)", doc[0], (Py_ssize_t)len[0], doc[1], (Py_ssize_t)len[1],
                            Py_None);
    for (int i = 0; i < 3; i++)
        salesplan_free(doc[i]);
    salesplan_activities_free(a);
    return ret;
}
%}

%feature("docstring") activity_state_finish_docs
"activity_state_finish_docs(state) -> (json, markdown, emitted or None)\n\n"
"salesplan_activity_state_finish(), rendered as JSON and Markdown, and the\n"
"plan's activities with measured per_entry when the state has a plan.";
%nothread activity_state_finish_docs;
%inline %{
PyObject *activity_state_finish_docs(const salesplan_activity_state *s)
{
    salesplan_activities *a = NULL;
    salesplan_error err;
    memset(&err, 0, sizeof err);
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = salesplan_activity_state_finish(&a, s, &err);
    Py_END_ALLOW_THREADS
    return slp_py_act_docs(a, rc, &err, "activity_state_finish");
}
%}

%feature("docstring") activities_file_docs
"activities_file_docs(log, deals, options, plan) -> (json, markdown, emitted or None)\n\n"
"salesplan_activities_file() on two paths with options as for activity_state_new\n"
"(`threads` among them: a large log is read on that many threads), rendered as\n"
"activity_state_finish_docs() renders a state's result.";
%nothread activities_file_docs;
%inline %{
PyObject *activities_file_docs(const char *log, const char *deals, PyObject *d,
                               const salesplan_plan *plan)
{
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    const char **arrays[4] = {NULL, NULL, NULL, NULL};
    PyObject *ret = NULL;
    if (log == NULL || deals == NULL) {
        PyErr_SetString(PyExc_TypeError, "activities_file_docs: two paths");
        return NULL;
    }
    if (slp_py_act_options(d, plan, &o, arrays) == 0) {
        salesplan_activities *a = NULL;
        salesplan_error err;
        memset(&err, 0, sizeof err);
        int rc;
        Py_BEGIN_ALLOW_THREADS
        rc = salesplan_activities_file(&a, log, deals, &o, &err);
        Py_END_ALLOW_THREADS
        ret = slp_py_act_docs(a, rc, &err, "activities_file");
    }
    for (int i = 0; i < 4; i++)
        free((void *)arrays[i]);
    return ret;
}
%}
#endif

/* ==== simulation (SPEC §8) ====================================================== */
#ifdef SALESPLAN_HAVE_SIMULATE
SALESPLAN_OUT_HANDLE(salesplan_simulation)
%typemap(default) const salesplan_simulate_options *opts "$1 = NULL;"
SALESPLAN_KEEP_OWNER(salesplan_simulation_summary_get, sim)
/* histogram(bins, sim, what, lo, hi) -> list of counts */
%typemap(in) (unsigned long long *counts, size_t bins) (unsigned long long *tmp = NULL, size_t nb = 0) {
    int ok = SWIG_AsVal_size_t($input, &nb);
    if (!SWIG_IsOK(ok))
        SWIG_exception_fail(SWIG_ArgError(ok), "in '$symname': bins must be a non-negative int");
    if (nb > ((size_t)1 << 24))
        SWIG_exception_fail(SWIG_OverflowError, "in '$symname': too many bins");
    tmp = (unsigned long long *)calloc(nb ? nb : 1, sizeof(unsigned long long));
    if (tmp == NULL) {
        PyErr_NoMemory();
        SWIG_fail;
    }
    $1 = tmp;
    $2 = nb;
}
%typemap(argout) (unsigned long long *counts, size_t bins) {
    if (result == SALESPLAN_OK) {
        PyObject *list = PyList_New((Py_ssize_t)nb$argnum);
        if (list == NULL)
            SWIG_fail;
        for (size_t i = 0; i < nb$argnum; i++) {
            PyObject *v = PyLong_FromUnsignedLongLong(tmp$argnum[i]);
            if (v == NULL) {
                Py_DECREF(list);
                SWIG_fail;
            }
            PyList_SET_ITEM(list, (Py_ssize_t)i, v);
        }
        $result = SWIG_Python_AppendOutput($result, list);
    }
}
%typemap(freearg) (unsigned long long *counts, size_t bins) "free(tmp$argnum);"
#endif

/* ==== tracking (SPEC §11) ======================================================= */
SALESPLAN_OUT_HANDLE(salesplan_actuals)
SALESPLAN_OUT_HANDLE(salesplan_tracking)
%typemap(default) const salesplan_track_options *opts "$1 = NULL;"
/* [status, problems], as plan_validate_buffer: problems are data here */
%typemap(out) salesplan_status salesplan_actuals_validate_buffer
    "$result = PyLong_FromLong((long)$1);"
%typemap(ret) salesplan_status salesplan_actuals_validate_buffer ""
SALESPLAN_KEEP_OWNER(salesplan_tracking_summary_get, t)
SALESPLAN_KEEP_OWNER(salesplan_tracking_rep_get, t)
SALESPLAN_KEEP_OWNER(salesplan_tracking_activity_get, t)
SALESPLAN_KEEP_OWNER(salesplan_tracking_warning, t)
SALESPLAN_KEEP_OWNER(salesplan_tracking_replan, t)
SALESPLAN_KEEP_OWNER(salesplan_tracking_plan, t)
%exception salesplan_track_options::salesplan_track_options {
    $action
    if (result == NULL) {
        PyErr_NoMemory();
        SWIG_fail;
    }
}

%feature("docstring") tracking_rep_activity
"tracking_rep_activity(t, i, k) -> TrackingRepActivity\n\n"
"Activity `k` of rep `i` of tracking `t` (a view that keeps `t` alive).";
%feature("pythonappend") tracking_rep_activity %{
    if val is not None:
        object.__setattr__(val, "_owner", t)
%}
%inline %{
const salesplan_tracking_rep_activity *tracking_rep_activity(const salesplan_tracking *t,
                                                             size_t i, size_t k)
{
    const salesplan_tracking_rep *r = salesplan_tracking_rep_get(t, i);
    return r != NULL && k < r->activity_count ? &r->activities[k] : NULL;
}
%}

%{
/* Text of option `key` of dict d (NULL when absent or None), borrowed from
 * the dict's str; -1 with TypeError for another type. */
static int slp_py_opt_str(PyObject *d, const char *key, const char **out)
{
    *out = NULL;
    PyObject *v = PyDict_GetItemString(d, key);
    if (v == NULL || v == Py_None)
        return 0;
    if (!PyUnicode_Check(v)) {
        PyErr_Format(PyExc_TypeError, "CSV option '%s' must be a str", key);
        return -1;
    }
    *out = PyUnicode_AsUTF8(v);
    return *out == NULL ? -1 : 0;
}

/* str or bytes-like -> (ptr, len) valid while `keep` lives (a new reference). */
static int slp_py_text(PyObject *o, const char **buf, size_t *len, PyObject **keep)
{
    *keep = NULL;
    if (o == Py_None) {
        *buf = NULL;
        *len = 0;
        return 0;
    }
    if (PyUnicode_Check(o)) {
        *keep = PyUnicode_AsUTF8String(o);
    } else {
        *keep = PyBytes_FromObject(o);
    }
    if (*keep == NULL)
        return -1;
    char *p = NULL;
    Py_ssize_t n = 0;
    if (PyBytes_AsStringAndSize(*keep, &p, &n) != 0)
        return -1;
    *buf = p;
    *len = (size_t)n;
    return 0;
}
%}

%feature("docstring") actuals_from_csv_run
"actuals_from_csv_run(plan, deals, activities, options) -> ActualsHandle\n\n"
"Run salesplan_actuals_from_csv(): deals and activities are CSV text (str or\n"
"bytes; activities may be None), options a dict of str (as_of, id_column,\n"
"stage_column, closed_column, amount_column, owner_column, won, lost,\n"
"stage_map, date_column, type_column) and dmy (bool). Raises salesplan.Error\n"
"subclasses with path, line and column.";
%nothread actuals_from_csv_run;
%inline %{
PyObject *actuals_from_csv_run(const salesplan_plan *plan, PyObject *deals,
                               PyObject *activities, PyObject *options)
{
    static const char *const keys[] = {"as_of",       "id_column",   "stage_column",
                                       "closed_column", "amount_column", "owner_column",
                                       "won",         "lost",        "stage_map",
                                       "date_column", "type_column"};
    salesplan_actuals_csv_options o = SALESPLAN_ACTUALS_CSV_OPTIONS_INIT;
    const char **slots[] = {&o.as_of,       &o.id_column,     &o.stage_column,
                            &o.closed_column, &o.amount_column, &o.owner_column,
                            &o.won,         &o.lost,          &o.stage_map,
                            &o.date_column, &o.type_column};
    if (!PyDict_Check(options)) {
        PyErr_SetString(PyExc_TypeError, "actuals_from_csv_run: options must be a dict");
        return NULL;
    }
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (slp_py_opt_str(options, keys[i], slots[i]) != 0)
            return NULL;
    PyObject *dmy = PyDict_GetItemString(options, "dmy");
    if (dmy != NULL) {
        int t = PyObject_IsTrue(dmy);
        if (t < 0)
            return NULL;
        o.dmy = t;
    }
    const char *dbuf = NULL, *abuf = NULL;
    size_t dlen = 0, alen = 0;
    PyObject *dkeep = NULL, *akeep = NULL;
    if (slp_py_text(deals, &dbuf, &dlen, &dkeep) != 0 ||
        slp_py_text(activities, &abuf, &alen, &akeep) != 0) {
        Py_XDECREF(dkeep);
        Py_XDECREF(akeep);
        return NULL;
    }
    salesplan_actuals *a = NULL;
    salesplan_error err;
    salesplan_status rc;
    Py_BEGIN_ALLOW_THREADS
    rc = salesplan_actuals_from_csv(&a, plan, dbuf, dlen, abuf, alen, &o, &err);
    Py_END_ALLOW_THREADS
    Py_XDECREF(dkeep);
    Py_XDECREF(akeep);
    if (rc != SALESPLAN_OK) {
        slp_py_raise(rc, &err, "actuals_from_csv");
        return NULL;
    }
    PyObject *ret = SWIG_NewPointerObj(a, SWIGTYPE_p_salesplan_actuals, SWIG_POINTER_OWN);
    if (ret == NULL)
        salesplan_actuals_free(a);
    return ret;
}
%}
