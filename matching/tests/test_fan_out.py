"""The nightly recompute's fan-out: chunks balanced by pairs to score, and the same matches as one run."""

import pytest

from consultants.tests.factories import SkillFactory
from matching.models import Match
from matching.services import matches_recompute, matches_recompute_fan_out
from matching.services.recompute import fan_out_groups, fan_out_weights

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("weights", "chunks", "expected"),
    [
        ([1, 1, 1, 1, 1, 1, 1, 1], 4, [[0, 1], [2, 3], [4, 5], [6, 7]]),
        # A heavy company's tenders spread over several chunks; the light ones share the last.
        ([10, 10, 10, 10, 1, 1, 1, 1], 4, [[0], [1], [2], [3, 4, 5, 6, 7]]),
        ([5, 1, 1, 1], 2, [[0], [1, 2, 3]]),
        ([1, 1], 4, [[0], [1]]),
        ([3], 4, [[0]]),
        ([], 4, []),
    ],
)
def test_groups_are_contiguous_and_balanced_by_weight(weights, chunks, expected):
    ids = list(range(len(weights)))
    assert fan_out_groups(ids, weights, chunks) == expected


def test_the_weight_of_a_tender_is_its_pool_size(cast, hire, post_tender):
    python = SkillFactory(name="Python")
    big = [post_tender(cast.a.company, {python: "required"}) for _ in range(2)]
    small = post_tender(cast.b.company, {python: "required"})
    for _ in range(3):
        hire(cast.a.company, {python: "expert"})
    hire(cast.b.company, {python: "expert"})
    ids, weights = fan_out_weights()
    assert dict(zip(ids, weights, strict=True)) == {big[0].pk: 3, big[1].pk: 3, small.pk: 1}


def test_the_fan_out_stores_what_one_full_recompute_stores(cast, hire, post_tender, top_k, tasks_in_process):
    skills = [SkillFactory(name=f"Fan-out skill {i}") for i in range(3)]
    for i in range(7):
        post_tender(
            cast.a.company if i < 5 else cast.b.company, {skills[i % 3]: "required", skills[(i + 1) % 3]: "preferred"}
        )
    for i in range(9):
        hire(
            cast.a.company if i < 6 else cast.b.company, {skills[i % 3]: ("expert", i), skills[(i + 2) % 3]: "beginner"}
        )
    matches_recompute()
    full = set(Match.objects.values_list("tender_id", "consultant_id", "match_score"))
    Match.objects.all().delete()
    task_ids = matches_recompute_fan_out(chunks=3)
    assert len(task_ids) == 3
    assert set(Match.objects.values_list("tender_id", "consultant_id", "match_score")) == full
