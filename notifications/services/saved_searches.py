"""Saved searches: a list page's filters and query kept under a name, and their daily alert.

The results are always those of the list page itself (its form and selector), seen as the owner
sees them today, so a saved search never reaches more than its owner may."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from consultants.forms import ConsultantFilterForm
from consultants.selectors import consultants_for_list
from notifications.models import NotificationKind, SavedSearch, SavedSearchList
from notifications.services import Message, notify
from talentmatch import access
from talentmatch.models import User
from tenders.forms import TenderFilterForm
from tenders.selectors import client_names, tenders_for_list

LIST_CAPABILITY = {
    SavedSearchList.CONSULTANTS: access.Capability.CONSULTANT_VIEW,
    SavedSearchList.TENDERS: access.Capability.TENDER_VIEW,
}
LIST_ROUTE = {
    SavedSearchList.CONSULTANTS: "consultants:consultant-list",
    SavedSearchList.TENDERS: "tenders:tender-list",
}
MAX_PER_LIST = 50


def clean_query(query: str) -> str:
    """The query string as the list reads it, without the page number (a saved search starts at page 1)."""
    params = QueryDict(query.lstrip("?"), mutable=True)
    params.pop("page", None)
    return params.urlencode()


def saved_search_url(saved_search: SavedSearch) -> str:
    path = reverse(LIST_ROUTE[saved_search.list_name])
    return f"{path}?{saved_search.query}" if saved_search.query else path


def saved_search_results(saved_search: SavedSearch, user: User | None = None) -> QuerySet | None:
    """The rows the list shows for this search to its owner; None when its filters no longer hold
    (a skill gone from the catalogue): an invalid search is never read as "no filter"."""
    owner = user or saved_search.owner
    data = QueryDict(saved_search.query)
    if saved_search.list_name == SavedSearchList.CONSULTANTS:
        form = ConsultantFilterForm(data, user=owner)
        return consultants_for_list(owner, form.filters()) if form.is_valid() else None
    form = TenderFilterForm(data, user=owner, clients=client_names(owner))
    return tenders_for_list(owner, form.filters()) if form.is_valid() else None


def _newest_id(results: QuerySet | None) -> int:
    if results is None:
        return 0
    return results.order_by().aggregate(newest=Max("pk"))["newest"] or 0


@transaction.atomic
def saved_search_save(*, owner: User, list_name: str, name: str, query: str, alert: bool) -> SavedSearch:
    """Save the list's current search under `name` (the same name again replaces it). An alert tells
    of the rows that appear from now on, not of those already there."""
    if list_name not in SavedSearchList.values:
        raise ValidationError({"list_name": _("Unknown list.")})
    if not access.can(owner, LIST_CAPABILITY[list_name]):
        raise PermissionDenied
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the search a name.")})
    if len(name) > 100:
        raise ValidationError({"name": _("A name has at most 100 characters.")})
    query = clean_query(query)
    if len(query) > 1000:
        raise ValidationError({"query": _("These filters are too long to be saved.")})
    existing = SavedSearch.objects.select_for_update().filter(owner=owner, list_name=list_name, name=name).first()
    if existing is None and SavedSearch.objects.filter(owner=owner, list_name=list_name).count() >= MAX_PER_LIST:
        raise ValidationError({"name": _("You have 50 saved searches on this list: delete one first.")})
    search = existing or SavedSearch(owner=owner, list_name=list_name, name=name)
    search.query = query
    search.alert = alert
    results = saved_search_results(search)
    if results is None:
        raise ValidationError({"query": _("These filters are not valid: correct them before saving.")})
    search.seen_up_to = _newest_id(results)
    search.save()
    return search


def saved_search_delete(*, saved_search: SavedSearch, by: User) -> None:
    if saved_search.owner_id != by.pk:
        raise PermissionDenied
    saved_search.delete()


def saved_searches_alert() -> int:
    """Tell the owner of each saved search with an alert how many rows appeared since the last check.
    Once per search and newest row: a second run the same day finds nothing new."""
    told = 0
    searches = SavedSearch.objects.filter(alert=True, owner__is_active=True).select_related("owner").order_by("pk")
    for search in searches:
        results = saved_search_results(search)
        if results is None:
            continue
        new_ids = list(results.filter(pk__gt=search.seen_up_to).order_by().values_list("pk", flat=True))
        if not new_ids:
            continue
        newest = max(new_ids)
        message = Message(
            kind=NotificationKind.SAVED_SEARCH,
            key=f"saved-search:{search.pk}:{newest}",
            params={"name": search.name, "count": len(new_ids)},
            link=saved_search_url(search),
            target=search,
        )
        told += len(notify(recipients=[search.owner], company_id=search.owner.company_id, message=message))
        SavedSearch.objects.filter(pk=search.pk, seen_up_to__lt=newest).update(seen_up_to=newest)
    return told
