"""What each activity yields (SPEC §12): ``salesplan.activities(log, deals, plan=None, ...)``.

The work is the C library's (``salesplan_activities_buffer`` through the
``activities`` operation of the JSON call): this module turns paths, bytes,
file objects or lists of dicts (ORM rows) into CSV text, passes the options
and wraps the reply.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from . import core as _core
from ._errors import InvalidArgumentError, from_status

Source = Union[str, bytes, "os.PathLike[str]", Any, Iterable[Mapping[str, Any]]]

#: Keyword -> the JSON call's option name (the CLI's flag with '_').
_OPTIONS = ("from_", "to", "window_days", "map", "date", "type", "owner", "deal", "account",
            "deals_id", "deals_stage", "deals_created", "deals_closed", "deals_date",
            "deals_owner", "deals_account", "deals_shape", "won", "lost", "date_order",
            "delimiter")

#: Library option names -> keywords, for messages.
_KEYWORDS = {"date_column": "date", "type_column": "type", "owner_column": "owner",
             "deal_column": "deal", "account_column": "account", "from": "from_"}


def _csv_text(src: Source, what: str) -> str:
    """CSV text from a path, bytes, str of CSV, a file object or rows (dicts)."""
    if isinstance(src, (bytes, bytearray, memoryview)):
        return bytes(src).decode("utf-8", errors="replace")
    if isinstance(src, os.PathLike) or (isinstance(src, str) and "\n" not in src):
        with open(os.fspath(src), "rb") as f:
            return f.read().decode("utf-8", errors="replace")
    if isinstance(src, str):
        return src
    if hasattr(src, "read"):
        data = src.read()
        return data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    rows = list(src)
    if rows and not isinstance(rows[0], Mapping):
        raise InvalidArgumentError(f"{what}: expected a path, CSV bytes or text, a file "
                                   f"object or a list of dicts", code=_core.EINVAL)
    columns: List[str] = []
    for row in rows:
        for k in row:
            if k not in columns:
                columns.append(k)
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def _raise(reply: Dict[str, Any]) -> None:
    e = reply["error"]
    err = from_status(e["code"], e["message"], e.get("path", ""), e.get("line", 0),
                      e.get("column", 0), function="activities")
    if "option `" in err.message:
        new = re.sub(r"option `([a-z_]+)`",
                     lambda m: f"keyword {_KEYWORDS.get(m.group(1), m.group(1))}=", err.message)
        err.message = new
        err.args = (new,)
    raise err


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


def activities(log: Source, deals: Source, plan: Any = None, **options: Any) -> ActivityYields:
    """What each activity yields, from an activity log and a deals export (SPEC §12).

    `log` and `deals` are paths, CSV bytes or text, file objects, or lists of
    dicts (CRM rows). `plan` is an optional :class:`salesplan.Plan`. Options
    (the command line's flags with ``_``): ``from_``, ``to`` (dates),
    ``window_days``, ``map`` (dict type -> activity), ``date``, ``type``,
    ``owner``, ``deal``, ``account`` (log columns), ``deals_id``,
    ``deals_stage``, ``deals_created``, ``deals_closed``, ``deals_date``,
    ``deals_owner``, ``deals_account``, ``deals_shape`` ("auto", "snapshot",
    "transitions"), ``won``, ``lost`` (lists of names), ``date_order``
    ("mdy", "dmy", "auto"), ``delimiter``.
    Raises :class:`salesplan.DataError` and friends on failure.
    """
    unknown = [k for k in options if k not in _OPTIONS]
    if unknown:
        raise InvalidArgumentError(f"unknown keyword {unknown[0]}=; use one of "
                                   f"{', '.join(_OPTIONS)}", code=_core.EINVAL)
    opts: Dict[str, Any] = {}
    for k, v in options.items():
        if v is None:
            continue
        if k in ("won", "lost") and isinstance(v, str):
            v = [v]
        opts["from" if k == "from_" else k] = list(v) if k in ("won", "lost") else v
    req: Dict[str, Any] = {"op": "activities", "log": _csv_text(log, "log"),
                           "deals": _csv_text(deals, "deals"), "options": opts}
    if plan is not None:
        req["plan"] = plan.to_json() if hasattr(plan, "to_json") else plan
    reply_json = _core.json_call(json.dumps(req))
    reply = json.loads(reply_json)
    if isinstance(reply, dict) and "error" in reply:
        _raise(reply)
    md = json.loads(_core.json_call(json.dumps(dict(req, format="md"))))["text"]
    emit = None
    if plan is not None:
        emit = json.loads(_core.json_call(json.dumps(dict(req, emit_activities=True))))
    return ActivityYields(reply_json, md, emit)
