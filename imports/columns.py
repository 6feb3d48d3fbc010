"""Matching a vendor's header text to canonical fields, ignoring case, accents, spacing and
punctuation ("Período de pago" and "periodo de pago" are the same header)."""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Casefolded, without accents, letters and digits only: 'Sí' -> 'si'."""
    plain = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    return _NOT_ALNUM.sub("", plain)


def normalise_header(text: object) -> str:
    return fold(str(text)) if text is not None else ""


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, as Excel names its columns."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
