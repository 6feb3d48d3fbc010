"""Hostile uploads: what is checked before any spreadsheet reader sees the bytes.

Measured on this machine class with the current libraries: python-calamine aborts the whole
process (no exception) on a 3 KB sheet whose one cell sits at XFD1048576 and on a
shared-strings part that claims 4 billion entries; no reader refuses a 1.2 GB zip bomb by
itself; entity bombs are refused only with messages no vendor can act on; an encrypted
workbook reads as "not a zip file"; openpyxl reads Strict OOXML as zero rows. So the zip
directory, each XML part's prologue, the sheet dimensions and the shared-strings count are
checked here first, and the parse itself runs in a child process with memory and time limits
(imports.reader), so that a reader's crash becomes a clear rejection, never a dead worker.
"""

from __future__ import annotations

import io
import re
import zipfile

from imports.i18n import Message
from imports.issues import ImportRejected, Issue

MAX_PARTS = 2_000
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_PART_RATIO = 200  # uncompressed / compressed, for parts over 20 MB
RATIO_CHECKED_ABOVE = 20 * 1024 * 1024
MAX_ROWS = 1_100_000
MAX_COLUMNS = 250
MAX_SHARED_STRINGS = 5_000_000
PROLOGUE_BYTES = 8192

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')
_SHARED_COUNT = re.compile(rb'(?:uniqueCount|count)="(\d+)"')
_STRICT = b"purl.oclc.org/ooxml/spreadsheetml"
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_OLE_WORKBOOK = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))


def reject(code: str, message: Message, hint: Message) -> ImportRejected:
    return ImportRejected([Issue(code=code, severity="error", message=message, hint=hint)])


def _column_number(letters: bytes | None) -> int:
    number = 0
    for letter in (letters or b"A").decode():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def inspect_ole(content: bytes, filename: str) -> str:
    """An OLE container is a legacy .xls workbook or a password-protected .xlsx."""
    if _OLE_ENCRYPTED in content[:2_000_000] or _OLE_ENCRYPTED in content[-2_000_000:]:
        raise reject(
            "import.encrypted-workbook",
            Message("'{filename}' is protected with a password, so GoodBid cannot open it.",
                    filename=filename),
            Message("Open it in Excel, remove the password (File > Info > Protect Workbook > "
                    "Encrypt with Password, then clear it), save, and upload it again."))
    if not any(name in content for name in _OLE_WORKBOOK):
        raise reject(
            "import.unsupported-format",
            Message("'{filename}' is an Office file but not a spreadsheet GoodBid can read.",
                    filename=filename),
            Message("Save the report as an Excel workbook (.xlsx) or as CSV, and upload that."))
    return "xls"


def inspect_zip(content: bytes, filename: str) -> str:
    """Check a zip-based workbook's directory and XML prologues; return its kind."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise reject(
            "import.damaged-file",
            Message("'{filename}' is damaged or is not really a spreadsheet ({error}).",
                    filename=filename, error=str(error)),
            Message("Upload the file again; if it still fails, open it in Excel or LibreOffice "
                    "and save it again as .xlsx, or save it as CSV.")) from error
    with archive:
        if len(members) > MAX_PARTS:
            raise reject("import.too-complex",
                         Message("'{filename}' has {parts:,} parts.", filename=filename,
                                 parts=len(members)),
                         Message("Copy the report's rows into a new workbook, or save it as "
                                 "CSV."))
        total = sum(member.file_size for member in members)
        bomb = total > MAX_UNCOMPRESSED_BYTES or any(
            member.file_size > RATIO_CHECKED_ABOVE
            and member.file_size > MAX_PART_RATIO * max(member.compress_size, 1)
            for member in members)
        if bomb:
            raise reject(
                "import.too-large-uncompressed",
                Message("'{filename}' would unpack to {size:,.0f} MB, more than the {limit} MB "
                        "GoodBid reads.", filename=filename, size=total / 1_048_576,
                        limit=MAX_UNCOMPRESSED_BYTES // 1_048_576),
                Message("Split the report into several files (for example one per month) or "
                        "save it as CSV."))
        names = {member.filename for member in members}
        if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype"):
            return "ods"
        if "xl/workbook.xml" not in names:
            raise reject("import.unsupported-format",
                         Message("'{filename}' is a zip file but not an Excel workbook.",
                                 filename=filename),
                         Message("Upload the report as .xlsx or .csv."))
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                _check_xml_part(archive, member, filename)
        return "xlsx"


def _check_xml_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, filename: str) -> None:
    try:
        with archive.open(member) as part:
            prologue = part.read(PROLOGUE_BYTES)
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as error:
        raise reject("import.damaged-file",
                     Message("'{filename}' is damaged: part {part} cannot be read.",
                             filename=filename, part=member.filename),
                     Message("Open it in Excel and save it again, or save it as CSV.")) from error
    if b"<!DOCTYPE" in prologue or b"<!ENTITY" in prologue:
        raise reject(
            "import.xml-entities",
            Message("'{filename}' contains XML entity declarations, which spreadsheets saved by "
                    "Excel, LibreOffice or Google Sheets never have; GoodBid does not read such "
                    "files.", filename=filename),
            Message("Open the file in Excel or LibreOffice, save it again as .xlsx, and upload "
                    "that."))
    if _STRICT in prologue:
        raise reject(
            "import.strict-ooxml",
            Message("'{filename}' is saved as 'Strict Open XML Spreadsheet', which GoodBid "
                    "cannot read reliably.", filename=filename),
            Message("In Excel choose File > Save As > 'Excel Workbook (.xlsx)' and upload that "
                    "copy."))
    if member.filename.startswith("xl/worksheets/"):
        dimension = _DIMENSION.search(prologue)
        if dimension:
            rows = int(dimension.group(4) or dimension.group(2) or 1)
            columns = _column_number(dimension.group(3) or dimension.group(1))
            if rows > MAX_ROWS or columns > MAX_COLUMNS:
                raise reject(
                    "import.sheet-too-large",
                    Message("A sheet in '{filename}' reaches row {rows:,} and column "
                            "{columns:,}; GoodBid reads at most {max_rows:,} rows and "
                            "{max_columns} columns.", filename=filename, rows=rows,
                            columns=columns, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS),
                    Message("Delete stray content far below or to the right of the report "
                            "(press Ctrl+End in Excel to find it), or split the report into "
                            "several files."))
    if member.filename == "xl/sharedStrings.xml":
        counts = [int(c) for c in _SHARED_COUNT.findall(prologue[:2048])]
        if counts and max(counts) > MAX_SHARED_STRINGS:
            raise reject(
                "import.too-complex",
                Message("'{filename}' declares {count:,} distinct texts; GoodBid reads at most "
                        "{limit:,}.", filename=filename, count=max(counts),
                        limit=MAX_SHARED_STRINGS),
                Message("Open the file in Excel, save it again as .xlsx, or save it as CSV."))


MACRO_PARTS = ("xl/vbaProject.bin", "xl/vbaProjectSignature.bin", "xl/vbaData.xml")


def without_macros(content: bytes) -> bytes:
    """A macro-enabled workbook (.xlsm) without its macro parts: GoodBid never runs macros
    (no reader it uses can) and never keeps them. Anything else is returned as it is."""
    if not content.startswith(b"PK\x03\x04"):
        return content
    try:
        source = zipfile.ZipFile(io.BytesIO(content))
        names = source.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return content
    if not any(name in names for name in MACRO_PARTS):
        return content
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename in MACRO_PARTS:
                continue
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = re.sub(rb'<(?:Default|Override)[^>]*vbaProject[^>]*/>', b"", data)
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = re.sub(rb'<Relationship[^>]*vbaProject[^>]*/>', b"", data)
            target.writestr(item, data)
    return out.getvalue()
