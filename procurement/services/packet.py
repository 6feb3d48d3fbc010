"""The commission packet: for a date range, what a city's employment commission reviews:
projects not meeting their goals for three months or more, late filers by tier, waivers
granted with their reasons, and the grades' history, each as it stood at the range's end
(grades are kept as of the day given). Written as PDF or .xlsx by packet_files."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from procurement.models import (
    SIGNED_STATUSES,
    Decision,
    GoodFaithEffort,
    Grade,
    Jurisdiction,
    Project,
    Review,
    Role,
)
from procurement.project_selectors import grade_history, project_contracts
from procurement.selectors import contract_due_periods, user_scope
from procurement.services.packet_files import Packet, PacketSection, packet_pdf, packet_xlsx

MONTHS_NOT_MEETING = 3
TYPES = {"pdf": "application/pdf",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def commission_packet(*, jurisdiction: Jurisdiction, date_from: dt.date,
                      date_to: dt.date) -> Packet:
    at = _end_of(date_to)
    projects = list(Project.objects.filter(jurisdiction=jurisdiction, monitored=True,
                                           starts_on__lte=date_to))
    grade_words = dict(Grade.choices)
    streaks, history_rows, late_rows = [], [], []
    for project in projects:
        history = grade_history(project, at=at)  # newest month first
        run = 0
        for grade in history:
            if grade.grade != Grade.NOT_MEETING:
                break
            run += 1
        if run >= MONTHS_NOT_MEETING:
            efforts = GoodFaithEffort.objects.filter(project=project,
                                                     recorded_at__lte=at).count()
            streaks.append((project.name, project.neighbourhood, run,
                            history[run - 1].month.strftime("%Y-%m"),
                            history[0].month.strftime("%Y-%m"), efforts))
        for grade in reversed(history):
            if grade.month >= date_from and grade.month.replace(day=1) <= date_to:
                history_rows.append((project.name, grade.month.strftime("%Y-%m"),
                                     str(grade_words.get(grade.grade, grade.grade)),
                                     str(grade_words.get(grade.recent_grade,
                                                         grade.recent_grade)),
                                     timezone.localtime(grade.graded_at).date()))
        for contract in project_contracts(project):
            for period in contract_due_periods(contract=contract, today=date_to,
                                               reports=contract.current_reports):
                if not date_from <= period.due_date <= date_to:
                    continue
                signed = period.submission if period.done else None
                filed_on = (timezone.localtime(signed.attested_at).date()
                            if signed is not None and signed.attested_at else None)
                if signed is not None and filed_on is not None and filed_on <= period.due_date:
                    continue
                late_rows.append((project.name, contract.tier, str(contract.vendor),
                                  contract.number, period.period_end, period.due_date,
                                  filed_on or _("not filed"),
                                  ((filed_on or date_to) - period.due_date).days))
    late_rows.sort(key=lambda row: (row[0], row[1], row[2], row[4]))
    waivers = (Review.objects.filter(decision=Decision.WAIVE,
                                     submission__jurisdiction=jurisdiction,
                                     decided_at__gte=_end_of(date_from - dt.timedelta(days=1)),
                                     decided_at__lte=at,
                                     submission__status__in=SIGNED_STATUSES)
               .select_related("submission__vendor", "submission__contract", "decided_by")
               .order_by("decided_at"))
    waiver_rows = tuple((timezone.localtime(r.decided_at).date(), str(r.submission.vendor),
                         r.submission.contract.number if r.submission.contract else "",
                         r.submission.period_end, r.get_reason_code_display() or "",
                         r.note, r.decided_by.get_username()) for r in waivers)
    return Packet(
        title=_("Employment commission packet"), jurisdiction=jurisdiction.name,
        date_from=date_from, date_to=date_to, generated_at=timezone.localtime(),
        sections=(
            PacketSection(
                _("Projects not meeting goals for three months or more"),
                _("Consecutive months graded \"not meeting\" up to the range's end, as the "
                  "grades stood then."),
                (_("Project"), _("Neighbourhood"), _("Months not meeting"), _("Since"),
                 _("Latest month"), _("Good-faith efforts logged")),
                tuple(streaks), _("No project has gone three months without meeting its "
                                  "goals.")),
            PacketSection(
                _("Late filers by tier"),
                _("Reporting periods due in the range and not filed by their due date (tier "
                  "0 is the general contractor)."),
                (_("Project"), _("Tier"), _("Contractor"), _("Contract"), _("Period ending"),
                 _("Due"), _("Filed"), _("Days late")),
                tuple(late_rows), _("Every report due in the range was filed on time.")),
            PacketSection(
                _("Waivers granted"), _("Each waiver with the reason the officer gave."),
                (_("Date"), _("Contractor"), _("Contract"), _("Period ending"), _("Reason"),
                 _("Note"), _("Officer")),
                waiver_rows, _("No waivers were granted in the range.")),
            PacketSection(
                _("Grades' history"),
                _("Each month's grade as it stood at the range's end: the whole project, and "
                  "its last three months."),
                (_("Project"), _("Month"), _("Grade"), _("Last three months"), _("Graded on")),
                tuple(history_rows), _("No month was graded in the range.")),
        ))


def commission_packet_file(*, user: AbstractBaseUser, date_from: dt.date, date_to: dt.date,
                           fmt: str) -> tuple[bytes, str, str]:
    """The packet for the officer's jurisdiction as (content, content type, file name)."""
    scope = user_scope(user)
    if scope.role not in (Role.OFFICER, Role.ADMIN) or fmt not in TYPES:
        raise PermissionDenied(_("The commission packet is for the city's officers."))
    jurisdiction = (Jurisdiction.objects.get(pk=scope.jurisdiction_id)
                    if scope.jurisdiction_id else Jurisdiction.objects.order_by("pk").first())
    if jurisdiction is None:
        raise PermissionDenied(_("No jurisdiction to write a packet for."))
    packet = commission_packet(jurisdiction=jurisdiction, date_from=date_from,
                               date_to=date_to)
    content = packet_pdf(packet) if fmt == "pdf" else packet_xlsx(packet)
    name = f"commission-packet-{jurisdiction.code}-{date_from:%Y%m%d}-{date_to:%Y%m%d}.{fmt}"
    return content, TYPES[fmt], name
