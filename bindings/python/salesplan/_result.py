"""The Pythonic result: :class:`Result` over a computed C result."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Dict, Optional, Tuple

from . import core as _core
from ._rendered import Rendered
from ._rendered import nan_none as _n
from ._tables import MODES, formats

__all__ = [
    "Result", "Overview", "StageResult", "ActivityResult", "RoleResult", "Slice",
    "RepQuota", "Phase", "Quota", "Capacity", "Metrics", "ResultWarning", "FORMATS",
]

#: Render formats of a result by name (aliases included), from the C enum.
FORMATS: Dict[str, int] = formats("json", "md", "csv", "svg")
_MODE_NAMES = {v: k for k, v in MODES.items()}


@dataclass(frozen=True)
class Overview:
    """Top-level figures: plan, mode, period and target."""

    name: str
    currency: str
    mode: str                         #: "expected" or "confidence"
    confidence: Optional[float]
    period_start: str
    period_end: str
    days: int
    workdays: int
    revenue: float
    team_quota: float
    deals_needed: float
    pipeline_expected_deals: float


@dataclass(frozen=True)
class StageResult:
    """One funnel stage: P_k (to_close), L_k (days_to_close), N_k (required)."""

    name: str
    conversion: Optional[float]
    to_close: float
    days_to_close: float
    required: float
    required_int: float
    window_workdays: Optional[float]
    reachable: bool


@dataclass(frozen=True)
class ActivityResult:
    """One activity: total units and daily targets."""

    name: str
    stage: str
    role: Optional[str]
    total: float
    per_workday: Optional[float]
    per_rep_per_workday: Optional[float]
    per_deal: float
    fte: Optional[float]


@dataclass(frozen=True)
class RoleResult:
    """One role: effective headcount and staffing."""

    name: str
    headcount: float
    fte_required: float
    hires_needed: Optional[float]


@dataclass(frozen=True)
class Slice:
    """One month slice of the period."""

    start: str
    end: str
    workdays: int
    weight: float


@dataclass(frozen=True)
class RepQuota:
    """Quota of one quota-carrying rep, per slice and in total."""

    name: str
    role: str
    slices: Tuple[float, ...]
    total: float


@dataclass(frozen=True)
class Phase:
    """A phase boundary and the target due before it."""

    day: int
    cumulative_target: float


@dataclass(frozen=True)
class Quota:
    """The quota block: slices, carriers, unassigned amount, phases."""

    slices: Tuple[Slice, ...]
    reps: Tuple[RepQuota, ...]
    unassigned: float
    phases: Tuple[Phase, ...]


@dataclass(frozen=True)
class Capacity:
    """What the team can be expected to sell, and the hiring it implies."""

    expected: float
    coverage: float
    gap: float
    new_hire_capacity: Optional[float]
    hires_needed: Optional[float]


@dataclass(frozen=True)
class Metrics:
    """Pipeline and unit-economics metrics (None when an input is missing)."""

    win_rate: Optional[float]
    cycle_days: Optional[float]
    required_pipeline_coverage: Optional[float]
    open_opportunities: Optional[float]
    pipeline_value: Optional[float]
    pipeline_coverage: Optional[float]
    weighted_pipeline: Optional[float]
    sales_velocity_per_day: Optional[float]
    ltv: Optional[float]
    ltv_to_cac: Optional[float]
    cac_payback_months: Optional[float]


@dataclass(frozen=True)
class ResultWarning:
    """A warning attached to a result."""

    code: str
    path: str
    message: str


def _result_from_state(plan_type: Any, plan_json: str, mode: str,
                       confidence: Optional[float]) -> "Result":
    """Unpickle: compute the plan again (results are deterministic)."""
    plan = plan_type.from_json(plan_json)
    if mode == "confidence":
        return plan.compute(confidence)
    return plan.compute(mode="expected")


class Result(Rendered):
    """A computed plan (immutable).

    ``to_dict()`` is the result document of the plan format (SPEC §9), the
    same JSON as ``salesplan plan --format json``; the main blocks are also
    attributes with typed values (``overview``, ``stages``, ``activities``,
    ``roles``, ``quota``, ``capacity``, ``metrics``, ``warnings``), in which
    the document's nulls are None. ``render()`` gives Markdown, CSV or SVG.
    A result may be read from several threads at once.
    """

    _FORMATS = FORMATS
    _RENDER = "result_render"

    __slots__ = ("_plan_type",)

    def __init__(self, handle: Any, plan_type: Any) -> None:
        """Wrap a ``core.ResultHandle``. `plan_type` is the class that wraps
        plan handles (``salesplan.Plan``, which creates results): this module
        does not import it, so the dependency goes one way, plan -> result.
        ``to_csv()`` gives per-rep daily activities and monthly quotas,
        ``to_svg()`` the charts."""
        super().__init__(handle)
        self._plan_type = plan_type

    @cached_property
    def plan(self) -> Any:
        """A copy of the plan the result was computed from (a Plan)."""
        return self._plan_type._wrap(_core.plan_clone(_core.result_plan(self._h)))

    # ---- typed blocks ------------------------------------------------------------
    @cached_property
    def overview(self) -> Overview:
        o = _core.result_overview_get(self._h)
        return Overview(o.name, o.currency, _MODE_NAMES.get(o.mode, str(o.mode)),
                        _n(o.confidence), o.period_start, o.period_end, o.days, o.workdays,
                        o.revenue, o.team_quota, o.deals_needed, o.pipeline_expected_deals)

    @cached_property
    def stages(self) -> Tuple[StageResult, ...]:
        r = self._h
        out = []
        for i in range(_core.result_stage_count(r)):
            s = _core.result_stage(r, i)
            out.append(StageResult(s.name, _n(s.conversion), s.to_close, s.days_to_close,
                                   s.required, s.required_int, _n(s.window_workdays),
                                   bool(s.reachable)))
        return tuple(out)

    @cached_property
    def activities(self) -> Tuple[ActivityResult, ...]:
        r = self._h
        out = []
        for i in range(_core.result_activity_count(r)):
            a = _core.result_activity(r, i)
            out.append(ActivityResult(a.name, a.stage, a.role, a.total, _n(a.per_workday),
                                      _n(a.per_rep_per_workday), a.per_deal, _n(a.fte)))
        return tuple(out)

    @cached_property
    def roles(self) -> Tuple[RoleResult, ...]:
        r = self._h
        out = []
        for i in range(_core.result_role_count(r)):
            x = _core.result_role(r, i)
            out.append(RoleResult(x.name, x.headcount, x.fte_required, _n(x.hires_needed)))
        return tuple(out)

    @cached_property
    def quota(self) -> Quota:
        r = self._h
        slices = []
        for i in range(_core.result_slice_count(r)):
            s = _core.result_slice(r, i)
            slices.append(Slice(s.start, s.end, s.workdays, s.weight))
        reps = []
        for i in range(_core.result_rep_quota_count(r)):
            q = _core.result_rep_quota(r, i)
            reps.append(RepQuota(q.name, q.role, tuple(_core.rep_quota_slices(r, i)), q.total))
        phases = []
        for i in range(_core.result_phase_count(r)):
            p = _core.result_phase(r, i)
            phases.append(Phase(p.day, p.cumulative_target))
        return Quota(tuple(slices), tuple(reps), _core.result_unassigned(r), tuple(phases))

    @cached_property
    def capacity(self) -> Capacity:
        c = _core.result_capacity(self._h)
        return Capacity(c.expected, c.coverage, c.gap, _n(c.new_hire_capacity),
                        _n(c.hires_needed))

    @cached_property
    def metrics(self) -> Metrics:
        m = _core.result_metrics(self._h)
        return Metrics(*(_n(getattr(m, f)) for f in Metrics.__dataclass_fields__))

    @cached_property
    def warnings(self) -> Tuple[ResultWarning, ...]:
        r = self._h
        out = []
        for i in range(_core.result_warning_count(r)):
            w = _core.result_warning(r, i)
            out.append(ResultWarning(w.code, w.path or "", w.message))
        return tuple(out)

    # ---- conveniences -------------------------------------------------------------------
    def daily_activities(self) -> Tuple[ActivityResult, ...]:
        """Activities with a daily target (reachable stages), in plan order."""
        return tuple(a for a in self.activities if a.per_workday is not None)

    def __reduce__(self) -> Tuple[Any, Tuple[Any, str, str, Optional[float]]]:
        o = self.overview
        return (_result_from_state, (self._plan_type, self.plan.to_json(), o.mode, o.confidence))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Result):
            return NotImplemented
        return self is other or self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        o = self.overview
        conf = f" q={o.confidence:g}" if o.confidence is not None else ""
        return (f"<salesplan.Result {o.name!r} mode={o.mode}{conf} "
                f"revenue={o.revenue:g} {o.currency} deals_needed={o.deals_needed:g} "
                f"stages={len(self.stages)} warnings={len(self.warnings)}>")
