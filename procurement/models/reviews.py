from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from procurement.models.people import Jurisdiction, Vendor
from procurement.models.submissions import Submission


class Decision(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REQUEST_CORRECTION = "request_correction", _("Request a correction")
    WAIVE = "waive", _("Waive")
    ESCALATE = "escalate", _("Escalate")


class WaiverReason(models.TextChoices):
    GOOD_FAITH = "good_faith_effort", _("Good-faith efforts documented")
    HARDSHIP = "hardship", _("Hardship waiver granted")
    NOT_COVERED = "not_covered", _("Work not covered by the standard")
    DATA_CORRECTED = "data_corrected_by_city", _("Data error corrected by the city")
    OTHER = "other", _("Other (explained in the note)")


class Review(models.Model):
    """An officer's decision on a submission. A new decision is a new row."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="reviews")
    decision = models.CharField(max_length=30, choices=Decision.choices)
    reason_code = models.CharField(max_length=40, choices=WaiverReason.choices, blank=True)
    note = models.TextField(blank=True)
    due_date = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="reviews")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} on submission {self.submission_id}"


class AuditEvent(models.Model):
    """Who did what, when, with the state before and after; written in the same transaction."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="audit_events")
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, null=True,
                                     blank=True)
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, null=True, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["jurisdiction", "-at"], name="audit_jurisdiction_recent"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"


class ApiTokenStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class ApiTokenQuerySet(models.QuerySet):
    def with_status(self, status: ApiTokenStatus, at: dt.datetime) -> ApiTokenQuerySet:
        """The tokens whose `ApiToken.status(at)` is `status`."""
        if status == ApiTokenStatus.REVOKED:
            return self.filter(revoked_at__isnull=False)
        if status == ApiTokenStatus.EXPIRED:
            return self.filter(revoked_at__isnull=True, expires_at__lte=at)
        return self.filter(revoked_at__isnull=True, expires_at__gt=at)

    def usable(self, at: dt.datetime) -> ApiTokenQuerySet:
        """Tokens that authenticate at `at`: neither revoked nor expired."""
        return self.with_status(ApiTokenStatus.ACTIVE, at)


class ApiToken(models.Model):
    """A token for machine clients (a payroll system). Only its SHA-256 is stored. Every token
    expires: a forgotten key stops working on its own."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}...)"

    def status(self, at: dt.datetime) -> ApiTokenStatus:
        """Revoked wins over expired: a revocation is the decision someone took."""
        if self.revoked_at is not None:
            return ApiTokenStatus.REVOKED
        if self.expires_at <= at:
            return ApiTokenStatus.EXPIRED
        return ApiTokenStatus.ACTIVE
