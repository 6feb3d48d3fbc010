"""Residency from the worker's home ZIP, against the city's ZIP list shipped as data."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from imports.codes import Code
from imports.i18n import Message, gettext_noop
from rules.datafiles import zip_list
from rules.registry import ParameterSpec, RuleOutcome, register
from rules.standards import Standard
from rules.workforce import (
    ZIP_NEEDS_VERIFICATION,
    ZIP_NOT_HOME,
    ZIP_OUTSIDE,
    ZIP_RESIDENTIAL,
    RuleOnRowsInForce,
    factorized,
    group_rows,
    hour_units,
    hours_text,
    listed,
    plain_value,
    rows_text,
    scope_of,
    where_text,
    zip_evidence,
)

ZIPS_LISTED = 10


@dataclass(frozen=True)
class ZipSignal:
    code: Code
    evidence: int
    declared: bool | None
    says: Message  # what the rows give, inside the finding's sentence


SIGNALS = (
    ZipSignal(Code.ZIP_NEEDS_VERIFICATION, ZIP_NEEDS_VERIFICATION, None,
              Message("a ZIP code that straddles the city line, so the ZIP alone does not say "
                      "whether the worker lives in the city. These hours are counted neither "
                      "as resident nor as non-resident hours until verified")),
    ZipSignal(Code.ZIP_NOT_A_HOME_ADDRESS, ZIP_NOT_HOME, None,
              Message("a post-office-box or single-building ZIP code, which is not a home "
                      "address. These hours are counted neither as resident nor as "
                      "non-resident hours")),
    ZipSignal(Code.DECLARED_RESIDENT_ZIP_OUTSIDE, ZIP_OUTSIDE, True,
              Message("a ZIP code outside the city although the worker is declared a "
                      "resident. The ZIP decides: these hours are counted as non-resident "
                      "hours")),
    ZipSignal(Code.DECLARED_NON_RESIDENT_ZIP_INSIDE, ZIP_RESIDENTIAL, False,
              Message("a ZIP code inside the city although the worker is declared not a "
                      "resident. The ZIP decides: these hours are counted as resident hours")),
)


@register
class Residency(RuleOnRowsInForce):
    """Residency from the worker's home ZIP code.

    Standard: residency goals such as the Boston Residents Jobs Policy ("bona fide Boston
    resident: a worker who provides sufficient evidence", CBC 8-9.1). A ZIP code is
    evidence, not proof.
    Who is covered: every row of a workforce report under a standard that ships a ZIP list
    (`resident_zip_list`, a file in rules/data/ marked with whether the city confirmed it).
    What it reports, per project, as notices for the officer: rows whose ZIP straddles the
    city line (Boston: 02467, Chestnut Hill, shared with Brookline and Newton) are neither
    counted as resident nor dropped: they are listed for verification; rows with a
    post-office-box or single-building ZIP (Boston: 02112, 02117, 02123, 02201, 02205) are
    not home addresses; rows where the declared resident flag and the ZIP disagree (the ZIP
    decides the count, and the officer sees both). Rows without a ZIP keep the declared flag.
    Dates: the list named by the version in force on the row's period end.
    Finding: `residency.<signal>`, severity "notice".
    """

    code = "residency"
    version = "1"
    title = "Residency from the home ZIP code"
    report_types = ("workforce",)
    parameters = (
        ParameterSpec("resident_zip_list", "text", "data file",
                      "the city's residential ZIP list in rules/data/"),
    )

    def check(self, frame: pd.DataFrame, index: np.ndarray, standard: Standard,
              columns: dict[str, object], outcome: RuleOutcome) -> None:
        evidence = zip_evidence(frame, standard, index)
        declared = frame["boston_resident"].astype("boolean")
        units = hour_units(frame)
        rows = frame["row"].to_numpy(dtype="int64")
        groups = group_rows({"project": "project", "version": index}, frame)
        group_version = np.array([key[-1] for key in groups.keys], dtype="int64")
        zip_lists = standard.parameter_values("resident_zip_list")
        first, last = groups.days(frame["period_end"].to_numpy(dtype="datetime64[D]"))
        zip_code, zip_names = factorized(frame, "zip")
        worker_code, worker_names = factorized(frame, "worker")
        for signal in SIGNALS:
            selected = evidence == signal.evidence
            if signal.declared is not None:
                selected &= declared.eq(signal.declared).fillna(False).to_numpy(dtype=bool)
            if not selected.any():
                continue
            hours = groups.total(np.where(selected, units, 0))
            flagged = np.flatnonzero(groups.total(selected.astype("int64")) > 0)
            samples = groups.rows(rows, flagged, selected)
            zips = _distinct(groups.codes[selected], zip_code[selected], zip_names)
            workers = _distinct_count(groups.codes[selected], worker_code[selected],
                                      worker_names, len(groups))
            for group in flagged.tolist():
                version = standard.versions[int(group_version[group])]
                list_name = str(zip_lists[int(group_version[group])])
                scope = scope_of(groups, group, first=first[group], last=last[group])
                sample, count = samples[group]
                group_zips = zips.get(group, [])
                unconfirmed = "" if zip_list(list_name).confirmed else Message(
                    " (the ZIP list is still to be confirmed by the city)")
                message = signal.code.message(
                    rows=rows_text(count), hours=hours_text(hours[group]),
                    where=where_text(scope), says=signal.says,
                    zips=listed(group_zips, ZIPS_LISTED), unconfirmed=unconfirmed)
                outcome.findings.append(self.finding(
                    standard, version,
                    code=signal.code,
                    severity="notice",
                    scope=scope,
                    observed=hours_text(hours[group]),
                    expected="0",
                    unit=gettext_noop("hours"),
                    rows=sample,
                    row_count=count,
                    message=message,
                    remedy=signal.code.hint(),
                    figures={
                        "hours": hours_text(hours[group]),
                        "zips": ", ".join(group_zips),
                        "workers": str(workers[group]),
                        "zip_list": list_name,
                        "zip_list_confirmed_by_city": "yes" if zip_list(list_name).confirmed
                        else "no",
                    },
                ))


def _distinct_count(groups: np.ndarray, codes: np.ndarray, names: object,
                    size: int) -> np.ndarray:
    """Per group, how many distinct named values (missing values left out) it has."""
    named = np.array([plain_value(name) is not None for name in names], dtype=bool)
    span = max(len(names), 1)
    pairs = pd.unique(groups[named[codes]].astype("int64") * span + codes[named[codes]])
    return np.bincount(pairs // span, minlength=size)


def _distinct(groups: np.ndarray, codes: np.ndarray, names: object) -> dict[int, list[str]]:
    """Per group, its distinct named values (missing values left out), sorted."""
    span = max(len(names), 1)
    pairs = pd.unique(groups.astype("int64") * span + codes)
    found: dict[int, list[str]] = {}
    for group, code in zip((pairs // span).tolist(), (pairs % span).tolist(), strict=True):
        if plain_value(names[code]) is not None:
            found.setdefault(group, []).append(str(names[code]))
    return {group: sorted(values) for group, values in found.items()}
