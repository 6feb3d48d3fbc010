"""Batch screening: an uploaded list of licence applicants or vendors, screened in chunks of
queries at once (never one business at a time), and its report with one line per
(input row, candidate), or per input row without a candidate. The pages screen a list in a
Celery task (batch_create, batch_screen); the API and the command line at once
(business_list_screen)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imports.columns import normalise_header
from imports.issues import ImportRejected
from imports.reader import MAX_UPLOAD_BYTES, RawTable, read_table
from procurement.i18n import localise
from procurement.licensing.matching import (
    BusinessQuery,
    queries_frame,
    score_candidates,
    why,
)
from procurement.licensing.models import (
    BatchStatus,
    CandidateDecision,
    ScreeningBatch,
    ScreeningLine,
    Verdict,
    WageTheftRecord,
)
from procurement.licensing.selectors import (
    applicant_subject_keys,
    decisions_for_many,
    screening_lines,
)
from procurement.licensing.sources import BUILT_IN, built_in_mapping
from procurement.retry import TRANSIENT_ERRORS, retry_or_fail
from procurement.services.errors import ServiceError
from procurement.services.exports import CSV_TYPE, XLSX_TYPE, Tables, tables_csv, tables_xlsx
from procurement.services.queue import enqueue

logger = logging.getLogger(__name__)

MAX_BATCH_ROWS = 10_000
CHUNK_QUERIES = 500
CANDIDATES_PER_ROW = 3
HEADER_SEARCH_ROWS = 20
SAMPLE_ROWS = 20
STORED_FOR = dt.timedelta(days=1)
LINES_PER_INSERT = 2000

# Headers as a list is written (compared without case, spaces or punctuation).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "businessname", "business", "company", "companyname", "legalname",
             "legalbusinessname", "vendor", "vendorname", "applicant", "applicantname",
             "employer", "employername", "entity", "entityname", "licensee"),
    "other_name": ("othername", "dba", "dbaname", "doingbusinessas", "tradename", "aka",
                   "alsoknownas"),
    "street": ("street", "streetaddress", "address", "address1", "addressline1", "street1"),
    "city": ("city", "town", "municipality"),
    "state": ("state", "st", "stateprovince", "province"),
    "zip_code": ("zip", "zipcode", "zip5", "postalcode", "postcode"),
}
QUERY_FIELDS = tuple(COLUMN_ALIASES)

# Report columns: key (JSON) and header (.xlsx/.csv).
REPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("row", "Row in your list"), ("input_name", "Name in your list"),
    ("input_other_name", "Other name in your list"), ("input_street", "Street in your list"),
    ("input_city", "City in your list"), ("input_state", "State in your list"),
    ("input_zip_code", "ZIP in your list"),
    ("rank", "Candidate rank"), ("score", "Score (0-100)"),
    ("offered", "Offered for confirmation"), ("reasons", "Why"),
    ("outcome", "Case outcome"), ("decision", "Earlier decision"),
    ("source", "Source"), ("case_id", "Case id"), ("employer_name", "Employer (record)"),
    ("address", "Address (record)"), ("findings_start", "Findings from"),
    ("findings_end", "Findings to"), ("case_date", "Case date"),
    ("back_wages", "Back wages (USD)"), ("employees_owed", "Employees owed"),
    ("penalties", "Penalties (USD)"), ("repeat_or_willful", "Repeat/willful"),
)
REPORT_KEYS = tuple(key for key, _ in REPORT_COLUMNS)
MONEY_COLUMNS = ("back_wages", "penalties")
DATE_COLUMNS = ("findings_start", "findings_end", "case_date")
INTEGER_COLUMNS = ("row", "rank", "score", "employees_owed")
RECORD_VALUES = ("id", "source", "case_id", "trade_name", "legal_name", "street", "city",
                 "state", "zip_code", "findings_start", "findings_end", "case_date",
                 "back_wages", "employees_owed", "penalties", "repeat_or_willful")


@dataclass(frozen=True)
class BatchReport:
    """A screened list. `lines` are JSON-ready (money as decimal strings, dates ISO)."""

    filename: str
    columns: dict[str, str]          # field -> the header as the list wrote it
    rows_screened: int
    rows_with_candidates: int
    rows_without_name: int
    rows_without_name_sample: list[int]
    lines: list[dict[str, object]] = field(repr=False)


def _reject(code: str, message: str) -> ServiceError:
    return ServiceError(code, message, status=400)


def _header_row(cells: pd.DataFrame) -> tuple[int, dict[str, int]] | None:
    """The first row (within the top rows) naming a business-name column, and the column
    position of each field found on it."""
    fields_by_header = {alias: name for name, aliases in COLUMN_ALIASES.items()
                        for alias in aliases}
    for position in range(min(HEADER_SEARCH_ROWS, len(cells))):
        found: dict[str, int] = {}
        for column, text in enumerate(cells.iloc[position].tolist()):
            name = fields_by_header.get(normalise_header(text))
            if name and name not in found:
                found[name] = column
        if "name" in found:
            return position, found
    return None


def _text(column: pd.Series) -> pd.Series:
    return column.astype("string").fillna("").str.strip()


def read_business_list(content: bytes, filename: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The list's rows as text columns (`row` = the row number the spreadsheet shows) and the
    headers used. Refuses unreadable files, a missing name column and over-long lists."""
    try:
        raw = read_table(content, filename)
    except ImportRejected as rejection:
        issue = localise(rejection.issues[0].to_dict())
        raise _reject(issue["code"], f"{issue['message']} {issue['hint']}") from rejection
    table: RawTable | None = None
    for sheet in raw.sheets:
        if (header := _header_row(sheet.cells)) is not None:
            table = sheet
            break
    if table is None:
        raise _reject("licensing.batch-no-name-column", _(
            "No column of '%(file)s' holds the business name. Put a header row at the top "
            "with a column called Name (or Business name, Vendor, Applicant, Employer); "
            "optional columns: DBA, Street, City, State, ZIP.") % {"file": filename})
    position, found = header
    body = table.cells.iloc[position + 1:]
    frame = pd.DataFrame({name: _text(body[found[name]]) if name in found
                          else pd.Series("", index=body.index, dtype="string")
                          for name in QUERY_FIELDS})
    # A workbook stores a ZIP typed as a number: 2116.0 is written back as 2116.
    frame["zip_code"] = frame["zip_code"].str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    frame.insert(0, "row", table.first_row + position + 1
                 + pd.RangeIndex(len(body)).to_numpy())
    blank = (frame[list(QUERY_FIELDS)] == "").all(axis=1)
    frame = frame[~blank].reset_index(drop=True)
    if len(frame) > MAX_BATCH_ROWS:
        raise _reject("licensing.batch-too-many-rows", _(
            "The list has %(rows)s businesses; screen at most %(limit)s at a time. Split it "
            "into several files.") % {"rows": f"{len(frame):,}",
                                      "limit": f"{MAX_BATCH_ROWS:,}"})
    if frame.empty:
        raise _reject("licensing.batch-empty", _(
            "'%(file)s' has a header row but no businesses under it. Put one business per "
            "row under the headers.") % {"file": filename})
    headers = table.cells.iloc[position]
    return frame, {name: str(headers.iloc[column]) for name, column in found.items()}


def _decisions(subjects: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        list(CandidateDecision.objects.filter(subject_key__in=subjects.unique().tolist())
             .values_list("subject_key", "record_id", "verdict")),
        columns=["subject_key", "record_id", "decision"])


def _joined(left: pd.Series, right: pd.Series, separator: str) -> pd.Series:
    """left + separator + right, without the separator where either is empty."""
    return (left.where(left == "", left + separator) + right).where(right != "", left)


def _record_details(record_ids: list[int]) -> pd.DataFrame:
    records = pd.DataFrame(list(WageTheftRecord.objects.filter(id__in=record_ids)
                                .values_list(*RECORD_VALUES)), columns=list(RECORD_VALUES))
    records = records.rename(columns={"id": "record_id"})
    # The source in words ("U.S. Department of Labor case"), never its code ("whd").
    records["source"] = records["source"].map(
        lambda code: built_in_mapping(code).case_words if code in BUILT_IN else code)
    trade, legal = records["trade_name"], records["legal_name"]
    both = (trade != "") & (legal != "") & (trade != legal)
    records["employer_name"] = legal.where(legal != "", trade).where(
        ~both, legal + " (d/b/a " + trade + ")")
    records["address"] = _joined(_joined(records["street"], records["city"], ", "),
                                 _joined(records["state"], records["zip_code"], " "), ", ")
    for name in MONEY_COLUMNS:
        records[name] = [f"{value:.2f}" for value in records[name]]
    for name in ("findings_start", "findings_end", "case_date"):
        records[name] = [value.isoformat() if value else None for value in records[name]]
    records["repeat_or_willful"] = records["repeat_or_willful"].replace("", None)
    return records.drop(columns=["trade_name", "legal_name", "street", "city", "state",
                                 "zip_code"])


def _reasons_text(reasons: pd.Series) -> pd.Series:
    """The evidence in words: 'same name, same street address; another ZIP'."""
    return reasons.map(why)


def _carried(scored: pd.DataFrame, queries: pd.DataFrame) -> pd.Series:
    """Decisions taken for the same business under another spelling (services.decisions_for),
    for the scored rows that have none of their own: read once for all of them."""
    open_rows = scored[scored["decision"].isna()]
    carried = pd.Series(None, index=scored.index, dtype=object)
    if open_rows.empty:
        return carried
    groups = list(open_rows.groupby(["query", "subject_key"]))
    decided = decisions_for_many([(queries.loc[query].to_dict(), subject,
                                   rows["record_id"].tolist())
                                  for (query, subject), rows in groups])
    for (_key, rows), found in zip(groups, decided, strict=True):
        for index, record_id in rows["record_id"].items():
            if record_id in found:
                carried[index] = found[record_id]["verdict"]
    return carried


def _screen_chunk(chunk: pd.DataFrame) -> pd.DataFrame:
    """Candidates of one chunk of rows (positional index), rejected ones left out."""
    queries = queries_frame([BusinessQuery(**values) for values
                             in chunk[list(QUERY_FIELDS)].to_dict("records")])
    queries.index = chunk.index
    subjects = applicant_subject_keys(queries)
    decisions = _decisions(subjects)
    rejected = decisions[decisions["decision"] == Verdict.REJECTED]
    most_rejected = int(rejected.groupby("subject_key").size().max()) if len(rejected) else 0
    scored = score_candidates(queries.reset_index(drop=True),
                              limit=CANDIDATES_PER_ROW + most_rejected)
    if scored.empty:
        return pd.DataFrame(columns=["position", "record_id", "score", "offered", "reasons",
                                     "outcome"])
    scored["position"] = chunk.index.to_numpy()[scored["query"].to_numpy()]
    scored["subject_key"] = subjects.loc[scored["position"]].to_numpy()
    scored = scored.merge(decisions, on=["subject_key", "record_id"], how="left")
    if CandidateDecision.objects.filter(record_id__in=scored["record_id"].unique().tolist()) \
            .exclude(subject_key__in=subjects.unique().tolist()).exists():
        scored["decision"] = scored["decision"].fillna(
            _carried(scored, queries.reset_index(drop=True)))
    scored = scored[scored["decision"] != Verdict.REJECTED]
    scored = scored.sort_values(["position", "score", "record_id"],
                                ascending=[True, False, True]) \
        .groupby("position").head(CANDIDATES_PER_ROW)
    scored["reasons"] = _reasons_text(scored["reasons"])
    scored["offered"] = scored["offered"].map({True: "yes", False: "no"})
    scored["outcome"] = scored["clean"].map(
        {True: "investigated, no violations found", False: "violations found"})
    details = _record_details(scored["record_id"].unique().tolist())
    return scored[["position", "record_id", "score", "offered", "reasons", "outcome",
                   "decision"]].merge(details, on="record_id")


def screen_list(frame: pd.DataFrame,
                on_progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """Report lines for the rows of `frame` (from read_business_list), in row order.
    `on_progress(rows screened, rows to screen)` is called after each chunk."""
    named = frame[frame["name"] != ""]
    found = []
    for start in range(0, len(named), CHUNK_QUERIES):
        found.append(_screen_chunk(named.iloc[start:start + CHUNK_QUERIES]))
        if on_progress is not None:
            on_progress(min(start + CHUNK_QUERIES, len(named)), len(named))
    found = [part for part in found if not part.empty]
    candidates = pd.concat(found) if found else pd.DataFrame(
        columns=["position", "record_id", "score", "offered", "reasons", "outcome", "decision"])
    inputs = named[["row", *QUERY_FIELDS]].rename(
        columns={name: f"input_{name}" for name in QUERY_FIELDS})
    lines = inputs.merge(
        candidates, left_index=True, right_on="position", how="left")
    lines = lines.sort_values(["row", "score", "record_id"], ascending=[True, False, True],
                              na_position="last")
    lines["rank"] = lines.groupby("row").cumcount() + 1
    lines["rank"] = lines["rank"].where(lines["record_id"].notna())
    return _json_ready(lines.reindex(columns=[key for key, _ in REPORT_COLUMNS]))


def _json_ready(lines: pd.DataFrame) -> pd.DataFrame:
    """Counts as integers (not the floats a missing value turns them into), missing as None."""
    for name in INTEGER_COLUMNS:
        if name in lines:
            lines[name] = lines[name].astype("Int64")
    return lines.astype(object).where(lines.notna(), None)


def _read_upload(upload: File) -> tuple[bytes, pd.DataFrame, dict[str, str]]:
    filename = upload.name or "upload"
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ServiceError("import.file-too-large", _(
            "The file is %(size).1f MB; the limit is %(limit)d MB. Split the list into "
            "several files.") % {"size": upload.size / 1_048_576,
                                 "limit": MAX_UPLOAD_BYTES // 1_048_576}, status=413)
    content = upload.read()
    return content, *read_business_list(content, filename)


def _screened(frame: pd.DataFrame, columns: dict[str, str], filename: str,
              on_progress: Callable[[int, int], None] | None = None) -> BatchReport:
    lines = screen_list(frame, on_progress)
    without_name = frame.loc[frame["name"] == "", "row"]
    return BatchReport(
        filename=filename, columns=columns, rows_screened=int((frame["name"] != "").sum()),
        rows_with_candidates=int(lines.loc[lines["rank"].notna(), "row"].nunique()),
        rows_without_name=len(without_name),
        rows_without_name_sample=[int(r) for r in without_name.head(SAMPLE_ROWS)],
        lines=lines.to_dict("records"))


def business_list_screen(*, upload: File) -> BatchReport:
    """Screen every business of an uploaded .csv or .xlsx list (name required; other name,
    street, city, state and ZIP optional), here and now (the API and the command line)."""
    _content, frame, columns = _read_upload(upload)
    return _screened(frame, columns, upload.name or "upload")


# Files -------------------------------------------------------------------------------------

def report_tables(report: BatchReport) -> Tables:
    """The report as one sheet for the shared writers; money as numbers a spreadsheet adds up."""
    keys = [key for key, _ in REPORT_COLUMNS]
    rows = ([Decimal(line[key]) if key in MONEY_COLUMNS and line[key] is not None
             else line[key] for key in keys] for line in report.lines)
    return {_("Screening"): ([header for _, header in REPORT_COLUMNS], rows)}


def report_csv(report: BatchReport) -> bytes:
    return tables_csv(report_tables(report))


def report_xlsx(report: BatchReport) -> bytes:
    return tables_xlsx(report_tables(report))


REPORT_FORMATS = {"csv": (CSV_TYPE, report_csv), "xlsx": (XLSX_TYPE, report_xlsx)}


# Screening a list in the background -----------------------------------------------------
#
# A batch is a ScreeningBatch row: the list as uploaded (a stored file, written once), where
# its screening is (updated in place, one row update at a time) and, once done, its summary
# and report lines, written in one transaction: a worker killed while writing leaves no
# half report, and a redelivered task replaces its lines instead of adding to them.

class TransientScreeningError(Exception):
    """The database was briefly unreachable: the task retries with backoff."""


def _purge_old_batches() -> None:
    old = ScreeningBatch.objects.filter(created_at__lt=timezone.now() - STORED_FOR)
    storage = ScreeningBatch._meta.get_field("list_file").storage
    for name in old.values_list("list_file", flat=True):
        if name:
            storage.delete(name)
    old.delete()


def batch_create(*, upload: File, owner: AbstractBaseUser) -> ScreeningBatch:
    """Read the list (a file that cannot be screened is refused now, saying what to fix),
    keep it and queue its screening."""
    content, frame, _columns = _read_upload(upload)
    _purge_old_batches()
    with transaction.atomic():
        batch = ScreeningBatch(owner=owner, filename=upload.name or "upload",
                               file_size=len(content),
                               rows_total=int((frame["name"] != "").sum()))
        batch.list_file.save(f"{batch.token}.list", ContentFile(content), save=False)
        batch.save()
        transaction.on_commit(lambda: _enqueue_screening(batch.token))
    return batch


def _enqueue_screening(token: str) -> None:
    enqueue("licensing.screen_business_list", token)


def _status_set(batch_id: int, status: BatchStatus, progress: int, **values: object) -> None:
    """One row update, in place: a reader sees the old status or the new one, never none."""
    ScreeningBatch.objects.filter(pk=batch_id).update(
        status=status, progress=progress, updated_at=timezone.now(), **values)


def _line_row(line: dict[str, object]) -> dict[str, object]:
    """A report line as ScreeningLine's values: money as Decimal, dates as dates."""
    values = dict(line)
    for name in MONEY_COLUMNS:
        if values[name] is not None:
            values[name] = Decimal(values[name])
    for name in DATE_COLUMNS:
        if values[name] is not None:
            values[name] = dt.date.fromisoformat(values[name])
    return values


def _line_out(values: dict[str, object]) -> dict[str, object]:
    """A stored line as the report has it (money as decimal strings, dates ISO)."""
    line = {key: values[key] for key in REPORT_KEYS}
    for name in MONEY_COLUMNS:
        if line[name] is not None:
            line[name] = f"{line[name]:.2f}"
    for name in DATE_COLUMNS:
        if line[name] is not None:
            line[name] = line[name].isoformat()
    return line


def _report_store(batch_id: int, report: BatchReport) -> None:
    finished = timezone.now()
    lines = [ScreeningLine(batch_id=batch_id, **_line_row(line)) for line in report.lines]
    with transaction.atomic():
        ScreeningLine.objects.filter(batch_id=batch_id).delete()
        ScreeningLine.objects.bulk_create(lines, batch_size=LINES_PER_INSERT)
        ScreeningBatch.objects.filter(pk=batch_id).update(
            status=BatchStatus.DONE, progress=100, rows_done=report.rows_screened,
            message="", columns=report.columns, rows_screened=report.rows_screened,
            rows_with_candidates=report.rows_with_candidates,
            rows_without_name=report.rows_without_name,
            rows_without_name_sample=report.rows_without_name_sample,
            updated_at=finished, finished_at=finished)


def batch_report_get(*, batch: ScreeningBatch) -> BatchReport | None:
    """The report of a screened batch (None until the screening is done)."""
    if batch.status != BatchStatus.DONE:
        return None
    return BatchReport(
        filename=batch.filename, columns=batch.columns, rows_screened=batch.rows_screened,
        rows_with_candidates=batch.rows_with_candidates,
        rows_without_name=batch.rows_without_name,
        rows_without_name_sample=batch.rows_without_name_sample,
        lines=[_line_out(values) for values
               in screening_lines(batch=batch).values(*REPORT_KEYS)])


def batch_screen(*, token: str, final_attempt: bool = True) -> str:
    """Screen a stored list and store its report; returns the batch's status. Idempotent: a
    batch already done (or failed) is left as it is, so a redelivered task adds nothing. A
    transient database error is raised as TransientScreeningError for the task to retry (the
    batch is marked failed only on the `final_attempt`); any other error fails the batch with
    a message for the person who uploaded it."""
    batch = ScreeningBatch.objects.filter(token=token).first()
    if batch is None:
        logger.warning("batch %s is no longer kept; nothing to screen", token)
        return BatchStatus.FAILED
    if batch.status in (BatchStatus.DONE, BatchStatus.FAILED):
        return batch.status

    def progress(rows_done: int, rows_total: int) -> None:
        _status_set(batch.pk, BatchStatus.PROCESSING,
                    5 + 90 * rows_done // max(rows_total, 1), rows_done=rows_done)

    def failed(message: str) -> str:
        _status_set(batch.pk, BatchStatus.FAILED, 100, message=message,
                    finished_at=timezone.now())
        return BatchStatus.FAILED

    try:
        progress(0, batch.rows_total)
        try:
            with batch.list_file.open("rb") as stream:
                content = stream.read()
        except FileNotFoundError:
            return failed(_("The list is no longer kept (lists are kept for a day). Upload it "
                            "again."))
        frame, columns = read_business_list(content, batch.filename)
        _report_store(batch.pk, _screened(frame, columns, batch.filename, progress))
    except ServiceError as error:
        return failed(error.message)
    except TRANSIENT_ERRORS as error:
        return retry_or_fail(
            error, final_attempt=final_attempt, retry_as=TransientScreeningError, fail=failed,
            what=f"screening batch {token}",
            message=_("GoodBid could not reach its database to screen this list. Please "
                      "upload it again in a few minutes."))
    except SoftTimeLimitExceeded:
        return failed(_("Screening this list took too long. Split it into smaller lists and "
                        "upload them again."))
    except Exception:
        logger.exception("screening batch %s failed", token)
        return failed(_("GoodBid could not screen this list because of a fault on our side. "
                        "The city's team has been told; you can upload it again later."))
    return BatchStatus.DONE
