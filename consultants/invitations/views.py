"""Invitation pages: send (or send again) and revoke from a consultant's profile, and the link's own
page where the invitee chooses a password (no login needed). Capabilities are declared in urls.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from consultants.invitations import services
from consultants.models import Consultant
from talentmatch.forms import add_service_errors
from talentmatch.mfa.services import mfa_enabled
from talentmatch.models import Invitation, User

PANEL_TEMPLATE = "consultants/invitations/_invitation_panel.html"


def panel_context(consultant: Consultant) -> dict:
    """What the profile's access panel shows: whether the person can log in, and their pending invitation."""
    # Read afresh: the profile page may come from the cache, and accepting changes only the account.
    user = User.objects.filter(pk=consultant.user_id).first() if consultant.user_id else None
    if user is None:
        return {"consultant": consultant, "account": None}
    pending = Invitation.objects.pending().filter(user=user).first()
    return {
        "consultant": consultant,
        "account": user,
        "has_password": user.has_usable_password(),
        "invitation": pending,
    }


def _invitee(request: HttpRequest, pk: int) -> Consultant:
    """The consultant of the user's company (another company's answers 404), with an account."""
    consultant = get_object_or_404(Consultant.objects.visible_to(request.user).select_related("user"), pk=pk)
    if consultant.user is None:
        raise Http404
    return consultant


@require_POST
def invitation_send(request: HttpRequest, pk: int) -> HttpResponse:
    consultant = _invitee(request, pk)
    try:
        services.invitation_send(user=consultant.user, by=request.user, site_url=request.build_absolute_uri("/"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": consultant.user.email})
    return redirect("consultants:consultant-detail", pk=consultant.pk)


@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    consultant = _invitee(request, pk)
    invitation = get_object_or_404(Invitation.objects.visible_to(request.user).pending(), user=consultant.user)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Invitation revoked: its link no longer works."))
    return redirect("consultants:consultant-detail", pk=consultant.pk)


@login_not_required
@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee chooses a password, then lands signed in on their own page (a consultant's profile)."""
    if request.user.is_authenticated:
        return render(request, "consultants/invitations/invitation_accept.html", {"signed_in": True})
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "consultants/invitations/invitation_accept.html", {"invitation": None})
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            if getattr(error, "code", None) == "invalid_link":
                return render(request, "consultants/invitations/invitation_accept.html", {"invitation": None})
            add_service_errors(form, error)
        else:
            if mfa_enabled(user):
                # An account with an authenticator opens only through both steps of the login.
                messages.success(request, _("Your password is set: log in with it and your code."))
                return redirect("login")
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your password is set: you log in with your e-mail from now on."))
            return redirect("home")
    context = {"invitation": invitation, "form": form}
    return render(request, "consultants/invitations/invitation_accept.html", context)
