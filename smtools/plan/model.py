"""The media plan a consultant delivers: what it holds and how it reads.

Examples
--------
>>> Range(80.0, 100.0, 120.0).scale(2).mid
200.0
"""

from __future__ import annotations

import datetime as dt
import html as htmlmod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from smtools import fmt, networks
from smtools.brief import Brief

__all__ = ["Range", "ChannelScore", "PlanLine", "MediaPlan", "TargetCheck"]

#: metric → language → unit of its forecast chart (names come from :data:`fmt.LABELS`)
_FORECAST_UNITS: dict[str, dict[str, str]] = {
    "reach": {"en": "people", "fr": "personnes"},
    "impressions": {"en": "count", "fr": "nombre"},
    "clicks": {"en": "count", "fr": "nombre"},
    "conversions": {"en": "count", "fr": "nombre"},
    "revenue": {"en": "{currency}", "fr": "{currency}"},
}


class Range(NamedTuple):
    """A forecast range: pessimistic (``low``), central (``mid``), optimistic (``high``)."""

    low: float
    mid: float
    high: float

    def scale(self, factor: float) -> Range:
        """The range multiplied by a non-negative ``factor``."""
        return Range(self.low * factor, self.mid * factor, self.high * factor)

    def ordered(self) -> Range:
        """The same three values sorted low → high (for ratios whose inputs cross)."""
        lo, mid, hi = sorted((self.low, self.mid, self.high))
        return Range(lo, mid, hi)


@dataclass(frozen=True)
class ChannelScore:
    """Why a network is in (or out of) the plan."""

    channel: str
    audience_fit: float
    cost_efficiency: float
    objective_fit: float
    score: float
    selected: bool
    rationale: str
    cost_metric: str
    cost: float
    cost_basis: str
    audience_basis: str


@dataclass
class PlanLine:
    """One line of the plan: a network, its budget, its forecast and its tracking."""

    line_id: str
    channel: str
    objective: str
    format: str
    start: dt.date
    end: dt.date
    budget: float
    share: float
    frequency_cap: int
    utm: dict[str, str]
    cpm: Range
    ctr: Range
    cvr: Range
    impressions: Range
    reach: Range
    frequency: Range
    clicks: Range
    conversions: Range
    revenue: Range
    basis: str
    posts_per_week: int = 0
    #: "conversions" (platform conversions × value per conversion) or "model" (incremental
    #: revenue on the marketing-mix model's response curve)
    revenue_basis: str = "conversions"

    @property
    def name(self) -> str:
        """Display name of the line."""
        return f"{networks.display(self.channel)} · {self.format}"


@dataclass
class TargetCheck:
    """A brief's KPI target against the plan's forecast."""

    kpi: str
    target: float
    forecast: Range
    higher_is_better: bool
    status: str
    message: str


@dataclass
class MediaPlan:
    """A media plan built from a brief and the client's history.

    Attributes
    ----------
    brief : Brief
        The brief it answers.
    as_of : date
        The day the plan was made (history is read up to the day before).
    method : {"mmm", "benchmarks"}
        How the budget was split: on the marketing-mix model's response curves
        (26 weeks of history or more) or on reference benchmarks.
    lines : list of PlanLine
        One line per network.
    scores : list of ChannelScore
        Every allowed network, with its score and rationale.
    weekly : DataFrame
        Budget by week × network.
    calendar : DataFrame
        Dated posting slots per network (client's time zone).
    totals : dict
        Cross-network forecast: reach (people, fraction of target), frequency,
        3+ reach, impressions, clicks, conversions, revenue, each a Range.
    targets : list of TargetCheck
        The brief's KPI targets against the forecast.
    assumptions : DataFrame
        Every number the plan rests on, with its source.
    warnings : list of str
        What the consultant must read before sending the plan.
    """

    brief: Brief
    as_of: dt.date
    method: str
    method_note: str
    lines: list[PlanLine]
    scores: list[ChannelScore]
    weekly: pd.DataFrame
    calendar: pd.DataFrame
    totals: dict[str, Any]
    targets: list[TargetCheck]
    assumptions: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    history_weeks: int = 0
    audience_size: float = float("nan")
    situation: dict[str, Any] = field(default_factory=dict)
    allocation: Any = None

    # ------------------------------------------------------------------ views
    @property
    def currency(self) -> str:
        """Currency of every amount in the plan (the brief's)."""
        return self.brief.currency

    @property
    def budget(self) -> float:
        """Total budget of the plan lines (equals the brief's budget)."""
        return float(round(sum(line.budget for line in self.lines), 2))

    def to_frame(self) -> pd.DataFrame:
        """The plan lines as a table: budget, share, forecast (central and range), UTM.

        Examples
        --------
        >>> import smtools as sm                          # doctest: +SKIP
        >>> sm.plan.build(brief, ws).to_frame()           # doctest: +SKIP
        """
        rows = []
        for line in self.lines:
            row: dict[str, Any] = {
                "line_id": line.line_id, "channel": line.channel, "format": line.format,
                "objective": line.objective, "start": line.start, "end": line.end,
                "budget": line.budget, "share": line.share,
                "frequency_cap": line.frequency_cap, "basis": line.basis,
                "revenue_basis": line.revenue_basis,
            }
            for name in ("cpm", "ctr", "cvr", "impressions", "reach", "frequency", "clicks",
                         "conversions", "revenue"):
                r: Range = getattr(line, name)
                row[name] = r.mid
                row[f"{name}_low"] = r.low
                row[f"{name}_high"] = r.high
            row.update(line.utm)
            rows.append(row)
        return pd.DataFrame(rows)

    def scores_frame(self) -> pd.DataFrame:
        """Channel scores as a table."""
        return pd.DataFrame([s.__dict__ for s in self.scores])

    def targets_frame(self) -> pd.DataFrame:
        """KPI targets against the forecast."""
        return pd.DataFrame([{"kpi": t.kpi, "target": t.target, "forecast": t.forecast.mid,
                              "forecast_low": t.forecast.low, "forecast_high": t.forecast.high,
                              "status": t.status, "message": t.message}
                             for t in self.targets])

    def weekly_wide(self) -> pd.DataFrame:
        """Budget by week (rows) × network (columns), weeks starting Monday."""
        if self.weekly.empty:
            return pd.DataFrame()
        wide = self.weekly.pivot_table(index="week", columns="channel", values="budget",
                                       aggfunc="sum").fillna(0.0)
        return wide[[line.channel for line in self.lines if line.channel in wide.columns]]

    def __repr__(self) -> str:
        return (f"MediaPlan({self.brief.client!r}, {self.brief.campaign.name!r}, "
                f"{len(self.lines)} lines, {self.budget:,.2f} {self.currency}, "
                f"method={self.method})")

    def _repr_html_(self) -> str:
        lang = self.brief.language
        head = (f"<p><b>{htmlmod.escape(self.brief.name)}</b> — "
                f"{htmlmod.escape(self.brief.campaign.name)}: "
                f"{fmt.money(self.budget, self.currency, lang)} on {len(self.lines)} networks "
                f"({htmlmod.escape(self.method_note)})</p>")
        view = self.to_frame()[["channel", "budget", "share", "impressions", "reach", "clicks",
                                "conversions"]]
        return head + view.to_html(index=False, float_format=lambda v: f"{v:,.2f}")

    def plot(self, *, ax: Any = None) -> Any:
        """Budget by network over the campaign's weeks (stacked bars)."""
        import matplotlib.pyplot as plt

        from smtools import viz

        if ax is None:
            viz.theme()
            _, ax = plt.subplots()
        wide = self.weekly_wide()
        colours = viz.network_colours(list(wide.columns))
        bottom = None
        labels = [f"{w:%d/%m}" if self.brief.language == "fr" else f"{w:%b %-d}"
                  for w in wide.index]
        for ch in wide.columns:
            ax.bar(labels, wide[ch].to_numpy(), bottom=bottom, color=colours[ch],
                   label=networks.display(ch))
            bottom = wide[ch].to_numpy() if bottom is None else bottom + wide[ch].to_numpy()
        viz.money_axis(ax)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        fr = self.brief.language == "fr"
        viz.finish(ax, title="Budget par semaine et par réseau" if fr
                   else "Budget by week and network",
                   xlabel="Semaine (début le lundi)" if fr else "Week starting",
                   ylabel=f"Budget ({self.currency})", source=self._chart_source())
        return ax

    def _chart_source(self) -> str:
        """Source line of the plan's charts: the plan and how its budget was split."""
        own = "plan média smtools" if self.brief.language == "fr" else "smtools media plan"
        return f"{own}, {self.method_note}"

    def plot_forecast(self, metric: str = "reach", *, ax: Any = None) -> Any:
        """Forecast of one metric by network: central value with its low–high range.

        Parameters
        ----------
        metric : {"reach", "impressions", "clicks", "conversions", "revenue"}
            Which forecast to draw (reach is unique people; revenue is in the plan's
            currency).
        ax : Axes, optional
            Where to draw.

        Examples
        --------
        >>> plan.plot_forecast("conversions")            # doctest: +SKIP
        """
        from smtools import viz

        if metric not in _FORECAST_UNITS:
            raise ValueError(f"metric must be one of {', '.join(_FORECAST_UNITS)}; "
                             f"got {metric!r}")
        lang = "fr" if self.brief.language == "fr" else "en"
        what = fmt.label(metric, lang).capitalize()
        unit = _FORECAST_UNITS[metric][lang].format(currency=self.currency)
        frame = pd.DataFrame({
            "network": [networks.display(line.channel) for line in self.lines],
            "mid": [getattr(line, metric).mid for line in self.lines],
            "low": [getattr(line, metric).low for line in self.lines],
            "high": [getattr(line, metric).high for line in self.lines],
        })
        colours = viz.network_colours([line.channel for line in self.lines])
        ax = viz.interval_bars(
            frame, x="network", y="mid", low="low", high="high",
            title=(f"Prévision : {what.lower()} par réseau, avec fourchette" if lang == "fr"
                   else f"Forecast {what.lower()} by network, with range"),
            ylabel=f"{what} ({unit})", xlabel="Réseau" if lang == "fr" else "Network",
            source=self._chart_source(),
            colours=[colours[line.channel] for line in self.lines], ax=ax)
        return viz.money_axis(ax)  # thousands separators and k/M for every metric

    # ------------------------------------------------------------------ files
    def to_excel(self, path: str | Path) -> Path:
        """Write the Excel media plan (Summary, Budget by week × network, Calendar,
        Assumptions), with live formulas for totals. See :mod:`smtools.plan.excel`."""
        from smtools.plan.excel import write_excel

        return write_excel(self, path)

    def to_json(self, path: str | Path | None = None) -> dict[str, Any]:
        """The plan in the Media Plan Open Data Standard v3.0 (validated against its
        schema); written to ``path`` when given. See :mod:`smtools.plan.mpods`."""
        from smtools.plan.mpods import to_mpods, write_mpods

        if path is not None:
            write_mpods(self, path)
        return to_mpods(self)

    def to_csv(self, path: str | Path) -> Path:
        """The plan lines as CSV (one row per line, with forecast ranges and UTM values)."""
        target = Path(path)
        self.to_frame().to_csv(target, index=False)
        return target
