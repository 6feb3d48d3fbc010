"""Hostile and broken uploads: each refused with a message a vendor can act on, quickly, with
nothing stored and the process alive. Every file is built here, small."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest

from imports import ImportRejected, import_file, read_table
from tests.support import WAGE_HEADER, xlsx_bytes

GOOD = xlsx_bytes([WAGE_HEADER, ["Ana", "Custodian", 18.2, 40, "2024-07-07"]])


def rewrite(content: bytes, changes: dict[str, bytes | None],
            extra: dict[str, bytes] | None = None) -> bytes:
    """A copy of a workbook with some parts replaced (None: dropped) or added."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = changes.get(item.filename, source.read(item.filename))
            if data is not None:
                target.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def sheet_xml(content: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")


def with_doctype(xml: bytes, doctype: bytes) -> bytes:
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    return b'<?xml version="1.0"?>' + doctype + body


def refused(content: bytes, name: str = "report.xlsx") -> tuple[str, str, float]:
    started = time.monotonic()
    with pytest.raises(ImportRejected) as rejection:
        import_file(content, name, "wage")
    (issue,) = rejection.value.issues
    return issue.code, issue.message + " " + issue.hint, time.monotonic() - started


def test_a_zip_bomb_is_refused_before_unpacking():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            for _ in range(40):
                part.write(b"\0" * (1 << 20))  # 40 MB of zeros: about 40 KB compressed
    code, text, seconds = refused(bomb.getvalue())
    assert code == "import.too-large-uncompressed" and "Split the report" in text
    assert seconds < 10


def test_xml_entity_declarations_are_refused_with_a_plain_message():
    bomb = with_doctype(sheet_xml(GOOD), b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
                                         b'"&lol;&lol;&lol;&lol;">]>')
    code, text, _ = refused(rewrite(GOOD, {"xl/worksheets/sheet1.xml": bomb}))
    assert code == "import.xml-entities" and "save it again as .xlsx" in text


def test_external_entities_are_refused():
    xxe = with_doctype(sheet_xml(GOOD),
                       b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>')
    assert refused(rewrite(GOOD, {"xl/worksheets/sheet1.xml": xxe}))[0] == "import.xml-entities"


def claiming_the_last_cell(content: bytes) -> bytes:
    return rewrite(content, {"xl/worksheets/sheet1.xml": re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', sheet_xml(content))})


def test_a_sheet_whose_tag_claims_the_last_cell_of_excel_is_read_by_its_real_cells():
    # Some programs write the whole sheet's range in the <dimension> tag: the cells decide.
    result = import_file(claiming_the_last_cell(GOOD), "tagged.xlsx", "wage")
    assert (result.rows_accepted, result.issues.flatten(("code",))) == (1, [])


def test_a_sheet_whose_cells_reach_the_last_cell_of_excel_is_refused_before_reading():
    xml = sheet_xml(claiming_the_last_cell(GOOD)).replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'
                         b"</sheetData>")
    code, text, seconds = refused(rewrite(GOOD, {"xl/worksheets/sheet1.xml": xml}))
    assert code == "import.sheet-too-large" and "Ctrl+End" in text
    assert seconds < 5


def test_a_reader_crash_is_a_rejection_not_a_dead_process():
    # A cell at XFD1048576 with no <dimension> to give it away: python-calamine aborts the
    # process that parses it; here that is the child, and this process goes on.
    xml = sheet_xml(GOOD)
    xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
    xml = xml.replace(b"</sheetData>",
                      b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>')
    content = rewrite(GOOD, {"xl/worksheets/sheet1.xml": xml})
    with pytest.raises(ImportRejected) as rejection:
        import_file(content, "far.xlsx", "wage")
    assert rejection.value.issues[0].code in ("import.unreadable-workbook",
                                              "import.sheet-too-large")
    assert import_file(GOOD, "fine.xlsx", "wage").rows_accepted == 1  # still alive


def test_shared_strings_claiming_billions_are_refused():
    strings = b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxml' \
              b'formats.org/spreadsheetml/2006/main" count="4294967295" ' \
              b'uniqueCount="4294967295"><si><t>x</t></si></sst>'
    content = rewrite(GOOD, {}, extra={"xl/sharedStrings.xml": strings})
    assert refused(content)[0] == "import.too-complex"


def test_an_encrypted_workbook_says_to_remove_the_password():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + \
        "EncryptedPackage".encode("utf-16-le") + b"\0" * 600
    code, text, _ = refused(ole)
    assert code == "import.encrypted-workbook" and "remove the password" in text


def test_strict_ooxml_says_how_to_save_a_normal_workbook():
    workbook = zipfile.ZipFile(io.BytesIO(GOOD)).read("xl/workbook.xml").replace(
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        b"http://purl.oclc.org/ooxml/spreadsheetml/main")
    code, text, _ = refused(rewrite(GOOD, {"xl/workbook.xml": workbook}))
    assert code == "import.strict-ooxml" and "Excel Workbook (.xlsx)" in text


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (GOOD[: len(GOOD) // 2], "import.damaged-file"),  # truncated upload
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + b"\0" * 64, "import.picture"),
        (rewrite(GOOD, {"xl/workbook.xml": None}), "import.unsupported-format"),
    ],
    ids=["truncated", "renamed-png", "zip-not-a-workbook"],
)
def test_broken_and_renamed_files(content, code):
    assert refused(content)[0] == code


def test_the_sheet_with_the_report_is_chosen_and_hidden_sheets_are_not_read():
    def more_sheets(workbook):
        notes = workbook.create_sheet("Notes", 0)
        notes["A1"] = "Prepared by payroll"
        hidden = workbook.create_sheet("Old data")
        hidden.append(WAGE_HEADER)
        hidden.sheet_state = "hidden"

    content = xlsx_bytes([WAGE_HEADER, ["Ana", "Custodian", 18.2, 40, "2024-07-07"]],
                         sheet="Payroll", before=more_sheets)
    result = import_file(content, "book.xlsx", "wage")
    assert (result.sheet, result.rows_accepted) == ("Payroll", 1)
    assert read_table(content, "book.xlsx").hidden_sheets == ("Old data",)

    def only_hidden(workbook):
        workbook.active.title = "Cover"
        data = workbook.create_sheet("Payroll")
        data.append(WAGE_HEADER)
        data.sheet_state = "hidden"

    cover_only = xlsx_bytes([["Cover page"]], sheet="Cover", before=only_hidden)
    with pytest.raises(ImportRejected) as rejection:
        import_file(cover_only, "hidden.xlsx", "wage")
    assert "hidden sheets (Payroll)" in rejection.value.issues[0].hint


def test_a_legacy_xls_that_cannot_be_read_says_how_to_convert():
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "Workbook".encode("utf-16-le") \
        + b"\x01" * 600
    code, text, seconds = refused(xls, "old.xls")
    assert code == "import.unreadable-workbook"
    assert "save it as an Excel workbook (.xlsx), or as CSV" in text
    assert seconds < 10
