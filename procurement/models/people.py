from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Vendor(models.Model):
    legal_name = models.CharField(_("legal name"), max_length=200)
    trade_name = models.CharField(_("trade name"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["legal_name"]

    def __str__(self) -> str:
        return self.trade_name or self.legal_name


class Role(models.TextChoices):
    VENDOR = "vendor", _("Vendor user")
    OFFICER = "officer", _("Procurement officer")
    LICENSING = "licensing", _("Licensing staff")
    ADMIN = "admin", _("Administrator")


class Profile(models.Model):
    """A user's role; a vendor user belongs to exactly one vendor."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="profile")
    role = models.CharField(max_length=20, choices=Role.choices)
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="members")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="vendor") | models.Q(vendor__isnull=False),
                name="vendor_user_has_vendor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
