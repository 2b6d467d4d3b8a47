"""Reads of the pipeline board: one page of a column, cards grouped by tender, and the header counts,
in a fixed number of queries whatever the number of matches."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from matching.board.counts import BoardStats, board_stats
from matching.models import Match, MatchStatus
from matching.selectors import PageLinks, attach_summaries, band_floor, cards_of, page_links, pipeline_matches

PAGE_SIZE = 6  # cards per column and per "see more": the board stays under three screens at 1366 × 768
SORTS = {"score": ("-match_score", "pk"), "date": ("-updated_at", "pk")}  # both read in index order


@dataclass(frozen=True)
class BoardFilters:
    tender_id: int | None = None
    owner_id: int | None = None
    consultant_id: int | None = None
    band: str = ""  # "", "fair" (fair or better) or "strong"
    since: datetime.date | None = None
    sort: str = "score"

    @property
    def active(self) -> bool:
        return bool(self.tender_id or self.owner_id or self.consultant_id or self.band or self.since)


def with_band(queryset: QuerySet[Match], band: str) -> QuerySet[Match]:
    floor = band_floor(band)
    return queryset if floor is None else queryset.filter(match_score__gte=floor)


def _filtered(user, filters: BoardFilters, links) -> QuerySet[Match]:
    queryset = pipeline_matches(
        user,
        tender_id=filters.tender_id,
        consultant_id=filters.consultant_id,
        owner_id=filters.owner_id,
        links=links,
    )
    queryset = with_band(queryset, filters.band)
    if filters.since:  # from the start of that day where the user is, so the (status, updated_at) index serves
        start = timezone.make_aware(datetime.datetime.combine(filters.since, datetime.time.min))
        queryset = queryset.filter(updated_at__gte=start)
    return queryset


@dataclass
class TenderGroup:
    tender_id: int
    title: str
    cards: list[Match] = field(default_factory=list)


@dataclass
class ColumnPage:
    status: str
    label: str
    cards: list[Match]
    page: int
    has_more: bool
    count: int = 0

    @property
    def groups(self) -> list[TenderGroup]:
        """The page's cards by tender, the tenders in the order of their first (best or latest) card."""
        groups: dict[int, TenderGroup] = {}
        for card in self.cards:
            group = groups.setdefault(card.tender_id, TenderGroup(card.tender_id, card.tender.title))
            group.cards.append(card)
        return list(groups.values())


def _ordered(queryset: QuerySet[Match], filters: BoardFilters, status: str, page: int) -> QuerySet[Match]:
    """The column's page in its index's order, and one row more: it tells whether there is a next
    page without counting the column."""
    start = (page - 1) * PAGE_SIZE
    order = SORTS.get(filters.sort, SORTS["score"])
    return queryset.filter(status=status).order_by(*order)[start : start + PAGE_SIZE + 1]


def _column(status: str, rows: list[Match], page: int, has_more: bool) -> ColumnPage:
    return ColumnPage(status, str(MatchStatus(status).label), rows, page, has_more)


def _page(queryset: QuerySet[Match], filters: BoardFilters, status: str, page: int) -> ColumnPage:
    """One column's page ("see more"): one read of its cards."""
    rows = list(cards_of(_ordered(queryset, filters, status, page)))
    return _column(status, rows[:PAGE_SIZE], page, len(rows) > PAGE_SIZE)


def _first_pages(queryset: QuerySet[Match], filters: BoardFilters) -> list[ColumnPage]:
    """Every column's first page: each column's ids (a light read of the matches in index order),
    then every card of them in one read. On 250,000 matches this costs two thirds of the CPU and of
    the time of four card reads (whose five-table joins PostgreSQL plans four times), and a quarter of
    one UNION ALL of those."""
    ids = {
        status: list(_ordered(queryset, filters, status, 1).values_list("pk", flat=True))
        for status in MatchStatus.values
    }
    shown = [pk for column in ids.values() for pk in column[:PAGE_SIZE]]
    cards = {card.pk: card for card in cards_of(queryset.filter(pk__in=shown))} if shown else {}
    # A card gone between the two reads (a recompute dropped a suggestion) is left out.
    return [
        _column(status, [cards[pk] for pk in column[:PAGE_SIZE] if pk in cards], 1, len(column) > PAGE_SIZE)
        for status, column in ids.items()
    ]


def _digest(filters: BoardFilters, links) -> str:
    parts = (filters, list(links), getattr(links, "ever_partnered", True), datetime.date.today())
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def board(user, filters: BoardFilters, links: PageLinks | None = None) -> dict:
    """The board's first page: for each status its count and first PAGE_SIZE cards, and the header
    counts. `links`: the viewer's page_links, when the page has read them already."""
    links = page_links(user) if links is None else links
    queryset = _filtered(user, filters, links)
    stats: BoardStats = board_stats(user, queryset, digest=_digest(filters, links))
    columns = _first_pages(queryset, filters)
    for column in columns:
        column.count = stats.counts.get(column.status, 0)
    attach_summaries([card for column in columns for card in column.cards], links)
    return {"columns": columns, "stats": stats, "filtered": filters.active}


def column_page(user, filters: BoardFilters, status: str, page: int) -> ColumnPage:
    """Page `page` (from 2) of one column, for "see more"."""
    links = page_links(user)
    column = _page(_filtered(user, filters, links), filters, status, page)
    attach_summaries(column.cards, links)
    return column


def movable(user, ids: list[int]) -> list[Match]:
    """The matches among `ids` that the user's board holds (another company's, a revoked partner
    suggestion or a missing id are left out), in id order, with their card summaries (names)."""
    links = page_links(user)
    return attach_summaries(
        list(cards_of(pipeline_matches(user, links=links).filter(pk__in=ids)).order_by("pk")), links
    )
