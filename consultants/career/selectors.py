"""Reads of a consultant's career that depend on who looks: a partner's limited profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from consultants.models import Consultant


def employer_label(sector: str) -> str:
    """What a limited or anonymised view says instead of a client's or employer's name."""
    return _("A client in %(sector)s") % {"sector": sector} if sector.strip() else _("A client")


@dataclass(frozen=True)
class SharedMission:
    role: str
    employer: str  # the name when the owner shows names, else the sector
    start: date
    end: date | None
    description: str  # only when the owner shows names: free text may name clients or people
    skills: tuple[str, ...]


@dataclass(frozen=True)
class SharedEducation:
    degree: str
    field: str
    school: str  # empty unless the owner shows names
    end_year: int | None


def shared_career(consultant: Consultant, *, show_names: bool) -> dict:
    """A partner's consultant's career as their limited profile shows it: missions with the
    employer's sector instead of its name, no descriptions and no schools or years, unless the owner
    shows names; certifications and languages as they are."""
    missions = [
        SharedMission(
            role=row.role,
            employer=row.employer if show_names else employer_label(row.sector),
            start=row.start_date,
            end=row.end_date,
            description=row.description if show_names else "",
            skills=tuple(skill.label for skill in row.skills.all()),
        )
        for row in consultant.experiences.prefetch_related("skills")
    ]
    education = [
        SharedEducation(
            degree=row.degree,
            field=row.field,
            school=row.school if show_names else "",
            end_year=row.end_year if show_names else None,
        )
        for row in consultant.education.all()
    ]
    return {
        "missions": missions,
        "education": education,
        "certifications": list(consultant.certifications.all()),
        "languages": list(consultant.languages.all()),
    }
