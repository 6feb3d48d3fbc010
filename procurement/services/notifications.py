"""E-mail to vendors through Django's backend (the console by default), each user in the
language they chose (their profile), whoever triggered it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from procurement.i18n import period_words
from procurement.models import Review, Role, Submission, TranslatedDocument
from procurement.translations import is_machine_draft


def _vendor_addresses(vendor_id: int) -> dict[str, list[str]]:
    """The vendor's users' addresses by the language each chose."""
    users = (get_user_model().objects.filter(profile__role=Role.VENDOR,
                                             profile__vendor_id=vendor_id, is_active=True)
             .exclude(email="").values_list("email", "profile__language"))
    by_language: dict[str, list[str]] = {}
    for email, language in users:
        by_language.setdefault(language or settings.LANGUAGE_CODE, []).append(email)
    return by_language


def _send(by_language: dict[str, list[str]], compose) -> int:
    """One e-mail per language; `compose()` returns (subject, body) in the active one. A
    translation no reviewer has signed off says so, and the English text follows it."""
    sent = 0
    for language, recipients in by_language.items():
        with translation.override(language):
            subject, body = compose()
            draft = is_machine_draft(language, TranslatedDocument.CORRECTION_EMAIL)
            if draft:
                note = _("This message is a machine translation the city has not checked "
                         "yet. The English text follows it.")
        if draft:
            with translation.override("en"):
                _subject, english = compose()
            body = f"{note}\n\n{body}\n\n---\n\n{english}"
        sent += send_mail(subject, body, None, recipients)
    return sent


def _submission_url(submission: Submission) -> str:
    return f"{settings.GOODBID_BASE_URL}/submissions/{submission.pk}/"


def notify_decision(review: Review) -> int:
    submission = review.submission
    return _send(_vendor_addresses(submission.vendor_id),
                 lambda: _decision_mail(review, submission))


def _decision_mail(review: Review, submission: Submission) -> tuple[str, str]:
    subject = _("GoodBid: decision on your report %(file)s") % {
        "file": submission.original_filename}
    lines = [_("The city reviewed your report %(file)s (version %(version)d).") % {
        "file": submission.original_filename, "version": submission.version},
        _("Decision: %(decision)s.") % {"decision": submission.status_text}]
    if review.decision == "request_correction":
        lines.append(_("This is a 'not yet', not a rejection: please correct the report and "
                       "upload the new version by %(due)s.") % {
                           "due": date_format(review.due_date)})
        if submission.jurisdiction.help_contact:
            lines.append(_("Help: %(help)s") % {
                "help": submission.jurisdiction.help_contact_in(translation.get_language())})
    if review.note:
        lines.append(_("Officer's note: %(note)s") % {"note": review.note})
    lines.append(_("See the details and what to fix: %(url)s") % {
        "url": _submission_url(submission)})
    return subject, "\n\n".join(lines)


def notify_reports_due(*, vendor_id: int, contract_number: str,
                       periods: list[tuple[object, object, object, bool]]) -> int:
    """One e-mail per contract listing each open period: (first day, last day, due date,
    overdue)."""
    if not periods:
        return 0
    return _send(_vendor_addresses(vendor_id),
                 lambda: _due_mail(contract_number, periods))


def _due_mail(contract_number: str, periods: list[tuple[object, object, object, bool]]
              ) -> tuple[str, str]:
    overdue = [p for p in periods if p[3]]
    if overdue:
        subject = _("GoodBid: %(count)d report(s) overdue for contract %(number)s") % {
            "count": len(overdue), "number": contract_number}
    else:
        subject = _("GoodBid: report due for contract %(number)s") % {"number": contract_number}
    lines = [(_("Overdue: the report for %(period)s was due on %(due)s.")
              if late else
              _("Due: the report for %(period)s, by %(due)s."))
             % {"period": period_words(period_start, period_end), "due": date_format(due_date)}
             for period_start, period_end, due_date, late in periods]
    lines.append(_("Upload the reports at %(url)s. A late report is still accepted; if "
                   "something stops you from filing, tell the city's office.") % {
                       "url": settings.GOODBID_BASE_URL + "/"})
    return subject, "\n".join(lines)
