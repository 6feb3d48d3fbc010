"""Reads for licensing: screening one business (its ranked candidates and the decisions in
force), a business's licensing-review flag and confirmed history, and the screened lists
of the person who uploaded them. Pages and the API read through these; services write."""

from __future__ import annotations

import pandas as pd
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from imports import money
from procurement.licensing.matching import (
    BusinessQuery,
    query_fields,
    same_business,
    screen_one,
    why,
    words_for,
)
from procurement.licensing.models import (
    CandidateDecision,
    ScreeningBatch,
    ScreeningLine,
    Verdict,
    WageTheftRecord,
    clean_case,
)
from procurement.licensing.sources import BUILT_IN, built_in_mapping
from procurement.services.errors import ServiceError
from rules.wage_theft import ConfirmedWageTheftCase


def confirmed_cases_for_vendor(*, vendor_id: int) -> list[ConfirmedWageTheftCase]:
    """The enforcement cases a person confirmed as this vendor's, newest first. A clean
    investigation is never one of them, even if it was confirmed before that was refused."""
    decisions = (_confirmed(CandidateDecision.objects.filter(vendor_id=vendor_id))
                 .select_related("record", "decided_by").order_by("-decided_at"))
    return [ConfirmedWageTheftCase(
        source=d.record.source, case_id=d.record.case_id, employer_name=d.record.employer_name,
        findings_start=d.record.findings_start, findings_end=d.record.findings_end,
        back_wages=money.units(d.record.back_wages), employees_owed=d.record.employees_owed,
        penalties=money.units(d.record.penalties),
        repeat_or_willful=d.record.repeat_or_willful or None,
        confirmed_by=d.decided_by.get_username(), confirmed_at=d.decided_at)
        for d in decisions]


def _confirmed(decisions: QuerySet[CandidateDecision]) -> QuerySet[CandidateDecision]:
    """The confirmations among `decisions`, clean investigations left out."""
    return decisions.filter(verdict=Verdict.CONFIRMED).exclude(clean_case("record__"))


def source_words(record: WageTheftRecord) -> str:
    """The record named as a person would name it: "U.S. Department of Labor case 1424600",
    "Massachusetts Attorney General citation MW150001"; a source without such words (its
    mapping's `case_words`) is named by its mapping's title."""
    if record.source in BUILT_IN:
        mapping = built_in_mapping(record.source)
        words = mapping.case_words or mapping.title
    else:  # the mapping as that import applied it
        applied = record.source_import.mapping
        words = applied.get("case_words") or applied.get("title") or record.source
    return f"{words} {record.case_id}"


def case_outcome(record: WageTheftRecord) -> str:
    """What the investigation found, in plain words."""
    if record.is_clean:
        return "investigated, no violations found"
    count = record.violation_count
    if count:
        return "1 violation found" if count == 1 else f"{count} violations found"
    return "violations found"


def case_summary(record: WageTheftRecord) -> dict:
    """What a reviewer needs to judge a candidate (money as decimal strings). `clean` says
    the investigation found nothing (no violation, back wages or penalty): not wage theft."""
    return {
        "record_id": record.pk, "source": record.source, "case_id": record.case_id,
        "source_label": source_words(record), "clean": record.is_clean,
        "outcome": case_outcome(record),
        "employer_name": record.employer_name, "trade_name": record.trade_name,
        "legal_name": record.legal_name, "street": record.street, "city": record.city,
        "state": record.state, "zip_code": record.zip_code, "industry": record.industry,
        "findings_start": record.findings_start.isoformat() if record.findings_start else None,
        "findings_end": record.findings_end.isoformat() if record.findings_end else None,
        "case_date": record.case_date.isoformat() if record.case_date else None,
        "back_wages": f"{record.back_wages:.2f}", "employees_owed": record.employees_owed,
        "employees_violated": record.employees_violated,
        "penalties": f"{record.penalties:.2f}", "violation_count": record.violation_count,
        "violations_by_statute": record.violations_by_statute,
        "repeat_or_willful": record.repeat_or_willful or None,
        "provenance": {"file_checksum": record.file_checksum, "row": record.row_number},
    }


# An applicant (not a city vendor) is known by its normalised name and place.
APPLICANT_KEY_FIELDS = ("name_norm", "state", "zip_code")


def _subject_key(fields: dict, vendor_id: int | None) -> str:
    if vendor_id is not None:
        return f"vendor:{vendor_id}"
    return "name:" + "|".join(fields[name] for name in APPLICANT_KEY_FIELDS)


def applicant_subject_keys(queries: pd.DataFrame) -> pd.Series:
    """The subject key of each applicant in a frame of queries (matching.queries_frame),
    as _subject_key writes it for one."""
    first, *rest = APPLICANT_KEY_FIELDS
    return "name:" + queries[first].str.cat([queries[name] for name in rest], sep="|")


def subject_key_for(*, name: str, state: str = "", zip_code: str = "",
                    vendor_id: int | None = None) -> str:
    """Who a decision is about: the vendor, or an applicant's normalised name and place."""
    return _subject_key(query_fields(BusinessQuery(name=name, state=state, zip_code=zip_code)),
                        vendor_id)


def business_screen(*, name: str, other_name: str = "", street: str = "", city: str = "",
                    state: str = "", zip_code: str = "", vendor_id: int | None = None,
                    limit: int = 10) -> dict:
    """Ranked candidates for one business with their case summaries, in two tiers: offered for
    confirmation (`offered`) and listed for reference. Records a person rejected for this
    business, or for the same business under another spelling, are left out (and counted);
    confirmed ones say so."""
    if not name.strip():
        raise ServiceError("licensing.no-name", "Give the business name to screen.")
    query = BusinessQuery(name=name, other_name=other_name, street=street, city=city,
                          state=state, zip_code=zip_code)
    fields, scored = screen_one(query, limit=limit + 50)
    subject = _subject_key(fields, vendor_id)
    decided = decisions_for(fields, subject, [c["record_id"] for c in scored])
    kept = [c for c in scored
            if decided.get(c["record_id"], {}).get("verdict") != Verdict.REJECTED]
    shown = kept[:limit]
    # A record from a mapping file is named by its import's mapping (source_words).
    records = (WageTheftRecord.objects.select_related("source_import")
               .defer("original_row", "details", "source_import__problems")
               .in_bulk([c["record_id"] for c in shown]))
    candidates = [{"score": c["score"], "offered": c["offered"], "reasons": c["reasons"],
                   "why": why(c["reasons"]),
                   "decision": decided.get(c["record_id"], {}).get("verdict"),
                   "decided_earlier": decided.get(c["record_id"], {}).get("earlier"),
                   "case": case_summary(records[c["record_id"]])} for c in shown]
    return {"subject_key": subject, "query": query.__dict__, "candidates": candidates,
            "previously_rejected": len(scored) - len(kept)}


SAME_BUSINESS = 0.9  # an earlier decision's business and this one: names this alike


def decisions_for(fields: dict, subject: str, record_ids: list[int]) -> dict[int, dict]:
    """The decision in force for each record: this business's own, else one taken for the same
    business under another spelling (its name aligned at SAME_BUSINESS or better, its state
    and ZIP not differing), marked `earlier` with who decided it, for which name and when."""
    return decisions_for_many([(fields, subject, record_ids)])[0]


def decisions_for_many(asked: list[tuple[dict, str, list[int]]]) -> list[dict[int, dict]]:
    """decisions_for for each (fields, subject, record ids) of several businesses (a screened
    list's rows), reading the decisions and the names' words once for all of them."""
    record_ids = sorted({record_id for _, _, ids in asked for record_id in ids})
    decisions = list(CandidateDecision.objects.filter(record_id__in=record_ids)
                     .select_related("decided_by").order_by("-decided_at"))
    weighed: list[tuple[dict, dict[int, dict], list[tuple[CandidateDecision, dict]]]] = []
    for fields, subject, ids in asked:
        wanted = set(ids)
        found: dict[int, dict] = {}
        for decision in decisions:
            if decision.record_id in wanted and decision.subject_key == subject:
                found[decision.record_id] = {"verdict": decision.verdict, "earlier": None}
        others = []
        for decision in decisions:
            if (decision.record_id not in wanted or decision.record_id in found
                    or decision.subject_key == subject):
                continue
            state = zip_code = ""
            if decision.subject_key.startswith("name:"):
                _, state, zip_code = decision.subject_key.removeprefix("name:").split("|")
            others.append((decision, query_fields(BusinessQuery(
                name=decision.subject_name, state=state, zip_code=zip_code))))
        weighed.append((fields, found, others))
    names = [name for fields, _, others in weighed if others
             for name in (fields["name_norm"], *(other["name_norm"] for _, other in others))]
    # A word weighs the same whichever names are read with it: one read serves every business.
    words = words_for(names) if names else None
    for fields, found, others in weighed:
        for decision, other in others:
            if decision.record_id in found:
                continue
            if same_business(fields, other, SAME_BUSINESS, words):
                found[decision.record_id] = {"verdict": decision.verdict, "earlier": {
                    "name": decision.subject_name,
                    "decided_by": decision.decided_by.get_username(),
                    "decided_at": decision.decided_at.isoformat()}}
    return [found for _, found, _ in weighed]


def licensing_flag(*, subject_key: str) -> dict | None:
    """The licensing-review flag of a business with a confirmed history: the most recent
    case, total back wages and penalties, and whether any case was repeat or willful. A clean
    investigation confirmed before that was refused counts for nothing."""
    records = [d.record for d in _confirmed(CandidateDecision.objects.filter(
        subject_key=subject_key)).select_related("record")]
    if not records:
        return None
    latest = max(records, key=lambda r: (r.findings_end or r.case_date or r.findings_start
                                         or timezone.datetime.min.date()))
    flags = "".join(sorted({c for r in records for c in r.repeat_or_willful}))
    return {"case_count": len(records), "most_recent_case": case_summary(latest),
            "total_back_wages": f"{sum(r.back_wages for r in records):.2f}",
            "total_penalties": f"{sum(r.penalties for r in records):.2f}",
            "repeat_or_willful": flags or None}


# Screened lists ----------------------------------------------------------------------------

def screening_batch_list(*, owner: AbstractBaseUser) -> QuerySet[ScreeningBatch]:
    """The lists `owner` uploaded to be screened, newest first: nobody sees another's."""
    return ScreeningBatch.objects.filter(owner_id=owner.pk)


def screening_batch_get(*, token: str, owner: AbstractBaseUser) -> ScreeningBatch:
    """One of `owner`'s screened lists; another person's is not found, as one no longer
    kept is."""
    batch = screening_batch_list(owner=owner).filter(token=token).first()
    if batch is None:
        raise ServiceError("licensing.batch-not-found", _(
            "This screening is no longer kept (lists and reports are kept for a day). Upload "
            "the list again."), status=404)
    return batch


def screening_lines(*, batch: ScreeningBatch) -> QuerySet[ScreeningLine]:
    """The report's lines in report order: by row, each row's candidates best first."""
    return ScreeningLine.objects.filter(batch=batch).order_by("row", "rank")


def screening_best_lines(*, batch: ScreeningBatch) -> QuerySet[ScreeningLine]:
    """Each row's best candidate with how many it has (`candidates`), highest score first."""
    per_row = (ScreeningLine.objects.filter(batch=batch, row=OuterRef("row"),
                                            rank__isnull=False)
               .order_by().values("row").annotate(n=Count("id")).values("n"))
    return (ScreeningLine.objects.filter(batch=batch, rank=1)
            .annotate(candidates=Subquery(per_row)).order_by("-score", "row"))
