"""Reads of matches for pages: everything a template touches, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy

from collaborations import sharing
from consultants.models import Consultant, ProficiencyLevel
from consultants.selectors import skill_display_names
from matching.engine.config import FACTORS, ScoringConfig
from matching.models import Match, MatchEvent, MatchStatus
from talentmatch import tenancy
from talentmatch.models import User
from tenders.models import Tender, TenderSkillImportance

LEVEL_LABELS = dict(enumerate(ProficiencyLevel.labels, start=1))
IMPORTANCE_LABELS = dict(enumerate(TenderSkillImportance.labels))


@dataclass
class SkillLine:
    name: str
    importance: str
    detail: str = ""


@dataclass
class Explanation:
    """A stored breakdown, resolved to names and labels for display."""

    factors: list[tuple[str, float, float, float]] = field(default_factory=list)
    required_covered: int = 0
    required_total: int = 0
    matched: list[SkillLine] = field(default_factory=list)
    partial: list[SkillLine] = field(default_factory=list)
    related: list[SkillLine] = field(default_factory=list)
    missing: list[SkillLine] = field(default_factory=list)
    multiplier: float = 1.0
    distance_km: float | None = None
    daily_budget: float | None = None
    notes: list[str] = field(default_factory=list)


def _skill_ids(breakdown: dict) -> set[int]:
    ids = set()
    for key in ("matched", "partial", "missing"):
        ids.update(entry[0] for entry in breakdown.get(key, []))
    for entry in breakdown.get("related", []):
        ids.update((entry[0], entry[2]))
    return ids


def explain(breakdown: dict, names: dict[int, str]) -> Explanation:
    from django.utils.translation import gettext as _

    factor_labels = {
        "skills": _("Skills"),
        "availability": _("Availability"),
        "location": _("Location"),
        "rate": _("Rate vs budget"),
        "seniority": _("Seniority"),
    }
    explanation = Explanation()
    if not breakdown:
        return explanation
    stored = breakdown.get("factors", {})
    for key in FACTORS:  # the engine's fixed order: a jsonb column does not keep the stored one
        if key in stored:
            value, weight, contribution = stored[key]
            explanation.factors.append((factor_labels[key], value, weight, contribution))
    explanation.required_covered, explanation.required_total = breakdown.get("required", [0, 0])
    name = lambda skill_id: names.get(skill_id, "?")  # noqa: E731
    for skill_id, importance, rank, years in breakdown.get("matched", []):
        detail = str(LEVEL_LABELS.get(rank, ""))
        if years is not None:
            detail += " · " + _("%(years)s yrs") % {"years": years}
        explanation.matched.append(SkillLine(name(skill_id), IMPORTANCE_LABELS[importance], detail))
    for skill_id, importance, rank, minimum in breakdown.get("partial", []):
        detail = _("%(level)s, %(minimum)s expected") % {"level": LEVEL_LABELS[rank], "minimum": LEVEL_LABELS[minimum]}
        explanation.partial.append(SkillLine(name(skill_id), IMPORTANCE_LABELS[importance], detail))
    for skill_id, importance, via, via_rank in breakdown.get("related", []):
        detail = _("via %(skill)s (%(level)s)") % {"skill": name(via), "level": LEVEL_LABELS[via_rank]}
        explanation.related.append(SkillLine(name(skill_id), IMPORTANCE_LABELS[importance], detail))
    for skill_id, importance in breakdown.get("missing", []):
        explanation.missing.append(SkillLine(name(skill_id), IMPORTANCE_LABELS[importance]))
    explanation.multiplier = breakdown.get("multiplier", 1.0)
    explanation.distance_km = breakdown.get("distance_km")
    explanation.daily_budget = breakdown.get("daily_budget")
    note_labels = {
        "unknown_place": _("A place could not be located: location scored as neutral."),
        "budget_unknown": _("No daily budget could be derived: rate scored as neutral."),
    }
    explanation.notes = [note_labels.get(note, note) for note in breakdown.get("notes", [])]
    return explanation


def attach_explanations(matches: list[Match]) -> list[Match]:
    """Set `match.explanation` on each match, resolving every skill name in one query."""
    ids = set()
    for match in matches:
        ids |= _skill_ids(match.breakdown or {})
    names = skill_display_names(ids)
    for match in matches:
        match.explanation = explain(match.breakdown or {}, names)
    return matches


def matches_for_page(user, links: list | None = None) -> QuerySet[Match]:
    links = page_links(user) if links is None else links
    return (
        Match.objects.visible_to(user, links=links)
        .select_related("consultant__user", "consultant__company", "tender", "owner")
        # Long texts no card shows: the consultant's search document and biography, the tender's description.
        .defer("consultant__search_vector", "consultant__bio", "tender__description")
    )


# What a card shows, and nothing else: a ranking or a board column reads only these columns.
CARD_FIELDS = (
    "id",
    "status",
    "match_score",
    "submitted_score",
    "rejection_reason",
    "updated_at",
    "breakdown",
    "tender_id",
    "consultant_id",
    "owner_id",
    "consultant__title",
    "consultant__company_id",
    "consultant__user_id",
    "consultant__updated_at",
    "consultant__erased_at",  # an erased consultant reads "Erased consultant #id"
    "consultant__daily_rate",
    "consultant__availability_status",
    "consultant__availability_date",
    "consultant__user__first_name",
    "consultant__user__last_name",
    "consultant__user__updated_at",
    "consultant__company__name",
    "tender__title",
    "tender__company_id",
)


def cards_of(queryset: QuerySet[Match]) -> QuerySet[Match]:
    """`queryset` (from matches_for_page) reading only what a card shows."""
    return (
        queryset.select_related(None)
        .select_related("consultant__user", "consultant__company", "tender")
        .only(*CARD_FIELDS)
    )


def attach_summaries(matches: list[Match], links: list | None = None) -> list[Match]:
    """Set what a card shows without opening the explanation: `match.required` as (covered, total),
    `match.missing_names` (the skills the consultant lacks), `match.event_list` (its moves, newest
    first), `match.display_name`, and for a partner's
    consultant `match.via` (the partner's name) — whose name shows as initials unless that partner
    shows names (`links`, from collaborations.sharing.links_to). One query for every skill name."""
    ids = {entry[0] for match in matches for entry in (match.breakdown or {}).get("missing", [])}
    names = skill_display_names(ids)  # in the reader's language: the card cache's key holds the names
    # Each match's moves, newest first (one query; cheaper than prefetch_related for a page of cards).
    events: dict[int, list[MatchEvent]] = {match.pk: [] for match in matches}
    if matches:
        for event in MatchEvent.objects.filter(match_id__in=list(events)).select_related("by"):
            events[event.match_id].append(event)
    shows_names = {link.sharer_id: link.show_names for link in links or []}
    for match in matches:
        breakdown = match.breakdown or {}
        match.required = tuple(breakdown.get("required", (0, 0)))
        match.missing_names = [names.get(entry[0], "?") for entry in breakdown.get("missing", [])]
        match.event_list = events[match.pk]
        consultant = match.consultant
        if consultant.company_id == match.tender.company_id:
            match.via, match.display_name, match.profile_shared = "", consultant.full_name, True
        else:
            match.via = consultant.company.name
            match.profile_shared = consultant.company_id in shows_names
            match.display_name = sharing.display_name(consultant, shows_names.get(consultant.company_id, False))
    return matches


current_q = tenancy.current_match_q  # the partner-revocation rule of Match.objects.visible_to
PageLinks = tenancy.PageLinks
page_links = tenancy.page_links


RANKING_PAGE_SIZE = 10
BAND_CHOICES = [
    ("", gettext_lazy("Any score")),
    ("fair", gettext_lazy("Fair match or better")),
    ("strong", gettext_lazy("Strong matches only")),
]


def band_floor(band: str) -> float | None:
    """The lowest score of a band filter ("fair": fair or better; "strong"), None for any score."""
    config = ScoringConfig.from_settings()
    return {"fair": config.band_fair, "strong": config.band_strong}.get(band)


@dataclass
class RankingPage:
    """One page of a tender's ranking (`cards`, best first), and whether a next one exists."""

    cards: list[Match]
    page: int
    has_more: bool
    band: str
    band_choices = BAND_CHOICES


def tender_ranking(tender, user, *, band: str = "", page: int = 1) -> RankingPage:
    """Page `page` of the tender's matches in rank order, at or above `band`'s floor, each with its
    summary (see `attach_summaries`): RANKING_PAGE_SIZE cards, one row more read to know if more follow."""
    links = page_links(user)
    ranked = matches_for_page(user, links).filter(tender=tender)
    floor = band_floor(band)
    if floor is not None:
        ranked = ranked.filter(match_score__gte=floor)
    start = (page - 1) * RANKING_PAGE_SIZE
    rows = list(cards_of(ranked).order_by("-match_score", "consultant_id")[start : start + RANKING_PAGE_SIZE + 1])
    cards = attach_summaries(rows[:RANKING_PAGE_SIZE], links)
    return RankingPage(cards, page, len(rows) > RANKING_PAGE_SIZE, band if floor is not None else "")


def consultant_best_tenders(consultant, user, limit: int = 10) -> list[Match]:
    """The consultant's best matches on open tenders the user may see."""
    return list(
        Match.objects.visible_to(user)
        .filter(consultant=consultant, tender__status__in=Tender.MATCHABLE_STATUSES)
        .select_related("tender")
        .order_by("-match_score", "tender_id")[:limit]
    )


def pipeline_matches(
    user, *, tender_id=None, consultant_id=None, owner_id=None, links: list | None = None
) -> QuerySet[Match]:
    """The matches of the board, filtered as the board is (every status, no column limit)."""
    queryset = matches_for_page(user, links)
    if tender_id:
        queryset = queryset.filter(tender_id=tender_id)
    if consultant_id:
        queryset = queryset.filter(consultant_id=consultant_id)
    if owner_id:
        queryset = queryset.filter(owner_id=owner_id)
    return queryset


def pipeline_counts(user, links: list | None = None) -> dict[str, int]:
    """How many matches of each status the board holds for the user, unfiltered."""
    return dict(
        Match.objects.visible_to(user, links=links)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def owners(user, links: list | None = None):
    """The users who own a match of the user's company, for the board's filter."""
    owned = Match.objects.visible_to(user, links=links).filter(owner__isnull=False).values("owner_id")
    return User.objects.visible_to(user).filter(pk__in=owned).order_by("last_name", "first_name")


# The positionings of our consultants at partner companies, shown read-only on the collaboration
# and consultant pages: the same limit as the collaboration page's lists.
SHOWN_AT_PARTNERS = 100


def our_consultants_at(partner_id: int, company_id: int) -> list[Match]:
    """Where `company_id`'s consultants stand on `partner_id`'s tenders (read-only for the owner):
    suggestions while the consultant is still shared, and every submitted, accepted or rejected one."""
    links = [link for link in sharing.links_to(partner_id) if link.sharer_id == company_id]
    return list(
        Match.objects.filter(consultant__company_id=company_id, tender__company_id=partner_id)
        .filter(tenancy.current_match_q(links))  # the rule of Match.objects.visible_to, seen from the partner
        .select_related("consultant__user", "tender")
        .order_by("status", "-match_score", "pk")[:SHOWN_AT_PARTNERS]
    )


def consultant_at_partners(consultant: Consultant) -> list[Match]:
    """Where one of our consultants stands on partner companies' tenders (read-only for the owner)."""
    partners = sharing.partner_company_ids(consultant.company_id)
    current = Q(pk__in=[])
    for partner in sorted(partners):
        links = [link for link in sharing.links_to(partner) if link.sharer_id == consultant.company_id]
        current |= Q(tender__company_id=partner) & sharing.shared_q(links, prefix="consultant__")
    return list(
        Match.objects.filter(consultant=consultant)
        .exclude(tender__company_id=consultant.company_id)
        .filter(~Q(status=MatchStatus.SUGGESTED) | current)
        .select_related("tender__company")
        .order_by("status", "-match_score", "pk")[:SHOWN_AT_PARTNERS]
    )
