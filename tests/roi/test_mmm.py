"""Tests of smtools.roi.mmm: fitting, definitions, intervals, persistence, charts, errors."""

from __future__ import annotations

import json
from dataclasses import replace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import smtools as sm
from smtools.errors import DataError
from smtools.roi.mmm import MMM, wide_frame
from smtools.roi.mmm.transforms import GeometricAdstock, HillSaturation

CHANNELS = ("tv", "social", "search")
DECAY = np.array([0.5, 0.2, 0.1])
SHAPE = np.array([1.5, 1.0, 1.2])
BETA = np.array([15000.0, 9000.0, 7000.0])
K_REL = np.array([1.0, 0.8, 1.2])


def simulate(n: int = 156, seed: int = 0, noise: float = 250.0, promo: float = 0.0):
    """Weekly data from the model's own family (normalised geometric adstock + Hill).

    ``promo`` adds a promotion control, switched on in the weeks TV is heavy,
    worth ``promo`` per week (for the calibration test, where the model is not told).
    """
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2022-01-03", periods=n, freq="W-MON")
    on = rng.uniform(size=n) < 0.55
    tv = np.where(on, rng.gamma(4.0, 1500.0, n), 0.0)
    social = rng.gamma(6.0, 400.0, n) * (rng.uniform(size=n) < 0.75)
    search = rng.gamma(3.0, 600.0, n) * (rng.uniform(size=n) < 0.85)
    spend = np.column_stack([tv, social, search])
    ref = np.array([x[x > 0].mean() for x in spend.T])
    hp = {"adstock": {"decay": DECAY},
          "saturation": {"half_saturation": K_REL * ref, "shape": SHAPE}}
    a = GeometricAdstock().apply(spend, hp["adstock"])
    contrib = HillSaturation().apply(a, hp["saturation"]) * BETA
    t = np.arange(n)
    base = 20000 + 15 * t + 1500 * np.sin(2 * np.pi * t / 52.18)
    promo_on = (tv > np.quantile(tv, 0.7)).astype(float)
    y = base + contrib.sum(axis=1) + promo * promo_on + rng.normal(0, noise, n)
    frame = pd.DataFrame({"date": dates, **{c: spend[:, j] for j, c in enumerate(CHANNELS)},
                          "sales": y, "promo": promo_on})
    truth = {"roas": contrib.sum(axis=0) / spend.sum(axis=0), "hp": hp, "spend": spend,
             "contrib": contrib}
    return frame, truth


def true_contribution(truth: dict, spend: np.ndarray) -> np.ndarray:
    a = GeometricAdstock().apply(spend, truth["hp"]["adstock"])
    return HillSaturation().apply(a, truth["hp"]["saturation"]) * BETA


@pytest.fixture(scope="module")
def data():
    return simulate()


@pytest.fixture(scope="module")
def fitted(data):
    frame, _ = data
    return MMM(n_bootstrap=40, random_state=1).fit(frame, target="sales", media=list(CHANNELS))


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


# --------------------------------------------------------------------------- estimator shape


def test_init_only_stores_options_and_fit_returns_self(data):
    m = MMM(adstock="weibull", saturation="logistic", n_bootstrap=0, yearly_seasonality=1)
    assert not any(k.endswith("_") for k in vars(m))
    assert m.get_params()["adstock"] == "weibull"
    assert MMM(**m.get_params()).get_params() == m.get_params()
    frame, _ = data
    assert m.fit(frame, target="sales", media=list(CHANNELS)) is m
    assert list(m.roas_.columns) == ["mean", "low", "high"]
    assert list(m.roas_.index) == list(CHANNELS)
    assert m.roas_["low"].isna().all()  # no bootstrap, no interval


def test_set_params_rejects_unknown_option():
    with pytest.raises(DataError, match="no option 'alpha'"):
        MMM().set_params(alpha=1)


def test_recovers_roas_of_its_own_family(fitted, data):
    _, truth = data
    est = fitted.roas_["mean"].to_numpy()
    assert np.abs(est / truth["roas"] - 1).max() < 0.10
    inside = (fitted.roas_["low"] <= truth["roas"]) & (truth["roas"] <= fitted.roas_["high"])
    assert inside.sum() >= 2
    assert (fitted.roas_["low"] <= fitted.roas_["mean"]).all()
    assert (fitted.roas_["mean"] <= fitted.roas_["high"]).all()


def test_roas_is_contribution_over_spend(fitted, data):
    frame, _ = data
    c = fitted.contributions()
    for ch in CHANNELS:
        total = c.loc[c["component"] == ch, "contribution"].sum()
        assert fitted.roas_.loc[ch, "mean"] == pytest.approx(total / frame[ch].sum())


def test_marginal_roas_is_one_percent_more_spend(fitted, data):
    frame, _ = data
    base = fitted.predict(frame).sum()
    for ch in CHANNELS:
        more = frame.assign(**{ch: frame[ch] * 1.01})
        gain = fitted.predict(more).sum() - base
        assert fitted.mroas_.loc[ch, "mean"] == pytest.approx(gain / (0.01 * frame[ch].sum()),
                                                              rel=1e-9)


def test_contributions_add_up_to_predictions(fitted):
    c = fitted.contributions()
    assert set(c["component"]) >= {"baseline", "trend", "seasonality", *CHANNELS}
    by_date = c.groupby("date")["contribution"].sum()
    assert np.allclose(by_date.to_numpy(), fitted.predict().to_numpy())
    assert set(c["kind"]) == {"base", "media"}


def test_media_coefficients_are_non_negative(data):
    frame, _ = data
    # a channel with no effect at all: its coefficient must stop at zero, not go negative
    rng = np.random.default_rng(5)
    noise = frame.assign(radio=rng.gamma(2.0, 300.0, len(frame)))
    m = MMM(n_bootstrap=0).fit(noise, target="sales", media=[*CHANNELS, "radio"])
    assert (m.hyperparameters_["beta"] >= 0).all()
    assert m.roas_.loc["radio", "mean"] < 0.3


def test_diagnostics_report_in_sample_cv_and_holdout(fitted):
    t = fitted.diagnostics_.to_frame()
    assert list(t.index) == ["in-sample", "rolling-origin CV", "holdout"]
    assert list(t.columns) == ["periods", "r2", "mape", "nrmse"]
    assert t.loc["in-sample", "r2"] > 0.9
    assert t.loc["holdout", "periods"] == round(0.1 * 156)
    assert t.loc["holdout", "mape"] < 0.1
    assert "held-out" in fitted.diagnostics_._repr_html_()


def test_bootstrap_is_reproducible_with_processes(data):
    frame, _ = data
    kw = {"n_bootstrap": 6, "random_state": 3, "holdout": 0}
    one = MMM(**kw).fit(frame, target="sales", media=list(CHANNELS))
    two = MMM(**kw, n_jobs=2).fit(frame, target="sales", media=list(CHANNELS))
    pd.testing.assert_frame_equal(one.roas_, two.roas_)
    assert one.bootstrap_["block_length"] >= 2


def test_draw_tolerance_moves_the_intervals_less_than_the_seed_does(fitted, data, monkeypatch):
    from smtools.roi.mmm import bootstrap

    frame, _ = data
    other_seed = MMM(n_bootstrap=40, random_state=2).fit(frame, target="sales",
                                                         media=list(CHANNELS))
    monkeypatch.setattr(bootstrap, "DRAW_FTOL", 1e-8)  # the point estimate's tolerances
    monkeypatch.setattr(bootstrap, "DRAW_XTOL", 1e-6)
    tight = MMM(n_bootstrap=40, random_state=1).fit(frame, target="sales", media=list(CHANNELS))
    bounds = ["low", "high"]

    def moved(a: pd.DataFrame, b: pd.DataFrame) -> float:
        return float((a[bounds] / b[bounds] - 1).abs().to_numpy().max())

    pd.testing.assert_series_equal(fitted.roas_["mean"], tight.roas_["mean"])
    assert moved(fitted.roas_, tight.roas_) < 0.01
    assert moved(fitted.roas_, tight.roas_) < moved(fitted.roas_, other_seed.roas_)


# --------------------------------------------------------------------------- curves


def test_response_curves_are_steady_state(fitted):
    curves = fitted.response_curves()
    assert list(curves) == list(CHANNELS)
    hp = fitted.hyperparameters_
    x = 5000.0
    for ch in CHANNELS:
        k, s, b = hp.loc[ch, ["half_saturation", "shape", "beta"]]
        assert float(curves[ch](x)) == pytest.approx(b * x ** s / (x ** s + k ** s))
        lo, hi = curves.interval(ch, np.array([x]))
        assert lo[0] <= float(curves[ch](x)) * 1.5 and hi[0] >= float(curves[ch](x)) / 1.5
    frame = curves.to_frame(points=5)
    assert len(frame) == 15
    assert frame.groupby("channel")["contribution"].apply(lambda v: v.is_monotonic_increasing).all()
    assert "returns the most" in curves._repr_html_()


# --------------------------------------------------------------------------- persistence


def test_save_load_round_trip_reproduces_predictions_exactly(fitted, tmp_path, data):
    frame, _ = data
    path = fitted.save(tmp_path / "model.json")
    json.loads(path.read_text())  # plain JSON
    back = MMM.load(path)
    assert np.array_equal(back.predict().to_numpy(), fitted.predict().to_numpy())
    assert np.array_equal(back.predict(frame).to_numpy(), fitted.predict(frame).to_numpy())
    pd.testing.assert_frame_equal(back.roas_, fitted.roas_)
    pd.testing.assert_frame_equal(back.mroas_, fitted.mroas_)
    pd.testing.assert_frame_equal(back.contributions(), fitted.contributions())
    assert back.get_params() == fitted.get_params()
    c1, c2 = fitted.response_curves(), back.response_curves()
    assert np.array_equal(c1.draws("tv", [1000.0]), c2.draws("tv", [1000.0]))


def test_load_refuses_other_files(tmp_path):
    p = tmp_path / "x.json"
    p.write_text('{"kind": "something else"}')
    with pytest.raises(DataError, match="not a saved smtools MMM"):
        MMM.load(p)


# --------------------------------------------------------------------------- options


@pytest.mark.parametrize(("adstock", "saturation"), [("weibull", "hill"),
                                                     ("geometric", "logistic"),
                                                     ("weibull", "logistic")])
def test_other_transformations_fit(data, adstock, saturation):
    frame, truth = data
    m = MMM(adstock, saturation, n_bootstrap=0, holdout=0).fit(
        frame, target="sales", media=list(CHANNELS))
    assert m.diagnostics_.to_frame().loc["in-sample", "r2"] > 0.9
    assert np.abs(m.roas_["mean"].to_numpy() / truth["roas"] - 1).max() < 0.35
    assert (m.hyperparameters_.notna().all()).all()


def test_rolling_cv_criterion_runs(data):
    frame, _ = data
    m = MMM(cv="rolling", n_bootstrap=0, holdout=0).fit(frame, target="sales",
                                                        media=list(CHANNELS))
    assert m.search_["criterion"].startswith("rolling-origin")


def test_controls_and_holidays(data):
    frame, _ = data
    f = frame.copy()
    f.loc[50, "sales"] += 8000.0
    hol = pd.DataFrame({"date": [f.loc[50, "date"] + pd.Timedelta(days=2)], "name": ["sale"]})
    m = MMM(n_bootstrap=0, holdout=0).fit(f, target="sales", media=list(CHANNELS),
                                          controls=["promo"], holidays=hol)
    assert m.coef_["sale"] == pytest.approx(8000.0, rel=0.1)
    comps = set(m.contributions()["component"])
    assert {"holidays", "control promo"} <= comps
    listed = MMM(n_bootstrap=0, holdout=0).fit(f, target="sales", media=list(CHANNELS),
                                               holidays=[f.loc[50, "date"]])
    assert "holiday " + f"{f.loc[50, 'date']:%Y-%m-%d}" in listed.coef_.index


def test_daily_frame_gets_weekly_seasonality():
    rng = np.random.default_rng(2)
    n = 400
    dates = pd.date_range("2024-01-01", periods=n, freq="D")
    x = rng.gamma(2.0, 100.0, n) * (rng.uniform(size=n) > 0.2)
    dow = np.array([0.9, 0.95, 1.0, 1.0, 1.1, 1.2, 0.85])[dates.day_of_week]
    y = 1000 * dow + 1.5 * GeometricAdstock().apply(x[:, None], {"decay": np.array([0.6])})[
        :, 0] + rng.normal(0, 20, n)
    f = pd.DataFrame({"date": dates, "meta": x, "revenue": y})
    m = MMM(n_bootstrap=0, yearly_seasonality=1).fit(f, target="revenue", media=["meta"])
    assert m.freq_ == "D"
    assert any(name.startswith("weekly") for name in m.coef_.index)
    assert m.diagnostics_.to_frame().loc["in-sample", "r2"] > 0.8


# ------------------------------------------------------------------------- multiplicative baseline


def simulate_multiplicative(n: int = 730, seed: int = 3, noise: float = 0.03):
    """Daily data whose baseline is a product: exponential growth × a weekly pattern ×
    yearly season × a proportional event uplift; media add to it (the model's family)."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2023-01-02", periods=n, freq="D")
    t = np.arange(n) / (n - 1)
    doy = dates.day_of_year.to_numpy()
    weekly = np.array([0.7, 0.8, 0.9, 1.0, 1.2, 1.5, 0.9])[dates.day_of_week]
    season = np.exp(0.15 * np.cos(2 * np.pi * (doy - 340) / 365.25))
    event = (dates.month == 11) & (dates.day >= 24) & (dates.day <= 27)
    base = 3000.0 * np.exp(0.2 * t) * weekly * season * np.where(event, 1.8, 1.0)
    spend = np.column_stack([rng.gamma(3.0, 300.0, n) * (rng.uniform(size=n) < 0.8),
                             rng.gamma(2.0, 500.0, n) * (rng.uniform(size=n) < 0.6)])
    hp = {"adstock": {"decay": np.array([0.6, 0.3])},
          "saturation": {"half_saturation": np.array([x[x > 0].mean() for x in spend.T]),
                         "shape": np.array([1.2, 1.0])}}
    contrib = HillSaturation().apply(GeometricAdstock().apply(spend, hp["adstock"]),
                                     hp["saturation"]) * np.array([3000.0, 2000.0])
    y = (base + contrib.sum(axis=1)) * (1 + noise * rng.standard_normal(n))
    frame = pd.DataFrame({"date": dates, "a": spend[:, 0], "b": spend[:, 1], "revenue": y})
    events = pd.DataFrame({"date": dates[event], "name": "sale"})
    return frame, events, contrib.sum(axis=0) / spend.sum(axis=0)


@pytest.fixture(scope="module")
def multiplicative():
    frame, events, roas = simulate_multiplicative()
    m = MMM(baseline="multiplicative", n_bootstrap=20, random_state=0).fit(
        frame, target="revenue", media=["a", "b"], holidays=events)
    return m, frame, events, roas


def test_multiplicative_baseline_recovers_its_own_family(multiplicative):
    m, frame, events, roas = multiplicative
    assert m.search_["baseline"] == "multiplicative" and m.search_["baseline_converged"]
    # an always-on channel's ROAS rests on the level it is told apart from: 15 %, not 10 %
    assert np.abs(m.roas_["mean"].to_numpy() / roas - 1).max() < 0.15
    assert m.coef_["trend"] == pytest.approx(0.2, abs=0.05)      # log scale: growth
    assert m.coef_["sale"] == pytest.approx(np.log(1.8), abs=0.1)  # proportional uplift
    additive = MMM(n_bootstrap=0, holdout=0).fit(frame, target="revenue", media=["a", "b"],
                                                 holidays=events)
    # the weekly pattern scales with the season: a sum of effects fits it worse
    assert m.search_["noise_sd"] < 0.9 * additive.search_["noise_sd"]


def test_multiplicative_contributions_add_up_and_round_trip(multiplicative, tmp_path):
    m, frame, _, _ = multiplicative
    c = m.contributions()
    assert set(c["component"]) == {"baseline", "trend", "seasonality", "holidays", "a", "b"}
    by_date = c.groupby("date")["contribution"].sum()
    assert np.allclose(by_date.to_numpy(), m.predict().to_numpy())
    level = c[c["component"] == "baseline"]["contribution"]
    assert np.ptp(level) < 1e-6 * level.mean()  # the level is constant; the parts move
    assert "holdout" in m.diagnostics_.to_frame().index
    assert any("multiplicative" in note for note in m.diagnostics_.notes)
    back = MMM.load(m.save(tmp_path / "m.json"))
    assert back.get_params()["baseline"] == "multiplicative"
    assert np.array_equal(back.predict(frame).to_numpy(), m.predict(frame).to_numpy())
    pd.testing.assert_frame_equal(back.contributions(), m.contributions())
    pd.testing.assert_frame_equal(back.roas_, m.roas_)


def test_multiplicative_baseline_falls_back_when_it_does_not_converge(monkeypatch):
    from smtools.roi.mmm import model

    frame, events, _ = simulate_multiplicative(n=400)
    real = model.search_multiplicative

    def stuck(*args, **kwargs):
        return replace(real(*args, **kwargs), converged=False)

    monkeypatch.setattr(model, "search_multiplicative", stuck)
    m = MMM(baseline="multiplicative", n_bootstrap=0, yearly_seasonality=1).fit(
        frame, target="revenue", media=["a", "b"], holidays=events)
    assert m.search_["baseline"] == "additive"
    assert any("did not converge" in note for note in m.diagnostics_.notes)
    assert np.allclose(m.contributions().groupby("date")["contribution"].sum().to_numpy(),
                       m.predict().to_numpy())


def test_multiplicative_baseline_refuses_bad_targets_and_names(data):
    frame, _ = data
    with pytest.raises(DataError, match="positive on average"):
        MMM(baseline="multiplicative", n_bootstrap=0).fit(
            frame.assign(sales=-frame["sales"]), target="sales", media=list(CHANNELS))
    with pytest.raises(DataError, match="additive' or 'multiplicative"):
        MMM(baseline="log").fit(frame, target="sales", media=list(CHANNELS))


# --------------------------------------------------------------------------- calibration


def test_calibration_moves_a_misspecified_fit_toward_the_truth():
    # the promotion runs in heavy-TV weeks; a model that is not told about it
    # credits TV with the promotion's sales
    frame, truth = simulate(seed=4, promo=8000.0)
    media = list(CHANNELS)
    plain = MMM(n_bootstrap=0, holdout=0).fit(frame, target="sales", media=media)
    true_tv = truth["roas"][0]
    assert plain.roas_.loc["tv", "mean"] > 1.15 * true_tv  # biased upwards
    lifts = []
    spend = truth["spend"]
    for start in (20, 70, 120):  # three 8-week go-dark tests of TV
        w = np.zeros(len(frame), dtype=bool)
        w[start:start + 8] = True
        off = spend.copy()
        off[w, 0] = 0.0
        lift = float((true_contribution(truth, spend)[w, 0]
                      - true_contribution(truth, off)[w, 0]).sum())
        lifts.append(sm.roi.experiments.Lift(
            "tv", frame["date"][start].date(), (frame["date"][start + 7]
                                                + pd.Timedelta(days=6)).date(),
            lift, lift - 0.1 * abs(lift) - 1, lift + 0.1 * abs(lift) + 1, 0.9,
            "sales").to_dict())
    cal = MMM(n_bootstrap=0, holdout=0).fit(frame, target="sales", media=media, lifts=lifts)
    before = abs(plain.roas_.loc["tv", "mean"] / true_tv - 1)
    after = abs(cal.roas_.loc["tv", "mean"] / true_tv - 1)
    assert after < before / 2


def test_calibration_refuses_wrong_metric_or_channel(data):
    frame, _ = data
    rec = {"channel": "tv", "start": "2022-03-07", "end": "2022-04-03", "lift": 1.0,
           "low": 0.0, "high": 2.0, "level": 0.9, "metric": "revenue"}
    with pytest.raises(DataError, match=r"measures 'revenue'.*target is 'sales'"):
        MMM(n_bootstrap=0).fit(frame, target="sales", media=list(CHANNELS), lifts=[rec])
    with pytest.raises(DataError, match="channel 'radio'"):
        MMM(n_bootstrap=0).fit(frame, target="sales", media=list(CHANNELS),
                               lifts=[{**rec, "channel": "radio", "metric": "sales"}])
    with pytest.raises(DataError, match="outside the fitted periods"):
        MMM(n_bootstrap=0).fit(frame, target="sales", media=list(CHANNELS),
                               lifts=[{**rec, "metric": "sales", "start": "2030-01-01",
                                       "end": "2030-01-31"}])


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(("change", "column", "words"), [
    (lambda f: f.drop(columns="social"), "social", "not in the frame"),
    (lambda f: f.assign(tv=-f["tv"]), "tv", "negative spend"),
    (lambda f: f.assign(search=0.0), "search", "zero spend in every period"),
    (lambda f: f.assign(sales=np.where(np.arange(len(f)) == 7, np.nan, f["sales"])), "sales",
     "missing or non-numeric"),
    (lambda f: f.drop(index=[10]), "date", "not evenly spaced"),
])
def test_bad_input_names_the_column(data, change, column, words):
    frame, _ = data
    with pytest.raises(DataError, match=words) as err:
        MMM(n_bootstrap=0).fit(change(frame), target="sales", media=list(CHANNELS))
    assert err.value.column == column
    assert "Fix:" in str(err.value)


def test_too_few_periods_for_the_parameters(data):
    frame, _ = data
    with pytest.raises(DataError, match="20 periods are too few for 14 parameters") as err:
        MMM(yearly_seasonality=0).fit(frame.head(20), target="sales", media=list(CHANNELS))
    assert err.value.column == "frame"


def test_bad_options_are_data_errors(data):
    frame, _ = data
    for opts in ({"level": 1.5}, {"cv": "kfold"}, {"n_bootstrap": -1}, {"adstock": "x"}):
        with pytest.raises(DataError):
            MMM(**opts).fit(frame, target="sales", media=list(CHANNELS))
    with pytest.raises(DataError, match="not fitted"):
        MMM().contributions()
    with pytest.raises(DataError, match="less than a year"):
        MMM().fit(frame.head(40), target="sales", media=["tv"])


# --------------------------------------------------------------------------- charts & views


def test_charts_have_titles_labels_and_sources(fitted):
    for kind in ("contributions", "waterfall", "roas", "mroas", "curves"):
        ax = fitted.plot(kind=kind)
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert any(t.get_text().startswith("Source") for t in ax.texts)
    ax = fitted.plot_waterfall()
    assert ax.get_yticklabels()[-1].get_text() == "total"
    with pytest.raises(DataError, match="not a chart"):
        fitted.plot(kind="pie")


def test_views(fitted):
    html = fitted._repr_html_()
    assert "media drove" in html and "<table" in html
    t = fitted.to_frame()
    assert t["spend_share"].sum() == pytest.approx(1.0)
    assert {"roas", "roas_low", "roas_high", "mroas"} <= set(t.columns)
    assert "not fitted" in MMM()._repr_html_()


# --------------------------------------------------------------------------- wide frame


@pytest.fixture(scope="module")
def bistro():
    return sm.synth.generate("bistro-lumiere", seed=0)


def test_wide_frame_from_workspace_tables(bistro):
    perf, out = bistro.tables["performance"], bistro.tables["outcomes"]
    w = wide_frame(perf, out)
    assert w.attrs["media"] == sorted(perf["channel"].unique())
    assert w.attrs["currency"] == "EUR" and w.attrs["target"] == "revenue"
    assert (w["date"].dt.day_of_week == 0).all()
    assert len(w) == 103 and len(w.attrs["dropped"]) == 2
    inside = perf[(perf["date"] >= w["date"].min())
                  & (perf["date"] <= w["date"].max() + pd.Timedelta(days=6))]
    assert w[w.attrs["media"]].to_numpy().sum() == pytest.approx(inside["spend"].sum())
    d = wide_frame(perf, out, freq="D", kpi="orders")
    assert len(d) == 730 and "orders" in d.columns


def test_wide_frame_from_workspace_round_trip(bistro, tmp_path):
    ws = sm.Workspace(tmp_path / "ws.duckdb")
    ws.upsert("performance", bistro.tables["performance"])
    ws.upsert("outcomes", bistro.tables["outcomes"])
    stored = wide_frame(ws.table("performance", client="bistro-lumiere"),
                        ws.table("outcomes", client="bistro-lumiere"))
    direct = wide_frame(bistro.tables["performance"], bistro.tables["outcomes"])
    pd.testing.assert_frame_equal(stored, direct, check_dtype=False)
    assert stored.attrs == direct.attrs


def test_wide_frame_refuses_mixed_currencies(bistro):
    perf, out = bistro.tables["performance"], bistro.tables["outcomes"]
    mixed = perf.copy()
    mixed.loc[mixed.index[:5], "currency"] = "USD"
    with pytest.raises(DataError, match="several currencies"):
        wide_frame(mixed, out)
    usd = out.copy()
    usd["currency"] = usd["currency"].where(usd["currency"].isna(), "USD")
    with pytest.raises(DataError, match="revenue is in USD but spend is in EUR"):
        wide_frame(perf, usd)
    with pytest.raises(DataError, match="no 'sales' rows"):
        wide_frame(perf, out, kpi="sales")
    two = pd.concat([perf, perf.assign(client="other")])
    with pytest.raises(DataError, match="several clients"):
        wide_frame(two, out)
    gap = out[out["date"] != out["date"].iloc[30]]
    with pytest.raises(DataError, match="have no revenue"):
        wide_frame(perf, gap)


def test_fit_reads_target_and_media_from_wide_frame(bistro):
    w = wide_frame(bistro.tables["performance"], bistro.tables["outcomes"])
    m = MMM(n_bootstrap=0, holdout=0).fit(w)
    assert m.target_ == "revenue" and m.currency_ == "EUR"
    assert m.channels_ == w.attrs["media"]
    assert "(EUR)" in m.plot_waterfall().get_xlabel()
