"""Matching a vendor's header text to canonical fields, ignoring case, spacing and punctuation."""

from __future__ import annotations

import re

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_header(text: object) -> str:
    return _NOT_ALNUM.sub("", str(text).casefold()) if text is not None else ""


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, as Excel names its columns."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
