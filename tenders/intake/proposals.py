"""What the intake proposes for a call's text: the tender's fields and its skill needs, each with
the sentence it was read from. Nothing here writes; the proposals fill the new-tender form."""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from consultants.skills.detection import SkillDetector
from tenders.intake import fields as rules
from tenders.intake.dates import working_days
from tenders.intake.reading import CallText
from tenders.intake.skills import ProposedNeed, propose_needs

MAX_DESCRIPTION = 8000


@dataclass
class Proposal:
    value: object
    sentence: str
    note: str = ""


@dataclass
class Intake:
    fields: dict[str, Proposal] = field(default_factory=dict)
    needs: list[ProposedNeed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    text: str = ""

    def initial(self) -> dict:
        return {name: proposal.value for name, proposal in self.fields.items()}


def propose(call: CallText, *, detector: SkillDetector | None = None, today: datetime.date | None = None) -> Intake:
    """The proposals for a call's text (see tenders.intake.fields and tenders.intake.skills for the rules)."""
    text = _unwrapped(unicodedata.normalize("NFKC", call.text))
    today = today or timezone.localdate()
    lines = rules._lines(text)
    intake = Intake(text=text, notes=list(call.notes))
    found: dict[str, rules.Found] = {}
    for name, rule in (
        ("title", lambda: rules.title(lines, call.subject)),
        ("client_name", lambda: rules.client(lines)),
    ):
        if (value := rule()) is not None:
            found[name] = value
    found.update(rules.dates(lines, today))
    if (place := rules.place(lines)) is not None:
        found["location"] = place
    found.update(rules.remote(lines))
    money = rules.money(lines)
    if (count := rules.consultants_required(lines)) is not None:
        found["required_consultants"] = count
    found.update(rules.contact(lines, call.sender))
    for name, value in found.items():
        intake.fields[name] = Proposal(value.value, value.sentence)
    if "budget" in money:
        intake.fields["budget"] = Proposal(money["budget"].value, money["budget"].sentence)
    elif "daily_rate" in money:
        intake.fields.update(_budget_from_rate(money["daily_rate"], intake.fields))
    if text.strip():
        intake.fields["description"] = Proposal(text[:MAX_DESCRIPTION], "")
    intake.needs = propose_needs(text, detector or SkillDetector.from_catalogue())
    return intake


def _unwrapped(text: str) -> str:
    """Lines a PDF broke inside a sentence joined again: a line that ends without punctuation and is
    followed by one starting in lower case goes on."""
    lines = text.split("\n")
    joined: list[str] = []
    for line in lines:
        if (
            joined
            and joined[-1].strip()
            and line[:1].islower()
            and not joined[-1].rstrip().endswith((".", ":", ";", "!", "?"))
        ):
            joined[-1] = joined[-1].rstrip() + " " + line.lstrip()
        else:
            joined.append(line)
    return "\n".join(joined)


def _budget_from_rate(rate: rules.Found, proposed: dict[str, Proposal]) -> dict[str, Proposal]:
    """The budget a daily rate comes to over the mission's working days and consultants, which is the
    daily budget the matching engine compares rates with; only the note without both dates."""
    start, end = proposed.get("start_date"), proposed.get("end_date")
    count = proposed["required_consultants"].value if "required_consultants" in proposed else 1
    daily = rate.value
    if start is None or end is None:
        note = _("Daily rate %(rate)s €: the budget is the rate times the working days, once the dates are set.") % {
            "rate": f"{daily:g}"
        }
        return {"daily_rate": Proposal(daily, rate.sentence, note)}
    days = working_days(start.value, end.value)
    note = _("Daily rate %(rate)s € × %(days)s working days × %(count)s consultant(s).") % {
        "rate": f"{daily:g}",
        "days": days,
        "count": count,
    }
    return {"budget": Proposal(round(daily * days * count, 2), rate.sentence, note)}
