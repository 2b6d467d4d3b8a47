"""Skill pages: the shared catalogue (list, create, edit; capabilities declared in skills/urls.py), and
the one flow by which a page edits "the skills of a thing" in place (a consultant's declared skills,
a tender's skill needs), rendered by `templates/_skill_rows.html`."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from consultants import selectors, services
from consultants.forms import SkillForm, SkillSearchForm
from consultants.models import Skill
from talentmatch.access import Capability, can
from talentmatch.forms import add_service_errors

SKILL_ROWS_TEMPLATE = "_skill_rows.html"


@dataclass(frozen=True)
class SkillRows:
    """How one kind of owner (consultant, tender) edits its skills in place: its through model, forms,
    services and page, and what the `_skill_rows.html` fragment shows of it.

    `save(owner=, skill=, data=, details=, by=)` and `remove(owner=, skill=, by=)` call the owner's
    services; `page(request, owner, skills_context)` renders the owner's whole page around the fragment.
    Labels are msgids, translated when the fragment is rendered.
    """

    owner_name: str
    model: type[models.Model]
    related_name: str
    add_form: type[forms.Form]
    change_form: type[forms.Form]
    initial: Callable[[models.Model], dict]
    save: Callable[..., models.Model]
    remove: Callable[..., None]
    page: Callable[[HttpRequest, models.Model, dict], HttpResponse]
    change_capability: Capability
    url_prefix: str
    detail_url: str
    section_id: str
    title_id: str
    title: str
    empty: str
    add_title: str
    row_fields: tuple[tuple[str, str, str], ...]
    add_fields: tuple[str, ...]
    columns: tuple[str, ...]
    cells: Callable[[models.Model], tuple]
    ranking_note: bool = False


@dataclass
class SkillRow:
    """One held or asked skill as the fragment shows it: its change form and, read-only, its cells."""

    held: models.Model
    form: forms.Form
    change_url: str
    remove_url: str
    fields: list
    cells: tuple


def _translated(msgid: str, **values: str) -> SafeString:
    """A label of the fragment, rendered as `{% blocktranslate %}` does: our translation as it is,
    the values put in it escaped."""
    text = _(msgid)
    if values:
        text %= {name: conditional_escape(value) for name, value in values.items()}
    return mark_safe(text)  # noqa: S308 - the msgstr is ours; every value in it was escaped above


def _rows(spec: SkillRows, owner: models.Model, failed: dict) -> list[SkillRow]:
    prefetched = spec.related_name in getattr(owner, "_prefetched_objects_cache", {})
    manager = getattr(owner, spec.related_name)
    held_rows = manager.all() if prefetched else manager.select_related("skill")
    rows = []
    for held in held_rows:
        form = failed.get(held.skill_id) or spec.change_form(
            prefix=f"skill-{held.skill_id}", initial=spec.initial(held)
        )
        keys = {"pk": owner.pk, "skill_pk": held.skill_id}
        rows.append(
            SkillRow(
                held=held,
                form=form,
                change_url=reverse(f"{spec.url_prefix}-skill-change", kwargs=keys),
                remove_url=reverse(f"{spec.url_prefix}-skill-remove", kwargs=keys),
                fields=[
                    (form[name], _translated(label, skill=held.skill.label), _translated(suffix) if suffix else "")
                    for name, label, suffix in spec.row_fields
                ],
                cells=spec.cells(held),
            )
        )
    return rows


def skill_rows_context(
    spec: SkillRows, owner: models.Model, user, *, add_form=None, failed: dict | None = None, notice: str = ""
) -> dict:
    """What `_skill_rows.html` needs: each skill row with its change form (the bound one when that row
    just failed), the add form, the notice, and whether `user` may change the owner's skills."""
    add_form = add_form or spec.add_form(**{spec.owner_name: owner})
    return {
        spec.owner_name: owner,
        "skill_rows": _rows(spec, owner, failed or {}),
        "add_form": add_form,
        "notice": notice,
        "skills": {
            "section_id": spec.section_id,
            "title_id": spec.title_id,
            "title": _translated(spec.title),
            "empty": _translated(spec.empty),
            "add_title": _translated(spec.add_title),
            "add_url": reverse(f"{spec.url_prefix}-skill-add", kwargs={"pk": owner.pk}),
            "add_fields": [add_form[name] for name in spec.add_fields],
            "columns": [_translated(column) for column in spec.columns],
            "can_change": can(user, spec.change_capability),
            "ranking_note": spec.ranking_note,
        },
    }


def skill_rows_fragment(request: HttpRequest, spec: SkillRows, owner: models.Model) -> str:
    """The skills card of `owner` as HTML, e.g. to refresh it out of band beside another panel."""
    return render_to_string(SKILL_ROWS_TEMPLATE, skill_rows_context(spec, owner, request.user), request=request)


def skill_rows_response(request: HttpRequest, spec: SkillRows, owner: models.Model, **context) -> HttpResponse:
    """htmx: the skills fragment; otherwise the owner's page, or back to it once the change is made."""
    if request.htmx:
        return render(request, SKILL_ROWS_TEMPLATE, skill_rows_context(spec, owner, request.user, **context))
    if context.get("add_form") is None and not context.get("failed"):
        if context.get("notice"):
            messages.success(request, context["notice"])
        return redirect(reverse(spec.detail_url, kwargs={"pk": owner.pk}) + f"#{spec.title_id}")
    return spec.page(request, owner, skill_rows_context(spec, owner, request.user, **context))


def skill_row_add(request: HttpRequest, spec: SkillRows, owner: models.Model) -> HttpResponse:
    """Add a skill to `owner` from the add form; the form with its errors when it fails."""
    form = spec.add_form(request.POST, **{spec.owner_name: owner})
    if form.is_valid():
        try:
            spec.save(
                owner=owner, skill=form.cleaned_data["skill"], data=form.cleaned_data, details=None, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            notice = _("%(skill)s added.") % {"skill": form.cleaned_data["skill"].name}
            return skill_rows_response(request, spec, owner, notice=notice)
    return skill_rows_response(request, spec, owner, add_form=form)


def _held(spec: SkillRows, owner: models.Model, skill_pk: int) -> models.Model:
    return get_object_or_404(spec.model.objects.select_related("skill"), **{spec.owner_name: owner}, skill_id=skill_pk)


def skill_row_change(request: HttpRequest, spec: SkillRows, owner: models.Model, skill_pk: int) -> HttpResponse:
    """Change one skill row of `owner` (its details are kept); the row's form with its errors when it fails."""
    held = _held(spec, owner, skill_pk)
    form = spec.change_form(request.POST, prefix=f"skill-{skill_pk}")
    if form.is_valid():
        try:
            spec.save(owner=owner, skill=held.skill, data=form.cleaned_data, details=held.details, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return skill_rows_response(request, spec, owner, notice=_("%(skill)s saved.") % {"skill": held.skill.label})
    return skill_rows_response(request, spec, owner, failed={skill_pk: form})


def skill_row_delete(request: HttpRequest, spec: SkillRows, owner: models.Model, skill_pk: int) -> HttpResponse:
    """Remove one skill row of `owner`; 404 when it holds no such skill."""
    held = _held(spec, owner, skill_pk)
    spec.remove(owner=owner, skill=held.skill, by=request.user)
    return skill_rows_response(request, spec, owner, notice=_("%(skill)s removed.") % {"skill": held.skill.label})


# --- the skill catalogue -----------------------------------------------------------------------


def skill_list(request: HttpRequest) -> HttpResponse:
    form = SkillSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {"form": form, "groups": selectors.skill_catalogue(query), "query": query}
    if request.htmx and not request.htmx.boosted:
        return render(request, "skills/_skill_groups.html", context)
    return render(request, "skills/skill_list.html", context)


def skill_create(request: HttpRequest) -> HttpResponse:
    form = SkillForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            skill = services.skill_create(**form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Skill %(name)s added to the catalogue.") % {"name": skill.name})
            return redirect(reverse("skills:skill-list") + f"#skill-{skill.pk}")
    return render(request, "skills/skill_form.html", {"form": form, "skill": None})


def skill_edit(request: HttpRequest, pk: int) -> HttpResponse:
    skill = get_object_or_404(Skill.objects.visible_to(request.user), pk=pk)
    form = SkillForm(request.POST or None, user=request.user, skill=skill)
    if request.method == "POST" and form.is_valid():
        try:
            # The service changes the instance it is given: a copy keeps the saved name on the page.
            services.skill_update(skill=copy.copy(skill), **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Skill %(name)s saved.") % {"name": form.cleaned_data["name"]})
            return redirect(reverse("skills:skill-list") + f"#skill-{skill.pk}")
    return render(request, "skills/skill_form.html", {"form": form, "skill": skill})
