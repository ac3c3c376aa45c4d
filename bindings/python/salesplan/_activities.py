"""What each activity yields (SPEC §12): ``salesplan.activities(log, deals, plan=None, ...)``
and the mergeable :class:`ActivityState` (SPEC §14).

The work is the C library's (``salesplan_activity_state_*``): this module
streams paths and file objects to it in chunks, hands it bytes as they are,
feeds lists or iterators of dicts (ORM rows) as records, passes the options
and wraps the result. No CSV text is built here and no file is read whole.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import core as _core
from ._errors import Error, InvalidArgumentError
from ._state import _chain, _records, csv_chunks

Source = Union[str, bytes, "os.PathLike[str]", Any, Iterable[Mapping[str, Any]]]

#: Keyword -> the JSON call's option name (the CLI's flag with '_').
_OPTIONS = ("from_", "to", "window_days", "map", "date", "type", "owner", "deal", "account",
            "deals_id", "deals_stage", "deals_created", "deals_closed", "deals_date",
            "deals_owner", "deals_account", "deals_shape", "won", "lost", "date_order",
            "delimiter", "threads")

#: Library option names -> keywords, for messages.
_KEYWORDS = {"date_column": "date", "type_column": "type", "owner_column": "owner",
             "deal_column": "deal", "account_column": "account", "from": "from_"}

#: Keyword -> the C option of a column or a date.
_STRINGS = {"from_": "from", "to": "to", "date": "date_column", "type": "type_column",
            "owner": "owner_column", "deal": "deal_column", "account": "account_column",
            "deals_id": "deals_id_column", "deals_stage": "deals_stage_column",
            "deals_created": "deals_created_column", "deals_closed": "deals_closed_column",
            "deals_date": "deals_date_column", "deals_owner": "deals_owner_column",
            "deals_account": "deals_account_column", "delimiter": "delimiter"}
_SHAPES = {"auto": 0, "snapshot": 1, "transitions": 2}
_ORDERS = {"mdy": 0, "dmy": 1, "auto": 2}


def _bad(message: str) -> InvalidArgumentError:
    return InvalidArgumentError(message, code=_core.EINVAL, function="activities")


def _names(v: Any, what: str) -> Tuple[str, ...]:
    if isinstance(v, str):
        v = [v]
    v = tuple(v)
    if not all(isinstance(x, str) for x in v):
        raise _bad(f"keyword {what}= must be a str or a list of str")
    return v


def _c_options(options: Mapping[str, Any]) -> Dict[str, Any]:
    """The keywords as the C options (raises InvalidArgumentError)."""
    unknown = [k for k in options if k not in _OPTIONS]
    if unknown:
        raise _bad(f"unknown keyword {unknown[0]}=; use one of {', '.join(_OPTIONS)}")
    opts: Dict[str, Any] = {}
    for k, v in options.items():
        if v is None:
            continue
        if k in _STRINGS:
            if not isinstance(v, str):
                raise _bad(f"keyword {k}= must be a str, found {type(v).__name__}")
            if k == "delimiter" and (len(v) != 1 or v in "\"\r\n"):
                raise _bad(f"keyword delimiter= must be one character other than a quote or "
                           f"a line end, found {v!r}")
            opts[_STRINGS[k]] = v
        elif k == "window_days":
            if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 36600:
                raise _bad(f"keyword window_days= must be a whole number 0..36600, found {v!r}")
            opts["window_days"] = v
        elif k == "threads":
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise _bad(f"keyword threads= must be a whole number >= 0, found {v!r}")
            opts["threads"] = v  # the library refuses more than it allows (ELIMIT)
        elif k == "map":
            if not isinstance(v, Mapping) or not all(
                    isinstance(a, str) and isinstance(b, str) for a, b in v.items()):
                raise _bad("keyword map= must be a dict of str (log type -> plan activity)")
            opts["map_types"] = tuple(v.keys())
            opts["map_activities"] = tuple(v.values())
        elif k in ("won", "lost"):
            opts[k + "_names"] = _names(v, k)
        elif k == "deals_shape":
            if v not in _SHAPES:
                raise _bad(f"unknown deals_shape {v!r}; use auto, snapshot or transitions")
            opts["deals_shape"] = _SHAPES[v]
        elif k == "date_order":
            if v not in _ORDERS:
                raise _bad(f"unknown date_order {v!r}; use mdy, dmy or auto")
            opts["date_order"] = _ORDERS[v]
    return opts


def _in_keyword_words(e: Error) -> Error:
    """The library's "option `x`" as the keyword x= (the error is changed in place)."""
    if "option `" in e.message:
        new = re.sub(r"option `([a-z_]+)`",
                     lambda m: f"keyword {_KEYWORDS.get(m.group(1), m.group(1))}=", e.message)
        e.message = new
        e.args = (new,)
    return e


@dataclass(frozen=True)
class OwnerYield:
    """One owner's share of an activity."""
    owner: str
    count: int
    entries: Optional[int]
    per_entry: Optional[float]
    won_deals: int
    per_won_deal: Optional[float]


@dataclass(frozen=True)
class ActivityYield:
    """What one activity yields (SPEC §12)."""
    name: str
    types: Tuple[str, ...]
    stage: str
    count: int
    entries: Optional[int]
    per_entry: Optional[float]
    won_deals: int
    per_won_deal: Optional[float]
    planned_per_entry: Optional[float]
    attributed: int
    coverage: Optional[float]
    mean_per_won_deal: Optional[float]
    mean_per_lost_deal: Optional[float]
    owners: Tuple[OwnerYield, ...]


class ActivityYields:
    """The result of :func:`activities`: ``activities`` (typed), ``to_dict()``,
    ``to_json()``, ``render("json" | "md")``, ``emit_activities()``."""

    __slots__ = ("_json", "_md", "_emit", "_dict")

    def __init__(self, doc: str, md: str, emit: Optional[list]) -> None:
        self._json = doc
        self._md = md
        self._emit = emit
        self._dict = json.loads(doc)

    def to_json(self) -> str:
        """The JSON document, as ``salesplan activities`` prints it."""
        return self._json

    def to_dict(self) -> Dict[str, Any]:
        """The JSON document as a dict."""
        return json.loads(self._json)

    def to_markdown(self) -> str:
        """The Markdown report."""
        return self._md

    def render(self, format: str = "json") -> str:
        """The result as ``json`` or ``md`` (``markdown``) text."""
        if format == "json":
            return self._json
        if format in ("md", "markdown"):
            return self._md
        raise InvalidArgumentError(f"unknown format {format!r}; use json or md",
                                   code=_core.EINVAL)

    def emit_activities(self) -> list:
        """The plan's ``activities`` list with measured ``per_entry`` (needs a plan)."""
        if self._emit is None:
            raise InvalidArgumentError("emit_activities needs a plan", code=_core.EINVAL)
        return json.loads(json.dumps(self._emit))

    @property
    def range(self) -> Tuple[str, str]:
        """(from, to): the days counted."""
        r = self._dict["range"]
        return r["from"], r["to"]

    @property
    def coverage(self) -> Optional[float]:
        """Share of the activities in the range attributed to a deal."""
        return self._dict["attribution"]["coverage"]

    @property
    def warnings(self) -> Tuple[str, ...]:
        return tuple(self._dict["warnings"])

    @property
    def activities(self) -> Tuple[ActivityYield, ...]:
        out = []
        for a in self._dict["activities"]:
            owners = tuple(OwnerYield(**o) for o in a["owners"])
            fields = {k: v for k, v in a.items() if k not in ("owners", "types")}
            out.append(ActivityYield(types=tuple(a["types"]), owners=owners, **fields))
        return tuple(out)

    def __getitem__(self, name: str) -> ActivityYield:
        for a in self.activities:
            if a.name == name:
                return a
        raise KeyError(name)

    def __repr__(self) -> str:
        f, t = self.range
        return (f"<salesplan.ActivityYields {f}..{t} activities={len(self._dict['activities'])}"
                f" coverage={self.coverage}>")


class ActivityState:
    """An accumulator of activity yields (SPEC §12, §14).

    ``ActivityState(plan=None, **options)`` takes the keywords of
    :func:`activities`. Feed the log and the deals with :meth:`feed_log_csv` /
    :meth:`feed_deals_csv` (bytes, any chunk size, the header in the first
    bytes) or :meth:`feed_log_records` / :meth:`feed_deal_records` (dicts or
    sequences), fold others in with :meth:`merge`, move it as ``bytes(state)``
    and :meth:`from_bytes` (pickling goes through them), and :meth:`finish` it
    into :class:`ActivityYields`. Any split of both inputs' rows into states,
    merged in any order, finishes into the result of one run over all the rows.

    A CSV document being fed is ended (its last row counted) by the
    ``*_csv_end`` methods, and by :meth:`merge`, :meth:`to_bytes` and
    :meth:`finish`; CSV fed after that is a new document with the same header.
    Not thread-safe: one thread at a time per state. Feeding CSV releases the GIL.
    """

    __slots__ = ("_h", "_columns", "_open")

    def __init__(self, plan: Any = None, **options: Any) -> None:
        opts = _c_options(options)
        if plan is not None and not hasattr(plan, "handle"):  # plan JSON text or a dict
            from ._plan import Plan
            plan = Plan.from_json(plan if isinstance(plan, str) else json.dumps(plan))
        handle = plan.handle if plan is not None else None
        try:
            self._h = _core.activity_state_new(opts, handle)
        except Error as e:
            raise _in_keyword_words(e)
        self._columns: List[Optional[List[str]]] = [None, None]
        self._open = [False, False]

    @classmethod
    def _wrap(cls, handle: Any) -> "ActivityState":
        s = cls.__new__(cls)
        s._h = handle
        s._columns = [None, None]
        s._open = [False, False]
        return s

    @property
    def handle(self) -> Any:
        """The underlying ``salesplan.core.ActivityStateHandle``."""
        return self._h

    def _feed_csv(self, which: int, chunk: Union[bytes, bytearray, memoryview, str]) -> None:
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8")
        self._open[which] = True
        try:
            _core.activity_state_feed_csv(self._h, which, chunk)
        except Error as e:
            raise _in_keyword_words(e)

    def _end(self, which: int) -> None:
        if self._open[which]:
            self._open[which] = False
            try:
                _core.activity_state_feed_csv_end(self._h, which)
            except Error as e:
                raise _in_keyword_words(e)

    def _end_all(self) -> None:
        self._end(_core.INPUT_DEALS)
        self._end(_core.INPUT_LOG)

    def feed_log_csv(self, chunk: Union[bytes, bytearray, memoryview, str]) -> "ActivityState":
        """Feed bytes of the activity log's CSV (a str is taken as UTF-8)."""
        self._feed_csv(_core.INPUT_LOG, chunk)
        return self

    def feed_deals_csv(self, chunk: Union[bytes, bytearray, memoryview, str]) -> "ActivityState":
        """Feed bytes of the deals export's CSV (a str is taken as UTF-8)."""
        self._feed_csv(_core.INPUT_DEALS, chunk)
        return self

    def feed_log_csv_end(self) -> "ActivityState":
        """End the log's CSV document (counts a last row without a line end)."""
        self._end(_core.INPUT_LOG)
        return self

    def feed_deals_csv_end(self) -> "ActivityState":
        """End the deals' CSV document."""
        self._end(_core.INPUT_DEALS)
        return self

    def _feed_records(self, which: int, records: Iterable[Any],
                      columns: Optional[Sequence[str]]) -> int:
        got = _records(records, columns, self._columns[which], strict=True)
        if got is None:
            return 0
        names, set_names, rows = got
        try:
            n = _core.activity_state_feed_rows(self._h, which, set_names, rows)
        except Error as e:
            raise _in_keyword_words(e)
        self._columns[which] = names
        return int(n)

    def feed_log_records(self, records: Iterable[Union[Mapping[str, Any], Sequence[Any]]],
                         columns: Optional[Sequence[str]] = None) -> int:
        """Feed activity log rows: dicts (columns from ``columns`` or else the
        first dict's keys; a missing key is a null) or sequences in the order
        of ``columns``. Values: str (read as a CSV field), int/float, a
        ``datetime.date`` (a day), None. Returns the number of records fed."""
        return self._feed_records(_core.INPUT_LOG, records, columns)

    def feed_deal_records(self, records: Iterable[Union[Mapping[str, Any], Sequence[Any]]],
                          columns: Optional[Sequence[str]] = None) -> int:
        """Feed deals rows, as :meth:`feed_log_records`."""
        return self._feed_records(_core.INPUT_DEALS, records, columns)

    def merge(self, other: "ActivityState") -> "ActivityState":
        """Fold ``other`` into this state (other is unchanged but for its CSV
        being ended); returns self. Raises InvalidArgumentError when the
        options or headers differ, DataError when the parts read slash dates
        in different orders."""
        if not isinstance(other, ActivityState):
            raise TypeError("merge: expected an ActivityState")
        self._end_all()
        other._end_all()
        _core.activity_state_merge(self._h, other._h)
        return self

    def to_bytes(self) -> bytes:
        """The state as versioned, checked bytes."""
        self._end_all()
        return _core.activity_state_to_bytes(self._h)

    def __bytes__(self) -> bytes:
        return self.to_bytes()

    @classmethod
    def from_bytes(cls, data: Union[bytes, bytearray, memoryview]) -> "ActivityState":
        """A state from :meth:`to_bytes`. Corrupt or truncated bytes raise DataError."""
        if isinstance(data, str):
            raise TypeError("from_bytes: expected bytes, not str")
        return cls._wrap(_core.activity_state_deserialize(bytes(data)))

    def finish(self) -> ActivityYields:
        """The yields of everything fed and merged so far (the state may take more)."""
        self._end_all()
        try:
            doc, md, emitted = _core.activity_state_finish_docs(self._h)
        except Error as e:
            raise _in_keyword_words(e)
        return ActivityYields(doc, md, None if emitted is None else json.loads(emitted))

    def __reduce__(self) -> Any:
        return (ActivityState.from_bytes, (self.to_bytes(),))

    def __repr__(self) -> str:
        return f"<salesplan.ActivityState {len(self.to_bytes())} bytes>"


def _path(src: Source) -> Optional[str]:
    """The path `src` names (as _feed() reads it), None when it is not a path."""
    if isinstance(src, os.PathLike) or (isinstance(src, str) and "\n" not in src):
        return os.fspath(src)
    return None


def _feed(state: ActivityState, which: int, src: Source, what: str) -> None:
    """Stream one input into the state: a path or a file object in chunks,
    bytes or CSV text as they are, dicts (ORM rows) as records."""
    feed = state.feed_log_csv if which == _core.INPUT_LOG else state.feed_deals_csv
    if isinstance(src, (bytes, bytearray, memoryview)):
        feed(src)
    elif _path(src) is not None:
        with open(os.fspath(src), "rb") as f:
            for chunk in csv_chunks(f):
                feed(chunk)
    elif isinstance(src, str):
        feed(src)
    elif hasattr(src, "read"):
        for chunk in csv_chunks(src):
            feed(chunk)
    else:
        it = iter(src)
        first = next(it, None)
        if first is not None and not isinstance(first, Mapping):
            raise _bad(f"{what}: expected a path, CSV bytes or text, a file object or "
                       f"an iterable of dicts")
        if which == _core.INPUT_LOG:
            state.feed_log_records(_chain(first, it) if first is not None else ())
        else:
            state.feed_deal_records(_chain(first, it) if first is not None else ())
    state._end(which)


def activities(log: Source, deals: Source, plan: Any = None, **options: Any) -> ActivityYields:
    """What each activity yields, from an activity log and a deals export (SPEC §12).

    `log` and `deals` are paths, CSV bytes or text, file objects (read in
    chunks of 1 MiB), or iterables of dicts (CRM rows, fed as records). `plan`
    is an optional :class:`salesplan.Plan`. Options (the command line's flags
    with ``_``): ``from_``, ``to`` (dates), ``window_days``, ``map`` (dict
    type -> activity), ``date``, ``type``, ``owner``, ``deal``, ``account``
    (log columns), ``deals_id``, ``deals_stage``, ``deals_created``,
    ``deals_closed``, ``deals_date``, ``deals_owner``, ``deals_account``,
    ``deals_shape`` ("auto", "snapshot", "transitions"), ``won``, ``lost``
    (lists of names), ``date_order`` ("mdy", "dmy", "auto"), ``delimiter``,
    ``threads`` (when both are paths, a log of 16 MiB or more is read in up
    to that many parts on as many threads; the result is the same).
    Raises :class:`salesplan.DataError` and friends on failure.
    """
    lp, dp = _path(log), _path(deals)
    opts = _c_options(options)  # checks threads= too
    if opts.get("threads", 0) >= 2 and lp is not None and dp is not None:
        if plan is not None and not hasattr(plan, "handle"):  # plan JSON text or a dict
            from ._plan import Plan
            plan = Plan.from_json(plan if isinstance(plan, str) else json.dumps(plan))
        try:
            doc, md, emitted = _core.activities_file_docs(
                lp, dp, opts, plan.handle if plan is not None else None)
        except Error as e:
            raise _in_keyword_words(e)
        return ActivityYields(doc, md, None if emitted is None else json.loads(emitted))
    state = ActivityState(plan, **options)
    _feed(state, _core.INPUT_DEALS, deals, "deals")
    _feed(state, _core.INPUT_LOG, log, "log")
    return state.finish()
