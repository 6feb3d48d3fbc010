"""No input produces a traceback: any bytes, any cells, any values give a report or a clear
rejection. Properties over the CSV reader, the workbook reader and every value parser, with
thousands of examples each (mixed types, time zones, huge and control-character strings,
unbalanced quotes, ragged rows, duplicate headers, formula cells with and without values)."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from imports.values import (
    TEXT,
    parse_choice,
    parse_date,
    parse_date_range,
    parse_number,
    parse_zip,
)
from rules.check import check_upload
from rules.report import CheckReport
from tests.support import WAGE_HEADER, xlsx_bytes


def fuzz(examples: int) -> settings:
    """`examples` in CI; GOODBID_FUZZ_SCALE=0.1 runs a tenth of them while working."""
    scaled = max(10, int(examples * float(os.environ.get("GOODBID_FUZZ_SCALE", "1"))))
    return settings(max_examples=scaled, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
HEADERS = [*WAGE_HEADER, "Employee ID", "Earnings", "OT Hours", "OT Rate", "Regular Hours",
           "Pay Period", "Week Ending", "Last Name", "First Name", "Gross Pay", "Date",
           "Trade", "Gender", "Minority (Y/N)", "Employee", "Total"]
WEIRD = ["", " ", "eighteen", "18,20", "$1,234.50", "(12.50)", "12.50-", "7:30", "1e308",
         "-0", "NaN", "inf", "#N/A", "=SUM(A1:A2)", "+1 Lee", "-Ana", "@Bo", '"', '""',
         "Regular", "OT", "S", "O", "Totals", "Total for Ana", "Pay Period: 07/01/2024 - "
         "07/14/2024", "For week ending 03/09/2025", "2024-07-07T10:00:00-04:00",
         "2024-07-07T10:00:00+09:30", "2024-07-07 00:00:00", "45480", "7/7/24", "31/12/2024",
         "July 7 2024", "7 de julio de 2024", "123-45-6789", "xxx-xx-1234", "RA 2",
         "Carpenter Apprentice 2nd period", "\x07bell", "tab\there", "new\nline", "é中文",
         "🙂", "x" * 40_000]
cell_text = st.one_of(st.sampled_from(WEIRD), st.text(max_size=30),
                      st.from_regex(r"\$?-?\d{1,6}([.,]\d{1,4})?", fullmatch=True))


def _never_raises(content: bytes, filename: str) -> CheckReport:
    report = check_upload(content, filename, ["boston-living-wage"])
    data = report.to_dict()  # and the report can be stored and shown
    assert isinstance(data["valid"], bool)
    if report.rejected:
        assert report.issues and all(issue.message and issue.hint for issue in report.issues)
    return report


@fuzz(1000)
@given(st.binary(max_size=2000))
def test_any_bytes_as_a_csv_give_a_report_or_a_clear_rejection(content):
    _never_raises(content, "upload.csv")


@fuzz(1000)
@given(rows=st.lists(st.lists(cell_text, max_size=9), max_size=12),
       header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=9),
       delimiter=st.sampled_from([",", ";", "\t", "|"]),
       quote_some=st.booleans(), encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_csv_tables_of_any_cells_give_a_report_or_a_clear_rejection(rows, header, delimiter,
                                                                    quote_some, encoding):
    def cell(value: str) -> str:
        return f'"{value}"' if quote_some and delimiter in value else value

    lines = [delimiter.join(header)] + [delimiter.join(cell(v) for v in row) for row in rows]
    content = "\n".join(lines).encode(encoding, errors="replace")
    report = _never_raises(content, "upload.csv")
    if not report.rejected:
        # Never a false "valid": a report with no accepted row says why.
        assert report.rows_accepted > 0 or report.issues


def _excel_safe(value: object) -> object:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:32_000]
    return value


workbook_cell = st.one_of(
    cell_text.map(_excel_safe), st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-10**12, max_value=10**12), st.booleans(),
    st.dates(min_value=dt.date(1901, 1, 1)), st.none(),
    st.datetimes(min_value=dt.datetime(1901, 1, 1)),
    st.sampled_from(["=1+2", "=A1*2", "=SUM(C2:C9)", "=NOW()", '=HYPERLINK("x")']))


@fuzz(400)
@given(rows=st.lists(st.lists(workbook_cell, max_size=8), max_size=10),
       header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8),
       start=st.sampled_from(["A1", "C4", "B30"]))
def test_workbooks_of_any_cells_give_a_report_or_a_clear_rejection(rows, header, start):
    content = xlsx_bytes([header, *rows], start=start)
    _never_raises(content, "upload.xlsx")


GOOD = xlsx_bytes([WAGE_HEADER, ["Ana Lopez", "Custodian", 17.9, 40, dt.date(2024, 7, 7)]])


@fuzz(300)
@given(st.data())
def test_damaged_workbooks_give_a_clear_rejection(data):
    content = bytearray(GOOD)
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(content) - 1))
        content[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(content) // 2, len(content)))
    _never_raises(bytes(content[:cut]), "upload.xlsx")


def test_a_formula_with_its_value_saved_is_read_as_the_value():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(WAGE_HEADER)
    sheet.append(["Ana Lopez", "Custodian", 17.9, 40, dt.date(2024, 7, 7)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    # Write the rate as a formula whose cached value Excel saved: <f>A</f><v>17.9</v>.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="C2" t="n"><v>17.9</v></c>',
                                    b'<c r="C2"><f>17.8+0.1</f><v>17.9</v></c>')
            target.writestr(item, data)
    report = check_upload(out.getvalue(), "formula.xlsx", ["boston-living-wage"])
    assert [f.observed for f in report.findings] == ["17.90"]


values = st.lists(st.one_of(cell_text, st.none()), max_size=30)


@fuzz(3000)
@given(values, st.booleans(), st.booleans(), st.booleans())
def test_number_parsing_never_raises_and_flags_every_cell_it_cannot_read(cells, money,
                                                                         comma, duration):
    series = pd.Series(cells, dtype=TEXT)
    parsed = parse_number(series, money=money, decimal_comma=comma, duration=duration)
    assert len(parsed.values) == len(cells)
    # Every cell is exactly one of: read, blank, or flagged.
    read = parsed.values.notna().to_numpy()
    flagged = parsed.blank.to_numpy() | parsed.not_a_number.to_numpy() | \
        parsed.decimal_comma.to_numpy()
    assert (read ^ flagged).all()


@fuzz(3000)
@given(values, st.booleans())
def test_date_parsing_never_raises_whatever_the_time_zones(cells, day_first):
    series = pd.Series(cells, dtype=TEXT)
    parsed = parse_date(series, day_first=day_first)
    assert len(parsed.values) == len(cells)
    assert (parsed.values.notna().to_numpy() ^ (parsed.blank | parsed.not_a_date).to_numpy()
            ).all()
    ranges = parse_date_range(series, day_first=day_first)
    assert len(ranges.start) == len(ranges.end) == len(cells)
    assert parse_zip(series).values.shape == (len(cells),)
    assert len(parse_choice(series, {"yes": True, "no": False}).values) == len(cells)


@pytest.mark.parametrize("cell", ["2024-07-07T10:00:00-04:00", "2024-07-07T23:30:00+09:30",
                                  "2024-07-07T10:00:00Z", "2024-07-07 10:00:00"])
def test_dates_with_any_time_zone_read_as_their_day(cell):
    parsed = parse_date(pd.Series([cell, "2024-07-07"], dtype=TEXT))
    assert parsed.values.dt.date.tolist() == [dt.date(2024, 7, 7)] * 2


def test_a_part_whose_compressed_data_is_broken_is_a_damaged_file():
    # Found by the property above: a deflate stream that zlib refuses ("invalid stored block
    # lengths") while the zip directory is intact.
    import io
    import struct
    import zipfile

    content = bytearray(GOOD)
    member = zipfile.ZipFile(io.BytesIO(GOOD)).getinfo("xl/workbook.xml")
    name_length, extra_length = struct.unpack(
        "<HH", content[member.header_offset + 26:member.header_offset + 30])
    start = member.header_offset + 30 + name_length + extra_length
    content[start:start + 8] = bytes(8)  # a stored block whose lengths do not agree
    report = check_upload(bytes(content), "upload.xlsx", ["boston-living-wage"])
    assert report.rejected
    assert [issue.code for issue in report.issues] == ["import.damaged-file"]
