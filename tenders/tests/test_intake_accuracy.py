"""Intake accuracy on the calls of intake_calls.py (French and English; PDF, DOCX and e-mail, one
with the call as a PDF attachment, one in HTML only), read from generated files exactly as an
upload is. The figures are printed (run with -s) and kept in bench/README.md:

- skills proposed among those expected (recall) ≥ 90 %;
- proposals that are not expected (wrong) ≤ 10 %;
- importance right for ≥ 80 % of the expected skills found;
- every stated date, place, budget, remote rule and count right.
"""

import datetime

import pytest

from consultants.catalogue import CATALOGUE
from consultants.skills.detection import SkillDetector
from tenders.intake.proposals import propose
from tenders.intake.reading import read_upload
from tenders.tests.intake_calls import CALLS
from tenders.tests.intake_files import file_of

TODAY = datetime.date(2026, 12, 4)


@pytest.fixture(scope="module")
def results():
    """Each call's proposals, with a detector over the shipped catalogue (no database needed)."""
    terms: dict[str, list[tuple[int, str]]] = {}
    for index, entry in enumerate(CATALOGUE, start=1):
        for term in (entry.name, *entry.aliases):
            terms.setdefault(term, []).append((index, entry.name))
    detector = SkillDetector(terms)
    return {call["name"]: propose(read_upload(file_of(call)), detector=detector, today=TODAY) for call in CALLS}


def test_the_set_holds_ten_varied_calls():
    assert len(CALLS) >= 10
    assert {call["format"] for call in CALLS} == {"pdf", "docx", "eml"}
    assert any(call.get("attachment") for call in CALLS) and any(call.get("html") for call in CALLS)


def test_skills_and_importances_reach_the_targets(results):
    expected_total = found_total = proposed_total = wrong_total = importance_right = level_right = levels = 0
    misses = []
    for call in CALLS:
        proposed = {need.name: need for need in results[call["name"]].needs}
        expected = call["skills"]
        expected_total += len(expected)
        proposed_total += len(proposed)
        for name, (importance, level) in expected.items():
            need = proposed.get(name)
            if need is None:
                misses.append(f"{call['name']}: missed {name}")
                continue
            found_total += 1
            importance_right += need.importance == importance
            if need.importance != importance:
                misses.append(f"{call['name']}: {name} {need.importance} instead of {importance}")
            if level is not None:
                levels += 1
                level_right += need.minimum_level == level
        for name in proposed.keys() - expected.keys():
            wrong_total += 1
            misses.append(f"{call['name']}: wrong {name}")
    recall, wrong = found_total / expected_total, wrong_total / proposed_total
    importance, level = importance_right / found_total, level_right / max(levels, 1)
    print(
        f"\nintake: {len(CALLS)} calls, {expected_total} expected skills; proposed {found_total} of them"
        f" ({recall:.0%}), {wrong_total} wrong of {proposed_total} ({wrong:.0%}); importance right {importance:.0%};"
        f" stated levels right {level:.0%} ({level_right}/{levels})"
    )
    print("\n".join(misses))
    assert recall >= 0.90
    assert wrong <= 0.10
    assert importance >= 0.80


@pytest.mark.parametrize("call", CALLS, ids=[call["name"] for call in CALLS])
def test_stated_dates_place_budget_and_terms_are_proposed(results, call):
    proposals = results[call["name"]].fields
    got = {name: proposals[name].value if name in proposals else None for name in call["fields"]}
    assert got == call["fields"]
    for name in call["fields"]:
        assert proposals[name].sentence  # each proposal shows the sentence it came from
