"""The visibility matrix: only an in-force collaboration shares, and only the consultants the owner
shares (available within 30 days, not excluded, in the selection when there is one).

Each case is read three ways: the candidate pool of a tender after a recompute, the consultant page
(limited profile, or 404 exactly like a missing consultant) and the "shared by partners" list.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from collaborations.models import CollaborationSharing, CollaborationStatus, SharingMode
from collaborations.tests.conftest import CITY, TITLE, collaborate, days, hire
from consultants.models import AvailabilityStatus, Consultant
from matching.candidates import pool_rows
from matching.models import Match
from matching.services import matches_recompute
from talentmatch.tests.factories import CompanyFactory
from talentmatch.tests.isolation import comparable
from tenders.tests.factories import TenderSkillFactory

ROLES = ["manager", "recruiter", "sales"]

# name → (status, start, end in days from today or None, in force)
COLLABORATIONS = {
    "pending": (CollaborationStatus.PENDING, None, None, False),
    "active": (CollaborationStatus.ACTIVE, None, None, True),
    "active-within-its-dates": (CollaborationStatus.ACTIVE, -10, 10, True),
    "active-starting-today": (CollaborationStatus.ACTIVE, 0, None, True),
    "active-ending-today": (CollaborationStatus.ACTIVE, None, 0, True),
    "active-not-yet-started": (CollaborationStatus.ACTIVE, 1, None, False),
    "active-starting-in-a-month": (CollaborationStatus.ACTIVE, 30, 90, False),
    "active-but-expired": (CollaborationStatus.ACTIVE, -30, -1, False),
    "inactive": (CollaborationStatus.INACTIVE, None, None, False),
    "inactive-within-its-dates": (CollaborationStatus.INACTIVE, -10, 10, False),
}
CASES = [(name, initiator) for name in COLLABORATIONS for initiator in ("a", "b")]
CASES += [("none", None), ("a-with-a-third-company", None), ("b-with-a-third-company", None)]
CASE_IDS = [f"{name}-by-{initiator}" if initiator else name for name, initiator in CASES]


def _set_up(scene, name: str, initiator: str | None) -> bool:
    """Create the collaboration of case `name`; True when b's consultants are shared with a.

    With a third company, its consultant is kept on `scene.third` (shared with its partner only)."""
    cast = scene.cast
    scene.third = None
    if name == "none":
        return False
    if name.endswith("-with-a-third-company"):
        third = CompanyFactory(name="Gamma Partners")
        scene.third = (name[0], hire(third, scene.skill, title="Gamma Kotlin dev"))
        collaborate(cast.a.company if name.startswith("a-") else cast.b.company, third)
        return False
    status, start, end, in_force = COLLABORATIONS[name]
    a, b = cast.a.company, cast.b.company
    initiator_company, partner = (a, b) if initiator == "a" else (b, a)
    collaborate(
        initiator_company,
        partner,
        status=status,
        start=days(start) if start is not None else None,
        end=days(end) if end is not None else None,
    )
    return in_force


def _pool(tender) -> set[int]:
    return set(Match.objects.filter(tender=tender).values_list("consultant_id", flat=True))


def _missing_consultant_id() -> int:
    return Consultant.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000


# --- the collaborations matrix -------------------------------------------------------------------


@pytest.mark.parametrize(("name", "initiator"), CASES, ids=CASE_IDS)
def test_a_tenders_candidate_pool_holds_the_partners_consultant_only_while_in_force(scene, name, initiator):
    shared = _set_up(scene, name, initiator)
    matches_recompute(company_id=scene.cast.a.company.pk)
    via_third = {scene.third[0]: {scene.third[1].pk}} if scene.third else {}
    expected = {scene.own_a.pk, scene.shared.pk} if shared else {scene.own_a.pk}
    assert _pool(scene.tender_a) == expected | via_third.get("a", set())
    # Both ways: the same collaboration shares a's consultants with b's tenders.
    matches_recompute(company_id=scene.cast.b.company.pk)
    expected = {scene.shared.pk, scene.own_a.pk} if shared else {scene.shared.pk}
    assert _pool(scene.tender_b) == expected | via_third.get("b", set())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "initiator"), CASES, ids=CASE_IDS)
def test_the_partners_consultant_page_is_the_limited_profile_only_while_in_force(client, scene, name, initiator, role):
    shared = _set_up(scene, name, initiator)
    client.force_login(scene.cast.a.user(role))
    response = client.get(reverse("consultants:consultant-detail", args=[scene.shared.pk]))
    if shared:
        assert response.status_code == 200
        assert [template.name for template in response.templates][0] == "consultants/consultant_shared.html"
        content = response.content.decode()
        assert TITLE in content and CITY in content and "via Beta Services" in content
    else:
        missing = client.get(reverse("consultants:consultant-detail", args=[_missing_consultant_id()]))
        assert (response.status_code, missing.status_code) == (404, 404)
        assert comparable(response) == comparable(missing)


@pytest.mark.parametrize(("name", "initiator"), CASES, ids=CASE_IDS)
def test_the_partners_list_shows_the_partners_consultant_only_while_in_force(client, scene, name, initiator):
    shared = _set_up(scene, name, initiator)
    client.force_login(scene.cast.a.sales)
    partners = client.get(reverse("consultants:consultant-list"), {"origin": "partners"})
    everyone = client.get(reverse("consultants:consultant-list"), {"origin": "all"})
    ours = client.get(reverse("consultants:consultant-list"))
    # A third company in force with a shares its own consultant with a, never b's.
    third = [scene.third[1].pk] if scene.third and scene.third[0] == "a" else []
    expected = ([scene.shared.pk] if shared else []) + third
    assert [row.pk for row in partners.context["page"]] == expected
    assert sorted(row.pk for row in everyone.context["page"]) == sorted([scene.own_a.pk, *expected])
    assert [row.pk for row in ours.context["page"]] == [scene.own_a.pk]
    assert ("via Beta Services" in partners.content.decode()) is shared
    assert ("via Gamma Partners" in partners.content.decode()) is bool(third)


def test_a_consultant_user_never_sees_partners_consultants(client, scene, partnership):
    profile = hire(scene.cast.a.company, scene.skill, user=scene.cast.a.consultant_user)
    client.force_login(scene.cast.a.consultant_user)
    assert client.get(reverse("consultants:consultant-detail", args=[scene.shared.pk])).status_code == 404
    response = client.get(reverse("consultants:consultant-list"), {"origin": "partners"})
    assert [row.pk for row in response.context["page"]] == [profile.pk]


def test_the_pool_rows_of_the_engine_follow_the_collaboration(scene, partnership):
    from matching import store

    graph = store.load_graph()
    consultants = store.load_consultants(graph, None)
    today = days(0).toordinal()
    ids = lambda rows: set(consultants.ids[rows].tolist())  # noqa: E731
    assert ids(pool_rows(consultants, scene.cast.a.company.pk, today)) == {scene.own_a.pk, scene.shared.pk}
    partnership.status = CollaborationStatus.INACTIVE
    partnership.save()
    assert ids(pool_rows(consultants, scene.cast.a.company.pk, today)) == {scene.own_a.pk}


# --- what b shares: availability, exclusion, selection ---------------------------------------------

# name → (availability status, availability date in days from today or None, excluded, shared)
AVAILABILITY = {
    "available": (AvailabilityStatus.AVAILABLE, None, False, True),
    "partially-available": (AvailabilityStatus.PARTIALLY_AVAILABLE, None, False, True),
    "on-mission-free-in-10-days": (AvailabilityStatus.ON_MISSION, 10, False, True),
    "on-mission-free-in-30-days": (AvailabilityStatus.ON_MISSION, 30, False, True),
    "on-mission-free-in-31-days": (AvailabilityStatus.ON_MISSION, 31, False, False),
    "on-mission-free-in-45-days": (AvailabilityStatus.ON_MISSION, 45, False, False),
    "on-mission-without-date": (AvailabilityStatus.ON_MISSION, None, False, False),
    "unavailable-without-date": (AvailabilityStatus.UNAVAILABLE, None, False, False),
    "unavailable-free-in-5-days": (AvailabilityStatus.UNAVAILABLE, 5, False, True),
    "available-but-excluded": (AvailabilityStatus.AVAILABLE, None, True, False),
    "partially-available-but-excluded": (AvailabilityStatus.PARTIALLY_AVAILABLE, None, True, False),
    "free-in-10-days-but-excluded": (AvailabilityStatus.ON_MISSION, 10, True, False),
}


def _b_consultant(scene, name: str) -> tuple[Consultant, bool]:
    status, free_in, excluded, shared = AVAILABILITY[name]
    consultant = hire(
        scene.cast.b.company,
        scene.skill,
        title=f"Beta {name}",
        availability_status=status,
        availability_date=days(free_in) if free_in is not None else None,
        sharing_excluded=excluded,
    )
    return consultant, shared


@pytest.mark.parametrize("name", list(AVAILABILITY))
def test_b_shares_a_consultant_by_availability_unless_excluded(client, scene, partnership, name):
    consultant, shared = _b_consultant(scene, name)
    matches_recompute(company_id=scene.cast.a.company.pk)
    assert (consultant.pk in _pool(scene.tender_a)) is shared
    client.force_login(scene.cast.a.manager)
    page = client.get(reverse("consultants:consultant-detail", args=[consultant.pk]))
    assert page.status_code == (200 if shared else 404)
    listed = client.get(reverse("consultants:consultant-list"), {"origin": "partners"})
    assert (consultant.pk in [row.pk for row in listed.context["page"]]) is shared
    # Company b itself always sees its own consultant in full.
    client.force_login(scene.cast.b.manager)
    own = client.get(reverse("consultants:consultant-detail", args=[consultant.pk]))
    shown = {template.name for template in own.templates}
    assert "consultants/consultant_detail.html" in shown and "consultants/consultant_shared.html" not in shown


def _selection(partnership, company, consultants) -> CollaborationSharing:
    settings = CollaborationSharing.objects.create(
        collaboration=partnership, company=company, mode=SharingMode.SELECTION
    )
    settings.selection.set(consultants)
    return settings


def test_in_selection_mode_b_shares_only_the_selected_consultants_still_available(client, scene, partnership):
    chosen = hire(scene.cast.b.company, scene.skill, title="Beta chosen")
    chosen_but_busy = hire(
        scene.cast.b.company, scene.skill, title="Beta busy", availability_status=AvailabilityStatus.UNAVAILABLE
    )
    chosen_but_excluded = hire(scene.cast.b.company, scene.skill, title="Beta excluded", sharing_excluded=True)
    _selection(partnership, scene.cast.b.company, [chosen, chosen_but_busy, chosen_but_excluded])

    matches_recompute(company_id=scene.cast.a.company.pk)
    assert _pool(scene.tender_a) == {scene.own_a.pk, chosen.pk}
    client.force_login(scene.cast.a.recruiter)
    listed = client.get(reverse("consultants:consultant-list"), {"origin": "partners"})
    assert [row.pk for row in listed.context["page"]] == [chosen.pk]
    statuses = {
        consultant.pk: client.get(reverse("consultants:consultant-detail", args=[consultant.pk])).status_code
        for consultant in (chosen, chosen_but_busy, chosen_but_excluded, scene.shared)
    }
    assert statuses == {chosen.pk: 200, chosen_but_busy.pk: 404, chosen_but_excluded.pk: 404, scene.shared.pk: 404}


def test_an_empty_selection_shares_nobody(client, scene, partnership):
    _selection(partnership, scene.cast.b.company, [])
    matches_recompute(company_id=scene.cast.a.company.pk)
    assert _pool(scene.tender_a) == {scene.own_a.pk}
    client.force_login(scene.cast.a.manager)
    assert client.get(reverse("consultants:consultant-detail", args=[scene.shared.pk])).status_code == 404


def test_a_selection_is_per_side_one_companys_choice_does_not_narrow_the_others(client, scene, partnership):
    _selection(partnership, scene.cast.a.company, [])
    matches_recompute()
    assert _pool(scene.tender_a) == {scene.own_a.pk, scene.shared.pk}
    assert _pool(scene.tender_b) == {scene.shared.pk}


def test_a_selection_on_another_collaboration_does_not_leak_into_this_one(client, scene, partnership):
    third = CompanyFactory(name="Gamma Partners")
    other = collaborate(scene.cast.b.company, third)
    _selection(other, scene.cast.b.company, [])
    _selection(partnership, scene.cast.b.company, [scene.shared])
    gamma_tender = TenderSkillFactory(tender__company=third, skill=scene.skill, importance="required").tender
    matches_recompute()
    assert _pool(scene.tender_a) == {scene.own_a.pk, scene.shared.pk}
    assert scene.shared.pk not in _pool(gamma_tender)
