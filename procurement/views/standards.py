"""Administrators' pages for standards: every version on file, and adding the next dated
version (next July's rate) without editing a file on the server."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from procurement import selectors
from procurement.models import Role
from procurement.models.standards import VersionOrigin
from procurement.services.errors import ServiceError
from procurement.services.standards import (
    standard_version_add,
    standard_version_next,
    standard_version_recheck,
    standard_version_rows,
    version_label,
)
from rules.standards import shipped_standards


def _admin_or_404(request: HttpRequest) -> None:
    if selectors.user_scope(request.user).role != Role.ADMIN:
        raise Http404("Not available")


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


def _versions_shown(rows) -> list[dict[str, Any]]:
    return [{"row": row, "added": row.origin == VersionOrigin.ADMIN,
             "figures": [(name, _shown(p.get("value")), p.get("unit", ""))
                         for name, p in row.parameters.items()]}
            for row in rows]


class VersionForm(forms.Form):
    """A new version: its dates and source, and one field per parameter of the latest version
    (prefilled with the latest figures; a list is one item per line, a table one
    `choice: value` per line)."""

    version = forms.CharField(label=_("Version name"), max_length=40, required=False,
                              help_text=_("Usually the day it takes effect, for example "
                                          "2025-07-01."))
    effective_from = forms.DateField(label=_("In force from"),
                                     widget=forms.DateInput(attrs={"type": "date"}))
    effective_to = forms.DateField(label=_("In force to (last day; leave empty if not known)"),
                                   required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(label=_("Source"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("The city's publication the figures come from: its "
                                         "title or address and its date."))
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, parameters: dict[str, dict[str, Any]], **kwargs):
        super().__init__(*args, **kwargs)
        self.parameters = parameters
        for name, parameter in parameters.items():
            value, unit = parameter["value"], parameter["unit"]
            help_text = " — ".join(part for part in (unit, parameter.get("note", "")) if part)
            if isinstance(value, list | dict):
                initial = "\n".join(value if isinstance(value, list)
                                    else (f"{key}: {item}" for key, item in value.items()))
                field = forms.CharField(label=name, help_text=help_text, initial=initial,
                                        widget=forms.Textarea(attrs={"rows": 4}))
            elif isinstance(value, bool):
                field = forms.BooleanField(label=name, help_text=help_text, initial=value,
                                           required=False)
            else:
                field = forms.CharField(label=name, help_text=help_text, initial=str(value))
            self.fields[f"parameter-{name}"] = field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        values: dict[str, dict[str, Any]] = {}
        for name, parameter in self.parameters.items():
            given = cleaned.get(f"parameter-{name}")
            if given is None:
                continue
            if isinstance(parameter["value"], list):
                given = [line.strip() for line in given.splitlines() if line.strip()]
            elif isinstance(parameter["value"], dict):
                table = {}
                for line in filter(str.strip, given.splitlines()):
                    key, colon, item = line.partition(":")
                    if not colon:
                        self.add_error(f"parameter-{name}",
                                       _("Write each line as %(per)s: value.")
                                       % {"per": parameter.get("per") or "key"})
                        break
                    table[key.strip()] = item.strip()
                given = table
            values[name] = {**parameter, "value": given}
        cleaned["parameters"] = values
        return cleaned


@login_required
def standard_list(request: HttpRequest) -> HttpResponse:
    _admin_or_404(request)
    standards = shipped_standards()
    listed = [{"code": code, "title": standards[code].title if code in standards else code,
               "label": standards[code].version_label if code in standards else "",
               "versions": _versions_shown(rows)}
              for code, rows in groupby(standard_version_rows(), key=lambda r: r.standard.code)]
    return render(request, "procurement/standards.html", {"standards": listed})


@login_required
def standard_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The standard's versions, and the form that adds the next one."""
    _admin_or_404(request)
    standard = shipped_standards().get(code)
    if standard is None:
        raise Http404("No such standard")
    draft = standard_version_next(code=code)
    form = VersionForm(request.POST or None, parameters=draft["parameters"],
                       initial={key: draft[key] for key in ("version", "effective_from",
                                                            "effective_to")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = standard_version_add(
                acting_user=request.user, code=code, version=data["version"],
                effective_from=data["effective_from"], effective_to=data["effective_to"],
                source=data["source"], notes=data["notes"], parameters=data["parameters"])
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Added the %(label)s %(version)s. Reports checked "
                                        "before it could not use it: check again the ones it "
                                        "covers with the button beside it.")
                             % {"label": version_label(standard), "version": added.version})
            return redirect("standard-detail", code=code)
    return render(request, "procurement/standards_detail.html", {
        "standard": standard, "form": form,
        "versions": _versions_shown(standard_version_rows(code=code)),
    })


@login_required
@require_POST
def standard_version_recheck_view(request: HttpRequest, code: str,
                                  version: str) -> HttpResponse:
    _admin_or_404(request)
    try:
        result = standard_version_recheck(acting_user=request.user, code=code, version=version)
    except ServiceError as error:
        if error.status == 404:
            raise Http404(error.message) from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("Reports checked again against %(version)s: %(count)d.")
                         % {"version": version, "count": result.rechecked})
        if result.signed:
            messages.warning(request, _(
                "Signed reports with rows in these dates: %(count)d. They are the vendor's "
                "signed record and were not checked again; ask the vendor for a corrected "
                "version if one needs it.") % {"count": result.signed})
        if result.without_file:
            messages.warning(request, _(
                "Reports whose file was deleted, so they cannot be checked again: "
                "%(count)d.") % {"count": result.without_file})
    return redirect("standard-detail", code=code)
