"""Federal Davis-Bacon general wage determinations, read from the text SAM.gov publishes.

Standard: the Davis-Bacon Act (40 U.S.C. 3141-3148) and the Related Acts; the Department of
Labor's Wage and Hour Division (WHD) publishes the prevailing rates for a state, its counties
and construction types as a "general wage determination" (29 CFR part 1) on SAM.gov, and
revises it by numbered modifications. Contractors must pay at least the base rate plus the
fringe of the classification the work falls in (29 CFR 5.5(a)(1)).

What is read (the layout SAM.gov uses; see the samples CA20250001 and TX20250001):
- the header: "General Decision Number: CA20250001 01/03/2025", "Superseded General Decision
  Number", "State", "Construction Type(s)" and "County"/"Counties" (both may wrap over
  lines; counties are a sentence: "Cameron and Hidalgo Counties in Texas." gives
  ("Cameron", "Hidalgo")) and the scope paragraph after them (kept as footnotes["scope"]);
- the modification table: `modification` is the highest number and `effective_from` its
  publication date (a determination is in force from the date its modification is
  published on SAM.gov, 29 CFR 1.6(c));
- the Executive Order 14026 / 13658 minimum wage table: each row of the boxed table, its
  two cells joined, is one of `minimum_wage_notes`;
- the rate identifier blocks ("ASBE0005-002 09/01/2023" union, "SUTX1990-013" survey,
  "UAVG-OH-0010" union average, "SA.." state adopted), each a "Rates  Fringes" table.

How a classification's title is built: a rate line is a title, a dotted leader and the
figures ("ELEVATOR MECHANIC................$ 66.63       37.885+a+b"). Lines above it at a
smaller indent are its headings ("CARPENTER" over "     (2)  Commercial Building"; a
heading may itself wrap, and may have its own sub-heading, as "Drywall" over "(1) Work on
wood framed ..." over "Drywall Installer/Lather"); lines just above it at its own indent are
its title wrapping ("Asbestos Workers/Insulator (Includes the application of ...)"). The
title is the headings and the title joined, whitespace collapsed; `key` is its lowercase
form with every run of characters other than letters, digits and parentheses made one space
("carpenter (2) commercial building"), for matching a payroll's classification.

Figures, as written (Decimal, never float): the base rate (with or without "$"); markers
after it ("**": the Executive Order minimum wage note under the table, kept as
footnotes["**"]); the fringe: an amount ("25.27", "0.00"), blank (no fringe benefits listed:
an amount of 0.00), or a formula ("37.885+a+b", "3%+9.25") kept verbatim with its fixed
figure and its parts (a footnote letter with the footnote's words under "FOOTNOTE" in the
block; a percentage with "N% of the basic hourly rate", as WHD states percentage fringes).
A formula is flagged for a person to compute (`amount` None), never computed here.

Per day: a block whose notes say its "Rates" column is per day (the divers' "Amounts in
"Rates' column are per day"), or a rate line or title that says "per day", gives per="day";
the fringe stays per hour.

GROUP lines ("GROUP  1....$ 53.90  32.80") carry their number in `group`, and the group's
definition from the notes below the rates ("GROUP 1: Bargeman; Brakeman; ...") in `notes`
when the definitions can be told apart: one list of definitions per grouped heading, in the
order of the headings (a block with three grouped headings and three lists, as the
operating engineers' block), or one list for a block's only grouped heading.

Footnotes (`Schedule.footnotes`): "**" for the marker note, "<identifier> <letter>" for a
block's lettered footnote ("ELEV0018-001 a"; letters repeat between blocks), "<identifier>"
for the rest of a block's notes (scope of work, premium pay, zone definitions), "scope" for
the determination's scope paragraph.

Edge cases: text over 2,000,000 characters is refused before it is read (a determination is
tens of kilobytes; San Diego County, with every construction type, is 72 KB). Any input
gives a Schedule or a WageDeterminationError naming what is wrong and where: not a wage
determination, no modification table, a date that is not one, a rate line whose figures are
not understood (never skipped: a classification left out would let an underpayment pass),
a rate outside any rate identifier block, no classification at all. Every pattern runs in
time linear in the line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from rules.schedules import (
    Classification,
    Fringe,
    Modification,
    RatePer,
    Schedule,
    ScheduleError,
)

MAX_TEXT_CHARS = 2_000_000


class WageDeterminationError(ScheduleError):
    """The text is not a wage determination this reader understands; the message says why
    and, where it can, on which line."""


_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
_NUMBER = re.compile(rf"^\s*General Decision Number:\s*([A-Z]{{2}}\d{{8}})\s+({_DATE})\s*$")
_NUMBER_LOOSE = re.compile(r"^\s*General Decision Number\b", re.IGNORECASE)
_SUPERSEDED = re.compile(r"^\s*Superseded General Decision Numbers?:\s*(\S*)")
_STATE = re.compile(r"^\s*State:\s*(.*)$")
_CONSTRUCTION = re.compile(r"^\s*Construction Types?:\s*(.*)$")
_COUNTIES = re.compile(r"^\s*Count(?:y|ies):\s*(.*)$")
_MODIFICATION_HEADER = re.compile(r"^\s*Modification Number\s+Publication Date\s*$")
_MODIFICATION_ROW = re.compile(rf"^\s*(\d{{1,4}})\s+({_DATE})\s*$")
_IDENTIFIER = re.compile(
    rf"^\s*([A-Z]{{4}}\d{{4}}-\d{{3}}|UAVG-[A-Z]{{2}}-\d{{4}})\s+({_DATE})\s*$")
_RATES_HEADER = re.compile(r"^\s*Rates\s+Fringes\s*$")
_BLOCK_END = re.compile(r"^\s*-{10,}\s*$")
_BODY_END = re.compile(r"^\s*={10,}\s*$")
_BOX_ROW = re.compile(r"^\|([^|]*)\|([^|]*)\|\s*$")
_BOX_RULE = re.compile(r"^\|_+\|_+\|\s*$")
# A dotted leader starts at the first dot of a run ("(?<!\.)", so a long run of dots is
# scanned once) and is followed by the base rate's digits: "....$ 49.58", "Wood).$ 34.29",
# "....... 7.25". One dot is a leader only when "$" touches it (a sentence's full stop then
# "$3.00 additional" is not a rate).
_LEADER = re.compile(r"(?<!\.)(?:\.++\$|\.{3,}+ *+\$?)(?= *+\d[\d,]*+\.\d)")
_BASE = re.compile(r"\d{1,3}(?:,\d{3}){1,2}\.\d{1,4}|\d{1,7}\.\d{1,4}")
_MARKS = re.compile(r"\*+")
_PER_DAY = re.compile(r"\(?\bper\s+day\b\)?", re.IGNORECASE)
_PER_DAY_NOTE = re.compile(r"\brates?\b.{0,40}?\bper\s+day\b", re.IGNORECASE)
_FRINGE_TERM = re.compile(
    r"(?P<amount>\d{1,3}(?:,\d{3}){1,2}(?:\.\d{1,4})?|\d{1,7}(?:\.\d{1,4})?)(?P<percent>%)?"
    r"|(?P<letter>[A-Za-z])")
_FRINGE_CHARS = re.compile(r"[\d.,%+A-Za-z]+")
_GROUP_TITLE = re.compile(r"^GROUP\s*(\d{1,3}[A-Z]?)$", re.IGNORECASE)
_GROUP_DEFINITION = re.compile(r"^\s*GROUP\s*(\d{1,3}[A-Z]?)\s*:\s*(.*)$", re.IGNORECASE)
_LETTERED = re.compile(r"^\s*(?:FOOTNOTES?\s*:?\s*)?([A-Za-z])[.):]\s+(\S.*)$")
_KEY_PUNCTUATION = re.compile(r"[^a-z0-9()]+")
_COUNTY_WORD = re.compile(
    r"\s+(?:Count(?:y|ies)|Parish(?:es)?|Boroughs?|Census Areas?)$", re.IGNORECASE)
_SCOPE_END = re.compile(r"^\s*(?:Note:|_{10,}|\||Modification Number)")


def parse_wage_determination(text: str, *, source: str | None = None) -> Schedule:
    """The Schedule a SAM.gov Davis-Bacon general wage determination's text states, at its
    latest modification. Raises WageDeterminationError for anything else."""
    if not isinstance(text, str):
        raise WageDeterminationError(
            f"a wage determination is text; got {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise WageDeterminationError(
            f"the text is {len(text):,} characters; a wage determination is at most "
            f"{MAX_TEXT_CHARS:,} (San Diego County's, with every construction type, is 72,000)")
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n")
             .expandtabs(8).split("\n")]
    header = _header(lines)
    modifications, body_start = _modification_table(lines, header.end)
    latest = max(modifications, key=lambda m: m.number)
    body_end = next((i for i in range(body_start, len(lines)) if _BODY_END.match(lines[i])),
                    len(lines))
    footnotes: dict[str, str] = {}
    if header.scope:
        footnotes["scope"] = header.scope
    marker_note = _marker_note(lines)
    if marker_note:
        footnotes["**"] = marker_note
    classifications: list[Classification] = []
    for block in _blocks(lines, body_start, body_end):
        block_classifications, block_footnotes = _read_block(block)
        classifications.extend(block_classifications)
        footnotes.update(block_footnotes)
    if not classifications:
        raise WageDeterminationError(
            f"{header.number}: no classification found (no rate line such as "
            f"'BOILERMAKER......$ 51.98  42.11' under a rate identifier such as "
            f"'BOIL0092-003 01/01/2024')")
    if source is None:
        source = (f"U.S. Department of Labor, SAM.gov wage determination {header.number} "
                  f"modification {latest.number}, published {latest.published.isoformat()}")
    return Schedule(
        kind="davis-bacon", number=header.number, modification=latest.number,
        effective_from=latest.published, source=source, state=header.state,
        counties=header.counties, construction_types=header.construction_types,
        superseded=header.superseded, modifications=tuple(modifications),
        classifications=tuple(classifications), footnotes=footnotes,
        minimum_wage_notes=_minimum_wage_notes(lines[:body_start]))


def classification_key(title: str) -> str:
    """A title's matching form: lowercase, every run of characters other than letters,
    digits and parentheses one space, no space just inside parentheses."""
    key = _KEY_PUNCTUATION.sub(" ", title.lower())
    return " ".join(key.replace("( ", "(").replace(" )", ")").split())


# Header -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Header:
    number: str
    superseded: str | None
    state: str | None
    construction_types: tuple[str, ...]
    counties: tuple[str, ...]
    scope: str
    end: int  # the line after the header's fields


def _header(lines: list[str]) -> _Header:
    start = next((i for i, line in enumerate(lines) if _NUMBER_LOOSE.match(line)), None)
    if start is None:
        raise WageDeterminationError(
            "not a Davis-Bacon general wage determination: no 'General Decision Number:' "
            "line (as in 'General Decision Number: CA20250001 01/03/2025')")
    match = _NUMBER.match(lines[start])
    if not match:
        raise WageDeterminationError(
            f"line {start + 1}: the general decision number is not understood: "
            f"{lines[start].strip()[:120]!r} (expected e.g. 'General Decision Number: "
            f"CA20250001 01/03/2025')")
    _date(match.group(2), start)
    number = match.group(1)
    superseded = state = None
    construction_types: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    scope: list[str] = []
    i = start + 1
    while i < len(lines) and not _SCOPE_END.match(lines[i]):
        line = lines[i]
        if match := _SUPERSEDED.match(line):
            superseded = match.group(1) or None
        elif match := _STATE.match(line):
            state = " ".join(match.group(1).split()) or None
        elif match := _CONSTRUCTION.match(line):
            joined, i = _paragraph(lines, i, match.group(1))
            construction_types = _split_list(joined)
        elif match := _COUNTIES.match(line):
            joined, i = _paragraph(lines, i, match.group(1))
            counties = _county_names(joined, state)
        elif line.strip() and (counties or construction_types):
            # The scope paragraph: which projects each construction type covers.
            paragraph, i = _paragraph(lines, i, line)
            scope.append(paragraph)
        i += 1
    return _Header(number=number, superseded=superseded, state=state,
                   construction_types=construction_types, counties=counties,
                   scope="\n\n".join(scope), end=i)


def _paragraph(lines: list[str], i: int, first: str) -> tuple[str, int]:
    """`first` (the rest of line i) and the lines after it up to a blank line, joined; and
    the index of the paragraph's last line."""
    parts = [first]
    while i + 1 < len(lines) and lines[i + 1].strip():
        i += 1
        parts.append(lines[i])
    return " ".join(" ".join(parts).split()), i


def _split_list(text: str) -> tuple[str, ...]:
    """'Building, Heavy (Heavy and Dredging), Highway and Residential' -> its four items:
    commas and ' and ' split, except inside parentheses."""
    items: list[str] = []
    depth = 0
    current: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        depth += (char == "(") - (char == ")" and depth > 0)
        if depth == 0 and char == ",":
            items.append("".join(current))
            current = []
        elif depth == 0 and text.startswith(" and ", i):
            items.append("".join(current))
            current = []
            i += len(" and ")
            continue
        else:
            current.append(char)
        i += 1
    items.append("".join(current))
    return tuple(item for item in (" ".join(part.split()) for part in items) if item)


def _county_names(sentence: str, state: str | None) -> tuple[str, ...]:
    """'Cameron and Hidalgo Counties in Texas.' -> ('Cameron', 'Hidalgo')."""
    text = sentence.strip().rstrip(".").strip()
    lowered = text.lower()
    suffix = f" in {state.lower()}" if state else None
    if suffix and lowered.endswith(suffix):
        text = text[: -len(suffix)]
    elif " in " in text:
        text = text[: text.rindex(" in ")]
    text = _COUNTY_WORD.sub("", text)
    return _split_list(text)


# Modifications and the minimum wage table ----------------------------------------------------

def _modification_table(lines: list[str], start: int) -> tuple[list[Modification], int]:
    header = next((i for i in range(start, len(lines)) if _MODIFICATION_HEADER.match(lines[i])),
                  None)
    if header is None:
        raise WageDeterminationError(
            "no modification table ('Modification Number     Publication Date' followed by "
            "rows such as '0   01/03/2025'): the modification in force cannot be told")
    modifications: list[Modification] = []
    i = header + 1
    while i < len(lines):
        match = _MODIFICATION_ROW.match(lines[i])
        if match:
            modifications.append(Modification(number=int(match.group(1)),
                                              published=_date(match.group(2), i)))
        elif lines[i].strip() or modifications:
            break
        i += 1
    if not modifications:
        raise WageDeterminationError(
            f"line {header + 1}: the modification table has no row (such as "
            f"'0   01/03/2025')")
    return modifications, i


def _minimum_wage_notes(lines: list[str]) -> tuple[str, ...]:
    """Each row of the boxed Executive Order table: its condition and what applies."""
    notes: list[str] = []
    left: list[str] = []
    right: list[str] = []
    for line in lines:
        if _BOX_RULE.match(line):
            note = " ".join(" ".join([*left, *right]).split())
            if note:
                notes.append(note)
            left, right = [], []
        elif match := _BOX_ROW.match(line):
            left.append(match.group(1))
            cell = match.group(2).strip()
            # ". Executive Order 14026" is a bullet, not a sentence's end.
            right.append(cell[1:] if cell.startswith(". ") or cell == "." else cell)
    return tuple(notes)


def _marker_note(lines: list[str]) -> str:
    """The note the '**' marker on a rate refers to ('** Workers in this classification may
    be entitled to a higher minimum wage under Executive Order 14026 ...')."""
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("** ") and len(stripped) > 3:
            text, _ = _paragraph(lines, i, stripped[3:])
            return text
    return ""


def _date(text: str, index: int) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%m/%d/%Y").date()
    except ValueError:
        raise WageDeterminationError(
            f"line {index + 1}: {text!r} is not a date (month/day/year)") from None


# Rate identifier blocks ----------------------------------------------------------------------

@dataclass
class _Block:
    identifier: str
    date: dt.date
    lines: list[tuple[int, str]] = field(default_factory=list)  # (index, text)


def _blocks(lines: list[str], start: int, end: int) -> Iterator[_Block]:
    block: _Block | None = None
    for i in range(start, end):
        line = lines[i]
        if match := _IDENTIFIER.match(line):
            if block:
                yield block
            block = _Block(identifier=match.group(1), date=_date(match.group(2), i))
        elif _BLOCK_END.match(line):
            if block:
                yield block
            block = None
        elif block:
            block.lines.append((i, line))
        elif _LEADER.search(line):
            raise WageDeterminationError(
                f"line {i + 1}: a rate outside any rate identifier block (a line such as "
                f"'ASBE0005-002 09/01/2023' above it): {line.strip()[:120]!r}")
    if block:
        yield block


@dataclass(frozen=True)
class _RateLine:
    index: int
    indent: int
    title: str
    base: Decimal
    marks: str
    fringe: str  # verbatim, spaces removed; "" when the column is blank
    per_day: bool


def _rate_line(index: int, line: str) -> _RateLine | None:
    leader = _LEADER.search(line)
    if leader is None:
        return None
    title = line[: leader.start()]
    tail = line[leader.end():]
    per_day = bool(_PER_DAY.search(tail)) or bool(_PER_DAY.search(title))
    tokens = _PER_DAY.sub(" ", tail).split()
    base = _BASE.fullmatch(tokens[0]) if tokens else None
    marks = [token for token in tokens[1:] if _MARKS.fullmatch(token)]
    fringe = "".join(token for token in tokens[1:] if not _MARKS.fullmatch(token))
    if (base is None or not title.strip()
            or (fringe and not (_FRINGE_CHARS.fullmatch(fringe) and _fringe_terms(fringe)))):
        raise WageDeterminationError(
            f"line {index + 1}: a rate line whose figures are not understood (expected a "
            f"title, a dotted leader, a base rate and a fringe, as in 'BOILERMAKER......$ "
            f"51.98   42.11'): {line.strip()[:120]!r}")
    return _RateLine(index=index, indent=len(title) - len(title.lstrip()),
                     title=" ".join(title.split()), base=Decimal(base.group().replace(",", "")),
                     marks="".join(marks), fringe=fringe, per_day=per_day)


def _fringe_terms(fringe: str) -> list[re.Match[str]] | None:
    terms = [_FRINGE_TERM.fullmatch(term) for term in fringe.split("+")]
    return [term for term in terms if term] if all(terms) else None


@dataclass
class _Title:
    rate: _RateLine
    headings: list[str]
    group: str | None


def _read_block(block: _Block) -> tuple[list[Classification], dict[str, str]]:
    titles: list[_Title] = []
    used: set[int] = set()
    headings: list[tuple[int, str]] = []  # (indent, text), outermost first
    pending: list[tuple[int, int, str]] = []  # (index, indent, text) since a rate or blank
    for index, line in block.lines:
        if not line.strip() or _RATES_HEADER.match(line):
            pending = []
            if line.strip():
                used.add(index)
            continue
        rate = _rate_line(index, line)
        if rate is None:
            pending.append((index, len(line) - len(line.lstrip()), line.strip()))
            continue
        used.update(i for i, _, _ in pending)
        own = [rate.title]
        while pending and pending[-1][1] == rate.indent:
            own.insert(0, pending.pop()[2])
        for segment in _segments(pending):
            indent = segment[0][1]
            headings = [h for h in headings if h[0] < indent]
            headings.append((indent, " ".join(text for _, _, text in segment)))
        used.add(index)
        pending = []
        own_title = " ".join(" ".join(own).split())
        group = _GROUP_TITLE.match(own_title)
        titles.append(_Title(
            rate=dataclasses.replace(rate, title=own_title),
            headings=[text for indent, text in headings if indent < rate.indent],
            group=group.group(1).upper() if group else None))
    notes = [(index, line) for index, line in block.lines if index not in used]
    return _classifications(block, titles, notes)


def _segments(pending: list[tuple[int, int, str]]) -> Iterator[list[tuple[int, int, str]]]:
    """Runs of lines at one indent: a heading that wraps."""
    run: list[tuple[int, int, str]] = []
    for item in pending:
        if run and item[1] != run[-1][1]:
            yield run
            run = []
        run.append(item)
    if run:
        yield run


def _note_paragraphs(notes: list[tuple[int, str]]) -> list[list[str]]:
    paragraphs: list[list[str]] = []
    previous = None
    for index, line in notes:
        if not line.strip():
            previous = None
            continue
        if previous is None or index != previous + 1:
            paragraphs.append([])
        paragraphs[-1].append(line)
        previous = index
    return paragraphs


def _classifications(block: _Block, titles: list[_Title], notes: list[tuple[int, str]],
                     ) -> tuple[list[Classification], dict[str, str]]:
    paragraphs = _note_paragraphs(notes)
    footnotes: dict[str, str] = {}
    if paragraphs:
        footnotes[block.identifier] = "\n\n".join(
            " ".join(" ".join(p).split()) for p in paragraphs)
    block_per_day = any(_PER_DAY_NOTE.search(" ".join(p)) for p in paragraphs)
    referenced = {term.group("letter").lower() for item in titles
                  for term in _fringe_terms(item.rate.fringe) or [] if term.group("letter")}
    # Only letters a fringe formula refers to: "a. Existing residential buildings" in a scope
    # note is a list item, not a footnote.
    letters = {letter: text for letter, text in _lettered_footnotes(paragraphs).items()
               if letter in referenced}
    for letter, text in letters.items():
        footnotes[f"{block.identifier} {letter}"] = text
    definitions = _group_definitions(block, titles, paragraphs)
    classifications = []
    for item in titles:
        rate = item.rate
        title = " ".join(" ".join([*item.headings, rate.title]).split())
        parent = " ".join(item.headings)  # as _group_definitions names it
        fringe, fringe_letters = _fringe(rate.fringe, letters)
        per: RatePer = "day" if rate.per_day or block_per_day else "hour"
        classifications.append(Classification(
            key=classification_key(title), title=title, base=rate.base, fringe=fringe,
            per=per, group=item.group, identifier=block.identifier,
            identifier_date=block.date,
            footnotes=((rate.marks,) if rate.marks else ()) + fringe_letters,
            notes=definitions.get((parent, item.group), "") if item.group else ""))
    return classifications, footnotes


def _fringe(text: str, letters: dict[str, str]) -> tuple[Fringe, tuple[str, ...]]:
    if not text:
        # A blank Fringes column: no fringe benefits are listed for the classification.
        return Fringe(amount=Decimal("0.00")), ()
    terms = _fringe_terms(text) or []
    if len(terms) == 1 and terms[0].group("amount") and not terms[0].group("percent"):
        return Fringe(amount=Decimal(terms[0].group("amount").replace(",", ""))), ()
    fixed = [Decimal(t.group("amount").replace(",", "")) for t in terms
             if t.group("amount") and not t.group("percent")]
    parts: list[tuple[str, str]] = []
    for term in terms:
        if term.group("percent"):
            parts.append((term.group(), f"{term.group()} of the basic hourly rate"))
        elif term.group("letter"):
            letter = term.group("letter").lower()
            parts.append((letter, letters.get(letter, "")))
    return (Fringe(formula=text, fixed=sum(fixed, Decimal(0)) if fixed else None,
                   parts=tuple(parts)),
            tuple(letter for letter, _ in parts if not letter.endswith("%")))


def _lettered_footnotes(paragraphs: list[list[str]]) -> dict[str, str]:
    """'a. PAID VACATION: Employer contributes ...' -> {'a': 'PAID VACATION: ...'}: each
    lettered footnote runs to the next lettered line or the paragraph's end."""
    footnotes: dict[str, str] = {}
    for paragraph in paragraphs:
        letter: str | None = None
        words: list[str] = []
        for line in paragraph:
            match = _LETTERED.match(line)
            if match:
                if letter:
                    footnotes.setdefault(letter, " ".join(" ".join(words).split()))
                letter, words = match.group(1).lower(), [match.group(2)]
            elif letter:
                words.append(line)
        if letter:
            footnotes.setdefault(letter, " ".join(" ".join(words).split()))
    return footnotes


def _group_definitions(block: _Block, titles: list[_Title], paragraphs: list[list[str]],
                       ) -> dict[tuple[str, str], str]:
    """(heading, group) -> the group's definition. The notes list one run of 'GROUP n: ...'
    definitions per grouped heading, in the headings' order (a run restarts when a group
    number does not rise); runs are matched to headings only when they can be told apart."""
    runs: list[dict[str, str]] = []
    last = None
    for paragraph in paragraphs:
        number: str | None = None
        words: list[str] = []
        for line in paragraph:
            match = _GROUP_DEFINITION.match(line)
            if match:
                if number:
                    runs[-1][number] = " ".join(" ".join(words).split())
                number, words = match.group(1).upper(), [match.group(2)]
                value = int(re.sub(r"\D", "", number))
                if last is None or value <= last:
                    runs.append({})
                last = value
            elif number:
                words.append(line)
        if number:
            runs[-1][number] = " ".join(" ".join(words).split())
    grouped = list(dict.fromkeys(" ".join(t.headings) for t in titles if t.group))
    if len(runs) != len(grouped):
        return {}
    return {(heading, number): text
            for heading, run in zip(grouped, runs, strict=True) for number, text in run.items()}
