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
import shutil
import zipfile
import zlib

from imports.codes import Code
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


def reject(code: Code, message: Message, hint: Message) -> ImportRejected:
    return ImportRejected([Issue(code=code, severity="error", message=message, hint=hint)])


def _column_number(letters: bytes | None) -> int:
    number = 0
    for letter in (letters or b"A").decode():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PICTURES = ((b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"),
             (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"BM", "BMP"))
_ARCHIVES = ((b"\x1f\x8b", "gzip"), (b"7z\xbc\xaf\x27\x1c", "7-Zip"), (b"Rar!", "RAR"))



def file_kind(content: bytes, filename: str) -> str:
    """'zip' (xlsx, xlsm, ods), 'ole' (xls) or 'csv'; what is none of these (a PDF, a
    picture, a web page, an archive) is refused with what to upload instead."""
    head = content[:1024]
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if b"%PDF-" in head:
        raise reject(Code.PDF, Code.PDF.message(filename=filename), Code.PDF.hint())
    for magic, name in _PICTURES:
        if head.startswith(magic):
            raise _picture(filename, name)
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1") or (
            head.startswith(b"RIFF") and head[8:12] == b"WEBP"):
        raise _picture(filename, "HEIC" if head[4:8] == b"ftyp" else "WebP")
    for magic, name in _ARCHIVES:
        if head.startswith(magic):
            raise reject(Code.COMPRESSED_ARCHIVE,
                         Code.COMPRESSED_ARCHIVE.message(filename=filename, kind=name),
                         Code.COMPRESSED_ARCHIVE.hint())
    lead = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lead.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head")):
        raise reject(Code.WEB_PAGE, Code.WEB_PAGE.message(filename=filename),
                     Code.WEB_PAGE.hint())
    if lead.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in \
            content[:4096]:
        raise reject(Code.XML_SPREADSHEET, Code.XML_SPREADSHEET.message(filename=filename),
                     Code.XML_SPREADSHEET.hint())
    if lead.startswith(b"{\\rtf"):
        raise unsupported(filename, Message("a word-processor document (RTF), not a "
                                            "spreadsheet"))
    return "csv"


def _picture(filename: str, kind: str) -> ImportRejected:
    return reject(Code.PICTURE, Code.PICTURE.message(filename=filename, kind=kind),
                  Code.PICTURE.hint())


def unsupported(filename: str, what: Message) -> ImportRejected:
    """A file of a kind GoodBid does not read; `what` says what it is."""
    return reject(Code.UNSUPPORTED_FORMAT,
                  Code.UNSUPPORTED_FORMAT.message(filename=filename, what=what),
                  Code.UNSUPPORTED_FORMAT.hint())


def inspect_ole(content: bytes, filename: str) -> str:
    """An OLE container is a legacy .xls workbook or a password-protected .xlsx."""
    if _OLE_ENCRYPTED in content[:2_000_000] or _OLE_ENCRYPTED in content[-2_000_000:]:
        raise reject(Code.ENCRYPTED_WORKBOOK,
                     Code.ENCRYPTED_WORKBOOK.message(filename=filename),
                     Code.ENCRYPTED_WORKBOOK.hint())
    if not any(name in content for name in _OLE_WORKBOOK):
        raise unsupported(filename, Message("an Office file but not a spreadsheet GoodBid can "
                                            "read"))
    return "xls"


def inspect_zip(content: bytes, filename: str) -> str:
    """Check a zip-based workbook's directory and XML prologues; return its kind."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise reject(Code.DAMAGED_FILE,
                     Code.DAMAGED_FILE.message(filename=filename, error=str(error)),
                     Code.DAMAGED_FILE.hint()) from error
    with archive:
        if len(members) > MAX_PARTS:
            raise reject(Code.TOO_COMPLEX, Code.TOO_COMPLEX.message(
                filename=filename, detail=Message("has {parts:,} parts", parts=len(members))),
                Code.TOO_COMPLEX.hint())
        total = sum(member.file_size for member in members)
        bomb = total > MAX_UNCOMPRESSED_BYTES or any(
            member.file_size > RATIO_CHECKED_ABOVE
            and member.file_size > MAX_PART_RATIO * max(member.compress_size, 1)
            for member in members)
        if bomb:
            raise reject(Code.TOO_LARGE_UNCOMPRESSED, Code.TOO_LARGE_UNCOMPRESSED.message(
                filename=filename, size=total / 1_048_576,
                limit=MAX_UNCOMPRESSED_BYTES // 1_048_576), Code.TOO_LARGE_UNCOMPRESSED.hint())
        names = {member.filename for member in members}
        if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype"):
            return "ods"
        if "word/document.xml" in names or any(n.startswith("ppt/") for n in names):
            raise unsupported(filename, Message("a Word or PowerPoint document, not a "
                                                "spreadsheet"))
        if any(n.startswith("Index/") and n.endswith(".iwa") for n in names):
            raise reject(Code.APPLE_NUMBERS, Code.APPLE_NUMBERS.message(filename=filename),
                         Code.APPLE_NUMBERS.hint())
        if "xl/workbook.xml" not in names:
            raise unsupported(filename, Message("a zip file but not an Excel workbook"))
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                _check_xml_part(archive, member, filename)
        return "xlsx"


def _check_xml_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, filename: str) -> None:
    try:
        with archive.open(member) as part:
            prologue = part.read(PROLOGUE_BYTES)
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, zlib.error) as error:
        raise reject(Code.DAMAGED_FILE, Code.DAMAGED_FILE.message(
            filename=filename, error=Message("part {part} cannot be read",
                                             part=member.filename)),
            Code.DAMAGED_FILE.hint()) from error
    if b"<!DOCTYPE" in prologue or b"<!ENTITY" in prologue:
        raise reject(Code.XML_ENTITIES, Code.XML_ENTITIES.message(filename=filename),
                     Code.XML_ENTITIES.hint())
    if _STRICT in prologue:
        raise reject(Code.STRICT_OOXML, Code.STRICT_OOXML.message(filename=filename),
                     Code.STRICT_OOXML.hint())
    if member.filename.startswith("xl/worksheets/"):
        dimension = _DIMENSION.search(prologue)
        if dimension:
            rows = int(dimension.group(4) or dimension.group(2) or 1)
            columns = _column_number(dimension.group(3) or dimension.group(1))
            if rows > MAX_ROWS or columns > MAX_COLUMNS:
                # The tag is a claim; some programs write the whole sheet's range. The cells
                # decide: only a sheet whose real cells reach that far is refused.
                rows, columns = _real_extent(archive, member)
            if rows > MAX_ROWS or columns > MAX_COLUMNS:
                raise reject(Code.SHEET_TOO_LARGE, Code.SHEET_TOO_LARGE.message(
                    where=filename, rows=rows, columns=columns,
                    max_rows=MAX_ROWS, max_columns=MAX_COLUMNS), Code.SHEET_TOO_LARGE.hint())
    if member.filename == "xl/sharedStrings.xml":
        counts = [int(c) for c in _SHARED_COUNT.findall(prologue[:2048])]
        if counts and max(counts) > MAX_SHARED_STRINGS:
            raise reject(Code.TOO_COMPLEX, Code.TOO_COMPLEX.message(
                filename=filename, detail=Message(
                    "declares {count:,} distinct texts; GoodBid reads at most {limit:,}",
                    count=max(counts), limit=MAX_SHARED_STRINGS)),
                Code.TOO_COMPLEX.hint())


_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d{1,7})"')


def _real_extent(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> tuple[int, int]:
    """The last row and column that really hold a cell, read by streaming the sheet's XML
    (its size is already bounded by the zip checks)."""
    rows = columns = 0
    tail = b""
    with archive.open(member) as part:
        while chunk := part.read(1 << 20):
            text = tail + chunk
            for letters, number in _CELL_REF.findall(text):
                rows = max(rows, int(number))
                columns = max(columns, _column_number(letters))
            tail = text[-256:]
    return rows, columns


MACRO_PARTS = ("xl/vbaProject.bin", "xl/vbaProjectSignature.bin", "xl/vbaData.xml")


def has_macros(content: bytes) -> bool:
    """Whether a workbook carries macro parts (read from the zip's directory only)."""
    if not content.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return any(name in MACRO_PARTS for name in archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def without_macros(content: bytes) -> bytes:
    """A macro-enabled workbook (.xlsm) without its macro parts: GoodBid never runs macros
    (no reader it uses can) and never keeps them. Anything else is returned as it is.

    Each part is copied a megabyte at a time, so memory stays flat whatever a part unpacks
    to; the caller runs it after inspect_zip has bounded the sizes, and in a child process
    (imports.reader.macros_removed)."""
    if not has_macros(content):
        return content
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename in MACRO_PARTS:
                continue
            if item.filename in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
                data = source.read(item.filename)  # small parts, bounded by inspect_zip
                data = re.sub(rb'<(?:Default|Override|Relationship)[^>]*vbaProject[^>]*/>',
                              b"", data)
                target.writestr(item, data)
                continue
            with source.open(item) as part, target.open(item, "w", force_zip64=True) as copy:
                shutil.copyfileobj(part, copy, 1 << 20)
    return out.getvalue()
