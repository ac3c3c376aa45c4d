"""Exceptions raised by salesplan, one class per kind of failure.

Every failure of the C library reaches Python as a subclass of
:class:`Error`, chosen by the library's status code; each also derives from
the built-in exception a Python programmer would catch for it (ValueError,
OSError, MemoryError...). The extension module raises them through
:func:`from_status`.
"""

from __future__ import annotations

import errno as _errno
from typing import Dict, Optional, Type

from . import core as _core
from ._tables import STATUS_NAMES

__all__ = [
    "Error",
    "PlanError",
    "DataError",
    "InvalidArgumentError",
    "LookupFailedError",
    "FileError",
    "NotFoundError",
    "OutOfMemoryError",
    "InternalError",
    "CancelledError",
    "STATUS_NAMES",
    "from_status",
]

class Error(Exception):
    """Base class of every salesplan failure.

    Attributes:
        message: what went wrong: the rule and the value found.
        code:    the C status code (an ``int``, see ``salesplan.core.EPLAN``...).
        status:  the code's name, e.g. ``"EPLAN"``.
        path:    JSON path of the bad plan input (``funnel.stages[2].conversion``)
                 or ``""``.
        line:    1-based line of the bad input, 0 when unknown.
        column:  1-based column (in bytes), 0 when unknown.
        function: the C API function that failed (without its prefix), or ``""``.
    """

    code: int
    status: str
    message: str
    path: str
    line: int
    column: int
    function: str

    def __init__(self, message: str = "", *, code: int = _core.EINTERNAL, path: str = "",
                 line: int = 0,
                 column: int = 0, function: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = STATUS_NAMES.get(code, "UNKNOWN")
        self.path = path
        self.line = line
        self.column = column
        self.function = function

    def __str__(self) -> str:
        where = ""
        if self.line > 0:
            where = f"{self.line}:{self.column}: "
        if self.path:
            where += f"{self.path}: "
        return where + self.message

    def __repr__(self) -> str:
        parts = [repr(self.message), f"code={self.status}"]
        if self.path:
            parts.append(f"path={self.path!r}")
        if self.line:
            parts.append(f"line={self.line}, column={self.column}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def __reduce__(self):  # keep the attributes through pickle
        return (_rebuild, (type(self), self.message, self.code, self.path, self.line,
                           self.column, self.function))


def _rebuild(cls, message, code, path, line, column, function):
    return cls(message, code=code, path=path, line=line, column=column, function=function)


class PlanError(Error, ValueError):
    """A plan is not well-formed JSON (ESYNTAX), breaks a rule of the plan
    format (EPLAN), or exceeds a size limit (ELIMIT). ``path``, ``line`` and
    ``column`` say where."""


class DataError(Error, ValueError):
    """CSV data cannot be used: a missing column, bad rows in strict mode,
    malformed CSV (EDATA, or ESYNTAX/ELIMIT from the CSV reader)."""


class InvalidArgumentError(Error, ValueError):
    """A bad argument was passed to the library (EINVAL): out of range, NaN, a
    value a setter refuses."""


class LookupFailedError(Error, LookupError):
    """An index is out of range or a name is unknown (ERANGE)."""


class FileError(Error, OSError):
    """Reading or writing a file failed (EIO)."""

    def __init__(self, message: str = "", **kw) -> None:
        Error.__init__(self, message, **kw)
        self.errno = _errno.EIO
        self.strerror = message
        self.filename = kw.get("path") or None

    def __str__(self) -> str:
        return Error.__str__(self)


class NotFoundError(FileError, FileNotFoundError):
    """An input file does not exist or cannot be opened (ENOENT)."""

    def __init__(self, message: str = "", **kw) -> None:
        FileError.__init__(self, message, **kw)
        self.errno = _errno.ENOENT


class OutOfMemoryError(Error, MemoryError):
    """An allocation failed (ENOMEM)."""


class InternalError(Error):
    """A bug in the library (EINTERNAL); please report it."""


class CancelledError(Error):
    """The caller cancelled the work, e.g. a simulation's progress callback (ECANCELED)."""


#: The class for each status code (OK has none). CSV functions report
#: ESYNTAX and ELIMIT as DataError (see from_status).
_BY_CODE: Dict[int, Type[Error]] = {
    _core.ENOMEM: OutOfMemoryError,
    _core.EINVAL: InvalidArgumentError,
    _core.ESYNTAX: PlanError,
    _core.EPLAN: PlanError,
    _core.EDATA: DataError,
    _core.EIO: FileError,
    _core.ENOENT: NotFoundError,
    _core.ERANGE: LookupFailedError,
    _core.ELIMIT: PlanError,
    _core.EINTERNAL: InternalError,
    _core.ECANCELED: CancelledError,
}
_CSV_CODES = (_core.ESYNTAX, _core.ELIMIT)


def _text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value) if value is not None else ""


def from_status(code: int, message=b"", path=b"", line: int = 0, column: int = 0,
                status_text=b"", function: Optional[str] = "") -> Error:
    """The exception for a C status `code` and its details (not raised).

    Called by the extension module; CSV functions (``estimate*``) report
    syntax and limit problems as :class:`DataError` rather than PlanError.
    """
    function = _text(function)
    cls = _BY_CODE.get(code, Error)
    if code in _CSV_CODES and function.startswith("estimate"):
        cls = DataError
    msg = _text(message) or _text(status_text) or "unknown status"
    return cls(msg, code=code, path=_text(path), line=int(line), column=int(column),
               function=function.removeprefix("_wrap_"))
