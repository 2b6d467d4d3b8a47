"""The database refuses bad rows of users and of collaborations between companies (see
test_constraints.py for how each write is made and checked)."""

import datetime
import itertools

import pytest
from django.db import IntegrityError, transaction

from collaborations.models import Collaboration, CollaborationSharing
from collaborations.tests.factories import CollaborationFactory
from talentmatch.models import Invitation, User, UserRole
from talentmatch.tests.constraints import _collaboration_sharing, assert_insert_refused, assert_update_refused
from talentmatch.tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.usefixtures("_quick_password_hashing")


# --- Users ------------------------------------------------------------------------------------


def test_an_email_address_is_unique_whatever_its_case(db):
    existing = UserFactory(email="camille.martin@alpha.test")
    assert_insert_refused(
        "users_email_ci_key",
        lambda: User.objects.create(
            email="Camille.Martin@Alpha.TEST",
            first_name="C",
            last_name="M",
            role=UserRole.SALES,
            company=existing.company,
        ),
    )


def test_the_same_email_address_twice_is_refused(db):
    existing = UserFactory(email="same@alpha.test")
    before = User.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(
            email="same@alpha.test", first_name="A", last_name="B", role="sales", company=existing.company
        )
    assert User.objects.count() == before


@pytest.mark.parametrize("role", [UserRole.MANAGER, UserRole.RECRUITER, UserRole.SALES, UserRole.CONSULTANT])
def test_only_the_platform_admin_may_belong_to_no_company(db, role):
    assert_insert_refused(
        "users_company_required_unless_admin",
        lambda: User.objects.create(email=f"{role}@nowhere.test", first_name="N", last_name="O", role=role),
    )


def test_a_member_cannot_be_detached_from_their_company(db):
    assert_update_refused("users_company_required_unless_admin", UserFactory(role=UserRole.MANAGER), company=None)


def test_the_platform_admin_belongs_to_no_company(db):
    admin = User.objects.create(email="root@platform.test", first_name="R", last_name="T", role=UserRole.ADMIN)
    assert User.objects.get(pk=admin.pk).company_id is None


# --- Collaborations ---------------------------------------------------------------------------


def test_a_company_cannot_collaborate_with_itself(db):
    company = CompanyFactory()
    assert_insert_refused(
        "collaborations_distinct_companies",
        lambda: Collaboration.objects.create(initiator_company=company, partner_company=company, status="active"),
    )


@pytest.mark.parametrize("direction", ["same", "reversed"])
def test_two_companies_have_at_most_one_collaboration_whoever_initiated_it(db, direction):
    existing = CollaborationFactory()
    initiator, partner = existing.initiator_company, existing.partner_company
    if direction == "reversed":
        initiator, partner = partner, initiator
    assert_insert_refused(
        "collaborations_pair_key",
        lambda: Collaboration.objects.create(initiator_company=initiator, partner_company=partner, status="pending"),
    )


def test_a_company_may_collaborate_with_several_partners(db):
    existing = CollaborationFactory()
    third = CompanyFactory()
    Collaboration.objects.create(initiator_company=third, partner_company=existing.initiator_company)
    Collaboration.objects.create(initiator_company=existing.partner_company, partner_company=third)
    assert Collaboration.objects.count() == 3


def test_a_collaboration_cannot_end_before_it_starts(db):
    collaboration = CollaborationFactory(start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 12, 31))
    assert_update_refused("collaborations_end_after_start", collaboration, end_date=datetime.date(2025, 12, 31))


def test_a_collaboration_may_end_the_day_it_starts_or_stay_open_ended(db):
    collaboration = CollaborationFactory(start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 1, 1))
    rows = Collaboration.objects.filter(pk=collaboration.pk)
    rows.update(end_date=None)
    assert rows.values_list("start_date", "end_date").get() == (datetime.date(2026, 1, 1), None)


def test_each_side_of_a_collaboration_has_one_row_of_sharing_settings(db):
    existing = _collaboration_sharing()
    assert_insert_refused(
        "collaboration_sharing_side_key",
        lambda: CollaborationSharing.objects.create(
            collaboration=existing.collaboration, company=existing.company, mode="selection"
        ),
    )


def test_both_sides_of_a_collaboration_may_set_their_sharing(db):
    existing = _collaboration_sharing()
    collaboration = existing.collaboration
    CollaborationSharing.objects.create(collaboration=collaboration, company=collaboration.initiator_company)
    assert CollaborationSharing.objects.filter(collaboration=collaboration).count() == 2


# --- Invitations ------------------------------------------------------------------------------

_DIGESTS = (f"{n:064x}" for n in itertools.count(1))


def _invitation(user, **fields) -> Invitation:
    now = datetime.datetime.now(datetime.UTC)
    values = {"sent_at": now, "expires_at": now + datetime.timedelta(days=7), **fields}
    return Invitation.objects.create(user=user, company=user.company, token_hash=next(_DIGESTS), **values)


def test_an_account_has_at_most_one_pending_invitation(db):
    user = UserFactory(role=UserRole.CONSULTANT)
    _invitation(user)
    assert_insert_refused("invitations_one_pending_per_user", lambda: _invitation(user))


def test_an_account_may_have_past_invitations_beside_its_pending_one(db):
    user = UserFactory(role=UserRole.CONSULTANT)
    now = datetime.datetime.now(datetime.UTC)
    _invitation(user, revoked_at=now)
    _invitation(user, accepted_at=now)
    _invitation(user)
    assert Invitation.objects.filter(user=user).count() == 3


def test_an_invitation_is_not_both_accepted_and_revoked(db):
    now = datetime.datetime.now(datetime.UTC)
    invitation = _invitation(UserFactory(role=UserRole.CONSULTANT), accepted_at=now)
    assert_update_refused("invitations_accepted_or_revoked_not_both", invitation, revoked_at=now)


def test_an_invitation_is_sent_at_least_once(db):
    invitation = _invitation(UserFactory(role=UserRole.CONSULTANT))
    assert_update_refused("invitations_send_count_positive", invitation, send_count=0)
