"""E-mail to vendors and officers through Django's backend (the console by default)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from procurement.models import Review, Role, Submission


def _vendor_addresses(vendor_id: int) -> list[str]:
    users = get_user_model().objects.filter(profile__role=Role.VENDOR,
                                            profile__vendor_id=vendor_id, is_active=True)
    return [user.email for user in users if user.email]


def _submission_url(submission: Submission) -> str:
    return f"{settings.GOODBID_BASE_URL}/submissions/{submission.pk}/"


def notify_decision(review: Review) -> int:
    submission = review.submission
    recipients = _vendor_addresses(submission.vendor_id)
    if not recipients:
        return 0
    subject = _("GoodBid: decision on your report %(file)s") % {
        "file": submission.original_filename}
    lines = [_("The city reviewed your report %(file)s (version %(version)d).") % {
        "file": submission.original_filename, "version": submission.version},
        _("Decision: %(decision)s.") % {"decision": review.get_decision_display()}]
    if review.decision == "request_correction":
        lines.append(_("This is a 'not yet', not a rejection: please correct the report and "
                       "upload the new version by %(due)s.") % {"due": review.due_date})
        if submission.jurisdiction.help_contact:
            lines.append(_("Help: %(help)s") % {"help": submission.jurisdiction.help_contact})
    if review.note:
        lines.append(_("Officer's note: %(note)s") % {"note": review.note})
    lines.append(_("See the details and what to fix: %(url)s") % {
        "url": _submission_url(submission)})
    return send_mail(subject, "\n\n".join(lines), None, recipients)


def notify_reports_due(*, vendor_id: int, contract_number: str,
                       periods: list[tuple[object, object, bool]]) -> int:
    """One e-mail per contract listing each open period: (period end, due date, overdue)."""
    recipients = _vendor_addresses(vendor_id)
    if not recipients or not periods:
        return 0
    overdue = [p for p in periods if p[2]]
    if overdue:
        subject = _("GoodBid: %(count)d report(s) overdue for contract %(number)s") % {
            "count": len(overdue), "number": contract_number}
    else:
        subject = _("GoodBid: report due for contract %(number)s") % {"number": contract_number}
    lines = [(_("Overdue: the report for the period ending %(period)s was due on %(due)s.")
              if late else
              _("Due: the report for the period ending %(period)s, by %(due)s."))
             % {"period": period_end, "due": due_date}
             for period_end, due_date, late in periods]
    lines.append(_("Upload the reports at %(url)s. A late report is still accepted; if "
                   "something stops you from filing, tell the city's office.") % {
                       "url": settings.GOODBID_BASE_URL + "/"})
    return send_mail(subject, "\n".join(lines), None, recipients)
