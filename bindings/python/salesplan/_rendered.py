"""What every rendered result wrapper (Result, Estimate, Simulation, Tracking)
shares: the handle it wraps, text in a named format, JSON, a dict, Markdown,
CSV and SVG, all from one C renderer; and NaN read as None."""

from __future__ import annotations

import json
import math
from typing import Any, Dict, Optional

from . import core as _core
from ._errors import InvalidArgumentError


def nan_none(x: float) -> Optional[float]:
    """NaN (null in the JSON documents) becomes None."""
    return None if math.isnan(x) else x


class Rendered:
    """Mixin of the immutable wrappers of a ``core`` result handle: subclasses
    set ``_FORMATS`` (name -> format code) and ``_RENDER`` (the name of the
    ``core`` render function). The figures they compute from the handle may
    be cached in the instance dict (``functools.cached_property``)."""

    __slots__ = ("_h", "__dict__")
    _FORMATS: Dict[str, int] = {}
    _RENDER: str = ""

    def __init__(self, handle: Any) -> None:
        self._h = handle

    @property
    def handle(self) -> Any:
        """The underlying ``salesplan.core`` handle, for the low-level API."""
        return self._h

    def render(self, format: str = "json") -> str:
        """The object as text in one of the formats ``_FORMATS`` names."""
        fmt = self._FORMATS.get(format)
        if fmt is None:
            raise InvalidArgumentError(f"unknown format {format!r}; use one of "
                                       f"{', '.join(self._FORMATS)}", code=_core.EINVAL,
                                       function=self._RENDER)
        return getattr(_core, self._RENDER)(self._h, fmt)  # type: ignore[attr-defined]

    def to_json(self) -> str:
        """The JSON document."""
        return self.render("json")

    def to_dict(self) -> Dict[str, Any]:
        """The JSON document as a dict (``json.loads(to_json())``)."""
        return json.loads(self.to_json())

    def to_markdown(self) -> str:
        """The Markdown report."""
        return self.render("md")

    def to_csv(self) -> str:
        """The CSV table (where the object has one: InvalidArgumentError otherwise)."""
        return self.render("csv")

    def to_svg(self) -> str:
        """The SVG chart (where the object has one: InvalidArgumentError otherwise)."""
        return self.render("svg")
