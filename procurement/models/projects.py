"""Construction projects across their contractors: the project, each contractor's workforce
plan, the project's monthly grades (kept as of the day they were given) and the good-faith
efforts a contractor documents against a grade of "not meeting"."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from procurement.models.people import Jurisdiction


class Project(models.Model):
    """A construction project: the contracts on it (the general contractor's and its
    subcontractors' at any depth, Contract.project) are measured together."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT,
                                     related_name="projects")
    code = models.SlugField(_("short name in web addresses"), max_length=80)
    name = models.CharField(_("project name"), max_length=300)
    awarding_agency = models.CharField(_("awarding agency"), max_length=200, blank=True)
    developer = models.CharField(_("developer"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    neighbourhood = models.CharField(_("neighbourhood"), max_length=120, blank=True)
    standards = models.JSONField(help_text="Codes of the workforce standards the project is "
                                           "measured against (hiring goals).")
    starts_on = models.DateField()
    ends_on = models.DateField()
    monitored = models.BooleanField(
        default=True, help_text="Graded each month and listed on the public scorecard.")
    subcontractors_added_by_prime = models.BooleanField(
        _("general contractor may add its subcontractors"), default=False,
        help_text="The city allows the general contractor to add its subcontractors and "
                  "their users.")
    grade_after_percent = models.DecimalField(
        _("too new to grade until this share of planned hours is worked (%)"),
        max_digits=5, decimal_places=2, default=10,
        validators=[MinValueValidator(0), MaxValueValidator(100)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["jurisdiction", "name"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "code"],
                                               name="unique_project_code")]

    def __str__(self) -> str:
        return self.name


class PlanStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for the city's approval")
    APPROVED = "approved", _("Approved")
    CHANGE_REQUESTED = "change_requested", _("Change requested")
    SUPERSEDED = "superseded", _("Replaced by a newer plan")


class WorkforcePlan(models.Model):
    """A contractor's workforce plan for its contract: per trade, journey/apprentice and
    month, the estimated hours and the shares it commits to. A new plan replaces the last;
    none is edited."""

    contract = models.ForeignKey("procurement.Contract", on_delete=models.PROTECT,
                                 related_name="plans")
    version = models.PositiveIntegerField(default=1)
    original_filename = models.CharField(max_length=255)
    rows = models.JSONField(help_text="trade, worker_class, period_end (the month's last "
                                      "day), estimated_hours and the committed shares.")
    planned_hours = models.DecimalField(max_digits=14, decimal_places=2)
    status = models.CharField(max_length=30, choices=PlanStatus.choices,
                              default=PlanStatus.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["contract", "-version"]
        constraints = [models.UniqueConstraint(fields=["contract", "version"],
                                               name="unique_plan_version")]

    def __str__(self) -> str:
        return f"Plan v{self.version} for {self.contract}"


class Grade(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    NOT_MEETING = "not_meeting", _("Not meeting")
    TOO_NEW = "too_new", _("Too new to grade")


class ProjectGrade(models.Model):
    """A project's grade for one month as given on `graded_at`. Grading the month again (a
    late report came in) adds a row; the record shows what the grade was on any day."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="grades")
    month = models.DateField(help_text="The last day of the month graded.")
    graded_at = models.DateTimeField()
    grade = models.CharField(max_length=20, choices=Grade.choices,
                             help_text="The whole project, every trade, against the city's "
                                       "goals.")
    recent_grade = models.CharField(max_length=20, choices=Grade.choices,
                                    help_text="The last three months, every trade.")
    table = models.JSONField(help_text="Per trade and in total, over the whole project and "
                                       "the last three months (rules.rollup.grades).")

    class Meta:
        ordering = ["project", "-month", "-graded_at"]
        indexes = [models.Index(fields=["project", "month", "graded_at"],
                                name="grade_as_of")]

    def __str__(self) -> str:
        return f"{self.project} {self.month:%Y-%m}: {self.get_grade_display()}"


class EffortKind(models.TextChoices):
    OUTREACH = "outreach", _("Outreach to find workers")
    UNION_REFERRAL = "union_referral", _("Union referral request")
    TRAINING = "training", _("Pre-apprenticeship or training partner")
    OTHER = "other", _("Other")


class GoodFaithEffort(models.Model):
    """An effort a contractor made to meet the goals, attached to a "not meeting" grade."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="efforts")
    contract = models.ForeignKey("procurement.Contract", on_delete=models.PROTECT,
                                 related_name="efforts")
    grade = models.ForeignKey(ProjectGrade, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="efforts")
    kind = models.CharField(max_length=30, choices=EffortKind.choices)
    happened_on = models.DateField()
    description = models.TextField()
    document = models.FileField(upload_to="efforts/%Y/%m/", blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_on}"
