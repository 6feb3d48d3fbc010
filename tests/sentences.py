"""Reading the source for the sentences people see: what the i18n tests of imports/, rules/
and the catalogue share."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

SENTENCE_FIELDS = {"message", "hint", "remedy"}
# Calls whose literal argument makemessages collects: Message("..."), gettext_noop("...")
# and report fields' labels, Field(name, "Label", ...) (position of the literal).
MARKERS = {"Message": 0, "gettext_noop": 0, "Field": 1}


def call_name(node: ast.Call) -> str:
    return getattr(node.func, "id", getattr(node.func, "attr", ""))


def calls(paths: Iterable[Path]) -> Iterable[tuple[Path, ast.Call]]:
    for path in sorted(paths):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call):
                yield path, node


def english_literal(node: ast.AST) -> bool:
    """An f-string, a non-empty str literal, a '+' or '%' of them, a conditional choosing one,
    or a str .format(): English where a Message belongs."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value != ""
    if isinstance(node, ast.BinOp):
        return english_literal(node.left) or english_literal(node.right)
    if isinstance(node, ast.IfExp):
        return english_literal(node.body) or english_literal(node.orelse)
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format" and english_literal(node.func.value))


def literal_msgid(node: ast.Call) -> bool:
    return bool(node.args) and isinstance(node.args[0], ast.Constant) \
        and isinstance(node.args[0].value, str)


def marked_literals(paths: Iterable[Path], markers: dict[str, int] = MARKERS) -> set[str]:
    """Every literal the catalogue collects from these files."""
    found = set()
    for _, node in calls(paths):
        position = markers.get(call_name(node))
        if position is not None and len(node.args) > position:
            literal = node.args[position]
            if isinstance(literal, ast.Constant) and isinstance(literal.value, str):
                found.add(literal.value)
    return found
