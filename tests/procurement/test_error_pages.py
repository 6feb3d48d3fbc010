"""Refused and missing pages are GoodBid pages: what happened and a way home, never Django's
bare "403 Forbidden" or "Not Found"."""

from __future__ import annotations

import pytest
from django.test import Client

from procurement.models import Submission
from tests.procurement.conftest import demo, user  # noqa: F401 (fixture)


@pytest.fixture
def signed_in(demo):  # noqa: F811
    def _client(username: str) -> Client:
        client = Client()
        client.force_login(user(username))
        return client
    return _client


def test_a_vendor_opening_licensing_is_told_why_and_where_to_go(signed_in):
    response = signed_in("vendor").get("/licensing/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot open this page" in page
    assert "Only licensing staff and administrators can screen businesses." in page
    assert '<a href="/">Go to your home page</a>' in page
    assert "Log out vendor" in page  # the site's own layout, still signed in
    assert "403 Forbidden" not in page


def test_a_missing_page_says_so_and_links_home(signed_in):
    response = signed_in("officer").get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and '<a href="/">Go to your home page</a>' in page
    assert "/no-such-page/" not in page.split('name="next"')[0]  # nothing echoed back


def test_another_vendors_report_is_a_friendly_404(signed_in):
    harbor_report = Submission.objects.get(uploaded_by__username="vendor")  # the demo's
    response = signed_in("vendor2").get(f"/submissions/{harbor_report.pk}/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
