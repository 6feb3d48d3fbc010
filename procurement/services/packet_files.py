"""The files of a commission packet: the PDF an officer prints for a commission meeting and
the .xlsx of the same content. Pure functions of a `Packet`: no database access. The caller
passes strings already translated; the few words the writers add ("Page 3 of 7", "Period",
"Generated") are translated in the active language.

Fonts: the PDF uses a Unicode TrueType font found on the machine (DejaVu Sans, else
Liberation Sans; UNICODE_FONTS), so accents and non-Latin letters print. Where none is
installed it falls back to the PDF core font Helvetica, which covers only Latin-1: other
characters are then written as their nearest Latin-1 form (curly quotes and dashes as plain
ones, a letter with an accent Latin-1 lacks without it) or "?" (`_latin1`). Scripts the
found font itself lacks (Chinese, for one) print as blanks.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from procurement.services.exports import neutralise

# fpdf2's own pdf.table() measures every cell twice through its general line breaker: about
# 9 s for 5,000 rows of six short cells on our machines, 13 s when cells wrap. The packet's
# tables are plain (one font, no spans, no images), so they are laid out here with fpdf2's
# drawing primitives (text, rect) and the font's own glyph widths: the same 5,000 rows in
# about a second. Past this many rows in total a PDF is refused (PacketTooLarge).
PACKET_PDF_MAX_ROWS = 5_000
# A cell's text past this many characters is cut ("…"): a packet is read on paper.
PDF_CELL_MAX_CHARS = 1_000
# Excel's own limit for the text of a cell (one character is kept for neutralise's apostrophe).
XLSX_CELL_MAX_CHARS = 32_767

# (regular, bold) TrueType files, first found wins (Debian/Ubuntu, then Fedora paths).
UNICODE_FONTS: tuple[tuple[Path, Path], ...] = (
    (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
     Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")),
    (Path("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf"),
     Path("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf")),
    (Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
     Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf")),
    (Path("/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf"),
     Path("/usr/share/fonts/liberation-sans/LiberationSans-Bold.ttf")),
)

# fontTools reports every font subset it makes at INFO: a dozen lines for each PDF written.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)

Value = str | int | float | Decimal | dt.date | None


@dataclass(frozen=True)
class PacketSection:
    title: str
    note: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    empty: str

    def __post_init__(self) -> None:
        width = len(self.columns)
        for number, row in enumerate(self.rows, 1):
            if len(row) != width:
                raise ValueError(f"Section {self.title!r}: row {number} has {len(row)} "
                                 f"values for {width} columns.")
        if self.rows and not width:
            raise ValueError(f"Section {self.title!r} has rows but no columns.")


@dataclass(frozen=True)
class Packet:
    title: str
    jurisdiction: str
    date_from: dt.date
    date_to: dt.date
    generated_at: dt.datetime
    sections: tuple[PacketSection, ...]

    @property
    def row_count(self) -> int:
        return sum(len(section.rows) for section in self.sections)


class PacketTooLarge(ValueError):
    """More rows than a PDF packet holds; `rows` and `limit` let the caller say so in the
    reader's language."""

    def __init__(self, rows: int, limit: int) -> None:
        self.rows, self.limit = rows, limit
        super().__init__(f"A commission packet PDF holds up to {limit:,} rows; this one has "
                         f"{rows:,}.")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _period(packet: Packet) -> str:
    return _("%(start)s to %(end)s") % {"start": date_format(packet.date_from, "DATE_FORMAT"),
                                        "end": date_format(packet.date_to, "DATE_FORMAT")}


def _generated(packet: Packet) -> str:
    return date_format(_local(packet.generated_at), "DATETIME_FORMAT")


# ---------------------------------------------------------------------------------------- PDF

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_LATIN1_LOOKALIKES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"',
    "\u201e": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...",
    "\u2022": "*", "\u00a0": " ", "\u202f": " ", "\u2009": " "})

PAGE_MARGIN = 12.7  # mm: half an inch
BODY_PT = 8
LINE_HEIGHT = 3.6  # mm, for BODY_PT
CELL_PAD_X, CELL_PAD_Y = 1.2, 0.8
BORDER_GREY, HEADER_FILL = 150, 225


def _printable(text: str) -> str:
    return _CONTROL_CHARACTERS.sub(" ", text)


def _latin1(text: str) -> str:
    """The text in Latin-1, for the core font: look-alikes for common punctuation, accents
    Latin-1 lacks dropped (NFKD), "?" for the rest."""
    text = _printable(text).translate(_LATIN1_LOOKALIKES)
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for character in text:
        if ord(character) < 256:
            out.append(character)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", character)
                       if not unicodedata.combining(c))
        out.append(base if base and all(ord(c) < 256 for c in base) else "?")
    return "".join(out)


class _PacketPDF(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="L", unit="mm", format="letter")
        self.set_margins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        self.set_auto_page_break(True, margin=PAGE_MARGIN + 4)
        self.c_margin = 0
        self.packet_font = "Helvetica"
        self.clean: Callable[[str], str] = _latin1
        for regular, bold in UNICODE_FONTS:
            if regular.is_file():
                self.add_font("PacketSans", "", regular)
                self.add_font("PacketSans", "B", bold if bold.is_file() else regular)
                self.packet_font, self.clean = "PacketSans", _printable
                break
        self._widths: dict[str, dict[str, float]] = {"": {}, "B": {}}

    def footer(self) -> None:
        self.set_y(-PAGE_MARGIN)
        self.set_font(self.packet_font, "", 7)
        self.set_text_color(90)
        self.cell(0, 4, self.clean(_("Page %(page)s of %(pages)s")
                                   % {"page": self.page_no(), "pages": "{nb}"}), align="C")
        self.set_text_color(0)

    def width_of(self, text: str, style: str = "") -> float:
        """Width in mm at BODY_PT, from the glyph widths (fpdf2 does not kern text it does not
        shape, so a sum of glyphs is the width it draws), remembered per text: a packet
        repeats its words."""
        widths = self._widths[style]
        total = widths.get(text)
        if total is not None:
            return total
        total = 0.0
        for character in text:
            width = widths.get(character)
            if width is None:
                self.set_font(self.packet_font, style, BODY_PT)
                width = widths[character] = self.get_string_width(character)
            total += width
        widths[text] = total
        return total


def _cell_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if _is_number(value):
        if isinstance(value, (float, Decimal)) and not math.isfinite(value):
            return str(value)
        return number_format(value, force_grouping=True)
    text = str(value)
    if len(text) > PDF_CELL_MAX_CHARS:
        text = text[:PDF_CELL_MAX_CHARS - 1] + "\u2026"
    return text


def _break_word(word: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """A word wider than the column, cut where it reaches the edge."""
    pieces, piece, piece_width = [], "", 0.0
    for character in word:
        character_width = measure(character)
        if piece and piece_width + character_width > width:
            pieces.append(piece)
            piece, piece_width = "", 0.0
        piece += character
        piece_width += character_width
    pieces.append(piece)
    return pieces


def _wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Lines of at most `width` mm, broken between words (inside a word only when it alone is
    wider); a newline in the text starts a new line."""
    lines: list[str] = []
    space = measure(" ")
    for paragraph in text.split("\n"):
        line, line_width = "", 0.0
        for word in filter(None, paragraph.split(" ")):  # never at a no-break space
            word_width = measure(word)
            if line and line_width + space + word_width <= width:
                line, line_width = f"{line} {word}", line_width + space + word_width
                continue
            if line:
                lines.append(line)
            if word_width <= width:
                line, line_width = word, word_width
            else:
                *whole, line = _break_word(word, width, measure)
                lines.extend(whole)
                line_width = measure(line)
        lines.append(line)
    return lines


def _cut(lines: list[str], most: int, width: float, measure: Callable[[str], float],
         ellipsis: str) -> list[str]:
    if len(lines) <= most:
        return lines
    last = lines[most - 1]
    while last and measure(last + ellipsis) > width:
        last = last[:-1]
    return [*lines[:most - 1], last + ellipsis]


def _column_widths(texts: Sequence[Sequence[str]], available: float,
                   measure: Callable[[str], float]) -> list[float]:
    """As a browser lays out an automatic table: every column at least its longest word,
    the room left shared in proportion to how much more each column's longest text needs."""
    padding = 2 * CELL_PAD_X
    narrowest, widest = [], []
    for column in zip(*texts, strict=True):
        words = [measure(word) for text in column for word in text.split(" ")]
        lines = [measure(line) for text in column for line in text.split("\n")]
        narrowest.append(min(max(words, default=0.0), 45.0) + padding)
        widest.append(min(max(lines, default=0.0), 120.0) + padding)
    if sum(widest) <= available:
        return [width * available / sum(widest) for width in widest]
    if sum(narrowest) >= available:
        return [width * available / sum(narrowest) for width in narrowest]
    room = (available - sum(narrowest)) / (sum(widest) - sum(narrowest))
    return [low + (high - low) * room for low, high in zip(narrowest, widest, strict=True)]


def _draw_row(pdf: _PacketPDF, cells: Sequence[list[str]], widths: Sequence[float],
              right: Sequence[bool], height: float, style: str) -> None:
    pdf.set_font(pdf.packet_font, style, BODY_PT)
    x, y = pdf.l_margin, pdf.y
    baseline = y + CELL_PAD_Y + LINE_HEIGHT * 0.75
    for lines, width, align_right in zip(cells, widths, right, strict=True):
        pdf.rect(x, y, width, height, style="DF" if style else "D")
        for number, line in enumerate(lines):
            if not line:
                continue
            left = x + CELL_PAD_X
            if align_right:
                left = x + width - CELL_PAD_X - pdf.width_of(line, style)
            pdf.text(left, baseline + number * LINE_HEIGHT, line)
        x += width
    pdf.set_y(y + height)


def _section_pdf(pdf: _PacketPDF, section: PacketSection) -> None:
    clean = pdf.clean
    if pdf.get_y() > pdf.page_break_trigger - 30:
        pdf.add_page()
    pdf.set_font(pdf.packet_font, "B", 12)
    pdf.multi_cell(0, 6, clean(section.title), new_x="LMARGIN", new_y="NEXT")
    if section.note:
        pdf.set_font(pdf.packet_font, "", 9)
        pdf.multi_cell(0, 4.5, clean(section.note), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    if not section.rows:
        pdf.set_font(pdf.packet_font, "", 9)
        pdf.multi_cell(0, 4.5, clean(section.empty), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(5)
        return

    body, bold = pdf.width_of, partial(pdf.width_of, style="B")
    ellipsis = clean("\u2026")
    header = [clean(column) for column in section.columns]
    rows = [[clean(_cell_text(value)) for value in row] for row in section.rows]
    right = [any(_is_number(row[j]) for row in section.rows)
             and all(row[j] is None or _is_number(row[j]) for row in section.rows)
             for j in range(len(header))]
    widths = _column_widths([header, *rows], pdf.epw, bold)
    room = [width - 2 * CELL_PAD_X for width in widths]
    bottom = pdf.page_break_trigger

    def layout(texts: Sequence[str], measure: Callable[[str], float], most: int
               ) -> tuple[list[list[str]], float]:
        cells = [_cut(_wrap(text, width, measure), most, width, measure, ellipsis)
                 for text, width in zip(texts, room, strict=True)]
        return cells, max(len(lines) for lines in cells) * LINE_HEIGHT + 2 * CELL_PAD_Y

    header_cells, header_height = layout(header, bold, 6)
    # A row taller than a page cannot break across pages: its cells are cut to fit one.
    most_lines = int((bottom - pdf.t_margin - header_height - 2 * CELL_PAD_Y) // LINE_HEIGHT)
    pdf.set_draw_color(BORDER_GREY)
    pdf.set_fill_color(HEADER_FILL)
    pdf.set_line_width(0.2)
    first = True
    for row in rows:
        cells, height = layout(row, body, most_lines)
        if first or pdf.get_y() + height > bottom:
            if pdf.get_y() + header_height + height > bottom:
                pdf.add_page()
            _draw_row(pdf, header_cells, widths, right, header_height, "B")
            first = False
        _draw_row(pdf, cells, widths, right, height, "")
    pdf.ln(6)


def packet_pdf(packet: Packet, *, compress: bool = True) -> bytes:
    """The packet as a US Letter landscape PDF: a title block, then each section's title,
    note and table (header repeated on every page, long cells wrapped, numbers right-aligned
    in the language's digit grouping, dates as ISO), "Page N of M" at the foot. Raises
    PacketTooLarge (a ValueError) past PACKET_PDF_MAX_ROWS rows. `compress=False` leaves the
    page text readable in the file (for tests)."""
    if packet.row_count > PACKET_PDF_MAX_ROWS:
        raise PacketTooLarge(packet.row_count, PACKET_PDF_MAX_ROWS)
    pdf = _PacketPDF()
    clean = pdf.clean
    pdf.set_compression(compress)
    pdf.set_title(clean(packet.title))
    pdf.set_subject(clean(packet.jurisdiction))
    pdf.set_creator("GoodBid")
    pdf.set_lang(get_language() or "en")
    if timezone.is_aware(packet.generated_at):
        pdf.set_creation_date(packet.generated_at)
    pdf.add_page()
    pdf.set_font(pdf.packet_font, "B", 16)
    pdf.multi_cell(0, 8, clean(packet.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.packet_font, "", 11)
    pdf.multi_cell(0, 6, clean(packet.jurisdiction), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.packet_font, "", 9)
    for label, value in ((_("Period"), _period(packet)),
                         (_("Generated"), _generated(packet))):
        pdf.multi_cell(0, 4.5, clean(f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    for section in packet.sections:
        _section_pdf(pdf, section)
    return bytes(pdf.output())


# --------------------------------------------------------------------------------------- XLSX

_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_BOLD = Font(bold=True)


def _sheet_name(title: str, taken: set[str], number: int) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, no apostrophe at either end,
    unique regardless of case ("History" is reserved)."""
    name = ILLEGAL_CHARACTERS_RE.sub("", _SHEET_NAME_FORBIDDEN.sub(" ", title))
    name = " ".join(name.split()).strip("'")[:31].strip() or str(number)
    candidate, copy = name, 1
    while candidate.casefold() in taken:
        copy += 1
        suffix = f" ({copy})"
        candidate = name[:31 - len(suffix)].rstrip() + suffix
    taken.add(candidate.casefold())
    return candidate


def _xlsx_value(sheet: WriteOnlyWorksheet, value: Value, bold: bool = False) -> object:
    """A number stays a number and a date a date; text is neutralised and written as text
    (never a formula), without the control characters a workbook cannot hold."""
    if isinstance(value, dt.datetime):
        value = _local(value).replace(tzinfo=None)
    elif _is_number(value) and not math.isfinite(value):
        value = str(value)
    if isinstance(value, str):
        value = neutralise(ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_CELL_MAX_CHARS - 1]) or None
    if not isinstance(value, str) and not bold:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if bold:
        cell.font = _BOLD
    return cell


def _text_width(value: Value) -> int:
    text = _cell_text(value) if not isinstance(value, str) else value
    return max((len(line) for line in text.split("\n")), default=0)


def _set_widths(sheet: WriteOnlyWorksheet, rows: Iterable[Sequence[Value]]) -> None:
    widest: dict[int, int] = {}
    for row in rows:
        for index, value in enumerate(row, 1):
            widest[index] = max(widest.get(index, 0), _text_width(value))
    for index, width in widest.items():
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8) + 2, 60)


def packet_xlsx(packet: Packet) -> bytes:
    """The packet as a workbook: a "Summary" sheet (title, jurisdiction, period, when it was
    generated, and each section with its note, row count and sheet), then one sheet per
    section with its header on a bold, frozen first row. Written in write-only mode."""
    workbook = Workbook(write_only=True)
    taken = {"history"}
    summary = workbook.create_sheet(_sheet_name(_("Summary"), taken, 0))
    sheet_names = [_sheet_name(section.title, taken, number)
                   for number, section in enumerate(packet.sections, 1)]
    contents_header = (_("Section"), _("Note"), _("Rows"), _("Sheet"))
    contents = [(section.title, section.note or None, len(section.rows), name)
                for section, name in zip(packet.sections, sheet_names, strict=True)]
    _set_widths(summary, [contents_header, *contents])
    summary.column_dimensions["A"].width = 60
    summary.append([_xlsx_value(summary, packet.title, bold=True)])
    summary.append([_xlsx_value(summary, packet.jurisdiction)])
    summary.append([_xlsx_value(summary, _("Period")), packet.date_from, packet.date_to])
    summary.append([_xlsx_value(summary, _("Generated")),
                    _xlsx_value(summary, packet.generated_at)])
    summary.append([])
    summary.append([_xlsx_value(summary, value, bold=True) for value in contents_header])
    for row in contents:
        summary.append([_xlsx_value(summary, value) for value in row])

    for section, name in zip(packet.sections, sheet_names, strict=True):
        sheet = workbook.create_sheet(name)
        sheet.freeze_panes = "A2"
        _set_widths(sheet, [section.columns, *section.rows])
        sheet.append([_xlsx_value(sheet, column, bold=True) for column in section.columns])
        if not section.rows:
            sheet.append([_xlsx_value(sheet, section.empty)])
        for row in section.rows:
            sheet.append([_xlsx_value(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
