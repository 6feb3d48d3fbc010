from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from procurement.licensing.models import BlockToken, NameBlock, RunStatus, WageTheftRecord
from procurement.licensing.services import source_import_create

pytestmark = pytest.mark.django_db(transaction=True)


def test_whd_sample_imports_as_published_with_its_ragged_last_row(whd_sample):
    run = source_import_create(path=whd_sample, source="whd")
    run.refresh_from_db()
    assert (run.status, run.rows_read, run.rows_created, run.rows_rejected) == \
        (RunStatus.DONE, 24, 24, 0)
    last = WageTheftRecord.objects.get(source="whd", record_key="1448239")
    assert (last.legal_name, last.zip_code, last.row_number) == ("SolveIT Inc.", "01581", 25)
    assert last.violations_by_statute == {"H-1B visas": 2}
    assert last.findings_start == dt.date(2005, 6, 20)
    assert last.original_row["street_addr_1_txt"] == "182 Turnpike Road, Suite 255"
    assert last.file_checksum == run.checksum and len(run.checksum) == 64
    first = WageTheftRecord.objects.get(source="whd", record_key="1424600")
    assert (first.zip_code, first.trade_name, first.legal_norm) == ("03561", "Burger King",
                                                                   "mastoran")
    assert NameBlock.objects.filter(record=first, token="mastoran").exists()


def test_importing_the_same_file_again_updates_never_duplicates(whd_sample):
    source_import_create(path=whd_sample, source="whd")
    again = source_import_create(path=whd_sample, source="whd")
    again.refresh_from_db()
    assert (again.rows_created, again.rows_updated) == (0, 24)
    assert WageTheftRecord.objects.count() == 24
    assert NameBlock.objects.filter(record__record_key="1424600", token="mastoran").count() == 1
    assert _word_counts() == dict(NameBlock.objects.values_list("token")
                                  .annotate(Count("id")))
    assert _word_counts()["mastoran"] == 1


def _word_counts() -> dict[str, int]:
    return dict(BlockToken.objects.values_list("token", "records"))


def test_a_changed_name_moves_its_word_count(tmp_path, whd_sample):
    source_import_create(path=whd_sample, source="whd")
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(whd_sample.read_text().replace("Mastoran", "Zastoran"))
    source_import_create(path=renamed, source="whd")
    counts = _word_counts()
    assert "mastoran" not in counts and counts["zastoran"] == 1


def test_mangled_copy_index_column_float_zips_short_dates(whd_sample, tmp_path):
    lines = whd_sample.read_text().splitlines()
    header, rows = lines[0], lines[1:]
    mangled = [f",{header}"]
    for number, row in enumerate(rows):
        row = row.replace(",03561,", ",3561.0,").replace("2003-11-04", "11/4/03")
        row = row.replace("1424600,", "1424600.0,", 1)
        mangled.append(f"{number},{row}")
    path = tmp_path / "whd_resaved.csv"
    path.write_text("\n".join(mangled))
    run = source_import_create(path=path, source="whd")
    run.refresh_from_db()
    assert (run.status, run.rows_created) == (RunStatus.DONE, 24)
    record = WageTheftRecord.objects.get(source="whd", record_key="1424600")
    assert (record.zip_code, record.findings_start) == ("03561", dt.date(2003, 11, 4))


def test_ma_ago_citations_excel_serial_dates_and_dirty_categories(ma_sample, tmp_path):
    text = ma_sample.read_text().replace("Misc.,Yes,No,No,,Civil", " misc. ,Yes,No,No,,civil ")
    path = tmp_path / "ma.csv"
    path.write_text(text)
    run = source_import_create(path=path, source="ma-ago")
    run.refresh_from_db()
    assert (run.status, run.rows_read, run.rows_created) == (RunStatus.DONE, 40, 40)
    emperor = WageTheftRecord.objects.get(source="ma-ago", record_key="MW150008")
    assert (emperor.legal_name, emperor.trade_name) == ("A&A Brothers", "Emperor’s Club")
    assert (emperor.city, emperor.state, emperor.case_date) == ("Watertown", "MA",
                                                                dt.date(2015, 1, 22))
    assert emperor.industry == "Misc." and emperor.details["Criminal or civil"] == "Civil"
    assert emperor.penalties == Decimal("500.00")
    prevailing = WageTheftRecord.objects.get(source="ma-ago", record_key="PR150001")
    assert prevailing.penalties == Decimal("10362.70")
    # The citation published without a number still gets a stable key of its own.
    staffing = WageTheftRecord.objects.get(source="ma-ago", legal_name="The Staffing Group, Inc.")
    assert staffing.record_key.startswith("h")
    source_import_create(path=path, source="ma-ago")
    assert WageTheftRecord.objects.filter(source="ma-ago").count() == 40


def test_ma_ago_workbook_imports(ma_sample, tmp_path):
    import pandas as pd
    frame = pd.read_csv(ma_sample, dtype=str)
    frame["Date Issued"] = frame["Date Issued"].astype(int)
    path = tmp_path / "citations.xlsx"
    frame.to_excel(path, index=False)
    run = source_import_create(path=path, source="ma-ago")
    run.refresh_from_db()
    assert (run.status, run.rows_created) == (RunStatus.DONE, 40)
    assert WageTheftRecord.objects.get(record_key="MW150001").case_date == dt.date(2015, 1, 6)


def test_a_new_source_is_a_mapping_file(tmp_path):
    mapping = tmp_path / "county.toml"
    mapping.write_text('name = "county"\nrecord_key = "Ref"\n'
                       '[fields]\nlegal_name = "Company"\nzip = "Zip"\nback_wages = "Owed"\n')
    data = tmp_path / "county.csv"
    data.write_text("Ref,Company,Zip,Owed\nC-1,\"Harbor Facility Services, LLC\",2127.0,"
                    "\"$1,200.50\"\n,No Key Inc,02127,5\n")
    call_command("import_wage_theft", str(data), "--source", str(mapping))
    record = WageTheftRecord.objects.get(source="county")
    assert (record.legal_norm, record.zip_code, record.back_wages) == \
        ("harbor facility services", "02127", Decimal("1200.50"))


def test_wrong_file_for_the_source_says_what_is_missing(ma_sample):
    with pytest.raises(CommandError, match="lacks the column"):
        call_command("import_wage_theft", str(ma_sample), "--source", "whd")


def test_unknown_source_says_how_to_fix():
    with pytest.raises(CommandError, match="neither a built-in source"):
        call_command("import_wage_theft", "x.csv", "--source", "nope")


@pytest.mark.parametrize(("content", "says"), [
    (b"%PDF-1.7 enforcement report", "is a PDF"),
    (b'case_id,legal_name\n1,"Acme\n2,Beta\n', "never closed"),
    (b"case_id," + b"a," * 300_000 + b"\n1,x\n", "GoodBid reads at most 250 columns"),
], ids=["pdf", "unterminated-quote", "one-very-wide-line"])
def test_a_source_file_goes_through_the_upload_intake(tmp_path, content, says):
    """The same hostile-file checks and bounded parse as an upload: a clear failure, fast."""
    path = tmp_path / "whd.csv"
    path.write_bytes(content)
    run = source_import_create(path=path, source="whd")
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert says in run.message and "whd.csv" in run.message
    assert WageTheftRecord.objects.count() == 0


def test_a_source_line_with_more_cells_than_the_header_is_reported_not_imported(
        whd_sample, tmp_path):
    lines = whd_sample.read_text().splitlines()
    lines[3] += ",an,extra,cell"
    path = tmp_path / "whd.csv"
    path.write_text("\n".join(lines))
    run = source_import_create(path=path, source="whd")
    run.refresh_from_db()
    assert (run.status, run.rows_created) == (RunStatus.DONE, 23)
    assert any("line 4" in problem["message"] for problem in run.problems), run.problems
