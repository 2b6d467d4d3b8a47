"""Incremental updates (one consultant, one tender) leave exactly what a full recompute would store."""

import datetime
import random

import pytest
from django.db import transaction

from consultants.models import ConsultantSkill
from consultants.tests.factories import SkillFactory
from matching.models import Match, MatchEvent, MatchStatus, TenderCutoff
from matching.services import ALLOWED_MOVES, match_move, matches_recompute, matches_update_for_consultant
from matching.store import warm
from tenders.models import Tender, TenderSkill, TenderStatus

pytestmark = pytest.mark.django_db

LEVELS = ["beginner", "intermediate", "advanced", "expert"]
IMPORTANCES = ["required", "preferred", "nice_to_have"]
PLACES = ["Lyon", "Villeurbanne", "Paris", "Marseille", "Atlantide", None]
STATUSES = ["available", "partially_available", "unavailable", "on_mission"]
MISSION_START = datetime.date(2027, 3, 1)


def _snapshot() -> dict[tuple[int, int], tuple]:
    return {
        (tender, consultant): (status, score, notes, submitted)
        for tender, consultant, status, score, notes, submitted in Match.objects.values_list(
            "tender", "consultant", "status", "match_score", "notes", "submitted_score"
        )
    }


def _cutoffs() -> dict[int, tuple]:
    """Where each matchable tender's top K ends, as incremental updates will read it."""
    return {
        tender: (consultant, ranked, round(score, 9))
        for tender, consultant, ranked, score in TenderCutoff.objects.filter(
            tender__status__in=Tender.MATCHABLE_STATUSES
        ).values_list("tender", "consultant_id", "ranked", "score")
    }


def _after_full_recompute(*, with_cutoffs: bool = False):
    """What a full recompute would store now; the database is left as it was."""
    savepoint = transaction.savepoint()
    try:
        matches_recompute()
        return (_snapshot(), _cutoffs()) if with_cutoffs else _snapshot()
    finally:
        transaction.savepoint_rollback(savepoint)


def _differences(incremental: dict, full: dict) -> list:
    differences = []
    for key in sorted(incremental.keys() | full.keys()):
        mine, theirs = incremental.get(key), full.get(key)
        same = mine is not None and theirs is not None and mine[0] == theirs[0] and mine[2:] == theirs[2:]
        if not same or abs(mine[1] - theirs[1]) > 1e-9:
            differences.append((key, mine, theirs))
    return differences


class World:
    """Random consultants and tenders of two companies, and random edits each followed by its update."""

    def __init__(self, rng: random.Random, cast, hire, post_tender):
        self.rng, self.cast = rng, cast
        self.skills = [SkillFactory(name=f"Incremental skill {i}") for i in range(8)]
        for a, b in ((0, 1), (2, 3), (4, 5)):
            self.skills[a].related_skills.add(self.skills[b])
        self.consultants = []
        for company, count in ((cast.a.company, 10), (cast.b.company, 3)):
            for _ in range(count):
                self.consultants.append(hire(company, self._skill_set(), **self._profile()))
        self.tenders = [
            post_tender(company, self._wishes(), **self._mission())
            for company in (cast.a.company,) * 4 + (cast.b.company,)
        ]
        self.log: list[str] = []

    def _skill_set(self) -> dict:
        chosen = self.rng.sample(self.skills, self.rng.randint(1, 4))
        return {skill: (self.rng.choice(LEVELS), self.rng.choice([None, 1, 4, 8])) for skill in chosen}

    def _wishes(self) -> dict:
        chosen = self.rng.sample(self.skills, self.rng.randint(1, 4))
        return {skill: (self.rng.choice(IMPORTANCES), self.rng.choice([None, None, *LEVELS])) for skill in chosen}

    def _profile(self) -> dict:
        status = self.rng.choice(STATUSES)
        free = None
        if status in ("unavailable", "on_mission") and self.rng.random() < 0.8:
            free = MISSION_START + datetime.timedelta(days=self.rng.randint(-60, 120))
        return {
            "availability_status": status,
            "availability_date": free,
            "daily_rate": self.rng.choice([None, 300.0, 450.0, 600.0, 900.0]),
            "location": self.rng.choice(PLACES),
            "remote_work": self.rng.random() < 0.3,
            "max_travel_distance": self.rng.choice([None, 20, 50, 500]),
            "experience_years": self.rng.choice([None, 1, 6, 15]),
        }

    def _mission(self) -> dict:
        length = self.rng.choice([None, 20, 90, 200])
        return {
            "status": self.rng.choice([TenderStatus.OPEN, TenderStatus.OPEN, TenderStatus.IN_PROGRESS]),
            "start_date": MISSION_START,
            "end_date": None if length is None else MISSION_START + datetime.timedelta(days=length),
            "location": self.rng.choice(PLACES),
            "remote_work": self.rng.random() < 0.3,
            "budget": self.rng.choice([None, 20_000.0, 60_000.0, 150_000.0]),
            "required_consultants": self.rng.randint(1, 3),
        }

    # --- edits: each changes one thing, then runs the update the services expose for it ---------

    def edit_consultant_skills(self):
        consultant = self.rng.choice(self.consultants)
        held = list(ConsultantSkill.objects.filter(consultant=consultant))
        action = self.rng.choice(["level", "add", "remove"]) if held else "add"
        if action == "level":
            row = self.rng.choice(held)
            row.proficiency_level = self.rng.choice(LEVELS)
            row.years_experience = self.rng.choice([None, 2, 6])
            row.save()
        elif action == "add":
            missing = [skill for skill in self.skills if skill.pk not in {row.skill_id for row in held}]
            if missing:
                ConsultantSkill.objects.create(
                    consultant=consultant, skill=self.rng.choice(missing), proficiency_level=self.rng.choice(LEVELS)
                )
        else:
            self.rng.choice(held).delete()
        self.log.append(f"consultant {consultant.pk} skills: {action}")
        self.update_consultant(consultant)

    def edit_consultant_profile(self):
        consultant = self.rng.choice(self.consultants)
        field, value = self.rng.choice(list(self._profile().items()))
        if field == "availability_date" and consultant.availability_status in ("available", "partially_available"):
            field, value = "availability_status", "on_mission"
        setattr(consultant, field, value)
        consultant.save()
        self.log.append(f"consultant {consultant.pk} {field} = {value}")
        self.update_consultant(consultant)

    def edit_tender_skills(self):
        tender = self.rng.choice(self.tenders)
        wishes = list(TenderSkill.objects.filter(tender=tender))
        action = self.rng.choice(["importance", "minimum", "add", "remove" if len(wishes) > 1 else "add"])
        if action in ("importance", "minimum"):
            wish = self.rng.choice(wishes)
            if action == "importance":
                wish.importance = self.rng.choice(IMPORTANCES)
            else:
                wish.minimum_level = self.rng.choice([None, *LEVELS])
            wish.save()
        elif action == "add":
            missing = [skill for skill in self.skills if skill.pk not in {wish.skill_id for wish in wishes}]
            if missing:
                TenderSkill.objects.create(
                    tender=tender, skill=self.rng.choice(missing), importance=self.rng.choice(IMPORTANCES)
                )
        else:
            self.rng.choice(wishes).delete()
        self.log.append(f"tender {tender.pk} skills: {action}")
        self.update_tender(tender)

    def edit_tender(self):
        tender = self.rng.choice(self.tenders)
        if self.rng.random() < 0.5:
            field, value = "status", self.rng.choice(TenderStatus.values)
        else:
            field, value = self.rng.choice(list(self._mission().items()))
        setattr(tender, field, value)
        tender.save()
        self.log.append(f"tender {tender.pk} {field} = {value}")
        self.update_tender(tender)

    def move_a_match(self):
        matches = list(Match.objects.order_by("pk"))
        if not matches:
            return
        match = self.rng.choice(matches)
        to = self.rng.choice(sorted(ALLOWED_MOVES[MatchStatus(match.status)]))
        by = self.cast.a.sales if match.tender.company_id == self.cast.a.company.pk else self.cast.b.sales
        match_move(match=match, to=to, by=by, note="Random move.")
        self.log.append(f"match {match.tender_id}/{match.consultant_id} → {to}")

    def update_consultant(self, consultant):
        report = matches_update_for_consultant(consultant_id=consultant.pk)
        if report.tenders_requeued:
            matches_recompute(tender_ids=report.tenders_requeued)

    def update_tender(self, tender):
        matches_recompute(tender_ids=[tender.pk])


@pytest.mark.parametrize("seed", range(6))
def test_incremental_updates_after_random_edits_store_what_a_full_recompute_stores(
    seed, cast, hire, post_tender, top_k, tasks_in_process
):
    rng = random.Random(seed)
    world = World(rng, cast, hire, post_tender)
    matches_recompute()
    edits = [
        world.edit_consultant_skills,
        world.edit_consultant_skills,
        world.edit_consultant_profile,
        world.edit_tender_skills,
        world.edit_tender,
        world.move_a_match,
    ]

    warm_before = warm.outcome.copy()
    for _ in range(14):
        rng.choice(edits)()
        full, full_cutoffs = _after_full_recompute(with_cutoffs=True)
        differences = _differences(_snapshot(), full)
        assert differences == [], "\n".join([*world.log, *map(repr, differences)])
        assert _cutoffs() == full_cutoffs, "\n".join(world.log)
    # The updates above ran on warm pools, caught up by splicing the rows each edit wrote (raw ORM
    # writes: only the database's change log saw them), and read whole only the first time of each pool:
    # two companies, each with a consultant side and a tender side.
    used = warm.outcome - warm_before
    assert used.splices > 0 and used.misses <= 4, used


@pytest.fixture
def ladder(cast, hire, post_tender, top_k):
    """A tender asking for Python and four consultants of its company, from expert down to beginner."""
    python = SkillFactory(name="Python")
    tender = post_tender(cast.a.company, {python: "required"})
    people = [hire(cast.a.company, {python: level}) for level in ("expert", "advanced", "intermediate", "beginner")]
    matches_recompute()
    return tender, people, python


def _ranked(tender) -> list[int]:
    return list(Match.objects.filter(tender=tender).values_list("consultant", flat=True))


def _upgrade(consultant, skill):
    ConsultantSkill.objects.filter(consultant=consultant, skill=skill).update(
        proficiency_level="expert", years_experience=10
    )


def test_a_consultant_who_rises_within_the_top_k_is_rescored_in_place(ladder, tasks_in_process):
    tender, people, python = ladder
    _upgrade(people[1], python)

    report = matches_update_for_consultant(consultant_id=people[1].pk)

    assert (report.pairs_scored, report.inserted, report.updated, report.deleted) == (1, 0, 1, 0)
    assert report.tenders_requeued == []
    assert _ranked(tender) == [people[1].pk, people[0].pk, people[2].pk]
    assert _differences(_snapshot(), _after_full_recompute()) == []


def test_a_consultant_joins_in_place_a_tender_that_ranked_fewer_than_k(
    cast, hire, post_tender, top_k, tasks_in_process
):
    python, java = SkillFactory(name="Python"), SkillFactory(name="Java")
    tender = post_tender(cast.a.company, {python: "required"})
    people = [hire(cast.a.company, {python: "expert"}), hire(cast.a.company, {java: "expert"})]
    matches_recompute()
    ConsultantSkill.objects.create(consultant=people[1], skill=python, proficiency_level="beginner")

    report = matches_update_for_consultant(consultant_id=people[1].pk)

    assert (report.inserted, report.updated, report.deleted, report.tenders_requeued) == (1, 0, 0, [])
    assert _ranked(tender) == [people[0].pk, people[1].pk]
    assert (tender.cutoff.consultant_id, tender.cutoff.ranked) == (people[1].pk, 2)
    assert _differences(_snapshot(), _after_full_recompute()) == []


def test_a_consultant_who_enters_a_full_top_k_requeues_the_tender(ladder, tasks_in_process):
    tender, people, python = ladder
    _upgrade(people[3], python)

    report = matches_update_for_consultant(consultant_id=people[3].pk)
    matches_recompute(tender_ids=report.tenders_requeued)

    assert report.tenders_requeued == [tender.pk]
    assert _ranked(tender) == [people[3].pk, people[0].pk, people[1].pk]
    assert _differences(_snapshot(), _after_full_recompute()) == []


def test_a_consultant_who_falls_out_of_the_top_k_requeues_the_tender(ladder, tasks_in_process):
    tender, people, python = ladder
    ConsultantSkill.objects.filter(consultant=people[0]).delete()

    report = matches_update_for_consultant(consultant_id=people[0].pk)
    matches_recompute(tender_ids=report.tenders_requeued)

    assert report.tenders_requeued == [tender.pk]
    assert _ranked(tender) == [people[1].pk, people[2].pk, people[3].pk]
    assert _differences(_snapshot(), _after_full_recompute()) == []


def test_a_pipeline_match_outside_the_top_k_is_refreshed_in_place(ladder, cast, tasks_in_process):
    tender, people, python = ladder
    match = match_move(match=Match.objects.get(tender=tender, consultant=people[2]), to="submitted", by=cast.a.sales)
    _upgrade(people[3], python)
    matches_recompute(tender_ids=matches_update_for_consultant(consultant_id=people[3].pk).tenders_requeued)
    people[2].daily_rate = 5000
    people[2].save()

    report = matches_update_for_consultant(consultant_id=people[2].pk)

    assert (report.inserted, report.updated, report.deleted, report.tenders_requeued) == (0, 1, 0, [])
    match.refresh_from_db()
    assert match.status == "submitted" and "rate_over" in match.breakdown["flags"]
    assert match.breakdown["gates"]["rate"][0] < 0.05
    assert match.match_score < match.submitted_score
    assert _ranked(tender) == [people[3].pk, people[0].pk, people[1].pk, people[2].pk]
    assert _differences(_snapshot(), _after_full_recompute()) == []


@pytest.mark.django_db(transaction=True)
def test_a_match_moved_back_to_suggested_must_earn_its_place_again(ladder, cast, tasks_in_process, request):
    tender, people, python = ladder
    match = match_move(match=Match.objects.get(tender=tender, consultant=people[2]), to="submitted", by=cast.a.sales)
    _upgrade(people[3], python)
    matches_recompute(tender_ids=matches_update_for_consultant(consultant_id=people[3].pk).tenders_requeued)
    assert _ranked(tender) == [people[3].pk, people[0].pk, people[1].pk, people[2].pk]

    # The move commits, then the tender's queued rescore runs: back among suggestions, out of the top K.
    match_move(match=match, to="suggested", by=cast.a.sales, note="Client paused the mission.")

    assert _ranked(tender) == [people[3].pk, people[0].pk, people[1].pk]
    assert MatchEvent.objects.filter(match_id=match.pk).count() == 0
