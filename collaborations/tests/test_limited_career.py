"""A partner's limited profile shows the shared consultant's career without employer names, mission
descriptions or education details, unless the owner shows names."""

from __future__ import annotations

import datetime

from django.urls import reverse

from collaborations.models import CollaborationSharing
from consultants.career.models import Certification, Education, Experience, SpokenLanguage

EMPLOYER = "Banque Secrète du Rhône"
SCHOOL = "École Discrète de Lyon"


def _career(consultant) -> None:
    Experience.objects.create(
        consultant=consultant,
        employer=EMPLOYER,
        sector="Banking",
        role="Lead mobile developer",
        start_date=datetime.date(2021, 1, 1),
        description=f"Mobile banking app for {EMPLOYER}.",
    )
    Education.objects.create(consultant=consultant, school=SCHOOL, degree="Master", field="Computing", end_year=2012)
    Certification.objects.create(consultant=consultant, name="Kotlin Certified", issuer="JetBrains")
    SpokenLanguage.objects.create(consultant=consultant, language="English", level="C1")


def test_the_limited_profile_shows_the_career_by_sector_and_no_school(client, scene, partnership):
    _career(scene.shared)
    client.force_login(scene.cast.a.sales)
    content = client.get(reverse("consultants:consultant-detail", args=[scene.shared.pk])).content.decode()
    for shown in ("Lead mobile developer", "A client in Banking", "Master, Computing", "Kotlin Certified", "C1"):
        assert shown in content, shown
    for hidden in (EMPLOYER, "Banque Secrète", SCHOOL, "2012", "Mobile banking app"):
        assert hidden not in content, hidden


def test_the_owner_showing_names_shows_employers_descriptions_and_schools(client, scene, partnership):
    _career(scene.shared)
    CollaborationSharing.objects.create(collaboration=partnership, company=scene.cast.b.company, show_names=True)
    client.force_login(scene.cast.a.recruiter)
    content = client.get(reverse("consultants:consultant-detail", args=[scene.shared.pk])).content.decode()
    for shown in (EMPLOYER, f"Mobile banking app for {EMPLOYER}.", SCHOOL, "(2012)"):
        assert shown in content, shown
    assert "A client in Banking" not in content
