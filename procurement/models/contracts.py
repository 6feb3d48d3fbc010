from django.db import models
from django.utils.translation import gettext_lazy as _

from procurement.models.people import Jurisdiction, Vendor


class ContractKind(models.TextChoices):
    SERVICE = "service", _("Service")
    CONSTRUCTION = "construction", _("Construction")


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class Contract(models.Model):
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT,
                                     related_name="contracts")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="contracts")
    number = models.CharField(_("contract number"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(max_length=20, choices=ContractKind.choices)
    value = models.DecimalField(_("contract value (USD)"), max_digits=14, decimal_places=2)
    standards = models.JSONField(help_text="Codes of the standards that apply.")
    report_type = models.CharField(max_length=40)
    cadence = models.CharField(max_length=20, choices=Cadence.choices)
    trades = models.JSONField(default=list, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    wage_schedule = models.ForeignKey(
        "procurement.WageSchedule", on_delete=models.PROTECT, null=True, blank=True,
        related_name="contracts",
        help_text="The prevailing wage schedule the contract's certified payroll is checked "
                  "against.")
    awarded_on = models.DateField(
        null=True, blank=True,
        help_text="The day the contract was executed: the schedule's version in force that day "
                  "applies (and, for a schedule updated on the anniversary, from each "
                  "anniversary the version in force then). Empty: the contract's start.")
    project = models.ForeignKey(
        "procurement.Project", on_delete=models.PROTECT, null=True, blank=True,
        related_name="contracts", help_text="The construction project the contract is part of.")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="subcontracts",
        help_text="For a subcontract: the contract it is let under (the general contractor's, "
                  "or a subcontractor's at a lower tier).")
    tier = models.PositiveSmallIntegerField(
        default=0, help_text="0: the general contractor; 1: its subcontractors; 2: theirs...")

    class Meta:
        ordering = ["jurisdiction", "number"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "number"],
                                    name="unique_contract_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
