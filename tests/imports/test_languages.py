"""A vendor's own words: reports headed and filled in any language of imports/languages.toml
read exactly as the English ones, and a template in that language reads back cleanly."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections import Counter

import openpyxl
import pandas as pd
import pytest

from imports import REPORT_TYPES, import_file
from imports.report_types import GENDERS, WORKER_CLASSES, ReportType, header_reader
from imports.table import _without_numbering
from imports.templates import build_template, template_fields
from imports.values import YES_NO, parse_choice
from imports.words import VALUE_WORDS, Language, languages, words
from tests.support import csv_bytes

# The languages GoodBid's pages are read in.
LANGUAGES = ["es", "ht", "zh-hans", "zh-hant", "vi", "kea", "ru", "ar", "pt-br", "fr", "so",
             "hmn", "lo"]
# Two fields sharing a name, left to what the column holds: "Earnings" of dollar amounts is
# the amount, of "Regular" and "OT" the earnings line (report_types._check_contents).
KNOWN_SHARED = {("wage", "earnings")}
ENGLISH_VALUES = {"yes": "t", "no": "f", "woman": "Woman", "man": "Man",
                  "nonbinary": "Non-binary", "journey": "journey", "apprentice": "apprentice"}


def key(text: str) -> str:
    """A header as the header reader compares it."""
    return " ".join(_without_numbering(words(text)))


def shared_kinds() -> dict[str, str]:
    """The kind most report types give a field name: the field `[xx.fields]` words are for.
    A field of another kind (a plan's `period_end` is a month) needs its report type's own."""
    kinds = Counter((spec.name, spec.kind) for report_type in REPORT_TYPES.values()
                    for spec in report_type.fields)
    shared: dict[str, str] = {}
    for (name, kind), _ in kinds.most_common():
        shared.setdefault(name, kind)
    return shared


def missing_words(language: Language) -> list[str]:
    """Every field of every report type, and every value, `language` gives no word for."""
    shared = shared_kinds()
    missing = [f"{report_type.code}.{spec.name}" for report_type in REPORT_TYPES.values()
               for spec in report_type.fields
               if not (language.headers(report_type.code, spec.name)
                       if spec.kind == shared[spec.name]
                       else language.report_types.get(report_type.code, {}).get(spec.name))]
    return missing + [f"values.{value}" for value in VALUE_WORDS
                      if not language.values.get(value)]


def unknown_names(language: Language) -> list[str]:
    """Names in the file that no report type has (a misspelt field is never read)."""
    fields = {spec.name for report_type in REPORT_TYPES.values() for spec in report_type.fields}
    unknown = [f"fields.{name}" for name in language.fields if name not in fields]
    for code, own in language.report_types.items():
        names = {spec.name for spec in REPORT_TYPES[code].fields} if code in REPORT_TYPES \
            else set()
        unknown += [f"{code}.{name}" for name in own if name not in names]
    return unknown + [f"values.{value}" for value in language.values
                      if value not in VALUE_WORDS]


def shared_names(report_type: ReportType) -> set[tuple[str, str]]:
    """Names (as read) two fields of `report_type` both go by, in any languages."""
    fields_by_name: dict[str, set[str]] = {}
    for spec in report_type.fields:
        for name in (spec.label, *spec.aliases):
            fields_by_name.setdefault(key(name), set()).add(spec.name)
    return {(report_type.code, name) for name, fields in fields_by_name.items()
            if len(fields) > 1}


# What each value word of the file means in each vocabulary of the importer.
MEANINGS = {"gender": {"woman": "woman", "man": "man", "nonbinary": "nonbinary"},
            "worker_class": {"journey": "journey", "no": "journey",
                             "apprentice": "apprentice", "yes": "apprentice"},
            "yes_no": {"yes": True, "no": False}}
VOCABULARIES = {"gender": GENDERS, "worker_class": WORKER_CLASSES, "yes_no": YES_NO}


def written_words(vocabulary: str) -> list[tuple[str, object]]:
    """(word, meaning) as the file and the importer's English give them, each time given."""
    return [*VOCABULARIES[vocabulary].items(),
            *((word, meaning) for language in languages().values()
              for value, meaning in MEANINGS[vocabulary].items()
              for word in language.values[value])]


def ambiguous_words(pairs: list[tuple[str, object]]) -> dict[str, set]:
    """Value words (as read) that mean two things."""
    meanings: dict[str, set] = {}
    for word, meaning in pairs:
        meanings.setdefault(" ".join(words(word)), set()).add(meaning)
    return {word: found for word, found in meanings.items() if len(found) > 1}


def without_raw(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[c for c in frame.columns if c.endswith("_raw")])


# -- (c) the file covers every field of every report type, in every language ---------------

def test_every_language_of_the_pages_has_words():
    assert list(languages()) == LANGUAGES


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_field_of_every_report_type_and_every_value_has_words(code):
    assert missing_words(languages()[code]) == []
    assert unknown_names(languages()[code]) == []


def test_a_field_without_words_is_found():
    spanish = languages()["es"]
    fields = {name: words_ for name, words_ in spanish.fields.items() if name != "fringe"}
    values = {name: words_ for name, words_ in spanish.values.items() if name != "nonbinary"}
    doctored = dataclasses.replace(spanish, fields=fields, values=values,
                                   report_types={"workforce_plan": {"period_ends": ("Mes",)}})
    assert missing_words(doctored) == ["certified_payroll.fringe", "workforce_plan.period_end",
                                       "values.nonbinary"]
    assert unknown_names(doctored) == ["workforce_plan.period_ends"]


# -- (d) no name means two fields of one report type ---------------------------------------

@pytest.mark.parametrize("report_type", list(REPORT_TYPES))
def test_no_name_means_two_fields_of_one_report_type_in_any_languages(report_type):
    assert shared_names(REPORT_TYPES[report_type]) == {
        shared for shared in KNOWN_SHARED if shared[0] == report_type}


def test_a_name_two_fields_share_once_read_is_found():
    wage = REPORT_TYPES["wage"]
    # Vietnamese without its accents: "Giờ" (hours) and "Giỗ" (a memorial day) are "gio".
    hours = dataclasses.replace(wage.field("hours"), aliases=("Giờ",))
    pay_date = dataclasses.replace(wage.field("pay_date"), aliases=("GIỖ",))
    doctored = dataclasses.replace(wage, fields=(hours, pay_date))
    assert shared_names(doctored) == {("wage", "gio")}


@pytest.mark.parametrize("vocabulary", list(VOCABULARIES))
def test_no_value_word_means_two_things(vocabulary):
    assert ambiguous_words(written_words(vocabulary)) == {}


def test_a_value_word_meaning_two_things_is_found():
    assert ambiguous_words([*written_words("gender"), ("NỮ", "man")]) == {
        "nu": {"woman", "man"}}


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_header_word_reads_as_its_field(code):
    language = languages()[code]
    misread = []
    for report_type in REPORT_TYPES.values():
        reader = header_reader(report_type)
        for spec in report_type.fields:
            for word in language.headers(report_type.code, spec.name):
                meaning = reader.meaning(word)
                if meaning is None or meaning.field != spec.name:
                    misread.append((report_type.code, spec.name, word,
                                    meaning.key if meaning else None))
    assert misread == []


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("vocabulary", list(VOCABULARIES))
def test_every_value_word_reads_as_its_value(code, vocabulary):
    values = languages()[code].values
    wanted = [(word, meaning) for value, meaning in MEANINGS[vocabulary].items()
              for word in values[value]]
    read = parse_choice(pd.Series([word for word, _ in wanted]), VOCABULARIES[vocabulary])
    assert list(zip(read.values.tolist(), [word for word, _ in wanted], strict=True)) == [
        (meaning, word) for word, meaning in wanted]


# -- words keep every script ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "read"), [
    ("Período de pago", ("periodo", "de", "pago")),
    ("Giờ làm việc", ("gio", "lam", "viec")),
    ("ĐƠN GIÁ GIỜ", ("don", "gia", "gio")),
    ("工时", ("工时",)),
    ("工人姓名 (Name)", ("工人姓名", "name")),
    ("ФИО работника", ("фио", "работника")),
    ("Расчётный период", ("расчетный", "период")),
    ("Табельный №", ("табельный", "no")),
    ("الأجر بالساعة", ("الاجر", "بالساعة")),
    ("أجر الساعة", ("اجر", "الساعة")),
    ("ບໍ່ແມ່ນ", ("ບໍ່ແມ່ນ",)),
    ("Employee’s name", ("employees", "name")),
])
def test_words_keep_every_script_and_drop_latin_accents(text, read):
    assert words(text) == read


def test_lao_tone_marks_and_cyrillic_letters_are_not_accents():
    assert words("ບໍ່") != words("ບໍ")  # "no", and a letter alone
    assert words("мой") != words("мои")


# -- (a) reports written in the vendor's language -------------------------------------------

# The workforce report's value columns, and the values each takes in turn.
VALUE_COLUMNS = {"gender": ("woman", "man", "nonbinary"), "person_of_color": ("yes", "no"),
                 "boston_resident": ("no", "yes"), "worker_class": ("journey", "apprentice")}


def value_cells(code: str) -> list[dict[str, tuple[str, str]]]:
    """Rows of (value, word) for each value column: every word `code` has for every value
    comes in turn, so each is read once at least."""
    language = languages()[code]
    pairs = {name: [(value, word) for value in values for word in language.values[value]]
             for name, values in VALUE_COLUMNS.items()}
    count = max(len(found) for found in pairs.values())
    return [{name: found[i % len(found)] for name, found in pairs.items()}
            for i in range(count)]


def workforce_csv(code: str, *, english: bool = False) -> bytes:
    """A workforce report headed in `code`'s words and written with its value words; or,
    `english`, the same rows headed and written in English."""
    fields = REPORT_TYPES["workforce"].fields
    header = [spec.label if english else languages()[code].headers("workforce", spec.name)[0]
              for spec in fields]
    rows = []
    for i, cells in enumerate(value_cells(code)):
        row = {"period_end": "2024-07-07", "trade": "Carpenter", "hours": str(40 - i),
               "worker": f"W{i}", "worker_id": str(1000 + i), "race": "Black",
               "zip": "02119", "project": "Library", "contractor": "Sparks Electric",
               "general_contractor": "Beacon Builders",
               **{name: ENGLISH_VALUES[value] if english else word
                  for name, (value, word) in cells.items()}}
        rows.append([row[spec.name] for spec in fields])
    return csv_bytes([header, *rows])


WAGE_FIELDS = ["worker", "job_title", "worker_id", "earning_type", "hourly_rate", "hours",
               "amount", "period_start", "period_end", "pay_date"]
WAGE_ROWS = [["Ana Lopez", "Custodian", "1001", "Regular", "18.20", "40", "728.00",
              "2024-07-01", "2024-07-07", "2024-07-12"],
             ["Bo Chen", "Porter", "1002", "Regular", "18.50", "32", "592.00", "2024-07-01",
              "2024-07-07", "2024-07-12"],
             ["Bo Chen", "Porter", "1002", "Overtime", "27.75", "4", "111.00", "2024-07-01",
              "2024-07-07", "2024-07-12"]]


def wage_csv(code: str | None) -> bytes:
    english = {"amount": "Amount"}  # "Earnings" is read by what the column holds
    header = [english.get(name, REPORT_TYPES["wage"].field(name).label) if code is None
              else languages()[code].headers("wage", name)[0] for name in WAGE_FIELDS]
    return csv_bytes([header, *WAGE_ROWS])


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_workforce_report_in_the_vendors_language_reads_as_the_english_one(code):
    english = import_file(workforce_csv(code, english=True), "w.csv", "workforce")
    assert english.issues.flatten(("row", "column", "code")) == []
    cells = value_cells(code)
    assert english.frame["gender"].tolist() == [row["gender"][0] for row in cells]
    assert english.frame["person_of_color"].tolist() == [
        row["person_of_color"][0] == "yes" for row in cells]
    assert english.frame["worker_class"].tolist() == [row["worker_class"][0] for row in cells]

    result = import_file(workforce_csv(code), "w.csv", "workforce")
    assert result.issues.flatten(("row", "column", "code", "value")) == []
    assert set(result.columns) == {spec.name for spec in REPORT_TYPES["workforce"].fields}
    pd.testing.assert_frame_equal(without_raw(result.frame), without_raw(english.frame))
    # The words as the vendor wrote them are kept beside what they mean.
    assert result.frame["gender_raw"].tolist() == [row["gender"][1] for row in cells]


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_wage_report_in_the_vendors_language_reads_as_the_english_one(code):
    english = import_file(wage_csv(None), "wages.csv", "wage")
    assert english.issues.flatten(("row", "column", "code")) == []
    assert english.frame["earning_type"].tolist() == ["regular", "regular", "overtime"]

    result = import_file(wage_csv(code), "salaires.csv", "wage")
    assert result.issues.flatten(("row", "column", "code", "value")) == []
    assert set(result.columns) == set(WAGE_FIELDS)
    pd.testing.assert_frame_equal(result.frame, english.frame)


@pytest.mark.parametrize("code", [None, *LANGUAGES])
def test_dates_read_two_ways_under_a_header_in_another_language_are_told(code):
    # Who heads the column in another language than English may write the day first.
    header = "Pay period end" if code is None else languages()[code].headers("wage",
                                                                             "period_end")[0]
    result = import_file(csv_bytes([["Worker", "Hourly rate", "Hours", header],
                                    ["Ana Lopez", "18.20", "40", "07/08/2024"]]),
                         "w.csv", "wage")
    assert result.issues.flatten(("code",)) == ([] if code is None
                                                else [("import.ambiguous-dates",)])


def test_a_report_mixing_languages_is_still_read():
    # A Russian header row with Vietnamese yes and no: every language is read at once.
    header = [languages()["ru"].headers("workforce", name)[0]
              for name in ("trade", "period_end", "hours", "person_of_color")]
    result = import_file(csv_bytes([header, ["Carpenter", "2024-07-07", "40", "Có"],
                                    ["Carpenter", "2024-07-07", "8", "Không"]]),
                         "w.csv", "workforce")
    assert result.issues.flatten(("row", "code")) == []
    assert result.frame["person_of_color"].tolist() == [True, False]


# -- (b) a template in the vendor's language --------------------------------------------------

@pytest.fixture(scope="module")
def english_templates() -> dict[str, pd.DataFrame]:
    return {code: import_file(build_template(code), f"{code}.xlsx", code).frame
            for code in REPORT_TYPES}


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("report_type", list(REPORT_TYPES))
def test_a_template_in_the_vendors_language_reads_back_with_zero_issues(
        code, report_type, english_templates):
    content = build_template(report_type, header_language=code)
    result = import_file(content, f"{report_type}.xlsx", report_type)
    assert result.issues.flatten(("row", "column", "code")) == []
    assert (result.sheet, result.rows_read, result.rows_accepted) == ("Report", 2, 2)
    pd.testing.assert_frame_equal(without_raw(result.frame),
                                  without_raw(english_templates[report_type]))
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    language = languages()[code]
    columns = template_fields(REPORT_TYPES[report_type])
    assert [cell.value for cell in workbook["Report"][1]] == [
        language.headers(report_type, spec.name)[0] for spec in columns]
    lists = {rule.formula1 for rule in workbook["Report"].data_validations.dataValidation
             if rule.type == "list"}
    offered = {spec.kind for spec in columns if spec.choices}
    wanted = {"gender": ("woman", "man", "nonbinary"), "yes_no": ("yes", "no"),
              "worker_class": ("journey", "apprentice")}
    assert lists == {'"' + ",".join(language.values[value][0] for value in wanted[kind]) + '"'
                     for kind in offered}


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_plan_prefilled_in_the_vendors_language_reads_back_once_its_hours_are_written(code):
    content = build_template("workforce_plan", trades=["Carpenter", "Electrician"],
                             months=[dt.date(2025, 3, 1), dt.date(2025, 4, 1)],
                             header_language=code)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    report = workbook["Report"]
    for row in range(2, 10):
        report.cell(row=row, column=4, value=160)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_file(buffer.getvalue(), "plan.xlsx", "workforce_plan")
    assert result.issues.flatten(("row", "column", "code")) == []
    journey, apprentice = (languages()[code].values[value][0]
                           for value in ("journey", "apprentice"))
    assert [report.cell(row=row, column=2).value for row in range(2, 6)] == [
        journey, journey, apprentice, apprentice]
    assert result.frame["worker_class"].tolist() == ["journey", "journey", "apprentice",
                                                     "apprentice"] * 2


def test_a_template_names_its_columns_in_the_instructions_as_its_header_row_does():
    workbook = openpyxl.load_workbook(io.BytesIO(build_template("workforce",
                                                                header_language="zh-hans")))
    headers = [cell.value for cell in workbook["Report"][1]]
    column = [row[0].value for row in workbook["Instructions"].iter_rows()]
    assert headers[:3] == ["工资期结束日", "工种", "工时"] and set(headers) <= set(column)


def test_a_template_without_a_language_stays_english():
    workbook = openpyxl.load_workbook(io.BytesIO(build_template("workforce")))
    assert [cell.value for cell in workbook["Report"][1]][:3] == ["Period ending", "Trade",
                                                                 "Hours"]


def test_a_template_in_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="tlh"):
        build_template("wage", header_language="tlh")
