"""Findings stored once (issue 15): every finding in the run's own columnar file, the run's
JSON with the counts and the first page; the API and the page read further pages, the
export streams them all, and a run stored before keeps being read from its JSON."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from procurement.models import EvaluationRun
from procurement.services.findings import FIRST_PAGE, findings_total, run_findings
from procurement.services.versions import run_changes

HEADER = "Worker,Job title,Hourly rate,Hours,Pay period end"


def payroll(underpaid: range, paid: range = range(0)) -> bytes:
    rows = [HEADER] + [f"Worker {n:03d},Library aide,18.00,40,2024-07-07" for n in underpaid]
    rows += [f"Worker {n:03d},Library aide,18.20,40,2024-07-07" for n in paid]
    return "\n".join(rows).encode()


def test_the_runs_json_keeps_the_first_page_and_the_file_every_finding(
        client_for, transactional_db, vendor_user, other_vendor_user):
    vendor = client_for(vendor_user)
    created = vendor.post("/api/submissions", {
        "file": SimpleUploadedFile("many.csv", payroll(range(230))),
        "standard": "boston-living-wage"}).json()
    run = EvaluationRun.objects.get(submission_id=created["id"])

    assert len(run.report["findings"]) == FIRST_PAGE
    assert findings_total(run) == 230 and run.violation_count == 230
    assert default_storage.exists(run.findings_file)

    poll = vendor.get(created["url"]).json()
    assert (len(poll["report"]["findings"]), poll["report"]["findings_total"]) == (200, 230)
    page = vendor.get(f"{created['url']}/findings?offset=225&limit=10").json()
    assert [f["scope"]["worker"] for f in page] == [f"Worker {n}" for n in range(225, 230)]
    assert page[0]["figures"]["back_pay"] == "8.00"
    # Another vendor's findings are not found, whatever the page.
    other = client_for(other_vendor_user).get(f"{created['url']}/findings?offset=0")
    assert other.status_code == 404


def test_a_correction_is_compared_finding_by_finding_from_the_files(upload_report):
    first = upload_report(payroll(range(210)))
    second = upload_report(payroll(range(5, 215)), supersedes=first)

    changes = run_changes(first.current_run, second.current_run)
    assert (changes.fixed_count + changes.corrected_count, changes.new_count,
            changes.open_count) == (5, 5, 205)
    assert [f["scope"]["worker"] for f in changes.new_findings] == [
        f"Worker {n}" for n in range(210, 215)]


def test_a_run_stored_before_the_file_is_read_from_its_json(upload_report):
    run = upload_report(payroll(range(3))).current_run
    everything = run_findings(run)
    EvaluationRun.objects.filter(pk=run.pk).update(
        findings_file="", report={**run.report, "findings": everything})
    run.refresh_from_db()
    assert run_findings(run, offset=1, limit=1) == everything[1:2]
    assert findings_total(run) == 3


def test_a_report_too_large_for_a_workbook_exports_as_csv(
        client_for, monkeypatch, transactional_db, vendor_user):
    monkeypatch.setattr("procurement.services.exports.XLSX_MAX_FINDINGS", 20)
    vendor = client_for(vendor_user)
    created = vendor.post("/api/submissions", {
        "file": SimpleUploadedFile("many.csv", payroll(range(25))),
        "standard": "boston-living-wage"}).json()
    refused = vendor.get(f"{created['url']}/export.xlsx")
    assert (refused.status_code, refused.json()["code"]) == (413, "export.too-large-for-xlsx")
    assert "Download the .csv instead" in refused.json()["message"]
    streamed = vendor.get(f"{created['url']}/export.csv")
    rows = b"".join(streamed.streaming_content).decode("utf-8-sig").splitlines()
    assert sum("was paid $18.00/hour" in row for row in rows) == 25


def test_a_findings_file_in_the_first_format_is_read_the_same(upload_report):
    """The first findings files (before findings were stored as their figures) kept every
    sentence, the rows as JSON text and the cents owed: read from one, a run gives the same
    findings, and its money in money units."""
    import io
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq
    from django.core.files.base import ContentFile

    from procurement.services.findings import run_finding_columns
    from procurement.services.remedy import back_pay_ledger

    submission = upload_report(payroll(range(3)))
    run = submission.current_run
    everything = run_findings(run)
    text = ("code", "rule", "rule_version", "standard", "standard_version", "source",
            "severity", "observed", "expected", "unit", "message", "remedy")
    old = pa.table({
        **{name: [f[name] for f in everything] for name in text},
        "row_count": [f["row_count"] for f in everything],
        **{name: [json.dumps(f[name]) for f in everything]
           for name in ("scope", "rows", "figures", "i18n")},
        "worker": [f["scope"]["worker"] for f in everything],
        "period_end": [f["scope"]["period_end"] for f in everything],
        "owed_cents": [800] * len(everything),
        "key": ["k"] * len(everything)})
    buffer = io.BytesIO()
    pq.write_table(old, buffer)
    name = default_storage.save("runs/first-format.parquet", ContentFile(buffer.getvalue()))
    EvaluationRun.objects.filter(pk=run.pk).update(findings_file=name)
    run.refresh_from_db()

    assert run_findings(run) == everything
    assert run_finding_columns(run, ["owed_money"])["owed_money"].tolist() == [80_000] * 3
    assert str(back_pay_ledger(submission=submission).owed) == "24.00"  # 3 x $8.00


def test_the_status_poll_gives_counts_not_the_report(client_for, transactional_db,
                                                     vendor_user, other_vendor_user):
    vendor = client_for(vendor_user)
    created = vendor.post("/api/submissions", {
        "file": SimpleUploadedFile("many.csv", payroll(range(230), paid=range(230, 240))),
        "standard": "boston-living-wage"}).json()
    status = vendor.get(f"{created['url']}/status").json()
    assert (status["status"], status["progress"], status["findings_total"],
            status["violations"], status["run"]) == ("checked", 100, 230, 230, 1)
    assert "report" not in status and "findings" not in status
    assert client_for(other_vendor_user).get(f"{created['url']}/status").status_code == 404
