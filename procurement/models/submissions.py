from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from procurement.models.people import Vendor


class SubmissionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSING = "processing", _("Processing")
    CHECKED = "checked", _("Checked")
    FAILED = "failed", _("Failed")


class Submission(models.Model):
    """An uploaded report and the result of checking it against its standards."""

    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="submissions")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="submissions")
    standards = models.JSONField(help_text="Codes of the standards the file is checked against.")
    original_filename = models.CharField(max_length=255)
    file = models.FileField(upload_to="submissions/%Y/%m/")
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the uploaded bytes.")
    size = models.PositiveBigIntegerField()
    status = models.CharField(max_length=20, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.RECEIVED)
    report = models.JSONField(null=True, blank=True)
    error_message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["vendor", "-created_at"], name="submission_vendor_recent"),
            models.Index(fields=["status"], name="submission_status"),
        ]

    def __str__(self) -> str:
        return f"Submission {self.pk} ({self.original_filename})"
