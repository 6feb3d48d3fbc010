"""Cross-vendor workforce summary: one contractor's figures and small cells are suppressed."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from procurement.models import Contract
from procurement.services.submissions import submission_attest, submission_create
from procurement.services.summaries import DisclosureRules, workforce_summary

HEADER = ("agency,compliance_project_name,trade,period_ending,gender,person_of_color,race,"
          "boston_resident,worker_hours_this_period")


def workforce_report(rows: list[tuple[str, str, str, str]]) -> bytes:
    """rows: (trade, gender, person_of_color t/f, resident t/f), 40 hours each."""
    lines = [HEADER] + [f"PFD,Library,{trade},2024-07-31,{gender},{poc},,{resident},40"
                        for trade, gender, poc, resident in rows]
    return "\n".join(lines).encode()


def file_report(contract: Contract, content: bytes) -> None:
    """The report, signed by the contract's vendor's user."""
    (uploader,) = [profile.user for profile in contract.vendor.members.all()]
    submission = submission_create(uploaded_by=uploader, contract=contract,
                                   period_end=dt.date(2024, 7, 31),
                                   upload=SimpleUploadedFile("july.csv", content))
    submission.refresh_from_db()
    assert submission.current_run.valid, submission.current_run.report["issues"][:3]
    submission_attest(submission=submission, acting_user=uploader, name="Ana Reyes",
                      title="Payroll", acknowledged=True)


def test_one_contractors_figures_are_never_shown_however_many_workers(transactional_db,
                                                                      construction_contract):
    """Beacon alone: each figure is Beacon's own, so none is shown, even above the threshold.
    Several contractors' cells, padded reports and dominance: test_suppression.py."""
    carpenters = [("Carpenter", "Woman" if i < 6 else "Man", "t" if i < 6 else "f", "t")
                  for i in range(12)]
    electricians = [("Electrician", "Man", "f", "t") for _ in range(4)]
    file_report(construction_contract, workforce_report(carpenters + electricians))

    summary = workforce_summary(jurisdiction_id=construction_contract.jurisdiction_id,
                                rules=DisclosureRules(threshold=5))

    hidden = "Hidden: too few workers or contractors to show without identifying someone."
    assert summary["trades"] == [
        {"trade": trade, "workers": None, "hours": None, "suppressed": True, "reason": hidden,
         "categories": [{"category": c, "share": None, "suppressed": True, "reason": hidden}
                        for c in ("Women", "People of color", "Residents")]}
        for trade in ("Carpenter", "Electrician")]


def test_summary_api_is_for_any_signed_in_user_and_never_shows_small_cells(
        client_for, transactional_db, construction_contract, licensing_user):
    file_report(construction_contract, workforce_report([("Laborer", "Woman", "t", "t")] * 2))
    response = client_for(licensing_user).get("/api/reports/workforce-summary?jurisdiction=boston")
    assert response.status_code == 200
    (laborers,) = response.json()["trades"]
    assert laborers["suppressed"] and laborers["workers"] is None
    assert client_for(licensing_user).get(
        "/api/reports/workforce-summary?jurisdiction=nowhere").status_code == 404
