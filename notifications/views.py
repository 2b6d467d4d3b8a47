"""The notification pages: the list and its read marks, the preferences, the one-click unsubscribe
(no login needed), and saving or deleting a list's search. Everything a person reaches here is
their own: anyone else's notification or saved search answers 404, like a missing one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from notifications import selectors, services
from notifications.forms import PreferenceForm, SavedSearchForm
from notifications.models import Notification, NotificationKind, SavedSearch
from notifications.services import saved_searches
from talentmatch.forms import add_service_errors

PAGE_SIZE = 25


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.attach_texts(list(page.object_list))
    return render(request, "notifications/notification_list.html", {"page": page})


def _safe_link(request: HttpRequest, link: str) -> str | None:
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}, require_https=False):
        return link
    return None


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read; with `open`, go on to the page it is about."""
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    services.notification_mark_read(notification=notification, by=request.user)
    link = _safe_link(request, notification.link) if request.POST.get("open") else None
    return redirect(link or "notifications:notification-list")


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(by=request.user)
    if count:
        messages.success(request, _("Every notification is marked read."))
    return redirect("notifications:notification-list")


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    preference = services.preference_of(request.user)
    initial = {
        "email_mode": preference.email_mode,
        "kinds": [kind for kind in NotificationKind.values if kind not in preference.muted_kinds],
        "language": preference.language if preference.pk else (get_language() or "fr")[:2],
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_set(
                user=request.user,
                email_mode=form.cleaned_data["email_mode"],
                muted_kinds=form.muted_kinds(),
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form}, status=400 if form.errors else 200)


@login_not_required
@csrf_exempt  # a mail client's one-click POST (RFC 8058) carries no token; the signed link is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the one button (link checkers open links without a click); POST unsubscribes."""
    user = services.user_from_unsubscribe_token(token)
    if user is None:
        return render(request, "notifications/unsubscribe.html", {"valid": False})
    if request.method == "POST":
        services.email_unsubscribe(user=user)
        return render(request, "notifications/unsubscribe.html", {"valid": True, "done": True})
    return render(request, "notifications/unsubscribe.html", {"valid": True, "done": False, "token": token})


def _back_to_list(list_name: str, query: str = "") -> HttpResponse:
    route = saved_searches.LIST_ROUTE.get(list_name, "home")
    response = redirect(route)
    if query:
        response["Location"] += "?" + query
    return response


@require_POST
def saved_search_save(request: HttpRequest) -> HttpResponse:
    form = SavedSearchForm(request.POST)
    list_name = request.POST.get("list_name", "")
    query = saved_searches.clean_query(request.POST.get("query", ""))
    if not form.is_valid():
        messages.error(request, _("Give the search a name of at most 100 characters."))
        return _back_to_list(list_name, query)
    try:
        search = saved_searches.saved_search_save(
            owner=request.user,
            list_name=form.cleaned_data["list_name"],
            name=form.cleaned_data["name"],
            query=form.cleaned_data["query"],
            alert=form.cleaned_data["alert"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back_to_list(list_name, query)
    messages.success(request, _("Search “%(name)s” saved.") % {"name": search.name})
    return _back_to_list(search.list_name, search.query)


@require_POST
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(SavedSearch.objects.visible_to(request.user), pk=pk)
    list_name = search.list_name
    saved_searches.saved_search_delete(saved_search=search, by=request.user)
    messages.success(request, _("Search “%(name)s” deleted.") % {"name": search.name})
    return _back_to_list(list_name)
