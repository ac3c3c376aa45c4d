"""libsalesplan for Python: turn a revenue goal into a complete, checkable sales plan.

Quick start::

    import salesplan
    plan = salesplan.example_plan()          # or Plan.load("plan.json")
    result = plan.compute()                  # or plan.compute(confidence=0.9)
    for a in result.activities:
        print(a.name, a.per_workday)
    doc = result.to_dict()                   # the JSON result document

Everything here is a thin layer over the C library (``salesplan.core`` is the
SWIG wrapper of the C API, one function per C function). Failures raise
subclasses of :class:`Error`: :class:`PlanError` (a ValueError with ``path``,
``line``, ``column``) for bad plans, :class:`DataError` for unusable CSV data,
OSError subclasses for files, MemoryError for allocation failures.

Long calls (load, validate, compute, render, estimate, simulate) release the
GIL; separate objects may be used from separate threads at the same time.
"""

from __future__ import annotations

import json as _json
from typing import Any, Dict, Union

from . import core
from ._errors import (CancelledError, DataError, Error, FileError, InternalError,
                      InvalidArgumentError, LookupFailedError, NotFoundError, OutOfMemoryError,
                      PlanError)
from ._plan import (ECONOMICS_FIELDS, TARGET_KINDS, TEXT_FIELDS, WEEKDAYS, Activity,
                    Competitor, Plan, Problem, Rep, Role, Stage, example_json, example_plan,
                    validate_file, validate_json)
from ._scenario import compare
from ._result import (FORMATS, ActivityResult, Capacity, Metrics, Overview, Phase, Quota,
                      RepQuota, Result, ResultWarning, RoleResult, Slice, StageResult)

#: Version of the C library the extension was built with (e.g. "0.1.0").
__version__: str = core.version()

__all__ = [
    "__version__", "core",
    # errors
    "Error", "PlanError", "DataError", "InvalidArgumentError", "LookupFailedError",
    "FileError", "NotFoundError", "OutOfMemoryError", "InternalError", "CancelledError",
    # plans
    "Plan", "Problem", "Stage", "Activity", "Role", "Rep", "Competitor",
    "WEEKDAYS", "TARGET_KINDS", "TEXT_FIELDS", "ECONOMICS_FIELDS",
    "example_plan", "example_json", "validate_json", "validate_file",
    # results
    "Result", "Overview", "StageResult", "ActivityResult", "RoleResult", "Slice",
    "RepQuota", "Phase", "Quota", "Capacity", "Metrics", "ResultWarning", "FORMATS",
    "json_call", "strerror", "compare",
]


def json_call(request: Union[str, bytes, Dict[str, Any]]) -> Dict[str, Any]:
    """One call from JSON to JSON, as the C library offers FFI hosts.

    `request` is a dict or JSON text such as ``{"op": "plan", "plan": {...}}``.
    Returns the reply document as a dict; a failure is reported in the reply
    (``{"error": {...}}``), not raised.
    """
    if isinstance(request, dict):
        request = _json.dumps(request)
    return _json.loads(core.json_call(request))


def strerror(code: int) -> str:
    """Text for a C status code."""
    return core.strerror(code)


# Modules of the C API that joined later are exposed when the extension has them.
if hasattr(core, "estimate_run"):
    from ._estimate import (Estimate, EstimateFigures, EstimateGroup, EstimateStage,
                            FunnelStage, SkippedRow, estimate, estimate_text)
    __all__ += ["Estimate", "EstimateFigures", "EstimateGroup", "EstimateStage",
                "FunnelStage", "SkippedRow", "estimate", "estimate_text"]
    from ._state import EstimateState
    __all__ += ["EstimateState"]
if hasattr(core, "simulate"):
    from ._simulate import Simulation, SimulationStats
    __all__ += ["Simulation", "SimulationStats"]
from ._track import Tracking, TrackingActivity, TrackingRep  # noqa: E402
__all__ += ["Tracking", "TrackingActivity", "TrackingRep"]
from ._activities import ActivityState, ActivityYield, ActivityYields, OwnerYield, activities  # noqa: E402
__all__ += ["ActivityState", "ActivityYield", "ActivityYields", "OwnerYield", "activities"]


def __getattr__(name: str) -> Any:
    """``salesplan.dask`` is imported on first use (it needs dask)."""
    if name == "dask":
        import importlib
        return importlib.import_module(".dask", __name__)
    raise AttributeError(f"module 'salesplan' has no attribute {name!r}")
