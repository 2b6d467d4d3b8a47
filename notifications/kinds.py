"""What each kind of notification says. The text is made when it is shown or mailed, in the reader's
language: a notification stores only its kind and the values that fill the sentence."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from notifications.models import NotificationKind as Kind

TITLES = {
    Kind.TENDER_MATCH: gettext_lazy("%(consultant)s fits “%(tender)s” (score %(score)s)"),
    Kind.CONSULTANT_FREEING: gettext_lazy("%(consultant)s frees up on %(date)s (within %(horizon)s days)"),
    Kind.COLLABORATION_PROPOSED: gettext_lazy("Collaboration with %(company)s: proposed"),
    Kind.COLLABORATION_ACCEPTED: gettext_lazy("Collaboration with %(company)s: accepted"),
    Kind.COLLABORATION_ENDED: gettext_lazy("Collaboration with %(company)s: ended"),
    Kind.DOSSIER_READY: gettext_lazy("The dossier for “%(tender)s” (version %(version)s) is ready"),
    Kind.IMPORT_READY: gettext_lazy(
        "Your import of %(file)s is saved: %(created)s created, %(updated)s updated, %(unchanged)s unchanged"
    ),
    Kind.REPLY_DEADLINE: gettext_lazy("The reply to “%(tender)s” is due on %(date)s and nobody is submitted yet"),
}


@dataclass(frozen=True)
class Rendered:
    title: str
    lines: list[str]


def _values(params: dict) -> dict:
    values = dict(params)
    if values.get("date"):
        values["date"] = date_format(datetime.date.fromisoformat(values["date"]), "DATE_FORMAT")
    if values.get("score") is not None:
        values["score"] = f"{values['score']:.2f}"
    return values


def _line(row: dict) -> str:
    """One of a notification's detail lines: a tender and the score on it, and where it is."""
    values = {"tender": row["tender"], "score": f"{row['score']:.2f}", "company": row.get("company", "")}
    if values["company"]:
        return _("“%(tender)s” at %(company)s — score %(score)s") % values
    return _("“%(tender)s” — score %(score)s") % values


def render(kind: str, params: dict) -> Rendered:
    """The notification's title and detail lines in the active language."""
    values = _values(params)
    if kind == Kind.SAVED_SEARCH:
        count = int(values.get("count", 0))
        title = ngettext(
            "Your saved search “%(name)s” has %(count)s new result",
            "Your saved search “%(name)s” has %(count)s new results",
            count,
        ) % {"name": values.get("name", ""), "count": count}
    else:
        try:
            title = str(TITLES[kind]) % values
        except (KeyError, ValueError, TypeError):
            title = str(Kind(kind).label) if kind in Kind.values else kind
    return Rendered(title=title, lines=[_line(row) for row in params.get("tenders", [])])
