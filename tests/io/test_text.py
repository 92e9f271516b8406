"""The shared text layer: encodings, layout and line numbers, numbers, dates, timestamps."""

from __future__ import annotations

import codecs
import csv
import io as stdio
import random

import numpy as np
import pyarrow as pa
import pytest

from smtools import io
from smtools.errors import DataError
from smtools.io import _text

LINES = np.arange(2, 12)


def nums(values, **kw):
    return _text.parse_numbers(pa.array(values), file="f.csv", column="c",
                               lines=LINES[:len(values)], **kw).tolist()


def test_numbers_with_thousands_missing_markers_and_symbols():
    assert nums(["1,240", "1 240", "12", "--", "", "-", "$1,234.50", "€ 7", "1e3",
                 "N/A"]) == pytest.approx(
        [1240, 1240, 12, np.nan, np.nan, np.nan, 1234.5, 7, 1000, np.nan], nan_ok=True)
    assert nums(["1.240,50", "1 240,5", "3,25", "1\u202f000"], decimal=",") == [
        1240.5, 1240.5, 3.25, 1000]
    assert nums(["7.69%", "0.5"], percent="fraction") == pytest.approx([0.0769, 0.5])


@pytest.mark.parametrize(("values", "decimal", "row", "fragment"), [
    (["12", "12 apples"], ".", 3, "'12 apples' is not a number"),
    (["1", "1.240,50"], ".", 3, "in this file's format (decimal point)"),
    (["3", "7.5%"], ".", 3, "is a percentage"),
    (["1,5", "1,2,3"], ",", 3, "'1,2,3' is not a number"),
])
def test_number_errors_name_the_row(values, decimal, row, fragment):
    with pytest.raises(DataError) as err:
        nums(values, decimal=decimal)
    assert (err.value.row, err.value.column) == (row, "c")
    assert fragment in str(err.value)


def test_decimal_inference():
    assert _text.infer_decimal([pa.array(["1.240,50", "12"])])[0] == ","
    assert _text.infer_decimal([pa.array(["1,240.50", "12"])])[0] == "."
    assert _text.infer_decimal([pa.array(["1,240", "12"])])[0] == "."
    assert _text.infer_decimal([pa.array(["1,240", "12"])], hint=",")[0] == ","


def dates(values, **kw):
    out = _text.parse_dates(pa.array(values), file="f.csv", column="d",
                            lines=LINES[:len(values)], **kw)
    return [str(v)[:10] for v in out]


def test_date_formats():
    assert dates(["2025-01-31", "2025-02-01 00:00:00"]) == ["2025-01-31", "2025-02-01"]
    assert dates(["20250131"]) == ["2025-01-31"]
    assert dates(["1/31/2025", "2/1/2025"]) == ["2025-01-31", "2025-02-01"]  # only m/d fits
    assert dates(["31/01/2025", "01/02/2025"]) == ["2025-01-31", "2025-02-01"]
    assert dates(["01/02/2025"], dayfirst=True) == ["2025-02-01"]
    assert dates(["01/02/2025"], dayfirst=False) == ["2025-01-02"]
    assert dates(["Jan 31, 2025", ""]) == ["2025-01-31", "NaT"]
    assert dates(["31.01.2025"], fmt="%d.%m.%Y") == ["2025-01-31"]


def test_date_errors():
    with pytest.raises(DataError) as err:
        dates(["01/02/2025", "03/04/2025"])
    assert "day/month or month/day" in str(err.value) and err.value.row == 2
    with pytest.raises(DataError) as err:
        dates(["2025-01-31", "2025-02-30", "2025-03-01"])
    assert err.value.row == 3 and "'2025-02-30' is not a date" in str(err.value)
    assert "2025-01-31" in str(err.value)   # the example follows the column's format


def test_timestamps():
    ts = _text.parse_timestamps(
        pa.array(["2025-01-06T10:00:00Z", "2025-01-06 10:00:00 UTC", "2025-07-06T10:00:00-04:00",
                  "06/01/2025 10:00", ""]),
        file="f.csv", column="ts", lines=LINES[:5], timezone="Europe/Paris", dayfirst=True)
    assert [None if t is None or t != t else t.isoformat() for t in ts] == [
        "2025-01-06T10:00:00+00:00", "2025-01-06T10:00:00+00:00",
        "2025-07-06T14:00:00+00:00", "2025-01-06T09:00:00+00:00", None]
    with pytest.raises(DataError) as err:
        _text.parse_timestamps(pa.array(["2025-01-06T10:00:00Z", "2025-01-06 11:00"]),
                               file="f.csv", column="ts", lines=LINES[:2])
    assert err.value.row == 3 and "--timezone" in str(err.value)


def test_decode_encodings():
    header = "Día,Coste\n"
    assert _text.decode(codecs.BOM_UTF8 + header.encode(), "f").encoding == "utf-8-sig"
    assert _text.decode(codecs.BOM_UTF16_LE + header.encode("utf-16-le"), "f").data == \
        header.encode()
    assert _text.decode(codecs.BOM_UTF16_BE + header.encode("utf-16-be"), "f").data == \
        header.encode()
    assert _text.decode(header.encode("utf-16-le"), "f").notes == [
        "read as UTF-16 LE (no byte order mark)"]
    cp = _text.decode(header.encode("cp1252"), "f")
    assert cp.encoding == "cp1252" and cp.data == header.encode()
    assert _text.decode(b"a,b\r1,2\r", "f").data == b"a,b\n1,2\n"  # old Mac line ends
    with pytest.raises(DataError, match="empty"):
        _text.decode(b"  \r\n\n", "f")


def test_physical_line_numbers_with_multiline_values_and_blank_lines(write):
    path = write("tt.csv", '''
        By Day,Campaign name,Ad name,Cost,Impressions,Currency
        2025-01-13,Launch,"Hook A
        second line of the name",10,1000,EUR

        2025-01-14,Launch,Hook B,-3,1000,EUR
    ''')
    with pytest.raises(DataError) as err:
        io.read(path, client="acme")
    assert (err.value.row, err.value.column) == (5, "Cost")
    assert path.read_text().splitlines()[4].startswith("2025-01-14")


def test_quote_inside_an_unquoted_value_names_the_row(write):
    path = write("tt.csv", '''
        By Day,Campaign name,Ad name,Cost,Impressions,Currency
        2025-01-13,Launch,Hook A,10,1000,EUR
        2025-01-13,Launch,Hook "B,C" x,10,1000,EUR
    ''')
    with pytest.raises(DataError) as err:
        io.read(path, client="acme")
    assert err.value.row == 3 and "quotes" in str(err.value)


def test_crlf_and_trailing_empty_rows(write, tmp_path):
    path = tmp_path / "crlf.csv"
    path.write_bytes(b"By Day,Campaign name,Cost,Impressions,Currency\r\n"
                     b"2025-01-13,Launch,10,1000,EUR\r\n,,,,\r\n\r\n")
    export = io.read(path, client="acme")
    assert len(export.frame) == 1 and export.notes == ["dropped the empty row (line 3)"]


def test_scan_agrees_with_the_csv_module():
    """Record boundaries, values per record and line numbers, on random files and tiny chunks."""
    rng = random.Random(3)
    cells = ["a", "b,c", 'q"x', "l1\nl2", "", "12", '""', "x\r\ny"]
    chunk = _text._CHUNK
    try:
        for _ in range(300):
            rows = [[rng.choice(cells) for _ in range(3)] for _ in range(rng.randint(1, 20))]
            out = stdio.StringIO()
            csv.writer(out, lineterminator=rng.choice(["\n", "\r\n"])).writerows(rows)
            data = out.getvalue().encode()
            if rng.random() < 0.3:
                data = data.rstrip(b"\r\n")
            _text._CHUNK = rng.choice([1, 2, 5, 16, 1 << 24])
            lay = _text.scan(data, 0, len(data), ",", 1, fields=True)
            ref = list(csv.reader(stdio.StringIO(data.decode(), newline="")))
            kept = np.flatnonzero(~lay.blank)
            assert lay.fields[kept].tolist() == [len(r) for r in ref]
            assert lay.lines[kept].tolist() == [data[:s].count(b"\n") + 1
                                                for s in lay.starts[kept]]
            assert lay.unclosed is None
    finally:
        _text._CHUNK = chunk
