"""Invitations: the link e-mailed to a consultant works once, until it expires, only while the
invitation is pending and its invitee still of the inviting company; who may send and revoke."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from consultants.invitations.services import (
    invitation_accept,
    invitation_for_token,
    invitation_revoke,
    invitation_send,
)
from consultants.tests.factories import ConsultantFactory
from history.models import ChangeRecord
from talentmatch.models import Invitation, User

SITE = "http://testserver/"
NEW_PASSWORD = "a-long-new-pass-phrase-42"
LINK = re.compile(r"http://testserver/consultants/invitation/([A-Za-z0-9_-]+)/")


@pytest.fixture
def invitee(cast):
    return ConsultantFactory(company=cast.a.company, user__email="lea.moreau@alpha.test", user__first_name="Léa")


def _token(mail) -> str:
    return LINK.search(mail.body).group(1)


def _state():
    return (
        list(Invitation.objects.order_by("pk").values_list()),
        list(User.objects.order_by("pk").values_list("pk", "password")),
    )


def test_an_invitation_mails_a_link_whose_token_only_its_digest_is_kept(cast, invitee, mailoutbox):
    invitation = invitation_send(user=invitee.user, by=cast.a.recruiter, site_url=SITE)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["lea.moreau@alpha.test"]
    token = _token(mailoutbox[0])
    assert len(token) == 43
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(list(Invitation.objects.values_list()))
    assert invitation.company == cast.a.company and invitation.invited_by == cast.a.recruiter
    assert invitation.expires_at - invitation.sent_at == timedelta(days=7)
    assert invitation_for_token(token) == invitation


def test_accepting_sets_the_password_once_and_the_link_is_then_used_up(cast, invitee, mailoutbox):
    invitation_send(user=invitee.user, by=cast.a.manager, site_url=SITE)
    token = _token(mailoutbox[0])
    user = invitation_accept(token=token, password=NEW_PASSWORD)
    assert user == invitee.user
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert Invitation.objects.get().accepted_at is not None
    before = _state()
    with pytest.raises(ValidationError) as error:
        invitation_accept(token=token, password="another-long-pass-phrase-7")
    assert error.value.code == "invalid_link"
    assert _state() == before


def test_an_expired_link_is_refused_and_changes_nothing(cast, invitee, mailoutbox):
    invitation = invitation_send(user=invitee.user, by=cast.a.manager, site_url=SITE)
    token = _token(mailoutbox[0])
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    before = _state()
    assert invitation_for_token(token) is None
    with pytest.raises(ValidationError):
        invitation_accept(token=token, password=NEW_PASSWORD)
    assert _state() == before
    invitee.user.refresh_from_db()
    assert not invitee.user.has_usable_password()


def test_a_link_works_until_its_expiry(cast, invitee, mailoutbox, settings):
    settings.INVITATION_TIMEOUT = 3600
    invitation = invitation_send(user=invitee.user, by=cast.a.manager, site_url=SITE)
    assert invitation.expires_at - invitation.sent_at == timedelta(hours=1)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + timedelta(seconds=30))
    assert invitation_accept(token=_token(mailoutbox[0]), password=NEW_PASSWORD) == invitee.user


def test_a_revoked_link_is_refused(cast, invitee, mailoutbox):
    invitation = invitation_send(user=invitee.user, by=cast.a.manager, site_url=SITE)
    invitation_revoke(invitation=invitation, by=cast.a.recruiter)
    before = _state()
    with pytest.raises(ValidationError) as error:
        invitation_accept(token=_token(mailoutbox[0]), password=NEW_PASSWORD)
    assert error.value.code == "invalid_link"
    assert _state() == before
    with pytest.raises(ValidationError):
        invitation_revoke(invitation=invitation, by=cast.a.recruiter)


def test_sending_again_replaces_the_link_on_the_same_invitation(cast, invitee, mailoutbox):
    first = invitation_send(user=invitee.user, by=cast.a.manager, site_url=SITE)
    second = invitation_send(user=invitee.user, by=cast.a.recruiter, site_url=SITE)
    assert second.pk == first.pk and second.send_count == 2 and Invitation.objects.count() == 1
    old, new = _token(mailoutbox[0]), _token(mailoutbox[1])
    assert old != new
    assert invitation_for_token(old) is None
    assert invitation_for_token(new) == second


def test_a_link_stops_working_when_the_invitee_leaves_the_inviting_company(cast, invitee, mailoutbox):
    invitation_send(user=invitee.user, by=cast.a.manager, site_url=SITE)
    User.objects.filter(pk=invitee.user.pk).update(company=cast.b.company)
    with pytest.raises(ValidationError):
        invitation_accept(token=_token(mailoutbox[0]), password=NEW_PASSWORD)


def test_a_link_stops_working_when_the_account_is_disabled(cast, invitee, mailoutbox):
    invitation_send(user=invitee.user, by=cast.a.manager, site_url=SITE)
    User.objects.filter(pk=invitee.user.pk).update(is_active=False)
    assert invitation_for_token(_token(mailoutbox[0])) is None


@pytest.mark.parametrize("token", ["", "x", "invalid-token", "a" * 43, "a" * 500])
def test_an_unknown_token_opens_nothing(cast, invitee, mailoutbox, token):
    invitation_send(user=invitee.user, by=cast.a.manager, site_url=SITE)
    assert invitation_for_token(token) is None


@pytest.mark.parametrize("who", ["b.manager", "b.recruiter", "a.sales", "a.consultant_user"])
def test_only_those_who_invite_in_the_invitees_company_may_send_or_revoke(cast, invitee, mailoutbox, who):
    side, role = who.split(".")
    by = getattr(getattr(cast, side), role)
    with pytest.raises(PermissionDenied):
        invitation_send(user=invitee.user, by=by, site_url=SITE)
    assert Invitation.objects.count() == 0 and mailoutbox == []
    invitation = invitation_send(user=invitee.user, by=cast.a.manager, site_url=SITE)
    with pytest.raises(PermissionDenied):
        invitation_revoke(invitation=invitation, by=by)
    assert Invitation.objects.get().revoked_at is None


def test_the_platform_admin_may_invite_in_any_company(cast, invitee, mailoutbox):
    invitation = invitation_send(user=invitee.user, by=cast.admin, site_url=SITE)
    assert invitation.company == cast.a.company and len(mailoutbox) == 1


@pytest.mark.usefixtures("_english")
def test_someone_who_has_a_password_is_pointed_to_the_password_reset(cast, mailoutbox):
    with pytest.raises(ValidationError) as error:
        invitation_send(user=cast.a.sales, by=cast.a.manager, site_url=SITE)
    assert "Forgotten your password?" in error.value.messages[0]
    assert Invitation.objects.count() == 0 and mailoutbox == []


@pytest.mark.usefixtures("_english")
def test_a_weak_password_is_refused_and_the_link_keeps_working(cast, invitee, mailoutbox):
    invitation_send(user=invitee.user, by=cast.a.manager, site_url=SITE)
    token = _token(mailoutbox[0])
    before = _state()
    with pytest.raises(ValidationError) as error:
        invitation_accept(token=token, password="short")
    assert "password" in error.value.message_dict
    assert _state() == before
    assert invitation_accept(token=token, password=NEW_PASSWORD) == invitee.user


@pytest.mark.usefixtures("_english")
def test_an_email_that_cannot_leave_keeps_no_invitation(cast, invitee, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 6391, 2  # nothing listens
    with pytest.raises(ValidationError) as error:
        invitation_send(user=invitee.user, by=cast.a.manager, site_url=SITE)
    assert error.value.messages == ["The invitation e-mail could not be sent. Please try again later."]
    assert Invitation.objects.count() == 0
    assert not ChangeRecord.objects.filter(object_kind="consultant", object_id=invitee.pk).exists()


def test_every_step_is_kept_in_the_profiles_history(cast, invitee, mailoutbox):
    invitation = invitation_send(user=invitee.user, by=cast.a.manager, site_url=SITE)
    invitation_revoke(invitation=invitation, by=cast.a.manager)
    invitation_send(user=invitee.user, by=cast.a.recruiter, site_url=SITE)
    invitation_send(user=invitee.user, by=cast.a.recruiter, site_url=SITE)
    invitation_accept(token=_token(mailoutbox[-1]), password=NEW_PASSWORD)
    records = ChangeRecord.objects.filter(object_kind="consultant", object_id=invitee.pk).order_by("pk")
    assert [(record.action, record.actor_id, record.company_id) for record in records] == [
        ("invitation_sent", cast.a.manager.pk, cast.a.company.pk),
        ("invitation_revoked", cast.a.manager.pk, cast.a.company.pk),
        ("invitation_sent", cast.a.recruiter.pk, cast.a.company.pk),
        ("invitation_resent", cast.a.recruiter.pk, cast.a.company.pk),
        ("invitation_accepted", invitee.user.pk, cast.a.company.pk),
    ]
    assert Invitation.objects.count() == 2


# --- the pages ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("_english")
def test_a_recruiter_invites_from_the_profile_and_then_sees_the_pending_invitation(client, cast, invitee, mailoutbox):
    client.force_login(cast.a.recruiter)
    page = client.get(reverse("consultants:consultant-detail", args=[invitee.pk])).content.decode()
    assert "Invite lea.moreau@alpha.test" in page
    response = client.post(reverse("consultants:invitation-send", args=[invitee.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("consultants:consultant-detail", args=[invitee.pk])
    assert len(mailoutbox) == 1
    page = client.get(response["Location"]).content.decode()
    assert "Invitation sent to lea.moreau@alpha.test." in page
    assert "Send the invitation again" in page and "Revoke the invitation" in page
    client.post(reverse("consultants:invitation-revoke", args=[invitee.pk]))
    assert Invitation.objects.get().revoked_at is not None
    assert "Invite lea.moreau@alpha.test" in client.get(response["Location"]).content.decode()


def test_another_companys_consultant_cannot_be_invited_through_the_page(client, cast, mailoutbox):
    other = ConsultantFactory(company=cast.b.company)
    client.force_login(cast.a.manager)
    assert client.post(reverse("consultants:invitation-send", args=[other.pk])).status_code == 404
    assert client.post(reverse("consultants:invitation-revoke", args=[other.pk])).status_code == 404
    assert Invitation.objects.count() == 0 and mailoutbox == []


def test_the_sales_role_sees_no_invitation_panel_and_is_refused(client, cast, invitee, mailoutbox):
    client.force_login(cast.a.sales)
    page = client.get(reverse("consultants:consultant-detail", args=[invitee.pk])).content.decode()
    assert 'id="access-panel"' not in page
    assert client.post(reverse("consultants:invitation-send", args=[invitee.pk])).status_code == 403
    assert mailoutbox == []


@pytest.mark.usefixtures("_english")
def test_the_invitee_sets_a_password_from_the_link_and_lands_on_their_own_profile(client, cast, invitee, mailoutbox):
    invitation_send(user=invitee.user, by=cast.a.manager, site_url=SITE)
    url = reverse("consultants:invitation-accept", args=[_token(mailoutbox[0])])
    page = client.get(url).content.decode()
    assert "Alpha Conseil invites you to TalentMatch" in page and "lea.moreau@alpha.test" in page
    mismatch = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
    assert mismatch.status_code == 200 and "_auth_user_id" not in client.session
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert response.redirect_chain == [
        (reverse("home"), 302),
        (reverse("consultants:consultant-detail", args=[invitee.pk]), 302),
    ]
    assert int(client.session["_auth_user_id"]) == invitee.user.pk
    assert client.get(reverse("consultants:consultant-edit", args=[invitee.pk])).status_code == 200
    client.post(reverse("logout"))
    assert "This invitation link is invalid" in client.get(url).content.decode()
    login = client.post(reverse("login"), {"username": "lea.moreau@alpha.test", "password": NEW_PASSWORD})
    assert login.status_code == 302


@pytest.mark.usefixtures("_english")
def test_a_signed_in_visitor_is_told_to_log_out_and_the_link_is_kept(client, cast, invitee, mailoutbox):
    invitation_send(user=invitee.user, by=cast.a.manager, site_url=SITE)
    url = reverse("consultants:invitation-accept", args=[_token(mailoutbox[0])])
    client.force_login(cast.a.sales)
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert "Log out first to use this invitation." in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_an_invitee_with_an_authenticator_still_logs_in_through_the_code(client, cast, invitee, mailoutbox):
    from talentmatch.tests.mfa import enrol

    enrol(invitee.user)
    invitation_send(user=invitee.user, by=cast.a.manager, site_url=SITE)
    url = reverse("consultants:invitation-accept", args=[_token(mailoutbox[0])])
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    invitee.user.refresh_from_db()
    assert invitee.user.check_password(NEW_PASSWORD)
