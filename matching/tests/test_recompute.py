"""Full and per-tender recomputes against the database: top K, ties, idempotence, tenancy, the pipeline."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from consultants.tests.factories import SkillFactory
from matching.models import Match
from matching.services import match_move, matches_recompute, matches_update_for_consultant
from tenders.models import TenderSkill, TenderStatus

pytestmark = pytest.mark.django_db


def _rows(tender) -> list[tuple[int, str]]:
    """(consultant id, status) of the tender's matches, best first (ties by consultant id)."""
    return list(
        Match.objects.filter(tender=tender)
        .order_by("-match_score", "consultant_id")
        .values_list("consultant", "status")
    )


def _state() -> list[tuple]:
    return list(
        Match.objects.order_by("pk").values_list(
            "pk", "tender", "consultant", "match_score", "status", "notes", "submitted_score", "breakdown", "updated_at"
        )
    )


@pytest.fixture
def python():
    return SkillFactory(name="Python")


@pytest.fixture
def django_skill():
    return SkillFactory(name="Django", category="framework")


@pytest.fixture
def lineup(cast, hire, post_tender, python, django_skill):
    """One tender of company a and six of its consultants, two of them identical; best first."""
    tender = post_tender(cast.a.company, {python: "required", django_skill: "preferred"})
    people = [
        hire(cast.a.company, {python: "expert", django_skill: "expert"}),
        hire(cast.a.company, {python: "expert", django_skill: "advanced"}),
        hire(cast.a.company, {python: "advanced"}),
        hire(cast.a.company, {python: "advanced"}),  # identical to the previous one: ranked after it by id
        hire(cast.a.company, {python: "beginner"}),
        hire(cast.a.company, {SkillFactory(name="Java"): "expert"}),  # no credit at all: never a candidate
    ]
    return tender, people


def test_recompute_stores_the_top_k_of_each_tender_with_ties_broken_by_consultant_id(lineup, top_k):
    tender, people = lineup

    report = matches_recompute()

    assert (report.tenders, report.consultants, report.pairs_scored) == (1, 6, 6)
    assert (report.inserted, report.updated, report.deleted) == (3, 0, 0)
    assert _rows(tender) == [(people[0].pk, "suggested"), (people[1].pk, "suggested"), (people[2].pk, "suggested")]
    scores = {match.consultant_id: match for match in Match.objects.filter(tender=tender)}
    assert scores[people[0].pk].match_score > scores[people[1].pk].match_score > scores[people[2].pk].match_score
    for match in scores.values():
        assert abs(match.match_score - match.breakdown["score"]) <= 1e-6
        base = sum(value[2] for value in match.breakdown["factors"].values())
        total = base - sum(effect for _value, effect in match.breakdown["gates"].values())
        assert abs(match.match_score - total) <= 1e-6


def test_identical_candidates_tie_on_score_and_the_lower_consultant_id_ranks_first(lineup, settings):
    tender, people = lineup
    settings.MATCHING = {**settings.MATCHING, "top_k": 4}

    matches_recompute()

    third, fourth = (Match.objects.get(tender=tender, consultant=person) for person in people[2:4])
    assert third.match_score == fourth.match_score
    assert third.breakdown == fourth.breakdown
    assert [consultant for consultant, _ in _rows(tender)] == [person.pk for person in people[:4]]
    assert list(Match.objects.filter(tender=tender).values_list("consultant", flat=True)) == [
        person.pk for person in people[:4]
    ]


def test_running_the_recompute_twice_changes_nothing(lineup, top_k, cast, hire, post_tender, python):
    post_tender(cast.b.company, {python: "required"})
    hire(cast.b.company, {python: "advanced"})
    matches_recompute()
    before = _state()

    report = matches_recompute()

    assert (report.inserted, report.updated, report.deleted) == (0, 0, 0)
    assert _state() == before
    tender, _ = lineup
    report = matches_recompute(tender_ids=[tender.pk])
    assert (report.inserted, report.updated, report.deleted) == (0, 0, 0)
    assert _state() == before


def test_another_companys_consultant_is_never_a_candidate(
    lineup, top_k, tasks_in_process, cast, hire, post_tender, python, django_skill
):
    tender, people = lineup
    outsider = hire(cast.b.company, {python: ("expert", 10), django_skill: ("expert", 10)}, experience_years=20)
    other_tender = post_tender(cast.b.company, {python: "required"})

    matches_recompute()
    matches_recompute(tender_ids=[tender.pk])
    report = matches_update_for_consultant(consultant_id=outsider.pk)

    assert report.tenders == 1
    assert _rows(tender) == [(people[0].pk, "suggested"), (people[1].pk, "suggested"), (people[2].pk, "suggested")]
    assert _rows(other_tender) == [(outsider.pk, "suggested")]
    assert Match.objects.filter(consultant=outsider).count() == 1


@pytest.mark.parametrize("status", [TenderStatus.CLOSED, TenderStatus.CANCELLED])
def test_a_closed_or_cancelled_tender_gets_no_suggestion_and_loses_its_suggestions(lineup, top_k, cast, status):
    tender, people = lineup
    matches_recompute()
    submitted = match_move(
        match=Match.objects.get(tender=tender, consultant=people[1]), to="submitted", by=cast.a.sales
    )
    tender.status = status
    tender.save()

    report = matches_recompute()

    assert (report.tenders, report.inserted, report.updated, report.deleted) == (0, 0, 0, 2)
    assert _rows(tender) == [(people[1].pk, "submitted")]
    kept = Match.objects.get(pk=submitted.pk)
    assert (kept.match_score, kept.submitted_score) == (submitted.match_score, submitted.match_score)

    tender.status = TenderStatus.OPEN
    tender.save()
    matches_recompute()
    tender.status = status
    tender.save()
    report = matches_recompute(tender_ids=[tender.pk])
    assert (report.tenders, report.deleted) == (0, 2)
    assert _rows(tender) == [(people[1].pk, "submitted")]


def test_a_tender_that_opens_already_closed_never_gets_a_suggestion(cast, hire, post_tender, python):
    tender = post_tender(cast.a.company, {python: "required"}, status=TenderStatus.CLOSED)
    hire(cast.a.company, {python: "expert"})

    report = matches_recompute()

    assert (report.tenders, report.inserted) == (0, 0)
    assert Match.objects.filter(tender=tender).count() == 0


def test_pipeline_matches_keep_status_notes_and_submitted_score_when_they_fall_out_of_the_top_k(
    lineup, top_k, cast, hire, python, django_skill
):
    tender, people = lineup
    matches_recompute()
    best, second, third = (Match.objects.get(tender=tender, consultant=person) for person in people[:3])
    match_move(match=best, to="rejected", by=cast.a.sales, note="Client wants a team lead.")
    match_move(match=second, to="submitted", by=cast.a.sales)
    match_move(match=second, to="accepted", by=cast.a.manager)
    match_move(match=third, to="submitted", by=cast.a.sales)
    Match.objects.filter(pk=third.pk).update(notes="Met on Tuesday.")
    before = {match.pk: match for match in Match.objects.filter(tender=tender)}
    # Three stronger candidates take the top K, and the third consultant's rate rises.
    stronger = [
        hire(cast.a.company, {python: ("expert", 9), django_skill: ("expert", 9)}, experience_years=15)
        for _ in range(3)
    ]
    people[2].daily_rate = 2000
    people[2].save()

    report = matches_recompute()

    assert (report.inserted, report.updated, report.deleted) == (3, 1, 0)
    assert _rows(tender) == [
        (stronger[0].pk, "suggested"),
        (stronger[1].pk, "suggested"),
        (stronger[2].pk, "suggested"),
        (people[0].pk, "rejected"),
        (people[1].pk, "accepted"),
        (people[2].pk, "submitted"),
    ]
    for pk, old in before.items():
        match = Match.objects.get(pk=pk)
        assert (match.status, match.notes, match.submitted_score) == (old.status, old.notes, old.submitted_score)
    refreshed = Match.objects.get(pk=third.pk)
    assert refreshed.submitted_score == before[third.pk].match_score
    assert refreshed.match_score < refreshed.submitted_score
    assert abs(refreshed.match_score - refreshed.breakdown["score"]) <= 1e-6
    assert refreshed.breakdown["gates"]["rate"][0] < 0.05  # far over the budget: the rate gate all but shuts
    assert "rate_over" in refreshed.breakdown["flags"]
    assert Match.objects.get(pk=second.pk).match_score == before[second.pk].match_score

    # Closing the tender drops the suggestions only; the pipeline stays as it was.
    tender.status = TenderStatus.CLOSED
    tender.save()
    pipeline = {pk: (m.status, m.notes, m.submitted_score, m.match_score) for pk, m in before.items()}
    pipeline[third.pk] = pipeline[third.pk][:3] + (refreshed.match_score,)
    report = matches_recompute()
    assert report.deleted == 3
    assert {
        match.pk: (match.status, match.notes, match.submitted_score, match.match_score)
        for match in Match.objects.filter(tender=tender)
    } == pipeline


def test_suggestions_that_fall_out_of_the_top_k_are_removed(lineup, top_k, cast, hire, python, django_skill):
    tender, people = lineup
    matches_recompute()
    newcomers = [
        hire(cast.a.company, {python: ("expert", 9), django_skill: ("expert", 9)}, experience_years=15)
        for _ in range(2)
    ]

    report = matches_recompute()

    assert (report.inserted, report.updated, report.deleted) == (2, 0, 2)
    assert _rows(tender) == [
        (newcomers[0].pk, "suggested"),
        (newcomers[1].pk, "suggested"),
        (people[0].pk, "suggested"),
    ]


def test_a_tender_without_skills_gets_no_suggestion(lineup, top_k, cast, post_tender):
    tender, people = lineup
    bare = post_tender(cast.a.company)

    first = matches_recompute()
    again = matches_recompute(tender_ids=[bare.pk, tender.pk])

    assert (first.tenders, first.inserted) == (2, 3)
    assert (again.tenders, again.inserted, again.updated, again.deleted) == (2, 0, 0, 0)
    assert Match.objects.filter(tender=bare).count() == 0
    assert len(_rows(tender)) == 3


def test_a_tender_that_loses_its_skills_loses_its_suggestions_but_keeps_its_pipeline(lineup, top_k, cast):
    tender, people = lineup
    matches_recompute()
    match_move(match=Match.objects.get(tender=tender, consultant=people[0]), to="submitted", by=cast.a.sales)
    TenderSkill.objects.filter(tender=tender).delete()

    report = matches_recompute()

    assert (report.tenders, report.inserted, report.updated, report.deleted) == (1, 0, 0, 2)
    assert _rows(tender) == [(people[0].pk, "submitted")]


@pytest.mark.parametrize("in_pipeline", [True, False])
def test_recomputing_only_a_tender_that_lost_its_skills_drops_its_suggestions(lineup, top_k, cast, in_pipeline):
    tender, people = lineup
    matches_recompute()
    if in_pipeline:
        match_move(match=Match.objects.get(tender=tender, consultant=people[0]), to="submitted", by=cast.a.sales)
    TenderSkill.objects.filter(tender=tender).delete()

    report = matches_recompute(tender_ids=[tender.pk])

    assert (report.tenders, report.inserted, report.updated, report.deleted) == (1, 0, 0, 2 if in_pipeline else 3)
    assert _rows(tender) == ([(people[0].pk, "submitted")] if in_pipeline else [])


def test_recomputing_an_empty_list_of_tenders_does_nothing(lineup, top_k, request):
    matches_recompute()
    before = _state()

    report = matches_recompute(tender_ids=[])

    assert (report.tenders, report.consultants, report.inserted, report.updated, report.deleted) == (0, 0, 0, 0, 0)
    assert _state() == before


# --- the management command ---------------------------------------------------------------------


def _command(*args) -> list[str]:
    out = StringIO()
    call_command("recompute_matches", *args, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1].startswith("Seconds: ")
    return lines[:-1]


def test_the_recompute_command_prints_its_counts(lineup, top_k, cast):
    assert _command() == [
        "Tenders: 1",
        "Consultants: 6",
        "Pairs scored: 6",
        "Rows inserted: 3",
        "Rows updated: 0",
        "Rows deleted: 0",
    ]
    assert _command() == [
        "Tenders: 1",
        "Consultants: 6",
        "Pairs scored: 6",
        "Rows inserted: 0",
        "Rows updated: 0",
        "Rows deleted: 0",
    ]
    assert _command("--company", str(cast.b.company.pk)) == [
        "Tenders: 0",
        "Consultants: 0",
        "Pairs scored: 0",
        "Rows inserted: 0",
        "Rows updated: 0",
        "Rows deleted: 0",
    ]
    assert Match.objects.count() == 3


def test_the_recompute_command_takes_one_tender_one_consultant_or_one_company(
    lineup, top_k, cast, tasks_in_process, python, django_skill
):
    tender, people = lineup
    # A single tender is screened against its whole (warm) pool: the consultant holding none of its
    # skills is scored too, and stored nowhere (no skill credit, no suggestion).
    assert _command("--tender", str(tender.pk)) == [
        "Tenders: 1",
        "Consultants: 6",
        "Pairs scored: 6",
        "Rows inserted: 3",
        "Rows updated: 0",
        "Rows deleted: 0",
    ]
    people[1].consultant_skills.update(proficiency_level="expert", years_experience=10)
    assert _command("--consultant", str(people[1].pk)) == [
        "Tenders: 1",
        "Consultants: 1",
        "Pairs scored: 1",
        "Rows inserted: 0",
        "Rows updated: 1",
        "Rows deleted: 0",
    ]
    assert _command("--company", str(cast.a.company.pk)) == [
        "Tenders: 1",
        "Consultants: 6",
        "Pairs scored: 6",
        "Rows inserted: 0",
        "Rows updated: 0",
        "Rows deleted: 0",
    ]
    assert _rows(tender) == [(people[1].pk, "suggested"), (people[0].pk, "suggested"), (people[2].pk, "suggested")]


@pytest.mark.parametrize("option", ["--tender", "--consultant"])
def test_the_recompute_command_refuses_an_unknown_id_and_changes_nothing(lineup, top_k, option):
    matches_recompute()
    before = _state()

    with pytest.raises(CommandError, match=r"^No (tender|consultant) with id 987654\.$"):
        call_command("recompute_matches", option, "987654", stdout=StringIO())

    assert _state() == before


def test_the_recompute_command_refuses_an_unknown_company(lineup, top_k):
    with pytest.raises(CommandError):
        call_command("recompute_matches", "--company", "987654", stdout=StringIO())
