"""Who may do what (the capability table) and which rows each role reaches (`visible_to`)."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from collaborations.models import Collaboration
from collaborations.tests.factories import CollaborationFactory
from consultants.models import Consultant, Skill, SkillProposal
from consultants.tests.factories import ConsultantFactory, SkillFactory
from history.models import ChangeRecord
from matching.models import Match, Portfolio, ProposalSend
from matching.tests.factories import MatchFactory, PortfolioFactory
from privacy.models import AccessLogEntry, ConsentRecord
from talentmatch import access
from talentmatch.access import Capability
from talentmatch.models import Company, Invitation, User, UserRole
from talentmatch.tests.factories import CompanyFactory
from tenders.models import Tender
from tenders.tests.factories import TenderFactory

ALL_CAPABILITIES = {
    "consultant.view",
    "consultant.create",
    "consultant.change",
    "tender.view",
    "tender.change",
    "match.view",
    "match.move",
    "skill.view",
    "skill.change",
    "skill.propose",
    "resume.view",
    "resume.upload",
    "portfolio.generate",
    "collaboration.view",
    "collaboration.change",
    "data.import",
    "data.export",
    "privacy.export",
    "privacy.erase",
    "privacy.consent",
    "privacy.manage",
    "account.invite",
    "company.branding",
    "platform.admin",
}

EXPECTED_CAPABILITIES = {
    "admin": ALL_CAPABILITIES,
    # The shared skill catalogue is the platform admin's: a manager proposes additions.
    "manager": ALL_CAPABILITIES - {"platform.admin", "skill.change"},
    "recruiter": {
        "consultant.view",
        "consultant.create",
        "consultant.change",
        "account.invite",
        "tender.view",
        "match.view",
        "skill.view",
        "resume.view",
        "resume.upload",
        "portfolio.generate",
        "collaboration.view",
        "data.export",
        "privacy.consent",
    },
    "sales": {
        "consultant.view",
        "tender.view",
        "tender.change",
        "match.view",
        "match.move",
        "skill.view",
        "resume.view",
        "portfolio.generate",
        "collaboration.view",
        "data.export",
    },
    "consultant": {
        "consultant.view",
        "consultant.change",
        "skill.view",
        "resume.view",
        "privacy.export",
        "privacy.consent",
    },
}

COMPANY_ROLES = ["manager", "recruiter", "sales", "consultant"]


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    """Hashing is not under test here, and Argon2's deliberate cost would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user_for(cast, role: str) -> User:
    return cast.admin if role == "admin" else cast.a.user(role)


def test_the_capability_list_is_exactly_the_documented_one():
    assert {capability.value for capability in Capability} == ALL_CAPABILITIES


def test_every_role_has_a_row_in_the_capability_table():
    assert set(access.ROLE_CAPABILITIES) == set(UserRole.values) == set(EXPECTED_CAPABILITIES)


@pytest.mark.parametrize("role", list(EXPECTED_CAPABILITIES))
def test_a_role_holds_exactly_its_capabilities(cast, role):
    user = _user_for(cast, role)
    assert {capability.value for capability in access.capabilities_of(user)} == EXPECTED_CAPABILITIES[role]


@pytest.mark.parametrize("role", list(EXPECTED_CAPABILITIES))
def test_an_inactive_user_holds_no_capability(cast, role):
    user = _user_for(cast, role)
    user.is_active = False
    assert access.capabilities_of(user) == frozenset()
    assert not any(access.can(user, capability) for capability in Capability)


def test_an_anonymous_visitor_holds_no_capability():
    assert access.capabilities_of(AnonymousUser()) == frozenset()
    assert access.capabilities_of(None) == frozenset()
    assert access.company_id_of(AnonymousUser()) is None


def test_only_the_active_platform_admin_sees_every_company(cast):
    assert [role for role in EXPECTED_CAPABILITIES if access.sees_all_companies(_user_for(cast, role))] == ["admin"]
    cast.admin.is_active = False
    assert access.sees_all_companies(cast.admin) is False


def _answer(user, capability: Capability) -> int:
    request = RequestFactory().get("/anything/")
    request.user = user
    view = access.guard(capability, lambda request: HttpResponse("reached"))
    return convert_exception_to_response(view)(request).status_code


@pytest.mark.parametrize("role", list(EXPECTED_CAPABILITIES))
def test_guard_answers_403_for_every_capability_the_role_lacks(cast, role):
    user = _user_for(cast, role)
    answers = {capability.value: _answer(user, capability) for capability in Capability}
    assert {value for value, status in answers.items() if status == 200} == EXPECTED_CAPABILITIES[role]
    assert {value for value, status in answers.items() if status == 403} == ALL_CAPABILITIES - EXPECTED_CAPABILITIES[
        role
    ]


def test_guard_refuses_an_anonymous_visitor_and_an_inactive_user(cast):
    cast.a.manager.is_active = False
    for user in (AnonymousUser(), cast.a.manager):
        assert {_answer(user, capability) for capability in Capability} == {403}


def test_guard_raises_permission_denied_and_keeps_the_capability_on_the_view(cast):
    def tender_edit(request):
        return HttpResponse("reached")

    guarded = access.guard(Capability.TENDER_CHANGE, tender_edit)
    request = RequestFactory().get("/tenders/1/edit/")
    request.user = cast.a.recruiter
    with pytest.raises(PermissionDenied):
        guarded(request)
    assert guarded.capability is Capability.TENDER_CHANGE
    assert guarded.__name__ == "tender_edit"


# --- Rows: `visible_to` for every scoped model, every role, company a vs b vs admin -------------


@dataclass
class World:
    rows: dict[str, dict[str, list[int]]]  # side ("a", "b") → scope name → ids


@pytest.fixture
def world(cast) -> World:
    """Each of a and b: the consultant user's own profile, a colleague, a tender and a match.

    a and b collaborate; b also collaborates with a third company c that a must not see.
    """
    gamma = CompanyFactory(name="Gamma Conseil")
    skills = [SkillFactory(), SkillFactory()]
    rows = {}
    for side_name in ("a", "b"):
        side = getattr(cast, side_name)
        own_profile = ConsultantFactory(company=side.company, user=side.consultant_user)
        colleague = ConsultantFactory(company=side.company)
        tender = TenderFactory(company=side.company)
        match = MatchFactory(tender=tender, consultant=colleague)
        rows[side_name] = {
            "company": [side.company.pk],
            "users": sorted(User.objects.filter(company=side.company).values_list("pk", flat=True)),
            "own account": [side.consultant_user.pk],
            "consultants": sorted([own_profile.pk, colleague.pk]),
            "own profile": [own_profile.pk],
            "tenders": [tender.pk],
            "matches": [match.pk],
            "skills": sorted(skill.pk for skill in skills),
            "proposals": [
                SkillProposal.objects.create(
                    company=side.company, proposed_by=side.manager, name=f"Proposed {side_name}", category="other"
                ).pk
            ],
            "nothing": [],
        }
    shared = CollaborationFactory(initiator_company=cast.b.company, partner_company=cast.a.company)
    CollaborationFactory(initiator_company=cast.b.company, partner_company=gamma)
    rows["a"]["collaborations"] = [shared.pk]
    rows["b"]["collaborations"] = sorted(
        Collaboration.objects.filter(initiator_company=cast.b.company).values_list("pk", flat=True)
    )
    assert len(rows["a"]["users"]) == 5 and len(rows["b"]["users"]) == 5
    assert len(rows["b"]["collaborations"]) == 2
    return World(rows=rows)


@pytest.fixture
def world_with_portfolios(cast, world) -> World:
    """The same world plus one portfolio per company, built apart so that a fault in portfolios
    fails only the portfolio cases."""
    for side_name in ("a", "b"):
        side = getattr(cast, side_name)
        portfolio = PortfolioFactory(
            tender=Tender.objects.get(company=side.company),
            consultant=Consultant.objects.get(user=side.consultant_user),
        )
        world.rows[side_name]["portfolios"] = [portfolio.pk]
    return world


@pytest.fixture
def world_with_history(cast, world) -> World:
    """The same world plus, per company, a change record of the consultant user's own profile and one
    of the tender."""
    for side_name in ("a", "b"):
        side = getattr(cast, side_name)
        own = Consultant.objects.get(user=side.consultant_user)
        tender = Tender.objects.get(company=side.company)
        on_profile = ChangeRecord.objects.create(
            company=side.company, object_kind="consultant", object_id=own.pk, action="updated"
        )
        on_tender = ChangeRecord.objects.create(
            company=side.company, object_kind="tender", object_id=tender.pk, action="updated"
        )
        world.rows[side_name]["history"] = sorted([on_profile.pk, on_tender.pk])
        world.rows[side_name]["own history"] = [on_profile.pk]
    return world


@pytest.fixture
def world_with_privacy(cast, world) -> World:
    """The same world plus, per company, a consent record of each consultant and an access-log line."""
    for side_name in ("a", "b"):
        side = getattr(cast, side_name)
        records = {
            consultant.pk: ConsentRecord.objects.create(consultant=consultant, purpose="proposal", granted=True).pk
            for consultant in Consultant.objects.filter(company=side.company)
        }
        own = Consultant.objects.get(user=side.consultant_user)
        entry = AccessLogEntry.objects.create(company=side.company, user=side.manager, kind="data_export")
        world.rows[side_name]["consents"] = sorted(records.values())
        world.rows[side_name]["own consents"] = [records[own.pk]]
        world.rows[side_name]["access log"] = [entry.pk]
    return world


@pytest.fixture
def world_with_invitations(cast, world) -> World:
    """The same world plus, per company, an invitation of the colleague consultant's account."""
    for side_name in ("a", "b"):
        side = getattr(cast, side_name)
        colleague = Consultant.objects.filter(company=side.company).exclude(user=side.consultant_user).get()
        now = timezone.now()
        invitation = Invitation.objects.create(
            user=colleague.user,
            company=side.company,
            token_hash=f"{side_name}" * 64,
            sent_at=now,
            expires_at=now + timedelta(days=1),
        )
        world.rows[side_name]["invitations"] = [invitation.pk]
    return world


@pytest.fixture
def world_with_sends(cast, world) -> World:
    """The same world plus, per company, a proposal sent for the match of its tender."""
    for side_name in ("a", "b"):
        match = Match.objects.get(tender__company=getattr(cast, side_name).company)
        send = ProposalSend.objects.create(match=match, portfolio_version=1, file_format="pdf", anonymisation="named")
        world.rows[side_name]["sends"] = [send.pk]
    return world


def _world_for(request, model) -> World:
    fixture = {
        Portfolio: "world_with_portfolios",
        ProposalSend: "world_with_sends",
        ChangeRecord: "world_with_history",
        ConsentRecord: "world_with_privacy",
        AccessLogEntry: "world_with_privacy",
        Invitation: "world_with_invitations",
    }.get(model, "world")
    return request.getfixturevalue(fixture)


_STAFF = ("manager", "recruiter", "sales")

# Which of its side's rows each role reaches, model by model. The platform admin reaches every row.
SCOPES: dict[type, dict[str, str]] = {
    Company: {"manager": "company", "recruiter": "company", "sales": "company", "consultant": "company"},
    User: {**dict.fromkeys(_STAFF, "users"), "consultant": "own account"},
    Skill: {"manager": "skills", "recruiter": "skills", "sales": "skills", "consultant": "skills"},
    Consultant: {**dict.fromkeys(_STAFF, "consultants"), "consultant": "own profile"},
    Tender: {**dict.fromkeys(_STAFF, "tenders"), "consultant": "nothing"},
    Match: {**dict.fromkeys(_STAFF, "matches"), "consultant": "nothing"},
    Portfolio: {**dict.fromkeys(_STAFF, "portfolios"), "consultant": "nothing"},
    ProposalSend: {**dict.fromkeys(_STAFF, "sends"), "consultant": "nothing"},
    Collaboration: {**dict.fromkeys(_STAFF, "collaborations"), "consultant": "nothing"},
    ChangeRecord: {**dict.fromkeys(_STAFF, "history"), "consultant": "own history"},
    ConsentRecord: {**dict.fromkeys(_STAFF, "consents"), "consultant": "own consents"},
    AccessLogEntry: {"manager": "access log", "recruiter": "nothing", "sales": "nothing", "consultant": "nothing"},
    # Those who invite (managers and recruiters) see their company's invitations; nobody else any.
    Invitation: {"manager": "invitations", "recruiter": "invitations", "sales": "nothing", "consultant": "nothing"},
    SkillProposal: {"manager": "proposals", "recruiter": "nothing", "sales": "nothing", "consultant": "nothing"},
}


def _visible(model, user) -> list[int]:
    return sorted(model.objects.visible_to(user).values_list("pk", flat=True))


# A person's own rows, whatever their role and company (the platform admin's too): not a company
# scope, so not in the table; test_access_personal.py checks that nobody else reads them.
PERSONAL = {"notifications.Notification", "notifications.SavedSearch"}


def test_every_model_with_a_visible_to_method_is_in_the_scope_table():
    scoped = {model for model in apps.get_models() if hasattr(model._default_manager, "visible_to")}
    assert {model for model in scoped if model._meta.label not in PERSONAL} == set(SCOPES)
    assert {model._meta.label for model in scoped} >= PERSONAL


@pytest.mark.parametrize("side", ["a", "b"])
@pytest.mark.parametrize("role", COMPANY_ROLES)
@pytest.mark.parametrize("model", list(SCOPES), ids=lambda model: model.__name__)
def test_a_company_member_sees_exactly_the_rows_of_their_scope(request, cast, model, role, side):
    world = _world_for(request, model)
    user = getattr(cast, side).user(role)
    assert _visible(model, user) == world.rows[side][SCOPES[model][role]]


@pytest.mark.parametrize("model", list(SCOPES), ids=lambda model: model.__name__)
def test_the_platform_admin_sees_every_row_of_both_companies(request, cast, model):
    world = _world_for(request, model)
    visible = _visible(model, cast.admin)
    assert visible == sorted(model.objects.values_list("pk", flat=True))
    for side in ("a", "b"):
        assert set(world.rows[side][SCOPES[model]["manager"]]) <= set(visible)


@pytest.mark.parametrize("model", list(SCOPES), ids=lambda model: model.__name__)
def test_an_anonymous_visitor_sees_no_row(request, model):
    _world_for(request, model)
    assert model.objects.exists()
    assert _visible(model, AnonymousUser()) == []


def test_a_consultant_user_sees_only_their_own_consultant_profile(cast, world):
    own = Consultant.objects.get(user=cast.a.consultant_user)
    assert _visible(Consultant, cast.a.consultant_user) == [own.pk]
    colleague = Consultant.objects.filter(company=cast.a.company).exclude(pk=own.pk).get()
    assert not Consultant.objects.visible_to(cast.a.consultant_user).filter(pk=colleague.pk).exists()


def test_a_consultant_user_without_a_profile_sees_no_consultant(cast):
    ConsultantFactory(company=cast.a.company)
    assert _visible(Consultant, cast.a.consultant_user) == []
