"""Wage-theft records from public enforcement sources, the runs that imported them, and the
decisions a person took on each candidate match."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procurement.models import Vendor


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class SourceImport(models.Model):
    """One import of one file from one source (a built-in one or a column mapping file)."""

    source = models.CharField(max_length=60)
    mapping = models.JSONField(help_text="The column mapping as it was applied.")
    path = models.CharField(max_length=500, help_text="The file read (stored copy or path).")
    original_filename = models.CharField(max_length=255)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file.")
    status = models.CharField(max_length=10, choices=RunStatus.choices,
                              default=RunStatus.QUEUED)
    rows_read = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, help_text="A sample of rejected rows and why.")
    message = models.TextField(blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} import {self.pk} ({self.status})"


def clean_case(prefix: str = "") -> Q:
    """The records of clean investigations, as a filter: no violation counted, no violation
    under any statute, no back wages and no penalties.
    A clean case is not wage theft: it is never confirmed as a business's history nor flagged.

    `prefix` reaches the record through a relation: `clean_case("record__")` filters
    decisions. `WageTheftRecord.is_clean` is the same test on one record.
    """
    def lookup(name: str, value: object) -> Q:
        return Q(**{f"{prefix}{name}": value})

    # As the issue of record defines it: no violation, no back wages, no penalties. An
    # employee counted "in violation" beside no violation (it happens in the WHD file) does
    # not make a violation; a statute listed does (an MA citation is one).
    return (lookup("back_wages", 0) & lookup("penalties", 0)
            & lookup("violations_by_statute", {})
            & (lookup("violation_count", 0) | lookup("violation_count__isnull", True)))


class WageTheftRecord(models.Model):
    """One enforcement case (WHD) or citation (MA AG), with its provenance and the
    normalised columns matching reads."""

    source = models.CharField(max_length=60)
    record_key = models.CharField(max_length=120)
    case_id = models.CharField(max_length=120)
    trade_name = models.CharField(max_length=300, blank=True)
    legal_name = models.CharField(max_length=300, blank=True)
    street = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=2, blank=True)
    zip_code = models.CharField(max_length=5, blank=True)
    naics_code = models.CharField(max_length=10, blank=True)
    industry = models.CharField(max_length=200, blank=True)
    findings_start = models.DateField(null=True, blank=True)
    findings_end = models.DateField(null=True, blank=True)
    case_date = models.DateField(null=True, blank=True,
                                 help_text="When the citation was issued (sources without a "
                                           "findings period).")
    back_wages = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    penalties = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    employees_owed = models.PositiveIntegerField(null=True, blank=True)
    employees_violated = models.PositiveIntegerField(null=True, blank=True)
    violation_count = models.PositiveIntegerField(null=True, blank=True)
    violations_by_statute = models.JSONField(default=dict)
    repeat_or_willful = models.CharField(max_length=2, blank=True)
    details = models.JSONField(default=dict)
    # Normalised for matching (procurement.licensing.normalise).
    trade_norm = models.CharField(max_length=300, blank=True)
    legal_norm = models.CharField(max_length=300, blank=True)
    street_norm = models.CharField(max_length=300, blank=True)
    city_norm = models.CharField(max_length=120, blank=True)
    # Provenance.
    source_import = models.ForeignKey(SourceImport, on_delete=models.PROTECT,
                                      related_name="records")
    file_checksum = models.CharField(max_length=64)
    row_number = models.PositiveIntegerField(help_text="The row as a spreadsheet shows it.")
    original_row = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source", "record_key"]
        constraints = [models.UniqueConstraint(fields=["source", "record_key"],
                                               name="licensing_record_source_key")]
        indexes = [models.Index(fields=["zip_code"], name="licensing_record_zip"),
                   models.Index(fields=["state", "city_norm"], name="licensing_record_city")]

    def __str__(self) -> str:
        return f"{self.source} {self.case_id}: {self.legal_name or self.trade_name}"

    @property
    def employer_name(self) -> str:
        if self.trade_name and self.legal_name and self.trade_name != self.legal_name:
            return f"{self.legal_name} (d/b/a {self.trade_name})"
        return self.legal_name or self.trade_name

    @property
    def is_clean(self) -> bool:
        """An investigation that found nothing: the test of CLEAN_CASE on this record."""
        return (not self.violation_count and not self.violations_by_statute
                and self.back_wages == 0 and self.penalties == 0)


CLEAN_CASE = clean_case()


class NameBlock(models.Model):
    """Blocking index: one row per distinct specific word of a record's names, so a screening
    reads only the records sharing a word with the query, never the whole table."""

    token = models.CharField(max_length=60)
    state = models.CharField(max_length=2, blank=True)
    record = models.ForeignKey(WageTheftRecord, on_delete=models.CASCADE,
                               related_name="name_blocks")

    class Meta:
        # Covering: blocking reads record ids by word (and state) from the index alone.
        indexes = [models.Index(fields=["token", "state", "record"],
                                name="licensing_block_word")]

    def __str__(self) -> str:
        return f"{self.token} -> {self.record_id}"


class BlockToken(models.Model):
    """How many records each blocking word picks out, kept by the importer. A screening blocks
    on a query's rarer words and leaves out the ones shared by thousands of records, which
    would bring in thousands of candidates and decide none of them."""

    token = models.CharField(max_length=60, primary_key=True)
    # Not a PositiveIntegerField: SQLite checks a CHECK constraint on the row proposed before
    # ON CONFLICT adds it to the count, and an import chunk can take records away.
    records = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.token}: {self.records} records"


class Verdict(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed: this record is this business")
    REJECTED = "rejected", _("Rejected: a different business")


class CandidateDecision(models.Model):
    """A person's decision that a record is (or is not) the screened business. One current
    decision per business and record; every change is in the audit trail."""

    subject_key = models.CharField(max_length=400)
    subject_name = models.CharField(max_length=300)
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="wage_theft_decisions")
    record = models.ForeignKey(WageTheftRecord, on_delete=models.PROTECT,
                               related_name="decisions")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    note = models.TextField(blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["subject_key", "record"],
                                               name="licensing_decision_subject_record")]
        indexes = [models.Index(fields=["vendor", "verdict"], name="licensing_decision_vendor")]

    def __str__(self) -> str:
        return f"{self.subject_name}: {self.verdict} {self.record_id}"



# Longer than a screening may take (the task time limit): no progress since means trouble.
STALLED_AFTER = dt.timedelta(minutes=15)


class BatchStatus(models.TextChoices):
    RECEIVED = "received", _("Waiting to be screened")
    PROCESSING = "processing", _("Screening")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


def _batch_token() -> str:
    return uuid.uuid4().hex


class ScreeningBatch(models.Model):
    """A list of businesses uploaded to be screened in the background, where its screening
    is (updated in place, one row update at a time) and, once done, its summary; the report
    is its `lines`. Only the person who uploaded it sees it; kept for a day."""

    token = models.CharField(max_length=32, unique=True, default=_batch_token, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    list_file = models.FileField(upload_to="licensing/batches/", max_length=300,
                                 help_text="The list as uploaded.")
    filename = models.CharField(max_length=255, help_text="The list's name as uploaded.")
    file_size = models.PositiveBigIntegerField(help_text="The list's size in bytes.")
    status = models.CharField(max_length=10, choices=BatchStatus.choices,
                              default=BatchStatus.RECEIVED)
    progress = models.PositiveSmallIntegerField(default=0)
    rows_total = models.PositiveIntegerField(help_text="Rows with a name, to screen.")
    rows_done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True, help_text="Why the screening failed.")
    # The summary, written with the lines once the screening is done.
    columns = models.JSONField(default=dict, help_text="Field -> the header as the list has it.")
    rows_screened = models.PositiveIntegerField(default=0)
    rows_with_candidates = models.PositiveIntegerField(default=0)
    rows_without_name = models.PositiveIntegerField(default=0)
    rows_without_name_sample = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(default=timezone.now,
                                      help_text="The last change of status or progress.")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "created_at"], name="licensing_batch_owner")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @property
    def in_progress(self) -> bool:
        return self.status in (BatchStatus.RECEIVED, BatchStatus.PROCESSING)

    @property
    def stalled(self) -> bool:
        """No progress for longer than a screening may take: its worker may have stopped."""
        return self.in_progress and timezone.now() - self.updated_at > STALLED_AFTER


class ScreeningLine(models.Model):
    """One line of a screened list's report: a row of the list and one candidate record, or
    the row alone when it has none. Columns as batch.REPORT_COLUMNS names them.

    The candidate's text columns are null on a row without a candidate, which is not the
    empty text of a record without (say) an address: the report tells the two apart."""

    batch = models.ForeignKey(ScreeningBatch, on_delete=models.CASCADE, related_name="lines")
    row = models.PositiveIntegerField(help_text="The row as a spreadsheet shows it.")
    input_name = models.TextField(blank=True)
    input_other_name = models.TextField(blank=True)
    input_street = models.TextField(blank=True)
    input_city = models.TextField(blank=True)
    input_state = models.TextField(blank=True)
    input_zip_code = models.TextField(blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    offered = models.CharField(max_length=3, null=True, blank=True)  # noqa: DJ001
    reasons = models.TextField(null=True, blank=True)  # noqa: DJ001
    outcome = models.CharField(max_length=60, null=True, blank=True)  # noqa: DJ001
    decision = models.CharField(max_length=10, null=True, blank=True)  # noqa: DJ001
    source = models.TextField(null=True, blank=True)  # noqa: DJ001
    case_id = models.CharField(max_length=120, null=True, blank=True)  # noqa: DJ001
    employer_name = models.TextField(null=True, blank=True)  # noqa: DJ001
    address = models.TextField(null=True, blank=True)  # noqa: DJ001
    findings_start = models.DateField(null=True, blank=True)
    findings_end = models.DateField(null=True, blank=True)
    case_date = models.DateField(null=True, blank=True)
    back_wages = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    employees_owed = models.PositiveIntegerField(null=True, blank=True)
    penalties = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    repeat_or_willful = models.CharField(max_length=2, null=True, blank=True)  # noqa: DJ001

    class Meta:
        ordering = ["batch", "row", "rank"]
        indexes = [models.Index(fields=["batch", "row", "rank"], name="licensing_line_row"),
                   models.Index(fields=["batch", "rank", "score"], name="licensing_line_best")]

    def __str__(self) -> str:
        return f"{self.batch_id} row {self.row}: {self.case_id or '-'}"
