"""Journeys → paths and the reading of aggregated paths frames."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from smtools.errors import DataError
from smtools.roi import attribution
from smtools.roi.attribution._paths import as_paths, from_journeys, group_sequences

T0 = pd.Timestamp("2026-03-02 09:00", tz="UTC")


def journeys(rows: list[tuple], client: str = "acme") -> pd.DataFrame:
    """rows: (user, hours after T0, event, channel, value)."""
    frame = pd.DataFrame(rows, columns=["user_key", "hours", "event", "channel", "value"])
    frame["ts"] = T0 + pd.to_timedelta(frame.pop("hours"), unit="h")
    frame["client"] = client
    frame["currency"] = np.where(frame["event"] == "conversion", "EUR", None)
    return frame


def as_dict(frame: pd.DataFrame) -> dict[str, tuple[float, float, float]]:
    return {r.path: (r.total_conversions, r.total_conversion_value, r.total_null)
            for r in frame.itertuples()}


def naive_paths(frame: pd.DataFrame, lookback_days: float | None = None
                ) -> dict[str, tuple[float, float, float]]:
    """Plain-Python journeys → paths, written from the definition."""
    out: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    rows = frame.assign(_conv=(frame["event"] == "conversion").astype(int),
                        _pos=np.arange(len(frame)))
    for _, user in rows.groupby(["client", "user_key"], sort=False):
        user = user.sort_values(["ts", "_conv", "_pos"])
        current: list[tuple[str, pd.Timestamp]] = []
        for r in user.itertuples():
            if r.event == "touch":
                current.append((r.channel, r.ts))
                continue
            kept = [c for c, t in current
                    if lookback_days is None or (r.ts - t) <= pd.Timedelta(days=lookback_days)]
            key = " > ".join(kept) or "(direct/none)"
            out[key][0] += 1
            out[key][1] += 0.0 if pd.isna(r.value) else r.value
            current = []
        if current:
            end = current[-1][1]
            kept = [c for c, t in current
                    if lookback_days is None or (end - t) <= pd.Timedelta(days=lookback_days)]
            out[" > ".join(kept)][2] += 1
    return {k: tuple(v) for k, v in out.items()}


def random_journeys(seed: int, users: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(users):
        for _ in range(int(rng.integers(1, 9))):
            hours = float(rng.integers(0, 40)) * 12.0  # coarse: ties happen
            if rng.random() < 0.2:
                rows.append((f"u{u}", hours, "conversion", None,
                             float(rng.integers(1, 50)) if rng.random() < 0.8 else None))
            else:
                rows.append((f"u{u}", hours, "touch", str(rng.choice(["fb", "ig", "se"])),
                             None))
    frame = journeys(rows)
    # the same user key in a second client is another person
    other = journeys(rows[: len(rows) // 3], client="beta")
    return pd.concat([frame, other]).sample(frac=1.0, random_state=seed).reset_index(drop=True)


# --- cutting journeys ----------------------------------------------------------------
def test_each_conversion_closes_a_path_and_trailing_touches_are_null() -> None:
    frame = journeys([
        ("u1", 0, "touch", "facebook", None),
        ("u1", 1, "touch", "search", None),
        ("u1", 2, "conversion", None, 80.0),
        ("u1", 3, "touch", "email", None),
        ("u1", 4, "conversion", None, 20.0),
        ("u1", 5, "touch", "facebook", None),
        ("u2", 0, "touch", "facebook", None),
        ("u2", 9, "touch", "search", None),
    ])
    out = attribution.paths(frame)
    assert as_dict(out) == {
        "facebook > search": (1.0, 80.0, 1.0),
        "email": (1.0, 20.0, 0.0),
        "facebook": (0.0, 0.0, 1.0),
    }
    assert out.attrs["currency"] == "EUR"
    assert out.attrs["direct_conversions"] == 0
    assert list(out.columns) == ["path", "total_conversions", "total_conversion_value",
                                 "total_null"]


def test_a_touch_at_the_instant_of_a_conversion_counts_before_it() -> None:
    frame = journeys([
        ("u1", 2, "conversion", None, 10.0),
        ("u1", 2, "touch", "email", None),
        ("u1", 1, "touch", "search", None),
    ])
    assert as_dict(attribution.paths(frame)) == {"search > email": (1.0, 10.0, 0.0)}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vectorised_cut_matches_the_definition(seed: int) -> None:
    frame = random_journeys(seed)
    got = as_dict(attribution.paths(frame))
    want = naive_paths(frame)
    assert got.keys() == want.keys()
    for key, (c, v, n) in want.items():
        assert got[key] == pytest.approx((c, v, n)), key


def test_lookback_window_matches_the_definition() -> None:
    frame = random_journeys(4)
    got = attribution.paths(frame, lookback_days=3)
    want = naive_paths(frame, lookback_days=3)
    assert as_dict(got).keys() == want.keys()
    assert got.attrs["dropped_touches"] > 0
    assert got["total_conversions"].sum() == sum(v[0] for v in want.values())


def test_row_order_does_not_matter_and_sorted_input_is_read_without_sorting() -> None:
    frame = random_journeys(5)
    by_user = frame.sort_values(["client", "user_key", "ts"], kind="stable")
    a = attribution.paths(frame).set_index("path").sort_index()
    b = attribution.paths(by_user).set_index("path").sort_index()
    pd.testing.assert_frame_equal(a, b)


def test_conversions_without_a_touch_are_counted_or_excluded() -> None:
    frame = journeys([
        ("u1", 0, "conversion", None, 30.0),
        ("u1", 1, "conversion", None, 5.0),  # no touch since the previous conversion
        ("u2", 0, "touch", "search", None),
        ("u2", 1, "conversion", None, 50.0),
        ("u3", 0, "touch", "facebook", None),
        ("u3", 24 * 40, "conversion", None, 15.0),  # its only touch is 40 days earlier
    ])
    counted = attribution.paths(frame, lookback_days=30)
    assert as_dict(counted)["(direct/none)"] == (3.0, 50.0, 0.0)
    assert counted.attrs["direct_conversions"] == 3
    assert counted.attrs["dropped_touches"] == 1
    excluded = attribution.paths(frame, lookback_days=30, direct="exclude")
    assert as_dict(excluded) == {"search": (1.0, 50.0, 0.0)}
    assert excluded.attrs["direct_conversions"] == 3
    # the models report it too
    assert attribution.markov(frame, direct="exclude").attrs["direct_conversions"] == 2
    with pytest.raises(DataError, match="direct="):
        attribution.paths(frame, direct="ignore")


def test_users_are_told_apart_per_client() -> None:
    a = journeys([("u1", 0, "touch", "facebook", None)], client="acme")
    b = journeys([("u1", 1, "conversion", None, 10.0)], client="beta")
    out = attribution.paths(pd.concat([a, b], ignore_index=True))
    assert as_dict(out) == {"facebook": (0.0, 0.0, 1.0), "(direct/none)": (1.0, 10.0, 0.0)}


def test_dedupe_collapses_repeated_touches() -> None:
    frame = journeys([
        ("u1", 0, "touch", "search", None),
        ("u1", 1, "touch", "search", None),
        ("u1", 2, "touch", "email", None),
        ("u1", 3, "touch", "search", None),
        ("u1", 4, "conversion", None, 10.0),
    ])
    assert list(attribution.paths(frame)["path"]) == ["search > search > email > search"]
    assert list(attribution.paths(frame, dedupe=True)["path"]) == ["search > email > search"]


def test_journeys_without_value_give_zero_value() -> None:
    frame = journeys([("u1", 0, "touch", "a", None), ("u1", 1, "conversion", None, None)])
    frame = frame.drop(columns=["value", "currency"])
    out = attribution.paths(frame)
    assert out["total_conversion_value"].tolist() == [0.0]
    assert attribution.heuristics(frame)["linear_value"].isna().all()


# --- refusing bad journeys ------------------------------------------------------------
def test_mixed_currencies_are_refused() -> None:
    frame = journeys([("u1", 0, "touch", "a", None), ("u1", 1, "conversion", None, 5.0),
                      ("u2", 1, "conversion", None, 7.0)])
    frame.loc[2, "currency"] = "USD"
    with pytest.raises(DataError, match="mixes currencies") as err:
        attribution.paths(frame)
    assert err.value.column == "currency" and err.value.row == 3


@pytest.mark.parametrize(("change", "column", "message"), [
    (lambda f: f.assign(ts=f["ts"].dt.tz_localize(None)), "ts", "no time zone"),
    (lambda f: f.assign(ts="2026-03-02"), "ts", "does not hold timestamps"),
    (lambda f: f.assign(event=["touch", "purchase"]), "event", "neither a touch"),
    (lambda f: f.assign(channel=[None, None]), "channel", "touch has no channel"),
    (lambda f: f.assign(value=[None, -3.0]), "value", "negative or infinite conversion value"),
    (lambda f: f.drop(columns="user_key"), "user_key", "no column 'user_key'"),
    (lambda f: f.assign(user_key=["u1", None]), "user_key", "no user_key"),
    (lambda f: f.assign(channel=["a > b", None]), "channel", "contains the separator"),
])
def test_bad_journeys_name_the_column(change, column: str, message: str) -> None:
    frame = change(journeys([("u1", 0, "touch", "a", None),
                             ("u1", 1, "conversion", None, 5.0)]))
    with pytest.raises(DataError, match=message) as err:
        attribution.paths(frame)
    assert err.value.column == column
    assert err.value.hint


def test_bad_options_are_refused() -> None:
    frame = journeys([("u1", 0, "touch", "a", None), ("u1", 1, "conversion", None, 5.0)])
    with pytest.raises(DataError, match="lookback_days"):
        attribution.paths(frame, lookback_days=0)
    with pytest.raises(DataError, match="sep"):
        attribution.paths(frame, sep=" ")
    with pytest.raises(DataError, match="journeys table"):
        attribution.paths(pd.DataFrame({"path": ["a"], "total_conversions": [1]}))


# --- reading paths frames ------------------------------------------------------------
def test_paths_frame_spacing_and_custom_columns() -> None:
    frame = pd.DataFrame({"journey": ["email>search", " email >  search ", "search"],
                          "conv": [1, 2, 3], "revenue": [10.0, 20.0, 30.0], "lost": [0, 4, 5]})
    ps = as_paths(frame, path_col="journey", conversions_col="conv", value_col="revenue",
                  null_col="lost")
    agg = ps.aggregate()
    assert agg.n_paths == 2
    assert sorted(agg.strings()) == ["email > search", "search"]
    assert sorted(agg.conversions) == [3.0, 3.0]
    with pytest.raises(DataError) as err:
        as_paths(frame)  # default column names: no 'path'
    assert err.value.column == "path"


def test_paths_frame_without_null_or_value_columns() -> None:
    frame = pd.DataFrame({"path": ["a > b", "b"], "total_conversions": [2, 1]})
    ps = as_paths(frame)
    assert ps.null.tolist() == [0.0, 0.0]
    assert ps.value is None


@pytest.mark.parametrize(("column", "values", "message"), [
    ("total_conversions", [1, -2], "negative or infinite conversions"),
    ("total_null", [1, -1], "negative or infinite non-converting"),
    ("total_conversion_value", [1.0, np.inf], "infinite conversion value"),
    ("total_conversions", [1, "many"], "not a number"),
    ("path", ["a", " > "], "names no channel"),
    ("path", ["a", None], "path is empty"),
])
def test_bad_paths_frames_name_column_and_row(column: str, values: list,
                                              message: str) -> None:
    frame = pd.DataFrame({"path": ["a", "b"], "total_conversions": [1, 2],
                          "total_conversion_value": [1.0, 2.0], "total_null": [3, 4]})
    frame[column] = values
    with pytest.raises(DataError, match=message) as err:
        attribution.markov(frame)
    assert err.value.column == column
    assert err.value.row == 2


def test_missing_conversions_column_and_no_conversions() -> None:
    with pytest.raises(DataError, match="total_conversions") as err:
        attribution.heuristics(pd.DataFrame({"path": ["a"], "conv": [1]}))
    assert err.value.column == "total_conversions"
    none = pd.DataFrame({"path": ["a", "b"], "total_conversions": [0, 0], "total_null": [3, 4]})
    for model in (attribution.markov, attribution.heuristics, attribution.shapley,
                  attribution.compare):
        with pytest.raises(DataError, match="no conversions"):
            model(none)


def test_lookback_needs_journeys_and_data_must_be_recognisable() -> None:
    frame = pd.DataFrame({"path": ["a"], "total_conversions": [1]})
    with pytest.raises(DataError, match="lookback_days needs timestamps"):
        attribution.markov(frame, lookback_days=7)
    with pytest.raises(DataError, match="neither"):
        attribution.markov(pd.DataFrame({"x": [1]}))
    with pytest.raises(DataError, match="DataFrame"):
        attribution.markov([("a", 1)])  # type: ignore[arg-type]


def test_models_agree_on_journeys_and_on_their_paths_frame() -> None:
    frame = random_journeys(6)
    p = attribution.paths(frame)
    pd.testing.assert_frame_equal(attribution.markov(frame), attribution.markov(p),
                                  check_like=True)
    models = ["first_touch", "last_touch", "linear", "position_based"]
    pd.testing.assert_frame_equal(attribution.heuristics(frame, models=models),
                                  attribution.heuristics(p, models=models))
    pd.testing.assert_frame_equal(attribution.shapley(frame), attribution.shapley(p))


# --- grouping identical paths ---------------------------------------------------------
def test_group_sequences_exact_for_packed_and_long_paths() -> None:
    rng = np.random.default_rng(0)
    seqs = [tuple(rng.integers(0, 3, size=int(rng.integers(0, 5)))) for _ in range(300)]
    # long paths over many codes cannot be packed into 63 bits: compared row-wise
    seqs += [tuple(rng.integers(0, 40, size=20)) for _ in range(5)] * 2
    offsets = np.concatenate([[0], np.cumsum([len(s) for s in seqs])])
    touches = np.concatenate([np.asarray(s, dtype=np.int64) for s in seqs])
    gid, first = group_sequences(offsets, touches, 40)
    expected: dict[tuple, int] = {}
    for s in seqs:
        expected.setdefault(s, len(expected))
    assert gid.tolist() == [expected[s] for s in seqs]
    assert [seqs[i] for i in first] == list(expected)


def test_time_of_touches_is_measured_back_from_the_end_of_the_path() -> None:
    frame = journeys([("u1", 0, "touch", "a", None), ("u1", 36, "touch", "b", None),
                      ("u1", 48, "conversion", None, 1.0), ("u2", 0, "touch", "c", None),
                      ("u2", 24, "touch", "d", None)])
    ps = from_journeys(frame)
    assert ps.age_days.tolist() == pytest.approx([2.0, 0.5, 1.0, 0.0])


def test_time_zone_and_resolution_of_timestamps_do_not_matter() -> None:
    frame = random_journeys(7, users=60)
    base = attribution.paths(frame).set_index("path").sort_index()
    paris = frame.assign(ts=frame["ts"].dt.tz_convert("Europe/Paris"))
    nanos = frame.assign(ts=frame["ts"].dt.as_unit("ns"))
    for other in (paris, nanos):
        pd.testing.assert_frame_equal(attribution.paths(other).set_index("path").sort_index(),
                                      base)
    h = attribution.heuristics(paris, models=["time_decay", "linear"])
    pd.testing.assert_frame_equal(h, attribution.heuristics(frame,
                                                            models=["time_decay", "linear"]))


def test_channel_names_come_from_touches_only() -> None:
    frame = journeys([("u1", 0, "touch", " search", None), ("u1", 1, "touch", "search ", None),
                      ("u1", 2, "conversion", "google_ads", 10.0),
                      ("u2", 0, "touch", "email", None), ("u2", 1, "conversion", "", 5.0)])
    out = attribution.paths(frame)
    assert as_dict(out) == {"search > search": (1.0, 10.0, 0.0), "email": (1.0, 5.0, 0.0)}
    assert list(attribution.markov(frame).index) == ["email", "search"]
    frame.loc[3, "channel"] = "  "
    with pytest.raises(DataError, match="empty channel name") as err:
        attribution.paths(frame)
    assert err.value.row == 4
