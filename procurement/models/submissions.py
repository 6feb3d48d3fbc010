from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from procurement.models.contracts import Contract
from procurement.models.people import Jurisdiction, Vendor


class SubmissionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSING = "processing", _("Checking")
    CHECKED = "checked", _("Checked")
    FAILED = "failed", _("Could not be checked")
    SUBMITTED = "submitted", _("Submitted for review")
    ACCEPTED = "accepted", _("Accepted")
    CORRECTION_REQUESTED = "correction_requested", _("Not yet: correction requested")
    WAIVED = "waived", _("Waived")
    ESCALATED = "escalated", _("Escalated")
    SUPERSEDED = "superseded", _("Replaced by a newer version")


# A report the vendor has signed and submitted to the city, wherever review has taken it.
SIGNED_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.ESCALATED,
                   SubmissionStatus.CORRECTION_REQUESTED, SubmissionStatus.ACCEPTED,
                   SubmissionStatus.WAIVED)

# The one status vocabulary a person reads, on pages, in the API (`state`, `status_text`)
# and in e-mail: what the report is, not how far the machinery got.
STATE_TEXT = {
    "checking": _("Being checked"),
    "unreadable": _("Could not be read"),
    "problems": _("Has problems to fix"),
    "violations": _("Checked, violations found"),
    "no_violations": _("Checked, no violations"),
    "submitted": _("Signed and submitted"),
    "correction_requested": _("Correction requested"),
    "accepted": _("Accepted"),
    "waived": _("Waived"),
    "superseded": _("Replaced by a newer version"),
}


class Submission(models.Model):
    """One version of an uploaded report. A correction is a new version; nothing is deleted."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT,
                                     related_name="submissions")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="submissions")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="submissions")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="submissions")
    report_type = models.CharField(max_length=40)
    standards = models.JSONField(help_text="Codes of the standards the file is checked against.")
    period_end = models.DateField(null=True, blank=True,
                                  help_text="Last day of the reporting period covered.")
    pay_period_end = models.DateField(
        null=True, blank=True,
        help_text="The pay period's last day as the vendor gave it, for a file that does not "
                  "say which pay period it covers (checked with the file).")
    version = models.PositiveIntegerField(default=1)
    supersedes = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="superseded_by")
    original_filename = models.CharField(max_length=255)
    file = models.FileField(upload_to="submissions/%Y/%m/", blank=True)
    file_purged_at = models.DateTimeField(
        null=True, blank=True, help_text="When the raw upload was deleted under the retention "
                                         "policy; findings and the audit trail stay.")
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the uploaded bytes.")
    size = models.PositiveBigIntegerField()
    status = models.CharField(max_length=30, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.RECEIVED)
    progress = models.PositiveSmallIntegerField(default=0)
    error_message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    attested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="attestations")
    attested_name = models.CharField(max_length=200, blank=True)
    attested_title = models.CharField(max_length=200, blank=True)
    attestation_statement = models.TextField(blank=True)
    attested_at = models.DateTimeField(null=True, blank=True)
    current_run = models.ForeignKey("EvaluationRun", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["vendor", "-created_at"], name="submission_vendor_recent"),
            models.Index(fields=["jurisdiction", "status", "created_at"],
                         name="submission_queue"),
        ]

    def __str__(self) -> str:
        return f"Submission {self.pk} v{self.version} ({self.original_filename})"

    @property
    def state(self) -> str:
        """The status as a person reads it (STATE_TEXT): an unsigned report says what its
        check found; a signed one where review has taken it."""
        status = self.status
        if status in (SubmissionStatus.RECEIVED, SubmissionStatus.PROCESSING):
            return "checking"
        if status in (SubmissionStatus.SUBMITTED, SubmissionStatus.ESCALATED):
            return "submitted"
        if status != SubmissionStatus.CHECKED:
            return "unreadable" if status == SubmissionStatus.FAILED else status
        run = self.current_run
        if run is None or run.rejected:
            return "unreadable"
        if not run.valid or run.rows_accepted == 0:
            return "problems"
        return "violations" if run.violation_count else "no_violations"

    @property
    def status_text(self) -> str:
        return str(STATE_TEXT[self.state])


class EvaluationRun(models.Model):
    """One check of a submission: its report, issues and findings, never edited afterwards.
    Findings are stored once, in `findings_file`; issues are a sample per kind in `report`
    with their true counts."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="runs")
    number = models.PositiveIntegerField()
    fingerprint = models.CharField(max_length=64,
                                   help_text="Hash of the file and the standards data used.")
    # The counts, summaries and first page of findings; every finding is in findings_file
    # (procurement.services.findings), read a page at a time.
    report = models.JSONField()
    findings_file = models.CharField(max_length=200, blank=True,
                                     help_text="The run's findings (Parquet) in storage.")
    evidence = models.JSONField(default=dict, blank=True)
    rows_file = models.CharField(
        max_length=200, blank=True,
        help_text="The accepted rows a construction project reads (Parquet) in storage.")
    valid = models.BooleanField()
    rejected = models.BooleanField(default=False)
    rows_read = models.PositiveIntegerField()
    rows_accepted = models.PositiveIntegerField()
    violation_count = models.PositiveIntegerField(default=0)
    shortfall_count = models.PositiveIntegerField(default=0)
    notice_count = models.PositiveIntegerField(default=0)
    issue_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="unique_run_number"),
            models.UniqueConstraint(fields=["submission", "fingerprint"],
                                    name="unique_run_fingerprint"),
        ]

    def __str__(self) -> str:
        return f"Run {self.number} of submission {self.submission_id}"


class ColumnMapping(models.Model):
    """A vendor's own header text mapped once to a canonical field, reused on every upload."""

    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="column_mappings")
    report_type = models.CharField(max_length=40)
    header = models.CharField(max_length=200, help_text="The header as the vendor writes it.")
    field = models.CharField(max_length=60)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["vendor", "report_type", "header"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "report_type", "header"],
                                    name="unique_vendor_header"),
        ]

    def __str__(self) -> str:
        return f"{self.header} -> {self.field}"
