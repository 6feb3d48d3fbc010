"""The rule registry: named, versioned rule classes with declared parameters."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Literal

import pandas as pd

from imports.issues import Issue
from rules.findings import Finding

if TYPE_CHECKING:
    from rules.standards import Standard

ParameterKind = Literal["money", "percent", "number", "text", "list"]


@dataclass(frozen=True)
class ParameterSpec:
    name: str
    kind: ParameterKind
    unit: str
    description: str
    required: bool = True


@dataclass
class RuleOutcome:
    findings: list[Finding] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    issue_counts: dict[str, int] = field(default_factory=dict)
    versions_applied: set[str] = field(default_factory=set)
    unchecked_rows: set[int] = field(default_factory=set)


class Rule(ABC):
    """A check derived from a standard. Subclasses document the law they apply."""

    code: ClassVar[str]
    version: ClassVar[str]
    title: ClassVar[str]
    report_types: ClassVar[tuple[str, ...]]
    parameters: ClassVar[tuple[ParameterSpec, ...]]

    @abstractmethod
    def evaluate(self, frame: pd.DataFrame, standard: Standard, *,
                 columns: dict[str, object], sheet: str | None) -> RuleOutcome:
        """Apply the rule to the accepted rows of a report."""


RULES: dict[str, type[Rule]] = {}


def register(rule: type[Rule]) -> type[Rule]:
    if rule.code in RULES:
        raise ValueError(f"rule {rule.code} is registered twice")
    RULES[rule.code] = rule
    return rule


def get_rule(code: str) -> type[Rule]:
    import rules.wage_floor  # noqa: F401  (registers the shipped rules)

    return RULES[code]


def validate_standard_rules(standard: Standard, *, origin: str) -> None:
    """A standard may name only registered rules and must give each their parameters."""
    import rules.wage_floor  # noqa: F401
    from rules.standards import StandardError

    for code in standard.rules:
        rule = RULES.get(code)
        if rule is None:
            raise StandardError(f"{origin}: rule '{code}' is not a registered rule "
                                f"(known: {', '.join(sorted(RULES))})")
        if standard.report_type not in rule.report_types:
            raise StandardError(f"{origin}: rule '{code}' does not read "
                                f"'{standard.report_type}' reports")
        for version in standard.versions:
            for spec in rule.parameters:
                parameter = version.parameters.get(spec.name)
                if parameter is None:
                    if spec.required:
                        raise StandardError(f"{origin}: version {version.version} lacks "
                                            f"parameter '{spec.name}' ({spec.description})")
                    continue
                if parameter.unit != spec.unit:
                    raise StandardError(f"{origin}: version {version.version}: '{spec.name}' "
                                        f"is in {parameter.unit}, expected {spec.unit}")
                if spec.kind in ("money", "percent", "number"):
                    value = parameter.decimal()
                    if value < 0:
                        raise StandardError(f"{origin}: version {version.version}: "
                                            f"'{spec.name}' is negative")


def catalogue() -> list[dict[str, object]]:
    """Every registered rule with its parameters, for the UI and the API."""
    import rules.wage_floor  # noqa: F401

    return [
        {
            "code": rule.code,
            "version": rule.version,
            "title": rule.title,
            "report_types": list(rule.report_types),
            "description": (rule.__doc__ or "").strip(),
            "parameters": [
                {"name": p.name, "kind": p.kind, "unit": p.unit,
                 "description": p.description, "required": p.required}
                for p in rule.parameters
            ],
        }
        for rule in sorted(RULES.values(), key=lambda r: r.code)
    ]
