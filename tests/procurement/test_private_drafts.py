"""Drafts are the vendor's own: an officer sees a report once it is signed and submitted for a
contract (and its earlier signed versions), only a count of drafts before that, and never a
check made without a contract."""

from __future__ import annotations

import datetime as dt

from procurement.selectors import review_queue, submission_list
from procurement.services.submissions import submission_attest
from tests.support import COMPLIANT, compliant_for

Q4 = dt.date(2024, 12, 31)


def officer_sees(officer, submission) -> bool:
    return submission_list(user=officer).filter(pk=submission.pk).exists()


def test_a_draft_is_hidden_from_the_officer_until_it_is_signed(upload_report, client_for,
                                                               logged_in, vendor_user,
                                                               officer_user):
    draft = upload_report(compliant_for(Q4), period_end=Q4)
    assert not officer_sees(officer_user, draft)
    assert client_for(officer_user).get(f"/api/submissions/{draft.pk}").status_code == 404
    assert logged_in(officer_user).get(f"/submissions/{draft.pk}/").status_code == 404
    page = logged_in(officer_user).get(f"/contracts/{draft.contract_id}/").content.decode()
    assert "1 draft not yet signed and submitted by the vendor" in page
    assert f'href="/submissions/{draft.pk}/"' not in page
    assert draft.original_filename not in page

    submission_attest(submission=draft, acting_user=vendor_user, name="Maria Santos",
                      title="Office manager", acknowledged=True)
    assert officer_sees(officer_user, draft)
    assert draft.pk in review_queue(user=officer_user).values_list("pk", flat=True)
    page = logged_in(officer_user).get(f"/contracts/{draft.contract_id}/").content.decode()
    assert "0 drafts not yet signed" in page and f'href="/submissions/{draft.pk}/"' in page


def test_a_correction_in_progress_stays_the_vendors_until_signed(submitted_report,
                                                                  upload_report, officer_user):
    correction = upload_report(COMPLIANT, name="v2.csv", supersedes=submitted_report)
    assert officer_sees(officer_user, submitted_report)  # the signed version it reviewed
    assert not officer_sees(officer_user, correction)


def test_a_check_without_a_contract_never_reaches_the_city(client_for, logged_in,
                                                           transactional_db, vendor_user,
                                                           officer_user, service_contract):
    page = logged_in(vendor_user).get("/submissions/new/").content.decode()
    assert "Who sees it: only you." in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(vendor_user).post(
        "/api/submissions", {"file": SimpleUploadedFile("trial.csv", COMPLIANT),
                             "standard": "boston-living-wage"})
    trial = response.json()["id"]
    assert client_for(officer_user).get(f"/api/submissions/{trial}").status_code == 404
    assert trial not in [s["id"] for s in client_for(officer_user).get("/api/submissions").json()]
    assert client_for(vendor_user).get(f"/api/submissions/{trial}").status_code == 200
