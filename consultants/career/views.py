"""A consultant's career edited in place on the profile: one htmx card per kind (missions, education,
certifications, languages), each entry changed or removed in its own form. Capabilities are declared
in career/urls.py; the consultant is reached through `Consultant.objects.visible_to`."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from consultants.career import services
from consultants.career.forms import CAREER_FORMS
from consultants.models import Consultant
from talentmatch.forms import add_service_errors

SECTION_TEMPLATE = "consultants/career/_section.html"
PAGE_TEMPLATE = "consultants/career/career_section_page.html"
TITLES = {
    "experiences": gettext_lazy("Experience"),
    "education": gettext_lazy("Education"),
    "certifications": gettext_lazy("Certifications"),
    "languages": gettext_lazy("Languages"),
}
EMPTY = {
    "experiences": gettext_lazy("No mission or job listed."),
    "education": gettext_lazy("No education listed."),
    "certifications": gettext_lazy("No certification listed."),
    "languages": gettext_lazy("No language listed."),
}
ADD_TITLES = {
    "experiences": gettext_lazy("Add a mission or a job"),
    "education": gettext_lazy("Add a degree"),
    "certifications": gettext_lazy("Add a certification"),
    "languages": gettext_lazy("Add a language"),
}


@dataclass
class EntryRow:
    entry: models.Model
    form: forms.Form
    change_url: str
    remove_url: str
    open: bool = False


def _kind(kind: str) -> str:
    if kind not in services.CAREER_KINDS:
        raise Http404
    return kind


def _entries(consultant: Consultant, kind: str):
    rows = services.CAREER_KINDS[kind].objects.filter(consultant=consultant)
    return rows.prefetch_related("skills") if kind == "experiences" else rows


def section_context(
    consultant: Consultant, kind: str, user, *, add_form=None, failed: tuple[int, forms.Form] | None = None, notice=""
) -> dict:
    """What one career card needs: its entries with their change forms (the bound one that just
    failed), the add form, and whether `user` may change them."""
    form_class = CAREER_FORMS[kind]
    can_change = services.may_change_career(user, consultant)
    rows = []
    for entry in _entries(consultant, kind):
        keys = {"pk": consultant.pk, "kind": kind, "entry_pk": entry.pk}
        is_failed = failed is not None and failed[0] == entry.pk
        form = failed[1] if is_failed else None
        if form is None and can_change:
            form = form_class(instance=entry, prefix=f"{kind}-{entry.pk}", consultant=consultant)
        rows.append(
            EntryRow(
                entry=entry,
                form=form,
                change_url=reverse("consultants:career-change", kwargs=keys),
                remove_url=reverse("consultants:career-remove", kwargs=keys),
                open=is_failed,
            )
        )
    if can_change and add_form is None:
        add_form = form_class(prefix=f"{kind}-new", consultant=consultant)
    return {
        "consultant": consultant,
        "career": {
            "kind": kind,
            "section_id": f"career-{kind}",
            "title": TITLES[kind],
            "empty": EMPTY[kind],
            "add_title": ADD_TITLES[kind],
            "add_url": reverse("consultants:career-add", kwargs={"pk": consultant.pk, "kind": kind}),
            "rows": rows,
            "add_form": add_form,
            "add_open": add_form is not None and add_form.is_bound,
            "can_change": can_change,
            "notice": notice,
        },
    }


def career_sections(request: HttpRequest, consultant: Consultant) -> list[str]:
    """The four career cards of the profile, as HTML."""
    return [
        render_to_string(SECTION_TEMPLATE, section_context(consultant, kind, request.user), request=request)
        for kind in services.CAREER_KINDS
    ]


def _respond(request: HttpRequest, consultant: Consultant, kind: str, **context) -> HttpResponse:
    """htmx: the card; otherwise back to the profile once done, or the card alone with its errors."""
    if request.htmx:
        return render(request, SECTION_TEMPLATE, section_context(consultant, kind, request.user, **context))
    if context.get("add_form") is None and context.get("failed") is None:
        messages.success(request, context.get("notice", ""))
        return redirect(reverse("consultants:consultant-detail", kwargs={"pk": consultant.pk}) + f"#career-{kind}")
    return render(request, PAGE_TEMPLATE, section_context(consultant, kind, request.user, **context), status=400)


def _consultant(request: HttpRequest, pk: int) -> Consultant:
    return get_object_or_404(Consultant.objects.visible_to(request.user).with_people(), pk=pk)


def _entry(consultant: Consultant, kind: str, entry_pk: int) -> models.Model:
    return get_object_or_404(services.CAREER_KINDS[kind].objects.filter(consultant=consultant), pk=entry_pk)


def _save(request, consultant, kind, form, entry=None) -> models.Model | None:
    if not form.is_valid():
        return None
    try:
        return services.career_entry_save(
            consultant=consultant,
            kind=kind,
            values=form.service_values(),
            skills=form.service_skills(),
            entry=entry,
            by=request.user,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@require_POST
def career_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    consultant, kind = _consultant(request, pk), _kind(kind)
    form = CAREER_FORMS[kind](request.POST, prefix=f"{kind}-new", consultant=consultant)
    entry = _save(request, consultant, kind, form)
    if entry is None:
        return _respond(request, consultant, kind, add_form=form)
    return _respond(request, consultant, kind, notice=_("“%(entry)s” added.") % {"entry": entry})


@require_POST
def career_change(request: HttpRequest, pk: int, kind: str, entry_pk: int) -> HttpResponse:
    consultant, kind = _consultant(request, pk), _kind(kind)
    entry = _entry(consultant, kind, entry_pk)
    # The form validates a copy, so that a failed change leaves the listed entry as saved.
    form = CAREER_FORMS[kind](
        request.POST, instance=_entry(consultant, kind, entry_pk), prefix=f"{kind}-{entry_pk}", consultant=consultant
    )
    saved = _save(request, consultant, kind, form, entry=entry)
    if saved is None:
        return _respond(request, consultant, kind, failed=(entry_pk, form))
    return _respond(request, consultant, kind, notice=_("“%(entry)s” saved.") % {"entry": saved})


@require_POST
def career_remove(request: HttpRequest, pk: int, kind: str, entry_pk: int) -> HttpResponse:
    consultant, kind = _consultant(request, pk), _kind(kind)
    entry = _entry(consultant, kind, entry_pk)
    label = str(entry)
    services.career_entry_remove(entry=entry, by=request.user)
    return _respond(request, consultant, kind, notice=_("“%(entry)s” removed.") % {"entry": label})
