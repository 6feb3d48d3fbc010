"""Where each language's translation stands: its catalogue (locale/<dir>/LC_MESSAGES/
django.po) and the vital documents in it, each a "machine draft" until a reviewer the city
names signs it off (procurement.models.TranslationReview), and again a draft when an entry it
read has changed since. Reads the catalogues with polib, once per file version."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polib
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

from procurement.models import Role, TranslatedDocument, TranslationReview

# The source files whose words make up each vital document (the catalogue is every entry).
DOCUMENT_SOURCES = {
    TranslatedDocument.DEFICIENCY_NOTICE: ("procurement/templates/procurement/letter.html",),
    TranslatedDocument.COMPLIANCE_LETTER: ("procurement/templates/procurement/letter.html",),
    TranslatedDocument.CORRECTION_EMAIL: ("procurement/services/notifications.py",),
    TranslatedDocument.TEMPLATE_INSTRUCTIONS: ("imports/templates.py",),
}
MACHINE_DRAFT, REVIEWED, CHANGED = "machine-draft", "reviewed", "changed-since-review"


def catalogue_path(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / to_locale(language) / "LC_MESSAGES" / "django.po"


@cache
def _entries(path: str, modified: float) -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """(msgid, plural, translation, source files) for every live entry of the catalogue."""
    rows = []
    for entry in polib.pofile(path):
        if entry.obsolete:
            continue
        text = (entry.msgstr if not entry.msgid_plural
                else "\x00".join(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)))
        if "fuzzy" in entry.flags:
            text = ""
        rows.append((entry.msgid, entry.msgid_plural or "", text,
                     tuple(sorted({file for file, _line in entry.occurrences}))))
    return tuple(rows)


def entries(language: str, document: str) -> list[tuple[str, str, str]]:
    """The document's entries in the language: (English, English plural, translation)."""
    path = catalogue_path(language)
    if not path.exists():
        return []
    sources = DOCUMENT_SOURCES.get(document)
    return [(msgid, plural, text) for msgid, plural, text, files
            in _entries(str(path), path.stat().st_mtime)
            if sources is None or any(file in sources for file in files)]


def checksum(rows: list[tuple[str, str, str]]) -> str:
    digest = hashlib.sha256()
    for row in sorted(rows):
        digest.update("\x01".join(row).encode() + b"\x02")
    return digest.hexdigest()


@dataclass(frozen=True)
class DocumentState:
    language: str
    document: str
    state: str  # MACHINE_DRAFT, REVIEWED or CHANGED
    entries: int
    untranslated: int
    review: TranslationReview | None

    @property
    def reviewed(self) -> bool:
        return self.state == REVIEWED

    @property
    def label(self) -> str:
        return {MACHINE_DRAFT: _("Machine draft"), REVIEWED: _("Reviewed"),
                CHANGED: _("Machine draft (changed since its review)")}[self.state]


def document_state(language: str, document: str) -> DocumentState:
    rows = entries(language, document)
    review = (TranslationReview.objects.filter(language=language, document=document)
              .select_related("reviewer").order_by("-signed_at", "-id").first())
    state = (MACHINE_DRAFT if review is None else
             REVIEWED if review.checksum == checksum(rows) else CHANGED)
    return DocumentState(language, document, state, len(rows),
                         sum(1 for row in rows if not row[2]), review)


def translated_languages() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES if code != "en"]


def review_states() -> list[tuple[str, str, list[DocumentState]]]:
    """Every translated language with the state of its catalogue and vital documents."""
    return [(code, name, [document_state(code, document) for document in TranslatedDocument])
            for code, name in translated_languages()]


def is_machine_draft(language: str | None, document: str = TranslatedDocument.CATALOGUE
                     ) -> bool:
    """Whether text in `language` is a draft no reviewer has signed off (English never is)."""
    if not language or language.split("-")[0] == "en":
        return False
    return not document_state(language, document).reviewed


def may_review(user: AbstractBaseUser, language: str) -> bool:
    profile = getattr(user, "profile", None)
    return bool(user.is_authenticated and (
        user.is_superuser or (profile is not None and (
            profile.role == Role.ADMIN or language in (profile.reviews_languages or [])))))
