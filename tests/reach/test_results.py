"""Result objects: tables, charts (title, labelled axes, source line), HTML and repr."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

from smtools import DataError, reach

RESULTS = {
    "sainsbury": lambda: reach.sainsbury({"Facebook": 0.3, "Instagram": 0.4, "TikTok": 0.2}),
    "binomial-long": lambda: reach.binomial(0.001, 400),
    "beta_binomial": lambda: reach.beta_binomial(0.5, 0.65, 5),
    "metheringham": lambda: reach.metheringham([0.3, 0.2], insertions=[2, 1], r2=[0.4, None]),
    "discounted": lambda: reach.sainsbury_discounted({"Facebook": 0.3, "TikTok": 0.2}),
    "agostini": lambda: reach.agostini([0.3, 0.4], [[0, 0.1], [0.1, 0]]),
    "hofmans": lambda: reach.hofmans(0.3, 0.45, 6),
    "goerg": lambda: reach.goerg(200_000, 100_000, population=1_000_000),
    "goerg-no-population": lambda: reach.goerg(200, 100),
    "nbd": lambda: reach.nbd(1.2, 0.4),
    "two-points": lambda: reach.nbd_two_points([100, 300], [60, 105]),
    "curve-at": lambda: reach.goerg(200, 100).at(300),
    "budget": lambda: reach.reach_by_budget([0, 1_000, 5_000], cpm=5.0, curve=reach.nbd(1.2, 0.4),
                                            population=400_000, currency="GBP"),
    "networks": lambda: reach.combine_networks({"meta": reach.binomial(0.2, 3),
                                                "tiktok": reach.binomial(0.1, 2)}),
}


@pytest.mark.parametrize("name", list(RESULTS))
def test_every_result_draws_a_complete_chart(name: str) -> None:
    result = RESULTS[name]()
    ax = result.plot()
    assert isinstance(ax, Axes)
    assert ax.get_title()
    assert "(" in ax.get_xlabel() or name in {"discounted", "agostini"}
    assert "%" in ax.get_ylabel() or "%" in ax.get_xlabel()
    sources = [t.get_text() for t in ax.texts if t.get_text().startswith("Source")]
    assert len(sources) == 1 and len(sources[0]) > 20
    _, own = plt.subplots()
    assert result.plot(ax=own) is own


@pytest.mark.parametrize("name", list(RESULTS))
def test_every_result_has_a_table_html_and_repr(name: str) -> None:
    result = RESULTS[name]()
    frame = result.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    page = result._repr_html_()
    assert page.startswith("<p>") and "<table" in page
    text = repr(result)
    assert type(result).__name__ in text and "\n" not in text and len(text) < 220
    freq = getattr(result, "average_frequency", 1.0)
    assert np.isnan(freq) or freq >= 1


def test_frequency_table_is_tidy() -> None:
    frame = reach.sainsbury([0.3, 0.4, 0.2]).to_frame()
    assert list(frame.columns) == ["times_exposed", "share", "at_least"]
    assert frame["times_exposed"].tolist() == [0, 1, 2, 3]
    assert frame["at_least"].tolist() == pytest.approx([1, 0.664, 0.212, 0.024])


def test_long_distributions_are_grouped_for_reading() -> None:
    res = reach.binomial(0.02, 400)
    ax = res.plot()
    assert len(ax.patches) <= 30
    page = res._repr_html_()
    assert "+</td>" in page and "or more" in page
    assert len(res.to_frame()) == 401          # the full table is still there


def test_effective_bars_are_highlighted_and_labelled() -> None:
    ax = reach.beta_binomial(0.5, 0.65, 5).plot(k=3)
    colours = {tuple(p.get_facecolor()) for p in ax.patches}
    assert len(colours) == 2
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[-1].startswith("3+ exposures (50.0%")


def test_summary_sentence_reads_like_a_planner_would_say_it() -> None:
    text = reach.sainsbury([0.3, 0.4, 0.2]).summary()
    assert "66.4% of the target population reached" in text
    assert "average frequency 1.36" in text and "90.0 GRP" in text


def test_frequency_distribution_checks_what_it_is_given() -> None:
    with pytest.raises(DataError):
        reach.FrequencyDistribution(distribution=pd.Series([0.5, 0.4]), model="m", source="s")
    with pytest.raises(DataError):
        reach.FrequencyDistribution(distribution=pd.Series([0.5, 0.5], index=[1, 2]),
                                    model="m", source="s")
    with pytest.raises(DataError):
        reach.FrequencyDistribution(distribution=pd.Series([0.5, 0.5]), model="m", source="s",
                                    exposures=2.0)
    fd = reach.FrequencyDistribution(distribution=pd.Series([0.5, 0.5]), model="m", source="s")
    assert fd.exactly(5) == 0.0 and fd.at_least(5) == 0.0 and fd.at_least(0) == 1.0
    with pytest.raises(DataError):
        fd.at_least(-1)
    with pytest.raises(DataError):
        fd.at_least(1.5)
