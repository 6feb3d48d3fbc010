"""The public scorecard's pages and downloads: no login. Each reads procurement.public_scorecard,
which publishes only what passes the small-cell rules, and renders it."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from procurement.models import Jurisdiction, Project
from procurement.public_scorecard import (
    SCORECARD_COLUMNS,
    public_project,
    public_projects,
    scorecard_rows,
    trades_columns,
    trades_rows,
)
from procurement.services.exports import CSV_TYPE, tables_csv
from procurement.services.summaries import DisclosureRules

FORMATS = ("csv", "json")


def _jurisdiction(code: str) -> Jurisdiction:
    return get_object_or_404(Jurisdiction, code=code)


def _project(jurisdiction: str, code: str) -> Project:
    """A monitored project: an unmonitored one is not public."""
    return get_object_or_404(Project.objects.select_related("jurisdiction"),
                             jurisdiction__code=jurisdiction, code=code, monitored=True)


def _download(rows: list[dict], columns: tuple[str, ...], fmt: str, filename: str,
              about: dict) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("No such download")
    if fmt == "csv":
        content = tables_csv({filename: (columns, ([row[c] for c in columns] for row in rows))})
        response = HttpResponse(content, content_type=CSV_TYPE)
    else:
        body = {**about, "note": _("Aggregated: one row per project or trade, never one per "
                                   "worker. A hidden figure is null, and named in "
                                   "hidden_columns."),
                "columns": list(columns), "rows": rows}
        response = HttpResponse(json.dumps(body, ensure_ascii=False, indent=1),
                                content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def public_index(request: HttpRequest) -> HttpResponse:
    places = Jurisdiction.objects.filter(projects__monitored=True).distinct().order_by("name")
    return render(request, "procurement/public/index.html", {"jurisdictions": places})


def public_jurisdiction(request: HttpRequest, jurisdiction: str) -> HttpResponse:
    place = _jurisdiction(jurisdiction)
    return render(request, "procurement/public/jurisdiction.html", {
        "jurisdiction": place, "projects": public_projects(place),
        "rules": DisclosureRules.in_force()})


def public_scorecard_download(request: HttpRequest, jurisdiction: str, fmt: str) -> HttpResponse:
    place = _jurisdiction(jurisdiction)
    if fmt not in FORMATS:
        raise Http404("No such download")
    return _download(scorecard_rows(public_projects(place)), SCORECARD_COLUMNS, fmt,
                     f"{place.code}-scorecard",
                     {"jurisdiction": {"code": place.code, "name": place.name}})


def public_project_page(request: HttpRequest, jurisdiction: str, project: str) -> HttpResponse:
    shown = _project(jurisdiction, project)
    return render(request, "procurement/public/project.html", {
        "jurisdiction": shown.jurisdiction, "project": public_project(shown)})


def public_trades_download(request: HttpRequest, jurisdiction: str, project: str,
                           fmt: str) -> HttpResponse:
    shown = _project(jurisdiction, project)
    if fmt not in FORMATS:
        raise Http404("No such download")
    published = public_project(shown)
    return _download(trades_rows(published), trades_columns(published), fmt,
                     f"{shown.jurisdiction.code}-{shown.code}-trades",
                     {"jurisdiction": published["jurisdiction"],
                      "project": {"code": published["code"], "name": published["name"]},
                      "grade_history": published["history"]})
