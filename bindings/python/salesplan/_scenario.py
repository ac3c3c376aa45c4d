"""Scenarios: comparison of plans and one-lever-at-a-time sensitivity.

Both run in C through ``salesplan_json_call`` (ops "compare" and
"sensitivity") and come back as plain dicts shaped like the JSON documents
of docs/scenarios.md; failures raise the usual :class:`Error` subclasses.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Sequence, Union

from . import core as _core
from ._errors import from_status

if TYPE_CHECKING:
    from ._plan import Plan

PatchLike = Union[str, bytes, Mapping[str, Any]]


def _call(request: Dict[str, Any]) -> Dict[str, Any]:
    reply = json.loads(_core.json_call(json.dumps(request)))
    if isinstance(reply, dict) and "error" in reply and len(reply) == 1:
        e = reply["error"]
        raise from_status(e["code"], e.get("message", ""), e.get("path", ""), e.get("line", 0),
                          e.get("column", 0), e.get("status", ""), request["op"])
    return reply


def _doc(x: Any) -> Any:
    """A plan or patch as the request takes it: a dict, or JSON text."""
    if hasattr(x, "to_json"):
        return x.to_json()
    if isinstance(x, bytes):
        return x.decode("utf-8")
    if isinstance(x, Mapping):
        return dict(x)
    return x


def compare(plans: Sequence[Any], *, patches: Optional[Sequence[PatchLike]] = None,
            labels: Optional[Sequence[str]] = None, trials: int = 0, seed: int = 1,
            threads: int = 0) -> Dict[str, Any]:
    """Headline figures of plans side by side, with the difference to the first.

    `plans` are :class:`Plan` objects, dicts or JSON texts. With `patches`
    (then exactly one plan) the scenarios are the plan and the plan with each
    JSON Merge Patch applied alone. With `trials` > 0 each plan is simulated
    (same seed for all) and P(hit), also at the team's capacity, is compared.

    Returns ``{"scenarios": [...], "figures": [{"key", "label", "values",
    "difference"}, ...]}`` (absent figures are None).
    """
    req: Dict[str, Any] = {"op": "compare", "plans": [_doc(p) for p in plans],
                           "trials": trials, "seed": seed, "threads": threads}
    if patches is not None:
        req["patches"] = [json.loads(_doc(p)) if isinstance(_doc(p), str) else _doc(p)
                          for p in patches]
    if labels is not None:
        req["labels"] = list(labels)
    return _call(req)


def sensitivity(plan: "Plan", *, step: float = 0.1, rank_by: str = "deals_needed",
                activity: Optional[str] = None, trials: int = 20000, seed: int = 1,
                threads: int = 0) -> Dict[str, Any]:
    """One lever at a time (SPEC section 13); see :meth:`Plan.sensitivity`."""
    req: Dict[str, Any] = {"op": "sensitivity", "plan": plan.to_json(), "step": step,
                           "rank_by": rank_by, "trials": trials, "seed": seed,
                           "threads": threads}
    if activity is not None:
        req["activity"] = activity
    return _call(req)
