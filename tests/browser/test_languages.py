"""Every vendor language in a real browser at phone width: the vendor chooses it, uploads a
payroll, reads the problems and findings, and signs, with no English sentence of the
catalogue left on the page; Arabic lays out right to left; axe-core finds no serious or
critical violation on any page type in any language."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from procurement.models import Contract, Submission
from procurement.services.demo import demo_load
from procurement.translations import catalogue_path
from tests.browser.support import log_in, shot

DEMO = Path(__file__).resolve().parents[2] / "procurement" / "demo"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
SERIOUS = ("serious", "critical")


def words(language: str, text: str) -> str:
    with translation.override(language):
        translated = translation.gettext(text)
    assert translated != text, f"not translated into {language}: {text}"
    return translated


@cache
def english_sentences(language: str) -> tuple[str, ...]:
    """The catalogue's English sentences (four words or more) whose translation differs: one
    of these on a page in `language` is a sentence left untranslated."""
    catalogue = polib.pofile(str(catalogue_path(language)))
    return tuple(e.msgid for e in catalogue.translated_entries()
                 if not e.msgid_plural and "%" not in e.msgid and "{" not in e.msgid
                 and len(e.msgid.split()) >= 4 and e.msgid not in e.msgstr)
    # (an official name the translation keeps, "Boston Residents Jobs Policy", is no leak)


def english_left(page, language: str) -> list[str]:
    text = page.locator("main").inner_text()
    return [sentence for sentence in english_sentences(language) if sentence in text]


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v.get("impact") in SERIOUS]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_vendor_works_in_each_language(page, transactional_db, language):
    demo_load()
    page.goto("/accounts/login/")
    page.locator("select[name=language]").select_option(language)
    page.locator("footer form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute(
        "dir", "rtl" if translation.get_language_info(language)["bidi"] else "ltr")
    assert serious_violations(page) == [], "login"
    log_in_as_vendor(page, language)
    expect(page.locator("html")).to_have_attribute("lang", language)  # remembered
    found = {"home": serious_violations(page)}

    contract = Contract.objects.get(number="EV00012345")
    page.goto(f"/contracts/{contract.pk}/")
    found["contract"] = serious_violations(page)
    page.locator("input[type=file]").first.set_input_files(DEMO / "wage_report_july_2024.csv")
    page.locator("form:has(input[type=file]) button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/submissions/\d+/$"))
    expect(page.get_by_role("heading", name=words(language, "Findings"))).to_be_visible()
    expect(page.get_by_role("heading", name=words(language, "Problems in the file"))) \
        .to_be_visible()
    assert english_left(page, language) == []
    found["submission"] = serious_violations(page)
    shot(page, f"language-{language}-findings")

    # The corrected payroll, then the signature (the back pay still owed acknowledged).
    correction = page.locator("form[action$='/correct/']")
    correction.locator("input[type=file]").set_input_files(DEMO / "wage_report_compliant.csv")
    correction.locator("button[type=submit]").click()
    page.locator("input[name=name]").fill("Maria Santos")
    page.locator("input[name=title]").fill("Office manager")
    for box in page.locator("form[action$='attest/'] input[type=checkbox]").all():
        box.check()
    page.locator("form[action$='attest/'] button[type=submit]").click()
    expect(page.locator("#status")).to_have_text(words(language, "Signed and submitted"))
    assert english_left(page, language) == []
    submission = Submission.objects.filter(status="submitted").latest("attested_at")
    page.goto(f"/submissions/{submission.pk}/letter/")
    found["letter"] = serious_violations(page)
    assert english_left(page, language) == []
    # The officer's and the public's pages, in the same language.
    page.locator("header form button[type=submit]").click()  # log out
    page.goto("/public/boston/")
    found["public"] = serious_violations(page)
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("officer")
    page.locator("input[name=password]").fill("officer-demo-2024")
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url("**/")
    page.locator("select[name=language]").select_option(language)
    page.locator("footer form button[type=submit]").click()
    for name, path in (("review queue", "/review/"), ("officer submission",
                                                       f"/submissions/{submission.pk}/"),
                       ("projects", "/projects/"), ("audit", "/audit/")):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        found[name] = serious_violations(page)
    assert {name: problems for name, problems in found.items() if problems} == {}


def log_in_as_vendor(page, language: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("vendor")
    page.locator("input[name=password]").fill("vendor-demo-2024")
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url("**/")


def test_arabic_pages_are_right_to_left_without_overlap(page, transactional_db):
    demo_load()
    log_in(page, "vendor", "vendor-demo-2024")
    page.locator("select[name=language]").select_option("ar")
    page.locator("footer form button[type=submit]").click()
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/", f"/contracts/{Contract.objects.get(number='EV00012345').pk}/"):
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
            layout = page.evaluate("""() => ({
                scroll: document.documentElement.scrollWidth,
                width: window.innerWidth,
                mainRight: document.querySelector('main').getBoundingClientRect().right,
                startsRight: getComputedStyle(document.querySelector('main h1')).direction,
            })""")
            assert layout["scroll"] <= layout["width"], (path, width, layout)
            assert layout["startsRight"] == "rtl", (path, layout)
            shot(page, f"arabic-{width}-{path.strip('/').replace('/', '-') or 'home'}")
