"""Monte Carlo of a plan's outcome (SPEC §8): :class:`Simulation`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, List, Optional

from . import core as _core
from ._errors import InvalidArgumentError
from ._rendered import Rendered
from ._tables import QUANTITIES, formats

__all__ = ["Simulation", "SimulationStats", "simulate_plan"]


@dataclass(frozen=True)
class SimulationStats:
    """Summary of one simulated quantity over the trials."""

    mean: float
    p10: float
    p50: float
    p90: float
    min: float
    max: float


def _stats(s: Any) -> SimulationStats:
    return SimulationStats(s.mean, s.p10, s.p50, s.p90, s.min, s.max)


def simulate_plan(plan_handle: Any, trials: int, seed: int, threads: int) -> "Simulation":
    if trials < 1:
        raise InvalidArgumentError(f"trials must be >= 1, not {trials}", code=_core.EINVAL,
                                   function="simulate")
    if seed < 0 or threads < 0:
        raise InvalidArgumentError("seed and threads must be >= 0", code=_core.EINVAL,
                                   function="simulate")
    opts = _core.SimulateOptions(int(trials), int(seed), int(threads))
    return Simulation(_core.simulate(plan_handle, opts))


class Simulation(Rendered):
    """The outcome of ``Plan.simulate()`` (immutable).

    ``to_dict()`` is the simulation document (``salesplan simulate --format
    json``): trials, seed, p_hit, p_hit_se, revenue and deals statistics.
    Same plan, trials and seed give bit-identical figures, whatever the
    thread count.
    """

    _FORMATS = formats("json", "md", "svg")
    _RENDER = "simulation_render"
    __slots__ = ()

    @cached_property
    def _summary(self) -> Any:
        return _core.simulation_summary_get(self._h)

    @property
    def trials(self) -> int:
        return int(self._summary.trials)

    @property
    def seed(self) -> int:
        return int(self._summary.seed)

    @property
    def target(self) -> float:
        return self._summary.target

    @property
    def p_hit(self) -> float:
        """Fraction of trials whose revenue reached the target."""
        return self._summary.p_hit

    @property
    def p_hit_se(self) -> float:
        """Standard error of p_hit."""
        return self._summary.p_hit_se

    @cached_property
    def revenue(self) -> SimulationStats:
        return _stats(self._summary.revenue)

    @cached_property
    def deals(self) -> SimulationStats:
        return _stats(self._summary.deals)

    def histogram(self, what: str = "revenue", bins: int = 20, lo: Optional[float] = None,
                  hi: Optional[float] = None) -> List[int]:
        """Trials counted into `bins` equal-width bins over [lo, hi] (default:
        the observed min and max of the quantity, "revenue" or "deals")."""
        q = QUANTITIES.get(what)
        if q is None:
            raise InvalidArgumentError(f"unknown quantity {what!r}; use one of "
                                       f"{', '.join(QUANTITIES)}",
                                       code=_core.EINVAL, function="simulation_histogram")
        stats = self.revenue if what == "revenue" else self.deals
        lo = stats.min if lo is None else lo
        hi = stats.max if hi is None else hi
        if hi <= lo:
            hi = lo + 1.0
        return list(_core.simulation_histogram(int(bins), self._h, q, float(lo), float(hi)))

    def __repr__(self) -> str:
        return (f"<salesplan.Simulation trials={self.trials} seed={self.seed} "
                f"p_hit={self.p_hit:.4f}±{self.p_hit_se:.4f} "
                f"revenue_p50={self.revenue.p50:g}>")
