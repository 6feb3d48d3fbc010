"""Wage-theft history: findings from enforcement cases a person confirmed as the vendor's.

The licensing screening (procurement.licensing) matches a vendor against public enforcement
records and a person confirms each match; this module turns the confirmed cases into
findings. It reads no uploaded rows: the cases are few and already checked by a person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from decimal import Decimal

import pandas as pd

from imports.i18n import Message, gettext_noop
from rules.findings import Finding, usd, usd_text
from rules.registry import Rule, RuleOutcome, register
from rules.standards import Standard

SOURCES = {
    "whd": "U.S. Department of Labor, Wage and Hour Division enforcement data",
    "ma-ago": "Massachusetts Attorney General, Fair Labor Division citations",
}
REPEAT_OR_WILLFUL = {"R": Message("a repeat violator"), "W": Message("a willful violator"),
                     "RW": Message("a repeat and willful violator")}


@dataclass(frozen=True)
class ConfirmedWageTheftCase:
    source: str            # "whd" | "ma-ago" | mapping name
    case_id: str
    employer_name: str     # as the record names it
    findings_start: dt.date | None
    findings_end: dt.date | None
    back_wages: Decimal    # USD
    employees_owed: int | None
    penalties: Decimal     # USD
    repeat_or_willful: str | None   # "R", "W", "RW" or None
    confirmed_by: str      # user name of the person who confirmed the match
    confirmed_at: dt.datetime


CASE_FIELDS = tuple(f.name for f in fields(ConfirmedWageTheftCase))


def cases_frame(cases: list[ConfirmedWageTheftCase]) -> pd.DataFrame:
    """The cases as the frame the rule reads: one row per case, one column per field."""
    return pd.DataFrame([asdict(case) for case in cases], columns=list(CASE_FIELDS), dtype=object)


def wage_theft_findings(cases: list[ConfirmedWageTheftCase]) -> list[Finding]:
    """One `wage-theft.history` notice per confirmed case, for an officer's review."""
    return WageTheftHistory().evaluate(cases_frame(cases), None, columns={},
                                       sheet=None).findings


@register
class WageTheftHistory(Rule):
    """Wage-theft history, from enforcement cases a person confirmed as the vendor's.

    Standard: Boston weighs wage-theft history in licensing and procurement (a 2014 Boston
    executive order asks vendors to certify, or disclose, violations). Sources: the U.S.
    Department of Labor Wage and Hour Division enforcement data (concluded cases since FY2005;
    back wages agreed to pay `bw_atp_amt`, civil penalties `cmp_assd_cnt`, a dollar amount,
    repeat or willful `flsa_repeat_violator`), the Massachusetts Attorney General Fair Labor
    Division citations, and further sources mapped as data.
    Who is covered: a vendor (or licence applicant) screened by licensing staff. Records
    carry no EIN and are imprecise, so only matches a person confirmed become findings, each
    naming who confirmed it and when.
    Severity: "notice", for an officer's review with the evidence shown: a history is never
    an automatic denial.
    Dates: the case's own findings period; amounts are the record's, in USD, shown to the
    cent (half-up).
    Finding: `wage-theft.history`, one per confirmed case.
    """

    code = "wage-theft"
    version = "1"
    title = "Confirmed wage-theft history"
    report_types = ("confirmed-wage-theft-cases",)
    parameters = ()

    def evaluate(self, frame: pd.DataFrame, standard: Standard | None, *,
                 columns: dict[str, object], sheet: str | None) -> RuleOutcome:
        outcome = RuleOutcome()
        # One confirmed case per row, a handful per vendor: not uploaded data.
        for case in frame.itertuples(index=False):
            outcome.findings.append(self._finding(ConfirmedWageTheftCase(
                **{name: getattr(case, name) for name in CASE_FIELDS})))
        return outcome

    def _finding(self, case: ConfirmedWageTheftCase) -> Finding:
        source = f"{SOURCES.get(case.source, case.source)}, case {case.case_id}"
        back_wages, penalties = Decimal(case.back_wages), Decimal(case.penalties)
        period = _period(case.findings_start, case.findings_end)
        confirmed_on = pd.Timestamp(case.confirmed_at).date().isoformat()
        return Finding(
            code="wage-theft.history",
            rule=self.code,
            rule_version=self.version,
            standard="wage-theft-history",
            standard_version=self.version,
            source=source,
            severity="notice",
            scope={"source": case.source, "case_id": str(case.case_id),
                   "employer_name": case.employer_name, "period": period or "not stated"},
            observed=usd(back_wages),
            expected="0.00",
            unit=gettext_noop("USD back wages"),
            rows=[],
            row_count=0,
            message=_history(case, back_wages, penalties, confirmed_on),
            remedy=Message(
                "For the officer's review, not an automatic denial: ask the vendor to explain "
                "the case and show that the back wages were paid and the practice corrected; "
                "weigh the case's size and age with that answer."
            ),
            figures={
                "back_wages": usd(back_wages),
                "penalties": usd(penalties),
                "employees_owed": "" if case.employees_owed is None
                else str(case.employees_owed),
                "findings_start": case.findings_start.isoformat() if case.findings_start
                else "",
                "findings_end": case.findings_end.isoformat() if case.findings_end else "",
                "repeat_or_willful": case.repeat_or_willful or "",
                "confirmed_by": case.confirmed_by,
                "confirmed_at": pd.Timestamp(case.confirmed_at).isoformat(),
            },
        )


def _history(case: ConfirmedWageTheftCase, back_wages: Decimal, penalties: Decimal,
             confirmed_on: str) -> Message:
    """The finding's sentence: one whole sentence per shape of record (with or without a
    findings period and a repeat or willful flag); the source's name, the employer and the
    person who confirmed the match are data."""
    words = dict(case=Message("{source}, case {case_id}",
                              source=SOURCES.get(case.source, case.source),
                              case_id=str(case.case_id)),
                 employer=case.employer_name, wages=_back_wages(back_wages, case.employees_owed),
                 penalties=usd_text(penalties), confirmed_by=case.confirmed_by,
                 confirmed_on=confirmed_on)
    period = _period_phrase(case.findings_start, case.findings_end)
    repeat = REPEAT_OR_WILLFUL.get((case.repeat_or_willful or "").upper())
    if period is not None and repeat is not None:
        return Message("{case}: {employer} was found to owe {wages} for {period}, with "
                       "{penalties} in civil penalties, as {repeat}. Match confirmed by "
                       "{confirmed_by} on {confirmed_on}.", period=period, repeat=repeat,
                       **words)
    if period is not None:
        return Message("{case}: {employer} was found to owe {wages} for {period}, with "
                       "{penalties} in civil penalties. Match confirmed by {confirmed_by} on "
                       "{confirmed_on}.", period=period, **words)
    if repeat is not None:
        return Message("{case}: {employer} was found to owe {wages}, with {penalties} in "
                       "civil penalties, as {repeat}. Match confirmed by {confirmed_by} on "
                       "{confirmed_on}.", repeat=repeat, **words)
    return Message("{case}: {employer} was found to owe {wages}, with {penalties} in civil "
                   "penalties. Match confirmed by {confirmed_by} on {confirmed_on}.", **words)


def _back_wages(amount: Decimal, employees_owed: int | None) -> Message:
    if not employees_owed:
        return Message("{amount} in back wages", amount=usd_text(amount))
    if employees_owed == 1:
        return Message("{amount} in back wages to {count} employee", amount=usd_text(amount),
                       count=employees_owed)
    return Message("{amount} in back wages to {count} employees", amount=usd_text(amount),
                   count=employees_owed)


def _period_phrase(start: dt.date | None, end: dt.date | None) -> Message | None:
    if start and end:
        return Message("{first} to {last}", first=start.isoformat(), last=end.isoformat())
    if start:
        return Message("from {start}", start=start.isoformat())
    if end:
        return Message("to {end}", end=end.isoformat())
    return None


def _period(start: dt.date | None, end: dt.date | None) -> str:
    """The findings period as the finding's scope records it (English, as data)."""
    phrase = _period_phrase(start, end)
    return phrase.render() if phrase is not None else ""
