"""Who may see and do what: the one place that decides.

Two questions, answered separately:
- *which rows* a user may reach: each company-owned model's `visible_to(user)` queryset method,
  built on `sees_all_companies` below (another company's row answers 404, like a missing one);
- *which actions* a role may take: the capability table below (a missing capability answers 403).

Routes declare their capability with `guard(...)` in each app's `urls.py`.
"""

from __future__ import annotations

from enum import StrEnum
from functools import wraps

from django.core.exceptions import PermissionDenied


class Capability(StrEnum):
    CONSULTANT_VIEW = "consultant.view"
    CONSULTANT_CREATE = "consultant.create"
    CONSULTANT_CHANGE = "consultant.change"
    TENDER_VIEW = "tender.view"
    TENDER_CHANGE = "tender.change"
    MATCH_VIEW = "match.view"
    MATCH_MOVE = "match.move"
    SKILL_VIEW = "skill.view"
    SKILL_CHANGE = "skill.change"
    SKILL_PROPOSE = "skill.propose"
    RESUME_VIEW = "resume.view"
    RESUME_UPLOAD = "resume.upload"
    PORTFOLIO_GENERATE = "portfolio.generate"
    COLLABORATION_VIEW = "collaboration.view"
    COLLABORATION_CHANGE = "collaboration.change"
    DATA_IMPORT = "data.import"
    DATA_EXPORT = "data.export"
    # Privacy: a person's data exported or erased, their consents recorded; the company's privacy
    # settings, departures and access log (see privacy/urls.py).
    PERSONAL_DATA_EXPORT = "privacy.export"
    PERSONAL_DATA_ERASE = "privacy.erase"
    CONSENT_RECORD = "privacy.consent"
    PRIVACY_MANAGE = "privacy.manage"
    ACCOUNT_INVITE = "account.invite"
    # The company's branding on its dossiers (logo, colours): managers.
    COMPANY_BRANDING = "company.branding"
    PLATFORM_ADMIN = "platform.admin"


C = Capability

# The skill catalogue is shared by every company: only the platform admin edits it (SKILL_CHANGE);
# a manager proposes additions to the admin's review queue (SKILL_PROPOSE).
_MANAGER = frozenset(set(Capability) - {C.PLATFORM_ADMIN, C.SKILL_CHANGE})

# The role → capability table. A consultant's CONSULTANT_VIEW/CHANGE reach only their own
# profile, because `Consultant.objects.visible_to` narrows their rows to it.
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    "admin": frozenset(Capability),
    "manager": _MANAGER,
    "recruiter": frozenset(
        {
            C.CONSULTANT_VIEW,
            C.CONSULTANT_CREATE,
            C.CONSULTANT_CHANGE,
            C.ACCOUNT_INVITE,
            C.TENDER_VIEW,
            C.MATCH_VIEW,
            C.SKILL_VIEW,
            C.RESUME_VIEW,
            C.RESUME_UPLOAD,
            C.PORTFOLIO_GENERATE,
            C.COLLABORATION_VIEW,
            C.DATA_EXPORT,
            C.CONSENT_RECORD,
        }
    ),
    "sales": frozenset(
        {
            C.CONSULTANT_VIEW,
            C.TENDER_VIEW,
            C.TENDER_CHANGE,
            C.MATCH_VIEW,
            C.MATCH_MOVE,
            C.SKILL_VIEW,
            C.RESUME_VIEW,
            C.PORTFOLIO_GENERATE,
            C.COLLABORATION_VIEW,
            C.DATA_EXPORT,
        }
    ),
    # A consultant also downloads their own data and records their own consents.
    "consultant": frozenset(
        {C.CONSULTANT_VIEW, C.CONSULTANT_CHANGE, C.SKILL_VIEW, C.RESUME_VIEW, C.PERSONAL_DATA_EXPORT, C.CONSENT_RECORD}
    ),
}


def capabilities_of(user) -> frozenset[Capability]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return ROLE_CAPABILITIES.get(user.role, frozenset())


def can(user, capability: Capability) -> bool:
    return capability in capabilities_of(user)


def sees_all_companies(user) -> bool:
    """The platform administrator reaches every company (seed section 8.3); nobody else does."""
    return can(user, Capability.PLATFORM_ADMIN)


def company_id_of(user) -> int | None:
    """The tenant a user acts for, or None for anonymous and company-less users."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.company_id


def guard(capability: Capability, view):
    """Wrap a view so that it answers 403 unless the user's role holds `capability`.

    The capability is kept on the wrapper so the permission tests can read every route's rule.
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not can(request.user, capability):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    guarded.capability = capability
    return guarded
