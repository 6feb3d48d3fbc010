"""Massachusetts prevailing wage schedules, entered by a city clerk in GoodBid's CSV template.

Standard: M.G.L. c.149 ss.26-27H. The Department of Labor Standards (DLS) issues a schedule
for each public works project (as a PDF), listing per classification the base wage and the
employer's benefit contributions, health and welfare, pension and supplementary unemployment,
and the total; apprentice rates are a percentage of the journey-level rate by step. A
multi-year project gets an updated schedule on each anniversary: that is a new schedule (a
new file), never an edit.

The clerk copies each line of the PDF into the template (`schedule_template_csv`);
`parse_state_schedule` reads it into a `rules.schedules.Schedule` (kind "massachusetts"):
fringe = health and welfare + pension + supplementary unemployment, and the line's total
must equal base + fringe, or the row is refused with the row, the column and what to fix.
Every problem in the file is reported at once (`StateScheduleError.problems`); nothing in a
file, however damaged, makes the reader fail any other way. Pure Python: no Django.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from imports.i18n import Message, gettext_noop
from rules.prevailing_wage import classification_key
from rules.schedules import ApprenticeStep, Classification, Fringe, Schedule, ScheduleError

SCHEDULE_TEMPLATE_HEADER = ("Classification", "Base wage", "Health and welfare", "Pension",
                            "Supplementary unemployment", "Total", "Apprentice steps")
METADATA_LABELS = ("Schedule number", "Awarding authority", "Project", "Issue date",
                   "Revision", "Source")
MAX_BYTES = 2_000_000
MAX_RATE = Decimal("10000")  # per hour, or per day: anything larger is a typing slip

# Header words as a clerk may write them, to the template's column.
_HEADER_WORDS = {
    "classification": "Classification", "classifications": "Classification",
    "craft": "Classification", "trade": "Classification", "title": "Classification",
    "base wage": "Base wage", "base": "Base wage", "base rate": "Base wage",
    "base wage rate": "Base wage", "hourly base wage": "Base wage", "wage": "Base wage",
    "health and welfare": "Health and welfare", "health welfare": "Health and welfare",
    "health": "Health and welfare", "h w": "Health and welfare",
    "pension": "Pension",
    "supplementary unemployment": "Supplementary unemployment",
    "supplemental unemployment": "Supplementary unemployment",
    "supp unemployment": "Supplementary unemployment",
    "supp unemp": "Supplementary unemployment",
    "supplementary unemp": "Supplementary unemployment",
    "total": "Total", "total rate": "Total", "total hourly rate": "Total",
    "total prevailing wage": "Total",
    "apprentice steps": "Apprentice steps", "apprentice": "Apprentice steps",
    "apprentices": "Apprentice steps", "apprentice rates": "Apprentice steps",
    "per": "Per", "rate per": "Per",
}
_REQUIRED = SCHEDULE_TEMPLATE_HEADER[:6]
_STEP_COLUMN = re.compile(r"^(?:apprentice\s+)?(?:step|period|level)\s+(.+)$", re.IGNORECASE)
_MONEY = re.compile(r"^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)?(\.\d{1,4})?$")
_STEP_ITEM = re.compile(
    r"^\s*(?:step\s+)?(?P<step>[^:=]+?)\s*[:=]\s*(?P<percent>\d+(?:\.\d+)?)\s*%?"
    r"(?:\s*(?:,|/|\(|;)?\s*fringe\s*(?P<fringe>\d+(?:\.\d+)?)\s*%?\s*\)?)?\s*$",
    re.IGNORECASE)
_PERCENT = re.compile(r"^\s*(?P<percent>\d+(?:\.\d+)?)\s*%?"
                      r"(?:\s*(?:,|/|\(|;)?\s*fringe\s*(?P<fringe>\d+(?:\.\d+)?)\s*%?\s*\)?)?"
                      r"\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ScheduleProblem:
    """One problem in the file, where the clerk sees it: the line number as a spreadsheet
    shows it (None: the file as a whole) and the column's header."""

    row: int | None
    column: str | None
    message: Message

    def __str__(self) -> str:
        return self.message.render()


class StateScheduleError(ScheduleError, ValueError):
    """The file cannot be read as a schedule: every problem found, each with its row, column
    and how to fix it. `messages` keeps them translatable."""

    def __init__(self, problems: list[ScheduleProblem]) -> None:
        self.problems = problems
        self.messages = [problem.message for problem in problems]
        super().__init__("\n".join(str(problem) for problem in problems))


# -- the template -------------------------------------------------------------------------

INSTRUCTIONS = (
    gettext_noop("GoodBid prevailing wage schedule (Massachusetts). Lines starting with # are "
                 "instructions: GoodBid skips them."),
    gettext_noop("1. The Department of Labor Standards issues a schedule for each project as a "
                 "PDF. Keep the PDF open beside this file."),
    gettext_noop("2. Fill in the schedule's details below: its number as printed on the PDF; "
                 "the awarding authority and the project; the issue date (for example "
                 "2025-03-01); the revision (0 for the first schedule; 1 or more for an "
                 "updated one); and the source (where the PDF can be found)."),
    gettext_noop("3. Under the column headers copy one line of the PDF per classification: the "
                 "classification as printed; the base wage; the health and welfare, pension "
                 "and supplementary unemployment contributions; and the total. Write dollars "
                 "and cents with a decimal point (for example 45.12), without a $ sign."),
    gettext_noop("4. The total must equal the base wage plus the three contributions. If it "
                 "does not, GoodBid names the row: check it against the PDF."),
    gettext_noop("5. Apprentice steps: in the Apprentice steps column write each step and its "
                 "percentage of the journey-level wage, separated by semicolons, for example "
                 "\"1: 50; 2: 60; 3: 70; 4: 80\". Where the PDF gives a lower percentage of "
                 "the benefits for a step, add it: \"1: 50 fringe 80\". Or add one column "
                 "per step headed \"Step 1\", \"Step 2\"... with the percentage in each."),
    gettext_noop("6. A rate per day instead of per hour (rare): add a column headed Per and "
                 "write day in that line."),
    gettext_noop("7. Delete the example line, save as CSV, and upload the file. GoodBid lists "
                 "every problem with its row and column; fix them and upload again."),
)
_EXAMPLE = ("EXAMPLE Carpenter (delete this line)", "45.12", "13.42", "15.82", "0.00", "74.36",
            "1: 50; 2: 60; 3: 70; 4: 80")


def schedule_template_csv(translate: Callable[[str], str] = gettext_noop) -> bytes:
    """The CSV template a clerk fills in: instructions, the schedule's details, the header and
    one example line (UTF-8 with a byte-order mark, so spreadsheet programs show it right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in INSTRUCTIONS:
        writer.writerow([f"# {translate(line)}"])
    for label in METADATA_LABELS:
        writer.writerow([label, ""])
    writer.writerow([])
    writer.writerow(SCHEDULE_TEMPLATE_HEADER)
    writer.writerow(_EXAMPLE)
    return buffer.getvalue().encode("utf-8-sig")


# -- reading ------------------------------------------------------------------------------

def parse_state_schedule(content: bytes, *, number: str | None = None,
                         effective_from: dt.date | None = None,
                         source: str | None = None) -> Schedule:
    """Read a filled-in template into a Schedule, or raise StateScheduleError listing every
    problem. `number`, `effective_from` and `source` stand in for the file's own details
    where it leaves them out (the file's, when given, must agree)."""
    rows = _rows(content)
    problems: list[ScheduleProblem] = []
    details, header_at = _details(rows, problems)
    if header_at is None:
        raise StateScheduleError(problems + [ScheduleProblem(None, None, Message(
            "The file has no header line starting with Classification, so GoodBid cannot "
            "tell which column is which. Copy the header line from the template: {header}.",
            header=", ".join(SCHEDULE_TEMPLATE_HEADER)))])
    header = rows[header_at][1]
    columns = _columns(header, header_at, rows, problems)
    classifications = _classifications(rows[header_at + 1:], columns, problems)
    schedule_number = _detail_text(details, "Schedule number", number, problems)
    issued = _issue_date(details, effective_from, problems)
    cited = _detail_text(details, "Source", source, problems)
    revision = _revision(details, problems)
    if not classifications and not any(p.row is not None and p.row > rows[header_at][0]
                                       for p in problems):
        problems.append(ScheduleProblem(None, None, Message(
            "The file has no classification lines under the header: copy one line of the "
            "schedule per classification.")))
    if problems:
        raise StateScheduleError(problems)
    title = " - ".join(value for value in (_value(details, "Project"),
                                           _value(details, "Awarding authority")) if value)
    return Schedule(kind="massachusetts", number=schedule_number, modification=revision,
                    effective_from=issued, source=cited, title=title, state="MA",
                    classifications=tuple(classifications))


def _rows(content: bytes) -> list[tuple[int, list[str]]]:
    """The file's lines as (line number, cells), instructions and blank lines left out."""
    if not isinstance(content, bytes | bytearray):
        raise StateScheduleError([ScheduleProblem(None, None, Message(
            "GoodBid received no file content."))])
    if len(content) > MAX_BYTES:
        raise StateScheduleError([ScheduleProblem(None, None, Message(
            "The file is larger than a schedule can be ({size} bytes). Upload the CSV "
            "template filled in for one schedule.", size=len(content)))])
    kind = _not_csv(bytes(content))
    if kind is not None:
        raise StateScheduleError([ScheduleProblem(None, None, kind)])
    text = _decode(bytes(content))
    try:
        read = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise StateScheduleError([ScheduleProblem(None, None, Message(
            "The file is not a CSV file GoodBid can read ({reason}). Save it again as CSV "
            "from the template.", reason=str(error)))]) from None
    rows = []
    for number, cells in enumerate(read, start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        rows.append((number, cells))
    return rows


def _not_csv(content: bytes) -> Message | None:
    if content.startswith(b"%PDF"):
        return Message("This is a PDF. Copy the schedule's lines from the PDF into GoodBid's "
                       "CSV template and upload the template.")
    if content.startswith(b"PK\x03\x04") or content.startswith(b"\xd0\xcf\x11\xe0"):
        return Message("This is a spreadsheet workbook, not a CSV file. In the spreadsheet "
                       "program choose Save As, pick CSV, and upload that file.")
    if b"\x00" in content:
        return Message("This is not a text file. Upload the CSV template filled in for the "
                       "schedule.")
    if not content.strip():
        return Message("The file is empty. Fill in GoodBid's CSV template and upload it.")
    return None


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheet programs on Windows save CSV in their own code page.
        return content.decode("cp1252", errors="replace")


def _details(rows: list[tuple[int, list[str]]], problems: list[ScheduleProblem]
             ) -> tuple[dict[str, tuple[int, str]], int | None]:
    """The schedule's details above the header ({label: (line, value)}) and the header's
    position in `rows`."""
    labels = {classification_key(label): label for label in METADATA_LABELS}
    labels.update({"schedule no": "Schedule number", "schedule": "Schedule number",
                   "date": "Issue date", "issued": "Issue date", "date issued": "Issue date",
                   "awarding agency": "Awarding authority", "project name": "Project"})
    details: dict[str, tuple[int, str]] = {}
    for position, (line, cells) in enumerate(rows):
        first = classification_key(cells[0])
        if _HEADER_WORDS.get(first) == "Classification":
            return details, position
        label = labels.get(first)
        if label is None:
            problems.append(ScheduleProblem(line, cells[0][:80], Message(
                "Line {row}: '{value}' is not one of the schedule's details ({labels}) and "
                "the header line has not come yet. Move the line under the header, or "
                "delete it.", row=line, value=cells[0][:80],
                labels=", ".join(METADATA_LABELS))))
            continue
        value = next((cell for cell in cells[1:] if cell), "")
        details[label] = (line, value)
    return details, None


def _value(details: dict[str, tuple[int, str]], label: str) -> str:
    return details.get(label, (0, ""))[1]


def _detail_text(details: dict[str, tuple[int, str]], label: str, given: str | None,
                 problems: list[ScheduleProblem]) -> str:
    written = _value(details, label)
    if written and given and written != given:
        problems.append(ScheduleProblem(details[label][0], label, Message(
            "Line {row}: the file says {label} '{written}', but it was uploaded for "
            "'{given}'. Check that this is the right schedule.", row=details[label][0],
            label=label, written=written, given=given)))
    if not (written or given):
        problems.append(ScheduleProblem(details.get(label, (None,))[0], label, Message(
            "The {label} is missing. Write it in the '{label}' line above the header, as the "
            "state's PDF gives it.", label=label)))
    return written or given or ""


def _issue_date(details: dict[str, tuple[int, str]], given: dt.date | None,
                problems: list[ScheduleProblem]) -> dt.date:
    line, written = details.get("Issue date", (None, ""))
    if not written:
        if given is None:
            problems.append(ScheduleProblem(line, "Issue date", Message(
                "The schedule's issue date is missing. Write it in the 'Issue date' line "
                "above the header, for example 2025-03-01.")))
        return given or dt.date.min
    parsed = _date(written)
    if parsed is None:
        problems.append(ScheduleProblem(line, "Issue date", Message(
            "Line {row}, Issue date: '{value}' is not a date GoodBid can read. Write it as "
            "year-month-day, for example 2025-03-01.", row=line, value=written[:40])))
        return given or dt.date.min
    if given is not None and given != parsed:
        problems.append(ScheduleProblem(line, "Issue date", Message(
            "Line {row}: the file says it was issued {written}, but it was uploaded as in "
            "force from {given}. Check that this is the right schedule.", row=line,
            written=parsed.isoformat(), given=given.isoformat())))
    return parsed


def _date(text: str) -> dt.date | None:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%m/%d/%Y", "%B %d, %Y", "%b %d, %Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _revision(details: dict[str, tuple[int, str]], problems: list[ScheduleProblem]) -> int:
    line, written = details.get("Revision", (None, ""))
    if not written:
        return 0
    if not re.fullmatch(r"\d{1,4}", written):
        problems.append(ScheduleProblem(line, "Revision", Message(
            "Line {row}, Revision: '{value}' is not a whole number. Write 0 for the first "
            "schedule of the project and 1, 2... for each updated one.", row=line,
            value=written[:40])))
        return 0
    return int(written)


@dataclass(frozen=True)
class _Columns:
    """Where each of the template's columns is (position in the line), and step columns."""

    header_line: int
    named: dict[str, int]
    steps: list[tuple[str, int, str]]  # (step, position, header as written)


def _columns(header: list[str], header_at: int, rows: list[tuple[int, list[str]]],
             problems: list[ScheduleProblem]) -> _Columns:
    line = rows[header_at][0]
    named: dict[str, int] = {}
    steps = []
    for position, text in enumerate(header):
        column = _HEADER_WORDS.get(classification_key(text))
        if column is not None:
            if column in named:
                problems.append(ScheduleProblem(line, text, Message(
                    "Line {row}: the column {column} is there twice. Keep one and delete "
                    "the other.", row=line, column=column)))
            named.setdefault(column, position)
            continue
        step = _STEP_COLUMN.match(text)
        if step:
            steps.append((step.group(1).strip(), position, text))
    missing = [column for column in _REQUIRED if column not in named]
    if missing:
        problems.append(ScheduleProblem(line, None, Message(
            "Line {row}: the header has no column for {missing}. Copy the header line from the "
            "template: {header}.", row=line, missing=", ".join(missing),
            header=", ".join(SCHEDULE_TEMPLATE_HEADER))))
        raise StateScheduleError(problems)
    return _Columns(line, named, steps)


def _classifications(rows: list[tuple[int, list[str]]], columns: _Columns,
                     problems: list[ScheduleProblem]) -> list[Classification]:
    found: list[Classification] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        item = _classification(line, cells, columns, problems)
        if item is None:
            continue
        if item.key in seen:
            problems.append(ScheduleProblem(line, "Classification", Message(
                "Line {row}, Classification: '{value}' is already on line {first}. Each "
                "classification goes on one line; if the PDF lists it twice (for two kinds of "
                "work), add the kind of work to its name.", row=line, value=item.title,
                first=seen[item.key])))
            continue
        seen[item.key] = line
        found.append(item)
    return found


def _cell(cells: list[str], position: int | None) -> str:
    return cells[position] if position is not None and position < len(cells) else ""


def _classification(line: int, cells: list[str], columns: _Columns,
                    problems: list[ScheduleProblem]) -> Classification | None:
    named = columns.named
    title = _cell(cells, named["Classification"])
    before = len(problems)
    if not title or not classification_key(title):
        problems.append(ScheduleProblem(line, "Classification", Message(
            "Line {row}, Classification: the classification is empty. Copy its name from the "
            "schedule, or delete the line.", row=line)))
        return None
    if classification_key(title).startswith("example"):
        problems.append(ScheduleProblem(line, "Classification", Message(
            "Line {row}, Classification: '{value}' is the template's example, not the "
            "state's rate. Delete the line and copy the schedule's own lines.", row=line,
            value=title[:80])))
        return None
    amounts = {column: _money(line, column, _cell(cells, named[column]), problems)
               for column in _REQUIRED[1:]}
    per = _per(line, _cell(cells, named.get("Per")), problems)
    steps = _steps(line, cells, columns, problems)
    if len(problems) > before or any(value is None for value in amounts.values()):
        return None
    base = amounts["Base wage"]
    fringe = (amounts["Health and welfare"] + amounts["Pension"]
              + amounts["Supplementary unemployment"])
    if amounts["Total"] != base + fringe:
        problems.append(ScheduleProblem(line, "Total", Message(
            "Line {row}, Total: {total} is not the base wage {base} plus the contributions "
            "{fringe} (= {sum}). Check the line against the schedule: a figure was copied "
            "wrong.", row=line, total=str(amounts["Total"]), base=str(base),
            fringe=str(fringe), sum=str(base + fringe))))
        return None
    parts = (f"health and welfare {amounts['Health and welfare']}, pension "
             f"{amounts['Pension']}, supplementary unemployment "
             f"{amounts['Supplementary unemployment']}")
    return Classification(key=classification_key(title), title=title, base=base,
                          fringe=Fringe(amount=fringe), per=per, apprentice_steps=steps,
                          notes=parts)


def _money(line: int, column: str, text: str, problems: list[ScheduleProblem]
           ) -> Decimal | None:
    if not text:
        problems.append(ScheduleProblem(line, column, Message(
            "Line {row}, {column}: the cell is empty. Copy the figure from the schedule; "
            "write 0.00 where the schedule shows none.", row=line, column=column)))
        return None
    found = _MONEY.match(text.replace(" ", ""))
    if not found or not (found.group(1) or found.group(2)):
        problems.append(ScheduleProblem(line, column, Message(
            "Line {row}, {column}: '{value}' is not an amount in dollars and cents. Write it "
            "with a decimal point and no other signs, for example 45.12.", row=line,
            column=column, value=text[:40])))
        return None
    amount = Decimal((found.group(1) or "0").replace(",", "") + (found.group(2) or ""))
    if amount > MAX_RATE:
        problems.append(ScheduleProblem(line, column, Message(
            "Line {row}, {column}: {value} is more than any wage rate. Check the figure "
            "against the schedule.", row=line, column=column, value=text[:40])))
        return None
    return amount


def _per(line: int, text: str, problems: list[ScheduleProblem]) -> str:
    key = classification_key(text)
    if key in ("", "hour", "hr", "hourly", "per hour"):
        return "hour"
    if key in ("day", "daily", "per day"):
        return "day"
    problems.append(ScheduleProblem(line, "Per", Message(
        "Line {row}, Per: '{value}' is neither hour nor day. Write day for a rate per day, "
        "or leave the cell empty.", row=line, value=text[:40])))
    return "hour"


def _steps(line: int, cells: list[str], columns: _Columns, problems: list[ScheduleProblem]
           ) -> tuple[ApprenticeStep, ...]:
    """The apprentice steps of a line: "1: 50; 2: 60" in the Apprentice steps column (or one
    per line within the cell), and "Step N" columns holding a percentage."""
    steps: list[ApprenticeStep] = []
    written = _cell(cells, columns.named.get("Apprentice steps"))
    items = [item for item in re.split(r"[;\n\r]+", written) if item.strip()]
    for item in items:
        found = _STEP_ITEM.match(item)
        if not found:
            problems.append(ScheduleProblem(line, "Apprentice steps", Message(
                "Line {row}, Apprentice steps: '{value}' is not a step and its percentage. "
                "Write each step as step: percent, separated by semicolons, for example "
                "1: 50; 2: 60.", row=line, value=item.strip()[:40])))
            continue
        step = _step(line, "Apprentice steps", found.group("step").strip(),
                     found.group("percent"), found.group("fringe"), problems)
        if step is not None:
            steps.append(step)
    for name, position, header in columns.steps:
        text = _cell(cells, position)
        if not text:
            continue
        found = _PERCENT.match(text)
        if not found:
            problems.append(ScheduleProblem(line, header, Message(
                "Line {row}, {column}: '{value}' is not a percentage. Write the step's "
                "percentage of the journey-level wage, for example 60.", row=line,
                column=header, value=text[:40])))
            continue
        step = _step(line, header, name, found.group("percent"), found.group("fringe"),
                     problems)
        if step is not None:
            steps.append(step)
    names = [classification_key(step.step) for step in steps]
    if len(set(names)) < len(names):
        problems.append(ScheduleProblem(line, "Apprentice steps", Message(
            "Line {row}, Apprentice steps: a step is given twice. Give each step once.",
            row=line)))
    return tuple(steps)


def _step(line: int, column: str, name: str, percent: str, fringe: str | None,
          problems: list[ScheduleProblem]) -> ApprenticeStep | None:
    try:
        share = Decimal(percent)
        fringe_share = Decimal(fringe) if fringe else None
    except InvalidOperation:  # the patterns admit only digits: kept for safety
        share, fringe_share = Decimal(-1), None
    if not (0 < share <= 100) or (fringe_share is not None and not 0 <= fringe_share <= 100):
        problems.append(ScheduleProblem(line, column, Message(
            "Line {row}, {column}: step {step} has a percentage above 100 or of zero. Write "
            "the step's percentage of the journey-level wage, for example 60.", row=line,
            column=column, step=name[:40])))
        return None
    if not name or not classification_key(name):
        problems.append(ScheduleProblem(line, column, Message(
            "Line {row}, {column}: a step has no name. Write the step as the schedule "
            "numbers it, for example 1: 50.", row=line, column=column)))
        return None
    return ApprenticeStep(step=name[:40], percent=share, fringe_percent=fringe_share)
