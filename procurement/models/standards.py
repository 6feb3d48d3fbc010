from django.db import models


class Standard(models.Model):
    """A mirror of a standard file in rules/standards/, loaded by `manage.py load_standards`.

    The files are the source of truth (the engine reads them); the mirror lets contracts,
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


class StandardVersion(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(max_length=40)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    parameters = models.JSONField()
    source = models.TextField()
    notes = models.TextField(blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["standard", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "version"], name="unique_standard_version"),
        ]

    def __str__(self) -> str:
        return f"{self.standard.code} {self.version}"
