"""Django's makemessages, also collecting the sentences imports/ and rules/ write.

Those layers do not import Django: they write `Message("Row {row}: ...", row=...)`
(imports.i18n) and name report fields `Field(name, "Hourly rate", ...)`. Both are xgettext
keywords here, so their literals land in the same catalogue as the templates' strings.
Tests, benchmarks and runtime files are not scanned.
"""

from django.core.management.commands import makemessages

KEYWORDS = ["--keyword=Message", "--keyword=Field:2"]
NOT_SCANNED = ["tests/*", "bench/*", "var/*", "build/*", "*.egg-info/*"]


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, *KEYWORDS]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *NOT_SCANNED]
        return super().handle(*args, **options)
