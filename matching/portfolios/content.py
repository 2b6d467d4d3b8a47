"""What a dossier says, in the order it says it, shared by its PDF and its Word file: the cover (firm,
logo, colours, the person or their initials), the pitch, the skills that answer the tender, the
missions (most relevant first, the tender's skills marked), education, certifications, languages.

Never the gap lists (skills missing or below the level asked): they stay on the match page.
Anonymised: no name, e-mail, phone or photo; with employers hidden, each client or employer is
replaced by its sector, in every text of the dossier.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultants.career.selectors import employer_label
from consultants.models import PROFICIENCY_RANK, Consultant, ConsultantSkill
from consultants.skills.detection import strip_accents
from matching.models import Match, Portfolio
from talentmatch import branding, tenancy
from tenders.models import Tender, TenderSkill, TenderSkillImportance

IMPORTANCE_ORDER = {"required": 0, "preferred": 1, "nice_to_have": 2}
IMPORTANCE_WEIGHT = {"required": 3, "preferred": 2, "nice_to_have": 1}


# --- who ----------------------------------------------------------------------------------------


def initials(consultant: Consultant) -> str:
    """ "C. T." for Camille Testeur; "—" for a consultant without a name."""
    user = consultant.user
    parts = [user.first_name, user.last_name] if user else []
    letters = [part.strip()[0].upper() + "." for part in parts if part and part.strip()]
    return " ".join(letters) or "—"


def _name_patterns(consultant: Consultant) -> list[re.Pattern]:
    user = consultant.user
    if user is None:
        return []
    words = {user.first_name, user.last_name, user.full_name}
    variants = {variant for word in words if word and word.strip() for variant in (word, strip_accents(word))}
    return [
        re.compile(r"(?<!\w)" + re.escape(variant.strip()) + r"(?!\w)", re.IGNORECASE)
        for variant in sorted(variants, key=len, reverse=True)
    ]


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)\+?\d[\d .\-()/]{6,}\d(?!\w)")


def scrub(text: str | None, consultant: Consultant) -> str:
    """`text` without the consultant's names (replaced by initials), e-mail addresses or phone numbers."""
    if not text:
        return ""
    user = consultant.user
    if user and user.email:
        text = re.sub(re.escape(user.email), "", text, flags=re.IGNORECASE)
    text = _EMAIL.sub("", text)
    text = _PHONE.sub("", text)
    for pattern in _name_patterns(consultant):
        text = pattern.sub(initials(consultant), text)
    return text


def partner_shows_names(consultant: Consultant, tender: Tender) -> bool | None:
    """None for the tender's own company's consultant; for a partner's consultant, whether the
    partner lets the tender's company see names (initials otherwise, as in an anonymised dossier)."""
    if consultant.company_id == tender.company_id:
        return None
    links = tenancy.links_to(tender.company_id)
    return any(link.show_names for link in links if link.sharer_id == consultant.company_id)


# --- the match behind it ------------------------------------------------------------------------


def pair_breakdown(consultant: Consultant, tender: Tender) -> dict:
    """The engine's explanation of the pair: the match's stored one, else computed for this pair alone."""
    stored = Match.objects.filter(consultant=consultant, tender=tender).values_list("breakdown", flat=True).first()
    if stored:
        return stored
    import numpy as np

    from matching import store
    from matching.engine import ScoringConfig
    from matching.engine.scoring import consultant_side, explain_many, score_pairs, tender_context

    config = ScoringConfig.from_settings()
    day = timezone.localdate().toordinal()
    graph = store.load_graph()
    consultants = store.load_consultants(graph, Q(pk=consultant.pk))
    tenders = store.load_tenders(graph, Q(pk=tender.pk))
    side = consultant_side(consultants, graph, day)
    context = tender_context(tenders, day, config)
    scores = score_pairs(side, tenders, context, np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64), config)
    return json.loads(explain_many(scores, [0], graph, tenders, context, config)[0])


# --- skills -------------------------------------------------------------------------------------


@dataclass
class SkillRow:
    name: str
    level: str
    years: int | None
    relevance: str  # the tender's importance, or the skill it relates to
    relevance_group: str  # the heading the row is listed under


def skill_rows(consultant: Consultant, asked: dict[int, TenderSkill], breakdown: dict) -> list[SkillRow]:
    """The consultant's skills, those the tender asks for first (by importance), then those related
    to one it asks for, then the rest; by level and years within each group."""
    via = {entry[2]: entry[0] for entry in breakdown.get("related", [])}  # held skill → tender skill
    headings = (_("Asked for by the tender"), _("Related to what the tender asks for"), _("Other skills"))
    importance_labels = dict(TenderSkillImportance.choices)
    rows = []
    for held in ConsultantSkill.objects.filter(consultant=consultant).select_related("skill"):
        if held.skill_id in asked:
            importance = asked[held.skill_id].importance
            order, heading, relevance = IMPORTANCE_ORDER.get(importance, 2), headings[0], importance_labels[importance]
        elif held.skill_id in via and via[held.skill_id] in asked:
            order, heading = 3, headings[1]
            relevance = _("related to %(skill)s") % {"skill": asked[via[held.skill_id]].skill.label}
        else:
            order, heading, relevance = 4, headings[2], ""
        name = held.skill.label  # in the dossier's language, active while it is generated
        key = (order, -PROFICIENCY_RANK.get(held.proficiency_level, 0), -(held.years_experience or 0), name)
        row = SkillRow(name, held.get_proficiency_level_display(), held.years_experience, relevance, heading)
        rows.append((key, row))
    return [row for _key, row in sorted(rows, key=lambda item: item[0])]


# --- career -------------------------------------------------------------------------------------


@dataclass
class MissionRow:
    role: str
    employer: str  # the client's or employer's name, or its sector when hidden
    start: date
    end: date | None
    location: str
    description: str
    skills: list[tuple[str, bool]] = field(default_factory=list)  # (name, asked for by the tender)
    relevance: int = 0


def mission_rows(
    consultant: Consultant, asked: dict[int, TenderSkill], *, hide_employers: bool, text: Callable[[str], str]
) -> list[MissionRow]:
    """The missions, those using the most (and most important) of the tender's skills first, then the
    most recent; each mission's skills with the tender's first."""
    rows = []
    for experience in consultant.experiences.prefetch_related("skills"):
        skills = sorted(experience.skills.all(), key=lambda skill: (skill.pk not in asked, skill.label.lower()))
        relevance = sum(IMPORTANCE_WEIGHT.get(asked[skill.pk].importance, 1) for skill in skills if skill.pk in asked)
        employer = employer_label(experience.sector) if hide_employers else experience.employer
        rows.append(
            MissionRow(
                role=text(experience.role),
                employer=employer,
                start=experience.start_date,
                end=experience.end_date,
                location=text(experience.location),
                description=text(experience.description),
                skills=[(skill.label, skill.pk in asked) for skill in skills],
                relevance=relevance,
            )
        )
    latest = date.max.toordinal()
    rows.sort(key=lambda row: (-row.relevance, -(row.end.toordinal() if row.end else latest), -row.start.toordinal()))
    return rows


def employer_scrubber(consultant: Consultant) -> Callable[[str], str]:
    """Replaces every client's and employer's name of the consultant's missions by its sector."""
    names = sorted(
        {(row.employer.strip(), row.sector) for row in consultant.experiences.all() if len(row.employer.strip()) > 1},
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    patterns = [
        (re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE), employer_label(sector))
        for name, sector in names
    ]

    def clean(value: str) -> str:
        for pattern, label in patterns:
            value = pattern.sub(label, value)
        return value

    return clean


# --- the pitch ----------------------------------------------------------------------------------


def pitch_draft(consultant: Consultant, tender: Tender, *, name: str) -> str:
    """A first pitch in the active language, from the tender's needs and what the consultant brings
    to them: skills held among those asked (by importance, then level) and the most relevant mission."""
    asked = {row.skill_id: row for row in TenderSkill.objects.filter(tender=tender).select_related("skill")}
    held = [row for row in consultant.consultant_skills.select_related("skill") if row.skill_id in asked]
    held.sort(
        key=lambda row: (
            IMPORTANCE_ORDER.get(asked[row.skill_id].importance, 2),
            -PROFICIENCY_RANK.get(row.proficiency_level, 0),
        )
    )
    sentences = [
        _("%(name)s, %(title)s, is proposed for “%(tender)s”.")
        % {"name": name, "title": consultant.title, "tender": tender.title}
    ]
    if consultant.experience_years:
        years = consultant.experience_years
        sentences.append(
            ngettext("%(years)s year of experience.", "%(years)s years of experience.", years) % {"years": years}
        )
    if held:
        listed = ", ".join(f"{row.skill.label} ({row.get_proficiency_level_display().lower()})" for row in held[:5])
        sentences.append(_("Brings what the tender asks for: %(skills)s.") % {"skills": listed})
    missions = mission_rows(consultant, asked, hide_employers=False, text=lambda value: value)
    if missions and missions[0].relevance:
        best = missions[0]
        used = ", ".join(name for name, is_asked in best.skills if is_asked)
        sentences.append(
            _("Recently %(role)s at %(employer)s, with %(skills)s.")
            % {"role": best.role, "employer": best.employer, "skills": used}
        )
    return " ".join(sentences)


# --- everything ---------------------------------------------------------------------------------


def portfolio_context(portfolio: Portfolio) -> dict:
    """Everything the dossier shows, in the active language; anonymised when asked."""
    consultant = Consultant.objects.select_related("user", "company").get(pk=portfolio.consultant_id)
    tender = Tender.objects.select_related("company").get(pk=portfolio.tender_id)
    breakdown = pair_breakdown(consultant, tender)
    asked = {row.skill_id: row for row in TenderSkill.objects.filter(tender=tender).select_related("skill")}
    anonymized = portfolio.anonymized
    # A partner's consultant: the limited profile only — never e-mail, phone or internal notes (bio);
    # a partner hiding names hides employers and schools too.
    limited = consultant.company_id != tender.company_id
    hide_employers = portfolio.employers_hidden or (limited and anonymized)
    hide_employer_names = employer_scrubber(consultant) if hide_employers else (lambda value: value)

    def text(value):
        value = scrub(value, consultant) if anonymized or limited else (value or "")
        return hide_employer_names(value)

    name = initials(consultant) if anonymized else consultant.full_name
    pitch = portfolio.pitch.strip() or pitch_draft(consultant, tender, name=name)
    company = tender.company
    education = list(consultant.education.all())
    logo = branding.logo_bytes(company)
    return {
        "portfolio": portfolio,
        "anonymized": anonymized,
        "name": name,
        "email": "" if anonymized or limited else consultant.email,
        "phone": "" if anonymized or limited or consultant.user is None else consultant.user.phone,
        "headline": text(consultant.title),
        "pitch": text(pitch),
        "experience_years": consultant.experience_years,
        "location": text(consultant.location),
        "remote_work": consultant.remote_work,
        "availability": consultant.get_availability_status_display(),
        "available_from": consultant.availability_date,
        "daily_rate": consultant.daily_rate if portfolio.include_daily_rate else None,
        "skills": skill_rows(consultant, asked, breakdown),
        "missions": mission_rows(consultant, asked, hide_employers=hide_employers, text=text),
        "education": education,
        "education_details": not (limited and anonymized),
        "certifications": list(consultant.certifications.all()),
        "languages": list(consultant.languages.all()),
        "tender": tender,
        "firm": company.name,
        "brand_colour": company.brand_colour,
        "accent_colour": company.accent_colour,
        "logo_png": logo,
        "logo_data_uri": _data_uri(logo),
        "document_title": _("Skills dossier — %(name)s — %(tender)s") % {"name": name, "tender": tender.title},
        "generated": portfolio.generated_date,
    }


def _data_uri(png: bytes | None) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode() if png else ""
