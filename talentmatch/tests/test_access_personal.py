"""Rows that belong to one person, whatever their company or role: notifications and saved searches."""

from django.contrib.auth.models import AnonymousUser

from notifications.models import Notification, SavedSearch


def test_notifications_and_saved_searches_are_visible_to_their_own_person_only(cast):
    people = [cast.a.manager, cast.a.sales, cast.b.manager, cast.admin]
    for person in people:
        Notification.objects.create(recipient=person, company=person.company, kind=Notification.Kind.values[0], key="k")
        SavedSearch.objects.create(owner=person, list_name=SavedSearch.List.values[0], name=f"Mine {person.pk}")
    for person in people:
        assert [row.recipient for row in Notification.objects.visible_to(person)] == [person]
        assert [row.owner for row in SavedSearch.objects.visible_to(person)] == [person]
    assert not Notification.objects.visible_to(AnonymousUser()).exists()
    assert not SavedSearch.objects.visible_to(AnonymousUser()).exists()
