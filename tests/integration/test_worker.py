"""Uploads checked by real Celery workers over Redis on PostgreSQL, a killed worker included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from procurement.models import EvaluationRun, Submission
from procurement.services.demo import demo_load
from procurement.services.findings import findings_total
from procurement.services.submissions import submission_create
from tests.integration.support import VISIBILITY_TIMEOUT, wait_for
from tests.support import LOW_WAGES, user

pytestmark = pytest.mark.django_db(transaction=True)


def big_wage_report(rows: int) -> tuple[bytes, int]:
    """A report where every 1000th worker is paid below the floor: (content, violations)."""
    lines = ["Worker,Job title,Hourly rate,Hours,Pay period end"]
    lines += [f"Worker {i},Custodian,{'18.00' if i % 1000 == 0 else '18.50'},40,2024-07-07"
              for i in range(rows)]
    return "\n".join(lines).encode(), rows // 1000


def upload(content: bytes, name: str = "report.csv") -> Submission:
    return submission_create(uploaded_by=user("vendor"), upload=SimpleUploadedFile(name, content),
                             standards=["boston-living-wage"], period_end=dt.date(2024, 7, 7))


def status_of(submission: Submission) -> str:
    return Submission.objects.values_list("status", flat=True).get(pk=submission.pk)


def test_a_worker_checks_an_upload_queued_through_redis(start_worker):
    demo_load()
    start_worker()
    submission = upload(LOW_WAGES)
    assert status_of(submission) in ("received", "processing")

    wait_for(lambda: status_of(submission) == "checked")
    run = EvaluationRun.objects.get(submission=submission)
    assert (run.violation_count, len(run.report["issues"])) == (2, 2)
    assert connection.vendor == "postgresql"


def test_a_worker_killed_mid_check_loses_nothing_and_duplicates_nothing(start_worker):
    demo_load()
    content, violations = big_wage_report(250_000)
    first = start_worker("w1")
    submission = upload(content, "big.csv")

    wait_for(lambda: status_of(submission) == "processing", every=0.05)
    first.kill()  # SIGKILL in the middle of the check: the task was never acknowledged
    assert status_of(submission) == "processing"
    assert not EvaluationRun.objects.filter(submission=submission).exists()

    second = start_worker("w2")  # Redis redelivers after the visibility timeout
    wait_for(lambda: status_of(submission) == "checked", timeout=VISIBILITY_TIMEOUT + 120)
    assert EvaluationRun.objects.filter(submission=submission).count() == 1
    (run,) = EvaluationRun.objects.filter(submission=submission)
    assert findings_total(run) == violations
    assert run.report["issues"] == []
    assert "procurement.check_submission" in second.log.read_text()


def test_a_lost_database_connection_is_retried_with_backoff(start_worker):
    demo_load()
    content, violations = big_wage_report(150_000)
    worker = start_worker()
    submission = upload(content, "retry.csv")

    wait_for(lambda: status_of(submission) == "processing", every=0.05)
    with connection.cursor() as cursor:  # drop every connection but this test's own
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")

    wait_for(lambda: status_of(submission) == "checked", timeout=120)
    (run,) = EvaluationRun.objects.filter(submission=submission)
    assert findings_total(run) == violations
    assert "Retry in" in worker.log.read_text()


def test_a_worker_grades_the_projects_of_the_month(start_worker):
    """The monthly grading task, sent through Redis to a real worker on PostgreSQL."""
    from procurement.celery import app
    from procurement.models import ProjectGrade

    app.conf.task_always_eager = True  # the demo's weekly reports: checked here, first
    demo_load(with_project=True)
    app.conf.task_always_eager = False
    before = ProjectGrade.objects.filter(month=dt.date(2024, 9, 30)).count()
    start_worker()
    app.send_task("procurement.grade_projects", args=["2024-09"])
    wait_for(lambda: ProjectGrade.objects.filter(month=dt.date(2024, 9, 30)).count()
             == before + 1)
    newest = ProjectGrade.objects.filter(month=dt.date(2024, 9, 30)).latest("graded_at")
    assert newest.grade == "not_meeting" and newest.table["worked_hours"] == "17156"
