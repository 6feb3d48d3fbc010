"""Import issues are told in the reader's language: each keeps its msgid and values beside the
English text, so the page a vendor reads can translate it after the check has run."""

from __future__ import annotations

from pathlib import Path

import pytest

from imports import ImportRejected, import_file, read_table
from imports.i18n import Message
from tests.sentences import (
    SENTENCE_FIELDS,
    call_name,
    calls,
    english_literal,
    literal_msgid,
)
from tests.support import WAGE_HEADER, csv_bytes

WORKFORCE = ["Trade", "Period ending", "Hours", "Worker", "Gender", "Boston resident", "Home ZIP"]
SPANISH = {
    "Row {row}, column {column}: '{value}' is not a number GoodBid can read for sure: the "
    "comma could be a decimal point or a thousands separator.":
        "Fila {row}, columna {column}: '{value}' no es un número que GoodBid pueda leer con "
        "seguridad.",
    "Write it with a decimal point: {fixed}.": "Escríbalo con punto decimal: {fixed}.",
    "Row {row}, column {column}: '{value}' is not {what} GoodBid understands, so it is "
    "counted as not stated.": "Fila {row}, columna {column}: '{value}' no es {what}.",
    "a gender": "un género",
}


def messy_issues() -> list:
    wage = import_file(csv_bytes(delimiter=";", rows=[
        [*WAGE_HEADER[:-1], "Week ending"],
        ["Ana", "Custodian", "18,20", "40", "2024-07-07"],
        ["Bo", "Custodian", "abc", "-4", "someday"],
        ["", "Custodian", "18.20", "200", "2024-07-07"],
        ["Cy", "Custodian", "18.20", "40", "2024-07-07"],
        ["Cy", "Custodian", "18.20", "40", "2024-07-07"],
        ["Total", "", "", "320", ""],
    ]), "w.csv", "wage").issues.issues
    workforce = import_file(csv_bytes([
        WORKFORCE,
        ["Carpenter", "2024-07-07", "40", "W1", "Zebra", "maybe", "2119"],
        ["Carpenter", "2024-07-07", "40", "W2", "Woman", "t", "ABCDE"],
    ]), "f.csv", "workforce").issues.issues
    with pytest.raises(ImportRejected) as missing:
        import_file(csv_bytes([["Worker", "Hours"], ["Ana", "40"]]), "m.csv", "wage")
    with pytest.raises(ImportRejected) as unreadable:
        read_table(b"PK\x03\x04 not really a zip", "r.xlsx")
    return [*wage, *workforce, *missing.value.issues, *unreadable.value.issues]


def test_every_issue_keeps_its_msgid_and_values_and_they_give_back_its_english():
    issues = messy_issues()
    codes = {issue.code for issue in issues}
    assert {"import.decimal-comma", "import.not-a-number", "import.negative-number",
            "import.not-a-date", "import.missing-value", "import.too-many-hours",
            "import.duplicate-row", "import.totals-row-excluded", "import.unknown-gender",
            "import.not-yes-no", "import.zip-leading-zero-restored", "import.invalid-zip",
            "import.missing-column", "import.damaged-file"} <= codes
    for issue in issues:
        assert set(issue.i18n) == {"message", "hint"}, issue.code
        assert Message.from_dict(issue.i18n["message"]).render() == issue.message
        assert Message.from_dict(issue.i18n["hint"]).render() == issue.hint
        assert issue.to_dict()["i18n"] == issue.i18n


def test_a_translation_fills_in_the_rows_own_values():
    (comma,) = [i for i in messy_issues() if i.code == "import.decimal-comma"]
    translate = lambda msgid: SPANISH.get(msgid, msgid)  # noqa: E731
    assert Message.from_dict(comma.i18n["message"]).render(translate) == (
        "Fila 2, columna Hourly rate: '18,20' no es un número que GoodBid pueda leer con "
        "seguridad.")
    assert Message.from_dict(comma.i18n["hint"]).render(translate) == (
        "Escríbalo con punto decimal: 18.20.")


def test_a_phrase_inside_a_sentence_is_translated_too():
    (gender,) = [i for i in messy_issues() if i.code == "import.unknown-gender"]
    spanish = Message.from_dict(gender.i18n["message"]).render(
        lambda msgid: SPANISH.get(msgid, msgid))
    assert spanish == "Fila 2, columna Gender: 'Zebra' no es un género."


def test_a_translation_that_names_a_missing_value_falls_back_to_english():
    message = Message("Row {row}: '{value}' is negative.", row=3, value="-4")
    assert message.render(lambda msgid: "Fila {fila}: negativo.") == "Row 3: '-4' is negative."


def test_values_must_be_plain_so_the_report_can_be_stored():
    with pytest.raises(TypeError, match="text or a number"):
        Message("Paid {amount}", amount=object())


def untranslatable_sentences(folder: Path) -> list[str]:
    """Sentences written as plain or f-strings where a Message belongs, and Message calls
    whose msgid is not a literal (xgettext could not collect it)."""
    found = []
    # The code catalogue marks its msgids with gettext_noop and makes Messages from them.
    for path, node in calls(set(folder.glob("*.py")) - {folder / "i18n.py",
                                                        folder / "codes.py"}):
        name, where = call_name(node), f"{path.name}:{node.lineno}"
        if name == "Message" and not literal_msgid(node):
            found.append(f"{where} Message without a literal msgid")
        sentences = [k.value for k in node.keywords if k.arg in SENTENCE_FIELDS]
        if name in ("reject", "flag"):
            sentences += node.args[1:3] if name == "reject" else node.args[3:5]
        if name in ("Issue", "Finding", "reject", "flag"):
            found += [f"{where} {name}() with an English string"
                      for sentence in sentences if english_literal(sentence)]
    return sorted(found)


def test_imports_writes_every_sentence_as_a_message():
    assert untranslatable_sentences(Path(__file__).parents[2] / "imports") == []


def test_the_scan_finds_a_plain_sentence(tmp_path):
    (tmp_path / "bad.py").write_text(
        'Issue(code="x", severity="error", message=f"Row {row} is bad", hint=Message(h))\n'
        'reject("import.x", "Plain English.", Message("ok"))\n')
    assert untranslatable_sentences(tmp_path) == [
        "bad.py:1 Issue() with an English string", "bad.py:1 Message without a literal msgid",
        "bad.py:2 reject() with an English string"]


def test_a_report_written_in_spanish_reads_like_one_in_english():
    workforce = import_file(csv_bytes([
        ["Oficio", "Semana que termina", "Horas trabajadas", "Trabajador", "Género",
         "Persona de color", "Residente de Boston", "Código postal", "Oficial o aprendiz"],
        ["Carpintero", "2024-07-07", "40", "T1", "Mujer", "Sí", "no", "02119", "aprendiz"],
        ["Carpintero", "2024-07-07", "32", "T2", "hombre", "NO", "si", "02446", "Oficial"],
        ["Carpintero", "2024-07-07", "8", "T3", "No binario", "verdadero", "", "", ""],
    ]), "obra.csv", "workforce")
    assert workforce.issues.flatten(("row", "code")) == []
    frame = workforce.frame
    assert frame["gender"].tolist() == ["woman", "man", "nonbinary"]
    assert frame["person_of_color"].tolist() == [True, False, True]
    assert frame["boston_resident"].tolist()[:2] == [False, True]
    assert frame["worker_class"].tolist()[:2] == ["apprentice", "journey"]

    wages = import_file(csv_bytes([
        ["Nombre del trabajador", "Puesto", "Tarifa por hora", "Horas",
         "Fin del período de pago"], ["Ana", "Conserje", "18.20", "40", "2024-07-07"]]),
        "salarios.csv", "wage")
    assert wages.issues.flatten(("row", "code")) == [] and wages.rows_accepted == 1
