"""Translation review: each language's catalogue and vital documents with their state, the
English beside the translation, and a reviewer's sign-off (audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from procurement.models import TranslatedDocument
from procurement.services.translations import translation_sign_off
from procurement.translations import (
    document_state,
    entries,
    may_review,
    review_states,
    translated_languages,
)


def _reviewer_languages(request: HttpRequest) -> list[str]:
    return [code for code, _name in translated_languages() if may_review(request.user, code)]


@login_required
def translation_list(request: HttpRequest) -> HttpResponse:
    """Administrators see every language; a reviewer the languages named for them."""
    mine = _reviewer_languages(request)
    if not mine:
        raise Http404("No translations to review")
    labels = dict(TranslatedDocument.choices)
    states = [(code, name, [(labels[d.document], d) for d in docs])
              for code, name, docs in review_states() if code in mine]
    return render(request, "procurement/translations.html", {
        "states": states, "documents": TranslatedDocument.choices})


@login_required
def translation_review(request: HttpRequest, language: str, document: str) -> HttpResponse:
    if language not in _reviewer_languages(request) or document not in TranslatedDocument.values:
        raise Http404("No such translation")
    if request.method == "POST":
        try:
            translation_sign_off(acting_user=request.user, language=language,
                                 document=document,
                                 read_every_entry=request.POST.get("read") == "on",
                                 note=request.POST.get("note", "")[:2000])
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
        else:
            messages.success(request, _("Signed off: vendors now see this translation without "
                                        "the machine-draft note."))
        return redirect("translation-review", language=language, document=document)
    names = dict(translated_languages())
    return render(request, "procurement/translation_review.html", {
        "language": language, "language_name": names[language],
        "document": TranslatedDocument(document), "state": document_state(language, document),
        "rows": entries(language, document)})
