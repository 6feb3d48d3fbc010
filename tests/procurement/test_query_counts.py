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
from tests.conftest import WAGE_HEADER, csv_bytes
from tests.procurement.conftest import basic_client, compliant_for, user

Listings = dict[str, tuple[Client, str]]
SERVICE_CONTRACT = "EV00012345"
CONSTRUCTION_CONTRACT = "PFD-2024-0042"
QUARTERS = (dt.date(2024, 9, 30), dt.date(2024, 12, 31), dt.date(2025, 3, 31),
            dt.date(2025, 6, 30))


def logged_in(username: str) -> Client:
    """A browser's session (the pages take no HTTP Basic credentials)."""
    client = Client()
    client.force_login(user(username))
    return client


def api_client(demo, username: str) -> Client:
    return basic_client(username, demo[username].password)


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


def signed_report(name: str, period_end: dt.date = QUARTERS[0], *, rate: str = "18.25",
                  supersedes: Submission | None = None) -> Submission:
    """A report on Harbor's service contract, checked and signed (Bruno Costa paid `rate`:
    below the living wage, a violation the signer acknowledges)."""
    content = compliant_for(period_end).replace(b"18.25", rate.encode())
    submission = submission_create(
        uploaded_by=user("vendor"), upload=SimpleUploadedFile(name, content),
        contract=None if supersedes else Contract.objects.get(number=SERVICE_CONTRACT),
        period_end=None if supersedes else period_end, supersedes=supersedes)
    submission.refresh_from_db()
    assert submission.current_run.valid, submission.current_run.report["issues"][:3]
    return submission_attest(submission=submission, acting_user=user("vendor"),
                             name="Maria Santos", title="Office manager", acknowledged=True)


def test_report_lists(demo, service_contract):
    contract = service_contract.pk
    listings = warmed({
        "vendor home": (logged_in("vendor"), "/"),
        "officer home": (logged_in("officer"), "/"),
        "review queue page": (logged_in("officer"), "/review/"),
        "vendor contract page": (logged_in("vendor"), f"/contracts/{contract}/"),
        "officer contract page": (logged_in("officer"), f"/contracts/{contract}/"),
        "vendor API submissions": (api_client(demo, "vendor"), "/api/submissions"),
        "officer API submissions": (api_client(demo, "officer"), "/api/submissions"),
        "admin API submissions": (api_client(demo, "admin"), "/api/submissions"),
        "API review queue": (api_client(demo, "officer"), "/api/reviews/queue"),
    })
    periods = warmed({"API contract periods": (api_client(demo, "vendor"),
                                               f"/api/contracts/{contract}")})

    few = [signed_report(f"few-{i}.csv", QUARTERS[i]) for i in range(2)]
    counts = query_counts(listings, listed=[s.original_filename for s in few])
    period_counts = query_counts(periods)

    more = [signed_report(f"more-{i}.csv", QUARTERS[i % 4]) for i in range(6)]
    assert query_counts(listings, listed=[s.original_filename for s in more]) == counts
    assert query_counts(periods) == period_counts
    _, response = counted_get(*periods["API contract periods"])
    deciding = {period["submission_id"] for period in response.json()["periods"]}
    assert deciding == {s.pk for s in more[2:]}  # the newest filed report of each quarter


def test_versions_and_payments_of_a_report(demo):
    def listings(latest: Submission) -> Listings:
        return {"vendor report page": (logged_in("vendor"), f"/submissions/{latest.pk}/"),
                "officer report page": (logged_in("officer"), f"/submissions/{latest.pk}/"),
                "API versions": (api_client(demo, "vendor"),
                                 f"/api/submissions/{latest.pk}/versions")}

    def payments(latest: Submission) -> Listings:
        return {"API payments": (api_client(demo, "officer"),
                                 f"/api/submissions/{latest.pk}/payments")}

    def pay(latest: Submission, note: str) -> None:
        back_payment_record(submission=latest, acting_user=user("vendor"), worker="Bruno Costa",
                            amount="1.00", paid_on=dt.date(2025, 1, 15), note=note)

    versions = [signed_report("version-1.csv", rate="18.00")]
    versions.append(signed_report("version-2.csv", rate="18.01", supersedes=versions[-1]))
    pay(versions[-1], "paid-few-1")
    counts = query_counts(warmed(listings(versions[-1])),
                          listed=[v.original_filename for v in versions])
    payment_counts = query_counts(warmed(payments(versions[-1])), listed=["paid-few-1"])

    for number in range(3, 7):
        versions.append(signed_report(f"version-{number}.csv", rate=f"18.0{number}",
                                      supersedes=versions[-1]))
        pay(versions[-1], f"paid-more-{number}")
    assert query_counts(listings(versions[-1]),
                        listed=[v.original_filename for v in versions]) == counts
    assert query_counts(payments(versions[-1]),
                        listed=[f"paid-more-{n}" for n in range(3, 7)]) == payment_counts


def test_reviews_of_a_report(demo, submitted_report):
    def escalate(by: str, note: str) -> None:
        review_create(submission=submitted_report, acting_user=user(by), decision="escalate",
                      note=note)

    listings = warmed({
        "API reviews": (api_client(demo, "officer"),
                        f"/api/reviews/submissions/{submitted_report.pk}"),
        "officer report page": (logged_in("officer"), f"/submissions/{submitted_report.pk}/"),
        "vendor report page": (logged_in("vendor"), f"/submissions/{submitted_report.pk}/"),
    })
    escalate("officer", "few-review")
    counts = query_counts(listings, listed=["few-review"])
    notes = [f"more-review-{i}" for i in range(4)]
    for i, note in enumerate(notes):
        escalate("admin" if i % 2 else "officer", note)
    assert query_counts(listings, listed=notes) == counts


def test_audit_trail(demo, service_contract):
    def events(prefix: str, count: int) -> list[str]:
        actors = [user(name) for name in ("vendor", "vendor2", "officer", "admin")] + [None]
        submission = Submission.objects.filter(contract=service_contract).first()
        actions = [f"test.{prefix}-{i}" for i in range(count)]
        with transaction.atomic():
            for i, action in enumerate(actions):
                audit_record(actor=actors[i % len(actors)], action=action,
                             obj=submission if i % 2 else service_contract,
                             before={"step": i}, after={"step": i + 1})
        return actions

    listings = warmed({
        "officer audit page": (logged_in("officer"), "/audit/"),
        "admin audit page": (logged_in("admin"), "/audit/"),
        "officer API audit": (api_client(demo, "officer"), "/api/audit"),
        "admin API audit": (api_client(demo, "admin"), "/api/audit"),
    })
    counts = query_counts(listings, listed=events("few", 2))
    assert query_counts(listings, listed=events("more", 10)) == counts


def test_contract_lists(demo, service_contract):
    schedule = WageSchedule.objects.get(number="EXAMPLE-BOS-BS-0001")

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
        "vendor home": (logged_in("vendor"), "/"),
        "review queue page": (logged_in("officer"), "/review/"),
        "schedule page": (logged_in("officer"), f"/schedules/{schedule.number}/"),
        "vendor API contracts": (api_client(demo, "vendor"), "/api/contracts"),
        "officer API contracts": (api_client(demo, "officer"), "/api/contracts"),
        "admin API contracts": (api_client(demo, "admin"), "/api/contracts"),
    })
    counts = query_counts(listings, listed=contracts("FEW", 2))
    assert query_counts(listings, listed=contracts("MORE", 6)) == counts


def test_schedule_lists(demo):
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
                    classification_count=0, added_by=user("admin"))
        return numbers

    listings = warmed({
        "officer schedules page": (logged_in("officer"), "/schedules/"),
        "admin schedules page": (logged_in("admin"), "/schedules/"),
        "API schedules": (Client(), "/api/schedules"),
    })
    counts = query_counts(listings, listed=schedules("FEW", 2))
    assert query_counts(listings, listed=schedules("MORE", 6)) == counts


def test_standards_list(demo):
    call_command("load_standards")
    code = "boston-living-wage"
    parameters = standard_version_next(code=code)["parameters"]

    def versions(prefix: str, years: range) -> list[str]:
        sources = [f"Test source {prefix} {year}" for year in years]
        for year, source in zip(years, sources, strict=True):
            standard_version_add(acting_user=user("admin"), code=code, version=f"{year}-07-01",
                                 effective_from=dt.date(year, 7, 1),
                                 effective_to=dt.date(year + 1, 6, 30), source=source,
                                 parameters=parameters)
        return sources

    listings = warmed({"standards page": (logged_in("admin"), "/standards/"),
                       "standard page": (logged_in("admin"), f"/standards/{code}/")})
    counts = query_counts(listings, listed=versions("few", range(2030, 2032)))
    assert query_counts(listings, listed=versions("more", range(2032, 2038))) == counts


def test_the_standards_and_rules_api_read_no_rows(demo):
    """They list the standard files and the rule catalogue, read from files: nothing to
    grow with the database."""
    client = Client()
    for url in ("/api/standards", "/api/rules"):
        counted_get(client, url)
        count, response = counted_get(client, url)
        assert count == 0 and response.json(), url


def test_token_lists(demo):
    def tokens(prefix: str, count: int) -> list[str]:
        names = [f"{prefix} export {i}" for i in range(count)]
        for name in names:
            api_token_create(user=user("vendor"), name=name)
        return names

    listings = warmed({"vendor API tokens": (api_client(demo, "vendor"), "/api/tokens"),
                       "admin API tokens": (api_client(demo, "admin"), "/api/tokens")})
    counts = query_counts(listings, listed=tokens("few", 2))
    assert query_counts(listings, listed=tokens("more", 6)) == counts


def test_column_mapping_list(demo):
    def mappings(prefix: str, count: int) -> list[str]:
        headers = [f"Note {prefix} {i}" for i in range(count)]
        column_mapping_save(acting_user=user("vendor"), report_type="wage",
                            mapping=dict.fromkeys(headers, IGNORE))
        return headers

    listings = warmed({"vendor API mappings": (api_client(demo, "vendor"), "/api/mappings")})
    counts = query_counts(listings, listed=mappings("few", 2))
    assert query_counts(listings, listed=mappings("more", 6)) == counts


WORKFORCE_HEADER = ("agency,compliance_project_name,trade,period_ending,gender,person_of_color,"
                    "race,boston_resident,worker_hours_this_period")


def file_workforce_report(trades: list[str], period_end: dt.date) -> None:
    """A workforce report from Beacon, signed: two workers, 40 hours each, in each trade."""
    lines = [WORKFORCE_HEADER] + [f"PFD,Library,{trade},{period_end},{gender},t,,t,40"
                                  for trade in trades for gender in ("Woman", "Man")]
    submission = submission_create(
        uploaded_by=user("vendor2"), contract=Contract.objects.get(number=CONSTRUCTION_CONTRACT),
        period_end=period_end,
        upload=SimpleUploadedFile("workforce.csv", "\n".join(lines).encode()))
    submission.refresh_from_db()
    assert submission.current_run.valid, submission.current_run.report["issues"][:3]
    submission_attest(submission=submission, acting_user=user("vendor2"), name="Ana Reyes",
                      title="Payroll", acknowledged=True)


def test_workforce_summary(demo):
    listings = warmed({
        "licensing summary page": (logged_in("licensing"), "/reports/workforce/"),
        "officer summary page": (logged_in("officer"), "/reports/workforce/"),
        "API summary": (api_client(demo, "licensing"), "/api/reports/workforce-summary"),
    })
    few = ["Carpenter", "Laborer"]
    file_workforce_report(few, dt.date(2024, 7, 31))
    counts = query_counts(listings, listed=few)
    more = ["Electrician", "Ironworker", "Painter", "Plumber"]
    file_workforce_report(more[:2], dt.date(2024, 8, 31))
    file_workforce_report(more[2:], dt.date(2024, 9, 30))
    assert query_counts(listings, listed=more) == counts


def own_check(workers: list[str]) -> Submission:
    """A vendor's check without a contract: each worker paid below the living wage on one row
    and an unreadable rate on another."""
    rows = [row for worker in workers for row in (
        (worker, "Library aide", "18.00", 40, "2024-07-07"),
        (worker, "Library aide", f"rate of {worker}", 40, "2024-07-07"))]
    submission = submission_create(uploaded_by=user("vendor"), standards=["boston-living-wage"],
                                   upload=SimpleUploadedFile("own.csv",
                                                             csv_bytes([WAGE_HEADER, *rows])))
    submission.refresh_from_db()
    return submission


def test_findings_and_issues_of_a_report(demo):
    """They come from the run's stored report and findings file, not from a row each."""
    def listings(submission: Submission) -> Listings:
        return {"report page": (logged_in("vendor"), f"/submissions/{submission.pk}/"),
                "API findings": (api_client(demo, "vendor"),
                                 f"/api/submissions/{submission.pk}/findings"),
                "API issues": (api_client(demo, "vendor"),
                               f"/api/submissions/{submission.pk}/issues")}

    few = [f"Worker Few {i}" for i in range(2)]
    first = own_check(few)
    counts = query_counts(warmed(listings(first)), listed=few)
    more = [f"Worker More {i}" for i in range(8)]
    assert query_counts(listings(own_check(more)), listed=more) == counts
