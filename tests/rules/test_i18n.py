"""Every sentence the rule engine writes for people can be read in another language: each
finding and issue keeps its msgid and values beside the English text, the msgids are literals
in rules/ (so makemessages collects them), and a translation fills in the row's own values."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from imports import money, read_table
from imports.i18n import Message
from rules import get_standard
from rules.check import check_table, evaluate_standard
from rules.report import CheckReport
from rules.wage_theft import ConfirmedWageTheftCase, wage_theft_findings
from tests.rules.frames import wage_frame, workforce
from tests.sentences import (
    SENTENCE_FIELDS,
    call_name,
    calls,
    english_literal,
    literal_msgid,
    marked_literals,
)

RULES = Path(__file__).resolve().parents[2] / "rules"

# Values a sentence names that are data, not words: names from the report or a standard's
# file, figures and dates already formatted, lists of such values. They are shown as they
# are in every language; a new plain-text value must be added here on purpose.
DATA_PARAMS = {
    "worker", "employer", "trade", "worker_class", "project", "contractor", "header",
    "toward", "category", "title", "label", "code", "codes", "report_type", "readable",
    "source", "case_id", "confirmed_by", "listed", "projects", "dates", "zips",
    "hours", "known", "unknown", "missing", "total", "more", "to_shift", "share", "goal",
    "paid", "shortfall", "floor", "back_pay", "amount", "penalties",
    "day", "first", "last", "start", "end", "period", "period_end", "effective_from",
    "confirmed_on",
    # An optional phrase a sentence leaves out is the empty text.
    "repeat", "unconfirmed", "uncounted",
}

ALL_CODES = {
    "wage-floor.below-minimum", "standard.no-version-in-force",
    "standard.before-first-version", "standard.report-type-unavailable",
    "hiring-goal.residents-share-below-goal", "hiring-goal.people-of-color-share-below-goal",
    "hiring-goal.women-share-below-goal",
    "data-completeness.missing-gender", "data-completeness.missing-person-of-color",
    "data-completeness.missing-residency", "data-completeness.missing-worker-class",
    "residency.needs-verification", "residency.not-a-home-address",
    "residency.declared-resident-zip-outside", "residency.declared-non-resident-zip-inside",
    "filing.missing-period", "filing.periods-longer-than-required",
    "bicycling.brief-appearance", "bicycling.many-projects", "wage-theft.history",
}

SITE = workforce("""
worker | trade     | class      | hours | gender | poc | resident | zip   | week
Ana    | Carpenter | journey    | 40    | woman  | yes | no       | 02119 | 2024-07-07
Bo     | Carpenter | journey    | 40    | man    | no  | yes      | 02446 | 2024-07-07
Cy     | Carpenter | apprentice | 40    | man    | no  |          | 02467 | 2024-07-21
Dee    | Carpenter |            | 40    |        |     |          | 02112 | 2024-07-21
Fay    | Laborer   | journey    | 8     | woman  | yes |          |       | 2024-07-21
Hal    | Laborer   | journey    | 8     |        | yes | no       | 02119 | 2024-07-21
Gus    | Laborer   | journey    | 8     | man    | no  | no       | 02119 | 1980-01-06
""", project="Dorchester Library", contractor="Beacon Construction")

MONTHLY = workforce("""
worker | trade   | class   | hours | gender | poc | resident | week
Ana    | Laborer | journey | 40    | woman  | yes | yes      | 2024-07-31
Ana    | Laborer | journey | 40    | woman  | yes | yes      | 2024-08-31
Ana    | Laborer | journey | 40    | woman  | yes | yes      | 2024-09-30
""")

WEEKS = ("07-07", "07-14", "07-21", "07-28", "08-04", "08-11", "08-18", "08-25")
SPREAD = workforce("\n".join(
    ["worker | trade | class | hours | gender | poc | week | project"]
    + [f"Bo | Laborer | journey | 40 | man | no | 2024-{week} | Dorchester" for week in WEEKS]
    + [f"Ana | Laborer | journey | 8 | woman | yes | 2024-08-04 | {project}"
       for project in ("Dorchester", "Roxbury Branch", "Mattapan Branch")]))

CASES = [
    ConfirmedWageTheftCase(
        source="whd", case_id="1234567", employer_name="HARBOR FACILITY SERVICES LLC",
        findings_start=dt.date(2019, 1, 6), findings_end=dt.date(2020, 6, 27),
        back_wages=money.units("12345.675"), employees_owed=14, penalties=money.units("2000"),
        repeat_or_willful="RW", confirmed_by="licensing",
        confirmed_at=dt.datetime(2026, 11, 2, 15, 30, tzinfo=dt.UTC)),
    ConfirmedWageTheftCase(
        source="ma-ago", case_id="C-9", employer_name="Harbor Facility Services",
        findings_start=None, findings_end=None, back_wages=money.units("310"),
        employees_owed=None, penalties=money.units("0"), repeat_or_willful=None,
        confirmed_by="officer", confirmed_at=dt.datetime(2026, 11, 3, tzinfo=dt.UTC)),
]


def _outcomes(frame, standard: str, columns: dict | None = None) -> list:
    return evaluate_standard(frame, get_standard(standard), columns=columns or {})


@pytest.fixture(scope="module")
def report() -> dict:
    """One report holding every kind of finding and issue the rule engine writes."""
    outcomes = [
        *_outcomes(SITE, "boston-brjp", {"gender": SimpleNamespace(header="Sex", letter="E")}),
        *_outcomes(MONTHLY, "boston-brjp"),
        *_outcomes(SPREAD, "minneapolis-construction-workforce"),
        *_outcomes(wage_frame([("Ana", "18.19", 40, "2024-07-07"),
                               ("Bo", "10.00", 40, "2022-01-02"),
                               ("Cy", "10.00", 40, "2026-01-04")]), "boston-living-wage"),
    ]
    unreadable = get_standard("boston-living-wage").model_copy(update={"report_type": "x"})
    rejected = check_table(read_table(b"Worker,Hours\nAna,40\n", "w.csv"), [unreadable])
    return CheckReport(
        findings=[f for o in outcomes for f in o.findings] + wage_theft_findings(CASES),
        issues=[i for o in outcomes for i in o.issues] + rejected.issues).to_dict()


def _items(report: dict) -> list[dict]:
    return report["findings"] + report["issues"]


def _messages(message: Message):
    yield message
    for value in message.params.values():
        if isinstance(value, Message):
            yield from _messages(value)


def _source_msgids() -> set[str]:
    """The literal msgid of every Message(...) call in rules/ and of the code catalogue's
    templates (imports/codes.py): what makemessages collects."""
    return marked_literals(RULES.glob("*.py"), {"Message": 0}) | marked_literals(
        [RULES.parent / "imports" / "codes.py"], {"gettext_noop": 0})


def test_the_report_holds_every_kind_of_finding_and_issue(report):
    assert {item["code"] for item in _items(report)} == ALL_CODES


def test_every_sentence_keeps_its_msgid_and_values_and_they_give_back_its_english(report):
    for item in _items(report):
        sentences = {name for name in SENTENCE_FIELDS if name in item}
        # `expected` is a phrase when it is more than a figure ("more than 2").
        assert sentences <= set(item["i18n"]) <= sentences | {"expected"}, item["code"]
        for name in item["i18n"]:
            assert Message.from_dict(item["i18n"][name]).render() == item[name], item["code"]
    assert json.loads(json.dumps(report)) == report  # the values are plain, storable JSON


def test_every_msgid_a_report_carries_is_a_literal_in_the_rules_source(report):
    literals = _source_msgids()
    carried = {message.msgid for item in _items(report) for text in item["i18n"].values()
               for message in _messages(Message.from_dict(text))}
    assert carried - literals == set()
    # The nested phrases are there too: the place and period, the rows, who filed.
    assert {"{trade} ({worker_class}) work", "{first} to {last}", "{count} rows",
            "by {contractor} on {project}", "a repeat and willful violator"} <= carried


def test_only_data_is_left_untranslated(report):
    plain = {(name, item["code"]) for item in _items(report) for text in item["i18n"].values()
             for message in _messages(Message.from_dict(text))
             for name, value in message.params.items() if isinstance(value, str)}
    assert {(name, code) for name, code in plain if name not in DATA_PARAMS} == set()


SPANISH = {
    "{worker} was paid {paid}/hour in the pay period ending {period_end}: {shortfall} below "
    "the {title} of {floor}/hour in force from {effective_from}.":
        "A {worker} se le pagó {paid}/hora en el período de pago que terminó el {period_end}: "
        "{shortfall} menos que el {title} de {floor}/hora vigente desde {effective_from}.",
    "No hours were filed {by} for {count} {interval}-day period(s) ending {dates}, between "
    "the first and last periods in this report ({period}).":
        "No se declararon horas {by} de {count} período(s) de {interval} días que terminan el "
        "{dates}, entre el primer y el último período de este informe ({period}).",
    "by {contractor} on {project}": "por {contractor} en {project}",
    "{first} to {last}": "del {first} al {last}",
}


def spanish(msgid: str) -> str:
    return SPANISH.get(msgid, msgid)


def _one(report: dict, code: str) -> dict:
    (item,) = [item for item in _items(report) if item["code"] == code]
    return item


def test_a_translation_fills_in_the_findings_own_values(report):
    below = _one(report, "wage-floor.below-minimum")
    assert below["message"].startswith("Ana was paid $18.19/hour")
    assert Message.from_dict(below["i18n"]["message"]).render(spanish) == (
        "A Ana se le pagó $18.19/hora en el período de pago que terminó el 2024-07-07: $0.01 "
        "menos que el Boston Living Wage de $18.20/hora vigente desde 2024-07-01.")


def test_the_phrases_inside_a_sentence_are_translated_too(report):
    missing = _one(report, "filing.missing-period")
    assert Message.from_dict(missing["i18n"]["message"]).render(spanish) == (
        "No se declararon horas por Beacon Construction en Dorchester Library de 1 período(s) "
        "de 7 días que terminan el 2024-07-14, entre el primer y el último período de este "
        "informe (del 2024-07-07 al 2024-07-21).")
    # Its remedy has no translation here: it stays English rather than failing.
    assert Message.from_dict(missing["i18n"]["remedy"]).render(spanish) == missing["remedy"]


def untranslatable_sentences(folder: Path) -> list[str]:
    """Finding(...), self.finding(...) and Issue(...) calls given an English string for a
    message, hint or remedy, and Message calls whose msgid is not a literal."""
    found = []
    for path, node in calls(folder.glob("*.py")):
        name, where = call_name(node), f"{path.name}:{node.lineno}"
        if name == "Message" and not literal_msgid(node):
            found.append(f"{where} Message without a literal msgid")
        if name in ("Finding", "finding", "Issue"):
            found += [f"{where} {name}() with an English {keyword.arg}"
                      for keyword in node.keywords
                      if keyword.arg in SENTENCE_FIELDS and english_literal(keyword.value)]
    return sorted(found)


def test_the_rules_write_every_sentence_as_a_message():
    assert untranslatable_sentences(RULES) == []


def test_the_scan_finds_a_plain_sentence(tmp_path):
    (tmp_path / "bad.py").write_text(
        'Issue(code="x", message=f"Row {row}: bad.", hint=Message("Fix it."))\n'
        'self.finding(s, v, message=Message(text), remedy="Pay " + worker)\n'
        'Finding(message=("Paid {0}".format(x) if x else Message("ok")), remedy=remedy)\n')
    assert untranslatable_sentences(tmp_path) == [
        "bad.py:1 Issue() with an English message",
        "bad.py:2 Message without a literal msgid",
        "bad.py:2 finding() with an English remedy",
        "bad.py:3 Finding() with an English message",
    ]
