"""Translations signed off by a reviewer the city names: a language's whole catalogue, or one
vital document in it. A sign-off holds the checksum of the entries it read, so an entry
changed afterwards puts the document back to "machine draft" until it is read again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslatedDocument(models.TextChoices):
    CATALOGUE = "catalogue", _("Every page, message and export")
    DEFICIENCY_NOTICE = "deficiency-notice", _("The deficiency notice")
    COMPLIANCE_LETTER = "compliance-letter", _("The compliance letter")
    CORRECTION_EMAIL = "correction-email", _("The correction-request e-mail")
    TEMPLATE_INSTRUCTIONS = "template-instructions", _("The templates' instructions")


class TranslationReview(models.Model):
    """A reviewer's sign-off of one document in one language. Never edited: a new sign-off
    is a new row; the newest whose checksum matches the catalogue today decides."""

    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    document = models.CharField(max_length=40, choices=TranslatedDocument.choices)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the entries read.")
    entries = models.PositiveIntegerField()
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["language", "document", "-signed_at"]

    def __str__(self) -> str:
        return f"{self.language} {self.document} signed off {self.signed_at:%Y-%m-%d}"
