"""Import issues told in the vendor's own coordinates: sheet, Excel row, header, column letter."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from imports.i18n import Message, english

Severity = Literal["error", "warning"]

SAMPLE_PER_CODE = 50


@dataclass(frozen=True, slots=True)
class Issue:
    code: str
    severity: Severity
    message: str | Message  # a Message becomes its English text; i18n keeps the msgid
    hint: str | Message
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    column_letter: str | None = None
    value: str | None = None
    i18n: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # A catalogue member (imports.codes.Code) is kept as its plain code string: reports
        # are JSON, and some encoders (orjson) take only exact strings as keys.
        if type(self.code) is not str:
            object.__setattr__(self, "code", str.__str__(self.code))
        english(self, ("message", "hint"))

    def to_dict(self) -> dict[str, Any]:
        # Field by field, not asdict: its deep copy was most of the time a report with
        # hundreds of thousands of entries took to build. Nothing mutates the values.
        return {f.name: getattr(self, f.name) for f in fields(self)}


def issue_order(issue: Issue) -> tuple:
    """Top to bottom, then left to right as the vendor sees the sheet (column AA after Z)."""
    letter = issue.column_letter or ""
    return (issue.row is None, issue.row or 0, len(letter), letter, issue.code)


class IssueLog:
    """Collects issues lazily: the true count per code and a capped sample of each."""

    def __init__(self, sample_per_code: int = SAMPLE_PER_CODE) -> None:
        self.sample_per_code = sample_per_code
        self.counts: Counter[str] = Counter()
        self._samples: dict[str, list[Issue]] = {}

    def add(self, issue: Issue, *, count: int = 1) -> None:
        """Record `issue`; `count` says how many occurrences it stands for (sampled callers)."""
        self.counts[issue.code] += count
        sample = self._samples.setdefault(issue.code, [])
        if len(sample) < self.sample_per_code:
            sample.append(issue)

    def add_many(self, issues: list[Issue], *, total: int | None = None) -> None:
        """Record a sample of one code's issues; `total` is the true count when it is larger."""
        if not issues:
            return
        code = issues[0].code
        sample = self._samples.setdefault(code, [])
        sample.extend(issues[: max(self.sample_per_code - len(sample), 0)])
        self.counts[code] += total if total is not None else len(issues)

    def extend(self, other: IssueLog) -> None:
        for code, sample in other._samples.items():
            self.add_many(sample, total=other.counts[code])

    @property
    def issues(self) -> list[Issue]:
        ordered = [issue for sample in self._samples.values() for issue in sample]
        return sorted(ordered, key=issue_order)

    @property
    def has_errors(self) -> bool:
        return any(issue.severity == "error" for issue in self.issues)

    def __len__(self) -> int:
        return sum(self.counts.values())

    def flatten(self, fields: tuple[str, ...]) -> list[tuple[Any, ...]]:
        return [tuple(getattr(issue, field) for field in fields) for issue in self.issues]


class ImportRejected(Exception):
    """The file as a whole cannot be checked: unreadable, or a required column is missing."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        self.layout = None  # the payroll system's layout the file was recognised as, if any
        super().__init__("; ".join(issue.message for issue in issues))
