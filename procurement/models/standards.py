from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Standard(models.Model):
    """A mirror of a standard file in rules/standards/, loaded by `manage.py load_standards`.

    The files give each standard and its versions; an administrator can add a dated version
    in the application (origin "admin"), which lives only here and which every check applies
    together with the file's (procurement/services/standards.py). The mirror lets contracts,
    submissions and findings refer to standards, and keeps every version ever loaded.
    """

    code = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    jurisdiction = models.CharField(max_length=80)
    program = models.CharField(max_length=300)
    report_type = models.CharField(max_length=40)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title


class VersionOrigin(models.TextChoices):
    FILE = "file", _("Standard file")
    ADMIN = "admin", _("Added by an administrator")


class StandardVersion(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(max_length=40)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    parameters = models.JSONField()
    source = models.TextField()
    notes = models.TextField(blank=True)
    loaded_at = models.DateTimeField(auto_now=True)
    origin = models.CharField(max_length=10, choices=VersionOrigin.choices,
                              default=VersionOrigin.FILE)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    added_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["standard", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "version"], name="unique_standard_version"),
        ]

    def __str__(self) -> str:
        return f"{self.standard.code} {self.version}"
