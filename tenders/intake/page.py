"""The new-tender page as the intake and the create view both render it: the tender form with the
proposals beside their fields (typed values win over proposals) and the skills editor."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from consultants.models import Skill
from tenders.forms import FORM_FIELDS, TenderForm, TenderNeedFormSet
from tenders.intake.forms import IntakeForm
from tenders.intake.proposals import Intake

NEEDS_PREFIX = "skills"


def bound_needs(data) -> TenderNeedFormSet:
    """The skills editor bound to a POST; a POST without it (a script, an old page) lists no skill."""
    if f"{NEEDS_PREFIX}-TOTAL_FORMS" not in data:
        data = {f"{NEEDS_PREFIX}-TOTAL_FORMS": "0", f"{NEEDS_PREFIX}-INITIAL_FORMS": "0"}
    return TenderNeedFormSet(data, prefix=NEEDS_PREFIX)


def _typed_values(typed: TenderForm | None) -> dict:
    """What the user typed in the tender form before asking for proposals (defaults do not count)."""
    if typed is None or not typed.is_bound:
        return {}
    blank = TenderForm(company_id=None)
    values = {}
    for name in FORM_FIELDS:
        value = typed.data.get(name)
        if value in (None, "") or str(value) == str(blank[name].initial if blank[name].initial is not None else ""):
            continue
        values[name] = value
    return values


def _typed_needs(data) -> list[dict]:
    if data is None:
        return []
    rows = []
    total = data.get(f"{NEEDS_PREFIX}-TOTAL_FORMS", "0")
    for index in range(min(int(total) if str(total).isdigit() else 0, 100)):
        skill = (data.get(f"{NEEDS_PREFIX}-{index}-skill") or "").strip()
        if skill:
            rows.append(
                {
                    "skill": skill,
                    "importance": data.get(f"{NEEDS_PREFIX}-{index}-importance") or "required",
                    "minimum_level": data.get(f"{NEEDS_PREFIX}-{index}-minimum_level") or "",
                    "source": data.get(f"{NEEDS_PREFIX}-{index}-source") or "",
                }
            )
    return rows


def render_form(
    request: HttpRequest,
    *,
    intake_form: IntakeForm | None = None,
    typed: TenderForm | None = None,
    intake: Intake | None = None,
    form: TenderForm | None = None,
    needs=None,
) -> HttpResponse:
    """The new-tender page: `form` and `needs` when they are bound (a failed save), else the form
    filled with the proposals of `intake` under what the user had typed."""
    company_id = request.user.company_id
    proposals = intake.fields if intake else {}
    if form is None:
        initial = {**(intake.initial() if intake else {}), **_typed_values(typed)}
        form = TenderForm(initial=initial, company_id=company_id)
    if needs is None:
        rows = _typed_needs(typed.data if typed is not None else None)
        listed = {row["skill"].casefold() for row in rows}
        names = (
            dict(Skill.objects.filter(pk__in=[need.skill_id for need in intake.needs]).values_list("pk", "name"))
            if intake
            else {}
        )
        for need in intake.needs if intake else []:
            if names.get(need.skill_id, need.name).casefold() not in listed:
                rows.append(
                    {
                        "skill": names.get(need.skill_id, need.name),
                        "importance": need.importance,
                        "minimum_level": need.minimum_level or "",
                        "source": need.sentence,
                    }
                )
        needs = TenderNeedFormSet(initial=rows, prefix=NEEDS_PREFIX)
    fields = [(form[name], proposals.get(name)) for name in FORM_FIELDS if name != "description"]
    context = {
        "form": form,
        "tender": None,
        "fields": fields,
        "description_proposal": proposals.get("description"),
        "daily_rate": proposals.get("daily_rate"),
        "needs": needs,
        "intake_form": intake_form or IntakeForm(),
        "intake": intake,
        "proposal_count": len([p for name, p in proposals.items() if name != "description"])
        + (len(intake.needs) if intake else 0),
        "intake_notice": _("Read: check each proposal, change what is wrong, then create the tender.")
        if intake
        else "",
    }
    return render(request, "tenders/tender_form.html", context)
