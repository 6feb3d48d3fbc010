"""Every list page and list endpoint reads as many queries for a few rows as for several more:
nothing is read once per row listed (N+1). Each test measures its lists, adds rows, measures
again, and checks that the lists show the rows added, so a list that stopped listing cannot
pass."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from imports import IGNORE
from procurement.models import (
    Cadence,
    Contract,
    ContractKind,
    Submission,
    WageSchedule,
    WageScheduleVersion,
)
from procurement.services.audit import audit_record
from procurement.services.mappings import column_mapping_save
from procurement.services.remedy import back_payment_record
from procurement.services.reviews import review_create
from procurement.services.standards import standard_version_add, standard_version_next
from procurement.services.submissions import submission_attest, submission_create
from procurement.services.tokens import api_token_create
from tests.factories import WageScheduleFactory
from tests.support import PASSWORD, WAGE_HEADER, basic_client, compliant_for, csv_bytes

Listings = dict[str, tuple[Client, str]]
QUARTERS = (dt.date(2024, 9, 30), dt.date(2024, 12, 31), dt.date(2025, 3, 31),
            dt.date(2025, 6, 30))


def logged_in(user) -> Client:
    """A browser's session (the pages take no HTTP Basic credentials)."""
    client = Client()
    client.force_login(user)
    return client


def api_client(user) -> Client:
    return basic_client(user.username, PASSWORD)


def counted_get(client: Client, url: str) -> tuple[int, HttpResponse]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), response


def query_counts(listings: Listings, *, listed: Iterable[str] = ()) -> dict[str, int]:
    """The queries each listing makes; each must show every item of `listed`."""
    listed = list(listed)
    counts = {}
    for name, (client, url) in listings.items():
        counts[name], response = counted_get(client, url)
        body = response.content.decode()
        missing = [item for item in listed if item not in body]
        assert not missing, f"{name} ({url}) does not list {missing}"
    return counts


def warmed(listings: Listings) -> Listings:
    """The first requests read what later ones reuse (content types, a session's user):
    listings are measured from their second request on."""
    query_counts(listings)
    return listings


def signed_report(upload_report, name: str, period_end: dt.date = QUARTERS[0], *,
                  rate: str = "18.25", supersedes: Submission | None = None) -> Submission:
    """A report on Harbor's service contract (the `upload_report` fixture), checked and signed
    (Bruno Costa paid `rate`: below the living wage, a violation the signer acknowledges)."""
    content = compliant_for(period_end).replace(b"18.25", rate.encode())
    submission = upload_report(content, name=name, period_end=period_end,
                               supersedes=supersedes)
    assert submission.current_run.valid, submission.current_run.report["issues"][:3]
    return submission_attest(submission=submission, acting_user=submission.uploaded_by,
                             name="Maria Santos", title="Office manager", acknowledged=True)


def test_report_lists(upload_report, service_contract, vendor_user, officer_user, admin_user):
    contract = service_contract.pk
    listings = warmed({
        "vendor home": (logged_in(vendor_user), "/"),
        "officer home": (logged_in(officer_user), "/"),
        "review queue page": (logged_in(officer_user), "/review/"),
        "vendor contract page": (logged_in(vendor_user), f"/contracts/{contract}/"),
        "officer contract page": (logged_in(officer_user), f"/contracts/{contract}/"),
        "vendor API submissions": (api_client(vendor_user), "/api/submissions"),
        "officer API submissions": (api_client(officer_user), "/api/submissions"),
        "admin API submissions": (api_client(admin_user), "/api/submissions"),
        "API review queue": (api_client(officer_user), "/api/reviews/queue"),
    })
    periods = warmed({"API contract periods": (api_client(vendor_user),
                                               f"/api/contracts/{contract}")})

    few = [signed_report(upload_report, f"few-{i}.csv", QUARTERS[i]) for i in range(2)]
    counts = query_counts(listings, listed=[s.original_filename for s in few])
    period_counts = query_counts(periods)

    more = [signed_report(upload_report, f"more-{i}.csv", QUARTERS[i % 4]) for i in range(6)]
    assert query_counts(listings, listed=[s.original_filename for s in more]) == counts
    assert query_counts(periods) == period_counts
    _, response = counted_get(*periods["API contract periods"])
    deciding = {period["submission_id"] for period in response.json()["periods"]}
    assert deciding == {s.pk for s in more[2:]}  # the newest filed report of each quarter


def test_versions_and_payments_of_a_report(upload_report, vendor_user, officer_user):
    def listings(latest: Submission) -> Listings:
        return {"vendor report page": (logged_in(vendor_user), f"/submissions/{latest.pk}/"),
                "officer report page": (logged_in(officer_user), f"/submissions/{latest.pk}/"),
                "API versions": (api_client(vendor_user),
                                 f"/api/submissions/{latest.pk}/versions")}

    def payments(latest: Submission) -> Listings:
        return {"API payments": (api_client(officer_user),
                                 f"/api/submissions/{latest.pk}/payments")}

    def pay(latest: Submission, note: str) -> None:
        back_payment_record(submission=latest, acting_user=vendor_user, worker="Bruno Costa",
                            amount="1.00", paid_on=dt.date(2025, 1, 15), note=note)

    versions = [signed_report(upload_report, "version-1.csv", rate="18.00")]
    versions.append(signed_report(upload_report, "version-2.csv", rate="18.01",
                                  supersedes=versions[-1]))
    pay(versions[-1], "paid-few-1")
    counts = query_counts(warmed(listings(versions[-1])),
                          listed=[v.original_filename for v in versions])
    payment_counts = query_counts(warmed(payments(versions[-1])), listed=["paid-few-1"])

    for number in range(3, 7):
        versions.append(signed_report(upload_report, f"version-{number}.csv", rate=f"18.0{number}",
                                      supersedes=versions[-1]))
        pay(versions[-1], f"paid-more-{number}")
    assert query_counts(listings(versions[-1]),
                        listed=[v.original_filename for v in versions]) == counts
    assert query_counts(payments(versions[-1]),
                        listed=[f"paid-more-{n}" for n in range(3, 7)]) == payment_counts


def test_reviews_of_a_report(submitted_report, vendor_user, officer_user, admin_user):
    def escalate(by, note: str) -> None:
        review_create(submission=submitted_report, acting_user=by, decision="escalate",
                      note=note)

    listings = warmed({
        "API reviews": (api_client(officer_user),
                        f"/api/reviews/submissions/{submitted_report.pk}"),
        "officer report page": (logged_in(officer_user), f"/submissions/{submitted_report.pk}/"),
        "vendor report page": (logged_in(vendor_user), f"/submissions/{submitted_report.pk}/"),
    })
    escalate(officer_user, "few-review")
    counts = query_counts(listings, listed=["few-review"])
    notes = [f"more-review-{i}" for i in range(4)]
    for i, note in enumerate(notes):
        escalate(admin_user if i % 2 else officer_user, note)
    assert query_counts(listings, listed=notes) == counts


def test_audit_trail(submitted_report, service_contract, vendor_user, other_vendor_user,
                     officer_user, admin_user):
    def events(prefix: str, count: int) -> list[str]:
        actors = [vendor_user, other_vendor_user, officer_user, admin_user, None]
        submission = submitted_report
        actions = [f"test.{prefix}-{i}" for i in range(count)]
        with transaction.atomic():
            for i, action in enumerate(actions):
                audit_record(actor=actors[i % len(actors)], action=action,
                             obj=submission if i % 2 else service_contract,
                             before={"step": i}, after={"step": i + 1})
        return actions

    listings = warmed({
        "officer audit page": (logged_in(officer_user), "/audit/"),
        "admin audit page": (logged_in(admin_user), "/audit/"),
        "officer API audit": (api_client(officer_user), "/api/audit"),
        "admin API audit": (api_client(admin_user), "/api/audit"),
    })
    counts = query_counts(listings, listed=events("few", 2))
    assert query_counts(listings, listed=events("more", 10)) == counts


def test_contract_lists(service_contract, vendor_user, officer_user, admin_user):
    schedule = WageScheduleFactory()

    def contracts(prefix: str, count: int) -> list[str]:
        numbers = [f"{prefix}-{i}" for i in range(count)]
        for i, number in enumerate(numbers):
            Contract.objects.create(
                jurisdiction=service_contract.jurisdiction, vendor=service_contract.vendor,
                number=number, title=f"Contract {number}", kind=ContractKind.SERVICE,
                value=Decimal("1000.00"), standards=["boston-prevailing-wage"],
                report_type="certified_payroll",
                cadence=Cadence.QUARTERLY if i % 2 else Cadence.MONTHLY, trades=[],
                wage_schedule=schedule, awarded_on=dt.date(2024, 6, 20),
                starts_on=dt.date(2024, 7, 1), ends_on=dt.date(2025, 6, 30))
        return numbers

    listings = warmed({
        "vendor home": (logged_in(vendor_user), "/"),
        "review queue page": (logged_in(officer_user), "/review/"),
        "schedule page": (logged_in(officer_user), f"/schedules/{schedule.number}/"),
        "vendor API contracts": (api_client(vendor_user), "/api/contracts"),
        "officer API contracts": (api_client(officer_user), "/api/contracts"),
        "admin API contracts": (api_client(admin_user), "/api/contracts"),
    })
    counts = query_counts(listings, listed=contracts("FEW", 2))
    assert query_counts(listings, listed=contracts("MORE", 6)) == counts


def test_schedule_lists(officer_user, admin_user):
    def schedules(prefix: str, count: int) -> list[str]:
        numbers = [f"TEST-{prefix}-{i}" for i in range(count)]
        for number in numbers:
            schedule = WageSchedule.objects.create(number=number, kind="ma-state",
                                                   title=f"Schedule {number}")
            for modification in (0, 1):
                WageScheduleVersion.objects.create(
                    schedule=schedule, modification=modification,
                    effective_from=dt.date(2024 + modification, 1, 1), source="test",
                    filename="schedule.csv", content="", checksum=number,
                    classification_count=0, added_by=admin_user)
        return numbers

    listings = warmed({
        "officer schedules page": (logged_in(officer_user), "/schedules/"),
        "admin schedules page": (logged_in(admin_user), "/schedules/"),
        "API schedules": (Client(), "/api/schedules"),
    })
    counts = query_counts(listings, listed=schedules("FEW", 2))
    assert query_counts(listings, listed=schedules("MORE", 6)) == counts


def test_standards_list(admin_user):
    call_command("load_standards")
    code = "boston-living-wage"
    parameters = standard_version_next(code=code)["parameters"]

    def versions(prefix: str, years: range) -> list[str]:
        sources = [f"Test source {prefix} {year}" for year in years]
        for year, source in zip(years, sources, strict=True):
            standard_version_add(acting_user=admin_user, code=code, version=f"{year}-07-01",
                                 effective_from=dt.date(year, 7, 1),
                                 effective_to=dt.date(year + 1, 6, 30), source=source,
                                 parameters=parameters)
        return sources

    listings = warmed({"standards page": (logged_in(admin_user), "/standards/"),
                       "standard page": (logged_in(admin_user), f"/standards/{code}/")})
    counts = query_counts(listings, listed=versions("few", range(2030, 2032)))
    assert query_counts(listings, listed=versions("more", range(2032, 2038))) == counts


def test_the_standards_and_rules_api_read_no_rows(db):
    """They list the standard files and the rule catalogue, read from files: nothing to
    grow with the database."""
    client = Client()
    for url in ("/api/standards", "/api/rules"):
        counted_get(client, url)
        count, response = counted_get(client, url)
        assert count == 0 and response.json(), url


def test_token_lists(vendor_user, admin_user):
    def tokens(prefix: str, count: int) -> list[str]:
        names = [f"{prefix} export {i}" for i in range(count)]
        for name in names:
            api_token_create(user=vendor_user, name=name)
        return names

    listings = warmed({"vendor API tokens": (api_client(vendor_user), "/api/tokens"),
                       "admin API tokens": (api_client(admin_user), "/api/tokens")})
    counts = query_counts(listings, listed=tokens("few", 2))
    assert query_counts(listings, listed=tokens("more", 6)) == counts


def test_column_mapping_list(vendor_user):
    def mappings(prefix: str, count: int) -> list[str]:
        headers = [f"Note {prefix} {i}" for i in range(count)]
        column_mapping_save(acting_user=vendor_user, report_type="wage",
                            mapping=dict.fromkeys(headers, IGNORE))
        return headers

    listings = warmed({"vendor API mappings": (api_client(vendor_user), "/api/mappings")})
    counts = query_counts(listings, listed=mappings("few", 2))
    assert query_counts(listings, listed=mappings("more", 6)) == counts


WORKFORCE_HEADER = ("agency,compliance_project_name,trade,period_ending,gender,person_of_color,"
                    "race,boston_resident,worker_hours_this_period")


def file_workforce_report(by, contract: Contract, trades: list[str],
                          period_end: dt.date) -> None:
    """A workforce report from Beacon, signed: two workers, 40 hours each, in each trade."""
    lines = [WORKFORCE_HEADER] + [f"PFD,Library,{trade},{period_end},{gender},t,,t,40"
                                  for trade in trades for gender in ("Woman", "Man")]
    submission = submission_create(
        uploaded_by=by, contract=contract, period_end=period_end,
        upload=SimpleUploadedFile("workforce.csv", "\n".join(lines).encode()))
    submission.refresh_from_db()
    assert submission.current_run.valid, submission.current_run.report["issues"][:3]
    submission_attest(submission=submission, acting_user=by, name="Ana Reyes",
                      title="Payroll", acknowledged=True)


def test_workforce_summary(transactional_db, construction_contract, other_vendor_user,
                           officer_user, licensing_user):
    beacon, library = other_vendor_user, construction_contract
    listings = warmed({
        "licensing summary page": (logged_in(licensing_user), "/reports/workforce/"),
        "officer summary page": (logged_in(officer_user), "/reports/workforce/"),
        "API summary": (api_client(licensing_user), "/api/reports/workforce-summary"),
    })
    few = ["Carpenter", "Laborer"]
    file_workforce_report(beacon, library, few, dt.date(2024, 7, 31))
    counts = query_counts(listings, listed=few)
    more = ["Electrician", "Ironworker", "Painter", "Plumber"]
    file_workforce_report(beacon, library, more[:2], dt.date(2024, 8, 31))
    file_workforce_report(beacon, library, more[2:], dt.date(2024, 9, 30))
    assert query_counts(listings, listed=more) == counts


def own_check(vendor_user, workers: list[str]) -> Submission:
    """A vendor's check without a contract: each worker paid below the living wage on one row
    and an unreadable rate on another."""
    rows = [row for worker in workers for row in (
        (worker, "Library aide", "18.00", 40, "2024-07-07"),
        (worker, "Library aide", f"rate of {worker}", 40, "2024-07-07"))]
    submission = submission_create(uploaded_by=vendor_user, standards=["boston-living-wage"],
                                   upload=SimpleUploadedFile("own.csv",
                                                             csv_bytes([WAGE_HEADER, *rows])))
    submission.refresh_from_db()
    return submission


def test_findings_and_issues_of_a_report(transactional_db, vendor_user):
    """They come from the run's stored report and findings file, not from a row each."""
    def listings(submission: Submission) -> Listings:
        return {"report page": (logged_in(vendor_user), f"/submissions/{submission.pk}/"),
                "API findings": (api_client(vendor_user),
                                 f"/api/submissions/{submission.pk}/findings"),
                "API issues": (api_client(vendor_user),
                               f"/api/submissions/{submission.pk}/issues")}

    few = [f"Worker Few {i}" for i in range(2)]
    first = own_check(vendor_user, few)
    counts = query_counts(warmed(listings(first)), listed=few)
    more = [f"Worker More {i}" for i in range(8)]
    assert query_counts(listings(own_check(vendor_user, more)), listed=more) == counts
