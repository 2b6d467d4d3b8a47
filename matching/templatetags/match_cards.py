"""`{% match_cards matches view as cards %}`: the match cards of a ranking or of the board, rendered
once and kept in the cache until something they show changes.

A card's key is a digest of everything it displays — the match's status, scores and events, the
consultant's name as the viewer may see it, the summary, the language and whether the viewer may
move the pipeline — so any change gives a new key and an old card is never shown. What differs per
request (the CSRF token and the page's own address in the forms) is put in after the cache.
"""

import hashlib

from django import template
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from matching.templatetags.match_facts import card_facts
from talentmatch.access import Capability, can
from talentmatch.cache import cache

register = template.Library()

CSRF_MARK = "__TM_CSRF_TOKEN__"
NEXT_MARK = "__TM_NEXT_URL__"
CARD_TIMEOUT = 24 * 3600


def _key(match, view: str, language: str, can_move: bool) -> str:
    consultant = match.consultant
    events = [(event.pk, event.by.updated_at.isoformat() if event.by_id else "") for event in match.event_list]
    parts = (
        match.pk,
        match.status,
        match.match_score,
        match.submitted_score,
        match.rejection_reason,
        match.updated_at.isoformat(),
        match.tender.title if view == "board" else "",
        consultant.updated_at.isoformat(),
        consultant.title,
        match.display_name,
        match.via,
        match.profile_shared,
        match.required,
        tuple(match.missing_names),
        tuple(events),
        language,
        can_move,
        view,
        card_facts(match),
    )
    return "matching:card:" + hashlib.sha256(repr(parts).encode()).hexdigest()


@register.simple_tag(takes_context=True)
def match_cards(context, matches, view: str, next_url: str = "") -> list[str]:
    """The cards, rendered or from the cache. Their move forms come back to `next_url` (the board
    with its filters when a column's next page is fetched), by default to the page itself."""
    request = context["request"]
    language = get_language()
    can_move = can(request.user, Capability.MATCH_MOVE)
    keys = [_key(match, view, language, can_move) for match in matches]
    cached = cache.get_many(keys) if keys else {}
    fresh = {}
    flat = context.flatten()
    for match, key in zip(matches, keys, strict=True):
        if key not in cached:
            fresh[key] = render_to_string(
                "matching/_match_card.html",
                {
                    **flat,
                    "match": match,
                    "view": view,
                    "csrf_mark": CSRF_MARK,
                    "next_mark": NEXT_MARK,
                },
            )
    if fresh:
        cache.set_many(fresh, CARD_TIMEOUT)
    token, next_url = get_token(request), escape(next_url or request.get_full_path())
    return [
        mark_safe((cached.get(key) or fresh[key]).replace(CSRF_MARK, token).replace(NEXT_MARK, next_url))  # noqa: S308 — our own template's output
        for key in keys
    ]


@register.simple_tag(takes_context=True)
def board_cards(context, columns, next_url: str = "") -> dict[int, str]:
    """Every card of the board's columns rendered (see `match_cards`) by match id: one cache read
    for the whole board rather than one per column."""
    cards = [card for column in columns for card in column.cards]
    return dict(zip((card.pk for card in cards), match_cards(context, cards, "board", next_url), strict=True))


@register.simple_tag(takes_context=True)
def board_groups(context, column, next_url: str = "", rendered=None) -> list[tuple[object, list[str]]]:
    """A board column page's cards rendered and grouped by tender, as (group, cards) pairs in the
    order of `column.groups`; `rendered` (from `board_cards`) when the whole board's are at hand."""
    if not rendered:
        cards = match_cards(context, column.cards, "board", next_url)
        rendered = dict(zip((card.pk for card in column.cards), cards, strict=True))
    return [(group, [rendered[card.pk] for card in group.cards]) for group in column.groups]
