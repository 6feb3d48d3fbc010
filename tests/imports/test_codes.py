"""The code catalogue: one place for every issue and finding code, each with a title, one
message and one hint, all translated; and no module writing a code as a bare string."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import polib
import pytest

from imports.codes import UNTITLED, Code, issue_title
from imports.i18n import Message

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("imports", "rules", "procurement")
CATALOGUE = ROOT / "imports" / "codes.py"
SPANISH = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"

# Owned elsewhere: licensing's own codes, and generated migrations.
EXCLUDED_FOLDERS = ("procurement/licensing/", "/migrations/")

LOOKS_LIKE_A_CODE = re.compile(
    r"^(import|standard|period|prevailing-wage|wage-floor|hiring-goal|data-completeness|"
    r"residency|bicycling|filing|wage-theft)\.[a-z0-9-]+$")
# API errors and audit actions that share a prefix with the issue codes; not issues.
NOT_ISSUE_CODES = {
    "standard.not-allowed", "standard.not-found", "standard.not-loaded",
    "standard.version-added", "standard.version-recheck",
}


def _modules() -> list[Path]:
    paths = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if path == CATALOGUE \
                    or any(folder in f"/{relative}" for folder in EXCLUDED_FOLDERS):
                continue
            paths.append(path)
    return paths


def _written_codes(path: Path, root: Path = ROOT) -> list[str]:
    codes = {code.value for code in Code}
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if text in codes or (LOOKS_LIKE_A_CODE.match(text) and text not in NOT_ISSUE_CODES):
                found.append(f"{path.relative_to(root).as_posix()}:{node.lineno} {text}")
    return sorted(found, key=lambda hit: int(hit.split(":")[1].split(" ")[0]))


def test_no_module_writes_a_code_as_a_string():
    assert [hit for path in _modules() for hit in _written_codes(path)] == []


def test_the_scan_finds_a_code_written_as_a_string(tmp_path):
    (tmp_path / "bad.py").write_text('Issue(code="import.not-a-number")\n'
                                     'x = "residency.something-new"\n'
                                     'y = "standard.not-found"\n')
    assert _written_codes(tmp_path / "bad.py", tmp_path) == [
        "bad.py:1 import.not-a-number", "bad.py:2 residency.something-new"]


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _dummy(template: str) -> dict[str, object]:
    # A number fits every format spec the catalogue uses ({size:.1f}, {rows:,}, {hours:g}).
    values: dict[str, object] = {}
    for _, name, spec, _ in string.Formatter().parse(template):
        if name:
            values[name] = 1 if spec else f"<{name}>"
    return values


@pytest.mark.parametrize("code", list(Code), ids=str)
def test_every_code_has_a_title_a_message_and_a_hint_whose_fields_fill_in(code):
    assert code == code.value and LOOKS_LIKE_A_CODE.match(code.value)
    assert code.title and issue_title(code) == code.title != UNTITLED
    for template, made in ((code.message_template, code.message),
                           (code.hint_template, code.hint)):
        assert template.strip()
        params = _dummy(template)
        message = made(**params)
        assert isinstance(message, Message) and message.msgid == template
        rendered = message.render()
        assert all(str(value) in rendered for value in params.values()
                   if isinstance(value, str))


def test_a_member_is_its_code_string_and_unknown_codes_are_untitled():
    assert Code("import.not-a-number") is Code.NOT_A_NUMBER
    assert {"import.not-a-number": 1}[Code.NOT_A_NUMBER] == 1
    assert issue_title("import.no-such-code") == UNTITLED
    assert Code.PDF.hint() == Message(Code.PDF.hint_template)


def test_one_message_and_one_hint_per_code():
    message = Code.NOT_A_NUMBER.message(row=3, column="Hourly Rate", value="abc")
    assert message.render() == "Row 3, column Hourly Rate: 'abc' is not a number."
    assert _fields(Code.NOT_A_NUMBER.message_template) == {"row", "column", "value"}


@pytest.fixture(scope="module")
def spanish() -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in polib.pofile(str(SPANISH))}


@pytest.mark.parametrize("code", list(Code), ids=str)
def test_every_title_message_and_hint_has_a_spanish_translation(code, spanish):
    missing = [msgid for msgid in (code.title, code.message_template, code.hint_template)
               if msgid not in spanish or not spanish[msgid].msgstr.strip()
               or "fuzzy" in spanish[msgid].flags]
    assert missing == []
