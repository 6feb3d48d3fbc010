"""Batch screening of an uploaded list: the page, its .xlsx/.csv report and the API."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.cell import WriteOnlyCell

from procurement.licensing import batch, models
from procurement.licensing.models import ScreeningBatch, ScreeningLine, WageTheftRecord
from procurement.licensing.services import candidate_decide
from procurement.licensing.tasks import screen_business_list
from procurement.services.errors import ServiceError
from tests.support import basic_client, csv_bytes, user, xlsx_bytes

INJECTION = '=HYPERLINK("http://evil.example","Click")'
LIST = [
    ["Business Name", "D.B.A.", "Street Address", "Town", "ST", "Zip Code"],
    ["Red Tree Co", "", "", "Salem", "MA", ""],
    ["Zyxwv Quantum Bakery", "", "", "Boston", "MA", "02116"],
    [INJECTION, "", "", "", "", ""],
    ["", "", "", "", "", ""],
    ["Cardile Mushrooms Incorporated", "", "540 Church Road", "Avondale", "PA", 19348],
    ["", "", "12 Main St", "Boston", "MA", ""],
]


def list_csv(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def list_xlsx(rows: list[list[object]]) -> bytes:
    """A workbook as a spreadsheet program saves it: text typed as text, even "=..."."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Applicants")
    for values in rows:
        sheet.append([_text_cell(sheet, value) for value in values])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _text_cell(sheet, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def upload(client, content: bytes, name: str):
    return client.post("/licensing/batch/", {"file": SimpleUploadedFile(name, content)})


def csv_report(client, location: str) -> list[dict[str, str]]:
    response = client.get(f"{location}report.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_report(client, location: str) -> list[tuple]:
    response = client.get(f"{location}report.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [tuple(cell for cell in row) for row in sheet.iter_rows()]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_list_is_screened_into_a_summary_and_both_reports(records, logged_in, fmt):  # noqa: F811
    staff = logged_in("licensing")
    content = list_csv(LIST) if fmt == "csv" else list_xlsx(LIST)
    response = upload(staff, content, f"applicants.{fmt}")
    assert response.status_code == 302
    location = response["Location"]
    page = staff.get(location).content.decode()
    assert "4 businesses screened" in page
    assert "2 with candidate records to check" in page
    assert "2 without a candidate" in page
    assert "1 row has no name and was not screened (row 7)." in page
    assert "“Zip Code”" in page and "“D.B.A.”" in page
    # A link back to the one-business screening of that row, to confirm or reject.
    assert "/licensing/?name=Red+Tree+Co&amp;city=Salem&amp;state=MA" in page
    assert "zip_code=19348&amp;" not in page and "zip_code=19348\"" in page

    lines = csv_report(staff, location)
    assert [(line["Row in your list"], line["Candidate rank"], line["Case id"])
            for line in lines] == [
        ("2", "1", "14-02-28365-001"), ("2", "2", "14-02-28365-002"),
        ("2", "3", "14-02-28365-003"), ("3", "", ""), ("4", "", ""), ("6", "1", "1431317")]
    cardile = lines[-1]
    assert cardile["Score (0-100)"] == "100"
    assert cardile["Why"] == (
        "same name, same street address, ZIP agrees, same city, same state")
    assert cardile["Offered for confirmation"] == "yes"
    assert (cardile["Findings from"], cardile["Findings to"]) == ("2004-01-28", "2006-01-27")
    assert cardile["Address (record)"] == "540 Church Rd., Avondale, PA 19348"
    assert lines[2]["Penalties (USD)"] == "8404.13" and lines[2]["Employees owed"] == "4"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_injection_is_neutralised_in_both_reports(records, logged_in, fmt):  # noqa: F811
    staff = logged_in("licensing")
    content = list_csv(LIST) if fmt == "csv" else list_xlsx(LIST)
    location = upload(staff, content, f"applicants.{fmt}")["Location"]

    (line,) = [line for line in csv_report(staff, location)
               if line["Row in your list"] == "4"]
    assert line["Name in your list"] == "'" + INJECTION

    rows = xlsx_report(staff, location)
    (cell,) = [row[1] for row in rows if row[0].value == 4]
    assert cell.value == "'" + INJECTION and cell.data_type == "s"
    penalties = [cell.value for cell in rows[0]].index("Penalties (USD)")
    money = [row[penalties] for row in rows if row[0].value == 2]
    assert [c.value for c in money] == [500, 1500, 8404.13]  # numbers, not text
    assert all(c.data_type == "n" for c in money)


def test_header_below_a_title_row_and_excel_row_numbers(records, logged_in):  # noqa: F811
    staff = logged_in("licensing")
    content = xlsx_bytes([["Licence applicants, November"], [], ["Vendor", "City", "State"],
                          ["Red Tree Company", "Salem", "MA"]])
    location = upload(staff, content, "list.xlsx")["Location"]
    assert {line["Row in your list"] for line in csv_report(staff, location)} == {"4"}


def reject_first_confirm_third_for_red_tree() -> None:
    first = WageTheftRecord.objects.get(record_key="14-02-28365-001")
    third = WageTheftRecord.objects.get(record_key="14-02-28365-003")
    for record, verdict in ((first, "rejected"), (third, "confirmed")):
        candidate_decide(acting_user=user("licensing"), record_id=record.pk, verdict=verdict,
                         name="Red Tree Co", state="MA")


def test_a_candidate_rejected_for_that_business_is_left_out(records, logged_in):  # noqa: F811
    reject_first_confirm_third_for_red_tree()
    staff = logged_in("licensing")
    location = upload(staff, list_csv(LIST), "applicants.csv")["Location"]
    cases = [(line["Case id"], line["Earlier decision"]) for line in csv_report(staff, location)
             if line["Row in your list"] == "2"]
    assert cases == [("14-02-28365-002", ""), ("14-02-28365-003", "confirmed")]


def test_decisions_carry_over_to_the_same_business_spelt_otherwise(records, logged_in):  # noqa: F811
    reject_first_confirm_third_for_red_tree()
    staff = logged_in("licensing")
    spelt_otherwise = [LIST[0], ["REDTREE CO.", "", "", "Salem", "MA", ""],
                       ["Red Tree Co", "", "", "Concord", "NH", ""]]
    location = upload(staff, list_csv(spelt_otherwise), "applicants.csv")["Location"]
    lines = csv_report(staff, location)
    assert [(line["Case id"], line["Earlier decision"]) for line in lines
            if line["Row in your list"] == "2"] == [
        ("14-02-28365-002", ""), ("14-02-28365-003", "confirmed")]
    # The same name in another state is another business: nothing carried over.
    assert {line["Earlier decision"] for line in lines if line["Row in your list"] == "3"} \
        <= {""}
    assert {line["Source"] for line in lines if line["Case id"]} == {
        "Massachusetts Attorney General citation"}


@pytest.fixture
def queued(monkeypatch) -> list[str]:
    """Batches queued for a worker, kept here instead of screened at once (as with a broker
    and no worker free yet)."""
    tokens: list[str] = []
    monkeypatch.setattr(batch, "_enqueue_screening", tokens.append)
    return tokens


def stored(token: str) -> ScreeningBatch:
    return ScreeningBatch.objects.get(token=token)


def stored_lines(token: str) -> list[tuple]:
    return list(ScreeningLine.objects.filter(batch__token=token).order_by("row", "rank")
                .values_list("id", "row", "rank", "case_id"))


def test_the_page_shows_progress_while_the_list_is_screened_then_the_summary(
        records, logged_in, queued, monkeypatch):  # noqa: F811
    staff = logged_in("licensing")
    response = upload(staff, list_csv(LIST), "applicants.csv")
    assert response.status_code == 302
    location, (token,) = response["Location"], queued
    page = staff.get(location).content.decode()
    assert "Screening of applicants.csv" in page and "Waiting to be screened" in page
    assert "0 of 4 businesses screened." in page
    assert f'data-poll-url="{location}status"' in page and "procurement/poll.js" in page
    assert "Download the report" not in page
    assert staff.get(f"{location}report.csv").status_code == 404
    assert staff.get(f"{location}status").json() == {
        "status": "received", "progress": 0, "rows_done": 0, "rows_total": 4}

    seen = []
    screen_chunk = batch._screen_chunk

    def look_at_the_page_then_screen(chunk):
        seen.append(staff.get(f"{location}status").json())
        return screen_chunk(chunk)

    monkeypatch.setattr(batch, "CHUNK_QUERIES", 2)
    monkeypatch.setattr(batch, "_screen_chunk", look_at_the_page_then_screen)
    assert screen_business_list.delay(token).get() == "done"
    assert [(s["status"], s["rows_done"], s["progress"]) for s in seen] == [
        ("processing", 0, 5), ("processing", 2, 50)]

    page = staff.get(location).content.decode()
    assert "4 businesses screened" in page and "2 with candidate records to check" in page
    assert "procurement/poll.js" not in page and "Download the report (.xlsx)" in page
    assert staff.get(f"{location}status").json()["status"] == "done"
    assert len(csv_report(staff, location)) == 6


def test_a_screening_with_no_progress_for_long_says_it_may_have_stopped(
        records, logged_in, queued, monkeypatch):  # noqa: F811
    staff = logged_in("licensing")
    location = upload(staff, list_csv(LIST), "applicants.csv")["Location"]
    assert "may have stopped" not in staff.get(location).content.decode()
    monkeypatch.setattr(models, "STALLED_AFTER", dt.timedelta(0))
    assert "may have stopped" in staff.get(location).content.decode()


def test_a_redelivered_task_leaves_one_complete_report(records, logged_in):  # noqa: F811
    staff = logged_in("licensing")
    location = upload(staff, list_csv(LIST), "applicants.csv")["Location"]
    token = location.rstrip("/").rsplit("/", 1)[1]
    first = stored_lines(token)
    assert len(first) == 6
    assert screen_business_list.delay(token).get() == "done"  # delivered again
    assert stored_lines(token) == first  # the same rows, not rewritten

    # A worker killed mid-screening leaves the batch "processing": delivered again, the
    # report is written once, in place of any lines of the earlier attempt.
    ScreeningBatch.objects.filter(token=token).update(status="processing", progress=50)
    assert "Screening of applicants.csv" in staff.get(location).content.decode()
    assert screen_business_list.delay(token).get() == "done"
    again = stored_lines(token)
    assert [line[1:] for line in again] == [line[1:] for line in first]
    assert {line[0] for line in again}.isdisjoint(line[0] for line in first)
    assert "4 businesses screened" in staff.get(location).content.decode()
    assert len(csv_report(staff, location)) == 6


@pytest.mark.parametrize(("fault", "message"), [
    ("error", "GoodBid could not screen this list because of a fault on our side."),
    ("list-purged", "The list is no longer kept (lists are kept for a day). Upload it again."),
])
def test_a_failed_screening_says_what_happened_never_a_traceback(
        records, logged_in, queued, monkeypatch, fault, message):  # noqa: F811
    staff = logged_in("licensing")
    location = upload(staff, list_csv(LIST), "applicants.csv")["Location"]
    (token,) = queued
    if fault == "error":
        def screen_list_fails(frame, on_progress=None):
            raise RuntimeError("connection to matcher lost at matching.py:212")
        monkeypatch.setattr(batch, "screen_list", screen_list_fails)
    else:
        default_storage.delete(stored(token).list_file.name)
    assert screen_business_list.delay(token).get() == "failed"

    response = staff.get(location)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert "matching.py" not in page and "Traceback" not in page
    assert "Upload the list again" in page and "Download the report" not in page
    assert staff.get(f"{location}status").json()["status"] == "failed"
    assert staff.get(f"{location}report.xlsx").status_code == 404
    monkeypatch.undo()
    assert screen_business_list.delay(token).get() == "failed"  # stays failed, once


def test_chunks_give_the_same_report_as_one_pass(records, monkeypatch):  # noqa: F811
    whole = batch.business_list_screen(upload=SimpleUploadedFile("l.csv", list_csv(LIST)))
    monkeypatch.setattr(batch, "CHUNK_QUERIES", 2)
    chunked = batch.business_list_screen(upload=SimpleUploadedFile("l.csv", list_csv(LIST)))
    assert chunked.lines == whole.lines and len(whole.lines) == 6


@pytest.mark.parametrize(("name", "content", "message"), [
    ("list.xlsx", b"PK\x03\x04 not really a workbook",
     "is damaged or is not really a spreadsheet"),
    ("list.csv", csv_bytes([["Street", "City"], ["1 Main St", "Boston"]]),
     "No column of &#x27;list.csv&#x27; holds the business name"),
    ("list.csv", csv_bytes([["Name", "City"]]), "has a header row but no businesses"),
    ("list.csv", b"", "The submitted file is empty."),
    ("list.csv", b"\n\n", "The file is empty."),
])
def test_a_bad_file_is_explained(records, logged_in, name, content, message):  # noqa: F811
    response = upload(logged_in("licensing"), content, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "Traceback" not in page


def test_too_many_rows_are_refused(records, logged_in):  # noqa: F811
    rows = [["Name"], *([f"Business {n}"] for n in range(batch.MAX_BATCH_ROWS + 1))]
    page = upload(logged_in("licensing"), csv_bytes(rows), "big.csv").content.decode()
    assert "The list has 10,001 businesses; screen at most 10,000 at a time." in page


def test_a_report_is_only_for_the_person_who_screened_the_list(records, logged_in):  # noqa: F811
    location = upload(logged_in("licensing"), list_csv(LIST), "a.csv")["Location"]
    admin = logged_in("admin")
    assert admin.get(location).status_code == 404
    assert admin.get(f"{location}report.csv").status_code == 404
    assert admin.get(f"{location}status").status_code == 404
    assert logged_in("licensing").get(f"{location}report.pdf").status_code == 404


def test_api_batch_returns_the_report_lines(records, demo):  # noqa: F811
    staff = basic_client("licensing", demo["licensing"].password)
    response = staff.post("/api/licensing/batch",
                          {"file": SimpleUploadedFile("a.csv", list_csv(LIST))})
    assert response.status_code == 200
    body = response.json()
    assert (body["rows_screened"], body["rows_with_candidates"]) == (4, 2)
    assert [(line["row"], line["case_id"]) for line in body["lines"]][-3:] == [
        (3, None), (4, None), (6, "1431317")]
    assert body["lines"][2]["penalties"] == "8404.13"
    assert [list(line) for line in body["lines"]] == [
        [key for key, _ in batch.REPORT_COLUMNS]] * 6
    schema = staff.get("/api/openapi.json").json()
    assert "BatchReportOut" in schema["components"]["schemas"]

    bad = staff.post("/api/licensing/batch", {"file": SimpleUploadedFile("a.csv", b"City\nX")})
    assert (bad.status_code, bad.json()["code"]) == (400, "licensing.batch-no-name-column")
    vendor = basic_client("vendor", demo["vendor"].password)
    refused = vendor.post("/api/licensing/batch",
                          {"file": SimpleUploadedFile("a.csv", list_csv(LIST))})
    assert refused.status_code == 403


def test_cli_writes_the_report(records, tmp_path):  # noqa: F811
    applicants = tmp_path / "applicants.csv"
    applicants.write_bytes(list_csv(LIST))
    out = io.StringIO()
    call_command("screen_batch", str(applicants), "--out", str(tmp_path / "report.xlsx"),
                 stdout=out)
    assert out.getvalue().strip().startswith("4 businesses screened, 2 with candidate records")
    sheet = openpyxl.load_workbook(tmp_path / "report.xlsx").active
    assert sheet.max_row == 7  # header + 6 lines

    out = io.StringIO()
    call_command("screen_batch", str(applicants), stdout=out)
    assert json.loads(out.getvalue())["lines"][-1]["case_id"] == "1431317"
    with pytest.raises(CommandError, match="as .xlsx or .csv"):
        call_command("screen_batch", str(applicants), "--out", str(tmp_path / "r.pdf"))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=4), max_size=6))
def test_any_cell_contents_are_read_or_refused_with_a_message(cells):
    content = list_csv([["Name", "City"], *cells])
    try:
        frame, columns = batch.read_business_list(content, "list.csv")
    except ServiceError as error:
        assert error.code.startswith(("import.", "licensing.batch-")) and error.message
    else:
        assert columns["name"] == "Name" and (frame["row"] >= 2).all()
        assert not (frame[list(batch.QUERY_FIELDS)] == "").all(axis=1).any()


def test_api_batches_screen_in_the_background_for_the_uploader_only(records, demo):  # noqa: F811
    staff = basic_client("licensing", demo["licensing"].password)
    started = staff.post("/api/licensing/batches",
                         {"file": SimpleUploadedFile("a.csv", list_csv(LIST))})
    assert started.status_code == 202
    # Without a broker the task ran when the upload committed: already screened.
    body = staff.get(started.json()["status_url"]).json()
    assert (body["status"], body["rows_done"], body["rows_total"]) == ("done", 4, 4)
    direct = staff.post("/api/licensing/batch",
                        {"file": SimpleUploadedFile("a.csv", list_csv(LIST))}).json()
    assert body["report"]["lines"] == direct["lines"]

    admin = basic_client("admin", demo["admin"].password)
    assert admin.get(started.json()["status_url"]).status_code == 404
    bad = staff.post("/api/licensing/batches", {"file": SimpleUploadedFile("a.csv", b"City\nX")})
    assert (bad.status_code, bad.json()["code"]) == (400, "licensing.batch-no-name-column")
    assert staff.get("/api/licensing/batches/" + "0" * 32).status_code == 404
