"""The rule registry: named, versioned rule classes with declared parameters."""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, Literal

import pandas as pd

from imports.issues import Issue
from rules.findings import Finding, Findings

if TYPE_CHECKING:
    from rules.standards import Parameter, Standard, StandardVersion

ParameterKind = Literal["money", "percent", "number", "text", "list"]

# The modules that define the shipped rules; importing one registers its rules.
RULE_MODULES = ("rules.wage_floor", "rules.hiring_goal", "rules.residency",
                "rules.completeness", "rules.filing", "rules.bicycling", "rules.wage_theft")


@dataclass(frozen=True)
class ParameterSpec:
    name: str
    kind: ParameterKind
    unit: str
    description: str
    required: bool = True
    # For "text" and "list": the values allowed (every item, for a list).
    choices: tuple[str, ...] = ()
    # Coverage parameters say which contracts the standard covers; they are decided with the
    # contract (value, size), not read from the uploaded rows, and are listed for the officer.
    coverage: bool = False


@dataclass
class RuleOutcome:
    findings: Findings = field(default_factory=Findings)
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
        """Apply the rule to the accepted rows of a report.

        Rows whose pay period no version of the standard covers are the engine's business
        (one issue per row, reported once per standard): rules skip them.
        """

    def finding(self, standard: Standard, version: StandardVersion, **fields) -> Finding:
        """A finding of this rule under `version` of `standard`."""
        return Finding(rule=self.code, rule_version=self.version, standard=standard.label,
                       standard_version=version.version, source=version.source, **fields)


RULES: dict[str, type[Rule]] = {}


def register(rule: type[Rule]) -> type[Rule]:
    if rule.code in RULES:
        raise ValueError(f"rule {rule.code} is registered twice")
    RULES[rule.code] = rule
    return rule


def load_rules() -> dict[str, type[Rule]]:
    for module in RULE_MODULES:
        importlib.import_module(module)
    return RULES


def get_rule(code: str) -> type[Rule]:
    return load_rules()[code]


def validate_standard_rules(standard: Standard, *, origin: str) -> None:
    """A standard may name only registered rules and must give each their parameters."""
    from rules.standards import StandardError

    rules = load_rules()
    for code in standard.rules:
        rule = rules.get(code)
        if rule is None:
            raise StandardError(f"{origin}: rule '{code}' is not a registered rule "
                                f"(known: {', '.join(sorted(rules))})")
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
                problem = parameter_problem(spec, parameter)
                if problem:
                    raise StandardError(f"{origin}: version {version.version}: "
                                        f"'{spec.name}' {problem}")


def parameter_problem(spec: ParameterSpec, parameter: Parameter) -> str | None:
    """What is wrong with a parameter against its declaration, or None."""
    from rules.datafiles import data_file_problem

    if parameter.unit != spec.unit:
        return f"is in {parameter.unit}, expected {spec.unit}"
    values = (list(parameter.value.values()) if isinstance(parameter.value, dict)
              else [parameter.value])
    for value in values:
        if spec.kind in ("money", "percent", "number"):
            if isinstance(value, bool | list):
                return f"must be a number, not {value!r}"
            try:
                number = Decimal(str(value))
            except ArithmeticError:
                number = None
            if number is None or not number.is_finite():
                return f"value {value!r} is not a number"
            if number < 0:
                return "is negative"
            if spec.kind == "percent" and number > 100:
                return f"is {number}%, above 100%"
        elif spec.kind == "list":
            if not isinstance(value, list) or not value:
                return "must be a non-empty list"
            unknown = [item for item in value if spec.choices and item not in spec.choices]
            if unknown:
                return (f"has {', '.join(unknown)}; allowed: {', '.join(spec.choices)}")
        elif spec.kind == "text":
            if not isinstance(value, str) or not value.strip():
                return "must be text"
            if spec.choices and value not in spec.choices:
                return f"is '{value}'; allowed: {', '.join(spec.choices)}"
            if spec.unit == "data file":
                problem = data_file_problem(value)
                if problem:
                    return problem
    return None


def catalogue() -> list[dict[str, object]]:
    """Every registered rule with its parameters and the standards applying it, for the UI
    and the API."""
    from rules.standards import shipped_standards

    standards = shipped_standards()
    return [
        {
            "code": rule.code,
            "version": rule.version,
            "title": rule.title,
            "report_types": list(rule.report_types),
            "description": (rule.__doc__ or "").strip(),
            "parameters": [
                {"name": p.name, "kind": p.kind, "unit": p.unit,
                 "description": p.description, "required": p.required,
                 "choices": list(p.choices), "coverage": p.coverage}
                for p in rule.parameters
            ],
            "standards": [code for code, standard in standards.items()
                          if rule.code in standard.rules],
        }
        for rule in sorted(load_rules().values(), key=lambda r: r.code)
    ]
