"""WCAG 2.1 A and AA rules checked by axe-core on every kind of page, on a phone screen."""

from __future__ import annotations

import pytest

from procurement.models import Contract, Submission
from procurement.services.demo import demo_load
from tests.browser.support import log_in, violations


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        (None, ["/", "/accounts/login/"]),
        ("vendor", ["/", "/contracts/{contract}/", "/submissions/{submission}/",
                    "/submissions/new/"]),
        ("officer", ["/review/", "/submissions/{submission}/", "/audit/",
                     "/submissions/{submission}/letter/"]),
    ],
)
def test_pages_meet_wcag_21_aa_rules(page, transactional_db, username, paths):
    demo_load()
    if username:
        log_in(page, username, f"{username}-demo-2024")
    ids = {"contract": Contract.objects.get(number="EV00012345").pk,
           "submission": Submission.objects.get().pk}
    found = {}
    for path in paths:
        page.goto(path.format(**ids))
        if problems := violations(page):
            found[path] = problems
    assert found == {}
