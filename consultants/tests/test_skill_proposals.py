"""The shared skill catalogue is the platform admin's: a company's manager gets 403 on its writes
(pages and import) and proposes additions instead, which the admin accepts (the skill is created by
the catalogue's service) or rejects with a note the company reads."""

import pytest
from django.urls import reverse

from consultants.models import Skill, SkillAlias, SkillProposal, SkillProposalStatus
from consultants.tests.factories import SkillFactory
from consultants.tests.pages import _login
from dataio.services import data_import

pytestmark = pytest.mark.usefixtures("_english")


@pytest.fixture
def python(db):
    return SkillFactory(name="Python", category="programming_language")


def _catalogue() -> list[tuple]:
    return sorted(Skill.objects.values_list("pk", "name", "category", "description")) + sorted(
        SkillAlias.objects.values_list("skill_id", "alias")
    )


@pytest.mark.parametrize("role", ["manager", "recruiter", "sales", "consultant"])
def test_a_company_member_editing_the_catalogue_answers_403_and_changes_nothing(client, cast, python, role):
    before = _catalogue()
    _login(client, cast.a.user(role))
    data = {"name": "Renamed", "category": "framework", "description": "Planted", "aliases": "Everywhere"}
    assert client.post(reverse("skills:skill-edit", kwargs={"pk": python.pk}), data).status_code == 403
    assert client.post(reverse("skills:skill-create"), data).status_code == 403
    assert client.get(reverse("skills:skill-edit", kwargs={"pk": python.pk})).status_code == 403
    assert _catalogue() == before


def test_the_platform_admin_still_edits_the_catalogue(client, cast, python):
    _login(client, cast.admin)
    data = {"name": "Python 3", "category": "programming_language", "description": "", "aliases": "Py"}
    assert client.post(reverse("skills:skill-edit", kwargs={"pk": python.pk}), data).status_code == 302
    python.refresh_from_db()
    assert (python.name, list(python.aliases.values_list("alias", flat=True))) == ("Python 3", ["Py"])


def test_a_manager_cannot_import_the_catalogue_either(cast, python):
    before = _catalogue()
    content = b"name,category,description,aliases\r\nPython,programming_language,Planted,Snake\r\n"
    report = data_import(kind="skills", name="s.csv", content=content, company=cast.a.company, by=cast.a.manager)
    assert report.file_errors == [
        "Only the platform administrator edits the shared skill catalogue: propose a skill from its page."
    ]
    assert _catalogue() == before


def test_a_manager_proposes_a_skill_and_follows_it(client, cast, python):
    _login(client, cast.a.manager)
    assert b"Propose a skill" in client.get(reverse("skills:skill-list")).content
    data = {"name": "  Rust ", "category": "programming_language", "description": "Systems", "aliases": "rs\nRS\n"}
    response = client.post(reverse("skills:proposal-create"), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("skills:proposal-list")
    assert "Skill Rust proposed: the platform administrator will review it." in response.content.decode()
    proposal = SkillProposal.objects.get()
    assert (proposal.company, proposal.proposed_by, proposal.name, proposal.aliases, proposal.status) == (
        cast.a.company,
        cast.a.manager,
        "Rust",
        ["rs"],
        SkillProposalStatus.PENDING,
    )
    assert not Skill.objects.filter(name="Rust").exists()
    # The other company's manager does not see it.
    _login(client, cast.b.manager)
    assert b"Rust" not in client.get(reverse("skills:proposal-list")).content


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("python", "The catalogue already has this skill (or an alias of that name)."),
        ("Py", "The catalogue already has this skill (or an alias of that name)."),
        ("Go", "This skill has already been proposed and awaits review."),
        ("", "This field is required."),
    ],
)
def test_a_proposal_of_a_known_or_pending_name_is_refused_beside_the_field(client, cast, python, name, message):
    SkillAlias.objects.create(skill=python, alias="Py")
    SkillProposal.objects.create(company=cast.b.company, name="Go", category="programming_language")
    _login(client, cast.a.manager)
    response = client.post(reverse("skills:proposal-create"), {"name": name, "category": "programming_language"})
    assert response.status_code == 200
    assert f'id="id_name_error" role="alert">{message}</p>' in response.content.decode()
    assert SkillProposal.objects.filter(company=cast.a.company).count() == 0


def test_the_admin_accepts_a_proposal_through_the_catalogue_service(client, cast, python):
    proposal = SkillProposal.objects.create(
        company=cast.a.company, proposed_by=cast.a.manager, name="Rust", category="programming_language", aliases=["rs"]
    )
    _login(client, cast.a.manager)
    assert client.post(reverse("skills:proposal-accept", kwargs={"pk": proposal.pk})).status_code == 403
    _login(client, cast.admin)
    assert b"Rust" in client.get(reverse("skills:proposal-list")).content
    response = client.post(reverse("skills:proposal-accept", kwargs={"pk": proposal.pk}), {"note": "Welcome"})
    assert response.status_code == 302
    skill = Skill.objects.get(name="Rust")
    assert list(skill.aliases.values_list("alias", flat=True)) == ["rs"]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.skill, proposal.reviewed_by, proposal.review_note) == (
        SkillProposalStatus.ACCEPTED,
        skill,
        cast.admin,
        "Welcome",
    )
    # Reviewed once: a second answer is refused with a message, and nothing changes.
    response = client.post(reverse("skills:proposal-reject", kwargs={"pk": proposal.pk}), follow=True)
    assert "This proposal has already been reviewed." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == SkillProposalStatus.ACCEPTED


def test_the_admin_rejects_a_proposal_and_the_company_reads_why(client, cast):
    proposal = SkillProposal.objects.create(company=cast.a.company, name="Cobol++", category="other")
    _login(client, cast.admin)
    client.post(reverse("skills:proposal-reject", kwargs={"pk": proposal.pk}), {"note": "Not a real skill"})
    proposal.refresh_from_db()
    assert proposal.status == SkillProposalStatus.REJECTED
    assert not Skill.objects.filter(name="Cobol++").exists()
    _login(client, cast.a.manager)
    content = client.get(reverse("skills:proposal-list")).content.decode()
    assert "Not a real skill" in content and "Rejected" in content


def test_accepting_a_name_taken_since_is_refused_and_keeps_the_proposal_pending(client, cast, python):
    proposal = SkillProposal.objects.create(company=cast.a.company, name="Python", category="programming_language")
    _login(client, cast.admin)
    response = client.post(reverse("skills:proposal-accept", kwargs={"pk": proposal.pk}), follow=True)
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == SkillProposalStatus.PENDING
    assert Skill.objects.filter(name="Python").count() == 1
