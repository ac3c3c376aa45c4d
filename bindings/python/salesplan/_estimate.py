"""Estimating funnel rates from a CRM export (SPEC §7): :func:`estimate`."""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from dataclasses import dataclass
from functools import cached_property
from typing import (Any, BinaryIO, Dict, Iterable, List, Mapping, Optional, Sequence,
                    TextIO, Tuple, Union)

from . import core as _core
from ._errors import InvalidArgumentError
from ._rendered import Rendered
from ._rendered import nan_none as _n
from ._tables import DATE_ORDERS, SHAPES, formats

__all__ = ["estimate", "estimate_text", "Estimate", "EstimateFigures", "EstimateGroup",
           "EstimateStage", "FunnelStage", "SkippedRow"]

_SHAPES = SHAPES
_ORDERS = DATE_ORDERS
_SHAPE_NAMES = {v: k for k, v in SHAPES.items()}
# keyword -> option key of estimate_run(); both spellings are accepted.
_COLUMNS = {"id": "id_column", "stage": "stage_column", "created": "created_column",
            "closed": "closed_column", "amount": "amount_column", "date": "date_column"}


@dataclass(frozen=True)
class EstimateFigures:
    """Win rate and deal figures of the export or of one group."""

    deals: int
    won: int
    lost: int
    open: int
    win_rate: Optional[float]
    win_rate_ci95: Tuple[Optional[float], Optional[float]]
    won_amount_mean: Optional[float]
    won_amount_median: Optional[float]
    won_amount_sum: Optional[float]
    cycle_days_mean: Optional[float]
    cycle_days_median: Optional[float]
    cycle_days_p90: Optional[float]


@dataclass(frozen=True)
class EstimateGroup:
    column: str
    value: str
    figures: EstimateFigures


@dataclass(frozen=True)
class EstimateStage:
    """Per-stage figures (transitions)."""

    name: str
    entered: int
    advanced: int
    lost: int
    open: int
    conversion: Optional[float]
    conversion_ci95: Tuple[Optional[float], Optional[float]]
    days_mean: Optional[float]
    days_median: Optional[float]


@dataclass(frozen=True)
class FunnelStage:
    """A stage of the funnel fragment a plan can take."""

    name: str
    conversion: Optional[float]
    days: Optional[float]
    observed: Optional[Tuple[int, int]]


@dataclass(frozen=True)
class SkippedRow:
    line: int
    message: str


def _figures(f: Any) -> EstimateFigures:
    return EstimateFigures(f.deals, f.won, f.lost, f.open, _n(f.win_rate),
                           (_n(f.win_rate_low), _n(f.win_rate_high)), _n(f.won_amount_mean),
                           _n(f.won_amount_median), _n(f.won_amount_sum),
                           _n(f.cycle_days_mean), _n(f.cycle_days_median),
                           _n(f.cycle_days_p90))


def _names(v: Union[None, str, Iterable[str]]) -> Optional[Tuple[str, ...]]:
    if v is None:
        return None
    if isinstance(v, str):
        return tuple(x.strip() for x in v.split(",")) if "," in v else (v,)
    return tuple(str(x) for x in v)


#: Library option names -> this module's keywords, for messages.
_KEYWORDS = {"id_column": "id", "stage_column": "stage", "created_column": "created",
             "closed_column": "closed", "amount_column": "amount", "date_column": "date",
             "join_key": "join_key", "map_stage": "map_stage", "rep_column": "rep"}


def _in_python_words(e: Exception) -> Exception:
    """A library message names options neutrally ("option `date_order`"); say keyword=."""
    msg = getattr(e, "message", None)
    if isinstance(msg, str) and "option `" in msg:
        new = re.sub(r"option `([a-z_]+)`",
                     lambda m: f"keyword {_KEYWORDS.get(m.group(1), m.group(1))}=", msg)
        setattr(e, "c_message", msg)  # the library's words, for the command-line tool
        e.message = new
        e.args = (new,)
    return e


#: A join table: where its rows come from, and its key column.
JoinTable = Tuple[Any, str]


def _join_pairs(join: Any, join_path: Any, join_key: Optional[str]) -> List[Tuple[Any, Any]]:
    """The join tables as (table, key) pairs, from ``join=`` (a pair or a list
    of pairs) or from the single-table spelling ``join_path=``/``join_key=``."""
    if join is not None and (join_path is not None or join_key is not None):
        raise InvalidArgumentError("give the join tables either as join=[(table, key), ...] or "
                                   "as join_path= with join_key=, not both",
                                   code=_core.EINVAL, function="estimate")
    if join is None:
        if join_path is None and join_key is not None:
            raise InvalidArgumentError(f"join_key={join_key!r} names the key of a join table: "
                                       "give the table too (join_path=)",
                                       code=_core.EINVAL, function="estimate")
        return [] if join_path is None else [(join_path, join_key)]
    if (isinstance(join, (tuple, list)) and len(join) == 2 and isinstance(join[1], str)
            and not isinstance(join[0], (tuple, list))):
        join = [join]  # one (table, key) pair
    if isinstance(join, (str, bytes, Mapping)) or not isinstance(join, Iterable):
        raise InvalidArgumentError(f"join= takes a list of (table, key) pairs, not "
                                   f"{type(join).__name__}", code=_core.EINVAL,
                                   function="estimate")
    pairs = []
    for i, pair in enumerate(join):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise InvalidArgumentError(f"join[{i}] must be a (table, key) pair, found "
                                       f"{pair!r:.60}", code=_core.EINVAL, function="estimate")
        if not isinstance(pair[1], str) or not pair[1]:
            raise InvalidArgumentError(f"join[{i}]: the key must be a column name, found "
                                       f"{pair[1]!r:.60}", code=_core.EINVAL,
                                       function="estimate")
        pairs.append((pair[0], pair[1]))
    return pairs


def _is_path(table: Any) -> bool:
    return isinstance(table, (str, os.PathLike))


def _field(v: Any) -> bytes:
    """A record's value as CSV field bytes, written as the library writes a
    fed record's value (numbers with 17 significant digits, days in ISO)."""
    if v is None:
        text = b""
    elif isinstance(v, bytes):
        text = v
    elif isinstance(v, str):
        text = v.encode("utf-8")
    elif isinstance(v, (int, float)):
        text = b"" if v != v else format(float(v), ".17g").encode("ascii")
    elif hasattr(v, "toordinal"):
        text = _dt.date.fromordinal(v.toordinal()).isoformat().encode("ascii")
    else:
        text = str(v).encode("utf-8")
    if any(c in text for c in b'",;\t|\r\n'):
        text = b'"' + text.replace(b'"', b'""') + b'"'
    return text


def _table_bytes(table: Any, delimiter: Optional[str], where: str) -> bytes:
    """A join table held in memory (bytes, a file object, dicts) as CSV text."""
    if isinstance(table, (bytes, bytearray, memoryview)):
        return bytes(table)
    if hasattr(table, "read"):
        from ._state import csv_chunks  # the state module builds on this one
        return b"".join(csv_chunks(table))
    if isinstance(table, Iterable) and not isinstance(table, Mapping):
        sep = (delimiter or ",").encode("utf-8")
        lines: List[bytes] = []
        columns: Optional[List[str]] = None
        for i, row in enumerate(table):
            if not isinstance(row, Mapping):
                raise TypeError(f"estimate(): {where}: record {i + 1} is a "
                                f"{type(row).__name__}, not a dict (column -> value)")
            if columns is None:
                columns = [str(k) for k in row.keys()]
                lines.append(sep.join(_field(c) for c in columns) + b"\n")
            lines.append(sep.join(_field(row.get(c)) for c in columns) + b"\n")
        return b"".join(lines)
    raise TypeError(f"estimate(): {where} is a {type(table).__name__}; a join table is a "
                    "path, bytes, a file object or an iterable of dicts")


#: A join table as the library takes it: a path (or the name shown in messages
#: for a table in memory), its key, and its CSV text (None: read the file).
JoinSource = Tuple[str, Any, Optional[bytes]]


def _join_sources(pairs: Sequence[Tuple[Any, Any]],
                  delimiter: Optional[str]) -> List[JoinSource]:
    """The join tables as the library takes them: a path stays a path; a table
    held in memory is handed over as its CSV text (no file is written), named
    join[i] in messages."""
    out: List[JoinSource] = []
    for i, (table, key) in enumerate(pairs):
        if _is_path(table):
            out.append((os.fsdecode(table), key, None))
        else:
            out.append((f"join[{i}]", key, _table_bytes(table, delimiter, f"join[{i}]")))
    return out


def _options(kw: Dict[str, Any], tables: Sequence[JoinSource]) -> Dict[str, Any]:
    """The options of estimate_run() from estimate()'s keywords (popped from
    `kw`) and the join tables from :func:`_join_sources`."""
    shape, date_order = kw.pop("shape", "snapshot"), kw.pop("date_order", "auto")
    if shape not in _SHAPES:
        raise InvalidArgumentError(f"unknown shape {shape!r}; use {' or '.join(_SHAPES)}",
                                   code=_core.EINVAL, function="estimate")
    if date_order not in _ORDERS:
        raise InvalidArgumentError(f"unknown date order {date_order!r}; use {' or '.join(_ORDERS)}",
                                   code=_core.EINVAL, function="estimate")
    opts: Dict[str, Any] = {"shape": _SHAPES[shape], "date_order": _ORDERS[date_order],
                            "strict": int(bool(kw.pop("strict", False)))}
    decimal_comma = kw.pop("decimal_comma", None)
    if decimal_comma is not None:
        opts["decimal_comma"] = 1 if decimal_comma else 2
    if kw.pop("allow_skips", False):
        opts["allow_skips"] = 1
    for key, convert in (("max_reported", int), ("delimiter", str), ("threads", int),
                         ("rep", str), ("rep_min_n", int), ("rep_q", float)):
        value = kw.pop(key, None)
        if value is not None:
            opts["rep_column" if key == "rep" else key] = convert(value)
    names = {key: _names(kw.pop(arg, None)) for key, arg in
             (("group_columns", "group"), ("won_names", "won"), ("lost_names", "lost"),
              ("stages", "stages"))}
    for key, value in kw.items():
        name = _COLUMNS.get(key, key)
        if name not in _COLUMNS.values():
            raise TypeError(f"estimate() got an unexpected keyword argument {key!r}")
        if value is not None:
            opts[name] = str(value)
    opts.update((k, v) for k, v in names.items() if v is not None)
    if tables and tables[0][2] is None:  # a first table from a file: join_path, join_key
        opts["join_path"] = tables[0][0]
        if tables[0][1] is not None:
            opts["join_key"] = tables[0][1]
        tables = tables[1:]
    if tables:  # the others, each a file or a text
        if any(k is None for _, k, _ in tables):
            raise InvalidArgumentError("a join table needs a key column (keyword join_key=)",
                                       code=_core.EINVAL, function="estimate")
        opts["join_paths"] = tuple(p for p, _, _ in tables)
        opts["join_keys"] = tuple(k for _, k, _ in tables)
        if any(t is not None for _, _, t in tables):
            opts["join_texts"] = tuple(t for _, _, t in tables)
    return opts


def estimate(source: Union[str, "os.PathLike[str]", bytes, BinaryIO, TextIO,
                            Iterable[Mapping[str, Any]]], *,
             shape: str = "snapshot",
             group: Union[None, str, Iterable[str]] = None,
             won: Union[None, str, Iterable[str]] = None,
             lost: Union[None, str, Iterable[str]] = None,
             stages: Union[None, str, Iterable[str]] = None, date_order: str = "auto",
             strict: bool = False, max_reported: Optional[int] = None,
             delimiter: Optional[str] = None,
             join: Union[None, JoinTable, Sequence[JoinTable]] = None, join_path: Any = None,
             join_key: Optional[str] = None, threads: Optional[int] = None,
             **columns: Any) -> "Estimate":
    """Estimate funnel rates from a CRM export, SPEC §7.

    ``source`` is where the rows come from:

    - a path (str or ``os.PathLike``): the CSV file;
    - ``bytes`` (or ``bytearray``, ``memoryview``): CSV text in memory;
    - a file object open for reading (binary, or text: read as UTF-8): read
      in chunks and streamed into an :class:`~salesplan.EstimateState`, never
      copied whole; it is not closed;
    - an iterable of dicts (ORM rows, ``csv.DictReader``, a generator): the
      records, one dict a row, column name -> value (str read like a CSV
      field, int/float, ``datetime.date``, None); the first dict's keys are
      the columns (a key missing later is a null).

    Every form takes the same keywords and gives the same estimate as the
    path form on the same rows (the records' ``bytes`` read is 0: no CSV was
    read). ``threads`` above 1 needs a path: only a file can be split
    between threads.

    Columns are chosen by header name with keywords ``id``, ``stage``,
    ``created``, ``closed``, ``amount``, ``date`` (or ``id_column``...);
    omitted ones are detected from common header names. ``group`` names the
    column(s) to group by; ``won``/``lost`` the stage names meaning won/lost;
    ``stages`` the stage order (transitions). ``strict`` makes the first
    malformed row an error instead of a skipped, reported row; more than half
    of the rows malformed is an error unless ``allow_skips=True``. The
    delimiter is sniffed from the header and ``date_order`` ("auto") inferred
    when a day above 12 decides; ``decimal_comma=True`` reads ``1.054,00``
    (by default a value with a comma is read so). ``threads``
    (default 0: the calling thread only) lets a large file (16 MiB or more,
    not strict) be cut into up to that many parts of at least 8 MiB, read on
    as many threads, at most 64; the figures are the same whatever it is.

    ``join`` looks group columns missing from the export up in lookup tables
    (a team table, a product table): a list of ``(table, key)`` pairs, each
    table a path, bytes of CSV, a file object or an iterable of dicts, joined
    on its ``key`` column (present in the export too); a group column comes
    from the first table that has it, as the command line's repeated ``--join
    FILE:KEY``. A table held in memory is handed to the library as its CSV
    text (dicts are written as CSV first) and named ``join[i]`` in messages.
    ``join_path=``/``join_key=`` is the older spelling of one table (a path);
    giving both spellings is an error.

    ``rep`` names the rep column for rep diagnostics (SPEC §12): every rep
    against the rest of the team in every stage with at least ``rep_min_n``
    (20) decided deals, by Fisher's exact test, with Benjamini-Hochberg
    q-values, flags at ``rep_q`` (0.10) and empirical-Bayes shrunk rates;
    they are ``to_dict()["reps"]`` (and ``reps``).

    Raises DataError for unusable data (missing column, malformed CSV, a bad
    row in strict mode, an empty input), NotFoundError/FileError when the
    file cannot be read, InvalidArgumentError for options the source cannot
    take, TypeError for a source of another kind. Releases the GIL while
    reading CSV.
    """
    kw = dict(columns, shape=shape, group=group, won=won, lost=lost, stages=stages,
              date_order=date_order, strict=strict, max_reported=max_reported,
              delimiter=delimiter, threads=threads)
    opts = _options(kw, _join_sources(_join_pairs(join, join_path, join_key), delimiter))
    try:
        if _is_path(source):
            return Estimate(_core.estimate_run(os.fsdecode(source), 1, opts))
        if isinstance(source, (bytes, bytearray, memoryview)):
            return Estimate(_core.estimate_run(source, 0, opts))
        from ._state import estimate_streamed  # the state module builds on this one
        return estimate_streamed(source, opts)
    except Exception as e:
        raise _in_python_words(e)


def estimate_text(text: Union[str, bytes], **kwargs: Any) -> "Estimate":
    """Like :func:`estimate` on CSV text held in a str or bytes."""
    return estimate(text.encode("utf-8") if isinstance(text, str) else text, **kwargs)


class Estimate(Rendered):
    """Rates estimated from a CRM export (immutable).

    ``to_dict()`` is the SPEC §7 document (``salesplan estimate --format
    json``); ``overall``, ``groups``, ``stages``, ``funnel`` and ``skipped``
    give the same figures typed, with None for the document's nulls.
    ``funnel_dict()`` is a plan file's ``funnel`` value; ``Plan.apply_estimate()``
    puts it into a plan.
    """

    _FORMATS = formats("json", "md")
    _RENDER = "estimate_render"
    __slots__ = ()

    def funnel_json(self) -> str:
        """The funnel fragment, ``{"stages": [...]}``, as JSON text."""
        return _core.estimate_funnel_json(self._h)

    def funnel_dict(self) -> Dict[str, Any]:
        """The funnel fragment as a dict: a plan file's ``funnel`` value."""
        return json.loads(self.funnel_json())

    @cached_property
    def info(self) -> Dict[str, Any]:
        """Shape, row counts and the columns used."""
        i = _core.estimate_info_get(self._h)
        return {"shape": _SHAPE_NAMES[i.shape],
                "rows": i.rows, "skipped": i.skipped, "join_unmatched": i.join_unmatched,
                "bytes": i.bytes, "id_column": i.id_column, "stage_column": i.stage_column,
                "created_column": i.created_column, "closed_column": i.closed_column,
                "amount_column": i.amount_column, "date_column": i.date_column}

    @cached_property
    def overall(self) -> EstimateFigures:
        return _figures(_core.estimate_overall(self._h))

    @cached_property
    def groups(self) -> Tuple[EstimateGroup, ...]:
        e = self._h
        out = []
        for i in range(_core.estimate_group_count(e)):
            g = _core.estimate_group_get(e, i)
            out.append(EstimateGroup(g.column, g.value, _figures(g.figures)))
        return tuple(out)

    @cached_property
    def stages(self) -> Tuple[EstimateStage, ...]:
        e = self._h
        out = []
        for i in range(_core.estimate_stage_count(e)):
            s = _core.estimate_stage_get(e, i)
            out.append(EstimateStage(s.name, s.entered, s.advanced, s.lost, s.open,
                                     _n(s.conversion),
                                     (_n(s.conversion_low), _n(s.conversion_high)),
                                     _n(s.days_mean), _n(s.days_median)))
        return tuple(out)

    @cached_property
    def reps(self) -> Tuple[Dict[str, Any], ...]:
        """Rep diagnostics (``estimate(..., rep=COL)``): ``to_dict()["reps"]``, () without."""
        return tuple(self.to_dict().get("reps", ()))

    @cached_property
    def funnel(self) -> Tuple[FunnelStage, ...]:
        e = self._h
        out = []
        for i in range(_core.estimate_funnel_count(e)):
            s = _core.estimate_funnel_get(e, i)
            obs = None if s.advanced < 0 else (s.advanced, s.lost)
            out.append(FunnelStage(s.name, _n(s.conversion), _n(s.days), obs))
        return tuple(out)

    @cached_property
    def skipped(self) -> Tuple[SkippedRow, ...]:
        """Malformed rows reported by line (the first few; info["skipped"] counts all)."""
        e = self._h
        return tuple(SkippedRow(p.line, p.message)
                     for p in (_core.estimate_problem_get(e, i)
                               for i in range(_core.estimate_problem_count(e))))

    def __repr__(self) -> str:
        o = self.overall
        rate = f"{o.win_rate:.3f}" if o.win_rate is not None else "n/a"
        return (f"<salesplan.Estimate {self.info['shape']} deals={o.deals} won={o.won} "
                f"lost={o.lost} win_rate={rate} skipped={self.info['skipped']}>")
