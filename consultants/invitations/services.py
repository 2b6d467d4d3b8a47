"""Every write on invitations. The link carries a random token; the database keeps only its SHA-256
digest, so a copy of the table opens no account. A link works once, until it expires, and stops
working when the invitation is sent again (a new link) or revoked."""

from __future__ import annotations

import hashlib
import logging
import secrets
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from history.services import record_change, register_action
from talentmatch import access
from talentmatch.models import Invitation, User

logger = logging.getLogger(__name__)

TOKEN_BYTES = 32

SENT, RESENT, REVOKED, ACCEPTED = "invitation_sent", "invitation_resent", "invitation_revoked", "invitation_accepted"
register_action(SENT, gettext_lazy("Invitation sent"))
register_action(RESENT, gettext_lazy("Invitation sent again"))
register_action(REVOKED, gettext_lazy("Invitation revoked"))
register_action(ACCEPTED, gettext_lazy("Invitation accepted"))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(token: str, *, for_update: bool = False) -> Invitation | None:
    """The invitation a link's token opens: pending, not expired, its invitee active and still of the
    company that invited them; None otherwise (whatever the reason, so a link tells nothing)."""
    if not token or len(token) > 100:
        return None
    invitations = Invitation.objects.select_related("user")
    if for_update:
        invitations = invitations.select_for_update()
    invitation = invitations.pending().filter(token_hash=token_digest(token), expires_at__gt=timezone.now()).first()
    if invitation is None or not invitation.user.is_active or invitation.user.company_id != invitation.company_id:
        return None
    return invitation


def _may_invite(by: User, user: User) -> bool:
    return access.can(by, access.Capability.ACCOUNT_INVITE) and User.objects.visible_to(by).filter(pk=user.pk).exists()


def _record(invitation: Invitation, action: str, actor: User | None) -> None:
    """The change goes on the invitee's consultant profile, where the project keeps a person's history."""
    profile = getattr(invitation.user, "consultant_profile", None)
    if profile is not None:
        record_change(obj=profile, action=action, actor=actor, subject=invitation.user.email)


def _send_email(invitation: Invitation, *, token: str, site_url: str) -> None:
    context = {
        "user": invitation.user,
        "company": invitation.company,
        "link": site_url.rstrip("/") + reverse("consultants:invitation-accept", kwargs={"token": token}),
        "expires_at": invitation.expires_at,
    }
    subject = " ".join(render_to_string("consultants/invitations/invitation_subject.txt", context).split())
    body = render_to_string("consultants/invitations/invitation_email.txt", context)
    try:
        send_mail(subject, body, None, [invitation.user.email])
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("invitation e-mail not sent: %s", type(error).__name__)
        raise ValidationError(_("The invitation e-mail could not be sent. Please try again later.")) from error


@transaction.atomic
def invitation_send(*, user: User, by: User, site_url: str) -> Invitation:
    """Invite `user` to choose their password, or send their pending invitation again with a new link
    (the previous one stops working) and a new expiry. The e-mail leaves before the commit: if it
    cannot be sent, nothing is kept.

    `by` must hold ACCOUNT_INVITE and see `user`; the user must be active, of a company and without a
    usable password (someone who has one uses the password reset)."""
    if not _may_invite(by, user):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active or user.company_id is None:
        raise ValidationError(_("This account is disabled: it cannot be invited."))
    if user.has_usable_password():
        raise ValidationError(
            _("This person already has a password: they log in, or use “Forgotten your password?” on the login page.")
        )
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = timezone.now()
    expires_at = now + timedelta(seconds=settings.INVITATION_TIMEOUT)
    invitation = Invitation.objects.pending().filter(user=user).first()
    if invitation is None:
        invitation = Invitation.objects.create(
            user=user,
            company_id=user.company_id,
            invited_by=by if by.pk else None,
            token_hash=token_digest(token),
            sent_at=now,
            expires_at=expires_at,
        )
        action = SENT
    else:
        invitation.token_hash = token_digest(token)
        invitation.sent_at = now
        invitation.expires_at = expires_at
        invitation.send_count += 1
        invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "send_count"])
        action = RESENT
    _record(invitation, action, by)
    _send_email(invitation, token=token, site_url=site_url)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    """Withdraw a pending invitation: its link stops working at once."""
    if not Invitation.objects.visible_to(by).filter(pk=invitation.pk).exists() or not _may_invite(by, invitation.user):
        raise PermissionDenied
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation has already been accepted or revoked."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    _record(invitation, REVOKED, by)
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the invitee's password from a valid link, which is then used up. Raises ValidationError
    (code "invalid_link") for a used, revoked, expired or unknown link, and the password validators'
    errors (field "password") for a weak password; nothing is written in either case."""
    invitation = invitation_for_token(token, for_update=True)
    if invitation is None:
        raise ValidationError(
            _("This invitation link is invalid: it has been used, revoked or replaced, or it has expired."),
            code="invalid_link",
        )
    user = invitation.user
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.save(update_fields=["password", "updated_at"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    _record(invitation, ACCEPTED, user)
    return user
