"""Canonical tables: schemas, rules and the errors they raise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smtools import tables
from smtools.errors import DataError


def perf(**over: object) -> pd.DataFrame:
    base = {
        "client": ["acme", "acme"],
        "date": pd.to_datetime(["2025-01-01", "2025-01-02"]),
        "channel": ["facebook", "facebook"],
        "campaign": ["c1", "c1"],
        "impressions": [1000.0, 2000.0],
        "reach": [800.0, 1500.0],
        "clicks": [10.0, 20.0],
        "spend": [5.0, 9.5],
        "currency": ["EUR", "EUR"],
        "_line": [2, 3],
    }
    base.update(over)
    return pd.DataFrame(base)


def test_valid_frame_gets_canonical_columns_and_dtypes() -> None:
    out = tables.validate("performance", perf())
    assert list(out.columns) == tables.TABLES["performance"].names
    assert out["spend"].dtype == np.float64
    assert out["ad_group"].isna().all()
    assert "_line" not in out.columns


@pytest.mark.parametrize(
    ("change", "row", "column", "words"),
    [
        ({"spend": [5.0, -1.0]}, 3, "spend", "negative spend"),
        ({"clicks": [10.0, 5000.0]}, 3, "clicks", "clicks exceed impressions"),
        ({"reach": [800.0, 5000.0]}, 3, "reach", "reach exceeds impressions"),
        ({"currency": ["EUR", "USD"]}, 3, "currency", "mixes currencies"),
        ({"currency": ["EUR", None]}, 3, "currency", "without a currency"),
        ({"currency": ["EUR", "euro"]}, 3, "currency", "ISO 4217"),
        ({"client": ["acme", "Acme!"]}, 3, "client", "not a valid client slug"),
        ({"impressions": [1000.0, np.inf]}, 3, "impressions", "infinite"),
        ({"campaign": ["c1", None]}, 3, "campaign", "required value is empty"),
    ],
)
def test_rules_name_row_and_column(change: dict, row: int, column: str, words: str) -> None:
    with pytest.raises(DataError) as info:
        tables.validate("performance", perf(**change), file="x.csv")
    err = info.value
    assert (err.file, err.row, err.column) == ("x.csv", row, column)
    assert words in err.message


def test_errors_use_the_files_column_names() -> None:
    with pytest.raises(DataError) as info:
        tables.validate("performance", perf(spend=[-2.0, 1.0]),
                        source_columns={"spend": "Amount spent (EUR)"})
    assert info.value.column == "Amount spent (EUR)"
    assert info.value.row == 2


def test_duplicate_natural_key_is_refused() -> None:
    frame = perf(date=pd.to_datetime(["2025-01-01", "2025-01-01"]))
    with pytest.raises(DataError, match="rows 2 and 3 describe the same"):
        tables.validate("performance", frame)


def test_missing_required_column() -> None:
    with pytest.raises(DataError, match="needs column"):
        tables.validate("performance", perf().drop(columns=["campaign"]))


def test_naive_timestamps_are_refused() -> None:
    frame = pd.DataFrame({"client": ["a"], "post_id": ["1"], "channel": ["instagram"],
                          "published_at": pd.to_datetime(["2025-01-01 10:00"])})
    with pytest.raises(DataError, match="no time zone"):
        tables.validate("posts", frame)


def test_timestamps_are_stored_in_utc() -> None:
    frame = pd.DataFrame({"client": ["a"], "post_id": ["1"], "channel": ["instagram"],
                          "published_at": pd.to_datetime(["2025-07-01 10:00"]).tz_localize(
                              "Europe/Paris")})
    out = tables.validate("posts", frame)
    assert str(out["published_at"].dt.tz) == "UTC"
    assert out["published_at"].iloc[0].hour == 8


def test_every_table_has_ddl_and_empty_frame() -> None:
    for name, spec in tables.TABLES.items():
        assert list(tables.empty(name).columns) == spec.names
        assert tables.ddl(name).startswith(f"CREATE TABLE IF NOT EXISTS {name}")
        assert set(spec.key) <= set(spec.names)


def test_unknown_table() -> None:
    with pytest.raises(DataError, match="unknown table"):
        tables.validate("nope", pd.DataFrame())
