"""A vendor's own column names: matched once on the page, remembered for the next files."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from procurement.models import ColumnMapping, EvaluationRun, Submission

# Polish headers: no alias knows them (the languages of imports/languages.toml are aliases).
POLISH = ("Pracownik,Stanowisko,Stawka za godzinę,Liczba godzin,Koniec okresu\n"
          "Ana Lopez,Custodian,18.19,40,2024-07-07\n"
          "Bo Chen,Porter,18.50,40,2024-07-07\n").encode()


def test_unrecognised_columns_are_matched_once_and_reused(transactional_db, client_for,
                                                         logged_in, vendor_user,
                                                         other_vendor_user):
    browser = logged_in(vendor_user)
    page = browser.post("/submissions/new/", {
        "file": SimpleUploadedFile("lista-plac.csv", POLISH),
        "standards": ["boston-living-wage"]}, follow=True)
    html = page.content.decode()
    assert "Match your columns" in html
    assert "Your column “Stawka za godzinę” holds" in html
    submission = Submission.objects.get(original_filename="lista-plac.csv")
    api = client_for(vendor_user).get(f"/api/submissions/{submission.pk}/columns").json()
    assert api["unplaced"] == ["Pracownik", "Stanowisko", "Stawka za godzinę",
                               "Liczba godzin", "Koniec okresu"]
    assert [f["name"] for f in api["missing"]] == ["worker", "hourly_rate", "hours",
                                                  "period_end"]

    choices = {"Pracownik": "worker", "Stanowisko": "job_title",
               "Stawka za godzinę": "hourly_rate", "Liczba godzin": "hours",
               "Koniec okresu": "period_end"}
    form = {f"map-{i}": choices[header] for i, header in enumerate(api["unplaced"])}
    after = browser.post(f"/submissions/{submission.pk}/columns/", form, follow=True)
    assert "Ana Lopez was paid $18.19/hour" in after.content.decode()
    assert EvaluationRun.objects.filter(submission=submission).count() == 2
    assert ColumnMapping.objects.filter(vendor__legal_name__startswith="Harbor").count() == 5

    again = browser.post("/submissions/new/", {
        "file": SimpleUploadedFile("lista-plac-8.csv", POLISH),
        "standards": ["boston-living-wage"]}, follow=True).content.decode()
    # Read with the saved matches: nothing is still needed, and the columns read as saved.
    assert "Still needed" not in again and "Ana Lopez was paid $18.19/hour" in again
    assert "as GoodBid reads it: Hourly rate" in again
    # Another vendor's files are read without Harbor's mapping.
    assert client_for(other_vendor_user).get(f"/api/submissions/{submission.pk}/columns"
                                     ).status_code == 404
