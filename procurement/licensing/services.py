"""Writes for licensing: importing enforcement records (idempotent upserts, in chunks, with
provenance), and a person's decision on a candidate (what is read: selectors)."""

from __future__ import annotations

import hashlib
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pandas as pd
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from imports import money
from procurement.licensing.models import (
    BlockToken,
    CandidateDecision,
    NameBlock,
    RunStatus,
    SourceImport,
    Verdict,
    WageTheftRecord,
)
from procurement.licensing.normalise import name_tokens
from procurement.licensing.selectors import source_words, subject_key_for
from procurement.licensing.sources import (
    BUILT_IN,
    SourceError,
    SourceMapping,
    canonical_frame,
    employer_key,
    issues_counted,
    load_mapping,
    read_chunks,
)
from procurement.services.errors import ServiceError
from procurement.services.queue import enqueue

CHUNK_ROWS = 5000
PROBLEM_SAMPLE = 50
RECORD_FIELDS = ("case_id", "trade_name", "legal_name", "street", "city", "state", "zip_code",
                 "naics_code", "industry", "findings_start", "findings_end", "case_date",
                 "employees_owed", "employees_violated", "violation_count",
                 "violations_by_statute", "repeat_or_willful", "details", "trade_norm",
                 "legal_norm", "street_norm", "city_norm", "row_number", "original_row")
UPDATE_FIELDS = [*RECORD_FIELDS, "back_wages", "penalties", "source_import", "file_checksum",
                 "updated_at"]


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_import_create(*, path: Path, source: str,
                         acting_user: AbstractBaseUser | None = None) -> SourceImport:
    """Record an import of `path` with the `source` mapping and queue it (a Celery task,
    sent when this transaction commits)."""
    try:
        mapping = load_mapping(source)
    except SourceError as error:
        raise ServiceError("licensing.bad-mapping", str(error)) from error
    path = Path(path)
    if not path.is_file():
        raise ServiceError("licensing.no-file", f"There is no file at {path}.", status=404)
    with transaction.atomic():
        run = SourceImport.objects.create(
            source=mapping.name, mapping=mapping.as_json(), path=str(path.resolve()),
            original_filename=path.name, checksum=file_checksum(path),
            started_by=acting_user if acting_user and acting_user.is_authenticated else None)
        transaction.on_commit(lambda: enqueue("licensing.import_wage_theft_records", run.pk))
    return run


def _decimal(amounts: pd.Series) -> list[Decimal]:
    """Money units as the record's DecimalFields hold them: to the cent (half-up), the one
    place licensing leaves the unit (imports.money)."""
    return [money.as_decimal(money.to_cent(int(amount))) for amount in amounts]


def _rekey_shared(frame: pd.DataFrame, source: str) -> None:
    """A record stored under a number that several employers turn out to share (imported
    when the number alone was the key, or before the second employer was published) moves to
    the key of the employer it holds, keeping its id and the decisions taken on it."""
    shared = frame[frame["record_key"] != frame["base_key"]]
    if shared.empty:
        return
    held = list(WageTheftRecord.objects.filter(
        source=source, record_key__in=shared["base_key"].unique().tolist()))
    if not held:
        return
    key_of = dict(zip(zip(shared["base_key"], employer_key(shared["legal_norm"],
                                                            shared["trade_norm"]), strict=True),
                      shared["record_key"], strict=True))
    taken = set(WageTheftRecord.objects.filter(source=source,
                                               record_key__in=list(key_of.values()))
                .values_list("record_key", flat=True))
    for record in held:
        key = key_of.get((record.record_key, record.legal_norm or record.trade_norm))
        if key and key not in taken:
            record.record_key = key
            record.save(update_fields=["record_key"])


def _upsert(frame: pd.DataFrame, run: SourceImport) -> tuple[int, int]:
    """Insert or update the chunk's records on (source, record key); rebuild their blocking
    words. Returns (created, updated)."""
    _rekey_shared(frame, run.source)
    keys = frame["record_key"].tolist()
    existing = set(WageTheftRecord.objects.filter(source=run.source, record_key__in=keys)
                   .values_list("record_key", flat=True))
    values = frame[list(RECORD_FIELDS)].astype(object)
    for name in ("findings_start", "findings_end", "case_date"):
        values[name] = [d.date() if not pd.isna(d) else None for d in frame[name]]
    values = values.where(values.notna(), None)
    values["back_wages"] = _decimal(frame["back_wages_money"])
    values["penalties"] = _decimal(frame["penalties_money"])
    records = [WageTheftRecord(source=run.source, record_key=key, source_import=run,
                               file_checksum=run.checksum, **row)
               for key, row in zip(keys, values.to_dict("records"), strict=True)]
    WageTheftRecord.objects.bulk_create(records, update_conflicts=True,
                                        unique_fields=["source", "record_key"],
                                        update_fields=UPDATE_FIELDS)
    ids = dict(WageTheftRecord.objects.filter(source=run.source, record_key__in=keys)
               .values_list("record_key", "id"))
    record_ids = frame["record_key"].map(ids)
    old_blocks = NameBlock.objects.filter(record_id__in=list(ids.values()))
    old_counts = pd.Series(dict(old_blocks.values_list("token").annotate(Count("id"))),
                           dtype="int64")
    old_blocks.delete()
    words = (name_tokens(frame["trade_norm"]) + name_tokens(frame["legal_norm"]))
    blocks = pd.DataFrame({"record_id": record_ids, "state": frame["state"], "token": words})
    blocks = blocks.explode("token").dropna(subset=["token"])
    blocks["token"] = blocks["token"].str.slice(0, 60)
    blocks = blocks.drop_duplicates()
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {NameBlock._meta.db_table} (token, state, record_id) "
                           "VALUES (%s, %s, %s)",
                           list(blocks[["token", "state", "record_id"]]
                                .itertuples(index=False, name=None)))
    _count_tokens(blocks["token"].value_counts().sub(old_counts, fill_value=0))
    return len(keys) - len(existing & set(keys)), len(existing & set(keys))


def _count_tokens(change: pd.Series) -> None:
    """Add a chunk's change in records per blocking word to BlockToken (an upsert, so two
    imports running at once both count)."""
    change = change[change != 0].astype("int64")
    table = BlockToken._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} (token, records) VALUES (%s, %s) "
                           f"ON CONFLICT (token) DO UPDATE SET records = "
                           f"{table}.records + excluded.records",
                           [(token, int(n)) for token, n in change.items()])
    BlockToken.objects.filter(token__in=change[change < 0].index.tolist(), records=0).delete()


def _run_mapping(run: SourceImport) -> SourceMapping:
    if run.source in BUILT_IN:
        return load_mapping(run.source)
    return SourceMapping(**{**run.mapping, "required": tuple(run.mapping["required"]),
                            "fallback_key": tuple(run.mapping["fallback_key"])})


def _problem_sample(sample: list[dict], problems: list[dict], counts: Counter[str]
                    ) -> list[dict]:
    """The run's sample with a chunk's problems added: at most PROBLEM_SAMPLE of each code
    (one kind of problem never hides the others); `counts` keeps the true count per code."""
    sample = list(sample)
    kept = Counter(problem["code"] for problem in sample)
    for problem in problems:
        counts[problem["code"]] += 1
        if kept[problem["code"]] < PROBLEM_SAMPLE:
            kept[problem["code"]] += 1
            sample.append(problem)
    return sample


def source_import_execute(*, source_import_id: int) -> SourceImport:
    """Run an import. Idempotent: a redelivered task upserts the same records again."""
    run = SourceImport.objects.get(pk=source_import_id)
    mapping = _run_mapping(run)
    run.status, run.rows_read, run.rows_created, run.rows_updated = RunStatus.RUNNING, 0, 0, 0
    run.rows_rejected, run.problems, run.message = 0, [], ""
    run.save()
    counts: Counter[str] = Counter()
    try:
        for raw in read_chunks(Path(run.path), mapping, chunk_size=CHUNK_ROWS):
            frame, problems = canonical_frame(raw, mapping)
            with transaction.atomic():
                created, updated = _upsert(frame, run) if len(frame) else (0, 0)
                run.rows_read += len(raw.frame)
                run.rows_created += created
                run.rows_updated += updated
                run.rows_rejected += len(raw.frame) - len(frame)
                run.problems = _problem_sample(run.problems, problems, counts)
                run.save(update_fields=["rows_read", "rows_created", "rows_updated",
                                        "rows_rejected", "problems"])
    except (SourceError, FileNotFoundError) as error:
        run.status, run.message = RunStatus.FAILED, str(error)
    else:
        run.status = RunStatus.DONE
        run.message = " ".join(filter(None, [
            f"{run.rows_read} rows read: {run.rows_created} records added, "
            f"{run.rows_updated} updated, {run.rows_rejected} not imported.",
            issues_counted(counts)]))
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
    return run


def _decision_state(decision: CandidateDecision | None) -> dict | None:
    if decision is None:
        return None
    return {"verdict": decision.verdict, "note": decision.note,
            "decided_by": decision.decided_by.get_username(),
            "decided_at": decision.decided_at.isoformat()}


def candidate_decide(*, acting_user: AbstractBaseUser, record_id: int, verdict: str,
                     name: str = "", state: str = "", zip_code: str = "",
                     vendor_id: int | None = None, note: str = "",
                     score: int | None = None) -> CandidateDecision:
    """A person confirms (the record is this business: for a vendor it is linked to the
    vendor) or rejects (never flagged again for this business) a candidate. The decision and
    its audit row (before/after) are written in one transaction."""
    from procurement.models import Vendor
    from procurement.services.audit import audit_record

    if verdict not in Verdict.values:
        raise ServiceError("licensing.bad-verdict",
                           f"The decision must be one of {', '.join(Verdict.values)}.")
    vendor = Vendor.objects.filter(pk=vendor_id).first() if vendor_id is not None else None
    if vendor_id is not None and vendor is None:
        raise ServiceError("vendor.not-found", "No vendor with this id.", status=404)
    subject_name = name or (str(vendor) if vendor else "")
    if not subject_name:
        raise ServiceError("licensing.no-name", "Name the business (or give its vendor id).")
    record = WageTheftRecord.objects.filter(pk=record_id).first()
    if record is None:
        raise ServiceError("licensing.record-not-found", "No wage-theft record with this id.",
                           status=404)
    if verdict == Verdict.CONFIRMED and record.is_clean:
        raise ServiceError("licensing.clean-case",
                           f"{source_words(record)} found no violations, no back wages and no "
                           "penalties: it is not wage theft and cannot be confirmed.")
    subject = subject_key_for(name=subject_name, state=state, zip_code=zip_code,
                              vendor_id=vendor_id)
    with transaction.atomic():
        decision = (CandidateDecision.objects.select_for_update().select_related("decided_by")
                    .filter(subject_key=subject, record=record).first())
        before = _decision_state(decision)
        if decision is None:
            decision = CandidateDecision(subject_key=subject, record=record)
        decision.subject_name, decision.vendor = subject_name, vendor
        decision.verdict, decision.note, decision.score = verdict, note, score
        decision.decided_by, decision.decided_at = acting_user, timezone.now()
        decision.save()
        audit_record(actor=acting_user, action=f"licensing.candidate-{verdict}", obj=decision,
                     before=before, after={**_decision_state(decision), "subject": subject,
                                           "record": f"{record.source} {record.case_id}"},
                     vendor_id=vendor_id)
    return decision
