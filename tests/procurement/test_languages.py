"""The vendors' languages: every catalogue complete, each a machine draft until a reviewer
the city names signs it off (and says so until then), right to left for Arabic, and the
language chosen before logging in from the browser's Accept-Language."""

from __future__ import annotations

import re
import string
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation

from procurement.models import AuditEvent, Profile, TranslationReview
from procurement.services.translations import translation_sign_off
from procurement.translations import (
    CHANGED,
    MACHINE_DRAFT,
    REVIEWED,
    catalogue_path,
    document_state,
)
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
PRINTF = re.compile(r"%\([a-z_0-9]+\)[sdr]|%[sd]")


def placeholders(text: str) -> set[str]:
    braces = {name for _, name, _, _ in string.Formatter().parse(text.replace("%%", ""))
              if name} if "{" in text else set()
    return braces | set(PRINTF.findall(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_is_complete_and_keeps_every_placeholder(language):
    catalogue = polib.pofile(str(catalogue_path(language)))
    english = polib.pofile(str(catalogue_path("es")))  # the same msgids, by makemessages
    assert {e.msgid for e in catalogue if not e.obsolete} == \
        {e.msgid for e in english if not e.obsolete}, "run `make messages`"
    forms = int(catalogue.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    untranslated, broken = [], []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if not entry.translated() or "fuzzy" in entry.flags:
            untranslated.append(entry.msgid)
            continue
        if entry.msgid_plural:
            texts = [entry.msgstr_plural.get(i, "") for i in range(forms)]
            wanted = placeholders(entry.msgid_plural)
            if not all(texts) or any(placeholders(t) - (wanted | placeholders(entry.msgid))
                                     for t in texts):
                broken.append(entry.msgid)
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            broken.append(entry.msgid)
    assert untranslated == [], f"{len(untranslated)} untranslated: {untranslated[:5]}"
    assert broken == [], f"placeholders dropped or added: {broken[:5]}"
    compiled = polib.mofile(str(catalogue_path(language).with_suffix(".mo")))
    assert len([e for e in compiled if e.msgid]) == len(catalogue.translated_entries()), \
        "run `make messages` to compile the catalogue"


def test_a_machine_draft_says_so_and_offers_the_english_text(db):
    page = Client(HTTP_ACCEPT_LANGUAGE="so").get("/accounts/login/").content.decode()
    assert 'lang="so"' in page and 'dir="ltr"' in page
    assert "Read this page in English" in page
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/accounts/login/").content.decode()
    assert "Read this page in English" not in english


def test_arabic_pages_lay_out_right_to_left(db):
    page = Client(HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5").get("/accounts/login/").content.decode()
    assert 'lang="ar" dir="rtl"' in page
    with translation.override("ar"):
        assert translation.get_language_bidi()


def test_a_reviewer_signs_off_a_catalogue_and_the_draft_note_goes(db):
    reviewer = factories.AdminFactory()
    Profile.objects.filter(user=reviewer).update(role="officer")
    reviewer.is_superuser = False
    reviewer.save()
    Profile.objects.filter(user=reviewer).update(reviews_languages=["so"])
    reviewer.refresh_from_db()
    assert document_state("so", "catalogue").state == MACHINE_DRAFT
    client = Client()
    client.force_login(reviewer)
    assert client.get("/translations/so/catalogue/").status_code == 200
    assert client.get("/translations/ar/catalogue/").status_code == 404  # not named for it
    client.post("/translations/so/catalogue/", {"note": "Read with the Somali office."})
    assert document_state("so", "catalogue").state == MACHINE_DRAFT  # the box not ticked
    client.post("/translations/so/catalogue/", {"read": "on"})
    assert document_state("so", "catalogue").state == REVIEWED
    assert AuditEvent.objects.filter(action="translation.signed-off").count() == 1
    page = Client(HTTP_ACCEPT_LANGUAGE="so").get("/accounts/login/").content.decode()
    assert "Read this page in English" not in page
    # An entry changed after the sign-off: a draft again until read again.
    TranslationReview.objects.update(checksum="0" * 64)
    assert document_state("so", "catalogue").state == CHANGED
    assert "Read this page in English" in Client(
        HTTP_ACCEPT_LANGUAGE="so").get("/accounts/login/").content.decode()
    vendor = factories.VendorUserFactory()
    with translation.override("en"), pytest.raises(PermissionDenied, match="reviewer"):
        translation_sign_off(acting_user=vendor, language="so", document="catalogue",
                             read_every_entry=True)


def test_the_administrator_sees_every_languages_review_state(db):
    admin = factories.AdminFactory()
    client = Client()
    client.force_login(admin)
    page = client.get("/admin/procurement/translationreview/").content.decode()
    for code in LANGUAGES:
        assert f'lang="{code}"' in page
    assert "Machine draft" in page
    assert client.get("/translations/").status_code == 200


def test_a_correction_request_in_a_draft_language_carries_the_english_too(demo):
    import datetime as dt

    from procurement.models import Submission
    from procurement.services.reviews import review_create
    from tests.support import user

    Profile.objects.filter(user=user("vendor")).update(language="vi")
    submission = Submission.objects.get(contract__number="EV00012345")
    review_create(submission=submission, acting_user=user("officer"),
                  decision="request_correction", note="", due_date=dt.date(2030, 1, 31))
    body = mail.outbox[-1].body
    with translation.override("vi"):
        note = translation.gettext("This message is a machine translation the city has not "
                                   "checked yet. The English text follows it.")
        vietnamese = translation.gettext("This is a 'not yet', not a rejection: please "
                                         "correct the report and upload the new version by "
                                         "%(due)s.").split("%(due)s")[0]
    assert body.startswith(note) and note != "This message is a machine translation"
    english = body.index("This is a 'not yet', not a rejection")
    assert 0 < body.index(vietnamese) < english


def test_the_templates_instructions_say_when_they_are_a_draft(db):
    import io

    import openpyxl

    from procurement.services.templates import report_template

    with translation.override("so"):
        content, _name = report_template("workforce")
        note = translation.gettext("These instructions are a machine translation the city "
                                   "has not checked yet. Download the template in English "
                                   "to read them as written.")
        sheet = openpyxl.load_workbook(io.BytesIO(content))[translation.gettext("Instructions")]
    assert sheet["A1"].value == note and not note.startswith("These instructions")
    with translation.override("en"):
        english = openpyxl.load_workbook(io.BytesIO(report_template("workforce")[0]))
    assert english["Instructions"]["A1"].value.startswith("GoodBid template")
