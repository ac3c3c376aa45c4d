"""Estimating funnel rates from a CRM export (SPEC §7): :func:`estimate`."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, BinaryIO, Dict, Iterable, Mapping, Optional, TextIO, Tuple, Union

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


def _options(shape: str, date_order: str, strict: bool, max_reported: Optional[int],
             delimiter: Optional[str], group: Any, won: Any, lost: Any, stages: Any,
             join_path: Any, join_key: Optional[str], threads: Optional[int],
             columns: Dict[str, Any]) -> Dict[str, Any]:
    if shape not in _SHAPES:
        raise InvalidArgumentError(f"unknown shape {shape!r}; use {' or '.join(_SHAPES)}",
                                   code=_core.EINVAL, function="estimate")
    if date_order not in _ORDERS:
        raise InvalidArgumentError(f"unknown date order {date_order!r}; use {' or '.join(_ORDERS)}",
                                   code=_core.EINVAL, function="estimate")
    opts: Dict[str, Any] = {"shape": _SHAPES[shape], "date_order": _ORDERS[date_order],
                            "strict": int(bool(strict))}
    decimal_comma = columns.pop("decimal_comma", None)
    if decimal_comma is not None:
        opts["decimal_comma"] = 1 if decimal_comma else 2
    if columns.pop("allow_skips", False):
        opts["allow_skips"] = 1
    if max_reported is not None:
        opts["max_reported"] = int(max_reported)
    if delimiter is not None:
        opts["delimiter"] = delimiter
    if threads is not None:
        opts["threads"] = int(threads)
    rep = columns.pop("rep", None)
    if rep is not None:
        opts["rep_column"] = str(rep)
    rep_min_n = columns.pop("rep_min_n", None)
    if rep_min_n is not None:
        opts["rep_min_n"] = int(rep_min_n)
    rep_q = columns.pop("rep_q", None)
    if rep_q is not None:
        opts["rep_q"] = float(rep_q)
    for key, value in columns.items():
        name = _COLUMNS.get(key, key)
        if name not in _COLUMNS.values():
            raise TypeError(f"estimate() got an unexpected keyword argument {key!r}")
        if value is not None:
            opts[name] = str(value)
    for key, value in (("group_columns", group), ("won_names", won), ("lost_names", lost),
                       ("stages", stages)):
        names = _names(value)
        if names is not None:
            opts[key] = names
    if join_path is not None:
        opts["join_path"] = os.fsdecode(join_path)
    if join_key is not None:
        opts["join_key"] = join_key
    return opts


def estimate(source: Union[str, "os.PathLike[str]", bytes, BinaryIO, TextIO,
                            Iterable[Mapping[str, Any]]], *,
             shape: str = "snapshot",
             group: Union[None, str, Iterable[str]] = None,
             won: Union[None, str, Iterable[str]] = None,
             lost: Union[None, str, Iterable[str]] = None,
             stages: Union[None, str, Iterable[str]] = None, date_order: str = "auto",
             strict: bool = False, max_reported: Optional[int] = None,
             delimiter: Optional[str] = None, join_path: Any = None,
             join_key: Optional[str] = None, threads: Optional[int] = None,
             **columns: Optional[str]) -> "Estimate":
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
    snapshot shape, not strict) be read on up to that many threads, at most
    64; the figures are the same whatever it is.

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
    opts = _options(shape, date_order, strict, max_reported, delimiter, group, won, lost,
                    stages, join_path, join_key, threads, columns)
    try:
        if isinstance(source, (str, os.PathLike)):
            return Estimate(_core.estimate_run(os.fsdecode(source), 1, opts))
        if isinstance(source, (bytes, bytearray, memoryview)):
            return Estimate(_core.estimate_run(source, 0, opts))
        from ._state import estimate_streamed  # the state module builds on this one
        return estimate_streamed(source, opts)
    except Exception as e:
        raise _in_python_words(e)


def estimate_text(text: Union[str, bytes], **kwargs: Any) -> "Estimate":
    """Like :func:`estimate` on CSV text held in a str or bytes."""
    opts = _options(kwargs.pop("shape", "snapshot"), kwargs.pop("date_order", "auto"),
                    kwargs.pop("strict", False), kwargs.pop("max_reported", None),
                    kwargs.pop("delimiter", None), kwargs.pop("group", None),
                    kwargs.pop("won", None), kwargs.pop("lost", None),
                    kwargs.pop("stages", None), kwargs.pop("join_path", None),
                    kwargs.pop("join_key", None), kwargs.pop("threads", None), kwargs)
    try:
        return Estimate(_core.estimate_run(text, 0, opts))
    except Exception as e:
        raise _in_python_words(e)


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
