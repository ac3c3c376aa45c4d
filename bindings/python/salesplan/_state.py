"""Estimation as a mergeable state (SPEC §14): :class:`EstimateState`.

A state takes CSV bytes in chunks of any size or records already in memory,
merges with other states, travels as bytes (pickling goes through them) and
finishes into the same :class:`~salesplan.Estimate` as one run over all the
rows. ``salesplan.dask`` builds on it; any engine that runs a Python function
per partition and reduces can do the same (docs/scale.md).
"""

from __future__ import annotations

import io
from typing import Any, Iterable, Iterator, List, Mapping, Optional, Sequence, Union

from . import core as _core
from ._errors import DataError, InvalidArgumentError
from ._estimate import Estimate, _in_python_words, _join_pairs, _join_sources, _options

__all__ = ["EstimateState"]

#: Bytes read from a file object at a time (the library's own read size).
CHUNK = 1 << 20


def _state_options(options: Mapping[str, Any]) -> dict:
    """estimate_run() options from estimate()'s keywords. A state keeps its
    join tables in its options, which travel in its bytes and must be equal
    for two states to merge: a path by its name, a table in memory by its
    whole CSV text (so it needs no file where the bytes are read back)."""
    kw = dict(options)
    pairs = _join_pairs(kw.pop("join", None), kw.pop("join_path", None),
                        kw.pop("join_key", None))
    return _options(kw, _join_sources(pairs, kw.get("delimiter")))


class EstimateState:
    """An estimation accumulator (SPEC §14).

    ``EstimateState(**options)`` takes the keywords of :func:`salesplan.estimate`
    (``threads`` is ignored; a ``join`` table held in memory travels with
    the state's bytes). Feed it with
    :meth:`feed_csv` (bytes, any chunk size, the header in the first bytes) or
    :meth:`feed_records` (dicts or sequences), fold others in with
    :meth:`merge`, move it as ``bytes(state)`` and :meth:`from_bytes`, and
    :meth:`finish` it into an Estimate. Any split of the rows into states,
    merged in any order, finishes into the estimate of all the rows (the
    JSON's ``bytes`` read counts CSV bytes only).

    Not thread-safe: one thread at a time per state. Feeding CSV releases the GIL.
    """

    __slots__ = ("_h", "_columns")

    def __init__(self, **options: Any) -> None:
        try:
            self._h = _core.estimate_state_new(_state_options(options))
        except Exception as e:
            raise _in_python_words(e)
        self._columns: Optional[List[str]] = None

    @classmethod
    def _from_options(cls, opts: Mapping[str, Any]) -> "EstimateState":
        """A state from options already checked by ``_estimate._options``."""
        return cls._wrap(_core.estimate_state_new(dict(opts)))

    @classmethod
    def _wrap(cls, handle: Any) -> "EstimateState":
        s = cls.__new__(cls)
        s._h = handle
        s._columns = None
        return s

    @property
    def handle(self) -> Any:
        """The underlying ``salesplan.core.EstimateStateHandle``."""
        return self._h

    def feed_csv(self, chunk: Union[bytes, bytearray, memoryview, str]) -> "EstimateState":
        """Feed CSV bytes (a str is taken as UTF-8). Raises DataError on bad data
        (strict mode), InvalidArgumentError on another header."""
        _core.estimate_state_feed_csv(self._h, chunk)
        return self

    def feed_csv_end(self) -> "EstimateState":
        """End the CSV document (counts a last row without a line end); several
        documents with the same header may be fed one after the other."""
        _core.estimate_state_feed_csv_end(self._h)
        return self

    def feed_records(self, records: Iterable[Union[Mapping[str, Any], Sequence[Any]]],
                     columns: Optional[Sequence[str]] = None) -> int:
        """Feed records: dicts (column names from ``columns`` or else the first
        dict's keys; a missing key is a null) or sequences in the order of
        ``columns``. Values: str (read as a CSV field), int/float (a number;
        NaN is a null), ``datetime.date`` (a day), None (a null). Returns the
        number of records fed."""
        got = _records(records, columns, self._columns)
        if got is None:
            return 0
        names, set_names, rows = got
        n = _core.estimate_state_feed_rows(self._h, set_names, rows)
        self._columns = names
        return int(n)

    def merge(self, other: "EstimateState") -> "EstimateState":
        """Fold ``other`` into this state (other is unchanged); returns self.
        Raises InvalidArgumentError when the options or headers differ."""
        if not isinstance(other, EstimateState):
            raise TypeError("merge: expected an EstimateState")
        _core.estimate_state_merge(self._h, other._h)
        return self

    def to_bytes(self) -> bytes:
        """The state as versioned, checked bytes (the same state, the same bytes)."""
        return _core.estimate_state_to_bytes(self._h)

    def __bytes__(self) -> bytes:
        return self.to_bytes()

    @classmethod
    def from_bytes(cls, data: Union[bytes, bytearray, memoryview]) -> "EstimateState":
        """A state from :meth:`to_bytes`. Corrupt or truncated bytes raise DataError."""
        if isinstance(data, str):
            raise TypeError("from_bytes: expected bytes, not str")
        return cls._wrap(_core.estimate_state_deserialize(data))

    def finish(self) -> Estimate:
        """The estimate of everything fed and merged so far (the state may take more)."""
        try:
            return Estimate(_core.estimate_state_finish(self._h))
        except Exception as e:
            raise _in_python_words(e)

    def __reduce__(self) -> Any:
        return (EstimateState.from_bytes, (self.to_bytes(),))

    def __repr__(self) -> str:
        return f"<salesplan.EstimateState {len(self.to_bytes())} bytes>"


def csv_chunks(f: Any, size: int = CHUNK) -> Iterator[Union[bytes, memoryview]]:
    """The bytes of a file object open for reading, `size` at a time: one
    buffer reused with ``readinto`` when the file has it, else ``read``
    (a text file's str chunks are encoded as UTF-8). Each chunk is valid
    until the next one is asked for."""
    readinto = getattr(f, "readinto", None)
    if readinto is not None and not isinstance(f, io.TextIOBase):
        buf = bytearray(size)
        view = memoryview(buf)
        while True:
            n = readinto(buf)
            if not n:
                return
            yield view[:n]
    while True:
        chunk = f.read(size)
        if not chunk:
            return
        yield chunk.encode("utf-8") if isinstance(chunk, str) else chunk


def _dict_rows(rows: Iterable[Any]) -> Iterator[Mapping[str, Any]]:
    for i, r in enumerate(rows):
        if not isinstance(r, Mapping):
            raise TypeError(f"estimate(): record {i + 1} is a {type(r).__name__}, not a dict "
                            "(column -> value); rows of another shape go through "
                            "EstimateState.feed_records(rows, columns=...)")
        yield r


def estimate_streamed(source: Any, opts: Mapping[str, Any]) -> Estimate:
    """:func:`salesplan.estimate` of a file object or an iterable of dicts,
    with options from ``_estimate._options``: one state fed as it is read."""
    if hasattr(source, "read"):
        kind = "a file object"
    elif isinstance(source, Mapping) or not isinstance(source, Iterable):
        raise TypeError("estimate(): expected a path, bytes, a file object or an iterable "
                        f"of dicts, not {type(source).__name__}")
    else:
        kind = "records"
    if opts.get("threads", 0) > 1:
        raise InvalidArgumentError(f"keyword threads={opts['threads']} reads a file on "
                                   f"several threads; {kind} can only be read in order on "
                                   "the calling thread: pass a path, or leave threads out",
                                   code=_core.EINVAL, function="estimate")
    state = EstimateState._from_options(opts)
    if kind == "records":
        fed = state.feed_records(_dict_rows(source))
    else:
        fed = 0
        for chunk in csv_chunks(source):
            state.feed_csv(chunk)
            fed += len(chunk)
        state.feed_csv_end()
    if not fed:  # as the path form says of an empty file
        raise DataError("the input is empty: no header row" if kind != "records"
                        else "the input is empty: no records", code=_core.EDATA,
                        function="estimate")
    return state.finish()


def _chain(first: Any, rest: Any) -> Iterable[Any]:
    yield first
    yield from rest


def _records(records: Iterable[Any], columns: Optional[Sequence[str]],
             current: Optional[List[str]], strict: bool = False) -> Optional[tuple]:
    """(names, the names to set or None when they are `current`, the rows as
    sequences) for a feed of records, None when there is none. Dicts are read
    in the order of `columns`, else of `current`, else of the first dict's keys
    (a missing key is a null; with `strict`, a key the columns do not have is
    an error); sequences are passed as they are."""
    names = [str(c) for c in columns] if columns is not None else current
    it = iter(records)
    first = next(it, None)
    if first is None:
        return None
    if names is None:
        if not isinstance(first, Mapping):
            raise TypeError("feed_records: sequences need columns=")
        names = [str(k) for k in first.keys()]
    known = set(names)

    def rows() -> Iterable[Sequence[Any]]:
        for n, r in enumerate(_chain(first, it), 1):
            if not isinstance(r, Mapping):
                yield r
                continue
            extra = [k for k in r if k not in known] if strict else []
            if extra:
                raise InvalidArgumentError(f"record {n} has a field {extra[0]!r} that the "
                                           f"columns ({', '.join(names)}) do not have",
                                           code=_core.EINVAL)
            yield [r.get(c) for c in names]  # type: ignore[union-attr]

    return names, (names if names != current else None), rows()
