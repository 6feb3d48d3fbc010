"""Forms of the licensing pages: screening one business, a decision on a candidate, and a
list to batch-screen."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from procurement.licensing.batch import MAX_BATCH_ROWS
from procurement.licensing.models import Verdict
from procurement.models import Vendor

SEARCH_FIELDS = ("name", "other_name", "street", "city", "state", "zip_code", "vendor")


class ScreenForm(forms.Form):
    """One business. Choosing a vendor fills in what is left blank from the vendor's record,
    and a confirmed record is then linked to that vendor."""

    name = forms.CharField(label=_("Business name"), max_length=300, required=False,
                           help_text=_("Legal or trade name; “Acme LLC d/b/a Acme Cleaning” "
                                       "searches both."))
    other_name = forms.CharField(label=_("Other name (d/b/a or legal name, optional)"),
                                 max_length=300, required=False)
    street = forms.CharField(label=_("Street address (optional)"), max_length=300,
                             required=False)
    city = forms.CharField(label=_("City (optional)"), max_length=120, required=False)
    state = forms.CharField(label=_("State (optional)"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "address-level1"}))
    zip_code = forms.CharField(label=_("ZIP code (optional)"), max_length=10, required=False,
                               widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                             "autocomplete": "postal-code"}))
    vendor = forms.ModelChoiceField(
        label=_("City vendor (optional)"), queryset=Vendor.objects.all(), required=False,
        empty_label=_("— an applicant, not a vendor —"),
        help_text=_("A record you confirm is linked to this vendor and shows on its reports."))

    def clean(self) -> dict:
        data = super().clean()
        vendor = data.get("vendor")
        if vendor is not None:
            defaults = {"name": vendor.legal_name, "other_name": vendor.trade_name,
                        "street": vendor.street, "city": vendor.city, "state": vendor.state,
                        "zip_code": vendor.zip_code}
            for key, value in defaults.items():
                data[key] = data.get(key) or value
        if not data.get("name"):
            raise forms.ValidationError(_("Type the business name, or choose a vendor."),
                                        code="required")
        return data

    def screen_arguments(self) -> dict:
        """Keyword arguments of services.business_screen."""
        data = self.cleaned_data
        vendor = data.get("vendor")
        return {**{key: data[key] for key in SEARCH_FIELDS if key != "vendor"},
                "vendor_id": vendor.pk if vendor else None}

    def query_string_items(self) -> dict[str, str]:
        """The search as typed (not the vendor defaults), to come back to it."""
        items = {key: self.data.get(key, "") for key in SEARCH_FIELDS}
        return {key: value for key, value in items.items() if value}


class DecisionForm(forms.Form):
    record_id = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0,
                               max_value=100)
    verdict = forms.ChoiceField(choices=Verdict.choices)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class BusinessListForm(forms.Form):
    file = forms.FileField(
        label=_("List of businesses (.xlsx or .csv)"),
        help_text=format_lazy(_("One business per row under a header row. Required column: "
                                "Name (or Business name, Vendor, Applicant). Optional: DBA, "
                                "Street, City, State, ZIP. At most {rows} rows."),
                              rows=f"{MAX_BATCH_ROWS:,}"))
