"""A reviewer's sign-off of a translation (procurement.translations reads the states)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from procurement.models import TranslationReview
from procurement.services.audit import audit_record
from procurement.translations import checksum, entries, may_review


def translation_sign_off(*, acting_user: AbstractBaseUser, language: str, document: str,
                         read_every_entry: bool, note: str = "") -> TranslationReview:
    """A reviewer signs off the document as read today (audited). Refused while an entry is
    untranslated: a draft with holes is not a reviewed translation."""
    if not may_review(acting_user, language):
        raise PermissionDenied(_("Only a reviewer the city named for this language signs "
                                 "off its translations."))
    if not read_every_entry:
        raise ValidationError(_("Tick the box to say you read every entry."))
    rows = entries(language, document)
    missing = sum(1 for row in rows if not row[2])
    if not rows or missing:
        raise ValidationError(_("%(count)s entries have no translation yet: translate them "
                                "before signing off.") % {"count": missing})
    with transaction.atomic():
        review = TranslationReview.objects.create(
            language=language, document=document, checksum=checksum(rows), entries=len(rows),
            reviewer=acting_user, note=note.strip())
        audit_record(actor=acting_user, action="translation.signed-off", obj=review,
                     after={"language": language, "document": document,
                            "entries": len(rows), "checksum": review.checksum})
    return review
