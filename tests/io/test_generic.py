"""Generic CSV / Parquet files: canonical names, YAML mappings, timestamps, client."""

from __future__ import annotations

import pandas as pd
import pytest

from smtools import io
from smtools.errors import DataError


def test_yaml_mapping(exports):
    export = io.read(exports / "generic_orders.csv", client="acme",
                     mapping=exports / "generic_orders.yaml")
    f = export.frame
    assert export.source == "csv" and export.table == "outcomes"
    assert len(f) == 5
    assert f["value"].sum() == pytest.approx(4091.5)     # "1 240,50" with decimal: ","
    assert f["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-01-06", "2025-01-06", "2025-01-07", "2025-01-07", "2025-01-08"]
    assert set(f["kpi"]) == {"revenue"} and set(f["currency"]) == {"EUR"}
    assert f["region"].tolist() == ["FR", "ES", "FR", "ES", "FR"]


def test_mapping_as_dict_and_inferred_table(exports):
    mapping = {"columns": {"date": "Order date", "region": "Country", "value": "Orders"},
               "constants": {"kpi": "orders"}}
    # 06/01/2025 could be June or January: without date_format that is an error
    with pytest.raises(DataError) as err:
        io.read(exports / "generic_orders.csv", client="acme", mapping=mapping)
    assert (err.value.row, err.value.column) == (2, "Order date")
    assert "date_format" in str(err.value)
    mapping["date_format"] = "%d/%m/%Y"
    f = io.read(exports / "generic_orders.csv", client="acme", mapping=mapping).frame
    assert f["value"].tolist() == [31, 8, 24, 11, 29]
    assert f["currency"].isna().all()


def test_canonical_columns_need_no_mapping(exports):
    export = io.read(exports / "canonical_performance.csv", client="acme")
    f = export.frame
    assert export.source == "csv" and export.table == "performance"
    assert f["channel"].tolist() == ["facebook", "instagram", "facebook"]  # Facebook, ig
    assert f["spend"].sum() == pytest.approx(49.75)


def test_parquet_file_from_a_frame(tmp_path):
    frame = pd.DataFrame({
        "date": pd.to_datetime(["2025-01-06", "2025-01-07"]),
        "channel": ["tiktok", "tiktok"], "campaign": ["Launch", "Launch"],
        "impressions": [1000, 1200], "spend": [12.5, 14.0], "currency": ["EUR", "EUR"]})
    path = tmp_path / "perf.parquet"
    frame.to_parquet(path)
    assert io.detect(path) == "csv"
    export = io.read(path, client="acme")
    assert export.table == "performance" and len(export.frame) == 2
    assert export.frame["impressions"].tolist() == [1000.0, 1200.0]
    assert export.frame["date"].tolist() == list(frame["date"])


def test_parquet_with_mapping_and_row_numbers_in_errors(tmp_path):
    frame = pd.DataFrame({"Day": ["2025-01-06", "2025-01-07", "2025-01-08"],
                          "Leads": [4.0, -1.0, 3.0]})
    path = tmp_path / "crm.parquet"
    frame.to_parquet(path)
    mapping = {"table": "outcomes", "columns": {"date": "Day", "value": "Leads"},
               "constants": {"kpi": "leads"}}
    ok = frame.assign(Leads=[4.0, 1.0, 3.0])
    ok.to_parquet(tmp_path / "ok.parquet")
    assert io.read(tmp_path / "ok.parquet", client="acme", mapping=mapping
                   ).frame["value"].tolist() == [4, 1, 3]
    frame.loc[1, "Leads"] = float("inf")
    frame.to_parquet(path)
    with pytest.raises(DataError) as err:
        io.read(path, client="acme", mapping=mapping)
    assert (err.value.row, err.value.column) == (2, "Leads")


def test_timestamps_use_the_offset_then_the_timezone(exports):
    export = io.read(exports / "generic_posts.csv", client="acme", timezone="Europe/Paris")
    ts = export.frame["published_at"]
    assert str(ts.dt.tz) == "UTC"
    assert [t.isoformat() for t in ts] == [
        "2025-03-29T17:30:00+00:00",   # offset in the data (+01:00)
        "2025-03-30T07:00:00+00:00",   # naive, Paris summer time (DST started that night)
        "2025-03-31T10:15:00+00:00"]


def test_timezone_from_the_mapping_and_argument_wins(exports):
    path = exports / "generic_posts.csv"
    by_mapping = io.read(path, client="acme", mapping={"timezone": "America/New_York"})
    assert by_mapping.frame["published_at"].iloc[1].isoformat() == "2025-03-30T13:00:00+00:00"
    both = io.read(path, client="acme", mapping={"timezone": "America/New_York"},
                   timezone="Europe/Paris")
    assert both.frame["published_at"].iloc[1].isoformat() == "2025-03-30T07:00:00+00:00"


def test_nonexistent_local_time_is_an_error(write):
    path = write("posts.csv", """
        post_id,channel,published_at
        p-1,instagram,2025-03-30 02:30
    """)
    with pytest.raises(DataError) as err:
        io.read(path, client="acme", timezone="Europe/Paris")
    assert (err.value.row, err.value.column) == (2, "published_at")
    assert "daylight saving" in str(err.value)


def test_client_column_must_match(write):
    path = write("out.csv", """
        client,date,kpi,value
        acme,2025-01-06,orders,3
        ,2025-01-07,orders,4
    """)
    f = io.read(path, client="acme").frame
    assert f["client"].tolist() == ["acme", "acme"]
    with pytest.raises(DataError) as err:
        io.read(path, client="globex")
    assert (err.value.row, err.value.column) == (2, "client")
    with pytest.raises(DataError, match="constants"):
        io.read(path, client="acme", mapping={"constants": {"client": "globex"},
                                              "table": "outcomes"})


def test_currency_constant_against_argument(exports):
    with pytest.raises(DataError) as err:
        io.read(exports / "generic_orders.csv", client="acme",
                mapping=exports / "generic_orders.yaml", currency="USD")
    assert err.value.column == "constants.currency"
    assert err.value.file == str(exports / "generic_orders.yaml") and err.value.row == 9


def test_audience_shares_accept_percentages(write):
    path = write("aud.csv", """
        source;channel;age_band;gender;region;share
        followers;Instagram;18-24;female;FR;12,5%
        followers;Instagram;25-34;female;FR;30%
    """)
    f = io.read(path, client="acme").frame
    assert f["share"].tolist() == [0.125, 0.30]
    assert f["channel"].tolist() == ["instagram", "instagram"]


def test_percentage_in_a_count_column_is_an_error(write):
    path = write("perf.csv", """
        date,channel,campaign,impressions
        2025-01-06,facebook,A,7.5%
    """)
    with pytest.raises(DataError) as err:
        io.read(path, client="acme")
    assert (err.value.row, err.value.column) == (2, "impressions")
    assert "percentage" in str(err.value)


def test_mapping_errors_name_the_mapping_line(exports, tmp_path):
    bad = tmp_path / "m.yaml"
    bad.write_text("table: outcomes\ncolumns:\n  date: Order date\n  valeu: Revenue\n")
    with pytest.raises(DataError) as err:
        io.read(exports / "generic_orders.csv", client="acme", mapping=bad)
    assert (err.value.file, err.value.row, err.value.column) == (str(bad), 4, "columns.valeu")
    assert "did you mean 'value'" in str(err.value)
    bad.write_text("table: outcomes\ncolumns: {date: Order date, value: Revenu}\n")
    with pytest.raises(DataError) as err:
        io.read(exports / "generic_orders.csv", client="acme", mapping=bad)
    assert err.value.column == "Revenu" and err.value.row == 1
    assert "did you mean 'Revenue'" in str(err.value)
    bad.write_text("table: [outcomes\n")
    with pytest.raises(DataError) as err:
        io.read(exports / "generic_orders.csv", client="acme", mapping=bad)
    assert err.value.file == str(bad) and "not valid YAML" in str(err.value)
    with pytest.raises(DataError, match="only used with --source csv"):
        io.read(exports / "generic_orders.csv", client="acme", mapping=bad, source="meta")


def test_missing_required_column_explains_the_mapping(write):
    path = write("o.csv", """
        date,value
        2025-01-06,3
    """)
    with pytest.raises(DataError) as err:
        io.read(path, client="acme", source="csv", mapping={"table": "outcomes"})
    assert err.value.column == "kpi" and "constants" in str(err.value)
