from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Jurisdiction(models.Model):
    """A city or agency whose standards apply; officers work within one."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    help_contact = models.TextField(
        blank=True,
        help_text="Where a vendor gets help with a 'not yet' (office, phone, e-mail, hours).",
    )
    help_contact_translations = models.JSONField(
        default=dict, blank=True,
        help_text='The help contact in other languages, by language code: {"es": "..."}.')

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def help_contact_in(self, language: str | None) -> str:
        """The help contact in `language` where the city wrote it, else as written."""
        translations = self.help_contact_translations or {}
        base = (language or "").split("-")[0]
        return translations.get(language or "") or translations.get(base) or self.help_contact


class Vendor(models.Model):
    legal_name = models.CharField(_("legal name"), max_length=200)
    trade_name = models.CharField(_("trade name"), max_length=200, blank=True)
    street = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    ein = models.CharField(
        _("EIN"), max_length=10, blank=True,
        validators=[RegexValidator(r"^\d{2}-?\d{7}$", _("Write the EIN as 12-3456789."))],
    )
    employee_count = models.PositiveIntegerField(_("employees (full-time equivalents)"),
                                                 null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["legal_name"]

    def __str__(self) -> str:
        """One name everywhere the vendor signs or the city writes: the legal name, with the
        trade name as "doing business as" where it differs."""
        trade = self.trade_name.strip()
        if not trade or trade.casefold() == self.legal_name.strip().casefold():
            return self.legal_name
        return _("%(legal)s, doing business as %(trade)s") % {"legal": self.legal_name,
                                                               "trade": trade}


class Role(models.TextChoices):
    VENDOR = "vendor", _("Vendor user")
    OFFICER = "officer", _("Procurement officer")
    LICENSING = "licensing", _("Licensing staff")
    ADMIN = "admin", _("Administrator")


class Profile(models.Model):
    """A user's role; a vendor user belongs to one vendor, an officer to one jurisdiction."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="profile")
    role = models.CharField(max_length=20, choices=Role.choices)
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="members")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="staff")
    # The language the user chose (pages and e-mail); empty: the site's default.
    language = models.CharField(max_length=10, blank=True, choices=settings.LANGUAGES)
    # The languages whose translations this user may sign off (a reviewer the city names).
    reviews_languages = models.JSONField(
        default=list, blank=True,
        help_text='Language codes this user reviews translations for: ["ar", "so"].')

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="vendor") | models.Q(vendor__isnull=False),
                name="vendor_user_has_vendor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
