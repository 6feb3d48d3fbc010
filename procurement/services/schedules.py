"""Prevailing wage schedules in the application: adding a version from a determination's text
or a state schedule's CSV, naming a contract's schedule, and the version in force for a
report (fixed at award, or updated on each anniversary of the contract).

The figures are read by rules.schedules (pure); this module keeps what was given, refuses an
edit of a version on file (a revision is a new modification), and audits every write."""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from functools import lru_cache
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from procurement.models import (
    Contract,
    Role,
    ScheduleUpdates,
    WageSchedule,
    WageScheduleVersion,
)
from procurement.selectors import user_scope
from procurement.services.audit import audit_record
from procurement.services.errors import ServiceError
from rules.schedules import (
    MAX_SCHEDULE_BYTES,
    Schedule,
    ScheduleError,
    read_schedule,
    schedule_text,
)

# A state schedule is updated on each anniversary of the contract (M.G.L. c.149 s.27, and
# Boston's building-service contracts); a federal determination is fixed at award.
DEFAULT_UPDATES = {"massachusetts": ScheduleUpdates.ANNIVERSARY}


def _refuse_unless_admin(user: AbstractBaseUser) -> None:
    if user_scope(user).role != Role.ADMIN:
        raise ServiceError("schedule.not-allowed",
                           _("Only an administrator can add a prevailing wage schedule."),
                           status=403)


def schedule_read(content: bytes, filename: str) -> Schedule:
    """The schedule in a determination's text or a state schedule's CSV; a ServiceError
    (400) that says what is wrong and where, never a traceback."""
    try:
        return read_schedule(content, filename)
    except ScheduleError as error:
        raise ServiceError("schedule.unreadable", str(error), status=400) from error
    except (ValueError, UnicodeError, ArithmeticError) as error:  # pragma: no cover - fuzzed
        raise ServiceError("schedule.unreadable",
                           _("GoodBid could not read this schedule. Give the wage "
                             "determination's text as SAM.gov publishes it, or the state "
                             "schedule in GoodBid's CSV template.")) from error


def schedule_version_add(*, acting_user: AbstractBaseUser | None, content: bytes,
                         filename: str, updates: str | None = None, example: bool = False,
                         check_permission: bool = True) -> WageScheduleVersion:
    """Add a schedule's version from its text or CSV. The same version given again is the
    version on file; the same modification with other figures is refused (a revision is a
    new modification, never an edit)."""
    if check_permission:
        _refuse_unless_admin(acting_user)
    if len(content) > MAX_SCHEDULE_BYTES:
        raise ServiceError("schedule.too-large",
                           _("The schedule is %(size)s bytes; the limit is %(limit)s. Give the "
                             "determination's text or the schedule's CSV, not a whole "
                             "document.") % {"size": f"{len(content):,}",
                                             "limit": f"{MAX_SCHEDULE_BYTES:,}"}, status=413)
    parsed = schedule_read(content, filename)
    text = schedule_text(content)
    checksum = hashlib.sha256(text.encode()).hexdigest()
    if updates is not None and updates not in ScheduleUpdates.values:
        raise ServiceError("schedule.unknown-updates",
                           _("'updates' is 'award' or 'anniversary'."))
    with transaction.atomic():
        schedule, created = WageSchedule.objects.select_for_update().get_or_create(
            number=parsed.number, defaults={
                "kind": parsed.kind, "title": parsed.title[:300],
                "updates": updates or DEFAULT_UPDATES.get(parsed.kind, ScheduleUpdates.AWARD),
                "example": example})
        existing = schedule.versions.filter(modification=parsed.modification).first()
        if existing is not None:
            if existing.checksum == checksum:
                return existing
            raise ServiceError(
                "schedule.version-exists",
                _("%(label)s is on file already, with other figures. A schedule on file is "
                  "never edited: a revision is a new modification (a higher modification or "
                  "revision number).") % {"label": parsed.label}, status=409)
        if not created and updates is not None and updates != schedule.updates:
            schedule.updates = updates
            schedule.save(update_fields=["updates"])
        version = WageScheduleVersion.objects.create(
            schedule=schedule, modification=parsed.modification,
            effective_from=parsed.effective_from, source=parsed.source, filename=filename[:255],
            content=text, checksum=checksum,
            classification_count=len(parsed.classifications),
            added_by=acting_user if acting_user is not None and acting_user.is_authenticated
            else None)
        audit_record(actor=acting_user, action="schedule.version-added", obj=version,
                     after={"number": schedule.number, "modification": version.modification,
                            "effective_from": version.effective_from.isoformat(),
                            "classifications": version.classification_count,
                            "checksum": checksum, "example": schedule.example})
    return version


def schedule_of(version: WageScheduleVersion) -> Schedule:
    """The figures of a version on file (parsed once per process: a version never changes,
    so its checksum names its figures)."""
    return _parsed(version.checksum, version.filename, version.content)


@lru_cache(maxsize=64)
def _parsed(checksum: str, filename: str, content: str) -> Schedule:
    return read_schedule(content.encode(), filename)


def anniversary_on_or_before(awarded: dt.date, day: dt.date) -> dt.date:
    """The contract's last anniversary on or before `day` (the award day itself in the first
    year; February 29 falls on February 28 in other years)."""
    if day <= awarded:
        return awarded
    years = day.year - awarded.year
    for back in (0, 1):
        candidate = _same_day(awarded, awarded.year + years - back)
        if candidate <= day:
            return max(candidate, awarded)
    return awarded  # pragma: no cover - one of the two is always on or before `day`


def _same_day(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # February 29
        return day.replace(year=year, day=28)


def schedule_version_for(*, contract: Contract | None,
                         period_end: dt.date | None) -> WageScheduleVersion | None:
    """The version of the contract's schedule that applies to a report for the period ending
    `period_end`: the version in force on the award day; for a schedule updated on each
    anniversary, the one in force on the last anniversary before the period ends. A schedule
    whose versions all start later (issued for the contract after its award) applies from its
    first version."""
    if contract is None or contract.wage_schedule_id is None:
        return None
    awarded = contract.awarded_on or contract.starts_on
    day = awarded
    if contract.wage_schedule.updates == ScheduleUpdates.ANNIVERSARY and period_end:
        day = anniversary_on_or_before(awarded, period_end)
    versions = WageScheduleVersion.objects.filter(schedule_id=contract.wage_schedule_id)
    return (versions.filter(effective_from__lte=day)
            .order_by("-effective_from", "-modification").first()
            or versions.order_by("effective_from", "modification").first())


def contract_schedule_set(*, contract: Contract, acting_user: AbstractBaseUser,
                          number: str | None, awarded_on: dt.date | None) -> Contract:
    """Name (or clear, with no number) the prevailing wage schedule of a contract, and the
    day it was awarded. An officer of the contract's jurisdiction or an administrator; the
    caller has checked the user may see the contract. Audited; reports already checked are
    checked again only when asked ("Check again")."""
    scope = user_scope(acting_user)
    if scope.role not in (Role.ADMIN, Role.OFFICER):
        raise ServiceError("schedule.not-allowed",
                           _("Only the city's staff can name a contract's prevailing wage "
                             "schedule."), status=403)
    schedule = None
    if number:
        schedule = WageSchedule.objects.filter(number=number.strip()).first()
        if schedule is None:
            raise ServiceError("schedule.not-found",
                               _("No prevailing wage schedule numbered %(number)s is on file. "
                                 "An administrator adds it first (Schedules page).")
                               % {"number": number}, status=404)
    with transaction.atomic():
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        before = {"schedule": locked.wage_schedule.number if locked.wage_schedule else None,
                  "awarded_on": locked.awarded_on.isoformat() if locked.awarded_on else None}
        locked.wage_schedule, locked.awarded_on = schedule, awarded_on
        locked.save(update_fields=["wage_schedule", "awarded_on"])
        audit_record(actor=acting_user, action="contract.schedule-set", obj=locked,
                     before=before,
                     after={"schedule": schedule.number if schedule else None,
                            "awarded_on": awarded_on.isoformat() if awarded_on else None},
                     vendor_id=locked.vendor_id)
    return locked


def schedule_fetch_url(number: str, modification: int | None = None) -> str | None:
    """Where this installation fetches a determination's text by number, or None when it may
    not reach SAM.gov (GOODBID_WAGE_DETERMINATION_URL unset: the default)."""
    template = getattr(settings, "GOODBID_WAGE_DETERMINATION_URL", "") or ""
    if not template:
        return None
    return template.format(number=number.strip().upper(),
                           modification="" if modification is None else modification)


# Fetching a determination by number --------------------------------------------------------

# A general wage determination's number: the state's letters, the year and a serial
# ("CA20250001"). Checked before any request, so nothing else is ever put into the address.
_DETERMINATION_NUMBER = re.compile(r"[A-Z]{2}\d{8}")
FETCH_TIMEOUT_SECONDS = 10
_FETCH_CHUNK_BYTES = 64 * 1024


def schedule_fetch(*, number: str, modification: int | None = None,
                   acting_user: AbstractBaseUser | None = None) -> WageScheduleVersion:
    """Fetch a federal wage determination's text by number (and modification) from the
    address GOODBID_WAGE_DETERMINATION_URL names, and add it as schedule_version_add does: the
    same version fetched again is the version on file. Off unless that setting is set (an
    installation that may not reach SAM.gov pastes the text instead). With an `acting_user`,
    an administrator only; without one (a management command), no permission check.

    The answer is text/plain, or an HTML page with the text in a <pre> block; at most
    MAX_SCHEDULE_BYTES, within FETCH_TIMEOUT_SECONDS. An answer for another determination or
    modification than the one asked for is refused, never stored under the wrong number."""
    template = getattr(settings, "GOODBID_WAGE_DETERMINATION_URL", "") or ""
    if not template:
        raise ServiceError("schedule.fetch-off",
                           _("Fetching a wage determination by number is off on this "
                             "installation. An administrator can set "
                             "GOODBID_WAGE_DETERMINATION_URL to the address of SAM.gov's "
                             "determination text, or paste the determination's text on the "
                             "Schedules page."), status=400)
    if acting_user is not None:
        _refuse_unless_admin(acting_user)
    number = (number or "").strip().upper()
    if not _DETERMINATION_NUMBER.fullmatch(number):
        raise ServiceError("schedule.fetch-bad-number",
                           _("'%(number)s' is not a wage determination number: a number is two "
                             "letters and eight digits, as CA20250001.") % {"number": number},
                           status=400)
    if modification is not None and (isinstance(modification, bool) or modification < 0):
        raise ServiceError("schedule.fetch-bad-modification",
                           _("A modification number is a whole number, 0 or more."), status=400)
    try:
        url = schedule_fetch_url(number, modification) or ""
    except (KeyError, IndexError, ValueError):
        url = ""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ServiceError("schedule.fetch-off",
                           _("GOODBID_WAGE_DETERMINATION_URL is not an http or https address "
                             "with the placeholders {number} and {modification}, so GoodBid "
                             "cannot fetch wage determinations. Correct it, or paste the "
                             "determination's text on the Schedules page."), status=400)
    hint = ""
    if modification is None and "{modification}" in template:
        hint = _("Give the modification number: the address needs one.")
    filename = f"{number}.txt"
    content = _determination_text_at(url, number=number, hint=hint)
    try:
        parsed = schedule_read(content, filename)
    except ServiceError as error:
        raise _fetch_failed(number, url, _("the answer is not a wage determination's text "
                                           "(%(error)s)") % {"error": error.message}) from error
    asked = number if modification is None else f"{number} modification {modification}"
    if parsed.number != number or (modification is not None
                                   and parsed.modification != modification):
        raise ServiceError("schedule.fetch-mismatch",
                           _("The address for %(asked)s answered with %(label)s. Check the "
                             "placeholders {number} and {modification} in "
                             "GOODBID_WAGE_DETERMINATION_URL.")
                           % {"asked": asked, "label": parsed.label}, status=502)
    return schedule_version_add(acting_user=acting_user, content=content, filename=filename,
                                check_permission=acting_user is not None)


def _determination_text_at(url: str, *, number: str, hint: str) -> bytes:
    """The determination's text at `url`: a text answer's body as sent, or the text of an HTML
    page's <pre> block (character references resolved), as UTF-8."""
    # SAM.gov's site API answers 406 to some Accept headers; "*/*" is accepted everywhere.
    request = urllib.request.Request(url, headers={"Accept": "*/*",
                                                   "User-Agent": "GoodBid schedule_fetch"})
    deadline = time.monotonic() + FETCH_TIMEOUT_SECONDS
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
            if response.status != 200:
                raise _fetch_failed(number, url, f"HTTP {response.status} {response.reason}",
                                    hint=hint)
            declared = (response.headers.get("Content-Length") or "").strip()
            if declared.isdigit() and int(declared) > MAX_SCHEDULE_BYTES:
                raise _answer_too_large(number)
            body = _read_capped(response, deadline=deadline, number=number, url=url)
            content_type = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as error:
        error.close()
        raise _fetch_failed(number, url, f"HTTP {error.code} {error.reason}",
                            hint=hint) from error
    except urllib.error.URLError as error:
        raise _fetch_failed(number, url, _network_reason(error.reason)) from error
    except (OSError, http.client.HTTPException) as error:
        raise _fetch_failed(number, url, _network_reason(error)) from error
    if content_type in ("text/html", "application/xhtml+xml") or _looks_like_html(body):
        text = _pre_text(_decoded(body, charset))
        if text is None:
            raise _fetch_failed(number, url, _("the page holds no determination text (no "
                                               "<pre> block)"))
        return text.encode("utf-8")
    return body


def _read_capped(response: http.client.HTTPResponse, *, deadline: float, number: str,
                 url: str) -> bytes:
    """At most MAX_SCHEDULE_BYTES + 1 bytes (one more says the answer is too large), read
    before the deadline: the socket's timeout bounds each read, not a slow trickle."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_SCHEDULE_BYTES:
        chunk = response.read(min(_FETCH_CHUNK_BYTES, MAX_SCHEDULE_BYTES + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if time.monotonic() > deadline:
            raise _fetch_failed(number, url, _network_reason(TimeoutError()))
    if size > MAX_SCHEDULE_BYTES:
        raise _answer_too_large(number)
    return b"".join(chunks)


def _fetch_failed(number: str, url: str, reason: str, *, hint: str = "") -> ServiceError:
    host = urllib.parse.urlsplit(url).hostname or "?"
    message = (_("GoodBid could not fetch wage determination %(number)s from %(host)s: "
                 "%(reason)s.") % {"number": number, "host": host, "reason": reason})
    return ServiceError("schedule.fetch-failed", f"{message} {hint}".strip(), status=502,
                        detail={"number": number, "host": host})


def _answer_too_large(number: str) -> ServiceError:
    return ServiceError("schedule.too-large",
                        _("The answer for wage determination %(number)s is over %(limit)s "
                          "bytes; a determination's text is tens of kilobytes. Check that "
                          "GOODBID_WAGE_DETERMINATION_URL names the determination's text.")
                        % {"number": number, "limit": f"{MAX_SCHEDULE_BYTES:,}"}, status=502)


def _network_reason(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return _("no answer within %(seconds)s seconds") % {"seconds": FETCH_TIMEOUT_SECONDS}
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def _looks_like_html(body: bytes) -> bool:
    return body[:512].lstrip().lower().startswith((b"<!doctype html", b"<html"))


def _decoded(body: bytes, charset: str | None) -> str:
    try:
        return body.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return body.decode("latin-1")


class _PreBlocks(HTMLParser):
    """The text of each <pre> block of a page, character references resolved."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            if not self._depth:
                self.blocks.append([])
            self._depth += 1
        elif tag == "br" and self._depth:
            self.blocks[-1].append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.blocks[-1].append(data)


def _pre_text(page: str) -> str | None:
    """The page's <pre> block that holds a determination (else its first), or None."""
    parser = _PreBlocks()
    parser.feed(page)
    parser.close()
    blocks = ["".join(parts) for parts in parser.blocks]
    if not blocks:
        return None
    text = next((b for b in blocks if "General Decision Number" in b), blocks[0])
    # HTML drops a newline just after <pre>; html.parser keeps it.
    return text[2:] if text.startswith("\r\n") else text[1:] if text.startswith("\n") else text
