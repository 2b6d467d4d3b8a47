"""The engine's configuration: read from settings, incoherent options refused, and the breakdown fingerprint."""

import pytest

from matching.engine import ScoringConfig
from matching.tests.test_engine import LYON, START, TODAY, VILLEURBANNE, _coordinates, _mission, _person, _score


def test_the_scoring_configuration_comes_from_settings(settings):
    settings.MATCHING = {**settings.MATCHING, "top_k": 7, "related_credit": 0.25}
    config = ScoringConfig.from_settings()
    assert (config.top_k, config.related_credit) == (7, 0.25)
    assert config.weights == settings.MATCHING["weights"]


@pytest.mark.parametrize(
    "options",
    [
        {"weights": {"skills": 0.8, "seniority": 0.25}},
        {"weights": {"skills": 1.2, "seniority": -0.2}},
        {"weights": {"skills": 0.55, "availability": 0.15, "location": 0.1, "rate": 0.1, "seniority": 0.1}},
        {"related_credit": 1.0},
        {"slot_gap": (1.0, 0.7, 0.85, 0.55)},
        {"near_miss": 0.5, "weak_related": 0.6},
        {"missing": 1.2},
        {"band_fair": 0.9, "band_strong": 0.8},
    ],
)
def test_weights_that_do_not_sum_to_one_a_full_related_credit_or_incoherent_gates_are_refused(options):
    with pytest.raises(ValueError):
        ScoringConfig(**options)


def test_a_related_skill_credit_above_the_lowest_held_skill_credit_is_refused():
    with pytest.raises(ValueError):
        ScoringConfig(related_credit=0.41)


def test_the_fingerprint_follows_every_fact_the_breakdown_shows(engine):
    from matching.engine.explain import fingerprints
    from matching.engine.scoring import tender_context

    mission = _mission(place=_coordinates(LYON))
    people = [
        _person(place=_coordinates(VILLEURBANNE), max_travel_km=40),
        _person(place=_coordinates(VILLEURBANNE), max_travel_km=60),  # same score, another reach shown
        _person(place=_coordinates(VILLEURBANNE), max_travel_km=40, status="on_mission", free=START),
        _person(place=_coordinates(VILLEURBANNE), max_travel_km=40),
    ]
    scored = _score(engine, people, mission)
    tenders = engine.tenders([mission])
    context = tender_context(tenders, TODAY.toordinal(), ScoringConfig())
    digests = fingerprints(scored.scores, [0, 1, 2, 3], tenders, context, ScoringConfig()).tolist()
    assert scored.score(0, 0) == scored.score(0, 1) == scored.score(0, 2)
    assert len({digests[0], digests[1], digests[2]}) == 3
    assert digests[0] == digests[3]
    assert scored.texts[0] == scored.texts[3] and scored.texts[0] != scored.texts[1]
