"""Server-rendered pages. Thin: parse input, call a service or selector, render."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from procurement import selectors
from procurement.models import Role, Submission
from procurement.services.submissions import ServiceError, submission_create
from rules import shipped_standards


def _standard_choices() -> list[tuple[str, str]]:
    return [(code, standard.title) for code, standard in shipped_standards().items()]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Report file (.xlsx or .csv)"))
    standards = forms.MultipleChoiceField(
        label=_("Standards to check against"), choices=_standard_choices,
        widget=forms.CheckboxSelectMultiple, initial=["boston-living-wage"],
    )


def home(request: HttpRequest) -> HttpResponse:
    submissions = selectors.submission_list(user=request.user)[:50]
    profile = getattr(request.user, "profile", None)
    return render(request, "procurement/home.html", {
        "submissions": submissions,
        "can_upload": profile is not None and profile.role == Role.VENDOR,
    })


@login_required
def submission_new(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission = submission_create(uploaded_by=request.user,
                                           upload=form.cleaned_data["file"],
                                           standards=form.cleaned_data["standards"])
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            return redirect("submission-detail", submission_id=submission.pk)
    return render(request, "procurement/submission_new.html", {"form": form})


@login_required
def submission_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    try:
        submission = selectors.submission_get(user=request.user, submission_id=submission_id)
    except Submission.DoesNotExist as error:
        raise Http404("No such submission") from error
    return render(request, "procurement/submission_detail.html", {
        "submission": submission,
        "report": submission.report,
    })
