"""The Pythonic plan: :class:`Plan` over the C plan model."""

from __future__ import annotations

import json
import math
import os
import threading
from typing import (TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, NamedTuple, Optional,
                    Sequence, Tuple, Union)

from . import core as _core
from ._errors import Error, InvalidArgumentError
from ._result import Result
from ._tables import (ECONOMICS_FIELDS, LISTS, MODES, TARGET_KINDS, TEXT_FIELDS,
                      WEEKDAY_BITS, WEEKDAYS, enum)

if TYPE_CHECKING:  # pragma: no cover
    from ._estimate import Estimate
    from ._simulate import Simulation
    from ._track import Tracking

__all__ = [
    "Plan", "Problem", "Stage", "Activity", "Role", "Rep", "Competitor",
    "WEEKDAYS", "TARGET_KINDS", "TEXT_FIELDS", "ECONOMICS_FIELDS",
    "example_plan", "example_json", "validate_json", "validate_file",
]

# Name <-> C value of the enums a plan uses, from the C header (see _tables).
_TARGET_KIND = enum("TARGET_")
_TARGET_KIND_NAME = {v: k for k, v in _TARGET_KIND.items()}
_TEXT_FIELD = enum("TEXT_")
_ECON_FIELD = enum("ECON_")
_COMPETITOR_KIND = enum("COMPETITOR_")
_COMPETITOR_KIND_NAME = {v: k for k, v in _COMPETITOR_KIND.items()}
_MODES = MODES

PathLike = Union[str, "os.PathLike[str]"]


class Problem(NamedTuple):
    """One problem found by validation."""

    code: int      #: C status code of the problem (EPLAN, ESYNTAX, ELIMIT).
    path: str      #: JSON path, e.g. ``funnel.stages[2].conversion``, or "".
    line: int      #: 1-based line in the JSON text, 0 when unknown.
    column: int    #: 1-based column (bytes), 0 when unknown.
    message: str   #: the rule and the value found.

    def __str__(self) -> str:
        where = f"{self.line}:{self.column}: " if self.line > 0 else ""
        if self.path:
            where += f"{self.path}: "
        return where + self.message


class Stage(NamedTuple):
    """A funnel stage as stored in a plan."""

    name: str
    conversion: Optional[float]  #: None for the won stage.
    days: float
    opportunity: bool
    observed: Optional[Tuple[int, int]]  #: (advanced, lost) or None.


class Activity(NamedTuple):
    """An activity as stored in a plan."""

    name: str
    stage: str
    per_entry: float
    share: float
    role: Optional[str]
    minutes: Optional[float]
    skills: Tuple[str, ...]


class Role(NamedTuple):
    """A team role as stored in a plan."""

    name: str
    ramp: Tuple[float, ...]
    quota_monthly: float
    minutes_per_day: float


class Rep(NamedTuple):
    """A rep as stored in a plan: exactly one of start and tenure_months is set."""

    name: str
    role: str
    start: Optional[str]
    tenure_months: Optional[int]
    territory_weight: float


class Competitor(NamedTuple):
    """A competitor of the narrative."""

    name: str
    kind: str  #: "direct" or "indirect".
    notes: Optional[str]


def _opt(x: float) -> Optional[float]:
    """C 'absent' numbers are NaN; Python says None."""
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def _nan(x: Optional[float]) -> float:
    return math.nan if x is None else float(x)


def _choice(values: Mapping[str, int], value: str, what: str, path: str = "") -> int:
    """The C value named `value`, or InvalidArgumentError naming the choices."""
    if isinstance(value, str) and value in values:
        return values[value]
    raise InvalidArgumentError(f"unknown {what} {value!r}; use one of {', '.join(values)}",
                               code=_core.EINVAL, path=path)


# ---- setter calls and all-or-nothing adds ------------------------------------------
# The C setters report a refused value themselves (InvalidArgumentError with
# the plan path, the rule and the value found) and change nothing; add_*
# calls add nothing when refused.
_INDEX = object()  # stands for the index of the entry being added


def _values(args: Sequence[Any], index: int) -> List[Any]:
    return [index if a is _INDEX else a for a in args]


def _reindexed(e: Error, list_path: str, i: int) -> Error:
    """`e` raised on a scratch plan (entry 0) as if raised for entry i of this plan."""
    path = e.path
    if path.startswith(f"{list_path}[0]"):
        path = f"{list_path}[{i}]" + path[len(list_path) + 3:]
    return type(e)(e.message, code=e.code, path=path, function=e.function)


def _problems(items: Iterable[Sequence[Any]]) -> List[Problem]:
    out = []
    for code, path, line, column, message in items:
        out.append(Problem(int(code), path.decode("utf-8", "replace"), int(line), int(column),
                           message.decode("utf-8", "replace")))
    return out


def _status_and_list(reply: Any) -> Tuple[int, list]:
    status, items = reply
    return int(status), items


def validate_json(text: Union[str, bytes]) -> List[Problem]:
    """Check a JSON plan against every rule of the plan format.

    Returns every problem (an empty list for a valid plan), each with its JSON
    path, line, column and message. Raises only when memory runs out.
    """
    _, items = _status_and_list(_core.plan_validate_buffer(text))
    return _problems(items)


def validate_file(path: PathLike) -> List[Problem]:
    """Like :func:`validate_json` on the contents of a file (OSError when it
    cannot be read)."""
    with open(path, "rb") as f:
        data = f.read()
    return validate_json(data)


def example_json() -> str:
    """The built-in example plan (a $250,000 new-business quarter) as JSON text."""
    return _core.example_json()


def example_plan() -> "Plan":
    """The built-in example plan, as a :class:`Plan`."""
    return Plan._wrap(_core.example_plan())


def _plan_from_json(text: str) -> "Plan":  # pickle support
    return Plan.from_json(text)


def _stage_pairs(m: Any) -> Tuple[Tuple[str, str], ...]:
    """A stage map (dict, (crm, plan) pairs, or "CRM=PLAN;..." text) as pairs."""
    if m is None:
        return ()
    if isinstance(m, str):
        items: Iterable[Any] = [x for x in m.replace("\n", ";").split(";") if x.strip()]
    elif isinstance(m, Mapping):
        items = list(m.items())
    else:
        items = list(m)
    pairs = []
    for given in items:
        item = given
        if isinstance(given, str):
            crm, eq, plan = given.partition("=")
            item = (crm.strip(), plan.strip()) if eq else (given,)
        if (not isinstance(item, (tuple, list)) or len(item) != 2
                or not all(isinstance(x, str) and x for x in item)):
            raise InvalidArgumentError(f"map_stage: each entry must be CRM=PLAN (a pair of stage "
                                       f"names), found {given!r:.60}", code=_core.EINVAL,
                                       function="apply_estimate")
        pairs.append((item[0], item[1]))
    return tuple(pairs)


class Plan:
    """A sales plan: the plan file's content as an object.

    Create one from JSON (:meth:`load`, :meth:`from_json`, :meth:`from_dict`,
    :func:`example_plan`) or build it in code::

        plan = Plan("Q3 plan")
        plan.set_period("2025-07-01", 92)
        plan.target_revenue = 300_000
        plan.deal_size = 12_000
        plan.add_stage("lead", 0.2, days=5)
        plan.add_stage("won")
        result = plan.compute()

    Setters check each value against the plan format and raise
    :class:`InvalidArgumentError` (a ValueError) when it is refused;
    :meth:`validate` checks the whole plan (references between parts).
    A plan serialises to the plan file format (:meth:`to_json`,
    :meth:`to_dict`), pickles through it, and compares equal to a plan with
    the same JSON.

    One plan may be used from several threads: its calls are serialised by a
    lock. Separate plans compute in parallel (the GIL is released in C).
    """

    __slots__ = ("_h", "_lock", "__weakref__")

    def __init__(self, name: str = "Untitled plan") -> None:
        self._lock = threading.RLock()
        self._h = _core.plan_create(name)

    # ---- construction ------------------------------------------------------------------
    @classmethod
    def _wrap(cls, handle: Any) -> "Plan":
        self = cls.__new__(cls)
        self._lock = threading.RLock()
        self._h = handle
        return self

    @classmethod
    def load(cls, path: PathLike) -> "Plan":
        """Load and validate a JSON plan file.

        Raises PlanError (with path, line, column) for a bad plan,
        NotFoundError (a FileNotFoundError) or FileError (an OSError) when the
        file cannot be read.
        """
        return cls._wrap(_core.plan_load_file(os.fsdecode(path)))

    @classmethod
    def from_json(cls, text: Union[str, bytes]) -> "Plan":
        """Parse and validate a JSON plan held in a str or bytes."""
        return cls._wrap(_core.plan_load_buffer(text))

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Plan":
        """Build a plan from a dict shaped like the plan file (see :meth:`to_dict`)."""
        return cls.from_json(json.dumps(d))

    # ---- serialisation -----------------------------------------------------------------
    def to_json(self) -> str:
        """The plan as a JSON plan file (version 1), indented."""
        with self._lock:
            return _core.plan_to_json(self._h)

    def to_dict(self) -> Dict[str, Any]:
        """The plan as a dict shaped like the plan file (``json.loads(to_json())``)."""
        return json.loads(self.to_json())

    def save(self, path: PathLike) -> None:
        """Write the plan file atomically: on failure the old file is untouched."""
        with self._lock:
            _core.plan_save_file(self._h, os.fsdecode(path))

    def patched(self, patch: Union[str, bytes, Mapping[str, Any]]) -> "Plan":
        """A new plan: this one with a JSON Merge Patch (RFC 7386) applied.

        `patch` is a dict or JSON text shaped like (part of) a plan file: each
        member it sets replaces the plan's, objects merge member by member,
        lists are replaced whole, and ``None`` (JSON null) removes a member::

            bigger = plan.patched({"target": {"revenue": 300_000}})
            no_pipeline = plan.patched('{"pipeline": null}')

        The merged plan is validated as a whole; a refused value raises
        PlanError naming its path in the merged plan, with the line and column
        in the patch's JSON text (the message starts with "patch 1: ").
        This plan is not changed.
        """
        if isinstance(patch, Mapping):
            patch = json.dumps(patch)
        with self._lock:
            return Plan._wrap(_core.plan_patched(self._h, patch))

    def copy(self) -> "Plan":
        """An independent deep copy."""
        with self._lock:
            return Plan._wrap(_core.plan_clone(self._h))

    __copy__ = copy

    def __deepcopy__(self, memo: Any) -> "Plan":
        return self.copy()

    def __reduce__(self) -> Tuple[Any, Tuple[str]]:
        return (_plan_from_json, (self.to_json(),))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Plan):
            return NotImplemented
        return self is other or self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        with self._lock:
            h = self._h
            parts = [repr(_core.plan_name(h))]
            t = _opt(_core.plan_target_revenue(h))
            if t is not None:
                parts.append(f"target={t:g} {_core.plan_currency(h)}")
            start = _core.plan_period_start(h)
            if start:
                parts.append(f"period={start}+{_core.plan_period_days(h)}d")
            parts.append(f"stages={_core.plan_stage_count(h)}")
            parts.append(f"reps={_core.plan_rep_count(h)}")
        return f"<salesplan.Plan {' '.join(parts)}>"

    # ---- checking and computing --------------------------------------------------------
    def validate(self) -> List[Problem]:
        """Every problem of the plan as a whole (required parts present, every
        stage and role reference resolves); [] when it is ready to compute.
        Problems carry JSON paths; line and column are 0 (no text)."""
        with self._lock:
            _, items = _status_and_list(_core.plan_check(self._h))
        return _problems(items)

    @property
    def is_valid(self) -> bool:
        """True when :meth:`validate` finds no problem."""
        return not self.validate()

    def compute(self, confidence: Optional[float] = None, *,
                mode: Optional[str] = None) -> "Result":
        """Compute the plan: funnel, activities, roles, quotas, capacity, metrics.

        Args:
            confidence: q in (0, 1): confidence mode with this q (overrides
                the plan's). None: follow the plan (confidence mode when it
                has a confidence, expected mode otherwise).
            mode: "plan" (default), "expected" (expected values even when the
                plan has a confidence) or "confidence" (with `confidence`, or
                the plan's own).
        Raises:
            PlanError: the plan is incomplete or inconsistent (see validate()).
            InvalidArgumentError: a bad confidence or mode.
        """
        if mode is None:
            mode = "plan" if confidence is None else "confidence"
        if mode not in _MODES:
            raise InvalidArgumentError(f"unknown mode {mode!r}; use one of {sorted(_MODES)}",
                                       code=_core.EINVAL, function="compute")
        if confidence is not None and mode != "confidence":
            raise InvalidArgumentError(f"confidence given with mode {mode!r}",
                                       code=_core.EINVAL, function="compute")
        opts = _core.ComputeOptions(_MODES[mode], 0.0 if confidence is None else float(confidence))
        with self._lock:
            return Result(_core.compute(self._h, opts), Plan)

    def simulate(self, trials: int = 100_000, seed: int = 1, threads: int = 0) -> "Simulation":
        """Monte Carlo of the period's outcome (SPEC §8).

        Args:
            trials: number of trials, 1..100,000,000.
            seed: any non-negative integer; same seed and trials, same figures.
            threads: worker threads, 0 for one per CPU; never changes the figures.
        Raises PlanError for a plan that cannot be computed, PlanError (ELIMIT)
        for too many trials or threads. Releases the GIL.
        """
        if not hasattr(_core, "simulate"):
            raise NotImplementedError("this build of libsalesplan has no simulation")
        from ._simulate import simulate_plan
        with self._lock:
            return simulate_plan(self._h, trials, seed, threads)

    def sensitivity(self, *, step: float = 0.1, rank_by: str = "deals_needed",
                    activity: Optional[str] = None, trials: int = 20000, seed: int = 1,
                    threads: int = 0) -> Dict[str, Any]:
        """Which lever matters most: each moved alone by -step and +step.

        Levers: each stage's conversion and days, average deal size, ramp,
        expected attainment, attrition, target, and the headcount of each role
        (one rep less, one more). Outputs: deals_needed, first_stage_entries,
        activity_per_rep_per_workday (`activity` or the first), hires_needed,
        capacity_gap and, with `trials` > 0, p_hit (every setting simulated
        with the same seed and trials). Returns the JSON document as a dict:
        ``base``, and ``levers`` ranked by the swing of `rank_by`, each with
        ``low``/``high`` and per output ``low``, ``high``, ``swing``,
        ``elasticity``.
        """
        from ._scenario import sensitivity
        with self._lock:
            return sensitivity(self, step=step, rank_by=rank_by, activity=activity,
                               trials=trials, seed=seed, threads=threads)

    def track(self, actuals: Any = None, as_of: Optional[str] = None, *, deals: Any = None,
              activities: Any = None, **options: Any) -> "Tracking":
        """Where the period stands as of a day, and the re-plan of the rest (SPEC §11).

        Args:
            actuals: the actuals document: a dict, a path to a JSON file, or
                JSON text as bytes.
            as_of: the day (YYYY-MM-DD); overrides the document's. With CRM
                rows it is required in effect (default: today).
            deals: CRM rows instead of a document: a list of dicts (one per
                deal: stage, closed date, amount, owner...), CSV bytes or a
                path to a CSV export (SPEC §7 snapshot with an owner column).
            activities: an activity log the same way (date, type, owner).
            options: for CRM rows: map_stage ({CRM: PLAN} or "CRM=PLAN;..."),
                won, lost (names), owner_column, id_column, stage_column,
                closed_column, amount_column, date_column, type_column,
                date_order ("mdy" or "dmy"); always: ahead, on_track,
                behind (status thresholds on pace).
        Raises:
            PlanError: an actuals document breaks a rule (path, line, column).
            DataError: a CRM export lacks a column (e.g. the owner when the
                plan has reps) or names a stage the plan lacks (map_stage).
            InvalidArgumentError: bad options; LookupFailedError: as_of
                outside the period. Rows are serialized to CSV in memory.
        """
        from ._track import track_plan
        with self._lock:
            return track_plan(self._h, actuals, as_of, deals, activities, dict(options))

    def apply_estimate(self, estimate: "Estimate",
                       map_stage: Union[None, str, Mapping[str, str],
                                        Iterable[Tuple[str, str]]] = None) -> None:
        """Fit the plan's funnel to an estimate; the plan stays valid.

        A plan without stages takes the estimate's funnel as it is. A
        transitions estimate sets the plan's stage of the same name (ignoring
        case) for each export stage: conversion, days, observed history.
        A snapshot estimate rescales the conversions from the opportunity
        stage to won so that they give its win rate, and their days so that
        they sum to its mean cycle (docs/maths.md).

        ``map_stage`` says which plan stage an export stage is when the names
        differ: ``{"Engaging": "Demo"}``, ``[("Engaging", "Demo")]`` or
        ``"Engaging=Demo;Prospecting=Lead"`` (as ``--map-stage CRM=PLAN``);
        stages left out are matched by name.

        Raises DataError (the plan unchanged) when an export stage is no stage
        of the plan, two map onto one, a stage has no usable history or a
        rate is 0; InvalidArgumentError for a malformed map entry."""
        pairs = _stage_pairs(map_stage)
        from ._estimate import _in_python_words  # estimation may be left out of a build
        try:
            with self._lock:
                _core.plan_apply_estimate_mapped(self._h, estimate.handle, pairs)
        except Error as e:
            raise _in_python_words(e)

    @property
    def handle(self) -> Any:
        """The underlying ``salesplan.core.PlanHandle``, for the low-level API."""
        return self._h

    # ---- helpers -----------------------------------------------------------------------
    def _get(self, fn: Any, *args: Any) -> Any:
        with self._lock:
            return fn(self._h, *args)

    def _set(self, fn: Any, *args: Any) -> None:
        """Call the C setter `fn` on this plan (it raises for a refused value)."""
        with self._lock:
            fn(self._h, *args)

    def _add(self, count: Any, list_path: str, steps: List[Tuple[Any, Sequence[Any]]]) -> None:
        """Add an entry all-or-nothing: ``steps`` are ``(fn, args)`` pairs, the
        first appending it (all-or-nothing in C), the others setting its options
        (their _INDEX argument becomes its index). Options are tried first on a
        scratch plan holding only this entry, so that a refused option leaves
        nothing behind here."""
        with self._lock:
            i = count(self._h)
            if len(steps) > 1:
                scratch = _core.plan_create("scratch")
                for fn, args in steps:
                    try:
                        fn(scratch, *_values(args, 0))
                    except Error as e:
                        raise _reindexed(e, list_path, i) from None
            first, *rest = steps
            first[0](self._h, *_values(first[1], i))
            for fn, args in rest:
                fn(self._h, *_values(args, i))

    # ---- identity ----------------------------------------------------------------------
    @property
    def name(self) -> str:
        """Plan name, 1..200 characters."""
        return self._get(_core.plan_name)

    @name.setter
    def name(self, value: str) -> None:
        self._set(_core.plan_set_name, value)

    @property
    def currency(self) -> str:
        """ISO 4217 code ("USD" by default)."""
        return self._get(_core.plan_currency)

    @currency.setter
    def currency(self, value: str) -> None:
        self._set(_core.plan_set_currency, value)

    # ---- period and calendar -----------------------------------------------------------
    def set_period(self, start: str, days: int) -> None:
        """Set the period: ISO start date and length in days (1..3660)."""
        self._set(_core.plan_set_period, start, int(days))

    @property
    def period_start(self) -> Optional[str]:
        """First day of the period (ISO), None when unset."""
        return self._get(_core.plan_period_start)

    @property
    def period_days(self) -> int:
        """Days in the period, 0 when unset."""
        return self._get(_core.plan_period_days)

    @property
    def phases(self) -> Tuple[int, ...]:
        """Explicit phase boundaries (day counts); () means the 30/60/90 default."""
        with self._lock:
            n = _core.plan_phase_count(self._h)
            return tuple(_core.plan_phase(self._h, i) for i in range(n))

    @phases.setter
    def phases(self, days: Sequence[int]) -> None:
        self._set(_core.plan_set_phases, [int(d) for d in days])

    @property
    def workdays(self) -> Tuple[str, ...]:
        """Workdays as names ("mon".."sun")."""
        mask = self._get(_core.plan_workdays)
        return tuple(d for d, bit in WEEKDAY_BITS.items() if mask & bit)

    @workdays.setter
    def workdays(self, days: Iterable[str]) -> None:
        mask = 0
        for d in days:
            mask |= _choice(WEEKDAY_BITS, str(d).lower()[:3], "weekday", "calendar.workdays")
        self._set(_core.plan_set_workdays, mask)

    def add_holiday(self, date: str) -> None:
        """Add a holiday (ISO date)."""
        self._set(_core.plan_add_holiday, date)

    @property
    def holidays(self) -> Tuple[str, ...]:
        """Holidays (ISO dates)."""
        with self._lock:
            n = _core.plan_holiday_count(self._h)
            return tuple(_core.plan_holiday(self._h, i) for i in range(n))

    # ---- narrative ---------------------------------------------------------------------
    def set_text(self, field: str, text: Optional[str]) -> None:
        """Set a narrative text: one of TEXT_FIELDS; None clears it."""
        i = _choice(_TEXT_FIELD, field, "narrative field")
        self._set(_core.plan_set_text, i, text)

    def text(self, field: str) -> Optional[str]:
        """A narrative text (one of TEXT_FIELDS), None when absent."""
        return self._get(_core.plan_text, _choice(_TEXT_FIELD, field, "narrative field"))

    def add_competitor(self, name: str, kind: str = "direct", notes: Optional[str] = None) -> None:
        """Add a competitor ("direct" or "indirect")."""
        k = _choice(_COMPETITOR_KIND, kind, "competitor kind")
        self._set(_core.plan_add_competitor, name, k, notes)

    @property
    def competitors(self) -> Tuple[Competitor, ...]:
        with self._lock:
            h = self._h
            return tuple(Competitor(_core.plan_competitor_name(h, i),
                                    _COMPETITOR_KIND_NAME[_core.plan_competitor_kind(h, i)],
                                    _core.plan_competitor_notes(h, i))
                         for i in range(_core.plan_competitor_count(h)))

    def add_list_item(self, list_name: str, text: str) -> None:
        """Append to a narrative list: "strategies" or "kpis"."""
        lst = _choice(LISTS, list_name, "narrative list")
        n = len(self.list_items(list_name))
        self._set(_core.plan_add_list_item, lst, text)

    def list_items(self, list_name: str) -> Tuple[str, ...]:
        """Items of a narrative list: "strategies" or "kpis"."""
        with self._lock:
            lst = _choice(LISTS, list_name, "narrative list")
            return tuple(_core.plan_list_item(self._h, lst, i)
                         for i in range(_core.plan_list_count(self._h, lst)))

    # ---- target, deal, confidence ------------------------------------------------------
    @property
    def target_revenue(self) -> Optional[float]:
        """Revenue target T (> 0), None when unset."""
        return _opt(self._get(_core.plan_target_revenue))

    @target_revenue.setter
    def target_revenue(self, value: float) -> None:
        self._set(_core.plan_set_target_revenue, float(value))

    @property
    def target_kind(self) -> str:
        """One of TARGET_KINDS."""
        return _TARGET_KIND_NAME[self._get(_core.plan_target_kind)]

    @target_kind.setter
    def target_kind(self, kind: str) -> None:
        k = _choice(_TARGET_KIND, kind, "target kind", "target.kind")
        self._set(_core.plan_set_target_kind, k)

    @property
    def over_assignment(self) -> float:
        """Over-assignment o in [0, 1): quotas sum to T·(1+o)."""
        return self._get(_core.plan_over_assignment)

    @over_assignment.setter
    def over_assignment(self, value: float) -> None:
        self._set(_core.plan_set_over_assignment, float(value))

    @property
    def seasonality(self) -> Tuple[float, ...]:
        """Monthly weights, one per month slice; () when none."""
        with self._lock:
            return tuple(_core.plan_seasonality(self._h, i)
                         for i in range(_core.plan_seasonality_count(self._h)))

    @seasonality.setter
    def seasonality(self, weights: Sequence[float]) -> None:
        self._set(_core.plan_set_seasonality,
                  [float(w) for w in weights])

    @property
    def deal_size(self) -> Optional[float]:
        """Average deal size A, None when unset."""
        return _opt(self._get(_core.plan_deal_size))

    @deal_size.setter
    def deal_size(self, value: float) -> None:
        self._set(_core.plan_set_deal_size, float(value))

    @property
    def deal_size_cv(self) -> float:
        """Coefficient of variation of deal sizes (simulation)."""
        return self._get(_core.plan_deal_size_cv)

    @deal_size_cv.setter
    def deal_size_cv(self, value: float) -> None:
        self._set(_core.plan_set_deal_size_cv, float(value))

    @property
    def confidence(self) -> Optional[float]:
        """Confidence q in (0, 1), None for expected mode."""
        return _opt(self._get(_core.plan_confidence))

    @confidence.setter
    def confidence(self, value: Optional[float]) -> None:
        self._set(_core.plan_set_confidence, _nan(value))

    # ---- funnel and pipeline -----------------------------------------------------------
    def add_stage(self, name: str, conversion: Optional[float] = None, days: float = 0.0, *,
                  opportunity: bool = False,
                  observed: Optional[Tuple[int, int]] = None) -> None:
        """Append a funnel stage; the last one (conversion None) is the won stage.
        All or nothing: when a value is refused, no stage is added."""
        def build() -> List[Tuple[Any, Sequence[Any]]]:
            steps: List[Tuple[Any, Sequence[Any]]] = [
                (_core.plan_add_stage, (name,
                                        _nan(conversion),
                                        float(days)))]
            if opportunity:
                steps.append((_core.plan_set_opportunity_stage, (_INDEX,)))
            if observed is not None:
                steps.append((_core.plan_set_stage_observed,
                              (_INDEX, int(observed[0]),
                               int(observed[1]))))
            return steps
        self._add(_core.plan_stage_count, "funnel.stages", build())

    def clear_stages(self) -> None:
        """Remove every stage (pipeline entries stay)."""
        self._set(_core.plan_clear_stages)

    @property
    def stages(self) -> Tuple[Stage, ...]:
        with self._lock:
            h = self._h
            opp = _core.plan_opportunity_stage(h)
            out = []
            for i in range(_core.plan_stage_count(h)):
                obs = _core.plan_stage_observed(h, i)
                out.append(Stage(_core.plan_stage_name(h, i),
                                 _opt(_core.plan_stage_conversion(h, i)),
                                 _core.plan_stage_days(h, i), i == opp,
                                 None if obs[0] < 0 else (int(obs[0]), int(obs[1]))))
            return tuple(out)

    def set_pipeline(self, stage: str, deals: int) -> None:
        """Open deals now in `stage` (replaces an earlier count)."""
        self._set(_core.plan_set_pipeline, stage, int(deals))

    @property
    def pipeline(self) -> Dict[str, int]:
        """Open deals by stage name."""
        with self._lock:
            h = self._h
            return {_core.plan_pipeline_stage(h, i): _core.plan_pipeline_deals(h, i)
                    for i in range(_core.plan_pipeline_count(h))}

    # ---- activities --------------------------------------------------------------------
    def add_activity(self, name: str, stage: str, per_entry: float, *, share: float = 1.0,
                     role: Optional[str] = None, minutes: Optional[float] = None,
                     skills: Iterable[str] = ()) -> None:
        """Append an activity feeding `stage` with `per_entry` units per entry.
        All or nothing: when a value is refused, no activity is added."""
        skills = tuple(skills)

        def build() -> List[Tuple[Any, Sequence[Any]]]:
            steps: List[Tuple[Any, Sequence[Any]]] = [
                (_core.plan_add_activity, (name,
                                           stage,
                                           float(per_entry)))]
            if share != 1.0:
                steps.append((_core.plan_set_activity_share,
                              (_INDEX, float(share))))
            if role is not None:
                steps.append((_core.plan_set_activity_role,
                              (_INDEX, role)))
            if minutes is not None:
                steps.append((_core.plan_set_activity_minutes,
                              (_INDEX, float(minutes))))
            for skill in skills:
                steps.append((_core.plan_add_activity_skill,
                              (_INDEX, skill)))
            return steps
        self._add(_core.plan_activity_count, "activities", build())

    @property
    def activities(self) -> Tuple[Activity, ...]:
        with self._lock:
            h = self._h
            return tuple(
                Activity(_core.plan_activity_name(h, i), _core.plan_activity_stage(h, i),
                         _core.plan_activity_per_entry(h, i), _core.plan_activity_share(h, i),
                         _core.plan_activity_role(h, i), _opt(_core.plan_activity_minutes(h, i)),
                         tuple(_core.plan_activity_skill(h, i, j)
                               for j in range(_core.plan_activity_skill_count(h, i))))
                for i in range(_core.plan_activity_count(h)))

    # ---- team --------------------------------------------------------------------------
    def add_role(self, name: str, *, ramp: Sequence[float] = (), quota_monthly: float = 0.0,
                 minutes_per_day: float = 360.0) -> None:
        """Append a role: ramp factors by tenure month, monthly quota, selling
        minutes a day. All or nothing: when a value is refused, no role is added."""
        def build() -> List[Tuple[Any, Sequence[Any]]]:
            steps: List[Tuple[Any, Sequence[Any]]] = [
                (_core.plan_add_role, (name,))]
            if ramp:
                steps.append((_core.plan_set_role_ramp,
                              (_INDEX, [float(f) for f in ramp])))
            if quota_monthly:
                steps.append((_core.plan_set_role_quota_monthly,
                              (_INDEX, float(quota_monthly))))
            if minutes_per_day != 360.0:
                steps.append((_core.plan_set_role_minutes_per_day,
                              (_INDEX, float(minutes_per_day))))
            return steps
        self._add(_core.plan_role_count, "team.roles", build())

    @property
    def roles(self) -> Tuple[Role, ...]:
        with self._lock:
            h = self._h
            return tuple(
                Role(_core.plan_role_name(h, i),
                     tuple(_core.plan_role_ramp(h, i, m)
                           for m in range(_core.plan_role_ramp_count(h, i))),
                     _core.plan_role_quota_monthly(h, i), _core.plan_role_minutes_per_day(h, i))
                for i in range(_core.plan_role_count(h)))

    def add_rep(self, name: str, role: str, *, start: Optional[str] = None,
                tenure_months: Optional[int] = None, territory_weight: float = 1.0) -> None:
        """Append a rep, with exactly one of `start` (ISO date) or `tenure_months`.
        All or nothing: when a value is refused, no rep is added."""
        if (start is None) == (tenure_months is None):
            raise InvalidArgumentError("add_rep: give exactly one of start or tenure_months",
                                       code=_core.EINVAL, function="add_rep")

        def build() -> List[Tuple[Any, Sequence[Any]]]:
            who = (name, role)
            steps: List[Tuple[Any, Sequence[Any]]] = [
                (_core.plan_add_rep, who + (start,))
                if start is not None else
                (_core.plan_add_rep_tenure,
                 who + (int(tenure_months or 0),))]
            if territory_weight != 1.0:
                steps.append((_core.plan_set_rep_territory_weight,
                              (_INDEX, float(territory_weight))))
            return steps
        self._add(_core.plan_rep_count, "team.reps", build())

    @property
    def reps(self) -> Tuple[Rep, ...]:
        with self._lock:
            h = self._h
            out = []
            for i in range(_core.plan_rep_count(h)):
                tenure = _core.plan_rep_tenure_months(h, i)
                out.append(Rep(_core.plan_rep_name(h, i), _core.plan_rep_role(h, i),
                               _core.plan_rep_start(h, i), None if tenure < 0 else tenure,
                               _core.plan_rep_territory_weight(h, i)))
            return tuple(out)

    @property
    def attrition_monthly(self) -> float:
        """Monthly attrition in [0, 1)."""
        return self._get(_core.plan_attrition_monthly)

    @attrition_monthly.setter
    def attrition_monthly(self, value: float) -> None:
        self._set(_core.plan_set_attrition_monthly,
                  float(value))

    @property
    def expected_attainment(self) -> float:
        """Expected attainment in (0, 1]."""
        return self._get(_core.plan_expected_attainment)

    @expected_attainment.setter
    def expected_attainment(self, value: float) -> None:
        self._set(_core.plan_set_expected_attainment,
                  float(value))

    # ---- economics and extensions ------------------------------------------------------
    @property
    def economics(self) -> Dict[str, float]:
        """The economics inputs that are set, by name (see ECONOMICS_FIELDS)."""
        with self._lock:
            out = {}
            for f, i in _ECON_FIELD.items():
                v = _opt(_core.plan_economics(self._h, i))
                if v is not None:
                    out[f] = v
            return out

    def set_economics(self, **values: Optional[float]) -> None:
        """Set economics inputs by name, e.g. ``set_economics(arpa_monthly=500, cac=4000)``;
        None clears one."""
        for key, v in values.items():
            if key not in _ECON_FIELD:
                raise TypeError(f"set_economics: unknown field {key!r}; "
                                f"use {', '.join(ECONOMICS_FIELDS)}")
            self._set(_core.plan_set_economics, _ECON_FIELD[key],
                      _nan(v))

    def set_extension(self, key: str, value: Any) -> None:
        """Keep an "x-" key with a JSON-serialisable value (round-trips through files)."""
        self._set(_core.plan_set_extension, key, json.dumps(value))

    @property
    def extensions(self) -> Dict[str, Any]:
        """The "x-" keys and their values."""
        with self._lock:
            h = self._h
            return {_core.plan_extension_key(h, i): json.loads(_core.plan_extension_json(h, i))
                    for i in range(_core.plan_extension_count(h))}
