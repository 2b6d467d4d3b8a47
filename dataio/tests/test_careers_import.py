"""Consultants' careers exported and imported back: a round trip that changes nothing, updates in
place, and refuses bad rows with their line and reason, writing nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from consultants.career.models import Certification, Education, Experience, SpokenLanguage
from consultants.tests.factories import ConsultantFactory, SkillFactory
from dataio import columns as col
from dataio.services import data_import


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def career(cast):
    consultant = ConsultantFactory(company=cast.a.company, user__email="camille@alpha.test")
    python = SkillFactory(name="Python")
    SkillFactory(name="Django", category="framework")
    mission = Experience.objects.create(
        consultant=consultant,
        employer="Banque Exemple",
        sector="Banque",
        role="Développeuse Python",
        start_date=datetime.date(2021, 3, 1),
        description="API de contrats.",
    )
    mission.skills.set([python])
    Education.objects.create(consultant=consultant, school="INSA Lyon", degree="Master", start_year=2010, end_year=2012)
    Certification.objects.create(consultant=consultant, name="PCAP", obtained_on=datetime.date(2022, 5, 1))
    SpokenLanguage.objects.create(consultant=consultant, language="Anglais", level="C1")
    ConsultantFactory(company=cast.b.company, user__email="other@beta.test")
    return consultant


def _export(client, user) -> bytes:
    client.force_login(user)
    response = client.get(reverse("dataio:data-export", kwargs={"kind": col.CAREERS, "fmt": "csv"}))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (Experience, Education, Certification, SpokenLanguage, Experience.skills.through)
    ]


def test_the_exported_careers_import_back_unchanged_then_an_edited_file_updates_in_place(client, cast, career):
    content = _export(client, cast.a.manager)
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0].split(",")[:3] == ["email", "entry", "employer"]
    assert "camille@alpha.test,experience,Banque Exemple,Banque,Développeuse Python,2021-03-01" in text
    assert "other@beta.test" not in text
    before = _snapshot()
    report = data_import(
        kind=col.CAREERS, name="careers.csv", content=content, company=cast.a.company, by=cast.a.manager
    )
    assert report.file_errors == [] and report.problems == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert _snapshot() == before
    edited = text.replace("API de contrats.", "API de contrats et de sinistres.").replace(
        ",Python,", ",Python; Django,"
    )
    edited += "camille@alpha.test,language,,,,,,,,,,,,,,,,,,Espagnol,B1\n"
    report = data_import(
        kind=col.CAREERS, name="careers.csv", content=edited.encode(), company=cast.a.company, by=cast.a.manager
    )
    assert report.ok and (report.created, report.updated, report.unchanged) == (1, 1, 3)
    mission = Experience.objects.get()
    assert mission.description == "API de contrats et de sinistres."
    assert sorted(mission.skills.values_list("name", flat=True)) == ["Django", "Python"]
    assert list(SpokenLanguage.objects.order_by("pk").values_list("language", "level")) == [
        ("Anglais", "C1"),
        ("Espagnol", "B1"),
    ]


def test_a_bad_career_file_is_refused_line_by_line_and_nothing_is_written(cast, career):
    header = ",".join(col.CAREER_COLUMNS)
    rows = [
        "other@beta.test,language,,,,,,,,,,,,,,,,,,Allemand,B2",
        "camille@alpha.test,hobby,,,,,,,,,,,,,,,,,,,",
        "camille@alpha.test,experience,Retail SA,,Dev,2020-01-01,2019-01-01,,,Cobolt,,,,,,,,,,,",
        "camille@alpha.test,language,,,,,,,,,,,,,,,,,,Italien,fluent",
    ]
    before = _snapshot()
    report = data_import(
        kind=col.CAREERS,
        name="careers.csv",
        content="\n".join([header, *rows]).encode(),
        company=cast.a.company,
        by=cast.a.manager,
    )
    assert not report.ok
    reasons = {problem.line: problem.reasons for problem in report.problems}
    assert reasons[2] == ["email: no consultant of the company has this e-mail address."]
    assert reasons[3] == ["entry: write experience, education, certification or language."]
    assert reasons[4] == ["skills: not in the skill catalogue: Cobolt."]
    assert reasons[5] == ["level: write A1, A2, B1, B2, C1, C2 or native."]
    assert _snapshot() == before
