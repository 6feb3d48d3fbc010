"""Reads, scoped to what the asking user may see. Anything else is 'not found'.

Vendor users see their vendor's contracts and submissions; officers see their jurisdiction's
(all jurisdictions when they have none assigned is NOT assumed: they see none); licensing
staff see no submissions; administrators see everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy

from procurement.i18n import period_words
from procurement.models import (
    SIGNED_STATUSES,
    STATE_TEXT,
    AuditEvent,
    Cadence,
    Contract,
    Role,
    Submission,
    SubmissionStatus,
    WageSchedule,
    WageScheduleVersion,
)
from procurement.models import StandardVersion as StandardVersionRow
from procurement.models.standards import VersionOrigin
from rules import get_standard
from rules.standards import Standard


@dataclass(frozen=True)
class Scope:
    role: str | None
    vendor_id: int | None = None
    jurisdiction_id: int | None = None


def user_scope(user: AbstractBaseUser) -> Scope:
    if not user.is_authenticated:
        return Scope(None)
    profile = getattr(user, "profile", None)
    if user.is_superuser:
        return Scope(Role.ADMIN)
    if profile is None:
        return Scope(None)
    return Scope(profile.role, profile.vendor_id, profile.jurisdiction_id)


def _scoped(queryset: QuerySet, scope: Scope) -> QuerySet:
    if scope.role == Role.ADMIN:
        return queryset
    if scope.role == Role.VENDOR:
        return queryset.filter(vendor_id=scope.vendor_id)
    if scope.role == Role.OFFICER and scope.jurisdiction_id is not None:
        return queryset.filter(jurisdiction_id=scope.jurisdiction_id)
    return queryset.none()


def contract_list(*, user: AbstractBaseUser) -> QuerySet[Contract]:
    return _scoped(Contract.objects.select_related("vendor", "jurisdiction", "wage_schedule"),
                   user_scope(user))


def contract_list_with_reports(*, user: AbstractBaseUser) -> QuerySet[Contract]:
    """contract_list, each contract with its current reports (`current_reports`, as
    contract_due_periods takes them) read for all of them in one more query."""
    return contract_list(user=user).prefetch_related(
        Prefetch("submissions", queryset=current_reports_of_contracts(), to_attr="current_reports"))


def contract_get(*, user: AbstractBaseUser, contract_id: int) -> Contract:
    return contract_list(user=user).get(pk=contract_id)


# What the city sees of a vendor's reports: those signed and submitted for a contract (and
# the earlier signed versions of those). Drafts, and checks made without a contract, are the
# vendor's own (officers see only how many drafts a contract has: contract_draft_count).
SEEN_BY_THE_CITY = Q(contract__isnull=False) & (
    Q(status__in=SIGNED_STATUSES)
    | Q(status=SubmissionStatus.SUPERSEDED, attested_at__isnull=False))


def submission_list(*, user: AbstractBaseUser, status: str | None = None,
                    contract_id: int | None = None) -> QuerySet[Submission]:
    scope = user_scope(user)
    submissions = _scoped(
        Submission.objects.select_related("vendor", "contract", "current_run", "jurisdiction"),
        scope,
    )
    if scope.role == Role.OFFICER:
        submissions = submissions.filter(SEEN_BY_THE_CITY)
    if status:
        submissions = submissions.filter(status=status)
    if contract_id:
        submissions = submissions.filter(contract_id=contract_id)
    return submissions


def contract_draft_count(*, contract: Contract) -> int:
    """How many of the contract's current reports are drafts (not signed): all an officer
    learns of them."""
    return contract.submissions.exclude(status=SubmissionStatus.SUPERSEDED) \
        .exclude(status__in=SIGNED_STATUSES).count()


def submission_get(*, user: AbstractBaseUser, submission_id: int) -> Submission:
    """Raises Submission.DoesNotExist when it does not exist or the user may not see it."""
    return submission_list(user=user).get(pk=submission_id)


def submission_versions(*, submission: Submission) -> list[Submission]:
    """Every version of the report `submission` belongs to, oldest first: two queries however
    many versions there are (a correction keeps its report's vendor and contract, so the
    chain is among those submissions' links)."""
    links = list(Submission.objects.filter(
        vendor_id=submission.vendor_id, contract_id=submission.contract_id,
    ).values_list("pk", "supersedes_id"))
    previous_of = dict(links)
    next_of: dict[int, int] = {}
    for pk, previous in links:  # newest first: the newest correction of a version is next
        if previous is not None:
            next_of.setdefault(previous, pk)
    first = submission.pk
    while previous_of.get(first) is not None:
        first = previous_of[first]
    chain = [first]
    while chain[-1] in next_of:
        chain.append(next_of[chain[-1]])
    versions = Submission.objects.select_related("vendor", "current_run").in_bulk(chain)
    return [versions[pk] for pk in chain]


QUEUE_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.ESCALATED)
SEVERITY_FILTERS = {
    "violation": Q(current_run__violation_count__gt=0),
    "shortfall": Q(current_run__shortfall_count__gt=0),
    "notice": Q(current_run__notice_count__gt=0),
    "clean": Q(current_run__violation_count=0, current_run__shortfall_count=0,
               current_run__notice_count=0),
}


def review_queue(*, user: AbstractBaseUser, status: str | None = None,
                 severity: str | None = None, contract_id: int | None = None,
                 vendor_id: int | None = None) -> QuerySet[Submission]:
    """Submissions awaiting a decision: most violations first, then shortfalls, then oldest."""
    scope = user_scope(user)
    if scope.role not in (Role.OFFICER, Role.ADMIN):
        return Submission.objects.none()
    queue = submission_list(user=user).filter(
        status__in=[status] if status in QUEUE_STATUSES else QUEUE_STATUSES)
    if severity in SEVERITY_FILTERS:
        queue = queue.filter(SEVERITY_FILTERS[severity])
    if contract_id:
        queue = queue.filter(contract_id=contract_id)
    if vendor_id:
        queue = queue.filter(vendor_id=vendor_id)
    return queue.order_by(F("current_run__violation_count").desc(nulls_last=True),
                          F("current_run__shortfall_count").desc(nulls_last=True),
                          "attested_at", "id")


def audit_list(*, user: AbstractBaseUser) -> QuerySet[AuditEvent]:
    scope = user_scope(user)
    events = AuditEvent.objects.select_related("actor", "vendor")
    if scope.role == Role.ADMIN:
        return events
    if scope.role == Role.OFFICER and scope.jurisdiction_id is not None:
        return events.filter(jurisdiction_id=scope.jurisdiction_id)
    return events.none()


# A reporting period's status, from the submission that decides it (PERIOD_STATUS_OF).
# "filed", "accepted" and "waived" are done; the others need the vendor (or wait for it).
PERIOD_STATUS_OF = {
    SubmissionStatus.RECEIVED: "draft", SubmissionStatus.PROCESSING: "draft",
    SubmissionStatus.CHECKED: "draft", SubmissionStatus.FAILED: "draft",
    SubmissionStatus.SUBMITTED: "filed", SubmissionStatus.ESCALATED: "filed",
    SubmissionStatus.CORRECTION_REQUESTED: "correction_requested",
    SubmissionStatus.ACCEPTED: "accepted", SubmissionStatus.WAIVED: "waived",
}
PERIOD_DONE = frozenset({"filed", "accepted", "waived"})
PERIOD_STATUS_LABELS = {
    "due": gettext_lazy("Due"), "overdue": gettext_lazy("Overdue"),
    "draft": gettext_lazy("Draft, not signed"),
    "filed": gettext_lazy("Filed: signed and submitted"),
    **{status: STATE_TEXT[status] for status in ("correction_requested", "accepted", "waived")}}
# When a period has several current submissions, the most advanced decides it.
_PERIOD_RANK = {"draft": 0, "correction_requested": 1, "filed": 2, "waived": 3, "accepted": 4}


@dataclass(frozen=True)
class DuePeriod:
    """A reporting period that has ended. It is filed only when a signed report covering it
    has been submitted: an upload that is not signed (unreadable, with problems, or checked
    and waiting for a signature) leaves it a draft, still due."""

    period_end: dt.date
    due_date: dt.date
    submission: Submission | None  # the submission that decides its status, if any
    today: dt.date
    period_start: dt.date | None = None

    @property
    def words(self) -> str:
        """"April–June 2025", in the reader's language."""
        return period_words(self.period_start, self.period_end)

    @property
    def status(self) -> str:
        """due · overdue · draft · correction_requested · filed · accepted · waived"""
        if self.submission is None:
            return "overdue" if self.overdue else "due"
        return PERIOD_STATUS_OF.get(self.submission.status, "draft")

    @property
    def done(self) -> bool:
        return self.submission is not None and self.status in PERIOD_DONE

    @property
    def overdue(self) -> bool:
        return not self.done and self.due_date < self.today

    @property
    def label(self) -> str:
        return str(PERIOD_STATUS_LABELS[self.status])


def _period_ends(cadence: str, start: dt.date, end: dt.date) -> list[dt.date]:
    ends: list[dt.date] = []
    if cadence == Cadence.WEEKLY:
        day = start + dt.timedelta(days=(6 - start.weekday()) % 7)  # Sundays
        while day <= end:
            ends.append(day)
            day += dt.timedelta(days=7)
        return ends
    months = 3 if cadence == Cadence.QUARTERLY else 1
    year, month = start.year, start.month
    if months == 3:
        month = ((month - 1) // 3) * 3 + 3
    while True:
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        day = following - dt.timedelta(days=1)
        if day > end:
            return ends
        ends.append(day)
        month += months
        if month > 12:
            year, month = year + 1, month - 12


def period_start(cadence: str, end: dt.date) -> dt.date:
    """The first day of the reporting period ending on `end`."""
    if cadence == Cadence.WEEKLY:
        return end - dt.timedelta(days=6)
    months = 3 if cadence == Cadence.QUARTERLY else 1
    month = end.month - months + 1
    return dt.date(end.year - (month < 1), (month - 1) % 12 + 1, 1)


def contract_report_kinds(*, contract: Contract) -> dict[str, list[str]]:
    """The kinds of report a contract takes, its own first, each with the codes of the
    standards that check it: a construction contract's monthly workforce report and, where a
    standard takes its rates from the contract's prevailing wage schedule, its weekly
    certified payroll."""
    kinds: dict[str, list[str]] = {contract.report_type: []}
    for code in contract.standards:
        kinds.setdefault(get_standard(code).report_type, []).append(code)
    return {kind: codes for kind, codes in kinds.items() if codes}


def report_cadence(contract: Contract, report_type: str | None) -> str:
    """How often a report of this kind is due: the contract's cadence for its own report,
    weekly for a certified payroll filed beside it (Davis-Bacon, M.G.L. c.149 s.27B)."""
    if report_type in (None, contract.report_type):
        return contract.cadence
    return Cadence.WEEKLY


def contract_periods(*, contract: Contract,
                     report_type: str | None = None) -> list[tuple[dt.date, dt.date]]:
    """Every reporting period of the contract for a kind of report (its own by default), from
    its start to its end, as (first day, last day) in order: what a report on the contract
    can be filed for."""
    cadence = report_cadence(contract, report_type)
    return [(period_start(cadence, end), end)
            for end in _period_ends(cadence, contract.starts_on, contract.ends_on)]


def current_reports_of_contracts() -> QuerySet[Submission]:
    """Reports not superseded by a correction, oldest first."""
    return Submission.objects.exclude(status=SubmissionStatus.SUPERSEDED) \
        .order_by("created_at", "id")


def contract_due_periods(*, contract: Contract, today: dt.date | None = None,
                         reports: list[Submission] | None = None) -> list[DuePeriod]:
    """Every reporting period of the contract that has ended, newest first, with the current
    (non-superseded) submission that decides its status, if any: the most advanced one
    (accepted, waived, filed, correction requested, draft), the newest among equals.
    `reports`: the contract's current reports when read already (contract_list_with_reports),
    else they are read here."""
    today = today or dt.date.today()
    last = min(today, contract.ends_on)
    if reports is None:
        own_kind = current_reports_of_contracts().filter(contract=contract,
                                             report_type=contract.report_type)
    else:
        own_kind = [report for report in reports if report.report_type == contract.report_type]
    deciding: dict[dt.date, Submission] = {}
    for submission in own_kind:
        held = deciding.get(submission.period_end)
        if held is None or (_PERIOD_RANK[PERIOD_STATUS_OF.get(submission.status, "draft")]
                            >= _PERIOD_RANK[PERIOD_STATUS_OF.get(held.status, "draft")]):
            deciding[submission.period_end] = submission
    grace = dt.timedelta(days=settings.GOODBID_REPORT_DUE_DAYS)
    return [DuePeriod(end, end + grace, deciding.get(end), today,
                      period_start(contract.cadence, end))
            for end in reversed(_period_ends(contract.cadence, contract.starts_on, last))]


def schedule_list() -> QuerySet[WageSchedule]:
    """Every prevailing wage schedule on file with its versions (public data, like the
    standards)."""
    return WageSchedule.objects.prefetch_related("versions")


def schedule_get(*, number: str) -> WageSchedule:
    return schedule_list().get(number=number.strip())


def schedule_version_get(*, schedule: WageSchedule,
                         modification: int | None = None) -> WageScheduleVersion:
    """One version of `schedule`: the given modification, else the newest."""
    versions = schedule.versions.all()
    if modification is not None:
        return versions.get(modification=modification)
    return versions.order_by("-effective_from", "-modification")[:1].get()


def schedule_version_count() -> int:
    return WageScheduleVersion.objects.count()


# A version's fields as an administrator adds them (procurement.services.standards).
VERSION_FIELDS = ("version", "effective_from", "effective_to", "source", "notes",
                  "parameters")


def added_versions(codes: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The versions administrators added to the standards `codes` name (a variant's to its
    standard), as plain data keyed by standard code: one query."""
    bases = sorted({code.partition(":")[0].strip() for code in codes})
    added: dict[str, list[dict[str, Any]]] = {base: [] for base in bases}
    rows = StandardVersionRow.objects.filter(
        standard__code__in=bases, origin=VersionOrigin.ADMIN,
    ).order_by("effective_from").values("standard__code", *VERSION_FIELDS)
    for row in rows:
        added[row.pop("standard__code")].append(row)
    return added


def standards_in_force(codes: list[str]) -> list[Standard]:
    """The standards `codes` name, each with the versions administrators added: what a check
    applies."""
    added = added_versions(codes)
    return [get_standard(code, added=added[code.partition(":")[0].strip()]) for code in codes]
