"""Every chart function: drawn on the axes given, titled, axes labelled with units, sourced."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

from smtools import viz
from smtools.errors import DataError

UNIT = re.compile(r"\(.+\)")  # "Spend (EUR)", "Reach (% of target population)"


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    plt.close("all")


def source_lines(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_text().startswith("Source:")]


def cells() -> pd.DataFrame:
    return pd.DataFrame({"weekday": [0, 0, 3, 6], "hour": [8, 9, 19, 20],
                         "lift": [0.8, 1.1, 2.2, 1.0], "posts": [4, 6, 9, 3]})


CHARTS: dict[str, Callable[[Axes | None], Axes]] = {
    "bars": lambda ax: viz.bars(
        pd.DataFrame({"channel": ["facebook", "tiktok"], "spend": [10.0, 5.0]}),
        x="channel", y="spend", title="Spend by network", ylabel="Spend (EUR)",
        source="Meta export", ax=ax),
    "lines": lambda ax: viz.lines(
        pd.DataFrame({"week": pd.date_range("2025-01-06", periods=4, freq="7D"),
                      "revenue": [1.0, 2.0, 3.0, 2.0]}),
        x="week", y="revenue", title="Revenue", ylabel="Revenue (EUR)", xlabel="Week (date)",
        source="shop", ax=ax),
    "heatmap": lambda ax: viz.heatmap(
        cells(), value="lift", counts="posts", center=1.0, title="Best times to post",
        colorbar_label="Lift (×)", xlabel="Hour of day (Europe/Paris)",
        ylabel="Day of week (local)", source="posts table", ax=ax),
    "interval_bars": lambda ax: viz.interval_bars(
        pd.DataFrame({"format": ["image", "reel"], "er": [0.02, 0.035], "lo": [0.018, 0.03],
                      "hi": [0.022, 0.04]}),
        x="format", y="er", low="lo", high="hi", title="Engagement rate by format",
        xlabel="Format (post type)", ylabel="Engagement rate (%)", percent=True,
        source="posts table", ax=ax),
    "reach_curve": lambda ax: viz.reach_curve(
        pd.DataFrame({"grp": [0, 100, 200, 400], "reach": [0, 0.4, 0.55, 0.7]}),
        x="grp", xlabel="GRP (points)", source="Goerg 2014",
        points=pd.DataFrame({"grp": [150], "reach": [0.5]}), ax=ax),
    "frequency_distribution": lambda ax: viz.frequency_distribution(
        pd.DataFrame({"frequency": [0, 1, 2, 3, 4], "share": [0.4, 0.3, 0.15, 0.1, 0.05]}),
        effective=3, source="beta-binomial", ax=ax),
    "trend": lambda ax: viz.trend(
        pd.DataFrame({"date": pd.date_range("2025-01-01", periods=40),
                      "mentions": np.arange(40.0), "base": np.arange(40.0) - 1,
                      "flag": [False] * 39 + [True]}),
        y="mentions", trend="base", anomalies="flag", windows=[("2025-01-10", "2025-01-12")],
        title="Mentions per day", ylabel="Mentions (count per day)", xlabel="Day (local date)",
        source="listening export", ax=ax),
}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_title_labels_units_and_source(name: str) -> None:
    ax = CHARTS[name](None)
    assert isinstance(ax, Axes)
    assert ax.get_title(), name
    assert ax.get_xlabel() and ax.get_ylabel(), name
    assert UNIT.search(ax.get_xlabel()) or name in ("bars",), ax.get_xlabel()
    assert UNIT.search(ax.get_ylabel()), ax.get_ylabel()
    assert len(source_lines(ax)) == 1, name


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_draws_on_the_axes_given(name: str) -> None:
    _, (left, right) = plt.subplots(1, 2)
    assert CHARTS[name](right) is right
    assert not left.has_data()
    assert right.has_data() or right.images, name


def test_every_public_chart_function_is_tested() -> None:
    drawing = {"bars", "lines", "heatmap", "interval_bars", "reach_curve",
               "frequency_distribution", "trend"}
    assert drawing <= set(viz.__all__)
    assert drawing == set(CHARTS)


def test_heatmap_cells() -> None:
    ax = CHARTS["heatmap"](None)
    image = ax.images[0]
    grid = image.get_array()
    assert grid.shape == (7, 13)  # Monday…Sunday × hours 8…20
    assert grid[3, 19 - 8] == pytest.approx(2.2)
    assert grid.mask[1, 0]  # Tuesday 08:00: no posts, blank
    assert {t.get_text() for t in ax.texts} >= {"4", "6", "9", "3"}
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Mon", "Tue", "Wed", "Thu", "Fri",
                                                           "Sat", "Sun"]


def test_interval_bars_whiskers() -> None:
    ax = CHARTS["interval_bars"](None)
    assert [p.get_height() for p in ax.patches] == pytest.approx([0.02, 0.035])
    segments = ax.collections[0].get_segments()
    assert segments[1][:, 1] == pytest.approx([0.03, 0.04])


def test_frequency_distribution_skips_zero_and_highlights() -> None:
    ax = CHARTS["frequency_distribution"](None)
    assert len(ax.patches) == 4
    colours = {p.get_facecolor() for p in ax.patches[2:]}
    assert len(colours) == 1 and ax.patches[0].get_facecolor() not in colours
    assert "15.0% of the target" in ax.get_legend().get_texts()[0].get_text()


def test_trend_shades_windows_and_marks_anomalies() -> None:
    ax = CHARTS["trend"](None)
    assert len(ax.patches) == 1
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["mentions", "trend", "anomaly", "flagged window"]


def test_reach_curve_is_a_percentage() -> None:
    ax = CHARTS["reach_curve"](None)
    assert ax.get_ylim()[0] == 0 and ax.get_ylim()[1] <= 1
    assert ax.yaxis.get_major_formatter()(0.5, 0) == "50%"


def test_missing_column_named() -> None:
    with pytest.raises(DataError, match="no column 'lift'") as err:
        viz.heatmap(cells().drop(columns="lift"), value="lift", title="t",
                    colorbar_label="c", source="s")
    assert err.value.column == "lift"


def test_no_chart_without_a_source() -> None:
    with pytest.raises(ValueError, match="source"):
        viz.interval_bars(pd.DataFrame({"a": ["x"], "b": [1.0]}), x="a", y="b", title="T",
                          ylabel="B (count)", source="")


@pytest.mark.parametrize("formats", [None, {"share": "{:.0%}"}, {"brand": "{}"}])
def test_table_escapes_every_cell_with_or_without_formats(formats) -> None:
    hostile = pd.DataFrame({"brand": ['<img src=x onerror="alert(1)">'], "share": [0.5]})
    page = viz.table(hostile, formats=formats, caption="<i>c</i>").to_html()
    assert "<img" not in page and "<i>" not in page
    assert "&lt;img src=x onerror=" in page
    # columns without a format keep the default (thousands separators, two decimals)
    assert (">50%<" if formats and "share" in formats else ">0.50<") in page


def _png(fig: plt.Figure) -> bytes:
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return buf.getvalue()


def test_finish_pins_the_title_where_automatic_placement_puts_it() -> None:
    def chart(pinned: bool) -> bytes:
        viz.theme()
        fig, ax = plt.subplots()
        ax.plot([0, 1, 2], [3, 1, 2])
        viz.finish(ax, title="Weekly spend", xlabel="Week", ylabel="Spend (EUR)",
                   source="workspace")
        if not pinned:
            ax.set_title("Weekly spend")  # matplotlib's automatic placement
        return _png(fig)

    assert chart(pinned=True) == chart(pinned=False)


def test_finish_keeps_a_title_clear_of_tick_labels_on_top() -> None:
    viz.theme()
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [3, 1, 2])
    ax.xaxis.tick_top()
    viz.finish(ax, title="Weekly spend", xlabel="Week", ylabel="Spend (EUR)",
               source="workspace")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()]
    assert labels
    assert ax.title.get_window_extent(renderer).y0 >= max(b.y1 for b in labels)
