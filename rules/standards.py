"""Standards as dated, cited data: one TOML file per program in rules/standards/.

A standard has versions; each version has an `effective_from` date, an optional inclusive
`effective_to`, parameters with units, and a source citation. The version applied to a row
is the one in force on that row's pay period end. A date no version covers gets no version:
the engine reports it rather than borrowing the nearest one.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

STANDARDS_DIR = Path(__file__).parent / "standards"


class StandardError(Exception):
    """A standard file is invalid, or a code names no shipped standard."""


class Parameter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: str | int | bool | list[str] | dict[str, str]
    unit: str
    note: str = ""

    def decimal(self) -> Decimal:
        try:
            return Decimal(str(self.value))
        except InvalidOperation as error:
            raise StandardError(f"parameter value {self.value!r} is not a number") from error


class StandardVersion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    source: str = Field(min_length=1)
    notes: str = ""
    parameters: dict[str, Parameter]

    @model_validator(mode="after")
    def _dates_in_order(self) -> StandardVersion:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(f"version {self.version}: effective_to is before effective_from")
        return self

    def covers(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None
                                               or day <= self.effective_to)


class Standard(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str
    jurisdiction: str
    program: str
    report_type: str
    rules: list[str] = Field(min_length=1)
    notes: str = ""
    versions: list[StandardVersion] = Field(min_length=1)

    @field_validator("versions")
    @classmethod
    def _versions_ordered_and_disjoint(
        cls, versions: list[StandardVersion]
    ) -> list[StandardVersion]:
        versions = sorted(versions, key=lambda v: v.effective_from)
        labels = [v.version for v in versions]
        if len(set(labels)) != len(labels):
            raise ValueError("two versions share a version label")
        for earlier, later in zip(versions, versions[1:], strict=False):
            if earlier.effective_from == later.effective_from:
                raise ValueError(f"versions {earlier.version} and {later.version} start the "
                                 "same day")
            if earlier.effective_to is not None and earlier.effective_to >= later.effective_from:
                raise ValueError(f"versions {earlier.version} and {later.version} overlap: "
                                 f"{earlier.version} runs to {earlier.effective_to}")
        return versions

    def version_index_for(self, days: pd.Series) -> np.ndarray:
        """For each date, the index into `versions` of the version in force, or -1."""
        starts = np.array([v.effective_from for v in self.versions], dtype="datetime64[D]")
        ends = np.array([v.effective_to or dt.date.max for v in self.versions],
                        dtype="datetime64[D]")
        values = days.to_numpy(dtype="datetime64[D]")
        index = np.searchsorted(starts, values, side="right") - 1
        in_force = (index >= 0) & ~np.isnat(values)
        safe = np.where(in_force, index, 0)
        in_force &= values <= ends[safe]
        return np.where(in_force, index, -1)

    def version_on(self, day: dt.date) -> StandardVersion | None:
        return next((v for v in reversed(self.versions) if v.covers(day)), None)


def parse_standard(text: str, *, origin: str = "<text>") -> Standard:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise StandardError(f"{origin}: not valid TOML: {error}") from error
    try:
        standard = Standard.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}" for e in error.errors()
        )
        raise StandardError(f"{origin}: {problems}") from error
    from rules.registry import validate_standard_rules

    validate_standard_rules(standard, origin=origin)
    return standard


def load_standard_file(path: Path) -> Standard:
    standard = parse_standard(path.read_text(encoding="utf-8"), origin=path.name)
    if standard.code != path.stem:
        raise StandardError(f"{path.name}: code '{standard.code}' does not match the file name")
    return standard


@cache
def shipped_standards() -> dict[str, Standard]:
    return {
        path.stem: load_standard_file(path) for path in sorted(STANDARDS_DIR.glob("*.toml"))
    }


def get_standard(code: str) -> Standard:
    standards = shipped_standards()
    if code not in standards:
        known = ", ".join(sorted(standards))
        raise StandardError(f"No standard '{code}' is on file. Known standards: {known}.")
    return standards[code]
