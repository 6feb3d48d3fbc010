"""Words in headers and cells, as GoodBid compares them: case, accents, punctuation and
spacing ignored, camelCase and snake_case split, "O/T" read as "ot". Letters of every script
are words (Chinese, Arabic, Cyrillic, Lao...): only the accents of Latin letters (Spanish,
French, Vietnamese) and the Arabic vowel marks are dropped. The vocabularies (earnings lines,
measures, facts, classifications) are data: imports/vocabulary.toml; the header and value
words of the languages vendors read GoodBid in: imports/languages.toml."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.toml")
LANGUAGES_FILE = Path(__file__).with_name("languages.toml")

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SLASHED_LETTERS = re.compile(r"\b([a-z])\s*/\s*([a-z])\b")
_TOKEN = re.compile(r"(?:[a-z0-9]|[^\x00-\x7f])+|#")


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


# Latin letters with no accent to drop, as they are written without one; "ё" is written "е"
# as often as not.
_PLAIN_LETTERS = str.maketrans({
    **{letter: plain for letters, plain in (("đĐ", "d"), ("ðÐ", "d"), ("øØ", "o"),
                                            ("łŁ", "l"), ("æÆ", "ae"), ("œŒ", "oe"),
                                            ("þÞ", "th"), ("ı", "i"), ("ёЁ", "е"))
       for letter in letters},
    "ى": "ي"})
# Accents over Latin letters ("é", and Vietnamese's stacked "ệ"); a Cyrillic letter keeps its
# mark ("й" is not "и").
_LATIN_MARKS = re.compile(r"(?<![\u0400-\u04ff])[\u0300-\u036f]+")
_ARABIC_MARKS = range(0x064B, 0x0660)  # the short vowels and hamza, written or not
_ARABIC_OTHER = {0x0670, 0x0640}  # superscript alef; tatweel, a stretch of the line


class _LetterFold(dict):
    """Code point -> what `words` keeps of it: every letter, digit and combining mark; no
    punctuation, symbol or space outside ASCII (dropped, as ascii_fold always did: "Employee’s"
    is "employees"), no Arabic vowel marks. Filled as characters are met."""

    def __missing__(self, code: int) -> str | None:
        kind = unicodedata.category(chr(code))[0]
        kept = (kind in "LMN" and not 0x02B0 <= code <= 0x02FF and code not in _ARABIC_MARKS
                and code not in _ARABIC_OTHER)
        self[code] = None if not kept else chr(code)
        return self[code]


_LETTERS = _LetterFold({code: chr(code) for code in range(128)})


def fold(text: str) -> str:
    """`text` as words compares it: lower case, Latin accents and Arabic vowel marks dropped,
    compatibility forms (full-width letters, ligatures) read as their letters."""
    if text.isascii():
        return text.casefold()
    plain = unicodedata.normalize("NFKD", text.translate(_PLAIN_LETTERS)).casefold()
    return unicodedata.normalize("NFC", _LATIN_MARKS.sub("", plain).translate(_LETTERS))


def words(text: object) -> tuple[str, ...]:
    """'Reg Hrs', 'RegHrs', 'reg_hrs' -> ('reg', 'hrs'); 'O/T Earnings' -> ('ot', 'earnings');
    'Período' -> ('periodo',); 'Giờ làm việc' -> ('gio', 'lam', 'viec'); '工时' -> ('工时',)."""
    if text is None or text != text:  # None or NaN
        return ()
    text = str(text)
    return _words(text) if len(text) <= 200 else _words_of(text[:2000])


@lru_cache(maxsize=65_536)
def _words(text: str) -> tuple[str, ...]:
    return _words_of(text)


def _words_of(text: str) -> tuple[str, ...]:
    plain = fold(_CAMEL.sub(" ", text))
    plain = _SLASHED_LETTERS.sub(r"\1\2", plain)
    return tuple(_TOKEN.findall(plain))


def phrase(text: str) -> tuple[str, ...]:
    return words(text)


def contains(tokens: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    """Whether `wanted` occurs in `tokens` as consecutive words."""
    size = len(wanted)
    if not size or size > len(tokens):
        return False
    return any(tokens[i:i + size] == wanted for i in range(len(tokens) - size + 1))


def find_phrase(tokens: tuple[str, ...], phrases: tuple[tuple[str, ...], ...]
                ) -> tuple[str, ...] | None:
    """The longest of `phrases` that occurs in `tokens`."""
    found = [p for p in phrases if contains(tokens, p)]
    return max(found, key=len) if found else None


@dataclass(frozen=True)
class EarningKind:
    code: str
    words: tuple[tuple[str, ...], ...]
    multiplier: float | None  # None: not paid by the hour (bonus, tips)
    pay: bool = True  # False: a total or a deduction line, never a pay line


@dataclass(frozen=True)
class Vocabulary:
    earnings: tuple[EarningKind, ...]
    measures: dict[str, tuple[tuple[str, ...], ...]]
    qualifiers: dict[str, tuple[tuple[str, ...], ...]]
    facts: dict[str, tuple[tuple[str, ...], ...]]
    classification: dict[str, tuple[tuple[str, ...], ...]]

    def earning_kind(self, code: str) -> EarningKind:
        return next(kind for kind in self.earnings if kind.code == code)

    @property
    def earning_lookup(self) -> dict[str, str]:
        """Folded cell text ('ot', 'regular pay') -> earnings kind code."""
        return {" ".join(p): kind.code for kind in self.earnings for p in kind.words}

    def with_additions(self, additions: dict) -> Vocabulary:
        """This vocabulary plus a layout's own words (never fewer)."""
        earnings = tuple(
            EarningKind(kind.code, _phrases([*map(" ".join, kind.words),
                                             *additions.get("earnings", {}).get(kind.code, [])]),
                        kind.multiplier, kind.pay)
            for kind in self.earnings)
        facts = {name: _phrases([*map(" ".join, phrases),
                                 *additions.get("facts", {}).get(name, [])])
                 for name, phrases in self.facts.items()}
        return Vocabulary(earnings, self.measures, self.qualifiers, facts, self.classification)


def _phrases(texts: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(dict.fromkeys(p for p in (phrase(t) for t in texts) if p))


@cache
def vocabulary() -> Vocabulary:
    data = tomllib.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
    earnings = tuple(EarningKind(code, _phrases(entry["words"]), entry.get("multiplier"),
                                 entry.get("pay", True))
                     for code, entry in data["earnings"].items())
    return Vocabulary(
        earnings=earnings,
        measures={k: _phrases(v) for k, v in data["measures"].items()},
        qualifiers={k: _phrases(v) for k, v in data["qualifiers"].items()},
        facts={k: _phrases(v) for k, v in data["facts"].items()},
        classification={k: _phrases(v) for k, v in data["classification"].items()},
    )


# The value words a language gives: yes and no (a yes/no column), a gender, a worker's class.
VALUE_WORDS = ("yes", "no", "woman", "man", "nonbinary", "journey", "apprentice")


@dataclass(frozen=True)
class Language:
    """How a vendor reading GoodBid in one language heads its columns and writes yes and no,
    genders and journey or apprentice (imports/languages.toml). The first word of each list
    is the one a template in that language writes."""

    code: str
    name: str  # the language's own name for itself
    fields: dict[str, tuple[str, ...]]  # field -> header words, in every report type
    report_types: dict[str, dict[str, tuple[str, ...]]]  # where a report type differs
    values: dict[str, tuple[str, ...]]  # VALUE_WORDS -> words

    def headers(self, report_type: str, field_name: str) -> tuple[str, ...]:
        """The header words of a field of a report type: its own, else the field's."""
        own = self.report_types.get(report_type, {})
        return own[field_name] if field_name in own else self.fields.get(field_name, ())


def _word_list(words_: object, where: str) -> tuple[str, ...]:
    if not isinstance(words_, list) or not all(isinstance(w, str) and w.strip()
                                               for w in words_):
        raise ValueError(f"{LANGUAGES_FILE.name}: {where} is not a list of words")
    return tuple(w.strip() for w in words_)


@cache
def languages() -> dict[str, Language]:
    """Every language of imports/languages.toml, by code, in the file's order."""
    data = tomllib.loads(LANGUAGES_FILE.read_text(encoding="utf-8"))
    found = {}
    for code, entry in data.items():
        own = {key: value for key, value in entry.items()
               if key not in ("name", "fields", "values")}
        found[code] = Language(
            code=code, name=entry["name"],
            fields={f: _word_list(w, f"{code}.fields.{f}") for f, w in entry["fields"].items()},
            report_types={
                report: {f: _word_list(w, f"{code}.{report}.{f}") for f, w in table.items()}
                for report, table in own.items()},
            values={v: _word_list(w, f"{code}.values.{v}") for v, w in entry["values"].items()})
    return found
