"""Fixtures of the matching tests: hand-built engine inputs, and tasks that run in-process."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

import numpy as np
import pytest

from matching.engine import (
    AVAILABILITY_CODES,
    FACTORS,
    GATES,
    IMPORTANCE_CODES,
    NO_DAY,
    ConsultantArrays,
    SkillGraph,
    TenderArrays,
)
from matching.engine.arrays import csr_from_pairs
from matching.engine.config import ScoringConfig
from matching.engine.scoring import PairScores, consultant_side, explain_many, score_pairs, tender_context

FIRST_SKILL_ID = 101  # skill ids differ from columns so that a mix-up shows in the breakdowns
LEVELS = {"beginner": 1, "intermediate": 2, "advanced": 3, "expert": 4}


def _day(value: datetime.date | None) -> int:
    return value.toordinal() if value else NO_DAY


def _place(value) -> tuple[float, float]:
    return (np.nan, np.nan) if value is None else (float(value[0]), float(value[1]))


def _number(value) -> float:
    return np.nan if value is None else float(value)


@dataclass
class Scored:
    """Exact scores of every (tender row, consultant row) pair, tender-major, with their breakdowns."""

    scores: PairScores
    texts: list[str]
    n_consultants: int

    def index(self, tender_row: int, consultant_row: int) -> int:
        return tender_row * self.n_consultants + consultant_row

    def score(self, tender_row: int = 0, consultant_row: int = 0) -> float:
        return float(self.scores.score[self.index(tender_row, consultant_row)])

    def factor(self, name: str, tender_row: int = 0, consultant_row: int = 0) -> float:
        return float(self.scores.factors[self.index(tender_row, consultant_row), FACTORS.index(name)])

    def gate(self, name: str, tender_row: int = 0, consultant_row: int = 0) -> float:
        return float(self.scores.gates[self.index(tender_row, consultant_row), GATES.index(name)])

    def breakdown(self, tender_row: int = 0, consultant_row: int = 0) -> dict:
        return json.loads(self.texts[self.index(tender_row, consultant_row)])


class EngineBench:
    """Builds engine inputs from small readable descriptions and scores them with the exact path.

    A consultant is a dict: skills {column: level or (level, years)}, status, free (date), daily_rate,
    place ((lat, lon) or None), remote, max_travel_km, experience_years, company_id, id.
    A tender is a dict: skills {column: importance or (importance, minimum level)}, start, end, place,
    remote, onsite_days, asked_years (the years its wording asks), budget, required_consultants,
    company_id, id. Levels are names or ranks 1…4.
    """

    def graph(self, n_skills: int, links=()) -> SkillGraph:
        pairs = sorted({(a, b) for a, b in links} | {(b, a) for a, b in links})
        pairs = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        indptr, related = csr_from_pairs(pairs[:, 0], pairs[:, 1].astype(np.int32), n_skills)
        return SkillGraph(np.arange(FIRST_SKILL_ID, FIRST_SKILL_ID + n_skills, dtype=np.int64), indptr, related)

    def consultants(self, people: list[dict]) -> ConsultantArrays:
        rows, columns, ranks, years = [], [], [], []
        for row, person in enumerate(people):
            for column, level in person.get("skills", {}).items():
                level, year = level if isinstance(level, tuple) else (level, None)
                rows.append(row)
                columns.append(column)
                ranks.append(LEVELS.get(level, level))
                years.append(_number(year))
        indptr, columns, ranks, years = csr_from_pairs(
            np.array(rows, dtype=np.int64),
            np.array(columns, dtype=np.int32),
            len(people),
            np.array(ranks, dtype=np.int8),
            np.array(years, dtype=np.float64),
        )
        places = np.array([_place(person.get("place")) for person in people], dtype=np.float64).reshape(-1, 2)
        return ConsultantArrays(
            ids=np.array([person.get("id", row + 1) for row, person in enumerate(people)], dtype=np.int64),
            company_ids=np.array([person.get("company_id", 1) for person in people], dtype=np.int64),
            skill_indptr=indptr,
            skill_columns=columns,
            skill_ranks=ranks,
            skill_years=years,
            status=np.array([AVAILABILITY_CODES[p.get("status", "available")] for p in people], dtype=np.int8),
            free_day=np.array([_day(person.get("free")) for person in people], dtype=np.int32),
            daily_rate=np.array([_number(person.get("daily_rate")) for person in people], dtype=np.float64),
            latitude=np.ascontiguousarray(places[:, 0]),
            longitude=np.ascontiguousarray(places[:, 1]),
            remote=np.array([bool(person.get("remote", False)) for person in people], dtype=bool),
            max_travel_km=np.array([_number(person.get("max_travel_km")) for person in people], dtype=np.float64),
            experience_years=np.array([_number(person.get("experience_years")) for person in people]),
        )

    def tenders(self, missions: list[dict]) -> TenderArrays:
        rows, columns, importance, minimum = [], [], [], []
        for row, mission in enumerate(missions):
            for column, wish in mission.get("skills", {}).items():
                name, level = wish if isinstance(wish, tuple) else (wish, 0)
                rows.append(row)
                columns.append(column)
                importance.append(IMPORTANCE_CODES[name])
                minimum.append(LEVELS.get(level, level))
        indptr, columns, importance, minimum = csr_from_pairs(
            np.array(rows, dtype=np.int64),
            np.array(columns, dtype=np.int32),
            len(missions),
            np.array(importance, dtype=np.int8),
            np.array(minimum, dtype=np.int8),
        )
        places = np.array([_place(mission.get("place")) for mission in missions], dtype=np.float64).reshape(-1, 2)
        return TenderArrays(
            ids=np.array([mission.get("id", row + 1) for row, mission in enumerate(missions)], dtype=np.int64),
            company_ids=np.array([mission.get("company_id", 1) for mission in missions], dtype=np.int64),
            skill_indptr=indptr,
            skill_columns=columns,
            skill_importance=importance,
            skill_minimum=minimum,
            start_day=np.array([_day(mission.get("start")) for mission in missions], dtype=np.int32),
            end_day=np.array([_day(mission.get("end")) for mission in missions], dtype=np.int32),
            latitude=np.ascontiguousarray(places[:, 0]),
            longitude=np.ascontiguousarray(places[:, 1]),
            remote=np.array([bool(mission.get("remote", False)) for mission in missions], dtype=bool),
            budget=np.array([_number(mission.get("budget")) for mission in missions], dtype=np.float64),
            required_consultants=np.array([m.get("required_consultants", 1) for m in missions], dtype=np.int32),
            onsite_days=np.array([_number(mission.get("onsite_days")) for mission in missions], dtype=np.float64),
            asked_years=np.array([_number(mission.get("asked_years")) for mission in missions], dtype=np.float64),
        )

    def score(
        self,
        people: list[dict],
        missions: list[dict],
        *,
        n_skills: int,
        links=(),
        today: datetime.date,
        config: ScoringConfig | None = None,
    ) -> Scored:
        """Every pair scored exactly and explained, tender-major."""
        config = config or ScoringConfig()
        graph = self.graph(n_skills, links)
        consultants = self.consultants(people)
        tenders = self.tenders(missions)
        side = consultant_side(consultants, graph, today.toordinal())
        context = tender_context(tenders, today.toordinal(), config)
        tender_rows = np.repeat(np.arange(len(missions)), len(people))
        consultant_rows = np.tile(np.arange(len(people)), len(missions))
        scores = score_pairs(side, tenders, context, tender_rows, consultant_rows, config)
        texts = explain_many(scores, np.arange(len(tender_rows)), graph, tenders, context, config)
        return Scored(scores, texts, len(people))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The cast's accounts are not used to log in here; Argon2 would cost most of each test's setup."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def engine() -> EngineBench:
    return EngineBench()


@pytest.fixture
def top_k(settings):
    """A small top K so that a handful of consultants already overflows it."""
    settings.MATCHING = {**settings.MATCHING, "top_k": 3}
    return 3


@pytest.fixture
def tasks_in_process(settings):
    """Run tasks queued by the services inline, so that no test leaves messages on a shared broker."""
    from talentmatch.celery import app

    previous = app.conf.task_always_eager  # read first: Celery loads its configuration from settings lazily
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def hire(db):
    """Create a consultant of `company` holding `skills` ({Skill: level or (level, years)})."""
    from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory

    def hire(company, skills=None, **fields):
        consultant = ConsultantFactory(company=company, **fields)
        for skill, level in (skills or {}).items():
            level, years = level if isinstance(level, tuple) else (level, 3)
            ConsultantSkillFactory(consultant=consultant, skill=skill, proficiency_level=level, years_experience=years)
        return consultant

    return hire


@pytest.fixture
def post_tender(db):
    """Create a tender of `company` asking for `skills` ({Skill: importance or (importance, minimum level)})."""
    from tenders.tests.factories import TenderFactory, TenderSkillFactory

    def post_tender(company, skills=None, **fields):
        tender = TenderFactory(company=company, **fields)
        for skill, wish in (skills or {}).items():
            importance, minimum = wish if isinstance(wish, tuple) else (wish, None)
            TenderSkillFactory(tender=tender, skill=skill, importance=importance, minimum_level=minimum)
        return tender

    return post_tender
