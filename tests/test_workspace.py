"""The DuckDB workspace: all-or-nothing writes, overlap replacement, reads."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import smtools as sm
from smtools.errors import DataError
from tests.conftest import outcomes_frame


def test_upsert_and_read_back(ws: sm.Workspace) -> None:
    result = ws.upsert("outcomes", outcomes_frame(days=5))
    assert (result.rows, result.replaced) == (5, 0)
    got = ws.table("outcomes", client="acme")
    assert got["value"].tolist() == [100.0, 101.0, 102.0, 103.0, 104.0]
    assert str(got["date"].dtype) == "datetime64[us]"
    assert got["currency"].tolist() == ["EUR"] * 5
    assert got["region"].isna().all()


def test_overlapping_rows_replace_instead_of_double_counting(ws: sm.Workspace) -> None:
    ws.upsert("outcomes", outcomes_frame(days=10, start="2025-01-01"))
    second = outcomes_frame(days=10, start="2025-01-06")
    second["value"] = 1.0
    result = ws.upsert("outcomes", second)
    assert result.replaced == 5
    got = ws.table("outcomes", client="acme")
    assert len(got) == 15
    assert got["date"].is_unique
    assert got["value"].sum() == pytest.approx(sum(100.0 + i for i in range(5)) + 10 * 1.0)


def test_start_end_filters_are_inclusive(ws: sm.Workspace) -> None:
    ws.upsert("outcomes", outcomes_frame(days=10))
    got = ws.table("outcomes", client="acme", start="2025-01-03", end="2025-01-05")
    assert got["date"].dt.day.tolist() == [3, 4, 5]


def test_timestamp_filters_cover_whole_days(ws: sm.Workspace) -> None:
    frame = pd.DataFrame({
        "client": "acme", "post_id": ["a", "b", "c"], "channel": "instagram",
        "published_at": pd.to_datetime(["2025-01-01 00:00", "2025-01-02 23:59",
                                         "2025-01-03 00:00"], utc=True),
    })
    ws.upsert("posts", frame)
    got = ws.table("posts", client="acme", start="2025-01-01", end="2025-01-02")
    assert got["post_id"].tolist() == ["a", "b"]
    assert str(got["published_at"].dt.tz) == "UTC"


def test_failed_write_leaves_workspace_unchanged(ws: sm.Workspace) -> None:
    ws.upsert("outcomes", outcomes_frame(days=3))
    before = ws.counts()
    bad = outcomes_frame(days=4, start="2025-02-01")
    bad.loc[3, "currency"] = "USD"
    with pytest.raises(DataError):
        ws.upsert("outcomes", bad)
    assert ws.counts() == before


def test_clients_and_counts(ws: sm.Workspace) -> None:
    ws.upsert("outcomes", outcomes_frame("acme"))
    ws.upsert("outcomes", outcomes_frame("zeta-2"))
    assert ws.clients() == ["acme", "zeta-2"]
    assert ws.counts("acme")["outcomes"] == 3
    assert ws.counts()["outcomes"] == 6
    assert ws.delete_client("acme") == 3
    assert ws.clients() == ["zeta-2"]


def test_reading_a_missing_workspace_gives_empty_tables(tmp_path: Path) -> None:
    ws = sm.Workspace(tmp_path / "none.duckdb")
    assert ws.table("performance").empty
    assert ws.clients() == []
    assert not (tmp_path / "none.duckdb").exists()


def test_bad_parameters(ws: sm.Workspace) -> None:
    with pytest.raises(DataError, match="not a client slug"):
        ws.table("outcomes", client="../x")
    with pytest.raises(DataError, match="not a date"):
        ws.table("outcomes", start="yesterday-ish")
    with pytest.raises(DataError, match="unknown table"):
        ws.table("orders")


def test_truth_round_trip(ws: sm.Workspace) -> None:
    ws.save_truth("acme", {"roas": {"facebook": 2.5}})
    assert ws.truth("acme") == {"roas": {"facebook": 2.5}}
    with pytest.raises(DataError, match="no known truth"):
        ws.truth("other")


def test_default_path_follows_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTOOLS_WORKSPACE", str(tmp_path / "env.duckdb"))
    assert sm.Workspace().path == tmp_path / "env.duckdb"
    monkeypatch.delenv("SMTOOLS_WORKSPACE")
    monkeypatch.chdir(tmp_path)
    assert sm.Workspace().path == Path(os.getcwd()) / "workspace.duckdb"


def test_ingest_log(ws: sm.Workspace) -> None:
    ws.upsert("outcomes", outcomes_frame())
    log = ws.ingests()
    assert log["table_name"].tolist() == ["outcomes"]
    assert log["rows"].tolist() == [3]


def test_reads_inside_reading_share_one_connection(ws: sm.Workspace,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    import duckdb

    ws.upsert("outcomes", outcomes_frame(days=5))
    opened = []
    real = duckdb.connect

    def counting(*args, **kwargs):
        opened.append(kwargs.get("read_only"))
        return real(*args, **kwargs)

    monkeypatch.setattr(duckdb, "connect", counting)
    with ws.reading():
        assert len(ws.table("outcomes", client="acme")) == 5
        assert ws.clients() == ["acme"]
        with ws.reading():  # nested: the same connection
            assert ws.counts("acme")["outcomes"] == 5
        assert pickle.loads(pickle.dumps(ws))._shared is None
        with pytest.raises(RuntimeError, match="no write"):
            ws.upsert("outcomes", outcomes_frame(days=2, start="2025-02-01"))
    assert opened == [True]
    assert ws._shared is None
    ws.upsert("outcomes", outcomes_frame(days=2, start="2025-02-01"))  # writes work again
    assert len(ws.table("outcomes", client="acme")) == 7
