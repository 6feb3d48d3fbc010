"""Django's makemessages, also collecting the sentences imports/ and rules/ write, and the
words of the standards' data files.

Those layers do not import Django: they write `Message("Row {row}: ...", row=...)`
(imports.i18n) and name report fields `Field(name, "Hourly rate", ...)`. Both are xgettext
keywords here, so their literals land in the same catalogue as the templates' strings.
The standards' titles, version words, places and sources are data (rules/standards/*.toml),
shown to vendors in their language: they are written to a scratch module while xgettext
runs, so they land in the catalogue too (and stay there).
Tests, benchmarks and runtime files are not scanned.
"""

from pathlib import Path

from django.core.management.commands import makemessages

from rules.standards import shipped_standards

KEYWORDS = ["--keyword=Message", "--keyword=Field:2"]
NOT_SCANNED = ["tests/*", "bench/*", "var/*", "build/*", "*.egg-info/*"]
SCRATCH = Path(__file__).resolve().parents[2] / "_standard_words.py"


def standard_words() -> list[str]:
    """What a page shows of each standard file: its title, what a version is called, its
    places, and each version's source."""
    words: list[str] = []
    for standard in shipped_standards().values():
        words += [standard.title, standard.version_label]
        if standard.variants is not None:
            words += list(standard.variants.choices.values())
        words += [version.source for version in standard.versions]
    return list(dict.fromkeys(words))


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, *KEYWORDS]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *NOT_SCANNED]
        SCRATCH.write_text("from django.utils.translation import gettext_noop\n\n" + "".join(
            f"gettext_noop({word!r})\n" for word in standard_words()), encoding="utf-8")
        try:
            return super().handle(*args, **options)
        finally:
            SCRATCH.unlink(missing_ok=True)
