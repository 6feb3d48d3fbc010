from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
DEMO_FILE = ROOT / "procurement" / "demo" / "wage_report_july_2024.csv"


def logged_in(demo, username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=demo[username].password)
    return client


def test_vendor_uploads_on_the_page_and_sees_row_level_results(demo):
    vendor = logged_in(demo, "vendor")
    assert "Upload a report" in vendor.get("/").content.decode()

    response = vendor.post("/submissions/new/", {
        "file": SimpleUploadedFile("july.csv", DEMO_FILE.read_bytes()),
        "standards": ["boston-living-wage"],
    }, follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Bruno Costa was paid $18.19/hour" in page
    assert "Write it with a decimal point: 18.20." in page

    detail_url = response.redirect_chain[-1][0]
    assert logged_in(demo, "vendor2").get(detail_url).status_code == 404
    assert Client().get(detail_url).status_code == 302  # to the login page


def test_upload_page_requires_login(db):
    response = Client().get("/submissions/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
