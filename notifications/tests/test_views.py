"""The notification pages as each person uses them: the bell, the list and its read marks (POST only),
the preferences, the one-click unsubscribe without login, and the saved searches of the list pages."""

import datetime

import pytest
from django.urls import reverse

from consultants.tests.factories import ConsultantFactory
from notifications.models import Notification, NotificationPreference, SavedSearch
from notifications.services import saved_searches, unsubscribe_token

pytestmark = pytest.mark.django_db


def _notice(user, key: str, **fields) -> Notification:
    params = {"tender": f"Tender {key}", "date": "2030-03-06"}
    return Notification.objects.create(
        recipient=user, company=user.company, kind="reply_deadline", key=key, params=params, link="/tenders/", **fields
    )


def test_the_bell_counts_the_unread_and_the_list_shows_them_newest_first(client, cast):
    _notice(cast.a.sales, "old", read_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))
    _notice(cast.a.sales, "one")
    _notice(cast.a.sales, "two")
    _notice(cast.b.sales, "beta")
    client.force_login(cast.a.sales)
    page = client.get(reverse("notifications:notification-list")).content.decode()
    assert '<span class="badge">2<span class="visually-hidden"> non lues</span></span>' in page
    assert page.index("Tender two") < page.index("Tender one") < page.index("Tender old")
    assert "Tender beta" not in page


def test_marking_one_and_all_as_read_is_a_post_of_ones_own(client, cast):
    mine = _notice(cast.a.sales, "one")
    _notice(cast.a.sales, "two")
    theirs = _notice(cast.b.sales, "beta")
    client.force_login(cast.a.sales)
    assert client.get(reverse("notifications:notification-read", args=[mine.pk])).status_code == 405
    assert client.post(reverse("notifications:notification-read", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("notifications:notification-read", args=[mine.pk]), {"open": "1"})
    assert response["Location"] == "/tenders/"
    assert list(Notification.objects.unread().values_list("key", flat=True).order_by("key")) == ["beta", "two"]
    client.post(reverse("notifications:notification-read-all"))
    assert list(Notification.objects.unread().values_list("key", flat=True)) == ["beta"]


def test_the_preferences_page_saves_the_mode_the_kinds_and_the_language(client, cast):
    client.force_login(cast.a.recruiter)
    kinds = [kind for kind in Notification.Kind.values if kind != "saved_search"]
    response = client.post(
        reverse("notifications:preferences"), {"email_mode": "immediate", "kinds": kinds, "language": "en"}
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=cast.a.recruiter)
    assert (preference.email_mode, preference.muted_kinds, preference.language) == ("immediate", ["saved_search"], "en")
    bad = client.post(reverse("notifications:preferences"), {"email_mode": "hourly", "language": "en"})
    assert bad.status_code == 400 and "Sélectionnez un choix valide" in bad.content.decode()
    assert NotificationPreference.objects.get(user=cast.a.recruiter).email_mode == "immediate"


def test_the_unsubscribe_link_needs_no_login_and_asks_for_one_click(client, cast):
    url = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(cast.a.sales)})
    page = client.get(url)
    assert page.status_code == 200 and "Se désabonner" in page.content.decode()
    assert not NotificationPreference.objects.exists()  # a link checker's GET changes nothing
    done = client.post(url)  # no CSRF token: what a mail client's one-click POST sends
    assert done.status_code == 200 and "Vous ne recevrez plus" in done.content.decode()
    assert NotificationPreference.objects.get(user=cast.a.sales).email_mode == "off"
    forged = client.post(reverse("notifications:unsubscribe", kwargs={"token": "eyJ1c2VyIjozfQ:forged"}))
    assert forged.status_code == 200 and "pas valide" in forged.content.decode()


def test_a_search_saved_from_the_list_is_in_its_menu_and_deleted_by_its_owner_only(client, cast):
    client.force_login(cast.a.recruiter)
    response = client.post(
        reverse("notifications:saved-search-save"),
        {"list_name": "consultants", "name": "  Lyon  devs ", "query": "?city=Lyon&page=3", "alert": "on"},
    )
    assert response["Location"] == "/consultants/?city=Lyon"
    search = SavedSearch.objects.get()
    assert (search.owner, search.name, search.query, search.alert) == (cast.a.recruiter, "Lyon devs", "city=Lyon", True)
    page = client.get("/consultants/?city=Lyon").content.decode()
    assert 'href="/consultants/?city=Lyon">Lyon devs</a>' in page
    assert 'name="query" value="city=Lyon"' in page

    client.force_login(cast.b.recruiter)
    assert client.post(reverse("notifications:saved-search-delete", args=[search.pk])).status_code == 404
    client.force_login(cast.a.recruiter)
    client.post(reverse("notifications:saved-search-delete", args=[search.pk]))
    assert not SavedSearch.objects.exists()


def test_a_consultant_cannot_save_a_tender_search_and_a_nameless_search_is_refused(client, cast):
    client.force_login(cast.a.consultant_user)
    response = client.post(reverse("notifications:saved-search-save"), {"list_name": "tenders", "name": "Mine"})
    assert response.status_code == 403
    client.force_login(cast.a.sales)
    response = client.post(
        reverse("notifications:saved-search-save"), {"list_name": "tenders", "name": " "}, follow=True
    )
    assert "Donnez à la recherche un nom" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_a_saved_search_alert_tells_of_new_rows_once_and_never_of_another_companys(cast):
    ConsultantFactory(company=cast.a.company, location="Lyon")
    search = saved_searches.saved_search_save(
        owner=cast.a.recruiter, list_name="consultants", name="Lyon", query="city=Lyon", alert=True
    )
    assert saved_searches.saved_searches_alert() == 0  # what was there when saved is not news
    new = [ConsultantFactory(company=cast.a.company, location="Lyon") for _ in range(2)]
    ConsultantFactory(company=cast.a.company, location="Paris")
    ConsultantFactory(company=cast.b.company, location="Lyon")

    assert saved_searches.saved_searches_alert() == 1
    assert saved_searches.saved_searches_alert() == 0
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind, notice.key) == (
        cast.a.recruiter,
        "saved_search",
        f"saved-search:{search.pk}:{new[1].pk}",
    )
    assert notice.params == {"name": "Lyon", "count": 2}
    assert notice.link == "/consultants/?city=Lyon"
