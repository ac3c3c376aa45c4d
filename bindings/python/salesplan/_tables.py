"""The C API's enums by name, read from ``salesplan.core`` at import time.

Nothing here restates a number of the C header: every table is built from
the constants SWIG generated from it (``FORMAT_JSON``, ``TARGET_RENEWAL``,
``EPLAN``...), so a value added to an enum in C appears here by itself. The
names are the constants' suffixes in lower case, which are also the names
of the plan format and of the command-line options.
"""

from __future__ import annotations

import re
from typing import Dict, Tuple

from . import core as _core

__all__ = [
    "enum", "STATUS_NAMES", "WEEKDAYS", "WEEKDAY_BITS", "TARGET_KINDS", "TEXT_FIELDS",
    "ECONOMICS_FIELDS", "COMPETITOR_KINDS", "LISTS", "MODES", "FORMATS", "SHAPES",
    "DATE_ORDERS", "QUANTITIES", "formats",
]


def enum(prefix: str) -> Dict[str, int]:
    """The constants ``<PREFIX>NAME`` of ``core`` as ``{"name": value}``, by value."""
    items = [(n[len(prefix):].lower(), getattr(_core, n)) for n in dir(_core)
             if n.startswith(prefix) and n[len(prefix):].replace("_", "").isalpha()
             and n.isupper() and isinstance(getattr(_core, n), int)]
    return dict(sorted(items, key=lambda kv: kv[1]))


def _statuses() -> Dict[int, str]:
    """Status code -> constant name (``"EPLAN"``): OK and the E<NAME> constants
    the library has a text for."""
    unknown = _core.strerror(-1)
    out = {}
    for n in dir(_core):
        if n == "OK" or re.fullmatch(r"E[A-Z]+", n):
            code = getattr(_core, n)
            if isinstance(code, int) and (n == "OK" or _core.strerror(code) != unknown):
                out[code] = n
    return dict(sorted(out.items()))


#: Status code -> name of the C constant without its SALESPLAN_ prefix.
STATUS_NAMES: Dict[int, str] = _statuses()

def _weekdays() -> Dict[str, int]:
    """The salesplan_weekday items: three-letter constants of one bit each
    (SALESPLAN_MON = 1 << 0 ... SALESPLAN_SUN = 1 << 6), not status names."""
    bits = {}
    for n in dir(_core):
        v = getattr(_core, n)
        if (len(n) == 3 and n.isalpha() and n.isupper() and n not in STATUS_NAMES.values()
                and isinstance(v, int) and v > 0 and v & (v - 1) == 0):
            bits[n.lower()] = v
    return dict(sorted(bits.items(), key=lambda kv: kv[1]))


#: Weekday name -> bit of the C mask ("mon" -> SALESPLAN_MON), Monday first.
WEEKDAY_BITS: Dict[str, int] = _weekdays()
#: Weekday names of the plan format, Monday first.
WEEKDAYS: Tuple[str, ...] = tuple(WEEKDAY_BITS)
#: target.kind values, in the order of the C enum.
TARGET_KINDS: Tuple[str, ...] = tuple(enum("TARGET_"))
#: narrative text fields, in the order of the C enum.
TEXT_FIELDS: Tuple[str, ...] = tuple(enum("TEXT_"))
#: economics fields, in the order of the C enum.
ECONOMICS_FIELDS: Tuple[str, ...] = tuple(enum("ECON_"))
#: competitor kinds ("direct", "indirect").
COMPETITOR_KINDS: Tuple[str, ...] = tuple(enum("COMPETITOR_"))
#: narrative lists ("strategies", "kpis") -> salesplan_list.
LISTS: Dict[str, int] = enum("LIST_")
#: compute modes ("plan", "expected", "confidence") -> salesplan_mode.
MODES: Dict[str, int] = enum("MODE_")
#: render formats -> salesplan_format; "md" is the short name of "markdown",
#: as on the command line.
FORMATS: Dict[str, int] = {("md" if k == "markdown" else k): v
                           for k, v in enum("FORMAT_").items()}
FORMATS["markdown"] = FORMATS["md"]
#: CSV shapes ("snapshot", "transitions") -> salesplan_estimate_shape.
SHAPES: Dict[str, int] = enum("SHAPE_")
#: date orders ("mdy", "dmy") -> salesplan_date_order.
DATE_ORDERS: Dict[str, int] = enum("DATE_")
#: simulated quantities ("revenue", "deals") -> salesplan_simulation_quantity.
QUANTITIES: Dict[str, int] = enum("SIMULATION_")


def formats(*names: str) -> Dict[str, int]:
    """The FORMATS a renderer supports, given by short name (``"md"`` brings
    its alias ``"markdown"``)."""
    out = {n: FORMATS[n] for n in names}
    if "md" in out:
        out["markdown"] = out["md"]
    return out
