"""What every rendered object (Result, Estimate, Simulation) shares: text in a
named format, JSON, a dict and Markdown, all from one C renderer."""

from __future__ import annotations

import json
from typing import Any, Dict

from . import core as _core
from ._errors import InvalidArgumentError


class Rendered:
    """Mixin: subclasses set ``_FORMATS`` (name -> format code) and
    ``_RENDER`` (the name of the ``core`` render function) and hold ``_h``."""

    __slots__ = ()  # the subclasses choose their own slots
    _FORMATS: Dict[str, int] = {}
    _RENDER: str = ""

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
