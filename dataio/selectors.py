"""The rows of each export, read through the list pages' own selectors so that an export holds
exactly what its page shows (same visibility, same filters, same order), every row and not one page.

Values are the ones an import takes back: the models' codes (`expert`, `on_mission`), ISO dates,
skills as `Python:expert:5; Django:advanced`. A fixed number of queries whatever the rows.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.utils import timezone

from collaborations import sharing
from consultants.career.models import Certification, Education, Experience, SpokenLanguage
from consultants.models import Consultant, ConsultantSkill
from consultants.selectors import ConsultantFilters, consultants_for_list
from dataio import columns as col
from matching.models import MatchStatus
from matching.selectors import pipeline_matches
from tenders.selectors import TenderFilters, tenders_for_list

CHUNK = 1000


def _person(consultant, names_shown: dict[int, bool] | None) -> tuple[str, str, str, str]:
    """First name, last name, e-mail, phone. A partner's consultant (`names_shown` given: sharer id →
    shows names) keeps the limited profile: initials unless the partner shows names, no contact."""
    person = consultant.user
    if person is None:
        return "", "", "", ""
    if names_shown is None:
        return person.first_name, person.last_name, person.email, person.phone
    if names_shown.get(consultant.company_id, False):
        return person.first_name, person.last_name, "", ""
    return sharing.initials(person.first_name, ""), sharing.initials("", person.last_name), "", ""


def _names_shown(user) -> dict[int, bool]:
    return {link.sharer_id: link.show_names for link in sharing.links_to(user.company_id)}


def consultant_rows(user, filters: ConsultantFilters, *, french: bool = False) -> Iterator[list]:
    queryset = consultants_for_list(user, filters).prefetch_related(
        Prefetch("consultant_skills", queryset=ConsultantSkill.objects.select_related("skill"))
    )
    names_shown = _names_shown(user) if filters.origin and user.company_id is not None else {}
    for consultant in queryset.iterator(chunk_size=CHUNK):
        partner = user.company_id is not None and consultant.company_id != user.company_id
        first_name, last_name, email, phone = _person(consultant, names_shown if partner else None)
        skills = col.LIST_JOIN.join(
            _skill_text(held.skill.name, held.proficiency_level, held.years_experience)
            for held in consultant.consultant_skills.all()
        )
        row = [
            first_name,
            last_name,
            email,
            phone,
            consultant.title,
            consultant.experience_years,
            consultant.availability_status,
            consultant.availability_date,
            consultant.hourly_rate,
            consultant.daily_rate,
            consultant.location or "",
            consultant.remote_work,
            consultant.max_travel_distance,
            "" if partner else consultant.profile_picture_url or "",
            "" if partner else consultant.bio or "",
            skills,
        ]
        yield with_french_names(row, [held.skill for held in consultant.consultant_skills.all()], french)


def tender_rows(user, filters: TenderFilters, *, french: bool = False) -> Iterator[list]:
    queryset = tenders_for_list(user, filters)
    for tender in queryset.iterator(chunk_size=CHUNK):
        asked_skills = sorted(tender.tender_skills.all(), key=lambda asked: asked.skill.name)
        skills = col.LIST_JOIN.join(
            _skill_text(asked.skill.name, asked.importance, asked.minimum_level) for asked in asked_skills
        )
        row = [
            tender.title,
            tender.client_name,
            tender.description,
            tender.start_date,
            tender.end_date,
            tender.status,
            tender.location or "",
            tender.remote_work,
            tender.budget,
            tender.required_consultants,
            tender.onsite_days_per_week,
            tender.reply_deadline,
            tender.owner.email if tender.owner_id else "",
            tender.client_contact_name,
            tender.client_contact_email,
            tender.client_contact_phone,
            skills,
        ]
        yield with_french_names(row, [asked.skill for asked in asked_skills], french)


def pipeline_rows(user, *, tender_id=None, consultant_id=None, owner_id=None) -> Iterator[list]:
    """The board's matches in its order: by status column, then best score first."""
    column = Case(
        *(When(status=status, then=Value(place)) for place, status in enumerate(MatchStatus.values)),
        output_field=IntegerField(),
    )
    queryset = (
        pipeline_matches(user, tender_id=tender_id, consultant_id=consultant_id, owner_id=owner_id)
        .prefetch_related(None)
        .defer("breakdown", "consultant__search_vector")
        .annotate(column=column)
        .order_by("column", "-match_score", "pk")
    )
    names_shown = _names_shown(user)
    for match in queryset.iterator(chunk_size=CHUNK):
        partner = match.consultant.company_id != match.tender.company_id
        first_name, last_name, email, _phone = _person(match.consultant, names_shown if partner else None)
        yield [
            match.tender.title,
            match.tender.client_name,
            match.tender.start_date,
            first_name,
            last_name,
            email,
            match.status,
            round(match.match_score, 4),
            round(match.submitted_score, 4) if match.submitted_score is not None else None,
            match.owner.email if match.owner else "",
            match.notes or "",
            timezone.localtime(match.updated_at).replace(tzinfo=None, microsecond=0) if match.updated_at else None,
        ]


def export_header(columns: list[str], french: bool) -> list[str]:
    """The header of an export with a skills column: for a French reader (`french`), `skills_fr` follows."""
    return [*columns, col.SKILLS_FR] if french else list(columns)


def with_french_names(row: list, skills, french: bool) -> list:
    """`row`, and for a French reader the cell of `skills_fr`: the skills of the `skills` cell, in its
    order, by their French names (`Skill.display_name`). `french` is the view's `reads_french()`,
    taken before the rows are streamed."""
    return [*row, col.LIST_JOIN.join(skill.display_name("fr") for skill in skills)] if french else row


def _skill_text(name: str, *parts) -> str:
    """`Python:expert:5`, without the trailing parts left empty."""
    values = [str(part) for part in parts]
    while values and values[-1] in ("", "None"):
        values.pop()
    return col.PART_SEPARATOR.join([name, *values])


def career_rows(user, filters: ConsultantFilters, *, french: bool = False) -> Iterator[list]:
    """The careers of the company's own consultants of the consultant list (partners' consultants keep
    their limited profile: their careers are not exported), one row per entry, as the import takes them."""
    consultants = consultants_for_list(user, filters)
    if user.company_id is not None:
        consultants = consultants.filter(company_id=user.company_id)
    ids = list(consultants.values_list("pk", flat=True))
    empty = dict.fromkeys(col.CAREER_COLUMNS)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        emails = dict(Consultant.objects.filter(pk__in=chunk).values_list("pk", "user__email"))
        kinds = (
            ("experience", Experience.objects.filter(consultant_id__in=chunk).prefetch_related("skills")),
            ("education", Education.objects.filter(consultant_id__in=chunk)),
            ("certification", Certification.objects.filter(consultant_id__in=chunk)),
            ("language", SpokenLanguage.objects.filter(consultant_id__in=chunk)),
        )
        for entry_name, rows in kinds:
            for entry in rows.order_by("consultant_id", "pk"):
                row = {**empty, "email": emails.get(entry.consultant_id) or "", "entry": entry_name}
                row.update({name: value for name, value in entry.__dict__.items() if name in row and name != "email"})
                used = list(entry.skills.all()) if entry_name == "experience" else []
                if entry_name == "experience":
                    row["skills"] = col.LIST_JOIN.join(skill.name for skill in used)
                yield with_french_names([row[name] for name in col.CAREER_COLUMNS], used, french)
