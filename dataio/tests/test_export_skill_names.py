"""A French reader's export carries the skills' French names in a `skills_fr` column after `skills`,
which keeps the canonical names (the key): the file imports back unchanged, and an English export
has no such column."""

import csv
import io

import pytest
from django.urls import reverse

from consultants.models import Consultant, SkillCategory
from consultants.services import consultant_skill_set
from consultants.tests.factories import SkillFactory
from dataio import columns as col
from dataio.tests.conftest import staff, upload, xlsx_rows
from talentmatch.models import User
from tenders.models import Tender
from tenders.services import tender_skill_set


@pytest.fixture
def french_catalogue(catalogue):
    """The small catalogue, with two soft skills that have French names (real catalogue pairs)."""
    catalogue["Problem solving"] = SkillFactory(
        name="Problem solving", name_fr="Résolution de problèmes", category=SkillCategory.SOFT_SKILL
    )
    catalogue["Rigour"] = SkillFactory(name="Rigour", name_fr="Rigueur", category=SkillCategory.SOFT_SKILL)
    return catalogue


def _staffed(cast, catalogue):
    helene, _bruno, tender = staff(cast.a.company, catalogue)
    consultant_skill_set(consultant=helene, skill=catalogue["Problem solving"], proficiency_level="expert")
    tender_skill_set(tender=tender, skill=catalogue["Rigour"], importance="preferred")
    return helene, tender


def _export(client, kind: str, fmt: str, language: str) -> bytes:
    response = client.get(reverse("dataio:data-export", args=[kind, fmt]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content


def _csv(content: bytes) -> list[dict]:
    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if text.split("\n")[0].count(";") else ","))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _empty_company_a(cast):
    users = list(Consultant.objects.filter(company=cast.a.company).values_list("user_id", flat=True))
    Consultant.objects.filter(company=cast.a.company).delete()
    User.objects.filter(pk__in=users).delete()
    Tender.objects.filter(company=cast.a.company).delete()


def test_a_french_export_adds_the_french_names_after_the_canonical_skills_and_an_english_one_does_not(
    client, cast, french_catalogue
):
    _staffed(cast, french_catalogue)
    client.force_login(cast.a.manager)
    french = {row["first_name"]: row for row in _csv(_export(client, "consultants", "csv", "fr"))}
    assert (french["Hélène"]["skills"], french["Hélène"]["skills_fr"]) == (
        "Django:advanced; Problem solving:expert; Python:expert:12",
        "Django; Résolution de problèmes; Python",
    )
    assert french["Zoé"]["skills_fr"] == ""
    english = {row["first_name"]: row for row in _csv(_export(client, "consultants", "csv", "en"))}
    assert "skills_fr" not in english["Hélène"]
    assert english["Hélène"]["skills"] == french["Hélène"]["skills"]

    tenders = {row["title"]: row for row in _csv(_export(client, "tenders", "csv", "fr"))}
    assert (tenders["Refonte du portail"]["skills"], tenders["Refonte du portail"]["skills_fr"]) == (
        "Docker:nice_to_have; Python:required:advanced; Rigour:preferred",
        "Docker; Python; Rigueur",
    )
    header = xlsx_rows(_export(client, "tenders", "xlsx", "fr"))[0]
    assert header[-2:] == ["skills", col.SKILLS_FR]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_french_export_imports_back_unchanged_and_exports_again_the_same(client, cast, french_catalogue, fmt):
    _staffed(cast, french_catalogue)
    client.force_login(cast.a.manager)
    consultants, tenders = _export(client, "consultants", fmt, "fr"), _export(client, "tenders", fmt, "fr")
    again = upload(client, "consultants", f"export.{fmt}", consultants).context["report"]
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 0)
    again = upload(client, "tenders", f"export.{fmt}", tenders).context["report"]
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 0)

    _empty_company_a(cast)
    client.force_login(cast.b.manager)
    created = upload(client, "consultants", f"export.{fmt}", consultants).context["report"]
    assert (created.created, created.rejected) == (3, 0)
    helene = Consultant.objects.get(company=cast.b.company, user__first_name="Hélène")
    assert sorted(helene.consultant_skills.values_list("skill__name", "proficiency_level")) == [
        ("Django", "advanced"),
        ("Problem solving", "expert"),
        ("Python", "expert"),
    ]
    second = _export(client, "consultants", fmt, "fr")
    if fmt == "csv":
        assert second == consultants
    else:
        assert xlsx_rows(second) == xlsx_rows(consultants)
