"""Tracking the period and re-planning from actuals (SPEC §11): :class:`Tracking`,
made by :meth:`salesplan.Plan.track`."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import core as _core
from ._errors import InvalidArgumentError
from ._rendered import Rendered
from ._rendered import nan_none as _opt
from ._result import ResultWarning
from ._tables import formats

__all__ = ["Tracking", "TrackingRep", "TrackingActivity", "track_plan"]

#: Options of the CRM-export route (keyword arguments of Plan.track).
CSV_OPTIONS = ("id_column", "stage_column", "closed_column", "amount_column", "owner_column",
               "won", "lost", "map_stage", "date_column", "type_column", "date_order")
#: Status thresholds on pace (keyword arguments of Plan.track).
THRESHOLDS = ("ahead", "on_track", "behind")

Rows = Sequence[Mapping[str, Any]]
Source = Union[str, "os.PathLike[str]", bytes, Rows, None]




def _bad(msg: str) -> InvalidArgumentError:
    return InvalidArgumentError(msg, code=_core.EINVAL, function="track")


def _csv_text(src: Source, what: str) -> Optional[Union[str, bytes]]:
    """CSV text of a path, bytes, or rows (dicts) serialized in memory."""
    if src is None:
        return None
    if isinstance(src, bytes):
        return src
    if isinstance(src, (str, os.PathLike)):
        with open(src, "rb") as f:
            return f.read()
    if isinstance(src, Mapping) or not isinstance(src, Iterable):
        raise _bad(f"{what} must be a path, CSV bytes or a list of dicts (rows)")
    rows = list(src)
    columns: Dict[str, None] = {}
    for r in rows:
        if not isinstance(r, Mapping):
            raise _bad(f"{what}: every row must be a dict, found {type(r).__name__}")
        for k in r:
            columns.setdefault(str(k), None)
    if not columns:
        raise _bad(f"{what}: no rows (the header comes from the rows' keys)")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(list(columns))
    for r in rows:
        w.writerow(["" if r.get(c) is None else _cell(r.get(c)) for c in columns])
    return out.getvalue()


def _cell(v: Any) -> str:
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _map_text(m: Union[None, str, Mapping[str, str]]) -> Optional[str]:
    if m is None or isinstance(m, str):
        return m
    return "\n".join(f"{k}={v}" for k, v in m.items())


def _names(v: Union[None, str, Sequence[str]]) -> Optional[str]:
    return v if v is None or isinstance(v, str) else ",".join(v)


def _actuals_handle(plan_h: Any, actuals: Any, deals: Source, activities: Source,
                    as_of: Optional[str], csv_opts: Dict[str, Any]) -> Any:
    if actuals is not None and deals is not None:
        raise _bad("give the actuals either as a document (actuals=) or as CRM rows (deals=)")
    if actuals is None and deals is None:
        raise _bad("no actuals: give a document (dict, path or JSON bytes) or deals=")
    if activities is not None and deals is None:
        raise _bad("activities= goes with deals= (an actuals document lists its activities)")
    if deals is None and csv_opts:
        raise _bad(f"{', '.join(sorted(csv_opts))}: options of the CRM rows route (deals=)")
    if actuals is not None:
        if isinstance(actuals, Mapping):
            h = _core.actuals_load_buffer(plan_h, json.dumps(actuals))
        elif isinstance(actuals, bytes):
            h = _core.actuals_load_buffer(plan_h, actuals)
        elif isinstance(actuals, (str, os.PathLike)):
            h = _core.actuals_load_file(plan_h, os.fspath(actuals))
        else:
            raise _bad("actuals must be a dict, a path or JSON bytes, "
                       f"not {type(actuals).__name__}")
        if as_of is not None:
            _core.actuals_set_as_of(h, str(as_of))
        return h
    order = csv_opts.pop("date_order", "mdy")
    if order not in ("mdy", "dmy"):
        raise _bad(f"date_order must be 'mdy' or 'dmy', not {order!r}")
    opts: Dict[str, Any] = {k: v for k, v in csv_opts.items() if v is not None}
    opts["stage_map"] = _map_text(csv_opts.get("map_stage"))
    opts.pop("map_stage", None)
    opts["won"] = _names(csv_opts.get("won"))
    opts["lost"] = _names(csv_opts.get("lost"))
    opts["dmy"] = order == "dmy"
    opts["as_of"] = str(as_of) if as_of is not None else datetime.date.today().isoformat()
    return _core.actuals_from_csv_run(plan_h, _csv_text(deals, "deals"),
                                      _csv_text(activities, "activities"), opts)


def track_plan(plan_h: Any, actuals: Any, as_of: Optional[str], deals: Source,
               activities: Source, options: Dict[str, Any]) -> "Tracking":
    unknown = set(options) - set(CSV_OPTIONS) - set(THRESHOLDS)
    if unknown:
        raise _bad(f"unknown option(s) {', '.join(sorted(unknown))}; use "
                   f"{', '.join(CSV_OPTIONS + THRESHOLDS)}")
    csv_opts = {k: v for k, v in options.items() if k in CSV_OPTIONS}
    th = {k: float(v) for k, v in options.items() if k in THRESHOLDS}
    h = _actuals_handle(plan_h, actuals, deals, activities, as_of, csv_opts)
    topts = None
    if th:
        d = _core.TrackOptions()
        topts = _core.TrackOptions(th.get("ahead", d.ahead), th.get("on_track", d.on_track),
                                   th.get("behind", d.behind))
    t = _core.track(plan_h, h, topts) if topts is not None else _core.track(plan_h, h)
    return Tracking(t)


@dataclass(frozen=True)
class TrackingActivity:
    """Team pacing of one activity (None: absent)."""

    name: str
    done_to_date: Optional[float]
    planned_to_date: Optional[float]
    ratio: Optional[float]


@dataclass(frozen=True)
class TrackingRep:
    """One rep: quota figures are None for reps of roles without quota.
    ``activities`` holds (name, per_workday, done_to_date, planned_to_date)."""

    name: str
    role: str
    quota: Optional[float]
    quota_to_date: Optional[float]
    booked: float
    attainment: Optional[float]
    pace: Optional[float]
    status: Optional[str]
    remaining: Optional[float]
    deals_needed: Optional[float]
    activities: Tuple[Tuple[str, Optional[float], Optional[float], Optional[float]], ...]


class Tracking(Rendered):
    """Where the period stands as of a day, and the re-plan of the remaining
    days (SPEC §11); made by :meth:`salesplan.Plan.track` (immutable).

    ``to_json()`` is byte for byte ``salesplan track ... --format json``;
    ``render("md" | "csv" | "svg")`` the pacing review, the per-rep import
    table and the burn-up chart.
    """

    _FORMATS = formats("json", "md", "csv", "svg")
    _RENDER = "tracking_render"
    __slots__ = ()

    @cached_property
    def _s(self) -> Any:
        return _core.tracking_summary_get(self._h)

    @property
    def as_of(self) -> str:
        return str(self._s.as_of)

    @property
    def booked(self) -> float:
        return self._s.booked

    @property
    def attainment(self) -> Optional[float]:
        return _opt(self._s.attainment)

    @property
    def expected_to_date(self) -> float:
        return self._s.expected_to_date

    @property
    def pace(self) -> Optional[float]:
        return _opt(self._s.pace)

    @property
    def status(self) -> Optional[str]:
        """"ahead", "on_track", "behind", "at_risk", or None without a pace."""
        return _core.track_status_name(self._s.status)

    @property
    def gap(self) -> float:
        return self._s.gap

    @property
    def projected_on_pace(self) -> Optional[float]:
        return _opt(self._s.projected_on_pace)

    @property
    def projected_from_pipeline(self) -> Optional[float]:
        return _opt(self._s.projected_from_pipeline)

    @property
    def p_hit_from_pipeline(self) -> Optional[float]:
        return _opt(self._s.p_hit_from_pipeline)

    @cached_property
    def reps(self) -> Tuple[TrackingRep, ...]:
        out: List[TrackingRep] = []
        for i in range(_core.tracking_rep_count(self._h)):
            r = _core.tracking_rep_get(self._h, i)
            acts = []
            for k in range(r.activity_count):
                a = _core.tracking_rep_activity(self._h, i, k)
                acts.append((a.name, _opt(a.per_workday), _opt(a.done_to_date),
                             _opt(a.planned_to_date)))
            out.append(TrackingRep(r.name, r.role, _opt(r.quota), _opt(r.quota_to_date),
                                   r.booked, _opt(r.attainment), _opt(r.pace),
                                   _core.track_status_name(r.status), _opt(r.remaining),
                                   _opt(r.deals_needed), tuple(acts)))
        return tuple(out)

    @cached_property
    def activities(self) -> Tuple[TrackingActivity, ...]:
        out = []
        for i in range(_core.tracking_activity_count(self._h)):
            a = _core.tracking_activity_get(self._h, i)
            out.append(TrackingActivity(a.name, _opt(a.done_to_date), _opt(a.planned_to_date),
                                        _opt(a.ratio)))
        return tuple(out)

    @cached_property
    def warnings(self) -> Tuple[ResultWarning, ...]:
        out = []
        for i in range(_core.tracking_warning_count(self._h)):
            w = _core.tracking_warning(self._h, i)
            out.append(ResultWarning(w.code, w.path or "", w.message))
        return tuple(out)

    def __repr__(self) -> str:
        pace = "None" if self.pace is None else f"{self.pace:.3f}"
        return (f"<salesplan.Tracking as_of={self.as_of} booked={self.booked:g} "
                f"pace={pace} status={self.status} gap={self.gap:g}>")
