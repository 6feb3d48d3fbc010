"""Refused and missing pages, an expired form and a fault on our side are GoodBid pages: what
happened and a way home, never Django's bare "403 Forbidden", "Not Found" or "Server Error"."""

from __future__ import annotations

from django.test import Client, RequestFactory
from django.views.defaults import server_error


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_vendor_opening_licensing_is_told_why_and_where_to_go(vendor_user):
    response = signed_in(vendor_user).get("/licensing/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot open this page" in page
    assert "Only licensing staff and administrators can screen businesses." in page
    assert '<a href="/">Go to your home page</a>' in page
    assert f"Log out {vendor_user.username}" in page  # the site's own layout, still signed in
    assert "403 Forbidden" not in page


def test_a_missing_page_says_so_and_links_home(officer_user):
    response = signed_in(officer_user).get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and '<a href="/">Go to your home page</a>' in page
    assert "/no-such-page/" not in page.split('name="next"')[0]  # nothing echoed back


def test_another_vendors_report_is_a_friendly_404(submitted_report, other_vendor_user):
    response = signed_in(other_vendor_user).get(f"/submissions/{submitted_report.pk}/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_an_expired_form_says_to_reload_and_send_again(licensing_user):
    client = signed_in(licensing_user)
    client.handler.enforce_csrf_checks = True
    response = client.post("/licensing/decisions/", {"record_id": 1, "verdict": "rejected"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "The form could not be sent" in page
    assert "Go back, reload the page and send the form again." in page
    assert "CSRF verification failed" not in page


def test_a_fault_on_our_side_is_a_page_without_details(db):
    response = server_error(RequestFactory().get("/submissions/1/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page and "Traceback" not in page
    assert '<a href="/">Go to your home page</a>' in page
