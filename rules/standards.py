"""Standards as dated, cited data: one TOML file per program in rules/standards/.

A standard has versions; each version has an `effective_from` date, an optional inclusive
`effective_to`, parameters with units, and a source citation. The version applied to a row
is the one in force on that row's pay period end. A date no version covers gets no version:
the engine reports it rather than borrowing the nearest one.

A standard whose figures differ by place (the Minnesota Department of Human Rights sets its
goals by county) declares `[variants]` and gives those parameters as a table keyed by the
variant (`per = "county"`). It is applied as `code:variant`, for example
`mdhr-workforce-goals:hennepin`; the bare code names no figures and is refused.

A version can also be added outside the file (an administrator adds next July's rate in the
application, which keeps it in its database). `with_added_versions` merges such versions into
the file's standard and validates the result exactly as a file is validated: dates in order,
no two versions overlapping, every rule's parameters present and of the right kind.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

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

from imports import money as money_unit

STANDARDS_DIR = Path(__file__).parent / "standards"
_VARIANT_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class StandardError(Exception):
    """A standard file is invalid, or a code names no shipped standard."""


class Parameter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: str | int | bool | list[str] | dict[str, str]
    unit: str
    note: str = ""
    per: str | None = None

    @model_validator(mode="after")
    def _table_only_per_variant(self) -> Parameter:
        if (self.per is None) == isinstance(self.value, dict):
            raise ValueError("a table of values needs `per` (the variant it is keyed by), and "
                             "`per` needs a table of values")
        return self

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


class Variants(BaseModel):
    """The places (or other choices) a standard's figures differ by."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z]+$")
    choices: dict[str, str] = Field(min_length=1)
    note: str = ""

    @field_validator("choices")
    @classmethod
    def _choice_keys(cls, choices: dict[str, str]) -> dict[str, str]:
        for key in choices:
            if not _VARIANT_KEY.fullmatch(key):
                raise ValueError(f"choice '{key}' must be lower-case words joined by '-'")
        return choices


class Standard(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str
    jurisdiction: str
    program: str
    report_type: str
    rules: list[str] = Field(default_factory=list)
    # True: the rates come from the prevailing wage schedule a contract names
    # (rules.schedules), checked by rules.prevailing_wage; the standard gives the legal basis.
    schedule: bool = False
    notes: str = ""
    # What one version is called in messages: "no Boston Living Wage rate is on file".
    version_label: str = "version"
    variants: Variants | None = None
    # Set only on a standard resolved for one variant (see `for_variant`), never in a file.
    variant: str | None = None
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

    def parameter_values(self, name: str,
                         convert: Callable[[Parameter], Any] | None = None) -> list[Any]:
        """The parameter `name` in each version, in order (None where a version lacks it),
        as `convert` gives it (`money`, `whole`; the value as written without). Indexed by a
        version index (`version_index_for`), it is the value in force for that pay period:
        the one way a rule or the evidence reads a standard's parameters."""
        return [None if name not in v.parameters
                else convert(v.parameters[name]) if convert else v.parameters[name].value
                for v in self.versions]

    def parameter_in_force(self, name: str, index: np.ndarray,
                           convert: Callable[[Parameter], Any]) -> np.ndarray:
        """Row by row, the parameter in force on the row's pay period end, for rows' version
        indexes (`version_index_for`); a row no version covers (-1) gets the first version's
        value, which the caller leaves out (the engine reports those rows)."""
        values = np.array(self.parameter_values(name, convert))
        return values[np.maximum(index, 0)]

    def version_on(self, day: dt.date) -> StandardVersion | None:
        return next((v for v in reversed(self.versions) if v.covers(day)), None)

    @model_validator(mode="after")
    def _checks_something(self) -> Standard:
        if not self.rules and not self.schedule:
            raise ValueError("a standard names at least one rule, or `schedule = true` (its "
                             "rates come from the contract's prevailing wage schedule)")
        return self

    @model_validator(mode="after")
    def _tables_cover_every_variant(self) -> Standard:
        for version in self.versions:
            for name, parameter in version.parameters.items():
                if parameter.per is None:
                    continue
                if self.variants is None or parameter.per != self.variants.name:
                    raise ValueError(f"version {version.version}: '{name}' is given per "
                                     f"'{parameter.per}', which the standard does not declare "
                                     f"in [variants]")
                keys, choices = set(parameter.value), set(self.variants.choices)
                if keys != choices:
                    missing = ", ".join(sorted(choices - keys)) or "none"
                    extra = ", ".join(sorted(keys - choices)) or "none"
                    raise ValueError(f"version {version.version}: '{name}' must give a value "
                                     f"for every {parameter.per} (missing: {missing}; not a "
                                     f"declared {parameter.per}: {extra})")
        return self

    @property
    def label(self) -> str:
        """The code as a user names it: `code`, or `code:variant`."""
        return f"{self.code}:{self.variant}" if self.variant else self.code

    def for_variant(self, choice: str) -> Standard:
        """This standard with every per-variant table resolved to `choice`'s figure."""
        if self.variants is None:
            raise StandardError(f"The standard '{self.code}' has the same figures everywhere: "
                                f"name it as '{self.code}', without ':{choice}'.")
        if choice not in self.variants.choices:
            raise StandardError(
                f"'{choice}' is not a {self.variants.name} of the standard '{self.code}'. "
                f"Choose one of: {', '.join(sorted(self.variants.choices))}.")
        versions = [
            version.model_copy(update={"parameters": {
                name: (parameter.model_copy(update={"value": parameter.value[choice],
                                                    "per": None})
                       if parameter.per else parameter)
                for name, parameter in version.parameters.items()
            }})
            for version in self.versions
        ]
        place = self.variants.choices[choice]
        return self.model_copy(update={"variant": choice, "versions": versions,
                                       "title": f"{self.title} ({place})"})


def parse_standard(text: str, *, origin: str = "<text>") -> Standard:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise StandardError(f"{origin}: not valid TOML: {error}") from error
    try:
        standard = Standard.model_validate(data)
    except ValidationError as error:
        raise StandardError(f"{origin}: {_problems(error)}") from error
    if standard.variant is not None:
        raise StandardError(f"{origin}: 'variant' is set by the engine, not in a file; "
                            f"declare the choices under [variants]")
    from rules.registry import validate_standard_rules

    validate_standard_rules(standard, origin=origin)
    return standard


def _problems(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}" for e in error.errors()
    )


def with_added_versions(standard: Standard, added: Sequence[Mapping[str, Any]], *,
                        origin: str = "<added versions>") -> Standard:
    """`standard` (as its file gives it) with the versions in `added` (plain data: version,
    effective_from, effective_to, source, notes, parameters) merged in, validated as
    `parse_standard` validates a file. Raises StandardError saying what is wrong."""
    if not added:
        return standard
    if standard.variant is not None:
        raise StandardError(f"{origin}: add versions to '{standard.code}' before choosing "
                            f"a {standard.variants.name if standard.variants else 'variant'}")
    data = standard.model_dump(exclude={"versions"})
    data["versions"] = [*(v.model_dump() for v in standard.versions), *added]
    try:
        merged = Standard.model_validate(data)
    except ValidationError as error:
        raise StandardError(f"{origin}: {_problems(error)}") from error
    from rules.registry import validate_standard_rules

    validate_standard_rules(merged, origin=origin)
    return merged


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


def get_standard(code: str, *, added: Sequence[Mapping[str, Any]] = ()) -> Standard:
    """The shipped standard named `code`, or `code:variant` for one with variants, with the
    versions in `added` merged in (see `with_added_versions`; the application passes the ones
    an administrator added, the command line has none)."""
    standards = shipped_standards()
    base, _, choice = code.strip().partition(":")
    if base not in standards:
        # The closest names first, so a typo's correction is the first one read.
        known = sorted(standards, key=lambda known_code: (
            -difflib.SequenceMatcher(None, base, known_code).ratio(), known_code))
        raise StandardError(f"No standard '{code}' is on file. Known standards: "
                            f"{', '.join(known)}.")
    standard = with_added_versions(standards[base], added, origin=f"{base} (versions added "
                                                                  "in GoodBid)")
    if choice:
        return standard.for_variant(choice)
    if standard.variants is not None:
        name = standard.variants.name
        example = next(iter(standard.variants.choices))
        raise StandardError(
            f"The standard '{base}' sets its figures by {name}: name the {name} as "
            f"'{base}:<{name}>', for example '{base}:{example}'. Choices: "
            f"{', '.join(standard.variants.choices)}.")
    return standard


def standard_choices() -> list[tuple[str, str]]:
    """Every code a user can apply, with its title: variants spelled out as `code:variant`."""
    choices: list[tuple[str, str]] = []
    for code, standard in shipped_standards().items():
        if standard.variants is None:
            choices.append((code, standard.title))
        else:
            choices.extend((f"{code}:{key}", f"{standard.title} ({place})")
                           for key, place in standard.variants.choices.items())
    return choices


def money(parameter: Parameter) -> int:
    """A money parameter in the money unit the engine computes in (imports.money: int
    ten-thousandths of a dollar), exact."""
    return money_unit.units(parameter.decimal())


def number(parameter: Parameter) -> Decimal:
    """A number parameter (a percent goal) exactly."""
    return parameter.decimal()


def whole(parameter: Parameter) -> int:
    """A count parameter (days, periods) as a whole number."""
    return int(parameter.decimal())
