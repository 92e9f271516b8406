"""Models side by side: the Comparison result, its table, chart and HTML."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import smtools as sm
from smtools.errors import DataError
from smtools.roi import attribution

DATA = Path(__file__).resolve().parents[1] / "data" / "attribution"
T0 = pd.Timestamp("2026-03-02", tz="UTC")


def journeys() -> pd.DataFrame:
    rows = [
        ("u1", 0, "touch", "facebook"), ("u1", 30, "touch", "search"),
        ("u1", 50, "conversion", None), ("u2", 0, "touch", "instagram"),
        ("u2", 5, "touch", "facebook"), ("u2", 90, "conversion", None),
        ("u3", 0, "touch", "search"), ("u4", 10, "conversion", None),
        ("u5", 0, "touch", "instagram"), ("u5", 1, "touch", "instagram"),
    ]
    frame = pd.DataFrame(rows, columns=["user_key", "hours", "event", "channel"])
    frame["ts"] = T0 + pd.to_timedelta(frame.pop("hours"), unit="h")
    frame["client"] = "acme"
    frame["value"] = np.where(frame["event"] == "conversion", 120.0, np.nan)
    frame["currency"] = np.where(frame["event"] == "conversion", "EUR", None)
    return frame


def test_entry_points_resolve_through_the_lazy_namespace() -> None:
    assert sm.roi.attribution.markov is attribution.markov
    assert sm.roi.attribution.heuristics is attribution.heuristics
    for name in attribution.__all__:
        assert hasattr(attribution, name)


def test_every_model_on_journeys() -> None:
    result = attribution.compare(journeys())
    assert result.models == ["first_touch", "last_touch", "linear", "time_decay",
                             "position_based", "markov", "shapley"]
    table = result.to_frame()
    assert table.columns.names == ["measure", "model"]
    assert list(table.columns.get_level_values(0).unique()) == ["conversions", "value"]
    assert list(table.index) == ["(direct/none)", "facebook", "instagram", "search"]
    # every model hands out the 3 conversions (one without a touch) and their value
    assert table["conversions"].sum().to_numpy() == pytest.approx(3.0)
    assert table["value"].sum().to_numpy() == pytest.approx(360.0)
    # path-based models give the touchless conversion to (direct/none) entirely; the
    # chain gives it its removal-effect share
    assert table.loc["(direct/none)", "conversions"].drop("markov").to_numpy() == \
        pytest.approx(1.0)
    assert 0 < table.loc["(direct/none)", ("conversions", "markov")] < 1
    assert result.currency == "EUR"
    assert result.notes["direct_conversions"] == 1
    # each column is what the model's own function gives
    pd.testing.assert_series_equal(
        result.conversions["markov"], attribution.markov(journeys())["conversions"],
        check_names=False)
    pd.testing.assert_series_equal(
        result.conversions["time_decay"],
        attribution.heuristics(journeys())["time_decay"], check_names=False)


def test_paths_frame_and_model_choice() -> None:
    data = pd.read_csv(DATA / "handmade_paths.csv")
    result = attribution.compare(data, models=["linear", "markov"], order=2)
    assert result.models == ["linear", "markov"]
    assert result.notes["order"] == 2
    pd.testing.assert_series_equal(result.conversions["markov"],
                                   attribution.markov(data, order=2)["conversions"],
                                   check_names=False)
    with pytest.raises(DataError, match="unknown attribution model"):
        attribution.compare(data, models=["markov", "data_driven"])
    with pytest.raises(DataError, match="time_decay"):
        attribution.compare(data, models=["time_decay"])


def test_shapley_limit_is_reported_not_skipped() -> None:
    names = [f"c{i}" for i in range(14)]
    data = pd.DataFrame({"path": names, "total_conversions": 1, "total_null": 1})
    with pytest.raises(DataError, match="max_channels"):
        attribution.compare(data)
    ok = attribution.compare(data, models=["linear", "markov"])
    assert len(ok.to_frame()) == 14
    assert attribution.compare(data, shapley_method="simplified").models[-1] == "shapley"


def test_plot_is_a_finished_grouped_bar_chart() -> None:
    result = attribution.compare(journeys())
    ax = result.plot()
    try:
        assert ax.get_title() == "Conversions attributed to each channel, by model"
        assert ax.get_xlabel() == "Channel"
        assert ax.get_ylabel() == "Attributed conversions (count)"
        sources = [t.get_text() for t in ax.texts if t.get_text().startswith("Source")]
        assert len(sources) == 1
        assert "journeys table: 5 paths, 3 conversions" in sources[0]
        assert "1 without a touch counted as (direct/none)" in sources[0]
        assert "Markov order 1 (exact)" in sources[0]
        # one group of bars per model, one bar per channel
        assert [len(bars) for bars in ax.containers] == [4] * 7
        heights = np.array([[b.get_height() for b in bars] for bars in ax.containers])
        assert result.conversions.to_numpy() == pytest.approx(heights.T)
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == ["First touch", "Last touch", "Linear", "Time decay",
                          "Position based", "Markov", "Shapley"]
    finally:
        plt.close(ax.figure)
    fig, own = plt.subplots()
    try:
        assert result.plot(ax=own, measure="value") is own
        assert own.get_ylabel() == "Attributed value (EUR)"
        assert own.get_title().startswith("Conversion value attributed")
    finally:
        plt.close(fig)
    with pytest.raises(DataError, match="measure"):
        result.plot(measure="roas")


def test_value_plot_needs_values() -> None:
    data = pd.DataFrame({"path": ["a > b", "b"], "total_conversions": [2, 1],
                         "total_null": [1, 1]})
    result = attribution.compare(data)
    with pytest.raises(DataError, match="no conversion value"):
        result.plot(measure="value")


def test_html_is_escaped_and_readable() -> None:
    data = pd.DataFrame({"path": ["<b>evil</b> | search", "search"],
                         "total_conversions": [2, 1], "total_null": [1, 4]})
    html = attribution.compare(data, sep="|")._repr_html_()
    assert "<b>evil</b>" not in html
    assert "&lt;b&gt;evil&lt;/b&gt;" in html
    assert "Attribution by model" in html and "Markov" in html
    assert "Value" not in html  # no value in the data: the value half is left out
    with_value = attribution.compare(journeys())._repr_html_()
    assert "Value (EUR)" in with_value and "Time decay" in with_value
