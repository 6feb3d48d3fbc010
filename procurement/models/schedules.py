"""Prevailing wage schedules as the city enters them: a federal wage determination (its text
as SAM.gov publishes it) or a state schedule (GoodBid's CSV template), each revision a new
dated version, never an edit. The figures are read from `content` by rules.schedules; the
rows keep what was given, who gave it, and what it is called."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduleUpdates(models.TextChoices):
    AWARD = "award", _("Fixed at award for the life of the contract")
    ANNIVERSARY = "anniversary", _("Updated on each anniversary of the contract")


class WageSchedule(models.Model):
    """A wage determination ("CA20250001") or a state schedule, across its revisions."""

    number = models.CharField(max_length=60, unique=True)
    kind = models.CharField(max_length=30)  # rules.schedules.ScheduleKind
    title = models.CharField(max_length=300, blank=True)
    updates = models.CharField(max_length=20, choices=ScheduleUpdates.choices,
                               default=ScheduleUpdates.AWARD)
    example = models.BooleanField(
        default=False, help_text="Made-up figures for training: never a real schedule.")

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class WageScheduleVersion(models.Model):
    """One modification (federal) or revision (state) of a schedule, as given."""

    schedule = models.ForeignKey(WageSchedule, on_delete=models.PROTECT,
                                 related_name="versions")
    modification = models.PositiveIntegerField()
    effective_from = models.DateField()
    source = models.TextField()
    filename = models.CharField(max_length=255)
    content = models.TextField(help_text="The determination's text or the schedule's CSV, as "
                                         "given: the figures are read from it.")
    checksum = models.CharField(max_length=64)
    classification_count = models.PositiveIntegerField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["schedule", "effective_from", "modification"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "modification"],
                                    name="unique_schedule_modification"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule.number} modification {self.modification}"
