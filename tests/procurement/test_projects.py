"""A construction project across its contractors, on the demo's project (a general contractor
and two subcontractors filing weekly, the masonry subcontractor two weeks late): the roll-up,
who filed, grades as of their date, subcontracts, the commission packet, and who sees what."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core import mail
from django.test import Client

from procurement.models import AuditEvent, Contract, Project, ProjectGrade
from tests import factories
from tests.support import user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def project(transactional_db) -> Project:
    from procurement.services.demo import demo_load

    demo_load(with_project=True)
    return Project.objects.get(code="egleston-library")


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def test_the_officer_sees_the_roll_up_across_every_contractor(project):
    officer = client_of("officer")
    rollup = officer.get(f"/api/projects/{project.pk}/rollup?period=2024-09").json()
    assert rollup["period"] == {"first": "2024-09-01", "last": "2024-09-30"}
    assert rollup["standard"]["version"] == "2017-01-25"
    laborers = [c for c in rollup["contributions"] if c["trade"] == "Laborer"]
    assert {c["contractor"] for c in laborers} == {
        "Beacon Builders Inc.", "Codman Electric Co.", "Fields Corner Masonry LLC"}
    kinds = {(s["measured_per"], s.get("trade"), s.get("worker_class")) for s in
             rollup["shares"]}
    assert ("project", None, None) in kinds
    assert ("trade-class", "Bricklayer", "apprentice") in kinds
    women_bricklayers = next(s for s in rollup["shares"] if s.get("trade") == "Bricklayer"
                             and s["category"] == "women" and s["worker_class"] == "journey")
    assert women_bricklayers["share"] == "0.0" and women_bricklayers["below_goal"]
    late = {f["contractor"]: f["late"] for f in rollup["filers"]}
    assert late["Fields Corner Masonry LLC"] == ["2024-09-29", "2024-09-22"]
    assert late["Beacon Builders Inc."] == [] and late["Codman Electric Co."] == []
    # The general contractor's carpenter also in the electrician's report of Aug 11: once.
    august = officer.get(f"/api/projects/{project.pk}/rollup?period=2024-08").json()
    assert august["overlap_count"] == 1
    overlap = august["overlaps"][0]
    assert overlap["period_end"] == "2024-08-11" and overlap["counted"] == "40"
    page = officer.get(f"/projects/{project.pk}/?period=2024-09").content.decode()
    assert "Fields Corner Masonry LLC" in page and "2 periods late" in page
    assert "Hours per trade, across every contractor" in page


def test_contractors_see_their_own_tree_and_no_workforce_figures(project):
    general, masonry = client_of("vendor2"), client_of("masonry")
    seen = general.get(f"/api/projects/{project.pk}?period=2024-09").json()
    assert [f["contractor"] for f in seen["filers"]] == [
        "Beacon Builders Inc.", "Codman Electric Co.", "Fields Corner Masonry LLC"]
    own = masonry.get(f"/api/projects/{project.pk}?period=2024-09").json()
    assert [f["contractor"] for f in own["filers"]] == ["Fields Corner Masonry LLC"]
    assert masonry.get(f"/api/projects/{project.pk}/rollup").status_code == 403
    assert all(g["table"] == {} for g in
               masonry.get(f"/api/projects/{project.pk}/grades").json())
    page = general.get(f"/projects/{project.pk}/?period=2024-09").content.decode()
    assert "Hours per trade, across every contractor" not in page
    # The general contractor's own contract page shows its subcontractor's late reports.
    contract = Contract.objects.get(number="PFD-2024-0107")
    page = general.get(f"/contracts/{contract.pk}/").content.decode()
    assert "Fields Corner Masonry LLC" in page and "2 periods late" in page
    # A vendor not on the project, and an officer of another city: not found.
    for stranger in (client_of("vendor"),
                     _officer_elsewhere()):
        for url in (f"/api/projects/{project.pk}", f"/api/projects/{project.pk}/rollup",
                    f"/api/projects/{project.pk}/grades"):
            assert stranger.get(url).status_code == 404, url
        assert stranger.get(f"/projects/{project.pk}/").status_code == 404


def _officer_elsewhere() -> Client:
    elsewhere = factories.JurisdictionFactory(code="cambridge", name="City of Cambridge")
    officer = factories.OfficerFactory(profile__jurisdiction=elsewhere)
    client = Client()
    client.force_login(officer)
    return client


def test_grades_are_kept_as_of_the_day_given(project):
    officer = client_of("officer")
    august = ProjectGrade.objects.get(project=project, month=dt.date(2024, 8, 31))
    assert august.grade == "not_meeting"  # no woman among the bricklayers
    assert august.efforts.count() == 2
    again = officer.post(f"/api/projects/{project.pk}/grades?period=2024-08")
    assert again.status_code == 201
    assert ProjectGrade.objects.filter(project=project, month=dt.date(2024, 8, 31)).count() == 2
    then = officer.get(f"/api/projects/{project.pk}/grades?as_of=2024-09-30T00:00:00Z").json()
    assert [g["month"] for g in then] == ["2024-08-31"]
    assert then[0]["graded_at"].startswith("2024-09-12")
    now = officer.get(f"/api/projects/{project.pk}/grades").json()
    assert now[0]["month"] == "2024-09-30" and not now[1]["graded_at"].startswith("2024")
    assert AuditEvent.objects.filter(action="project.graded").count() == 3
    assert client_of("vendor2").post(
        f"/api/projects/{project.pk}/grades?period=2024-08").status_code == 403


def test_the_general_contractor_adds_a_subcontractor_and_its_user(project):
    general = client_of("vendor2")
    parent = Contract.objects.get(number="PFD-2024-0107")
    response = general.post(f"/projects/{project.pk}/", {
        "action": "subcontract", "parent": parent.pk, "legal_name": "Jamaica Plain Glass LLC",
        "number": "PFD-2024-0107-G", "value": "85000", "username": "jpglass",
        "email": "office@jpglass.example"})
    assert response.status_code == 302
    added = Contract.objects.get(number="PFD-2024-0107-G")
    assert (added.parent, added.tier, added.project, added.vendor.legal_name) == (
        parent, 1, project, "Jamaica Plain Glass LLC")
    assert user("jpglass").profile.vendor == added.vendor
    welcome = mail.outbox[-1]
    assert welcome.to == ["office@jpglass.example"]
    assert "PFD-2024-0107-G" in welcome.subject and "/accounts/reset/" in welcome.body
    assert "jpglass" in welcome.body
    # Where the city keeps that to itself, the contractor is told so and nothing is added.
    Project.objects.filter(pk=project.pk).update(subcontractors_added_by_prime=False)
    general.post(f"/projects/{project.pk}/", {
        "action": "subcontract", "parent": parent.pk, "legal_name": "Other LLC",
        "number": "PFD-2024-0107-X", "value": "1", "username": "other",
        "email": "o@example.com"})
    assert not Contract.objects.filter(number="PFD-2024-0107-X").exists()


def test_the_commission_packet(project):
    officer = client_of("officer")
    query = "date_from=2024-08-01&date_to=2024-10-31"
    response = officer.get(f"/projects/?{query}&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
             for c in row if c is not None]
    assert "Fields Corner Masonry LLC" in cells  # late, tier 1
    assert "Not meeting" in cells  # the grades' history
    pdf = officer.get(f"/projects/?{query}&format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # A contractor gets the page, never the packet.
    vendor = client_of("vendor2").get(f"/projects/?{query}&format=xlsx")
    assert vendor["Content-Type"].startswith("text/html")


PLAN = (b"Trade,Journey or apprentice,Month,Estimated hours,Residents share,"
        b"People of color share,Women share\n"
        b"Glazier,journey,2024-09,320,51,40,12\n"
        b"Glazier,apprentice,2024-09,80,51,40,12\n")


def test_a_contractor_files_a_plan_and_the_officer_decides(project):
    masonry, officer = client_of("masonry"), client_of("officer")
    contract = Contract.objects.get(number="PFD-2024-0107-M")
    url = f"/api/contracts/{contract.pk}/plans"
    bad = masonry.post(url, {"file": _upload(PLAN.replace(b"320", b"-5"))})
    assert bad.status_code == 422 and bad.json()["detail"]  # each problem, where it is
    filed = masonry.post(url, {"file": _upload(PLAN)})
    assert filed.status_code == 201, filed.content
    plan = filed.json()
    assert (plan["version"], plan["status"], plan["planned_hours"]) == (2, "submitted",
                                                                        "400.00")
    assert masonry.post(f"/api/plans/{plan['id']}/decision",
                        {"approve": True}, content_type="application/json").status_code == 403
    refused = officer.post(f"/api/plans/{plan['id']}/decision", {"approve": False},
                           content_type="application/json")
    assert refused.status_code == 422  # asking for a change says what to change
    decided = officer.post(f"/api/plans/{plan['id']}/decision",
                           {"approve": False, "note": "Add the laborers."},
                           content_type="application/json").json()
    assert decided["status"] == "change_requested"
    assert AuditEvent.objects.filter(action="plan.decided", object_id=str(plan["id"])).exists()
    # Another contractor on the project cannot file or read this contract's plans.
    assert client_of("electric").post(url, {"file": _upload(PLAN)}).status_code == 404
    assert client_of("vendor").get(url).status_code == 404


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("plan.csv", content, "text/csv")


def test_the_plan_template_comes_filled_with_the_contracts_trades_and_months(project):
    electric = client_of("electric")
    contract = Contract.objects.get(number="PFD-2024-0107-E")
    response = electric.get(f"/contracts/{contract.pk}/plan-template.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Report"]
    header = [cell.value for cell in sheet[1]]
    rows = [row for row in sheet.iter_rows(min_row=2) if row[0].value]
    # Electrician and Laborer, journey and apprentice, July (from the 29th) to September 2024.
    assert len(rows) == 2 * 2 * 3
    hours = header.index("Estimated hours")
    for row in rows:
        row[hours].value = 160
    filled = io.BytesIO()
    book.save(filled)
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = electric.post(f"/projects/{project.pk}/", {
        "action": "plan", "contract": contract.pk,
        "file": SimpleUploadedFile("plan.xlsx", filled.getvalue())}, follow=True)
    assert "Plan received" in page.content.decode()
    plan = contract.plans.order_by("-version").first()
    assert (plan.version, str(plan.planned_hours)) == (2, "1920.00")
    # Someone else's contract: no template.
    assert client_of("masonry").get(
        f"/contracts/{contract.pk}/plan-template.xlsx").status_code == 404


def test_a_good_faith_effort_with_its_document_and_who_may_read_it(project):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from procurement.models import GoodFaithEffort

    general = client_of("vendor2")
    september = ProjectGrade.objects.get(project=project, month=dt.date(2024, 9, 30))
    future = general.post(f"/projects/{project.pk}/", {
        "action": "effort", "grade": september.pk, "kind": "outreach",
        "happened_on": "2999-01-01", "description": "Job fair"}, follow=True)
    assert "cannot be in the future" in future.content.decode()
    general.post(f"/projects/{project.pk}/", {
        "action": "effort", "grade": september.pk, "kind": "union_referral",
        "happened_on": "2024-09-10", "description": "Asked Local 3 for two apprentices.",
        "document": SimpleUploadedFile("referral.pdf", b"%PDF-1.4 referral letter")})
    effort = GoodFaithEffort.objects.get(description="Asked Local 3 for two apprentices.")
    assert effort.grade == september and effort.contract.number == "PFD-2024-0107"
    url = f"/efforts/{effort.pk}/document/"
    assert client_of("officer").get(url).content == b"%PDF-1.4 referral letter"
    assert general.get(url).status_code == 200
    for stranger in ("masonry", "vendor"):
        assert client_of(stranger).get(url).status_code == 404


def test_an_administrator_sets_up_projects_in_the_admin(project):
    admin = client_of("admin")
    assert "Egleston Square Library renovation" in admin.get(
        "/admin/procurement/project/").content.decode()
    page = admin.get(f"/admin/procurement/project/{project.pk}/change/").content.decode()
    assert "PFD-2024-0107-M" in page  # its contracts, listed
    for path in ("workforceplan", "projectgrade", "goodfaitheffort"):
        assert admin.get(f"/admin/procurement/{path}/").status_code == 200
