"""The database refuses bad rows of careers (missions, education, certifications, languages), of the
send log and of rejection reasons: one test per constraint, each bad write straight to the database."""

import datetime

import pytest

from consultants.career.models import Certification, Education, Experience, SpokenLanguage
from consultants.tests.factories import ConsultantFactory
from matching.models import ProposalSend
from matching.tests.factories import MatchFactory
from talentmatch.tests.constraints import assert_insert_refused, assert_update_refused

pytestmark = pytest.mark.usefixtures("_quick_password_hashing")

DAY = datetime.date(2026, 6, 1)


def _send() -> ProposalSend:
    return ProposalSend.objects.create(
        match=MatchFactory(), portfolio_version=1, file_format="pdf", anonymisation="named", delivery="downloaded"
    )


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("match_sends_file_format_valid", "file_format"),
        ("match_sends_anonymisation_valid", "anonymisation"),
        ("match_sends_delivery_valid", "delivery"),
    ],
)
def test_a_send_keeps_its_format_anonymisation_and_delivery_to_their_codes(db, name, field):
    assert_update_refused(name, _send(), **{field: "bogus"})


def test_a_send_names_a_dossier_version_from_one(db):
    assert_update_refused("match_sends_version_positive", _send(), portfolio_version=0)


def test_a_rejection_reason_is_one_of_the_codes(db):
    assert_update_refused("matches_rejection_reason_valid", MatchFactory(), rejection_reason="bogus")


def test_a_mission_does_not_end_before_it_starts(db):
    mission = Experience.objects.create(consultant=ConsultantFactory(), employer="Client", role="Dev", start_date=DAY)
    assert_update_refused("consultant_experiences_dates_ordered", mission, end_date=DAY - datetime.timedelta(days=1))


def test_a_degree_does_not_end_before_it_starts(db):
    school = Education.objects.create(consultant=ConsultantFactory(), school="School", degree="MSc", start_year=2020)
    assert_update_refused("consultant_education_years_ordered", school, end_year=2019)


def test_a_certification_does_not_expire_before_it_is_obtained(db):
    held = Certification.objects.create(consultant=ConsultantFactory(), name="AWS", obtained_on=DAY)
    assert_update_refused("consultant_certifications_dates_ordered", held, expires_on=DAY - datetime.timedelta(days=1))


def test_a_language_level_is_one_of_the_codes(db):
    spoken = SpokenLanguage.objects.create(consultant=ConsultantFactory(), language="Anglais", level="B2")
    assert_update_refused("consultant_languages_level_valid", spoken, level="Z9")


def test_a_language_is_listed_once_per_consultant_whatever_its_case(db):
    spoken = SpokenLanguage.objects.create(consultant=ConsultantFactory(), language="Anglais", level="B2")
    assert_insert_refused(
        "consultant_languages_language_key",
        lambda: SpokenLanguage.objects.create(consultant=spoken.consultant, language="ANGLAIS", level="C1"),
    )
