"""Result objects of the reach models: what a planner reads, tables and charts.

Every result answers the same questions the same way: ``.reach`` (a fraction
of the target population), ``.average_frequency`` (exposures per person
reached), ``.grp``, ``.to_frame()`` (a tidy table), ``.plot(ax=None)`` (a
titled chart with labelled axes and a source line, returning the axes) and an
HTML view for notebooks (a sentence and the table).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import special

from smtools.errors import DataError
from smtools.reach import _checks

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["BetaBinomialDistribution", "FrequencyDistribution", "HofmansReach", "NetReach"]

#: Rows shown in tables and bars drawn in charts before the tail is grouped.
MAX_ROWS = 30


def pct(value: float, decimals: int = 1) -> str:
    """A fraction as a percentage string (``nan`` shown as "n/a")."""
    if not np.isfinite(value):
        return "n/a"
    return f"{value * 100:.{decimals}f}%"


def freq(value: float) -> str:
    """An average frequency for a sentence ("n/a" when nobody is reached)."""
    return f"{value:.2f}" if np.isfinite(value) else "n/a"


def number(value: float) -> str:
    """A count or amount for a sentence or a source line (thousands separators)."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.4g}"


def percent_ticks(ax: Axes, *, axis: str = "y") -> Axes:
    """Percentage labels on round steps (1, 2, 5 × 10ⁿ) so no tick label is rounded."""
    import matplotlib.ticker as mticker

    from smtools import viz

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(mticker.MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
    lo, hi = (ax.get_ylim() if axis == "y" else ax.get_xlim())
    ticks = [t for t in target.get_major_locator().tick_values(lo, hi) if lo <= t <= hi]
    step = min(np.diff(ticks)) if len(ticks) > 1 else 0.1
    return viz.percent_axis(ax, axis=axis, decimals=0 if step >= 0.01 - 1e-12 else 1)


def new_axes(ax: Axes | None) -> Axes:
    """The axes to draw on: ``ax`` or a new figure in the smtools theme."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    from smtools import viz

    viz.theme()
    _, new = plt.subplots()
    return new


def html_block(sentence: str, frame: pd.DataFrame, formats: dict[str, str],
               note: str | None = None) -> str:
    """A sentence, the table and an optional note, as notebook HTML."""
    from smtools import viz

    table = viz.table(frame, formats=formats).to_html()
    tail = f"<p><small>{html.escape(note)}</small></p>" if note else ""
    return f"<p>{html.escape(sentence)}</p>{table}{tail}"


def safe_ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, NaN where den is 0 (no numpy warning)."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class FrequencyDistribution:
    """Share of the target population exposed exactly 0, 1, …, n times.

    Parameters
    ----------
    distribution : Series
        Shares (fractions summing to 1) indexed 0..n by the number of exposures.
    model : str
        The model that produced it, in words.
    source : str
        Where its formula comes from (used in the chart's source line).
    exposures : float, optional
        Mean exposures per head of population (GRP ÷ 100). Computed from the
        distribution when omitted; required when ``open_ended``.
    open_ended : bool
        True when the last row counts people exposed *n or more* times.

    Examples
    --------
    >>> fd = FrequencyDistribution(distribution=pd.Series([0.5, 0.3, 0.2]),
    ...                            model="observed", source="test")
    >>> fd.reach, round(fd.average_frequency, 2), round(fd.grp, 1)
    (0.5, 1.4, 70.0)
    >>> fd.at_least(2)
    0.2
    """

    distribution: pd.Series
    model: str
    source: str
    exposures: float | None = None
    open_ended: bool = False

    def __post_init__(self) -> None:
        dist = self.distribution
        if not isinstance(dist, pd.Series):
            dist = pd.Series(dist)
        try:
            values = dist.to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise DataError("the distribution must hold numbers", column="distribution",
                            hint="give one share per number of exposures") from None
        n = len(values)
        if n == 0:
            raise DataError("the distribution is empty", column="distribution",
                            hint="give the share exposed 0, 1, 2… times")
        if not np.array_equal(np.asarray(dist.index), np.arange(n)):
            raise DataError("the distribution must be indexed 0, 1, …, n (times exposed)",
                            column="distribution",
                            hint="index the shares by the number of exposures, starting at 0")
        if not np.all(np.isfinite(values)) or np.any(values < -1e-9):
            raise DataError("the distribution holds a negative, missing or infinite share",
                            column="distribution", hint="give shares between 0 and 1")
        total = values.sum()
        if abs(total - 1) > 1e-6:
            raise DataError(f"the distribution sums to {total:.6f}, not 1",
                            column="distribution",
                            hint="include the share never exposed (row 0) so the shares add "
                                 "up to 1")
        values = np.clip(values, 0.0, None)
        values = values / values.sum()
        series = pd.Series(values, index=pd.RangeIndex(n, name="times_exposed"), name="share")
        object.__setattr__(self, "distribution", series)
        floor = float(np.dot(np.arange(n), values))
        if self.exposures is None:
            if self.open_ended:
                raise DataError("an open-ended distribution needs its mean exposures",
                                column="exposures",
                                hint="pass exposures = impressions ÷ population")
            object.__setattr__(self, "exposures", floor)
        else:
            exp = _checks.positive(self.exposures, "exposures", strict=False)
            slack = 1e-6 * max(1.0, floor)
            if exp < floor - slack or (not self.open_ended and abs(exp - floor) > slack):
                raise DataError(f"exposures per head ({exp:g}) do not match the "
                                f"distribution ({floor:g})", column="exposures",
                                hint="leave exposures out to compute it from the distribution")
            object.__setattr__(self, "exposures", exp)

    # -- the numbers a planner asks for ---------------------------------------------------
    @property
    def n(self) -> int:
        """Highest number of exposures in the table (``n+`` when open-ended)."""
        return len(self.distribution) - 1

    @property
    def reach(self) -> float:
        """Share of the population exposed at least once (1+ reach)."""
        return float(1.0 - self.distribution.iloc[0])

    @property
    def grp(self) -> float:
        """Gross rating points: 100 × mean exposures per head of population."""
        return 100.0 * float(self.exposures)

    @property
    def average_frequency(self) -> float:
        """Mean exposures among the people reached (GRP ÷ reach %); NaN if nobody is reached."""
        reach = self.reach
        return float(self.exposures) / reach if reach > 0 else float("nan")

    def exactly(self, k: int) -> float:
        """Share of the population exposed exactly ``k`` times.

        Examples
        --------
        >>> FrequencyDistribution(distribution=pd.Series([0.5, 0.3, 0.2]), model="m",
        ...                       source="s").exactly(1)
        0.3
        """
        k = _checks.count(k, "k", minimum=0)
        if k > self.n or (self.open_ended and k == self.n):
            if self.open_ended:
                raise DataError(f"this distribution groups {self.n} or more exposures",
                                column="k", hint=f"ask for k below {self.n}, or rebuild the "
                                                 "distribution with a larger max_k")
            return 0.0
        return float(self.distribution.iloc[k])

    def at_least(self, k: int) -> float:
        """Share of the population exposed ``k`` or more times (k+ reach).

        Examples
        --------
        >>> FrequencyDistribution(distribution=pd.Series([0.5, 0.3, 0.2]), model="m",
        ...                       source="s").at_least(1)
        0.5
        """
        k = _checks.count(k, "k", minimum=0)
        if k > self.n:
            if self.open_ended:
                raise DataError(f"this distribution groups {self.n} or more exposures",
                                column="k", hint=f"ask for k up to {self.n}, or rebuild the "
                                                 "distribution with a larger max_k")
            return 0.0
        return float(min(1.0, self.distribution.iloc[k:].sum()))

    def effective_reach(self, k: int = 3) -> float:
        """Effective reach: share exposed at least ``k`` times (3+ by default).

        Examples
        --------
        >>> fd = FrequencyDistribution(distribution=pd.Series([0.4, 0.3, 0.2, 0.1]),
        ...                            model="m", source="s")
        >>> round(fd.effective_reach(), 4), round(fd.effective_reach(k=2), 4)
        (0.1, 0.3)
        """
        return self.at_least(k)

    # -- tables and charts ----------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """Tidy table: ``times_exposed``, ``share`` (exactly) and ``at_least`` (k+ reach).

        Examples
        --------
        >>> FrequencyDistribution(distribution=pd.Series([0.5, 0.3, 0.2]), model="m",
        ...                       source="s").to_frame()["at_least"].tolist()
        [1.0, 0.5, 0.2]
        """
        share = self.distribution.to_numpy()
        tail = np.minimum(1.0, np.cumsum(share[::-1])[::-1])
        frame = pd.DataFrame({"times_exposed": np.arange(len(share)), "share": share,
                              "at_least": tail})
        frame.attrs["open_ended"] = self.open_ended
        return frame

    def _display(self) -> tuple[pd.DataFrame, bool]:
        """Rows for reading: long tails grouped into a last ``m+`` row."""
        frame = self.to_frame()
        last_open = self.open_ended
        if len(frame) > MAX_ROWS + 1:
            tail = frame["at_least"].to_numpy()
            small = np.flatnonzero(tail < 1e-3)
            cut = int(small[0]) if small.size else MAX_ROWS
            cut = max(2, min(cut, MAX_ROWS))
            frame = frame.iloc[: cut + 1].copy()
            frame.loc[frame.index[-1], "share"] = frame["at_least"].iloc[-1]
            last_open = True
        labels = frame["times_exposed"].astype(str).tolist()
        if last_open:
            labels[-1] += "+"
        frame = frame.assign(times_exposed=labels)
        return frame, last_open

    @property
    def source_line(self) -> str:
        """The chart's source line."""
        return f"Model estimate, {self.model} ({self.source}); computed with smtools.reach"

    def plot(self, ax: Axes | None = None, *, k: int = 3, title: str | None = None,
             source: str | None = None) -> Axes:
        """Bars of the share exposed 1, 2, … times; bars at ``k``+ highlighted.

        Examples
        --------
        >>> import matplotlib.pyplot as plt
        >>> fd = FrequencyDistribution(distribution=pd.Series([0.4, 0.3, 0.2, 0.1]),
        ...                            model="observed", source="test")
        >>> ax = fd.plot()
        >>> len(ax.patches), ax.get_xlabel()
        (3, 'Times exposed (exposures per person)')
        >>> plt.close(ax.figure)
        """
        from matplotlib.patches import Patch

        from smtools import viz

        k = _checks.count(k, "k", minimum=1)
        ax = new_axes(ax)
        frame, _ = self._display()
        shown = frame.iloc[1:]
        positions = np.arange(1, len(shown) + 1)
        colours = [viz.PALETTE[2] if p >= k else viz.PALETTE[0] for p in positions]
        ax.bar(positions, shown["share"].to_numpy(), color=colours, width=0.8)
        if len(positions) <= 20:
            ax.set_xticks(positions, shown["times_exposed"].tolist())
        handles = []
        if k > 1:
            label = "1 exposure" if k == 2 else f"1 to {k - 1} exposures"
            handles.append(Patch(color=viz.PALETTE[0], label=label))
        effective = float(self.distribution.iloc[k:].sum())
        handles.append(Patch(color=viz.PALETTE[2],
                             label=f"{k}+ exposures ({pct(effective)} of the population)"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        percent_ticks(ax)
        viz.finish(ax, title=title or f"Frequency distribution: {self.model}",
                   xlabel="Times exposed (exposures per person)",
                   ylabel="People exposed (% of target population)",
                   source=source or self.source_line)
        return ax

    def summary(self, k: int = 3) -> str:
        """One sentence with reach, k+ reach, average frequency and GRP."""
        kplus = self.at_least(k) if (k <= self.n or not self.open_ended) else float("nan")
        return (f"{self.model}: {pct(self.reach)} of the target population reached, "
                f"{pct(kplus)} reached {k}+ times, average frequency "
                f"{freq(self.average_frequency)} among those reached ({self.grp:,.1f} GRP).")

    def _repr_html_(self) -> str:
        frame, grouped = self._display()
        note = "The last row groups the people exposed that many times or more." \
            if grouped else None
        return html_block(self.summary(), frame, {"share": "{:.1%}", "at_least": "{:.1%}"},
                          note)

    def __repr__(self) -> str:
        top = f"{self.n}+" if self.open_ended else str(self.n)
        return (f"{type(self).__name__}(model={self.model!r}, reach={pct(self.reach, 2)}, "
                f"average_frequency={self.average_frequency:.2f}, grp={self.grp:.1f}, "
                f"max_exposures={top})")


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class BetaBinomialDistribution(FrequencyDistribution):
    """A beta-binomial frequency distribution and the parameters it was fitted with.

    ``alpha`` and ``beta`` are the shapes of the beta distribution of people's
    exposure probabilities; ``fit`` says whether the data sat inside the
    beta-binomial range or on one of its limits (``"binomial limit"``: random
    duplication, ``alpha = beta = inf``; ``"polarized limit"``: the same people
    see every insertion, ``alpha = beta = 0``).

    Examples
    --------
    >>> from smtools.reach import beta_binomial
    >>> res = beta_binomial(0.5, 0.65, 5)
    >>> round(res.alpha, 4), round(res.beta, 4), res.fit
    (0.75, 0.75, 'beta-binomial')
    >>> round(res.reach_at(2), 4)
    0.65
    """

    alpha: float
    beta: float
    r1: float
    r2: float
    fit: str = "beta-binomial"

    def reach_at(self, insertions: Any) -> Any:
        """Reach after any number of insertions (whole or not) of the fitted vehicle.

        ``1 − B(α, β + n) / B(α, β)`` (Metheringham 1964); the binomial limit
        gives ``1 − (1 − R1)ⁿ`` and the polarized limit ``R1`` for n ≥ 1.
        """
        n = _checks.nonnegative_array(insertions, "insertions")
        if self.fit == "binomial limit":
            out = -np.expm1(n * np.log1p(-self.r1)) if self.r1 < 1 else np.where(n > 0, 1.0, 0.0)
        elif self.fit == "polarized limit":
            out = np.where(n > 0, self.r1, 0.0)
        else:
            out = -np.expm1(special.betaln(self.alpha, self.beta + n)
                            - special.betaln(self.alpha, self.beta))
        return _checks.like(np.clip(out, 0.0, 1.0), insertions)

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(alpha={self.alpha:.4g}, beta={self.beta:.4g}, "
                f"fit={self.fit!r}, reach={pct(self.reach, 2)}, "
                f"average_frequency={self.average_frequency:.2f}, grp={self.grp:.1f}, "
                f"insertions={self.n})")


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class NetReach:
    """Net (unduplicated) reach of several vehicles, from a formula that gives reach only.

    Parameters
    ----------
    reach : float
        Net reach, a fraction of the target population.
    vehicles : Series
        Reach of each vehicle on its own (fractions), indexed by vehicle.
    exposures : float
        Gross exposures per head of population (GRP ÷ 100).
    model, source : str
        The formula and where it comes from.

    Examples
    --------
    >>> from smtools.reach import sainsbury_discounted
    >>> res = sainsbury_discounted([0.3, 0.4, 0.2])
    >>> round(res.reach, 4), round(res.grp, 1)
    (0.6308, 90.0)
    """

    reach: float
    vehicles: pd.Series
    exposures: float
    model: str
    source: str

    @property
    def grp(self) -> float:
        """Gross rating points of the plan (sum of the vehicles' rating points)."""
        return 100.0 * self.exposures

    @property
    def average_frequency(self) -> float:
        """Mean exposures among those reached (GRP ÷ net reach %); NaN if nobody is reached."""
        return self.exposures / self.reach if self.reach > 0 else float("nan")

    def to_frame(self) -> pd.DataFrame:
        """One row per vehicle (its own reach) and a last row with the net reach."""
        rows = pd.DataFrame({"vehicle": [str(v) for v in self.vehicles.index],
                             "reach": self.vehicles.to_numpy(dtype=float),
                             "role": "vehicle"})
        total = pd.DataFrame({"vehicle": ["Net reach"], "reach": [self.reach],
                              "role": ["combined"]})
        return pd.concat([rows, total], ignore_index=True)

    @property
    def source_line(self) -> str:
        """The chart's source line."""
        return f"Planner's vehicle reaches; net reach by {self.model} ({self.source})"

    def plot(self, ax: Axes | None = None, *, title: str | None = None,
             source: str | None = None) -> Axes:
        """Horizontal bars: each vehicle's reach and the net reach.

        Examples
        --------
        >>> import matplotlib.pyplot as plt
        >>> from smtools.reach import sainsbury_discounted
        >>> ax = sainsbury_discounted({"Facebook": 0.3, "TikTok": 0.2}).plot()
        >>> len(ax.patches)
        3
        >>> plt.close(ax.figure)
        """
        from smtools import viz

        ax = new_axes(ax)
        frame = self.to_frame()
        colours = [viz.PALETTE[0] if r == "vehicle" else viz.PALETTE[1] for r in frame["role"]]
        positions = np.arange(len(frame))[::-1]
        ax.barh(positions, frame["reach"].to_numpy(), color=colours)
        ax.set_yticks(positions, frame["vehicle"].tolist())
        percent_ticks(ax, axis="x")
        viz.finish(ax, title=title or f"Net reach: {self.model}",
                   xlabel="Reach (% of target population)", ylabel="Vehicle",
                   source=source or self.source_line)
        return ax

    def summary(self) -> str:
        """One sentence with net reach, average frequency and GRP."""
        return (f"{self.model}: {pct(self.reach)} of the target population reached by "
                f"{len(self.vehicles)} vehicles, average frequency "
                f"{freq(self.average_frequency)} among those reached ({self.grp:,.1f} GRP).")

    def _repr_html_(self) -> str:
        return html_block(self.summary(), self.to_frame(), {"reach": "{:.1%}"})

    def __repr__(self) -> str:
        return (f"NetReach(model={self.model!r}, reach={pct(self.reach, 2)}, "
                f"average_frequency={self.average_frequency:.2f}, grp={self.grp:.1f}, "
                f"vehicles={len(self.vehicles)})")


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class HofmansReach:
    """Reach of n insertions of one vehicle by Hofmans' (1966) accumulation formula.

    ``R(n) = n·R1 / (1 + K·(n − 1)^α)`` with ``K = (2·R1 − R2) / R2`` (the
    duplication of two insertions over their reach) and ``α = 1`` unless a
    third point ``R3`` fixed it. The formula gives reach only, not a
    frequency distribution.

    Examples
    --------
    >>> from smtools.reach import hofmans
    >>> res = hofmans(0.5, 0.65, 5)
    >>> round(res.reach, 4), round(res.reach_at(2), 4)
    (0.7927, 0.65)
    """

    r1: float
    r2: float
    n: int
    coefficient: float
    alpha: float = 1.0
    r3: float | None = None
    model: str = "Hofmans accumulation"
    source: str = "Hofmans (1966)"

    def reach_at(self, insertions: Any) -> Any:
        """Reach after ``insertions`` (1 or more, whole or not) of the vehicle."""
        x = _checks.nonnegative_array(insertions, "insertions")
        if np.any(x < 1):
            raise DataError("Hofmans' formula starts at one insertion", column="insertions",
                            hint="ask for 1 insertion or more")
        out = x * self.r1 / (1.0 + self.coefficient * (x - 1.0) ** self.alpha)
        return _checks.like(out, insertions)

    @property
    def curve(self) -> pd.Series:
        """Reach after 1, 2, …, n insertions."""
        steps = np.arange(1, self.n + 1)
        return pd.Series(self.reach_at(steps), index=pd.Index(steps, name="insertions"),
                         name="reach")

    @property
    def reach(self) -> float:
        """Reach after the n insertions (fraction of the target population)."""
        return float(self.reach_at(float(self.n)))

    @property
    def grp(self) -> float:
        """Gross rating points: 100 × n × R1."""
        return 100.0 * self.n * self.r1

    @property
    def average_frequency(self) -> float:
        """n × R1 ÷ reach: mean exposures among those reached."""
        return self.n * self.r1 / self.reach

    def to_frame(self) -> pd.DataFrame:
        """Table by insertions: ``insertions``, ``reach``, ``grp``, ``average_frequency``."""
        curve = self.curve
        steps = curve.index.to_numpy()
        return pd.DataFrame({"insertions": steps, "reach": curve.to_numpy(),
                             "grp": 100.0 * steps * self.r1,
                             "average_frequency": steps * self.r1 / curve.to_numpy()})

    @property
    def source_line(self) -> str:
        """The chart's source line."""
        return (f"Model estimate from R1 = {pct(self.r1)} and R2 = {pct(self.r2)}, "
                f"{self.model} ({self.source})")

    def plot(self, ax: Axes | None = None, *, title: str | None = None,
             source: str | None = None) -> Axes:
        """Reach by number of insertions (line with markers).

        Examples
        --------
        >>> import matplotlib.pyplot as plt
        >>> from smtools.reach import hofmans
        >>> ax = hofmans(0.3, 0.45, 6).plot()
        >>> ax.get_ylabel()
        'Reach (% of target population)'
        >>> plt.close(ax.figure)
        """
        from smtools import viz

        ax = new_axes(ax)
        frame = self.to_frame()
        ax.plot(frame["insertions"], frame["reach"], marker="o", color=viz.PALETTE[0])
        ax.set_ylim(0, max(0.05, float(frame["reach"].max()) * 1.1))
        if self.n <= 20:
            ax.set_xticks(frame["insertions"])
        percent_ticks(ax)
        viz.finish(ax, title=title or f"Reach by insertions: {self.model}",
                   xlabel="Insertions (number)", ylabel="Reach (% of target population)",
                   source=source or self.source_line)
        return ax

    def summary(self) -> str:
        """One sentence with reach, average frequency and GRP after n insertions."""
        return (f"{self.model}: {self.n} insertions reach {pct(self.reach)} of the target "
                f"population, average frequency {self.average_frequency:.2f} among those "
                f"reached ({self.grp:,.1f} GRP).")

    def _repr_html_(self) -> str:
        return html_block(self.summary(), self.to_frame(),
                          {"reach": "{:.1%}", "grp": "{:,.1f}", "average_frequency": "{:.2f}"})

    def __repr__(self) -> str:
        return (f"HofmansReach(r1={self.r1:g}, r2={self.r2:g}, n={self.n}, "
                f"alpha={self.alpha:.4g}, reach={pct(self.reach, 2)}, "
                f"average_frequency={self.average_frequency:.2f})")
