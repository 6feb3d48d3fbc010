"""Wage-theft history: findings from enforcement cases a person confirmed as the vendor's.

The licensing screening (procurement.licensing) matches a vendor against public enforcement
records and a person confirms each match; this module turns the confirmed cases into
findings. It reads no uploaded rows: the cases are few and already checked by a person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields

import pandas as pd

from imports import money
from imports.codes import Code
from imports.i18n import Message, gettext_noop
from rules.findings import Finding
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
    back_wages: int        # money units (imports.money)
    employees_owed: int | None
    penalties: int         # money units
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
        back_wages, penalties = int(case.back_wages), int(case.penalties)
        period = _period(case.findings_start, case.findings_end)
        confirmed_on = pd.Timestamp(case.confirmed_at).date().isoformat()
        return Finding(
            code=Code.WAGE_THEFT_HISTORY,
            rule=self.code,
            rule_version=self.version,
            standard="wage-theft-history",
            standard_version=self.version,
            source=source,
            severity="notice",
            scope={"source": case.source, "case_id": str(case.case_id),
                   "employer_name": case.employer_name, "period": period or "not stated"},
            observed=money.number(back_wages),
            expected="0.00",
            unit=gettext_noop("USD back wages"),
            rows=[],
            row_count=0,
            message=_history(case, back_wages, penalties, confirmed_on),
            remedy=Code.WAGE_THEFT_HISTORY.hint(),
            figures={
                "back_wages": money.number(back_wages),
                "penalties": money.number(penalties),
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


def _history(case: ConfirmedWageTheftCase, back_wages: int, penalties: int,
             confirmed_on: str) -> Message:
    """The finding's sentence, with or without a findings period and a repeat or willful flag
    (phrases of their own); the source's name, the employer and the person who confirmed the
    match are data."""
    words = dict(case=Message("{source}, case {case_id}",
                              source=SOURCES.get(case.source, case.source),
                              case_id=str(case.case_id)),
                 employer=case.employer_name, wages=_back_wages(back_wages, case.employees_owed),
                 penalties=money.text(penalties), confirmed_by=case.confirmed_by,
                 confirmed_on=confirmed_on)
    period = _period_phrase(case.findings_start, case.findings_end)
    repeat = REPEAT_OR_WILLFUL.get((case.repeat_or_willful or "").upper())
    return Code.WAGE_THEFT_HISTORY.message(
        period=Message(" for {period}", period=period) if period is not None else "",
        repeat=Message(", as {repeat}", repeat=repeat) if repeat is not None else "",
        **words)


def _back_wages(amount: int, employees_owed: int | None) -> Message:
    if not employees_owed:
        return Message("{amount} in back wages", amount=money.text(amount))
    if employees_owed == 1:
        return Message("{amount} in back wages to {count} employee", amount=money.text(amount),
                       count=employees_owed)
    return Message("{amount} in back wages to {count} employees", amount=money.text(amount),
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
