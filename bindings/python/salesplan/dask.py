"""Estimation on Dask (SPEC §14): :func:`estimate` over a dask DataFrame or
many CSV files, one :class:`~salesplan.EstimateState` per partition on the
workers, tree-reduced by merge (the states travel as their bytes), finished
on the client. The result equals :func:`salesplan.estimate` on all the rows.

Needs ``dask`` (and ``dask.distributed`` for a cluster: Debian's
python3-distributed); without a Client it runs on dask's default scheduler.
The guide is docs/scale.md.
"""

from __future__ import annotations

import glob as _glob
import os
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Union

from ._estimate import Estimate
from ._state import CHUNK, EstimateState, csv_chunks

__all__ = ["estimate", "partition_state", "file_state", "merge_states"]


def partition_state(frame: Any, options: Dict[str, Any]) -> bytes:
    """The state bytes of one pandas DataFrame: its rows fed as records (NaN,
    NaT and pandas.NA are nulls; Timestamps are days). Run on a worker; any
    engine with pandas partitions (Spark's mapInPandas) can call it too."""
    s = EstimateState(**options)
    if len(frame.index) > 0:
        columns = [str(c) for c in frame.columns]
        values = frame.astype(object)
        values = values.where(frame.notna(), None)
        s.feed_records(values.itertuples(index=False, name=None), columns=columns)
    return s.to_bytes()


def file_state(path: Union[str, "os.PathLike[str]"], options: Dict[str, Any],
               chunk: int = CHUNK) -> bytes:
    """The state bytes of one CSV file, read in chunks (run on a worker)."""
    s = EstimateState(**options)
    with open(path, "rb") as f:
        for block in csv_chunks(f, chunk):
            s.feed_csv(block)
    s.feed_csv_end()
    return s.to_bytes()


def merge_states(*blobs: bytes) -> bytes:
    """Merge state bytes into the bytes of one state (a reduction step)."""
    acc = EstimateState.from_bytes(blobs[0])
    for b in blobs[1:]:
        acc.merge(EstimateState.from_bytes(b))
    return acc.to_bytes()


def _tree(leaves: List[Any], merge: Callable[..., Any], split_every: int) -> Any:
    """Reduce delayed leaves level by level, `split_every` at a time."""
    level = leaves
    while len(level) > 1:
        level = [merge(*level[i:i + split_every]) if len(level[i:i + split_every]) > 1
                 else level[i] for i in range(0, len(level), split_every)]
    return level[0]


def _paths(source: Union[str, "os.PathLike[str]", Iterable[Any]]) -> List[str]:
    if isinstance(source, (str, os.PathLike)):
        p = os.fspath(source)
        found = sorted(_glob.glob(p)) if _glob.has_magic(p) else [p]
        if not found:
            raise FileNotFoundError(f"no file matches {p!r}")
        return found
    return [os.fspath(p) for p in source]


def estimate(source: Any, *, split_every: int = 8, scheduler: Optional[str] = None,
             **options: Any) -> Estimate:
    """Estimate funnel rates (SPEC §7) from a dask DataFrame or many CSV files.

    ``source``: a ``dask.dataframe.DataFrame`` (each partition's rows are fed
    as records on a worker), or CSV paths: a list, one path, or a glob pattern
    (each file is read on a worker in 1 MiB chunks; every file has its header
    row; with a cluster the paths must be readable by the workers). The
    partition states are merged in a tree, ``split_every`` at a time, as
    bytes, and the last state is finished on the client. ``options`` are those
    of :func:`salesplan.estimate` (``threads`` aside). ``scheduler`` is passed
    to ``dask.compute`` (default: the active Client, else dask's default).

    The figures equal :func:`salesplan.estimate` on all the rows; the
    document's ``bytes`` counts CSV bytes only (0 for a DataFrame), and a
    skipped row's line number is its line within its file or partition.
    """
    import dask

    if split_every < 2:
        raise ValueError("split_every must be >= 2")
    EstimateState(**options)  # bad options fail here, on the client
    opts = dict(options)
    opts.pop("threads", None)
    if hasattr(source, "to_delayed") and hasattr(source, "map_partitions"):
        leaves = [dask.delayed(partition_state, pure=True)(part, opts)
                  for part in source.to_delayed()]
    else:
        leaves = [dask.delayed(file_state, pure=True)(p, opts) for p in _paths(source)]
        if not leaves:
            raise ValueError("no CSV paths given")
    if not leaves:
        return EstimateState(**options).finish()
    root = _tree(leaves, dask.delayed(merge_states, pure=True), split_every)
    kwargs = {} if scheduler is None else {"scheduler": scheduler}
    (blob,) = dask.compute(root, **kwargs)
    return EstimateState.from_bytes(blob).finish()
