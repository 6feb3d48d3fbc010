"""One meaning of "resident" (issue 15): the hiring-goal finding, the officer's evidence and
the figures every cross-vendor summary adds up count the same workers as residents: by the
home ZIP under the city's list, the declared flag only where no ZIP settles it."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from procurement.services.findings import run_findings
from procurement.services.submissions import submission_create

HEADER = ("agency,compliance_project_name,trade,period_ending,gender,person_of_color,race,"
          "boston_resident,zip,worker_hours_this_period")


def test_a_resident_flag_with_a_cambridge_zip_counts_as_non_resident_everywhere(
        transactional_db, construction_contract, other_vendor_user):
    # Two carpenters declared residents; one lives in Roxbury (02119), one in Cambridge
    # (02139). The ZIP decides: half the carpenter hours are resident hours.
    content = "\n".join([HEADER,
                         "PFD,Library,Carpenter,2024-07-31,Man,t,,t,02119,40",
                         "PFD,Library,Carpenter,2024-07-31,Woman,f,,t,02139,40"]).encode()
    submission = submission_create(uploaded_by=other_vendor_user,
                                   contract=construction_contract,
                                   period_end=dt.date(2024, 7, 31),
                                   upload=SimpleUploadedFile("july.csv", content))
    submission.refresh_from_db()
    run = submission.current_run

    (finding,) = [f for f in run_findings(run) if f["code"].startswith("hiring-goal")
                  and f["scope"].get("category") == "residents"
                  and f["scope"].get("trade") == "Carpenter"]
    assert finding["observed"] == "50.0"

    (carpenters,) = run.evidence["hours_by_trade"]
    residents = carpenters["categories"]["boston_resident"]
    assert (residents["hours"], residents["known_hours"], residents["workers"]) == (40.0, 80.0, 1)
    (bar,) = [b for b in run.evidence["hours_share"] if b["category"] == "Residents"]
    assert bar["share"] == 50.0
