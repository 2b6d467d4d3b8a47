"""Every write on user accounts made outside the consultants' own services (which write the account
of the consultant they create or update): today the platform administrator's, in Django admin."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from talentmatch import access, events
from talentmatch.models import Company, User

# The account fields these services write; the password has its own forms (Django's).
USER_FIELDS = ("email", "first_name", "last_name", "phone", "role", "company", "is_active")


def _check_may_manage(by: User | None) -> None:
    if by is not None and not access.can(by, access.Capability.PLATFORM_ADMIN):
        raise PermissionDenied


def _values(user: User) -> dict:
    return {name: getattr(user, user._meta.get_field(name).attname) for name in USER_FIELDS}


def _check_email_free(user: User) -> None:
    if User.objects.filter(email__lower_exact=user.email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": _("A user with this e-mail address already exists.")})


@transaction.atomic
def user_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    company: Company | None = None,
    phone: str = "",
    password: str | None = None,
    by: User | None = None,
) -> User:
    """Create an account (no usable password when `password` is None); validated before it is saved.
    `by` (None for the system) must be the platform administrator."""
    _check_may_manage(by)
    user = User(
        email=User.objects.normalize_email(email).strip().lower(),
        first_name=first_name,
        last_name=last_name,
        role=role,
        company=company,
        phone=phone,
    )
    _check_email_free(user)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_update(*, user: User, by: User | None = None, **fields) -> User:
    """Change an account's USER_FIELDS; every field error is raised at once, before anything is written.

    The change is compared with the saved row and announced (`events.account_changed`), so that a
    consultant's list order, page, search document and history follow their account. `by` (None for
    the system) must be the platform administrator.
    """
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown user fields: {sorted(unknown)}")
    _check_may_manage(by)
    saved = User.objects.select_for_update().get(pk=user.pk)
    before = _values(saved)
    for name, value in fields.items():
        setattr(user, name, value)
    user.email = User.objects.normalize_email(user.email or "").strip().lower()
    errors: dict = {}
    try:
        _check_email_free(user)
    except ValidationError as error:
        error.update_error_dict(errors)
    try:
        user.full_clean(exclude=["password", *errors])
    except ValidationError as error:
        error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    user.save()
    after = _values(user)
    changes = {name: [before[name], after[name]] for name in USER_FIELDS if before[name] != after[name]}
    events.account_changed(user.pk, by=by, changes=changes)
    return user
