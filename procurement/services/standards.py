"""Standards in the database: the shipped files mirrored (validated first, all or nothing), and
the dated versions an administrator adds in the application.

Every check applies a standard as its file gives it plus the versions an administrator added
(`standards_in_force`, one query), so a version added in one process is applied by every web
and Celery worker at its next check, without a restart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from imports.codes import Code
from procurement.models import SIGNED_STATUSES, Jurisdiction, Role, Submission, SubmissionStatus
from procurement.models import Standard as StandardRow
from procurement.models import StandardVersion as StandardVersionRow
from procurement.models.standards import VersionOrigin
from procurement.selectors import added_versions, user_scope
from procurement.services.audit import audit_record
from procurement.services.errors import ServiceError
from rules.standards import (
    STANDARDS_DIR,
    Standard,
    StandardError,
    StandardVersion,
    load_standard_file,
    shipped_standards,
    with_added_versions,
)

# The issue a row gets when no version of a standard covers its pay period (rules/check.py).
NO_VERSION_IN_FORCE = Code.NO_VERSION_IN_FORCE.value
BEFORE_FIRST_VERSION = Code.BEFORE_FIRST_VERSION.value
# The issues that leave rows unchecked for want of a version: a new version may cover them.
UNRATED = (NO_VERSION_IN_FORCE, BEFORE_FIRST_VERSION)
# What the standard files call one version (`version_label`), marked for the catalogue so a
# message names it in the reader's language.
VERSION_LABELS = (gettext_noop("rate"), gettext_noop("goal set"), gettext_noop("version"))


def standards_load(*, directory=STANDARDS_DIR) -> list[Standard]:
    """Validate every standard file, then upsert them. A bad file loads nothing. A version an
    administrator added is kept as it is: a file version that shares its label or overlaps its
    dates is an error, and nothing is loaded."""
    standards = [load_standard_file(path) for path in sorted(directory.glob("*.toml"))]
    added = added_versions([standard.code for standard in standards])
    for standard in standards:
        _refuse_clash_with_added(standard, added[standard.code])
    with transaction.atomic():
        for standard in standards:
            row, _created = StandardRow.objects.update_or_create(
                code=standard.code,
                defaults={"title": standard.title, "jurisdiction": standard.jurisdiction,
                          "program": standard.program, "report_type": standard.report_type},
            )
            for version in standard.versions:
                StandardVersionRow.objects.update_or_create(
                    standard=row, version=version.version, origin=VersionOrigin.FILE,
                    defaults={
                        "effective_from": version.effective_from,
                        "effective_to": version.effective_to,
                        "parameters": {name: p.model_dump() for name, p
                                       in version.parameters.items()},
                        "source": version.source,
                        "notes": version.notes,
                    },
                )
    return standards


def _refuse_clash_with_added(standard: Standard, added: list[dict[str, Any]]) -> None:
    if not added:
        return
    labels = {version["version"] for version in added}
    listed = ", ".join(f"{v['version']} (from {v['effective_from']})" for v in added)
    for version in standard.versions:
        if version.version in labels:
            raise StandardError(
                f"{standard.code}.toml: version {version.version} is also a version an "
                f"administrator added in GoodBid ({listed}). Remove it from the file (the "
                f"added version stays in force), or give it another label and dates.")
    try:
        with_added_versions(standard, added, origin=f"{standard.code}.toml")
    except StandardError as error:
        raise StandardError(
            f"{error}. The file clashes with a version an administrator added in GoodBid "
            f"({listed}): end the file's version before the added one starts, or remove it "
            f"from the file.") from error


def version_label(standard: Standard) -> str:
    """What one version of `standard` is called ("rate"), in the reader's language."""
    return _(standard.version_label)


def _refuse_unless_admin(user: AbstractBaseUser) -> None:
    if user_scope(user).role != Role.ADMIN:
        raise ServiceError("standard.not-allowed",
                           _("Only an administrator can add a version of a standard."),
                           status=403)


def _file_standard(code: str) -> Standard:
    standard = shipped_standards().get(code)
    if standard is None:
        raise ServiceError("standard.not-found", _("No such standard."), status=404)
    return standard


def standard_with_added(code: str) -> Standard:
    """The standard `code` (never a variant) with every version administrators added."""
    return with_added_versions(_file_standard(code), added_versions([code])[code],
                               origin=f"{code} (versions added in GoodBid)")


def standard_version_next(*, code: str) -> dict[str, Any]:
    """A draft of the version after the latest one: its dates follow on (a yearly rate gives a
    year), its parameters are the latest's. The figures must come from the city's source."""
    latest = standard_with_added(code).versions[-1]
    starts = ends = None
    if latest.effective_to is not None:
        starts = latest.effective_to + dt.timedelta(days=1)
        years = latest.effective_to.year - latest.effective_from.year
        if years > 0 and starts == _years_later(latest.effective_from, years):
            ends = _years_later(starts, years) - dt.timedelta(days=1)
    return {"version": starts.isoformat() if starts else "", "effective_from": starts,
            "effective_to": ends, "source": "", "notes": "",
            "parameters": {name: p.model_dump(exclude_none=True)
                           for name, p in latest.parameters.items()}}


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _is_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return False
    try:
        return Decimal(str(value).strip()).is_finite()
    except InvalidOperation:
        return False


def _parameters_checked(parameters: Mapping[str, Any], latest: StandardVersion,
                        label: str) -> dict[str, dict[str, Any]]:
    """`parameters` as the latest version's (same names, units and kinds), or a ServiceError
    saying which one differs and how to fix it."""
    missing = sorted(set(latest.parameters) - set(parameters))
    extra = sorted(set(parameters) - set(latest.parameters))
    if missing or extra:
        raise ServiceError(
            "standard-version.parameters-differ",
            _("A new %(label)s has the same parameters as the latest one (%(version)s). "
              "Missing: %(missing)s. Not in the latest %(label)s: %(extra)s. Copy the latest "
              "%(label)s's parameters and change only their values.")
            % {"label": label, "version": latest.version, "missing": ", ".join(missing) or "—",
               "extra": ", ".join(extra) or "—"})
    checked: dict[str, dict[str, Any]] = {}
    for name, before in latest.parameters.items():
        given = parameters[name]
        if not isinstance(given, Mapping) or "value" not in given:
            given = {"value": given, "unit": before.unit}
        unit = given.get("unit", before.unit)
        if unit != before.unit:
            raise ServiceError(
                "standard-version.unit-differs",
                _("'%(name)s' is given in %(unit)s, but the latest %(label)s gives it in "
                  "%(expected)s. Keep the unit and change only the value.")
                % {"name": name, "unit": unit, "label": label, "expected": before.unit})
        value = given["value"]
        if isinstance(value, str):
            value = value.strip()
        if isinstance(before.value, dict) and isinstance(value, dict):
            value = {key: item.strip() if isinstance(item, str) else item
                     for key, item in value.items()}
        numbers_before = (list(before.value.values()) if isinstance(before.value, dict)
                          else [before.value])
        numbers_now = list(value.values()) if isinstance(value, dict) else [value]
        if all(_is_number(v) for v in numbers_before):
            wrong = next((v for v in numbers_now if not _is_number(v)), None)
            if wrong is not None or not numbers_now:
                raise ServiceError(
                    "standard-version.not-a-number",
                    _("'%(name)s' must be a number, like %(example)s; '%(value)s' is not one. "
                      "Write it without a dollar sign, percent sign or thousands separator.")
                    % {"name": name, "example": numbers_before[0], "value": wrong})
        checked[name] = {"value": value, "unit": before.unit,
                         "note": given.get("note", before.note), "per": before.per}
    return checked


def standard_version_add(*, acting_user: AbstractBaseUser, code: str, version: str,
                         effective_from: dt.date, effective_to: dt.date | None, source: str,
                         parameters: Mapping[str, Any], notes: str = "") -> StandardVersionRow:
    """An administrator adds a dated version of a standard (next July's rate, say), validated
    as `load_standards` validates a file and audited. Every later check applies it."""
    _refuse_unless_admin(acting_user)
    file_standard = _file_standard(code)
    label = version_label(file_standard)
    source, notes = source.strip(), notes.strip()
    version = version.strip() or effective_from.isoformat()
    if not source:
        raise ServiceError(
            "standard-version.no-source",
            _("Give the source of the new %(label)s: the city's publication it comes from, "
              "with its title or address and date, so a finding can cite it.")
            % {"label": label})
    with transaction.atomic():
        row = StandardRow.objects.select_for_update().filter(code=code).first()
        if row is None:
            raise ServiceError(
                "standard.not-loaded",
                _("The standard files are not loaded yet: run `manage.py load_standards`, "
                  "then add the %(label)s.") % {"label": label})
        added = added_versions([code])[code]
        current = with_added_versions(file_standard, added, origin=code)
        latest = current.versions[-1]
        for existing in current.versions:
            if existing.version == version:
                raise ServiceError(
                    "standard-version.label-taken",
                    _("A %(label)s named %(version)s is on file already. Name the new one "
                      "after the day it takes effect, for example %(example)s.")
                    % {"label": label, "version": version,
                       "example": effective_from.isoformat()})
            starts_before_it_ends = (existing.effective_to is None
                                     or effective_from <= existing.effective_to)
            ends_after_it_starts = effective_to is None or effective_to >= existing.effective_from
            if starts_before_it_ends and ends_after_it_starts:
                raise ServiceError(
                    "standard-version.overlap",
                    _("The dates overlap the %(label)s %(version)s, which runs from %(start)s "
                      "to %(end)s. A day has one %(label)s: start the new one after "
                      "%(version)s ends, or end it before %(version)s starts.")
                    % {"label": label, "version": existing.version,
                       "start": existing.effective_from.isoformat(),
                       "end": existing.effective_to.isoformat() if existing.effective_to
                       else _("no end date")})
        data = {"version": version, "effective_from": effective_from,
                "effective_to": effective_to, "source": source, "notes": notes,
                "parameters": _parameters_checked(parameters, latest, label)}
        try:
            with_added_versions(file_standard, [*added, data], origin=code)
        except StandardError as error:
            raise ServiceError("standard-version.invalid",
                               _("The %(label)s cannot be added: %(problem)s")
                               % {"label": label, "problem": error}) from error
        parsed = StandardVersion.model_validate(data)
        added_row = StandardVersionRow.objects.create(
            standard=row, version=version, effective_from=effective_from,
            effective_to=effective_to, source=source, notes=notes,
            parameters={name: p.model_dump() for name, p in parsed.parameters.items()},
            origin=VersionOrigin.ADMIN, added_by=acting_user, added_at=timezone.now())
        audit_record(actor=acting_user, action="standard.version-added", obj=added_row,
                     jurisdiction_id=_jurisdiction_id(file_standard),
                     after={"standard": code, "version": version,
                            "effective_from": effective_from.isoformat(),
                            "effective_to": effective_to.isoformat() if effective_to else None,
                            "source": source,
                            "parameters": {name: p.value for name, p
                                           in parsed.parameters.items()}})
    return added_row


def _jurisdiction_id(standard: Standard) -> int | None:
    return Jurisdiction.objects.filter(code=standard.jurisdiction) \
        .values_list("pk", flat=True).first()


@dataclass(frozen=True)
class VersionRecheck:
    """What re-checking the reports a new version covers did."""

    rechecked: int  # unsigned reports queued for a new check
    signed: int  # signed reports with rows in the version's dates, left as signed
    without_file: int  # unsigned reports whose file was deleted: cannot be checked again


def _rows_in(report: Mapping[str, Any], version: StandardVersionRow) -> bool:
    """Whether the run's report left rows unchecked, for want of a version, in `version`'s
    dates. The report keeps a sample of those rows: when some were left out, assume so."""
    unrated = [issue for issue in report.get("issues", [])
               if issue.get("code") in UNRATED]
    counts = report.get("issue_counts", {})
    if sum(counts.get(code, 0) for code in UNRATED) > len(unrated):
        return True
    for issue in unrated:
        try:
            day = dt.date.fromisoformat(str(issue.get("value")))
        except ValueError:
            continue
        if version.effective_from <= day and (version.effective_to is None
                                              or day <= version.effective_to):
            return True
    return False


def submissions_covered(*, code: str, version: StandardVersionRow) -> QuerySet[Submission]:
    """Latest reports checked against `code` whose run left rows in `version`'s dates
    unchecked (no version was on file for them then)."""
    candidates = Submission.objects.filter(
        Q(current_run__report__issue_counts__has_key=NO_VERSION_IN_FORCE)
        | Q(current_run__report__issue_counts__has_key=BEFORE_FIRST_VERSION),
        status__in=[SubmissionStatus.CHECKED, *SIGNED_STATUSES],
    ).select_related("current_run").only("pk", "standards", "current_run__report")
    covered = [submission.pk for submission in candidates.iterator(chunk_size=200)
               if any(c.partition(":")[0] == code for c in submission.standards)
               and _rows_in(submission.current_run.report, version)]
    return Submission.objects.filter(pk__in=covered)


def standard_version_recheck(*, acting_user: AbstractBaseUser, code: str,
                             version: str) -> VersionRecheck:
    """Check again every unsigned report with rows the version now covers. A signed report is
    the vendor's signed record: it is counted, not checked again."""
    from procurement.services.submissions import submission_recheck

    _refuse_unless_admin(acting_user)
    row = StandardVersionRow.objects.filter(standard__code=code, version=version).first()
    if row is None:
        raise ServiceError("standard-version.not-found", _("No such version."), status=404)
    covered = list(submissions_covered(code=code, version=row))
    unsigned = [s for s in covered if s.status == SubmissionStatus.CHECKED]
    with transaction.atomic():
        rechecked = 0
        for submission in unsigned:
            if submission.file:
                submission_recheck(submission=submission, acting_user=acting_user)
                rechecked += 1
        result = VersionRecheck(rechecked=rechecked, signed=len(covered) - len(unsigned),
                                without_file=len(unsigned) - rechecked)
        audit_record(actor=acting_user, action="standard.version-recheck", obj=row,
                     jurisdiction_id=_jurisdiction_id(_file_standard(code)),
                     after={"standard": code, "version": version,
                            "rechecked": result.rechecked, "signed": result.signed,
                            "without_file": result.without_file})
    return result


def standard_version_rows(*, code: str | None = None) -> QuerySet[StandardVersionRow]:
    """Every version on file, with who added it, oldest first per standard."""
    rows = StandardVersionRow.objects.select_related("standard", "added_by") \
        .order_by("standard__code", "effective_from")
    return rows.filter(standard__code=code) if code else rows
