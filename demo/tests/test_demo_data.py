import datetime

from consultants.catalogue import CATALOGUE
from demo import demo_data


def test_every_skill_the_demo_data_names_is_in_the_catalogue():
    catalogue = {entry.name for entry in CATALOGUE}
    named = {name for profile in demo_data.PROFILES.values() for name in (*profile.core, *profile.extra, *profile.soft)}
    named |= {need.name for tender in demo_data.TENDERS for need in tender.needs}

    assert sorted(named - catalogue) == []


def test_each_company_staffs_its_twenty_people_with_known_profiles():
    assert len(demo_data.COMPANIES) == 3
    for company in demo_data.COMPANIES:
        assert len(demo_data.PEOPLE[company]) == 20
        assert sum(demo_data.STAFFING[company].values()) == 20
        assert set(demo_data.STAFFING[company]) <= set(demo_data.PROFILES)


def test_the_same_anchor_date_builds_the_same_consultants():
    anchor = datetime.date(2026, 3, 2)

    assert demo_data.build_consultants(anchor) == demo_data.build_consultants(anchor)
    assert len(demo_data.build_consultants(anchor)) == 60
