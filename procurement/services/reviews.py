"""Officer decisions on submitted reports."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procurement.models import Decision, Review, Role, Submission, SubmissionStatus, WaiverReason
from procurement.services.audit import audit_record
from procurement.services.errors import ServiceError
from procurement.services.notifications import notify_decision

REVIEWABLE = {SubmissionStatus.SUBMITTED, SubmissionStatus.ESCALATED}
STATUS_AFTER = {
    Decision.ACCEPT: SubmissionStatus.ACCEPTED,
    Decision.REQUEST_CORRECTION: SubmissionStatus.CORRECTION_REQUESTED,
    Decision.WAIVE: SubmissionStatus.WAIVED,
    Decision.ESCALATE: SubmissionStatus.ESCALATED,
}


def review_create(*, submission: Submission, acting_user: AbstractBaseUser, decision: str,
                  note: str = "", reason_code: str = "",
                  due_date: dt.date | None = None) -> Review:
    """Record an officer's decision. The caller has checked the officer may see `submission`."""
    profile = getattr(acting_user, "profile", None)
    if not acting_user.is_superuser and (profile is None or profile.role not in (
            Role.OFFICER, Role.ADMIN)):
        raise ServiceError("review.not-an-officer",
                           _("Only procurement officers can decide on a report."), status=403)
    if decision not in Decision.values:
        raise ServiceError("review.unknown-decision",
                           _("Choose one of: %(choices)s.") % {
                               "choices": ", ".join(Decision.values)})
    note = note.strip()
    if decision == Decision.WAIVE:
        if reason_code not in WaiverReason.values:
            raise ServiceError("review.waiver-needs-reason",
                               _("A waiver needs a reason code: %(choices)s.") % {
                                   "choices": ", ".join(WaiverReason.values)})
        if not note:
            raise ServiceError("review.waiver-needs-note",
                               _("Explain the waiver in the note: it is kept with the record."))
    else:
        reason_code = ""
    if decision == Decision.REQUEST_CORRECTION:
        if due_date is None:
            raise ServiceError("review.correction-needs-due-date",
                               _("Give the vendor a due date for the correction."))
        if due_date < timezone.localdate():
            raise ServiceError("review.due-date-in-past",
                               _("The due date must be today or later."))
    else:
        due_date = None
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status not in REVIEWABLE:
            raise ServiceError("review.not-reviewable",
                               _("This report is '%(status)s': only submitted or escalated "
                                 "reports can be decided.") % {
                                   "status": locked.get_status_display()}, status=409)
        review = Review.objects.create(submission=locked, decision=decision,
                                       reason_code=reason_code, note=note, due_date=due_date,
                                       decided_by=acting_user)
        before = locked.status
        locked.status = STATUS_AFTER[Decision(decision)]
        locked.save(update_fields=["status"])
        audit_record(actor=acting_user, action=f"review.{decision}", obj=locked,
                     before={"status": before},
                     after={"status": locked.status, "review": review.pk, "note": note,
                            "reason_code": reason_code,
                            "due_date": due_date.isoformat() if due_date else None})
        transaction.on_commit(lambda: notify_decision(review))
    return review
