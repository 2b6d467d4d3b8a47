"""The consultant page's cache (consultants.cache): served from Redis or local memory after the first
read, never stale after a write, and never found by another company's viewers."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultants import services
from consultants.cache import consultant_for_detail, detail_key
from consultants.models import Consultant, ConsultantSkill, ProficiencyLevel
from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, SkillFactory
from talentmatch.services import user_update


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def lea(cast):
    consultant = ConsultantFactory(
        company=cast.a.company, title="Cache-Title-One", user__first_name="Léa", user__last_name="Cachée"
    )
    ConsultantSkillFactory(
        consultant=consultant, skill=SkillFactory(name="Rust"), proficiency_level=ProficiencyLevel.INTERMEDIATE
    )
    return consultant


def _consultant_reads(client, url) -> tuple[str, int]:
    """The page and how many of its queries read the consultants table."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "consultants"."id"')]
    return response.content.decode(), len(reads)


def test_the_second_read_of_a_page_comes_from_the_cache(client, cast, lea):
    client.force_login(cast.a.recruiter)
    url = reverse("consultants:consultant-detail", args=[lea.pk])
    first, first_reads = _consultant_reads(client, url)
    second, second_reads = _consultant_reads(client, url)
    assert (first_reads, second_reads) == (1, 0)
    assert "Cache-Title-One" in second and '<span class="skill-name">Rust</span>' in second


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(
            lambda c, by: services.consultant_update(consultant=c, by=by, **{**_fields(c), "title": "Cache-Title-Two"}),
            id="profile",
        ),
        pytest.param(
            lambda c, by: services.consultant_skill_set(
                consultant=c, skill=c.consultant_skills.get().skill, proficiency_level=ProficiencyLevel.EXPERT, by=by
            ),
            id="skill level",
        ),
        pytest.param(lambda c, by: user_update(user=c.user, last_name="Cachée-Renommée"), id="account update"),
        pytest.param(
            lambda c, by: services.consultant_skill_remove(consultant=c, skill=c.consultant_skills.get().skill, by=by),
            id="skill remove",
        ),
    ],
)
def test_no_stale_read_after_a_write(client, cast, lea, write):
    client.force_login(cast.a.recruiter)
    url = reverse("consultants:consultant-detail", args=[lea.pk])
    before, _ = _consultant_reads(client, url)
    key_before = detail_key(cast.a.recruiter, lea.pk)
    write(Consultant.objects.get(pk=lea.pk), cast.a.recruiter)
    assert detail_key(cast.a.recruiter, lea.pk) != key_before
    after, reads = _consultant_reads(client, url)
    assert reads == 1
    fresh = Consultant.objects.get(pk=lea.pk)
    assert fresh.title in after
    held = list(ConsultantSkill.objects.filter(consultant=fresh))
    assert ('value="expert" selected' in after) == any(s.proficiency_level == ProficiencyLevel.EXPERT for s in held)
    assert ('<span class="skill-name">Rust</span>' in after) == bool(held)


def _fields(consultant) -> dict:
    return {
        "first_name": consultant.user.first_name,
        "last_name": consultant.user.last_name,
        "email": consultant.user.email,
        "phone": consultant.user.phone,
        **{name: getattr(consultant, name) for name in services.CONSULTANT_FIELDS},
    }


def test_a_renamed_account_shows_on_the_next_read(client, cast, lea):
    client.force_login(cast.a.recruiter)
    url = reverse("consultants:consultant-detail", args=[lea.pk])
    _consultant_reads(client, url)
    user_update(user=lea.user, last_name="Renommée")
    page, reads = _consultant_reads(client, url)
    assert reads == 1 and "Léa Renommée" in page


def test_a_catalogue_rename_outdates_every_cached_page(client, cast, lea):
    client.force_login(cast.a.recruiter)
    url = reverse("consultants:consultant-detail", args=[lea.pk])
    _consultant_reads(client, url)
    skill = lea.consultant_skills.get().skill
    services.skill_update(skill=skill, name="Rust (langage)", category=skill.category)
    page, reads = _consultant_reads(client, url)
    assert reads == 1 and '<span class="skill-name">Rust (langage)</span>' in page


def test_an_orm_write_outdates_nothing_by_itself(client, cast, lea):
    """No ORM hook stands behind the services: a write that bypasses them leaves the cached page as it
    was (which is why admin, imports and commands all call the services)."""
    client.force_login(cast.a.recruiter)
    url = reverse("consultants:consultant-detail", args=[lea.pk])
    _consultant_reads(client, url)
    Consultant.objects.filter(pk=lea.pk).update(title="Bypassed-Title")
    lea.user.__class__.objects.filter(pk=lea.user_id).update(last_name="Bypassed")
    page, reads = _consultant_reads(client, url)
    assert reads == 0 and "Cache-Title-One" in page and "Bypassed" not in page


def test_no_hit_across_companies(client, cast, lea):
    """Company a's entry is cached; company b's viewer has another key and still gets a 404."""
    assert consultant_for_detail(cast.a.recruiter, lea.pk) == lea
    assert cache.get(detail_key(cast.a.recruiter, lea.pk)) is not None
    assert detail_key(cast.b.recruiter, lea.pk) != detail_key(cast.a.recruiter, lea.pk)
    assert cache.get(detail_key(cast.b.recruiter, lea.pk)) is None
    assert consultant_for_detail(cast.b.recruiter, lea.pk) is None
    client.force_login(cast.b.recruiter)
    assert client.get(reverse("consultants:consultant-detail", args=[lea.pk])).status_code == 404
    assert cache.get(detail_key(cast.b.recruiter, lea.pk)) is None


def test_a_consultant_viewer_has_their_own_scope(cast, lea):
    """A consultant user reaches only their own profile, under a key of their own."""
    assert consultant_for_detail(cast.a.recruiter, lea.pk) == lea
    assert consultant_for_detail(cast.a.consultant_user, lea.pk) is None
    assert detail_key(cast.a.consultant_user, lea.pk) != detail_key(cast.a.recruiter, lea.pk)


def test_the_cached_consultant_holds_no_password_hash(client, cast, lea):
    """A credential has no business in a shared cache: the cached instance's account was read without
    its password hash (deferred), and the page reads it from the cache all the same."""
    lea.user.set_password("a-long-secret-passphrase")
    lea.user.save(update_fields=["password"])
    client.force_login(cast.a.recruiter)
    assert client.get(reverse("consultants:consultant-detail", args=[lea.pk])).status_code == 200
    cached = cache.get(detail_key(cast.a.recruiter, lea.pk))
    assert cached is not None and cached.pk == lea.pk
    assert "password" in cached.user.get_deferred_fields()
    assert "password" not in cached.user.__dict__
