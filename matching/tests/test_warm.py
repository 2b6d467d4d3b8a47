"""Warm pools (matching.store.warm): kept between rescorings, caught up with every write however it
is made, and never the cause of a score a fresh read would not give."""

import numpy as np
import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultants.models import Consultant, ConsultantSkill
from consultants.tests.factories import SkillFactory
from matching.engine import ConsultantArrays
from matching.models import Match, PoolChange
from matching.services import matches_recompute, matches_update_for_consultant
from matching.store import warm

pytestmark = pytest.mark.django_db


@pytest.fixture
def python():
    return SkillFactory(name="Python")


@pytest.fixture
def scene(cast, hire, post_tender, top_k, tasks_in_process, python):
    tender = post_tender(cast.a.company, {python: "required"})
    people = [hire(cast.a.company, {python: level}) for level in ("expert", "advanced", "intermediate")]
    matches_recompute(tender_ids=[tender.pk])
    return tender, people


def _outcome(action) -> warm.Outcome:
    before = warm.outcome.copy()
    action()
    return warm.outcome - before


def _scores(tender) -> dict[int, float]:
    return dict(Match.objects.filter(tender=tender).values_list("consultant_id", "match_score"))


def _fresh_scores(tender) -> dict[int, float]:
    """What a read from scratch stores for this tender (the entries are forgotten first)."""
    warm.clear()
    matches_recompute(tender_ids=[tender.pk])
    return _scores(tender)


def test_a_second_rescore_with_nothing_written_reads_nothing_again(scene):
    tender, _people = scene
    outcome = _outcome(lambda: matches_recompute(tender_ids=[tender.pk]))
    assert (outcome.hits, outcome.splices, outcome.misses) == (1, 0, 0)


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(
            lambda person: ConsultantSkill.objects.filter(consultant=person).update(proficiency_level="beginner"),
            id="queryset update",
        ),
        pytest.param(lambda person: person.consultant_skills.all().delete(), id="delete"),
        pytest.param(
            lambda person: _raw_sql(
                "UPDATE consultant_skills SET proficiency_level = 'beginner' WHERE consultant_id = %s", [person.pk]
            ),
            id="raw sql",
        ),
    ],
)
def test_a_write_of_any_kind_is_spliced_into_the_next_rescore(scene, write):
    tender, people = scene
    write(people[0])
    outcome = _outcome(lambda: matches_recompute(tender_ids=[tender.pk]))
    assert (outcome.hits, outcome.splices, outcome.misses) == (0, 1, 0)
    warmed = _scores(tender)
    assert warmed == _fresh_scores(tender)
    assert people[0].pk not in warmed or warmed[people[0].pk] < warmed[people[1].pk]


def _raw_sql(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_new_consultant_joins_the_warm_pool(scene, cast, hire, python):
    tender, _people = scene
    newcomer = hire(cast.a.company, {python: ("expert", 12)})
    outcome = _outcome(lambda: matches_recompute(tender_ids=[tender.pk]))
    assert outcome.splices == 1
    assert newcomer.pk in _scores(tender)
    assert _scores(tender) == _fresh_scores(tender)


def test_a_changed_catalogue_graph_reads_the_pool_again(scene, python):
    tender, _people = scene
    python.related_skills.add(SkillFactory(name="Django"))
    outcome = _outcome(lambda: matches_recompute(tender_ids=[tender.pk]))
    assert (outcome.hits, outcome.splices, outcome.misses) == (0, 0, 1)


def test_a_consultant_edit_reads_the_warm_tenders_and_follows_a_tender_write(scene, post_tender, cast, python):
    tender, people = scene
    assert _outcome(lambda: matches_update_for_consultant(consultant_id=people[2].pk)).misses == 1
    assert _outcome(lambda: matches_update_for_consultant(consultant_id=people[2].pk)).hits == 1
    second = post_tender(cast.a.company, {python: "preferred"})
    matches_recompute(tender_ids=[second.pk])
    outcome = _outcome(lambda: matches_update_for_consultant(consultant_id=people[2].pk))
    assert (outcome.hits, outcome.splices, outcome.misses) == (0, 1, 0)
    assert Match.objects.filter(tender=second, consultant=people[2]).exists()


def test_every_watched_write_is_logged_in_its_own_transaction(scene, python):
    _tender, people = scene
    before = PoolChange.objects.count()
    ConsultantSkill.objects.filter(consultant__in=people).update(years_experience=7)
    logged = set(PoolChange.objects.order_by("pk")[before:].values_list("side", "row_id"))
    # PostgreSQL logs each consultant once per statement; SQLite once per row written, before and after.
    assert logged == {(PoolChange.CONSULTANT, person.pk) for person in people}


def test_the_warm_pools_can_be_switched_off(scene, settings):
    tender, _people = scene
    settings.MATCHING_WARM = {"enabled": False}
    outcome = _outcome(lambda: matches_recompute(tender_ids=[tender.pk]))
    assert (outcome.hits, outcome.splices, outcome.misses) == (0, 0, 1)


# --- splice, against building the arrays directly --------------------------------------------------


def _arrays(rows: dict[int, list[tuple[int, int]]]) -> ConsultantArrays:
    ids = np.array(sorted(rows), dtype=np.int64)
    lengths = [len(rows[pk]) for pk in ids]
    entries = [entry for pk in ids for entry in sorted(rows[pk])]
    return ConsultantArrays(
        ids=ids,
        company_ids=np.ones(len(ids), dtype=np.int64),
        skill_indptr=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        skill_columns=np.array([column for column, _rank in entries], dtype=np.int32),
        skill_ranks=np.array([rank for _column, rank in entries], dtype=np.int8),
        skill_years=np.array([float(rank) for _column, rank in entries], dtype=np.float64),
        status=(ids % 4).astype(np.int8),
        free_day=ids.astype(np.int32),
        daily_rate=ids.astype(np.float64) * 10,
        latitude=ids.astype(np.float64),
        longitude=-ids.astype(np.float64),
        remote=ids % 2 == 0,
        max_travel_km=ids.astype(np.float64),
        experience_years=ids.astype(np.float64) / 2,
    )


skill_lists = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 4)), max_size=5, unique_by=lambda e: e[0])
people = st.dictionaries(st.integers(1, 60), skill_lists, max_size=25)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=people, after=people, touched=st.sets(st.integers(1, 60), max_size=20))
def test_splicing_the_touched_rows_gives_the_arrays_of_the_new_rows(before, after, touched):
    """`after` is `before` with the touched rows rewritten (or removed, or added) and nothing else."""
    new = {pk: skills for pk, skills in before.items() if pk not in touched}
    new.update({pk: skills for pk, skills in after.items() if pk in touched})
    fresh = {pk: skills for pk, skills in new.items() if pk in touched}
    spliced = warm.splice(_arrays(before), sorted(touched), _arrays(fresh))
    expected = _arrays(new)
    for name, value in vars(expected).items():
        assert np.array_equal(getattr(spliced, name), value), name
        assert getattr(spliced, name).dtype == value.dtype, name


class _Rollback(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_pool_read_inside_a_transaction_rolled_back_since_is_read_again(scene):
    tender, people = scene
    before = _scores(tender)
    with pytest.raises(_Rollback), transaction.atomic():
        ConsultantSkill.objects.filter(consultant=people[0]).update(proficiency_level="beginner")
        assert _outcome(lambda: matches_recompute(tender_ids=[tender.pk])).splices == 1
        raise _Rollback
    outcome = _outcome(lambda: matches_recompute(tender_ids=[tender.pk]))
    assert (outcome.hits, outcome.splices, outcome.misses) == (0, 0, 1)
    assert _scores(tender) == before


@pytest.mark.postgres_only
def test_an_update_of_unscored_columns_only_is_not_logged(scene):
    """The search triggers rewrite every holder's document when a skill is renamed: no pool reloads."""
    _tender, people = scene
    before = PoolChange.objects.count()
    Consultant.objects.filter(pk=people[0].pk).update(sort_name="zzz", search_vector=None)
    assert PoolChange.objects.count() == before
    Consultant.objects.filter(pk=people[0].pk).update(daily_rate=321)
    assert list(PoolChange.objects.order_by("pk")[before:].values_list("side", "row_id")) == [
        (PoolChange.CONSULTANT, people[0].pk)
    ]


def test_a_pool_read_in_a_savepoint_rolled_back_since_is_read_again(scene):
    tender, people = scene
    with pytest.raises(_Rollback), transaction.atomic():
        ConsultantSkill.objects.filter(consultant=people[0]).update(proficiency_level="beginner")
        assert _outcome(lambda: matches_recompute(tender_ids=[tender.pk])).splices == 1
        raise _Rollback
    outcome = _outcome(lambda: matches_recompute(tender_ids=[tender.pk]))
    assert outcome.hits == 0
    assert _scores(tender) == _fresh_scores(tender)
