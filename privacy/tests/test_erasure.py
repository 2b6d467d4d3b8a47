"""Erasure: no personal field, file or search document of the person remains anywhere; the
pipeline's counts and history stay, anonymised; the colleague and the other company are untouched."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.db import connection, models
from django.db.models import Count
from django.urls import reverse

from consultants.models import Consultant
from matching.models import Match, MatchEvent
from privacy.services import consultant_erase
from talentmatch.storage import private_path, private_root
from talentmatch.tests.sweep_rows import project_models, snapshot

# Third-party tables that hold a person's e-mail (login attempts) are swept too.
THIRD_PARTY = [AccessAttempt, AccessFailureLog, AccessLog]


def every_text(model: type[models.Model]) -> list[str]:
    """Every text and JSON value of a table, as text."""
    fields = [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField | models.EmailField)
    ]
    if not fields:
        return []
    return [str(value) for row in model._default_manager.values_list(*fields) for value in row if value is not None]


def markers_found(markers: list[str]) -> dict[str, list[str]]:
    found = {}
    tables = [*project_models(), *THIRD_PARTY]
    tables += [apps.get_model("sessions", "Session")]
    for model in tables:
        texts = every_text(model)
        hits = sorted({marker for marker in markers for text in texts if marker.lower() in text.lower()})
        if hits:
            found[model._meta.db_table] = hits
    return found


def private_files() -> set[str]:
    root = private_root()
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def pipeline_counts() -> dict:
    history = Match.objects.exclude(status="suggested")
    return {
        "by_status": dict(history.values_list("status").annotate(n=Count("pk")).order_by("status")),
        "per_tender": sorted(history.values_list("tender_id", "status").annotate(n=Count("pk"))),
        "events": MatchEvent.objects.filter(match__in=history).count(),
        "scores": sorted(history.values_list("pk", "submitted_score")),
    }


def test_after_erasure_no_personal_field_file_or_search_document_of_the_person_remains(
    client, cast, world, django_capture_on_commit_callbacks
):
    person = world.person
    consultant = person.consultant
    assert markers_found(person.markers)  # the sweep finds them before
    files_before = private_files()
    counts_before = pipeline_counts()
    suggestions = Match.objects.filter(consultant=consultant, status="suggested").count()
    assert suggestions == 1
    client.force_login(cast.a.manager)
    url = reverse("privacy:consultant-erase", kwargs={"pk": consultant.pk})
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert markers_found(person.markers) == {}
    assert private_files() == files_before - set(person.files)
    assert all(not private_path(path).exists() for path in person.files)
    erased = Consultant.objects.get(pk=consultant.pk)
    assert erased.user_id is None and erased.erased_at is not None and erased.search_vector is None
    assert not apps.get_model("talentmatch", "User").objects.filter(email__iexact=person.markers[2]).exists()
    # The statistics stay: the same submitted and rejected matches, their moves, their scores.
    assert pipeline_counts() == counts_before
    assert Match.objects.filter(consultant=consultant).exclude(status="suggested").count() == 2
    assert Match.objects.filter(consultant=consultant, status="suggested").count() == 0
    # The colleague and the other company keep everything.
    for other in (world.colleague, world.other):
        assert set(markers_found(other.markers)) >= {"users", "consultants", "resumes", "portfolios"}
        assert all(private_path(path).exists() for path in other.files)
    # The pages that show the consultant still answer, anonymised.
    for name in ("consultants:consultant-detail", "privacy:consultant-privacy"):
        page = client.get(reverse(name, kwargs={"pk": consultant.pk}))
        assert page.status_code == 200
        assert person.markers[1] not in page.content.decode()
    board = client.get(reverse("matching:match-board"))
    assert board.status_code == 200 and person.markers[1] not in board.content.decode()


@pytest.mark.postgres_only
def test_an_erased_consultant_is_no_longer_found_by_the_search(client, cast, world):
    consultant = world.person.consultant
    client.force_login(cast.a.manager)
    search = reverse("consultants:consultant-list") + "?q=Zephyrine-Last"
    assert consultant.pk in [c.pk for c in client.get(search).context["page"].object_list]
    consultant_erase(consultant=consultant, by=cast.a.manager)
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector FROM consultants WHERE id = %s", [consultant.pk])
        assert cursor.fetchone() == (None,)
    assert list(client.get(search).context["page"].object_list) == []


def test_the_erase_page_changes_nothing_without_the_confirmation(client, cast, world):
    client.force_login(cast.a.manager)
    before = snapshot()
    url = reverse("privacy:consultant-erase", kwargs={"pk": world.person.consultant.pk})
    response = client.post(url, {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Tick the box to confirm the erasure." in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(("role", "status"), [("recruiter", 403), ("sales", 403), ("consultant", 403)])
def test_only_a_manager_erases(client, cast, world, role, status):
    client.force_login(cast.a.user(role))
    before = snapshot()
    url = reverse("privacy:consultant-erase", kwargs={"pk": world.person.consultant.pk})
    assert client.post(url, {"confirm": "on"}).status_code == status
    assert snapshot() == before


def test_another_companys_manager_cannot_erase(client, cast, world):
    client.force_login(cast.b.manager)
    before = snapshot()
    url = reverse("privacy:consultant-erase", kwargs={"pk": world.person.consultant.pk})
    assert client.post(url, {"confirm": "on"}).status_code == 404
    assert snapshot() == before


def test_a_second_erasure_is_refused_with_a_clear_message(client, cast, world):
    consultant_erase(consultant=world.person.consultant, by=cast.a.manager)
    client.force_login(cast.a.manager)
    url = reverse("privacy:consultant-erase", kwargs={"pk": world.person.consultant.pk})
    response = client.post(url, {"confirm": "on"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "already been erased" in response.content.decode()
