"""Cross-vendor workforce summary: small cells and their complements are suppressed."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from procurement.models import Contract
from procurement.services.submissions import submission_attest, submission_create
from procurement.services.summaries import workforce_summary
from tests.procurement.conftest import user

HEADER = ("agency,compliance_project_name,trade,period_ending,gender,person_of_color,race,"
          "boston_resident,worker_hours_this_period")


def workforce_report(rows: list[tuple[str, str, str, str]]) -> bytes:
    """rows: (trade, gender, person_of_color t/f, resident t/f), 40 hours each."""
    lines = [HEADER] + [f"PFD,Library,{trade},2024-07-31,{gender},{poc},,{resident},40"
                        for trade, gender, poc, resident in rows]
    return "\n".join(lines).encode()


def file_report(content: bytes) -> None:
    contract = Contract.objects.get(number="PFD-2024-0042")
    submission = submission_create(uploaded_by=user("vendor2"), contract=contract,
                                   period_end=dt.date(2024, 7, 31),
                                   upload=SimpleUploadedFile("july.csv", content))
    submission.refresh_from_db()
    assert submission.current_run.valid, submission.current_run.report["issues"][:3]
    submission_attest(submission=submission, acting_user=user("vendor2"), name="Ana Reyes",
                      title="Payroll")


def test_small_cells_and_their_complements_are_suppressed(demo):
    carpenters = [("Carpenter", "Woman" if i < 3 else "Man", "t" if i < 6 else "f", "t")
                  for i in range(12)]
    electricians = [("Electrician", "Man", "f", "t") for _ in range(4)]
    file_report(workforce_report(carpenters + electricians))

    summary = workforce_summary(jurisdiction_id=Contract.objects.get(
        number="PFD-2024-0042").jurisdiction_id, threshold=5)

    carpentry, electrical = summary["trades"]
    assert (carpentry["trade"], carpentry["workers"], carpentry["suppressed"]) == (
        "Carpenter", 12, False)
    shares = {c["category"]: c["share"] for c in carpentry["categories"]}
    # 3 women (< 5): hidden. 6 of 12 people of color: shown. 12 residents, 0 others: the
    # complement (0 non-residents) is a small cell, so the share is hidden too.
    assert shares == {"Women": None, "People of color": 50.0, "Residents": None}
    assert electrical == {"trade": "Electrician", "workers": None, "hours": None,
                          "suppressed": True,
                          "categories": [{"category": c, "share": None, "suppressed": True}
                                         for c in ("Women", "People of color", "Residents")]}


def test_summary_api_is_for_any_signed_in_user_and_never_shows_small_cells(client_for):
    file_report(workforce_report([("Laborer", "Woman", "t", "t")] * 2))
    response = client_for("licensing").get("/api/reports/workforce-summary?jurisdiction=boston")
    assert response.status_code == 200
    (laborers,) = response.json()["trades"]
    assert laborers["suppressed"] and laborers["workers"] is None
    assert client_for("licensing").get(
        "/api/reports/workforce-summary?jurisdiction=nowhere").status_code == 404
