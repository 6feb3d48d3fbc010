"""A vendor who reads Spanish gets the pages, the import problems and the findings in Spanish:
the catalogue holds every sentence the code writes, and what it says is what is shown."""

from __future__ import annotations

import csv
import datetime as dt
import io
import string
from pathlib import Path

import openpyxl
import polib
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from imports.i18n import Message
from procurement.i18n import localise
from procurement.models import Profile, Role, Submission
from procurement.services.reviews import review_create
from tests.sentences import marked_literals
from tests.support import LOW_WAGES, PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
COMMA_HINT = "Write it with a decimal point: {fixed}."


def code_sentences() -> set[str]:
    """Every literal imports/ and rules/ mark for translation: Message("..."),
    gettext_noop("...") and report fields' labels, Field(name, "Label", ...)."""
    return marked_literals([*(ROOT / "imports").glob("*.py"), *(ROOT / "rules").glob("*.py")])


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_catalogue_holds_every_sentence_the_code_writes():
    catalogue = {entry.msgid for entry in polib.pofile(str(CATALOGUE))}
    sentences = code_sentences()
    assert len(sentences) > 100
    missing = sorted(sentences - catalogue)
    assert missing == [], f"run `make messages` and translate: {missing[:5]}"


def test_the_compiled_catalogue_is_the_catalogue():
    written = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
               for e in polib.pofile(str(CATALOGUE)).translated_entries()}
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
                for e in polib.mofile(str(COMPILED)) if e.msgid}
    assert compiled == written, "run `make messages` to compile locale/*/django.mo"


def test_every_translation_keeps_the_values_its_sentence_names():
    broken = []
    for entry in polib.pofile(str(CATALOGUE)).translated_entries():
        if "python-brace-format" in entry.flags and fields(entry.msgstr) != fields(entry.msgid):
            broken.append(entry.msgid)
    assert broken == []


def spanish(msgid: str, **values) -> str:
    with translation.override("es"):
        text = Message(msgid, **values).render(translation.gettext)
    assert text != Message(msgid, **values).render(), f"not translated: {msgid}"
    return text


def vendor_in_spanish(vendor_user) -> Client:
    client = Client()
    assert client.login(request=HttpRequest(), username=vendor_user.username,
                        password=PASSWORD)
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert response.status_code == 302
    return client


@pytest.fixture
def checked_in_spanish(transactional_db, vendor_user):
    vendor = vendor_in_spanish(vendor_user)
    response = vendor.post("/submissions/new/", {
        "file": SimpleUploadedFile("july.csv", LOW_WAGES),
        "standards": ["boston-living-wage"]}, follow=True)
    assert response.status_code == 200
    return vendor, response.redirect_chain[-1][0], response.content.decode()


def test_a_vendor_who_chose_spanish_reads_the_problems_in_spanish(checked_in_spanish):
    _, _, page = checked_in_spanish
    assert spanish(COMMA_HINT, fixed="18.20") in page
    assert COMMA_HINT.format(fixed="18.20") not in page
    assert '<html lang="es" dir="ltr">' in page
    with translation.override("es"):
        chooser = translation.gettext("Change language")
    assert chooser != "Change language" and chooser in page


def test_findings_are_in_spanish_too_with_the_rows_figures(checked_in_spanish):
    _, detail_url, page = checked_in_spanish
    submission = Submission.objects.get(pk=int(detail_url.rstrip("/").split("/")[-1]))
    findings = submission.current_run.report["findings"]
    assert findings
    for finding in findings:
        with translation.override("es"):
            spanish_finding = localise(finding)
        for field in ("message", "remedy"):
            text = spanish_finding[field]
            assert text != finding[field]
            assert escape(text) in page
    # The standard's name, money and days as Spanish writes them.
    assert "Salario Digno de Boston, $18,20/hora" in page and "$18,19" in page
    assert "7 de julio de 2024" in page
    assert escape(findings[0]["message"]) not in page
    with translation.override("es"):  # the words around the figures, and the evidence
        words = [translation.gettext(w) for w in ("violation", "USD/hour", "Below the floor")]
    assert all(word in page for word in words) and "USD/hour" not in page


def test_the_export_and_the_api_speak_the_readers_language(
        checked_in_spanish, client_for, vendor_user):
    vendor, detail_url, _ = checked_in_spanish
    submission_id = int(detail_url.rstrip("/").split("/")[-1])
    exported = b"".join(vendor.get(f"/submissions/{submission_id}/export.csv")
                        .streaming_content).decode()
    rows = list(csv.reader(io.StringIO(exported)))
    header = next(row for row in rows if spanish("How to fix") in row)
    hints = [row[header.index(spanish("How to fix"))] for row in rows
             if len(row) > header.index(spanish("How to fix"))]
    assert spanish(COMMA_HINT, fixed="18.20") in hints

    payroll_system = client_for(vendor_user)  # no language cookie: Accept-Language decides
    url = f"/api/submissions/{submission_id}/issues"
    for language, hint in (("es", spanish(COMMA_HINT, fixed="18.20")),
                           (None, COMMA_HINT.format(fixed="18.20"))):
        headers = {"accept-language": language} if language else {}
        issues = payroll_system.get(url, headers=headers).json()
        comma = [i for i in issues if i["code"] == "import.decimal-comma"]
        assert [i["hint"] for i in comma] == [hint]
        assert comma[0]["i18n"]["hint"] == {"id": COMMA_HINT, "params": comma[0]["i18n"][
            "hint"]["params"]} and comma[0]["i18n"]["hint"]["params"]["fixed"] == "18.20"


def test_english_stays_the_default(vendor_user):
    client = Client()
    assert client.login(request=HttpRequest(), username=vendor_user.username,
                        password=PASSWORD)
    page = client.get("/").content.decode()
    assert '<html lang="en" dir="ltr">' in page
    assert 'value="es" lang="es"' in page  # the chooser offers Spanish


def test_the_template_explains_itself_in_spanish_and_still_imports_cleanly(client, db):
    from imports import import_file

    response = client.get("/api/templates/workforce", headers={"accept-language": "es"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    with translation.override("es"):
        instructions = workbook[translation.gettext("Instructions")]
        help_text = translation.gettext("hours as a number, for example 37.5")
    texts = [cell.value for row in instructions.iter_rows() for cell in row if cell.value]
    assert help_text != "hours as a number, for example 37.5" and help_text in texts
    assert [c.value for c in workbook["Report"][1]][:3] == ["Period ending", "Trade", "Hours"]
    result = import_file(response.content, "plantilla.xlsx", "workforce")
    assert result.issues.flatten(("row", "code")) == []


def test_the_chosen_language_follows_the_vendor_to_another_browser_and_into_email(
        submitted_report, vendor_user, officer_user):
    vendor_in_spanish(vendor_user)
    assert Profile.objects.get(user=vendor_user).language == "es"
    other_browser = Client()
    assert other_browser.login(request=HttpRequest(), username=vendor_user.username,
                               password=PASSWORD)
    assert '<html lang="es" dir="ltr">' in other_browser.get("/").content.decode()

    # A colleague at the same vendor who never chose keeps English.
    colleague = get_user_model().objects.create_user("vendor-colleague", "c@harbor.example")
    Profile.objects.create(user=colleague, role=Role.VENDOR,
                           vendor=Profile.objects.get(user=vendor_user).vendor)
    mail.outbox.clear()
    review_create(submission=submitted_report, acting_user=officer_user,
                  decision="request_correction", note="Row 7.",
                  due_date=dt.date.today() + dt.timedelta(days=14))
    by_recipient = {tuple(email.to): email for email in mail.outbox}
    spanish_mail = by_recipient[(vendor_user.email,)]
    english_mail = by_recipient[("c@harbor.example",)]
    with translation.override("es"):
        not_yet = translation.gettext("This is a 'not yet', not a rejection: please correct "
                                      "the report and upload the new version by %(due)s.")
    assert not_yet.split("%(due)s")[0] in spanish_mail.body
    assert "This is a 'not yet', not a rejection" in english_mail.body


def test_a_required_figure_with_words_around_it_is_translated_too():
    from procurement.i18n import localise
    from rules.findings import Finding

    finding = Finding(
        code="bicycling.brief-appearance", rule="bicycling", rule_version="1", standard="s",
        standard_version="v", source="src", severity="notice", scope={}, observed="1",
        expected=Message("more than {count}", count=2), unit="periods on the project",
        rows=[3], row_count=1, message=Message("{count} rows", count=1),
        remedy=Message("more than {count}", count=2))
    assert finding.expected == "more than 2"
    with translation.override("es"):
        shown = localise(finding.to_dict())
        assert shown["expected"] == translation.gettext("more than {count}").format(count=2)
    assert shown["expected"] != "more than 2"


def test_the_standards_words_are_in_the_catalogue_and_translated():
    """Titles, version words, places and sources from rules/standards/ reach vendors in
    their language (makemessages collects them from the data files)."""
    from procurement.management.commands.makemessages import standard_words

    translated = {entry.msgid for entry in polib.pofile(str(CATALOGUE)).translated_entries()}
    words = standard_words()
    assert "Boston Living Wage" in words
    assert [word for word in words if word not in translated] == []


def test_every_plural_has_each_form_the_language_counts():
    """Spanish counts three forms here (one, many, other): a plural missing one is read in
    English for those numbers."""
    catalogue = polib.pofile(str(CATALOGUE))
    forms = int(catalogue.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    short = [e.msgid for e in catalogue.translated_entries() if e.msgid_plural
             and len([text for text in e.msgstr_plural.values() if text]) < forms]
    assert short == []
