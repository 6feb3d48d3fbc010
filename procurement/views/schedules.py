"""Prevailing wage schedules: every schedule on file with its versions (city staff), one
version's classifications, and adding a version by pasting or uploading a determination's
text or a state schedule's CSV (administrators)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from procurement import selectors
from procurement.models import Role, ScheduleUpdates
from procurement.services.errors import ServiceError
from procurement.services.schedules import schedule_of, schedule_version_add
from rules.schedules import MAX_SCHEDULE_BYTES

STAFF = (Role.ADMIN, Role.OFFICER)


def _staff_or_404(request: HttpRequest) -> str:
    role = selectors.user_scope(request.user).role
    if role not in STAFF:
        raise Http404("Not available")
    return role


class ScheduleForm(forms.Form):
    file = forms.FileField(label=_("The schedule's file"), required=False,
                           help_text=_("A wage determination's text (.txt) as SAM.gov "
                                       "publishes it, or a state schedule in GoodBid's CSV "
                                       "template (.csv)."))
    text = forms.CharField(label=_("Or paste the wage determination's text"), required=False,
                           widget=forms.Textarea(attrs={"rows": 8}))
    updates = forms.ChoiceField(
        label=_("When a contract's version changes"), required=False,
        choices=[("", _("As the schedule's kind says (state: each anniversary; federal: at "
                        "award)")), *ScheduleUpdates.choices])
    example = forms.BooleanField(label=_("Made-up figures for training (an example)"),
                                 required=False)

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text")
        if upload is None and not (text or "").strip():
            raise forms.ValidationError(_("Upload the schedule's file or paste its text."))
        if upload is not None and upload.size > MAX_SCHEDULE_BYTES:
            raise forms.ValidationError(_("The file is too large for a schedule: give the "
                                          "determination's text or the schedule's CSV, not a "
                                          "whole document."))
        return cleaned


@login_required
def schedule_list(request: HttpRequest) -> HttpResponse:
    role = _staff_or_404(request)
    form = None
    if role == Role.ADMIN:
        form = ScheduleForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            content, name = ((upload.read(MAX_SCHEDULE_BYTES + 1), upload.name) if upload
                             else (data["text"].encode(), "pasted.txt"))
            try:
                version = schedule_version_add(acting_user=request.user, content=content,
                                               filename=name, updates=data["updates"] or None,
                                               example=data["example"])
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("%(number)s modification %(modification)s is on "
                                            "file: %(count)s classifications.")
                                 % {"number": version.schedule.number,
                                    "modification": version.modification,
                                    "count": version.classification_count})
                return redirect("schedule-detail", number=version.schedule.number)
    return render(request, "procurement/schedules.html", {
        "schedules": selectors.schedule_list(), "form": form})


@login_required
def schedule_detail(request: HttpRequest, number: str) -> HttpResponse:
    _staff_or_404(request)
    try:
        schedule = selectors.schedule_get(number=number)
        wanted = request.GET.get("modification")
        version = selectors.schedule_version_get(
            schedule=schedule, modification=int(wanted) if wanted and wanted.isdigit() else None)
    except ObjectDoesNotExist as error:
        raise Http404("No such schedule") from error
    parsed = schedule_of(version)
    return render(request, "procurement/schedule_detail.html", {
        "schedule": schedule, "version": version, "parsed": parsed,
        "contracts": schedule.contracts.filter(
            pk__in=selectors.contract_list(user=request.user).values("pk")),
    })
