"""The remedy: back pay shown paid, and the vendor's answers to the city's requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from procurement.models.people import Jurisdiction, Vendor
from procurement.models.reviews import Review
from procurement.models.submissions import Submission


class PaymentStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded, waiting for the city to confirm")
    CONFIRMED = "confirmed", _("Confirmed by the city")
    DISPUTED = "disputed", _("Disputed by the city")


class BackPayment(models.Model):
    """Back pay the vendor says it paid one worker, for an officer to confirm or dispute.
    Never edited: a correction is a new payment; the officer's decision is recorded on it."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT,
                                   related_name="back_payments",
                                   help_text="The version of the report it was recorded on.")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="back_payments")
    worker = models.CharField(max_length=200, help_text="As the report's findings name them.")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    paid_on = models.DateField()
    proof = models.FileField(upload_to="back-pay/%Y/%m/", blank=True)
    proof_name = models.CharField(max_length=255, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=PaymentStatus.choices,
                              default=PaymentStatus.RECORDED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        indexes = [models.Index(fields=["submission", "worker"], name="payment_report_worker")]

    def __str__(self) -> str:
        return f"${self.amount} to {self.worker} on {self.paid_on}"


class ReportReply(models.Model):
    """The vendor's answer to an officer's correction request, kept with the request."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="replies")
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="replies")
    text = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"Reply to review {self.review_id}"
