"""Words in headers and cells, as GoodBid compares them: case, accents, punctuation and
spacing ignored, camelCase and snake_case split, "O/T" read as "ot". The vocabularies
(earnings lines, measures, facts, classifications) are data: imports/vocabulary.toml."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.toml")

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SLASHED_LETTERS = re.compile(r"\b([a-z])\s*/\s*([a-z])\b")
_TOKEN = re.compile(r"[a-z0-9]+|#")


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def words(text: object) -> tuple[str, ...]:
    """'Reg Hrs', 'RegHrs', 'reg_hrs' -> ('reg', 'hrs'); 'O/T Earnings' -> ('ot', 'earnings');
    'Período' -> ('periodo',)."""
    if text is None or text != text:  # None or NaN
        return ()
    text = str(text)
    return _words(text) if len(text) <= 200 else _words_of(text[:2000])


@lru_cache(maxsize=65_536)
def _words(text: str) -> tuple[str, ...]:
    return _words_of(text)


def _words_of(text: str) -> tuple[str, ...]:
    plain = ascii_fold(_CAMEL.sub(" ", text)).casefold()
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
