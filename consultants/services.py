"""Every write on consultants and their skills goes through these functions."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultants.cache import catalogue_invalidate, consultants_invalidate
from consultants.models import Consultant, ConsultantSkill, Skill, SkillAlias
from consultants.skills.services import skill_row_remove, skill_row_set
from history.services import ChangeAction, created, diff, record_change, snapshot
from talentmatch import access, events
from talentmatch.models import Company, User, UserRole
from talentmatch.text import name_sort_key

CONSULTANT_FIELDS = (
    "title",
    "experience_years",
    "availability_status",
    "availability_date",
    "hourly_rate",
    "daily_rate",
    "bio",
    "location",
    "remote_work",
    "max_travel_distance",
    "profile_picture_url",
)

# The one answer for an address that some account already holds, in this company or any other: it
# names no company and no person, so that a company cannot tell another's accounts from its own
# (a taken address cannot be told from a free one only by a flow that the address's owner confirms).
EMAIL_UNAVAILABLE = gettext_lazy("This e-mail address is not available: use another one.")


@transaction.atomic
def consultant_create(
    *,
    company: Company,
    first_name: str,
    last_name: str,
    email: str,
    phone: str = "",
    by: User | None = None,
    **fields,
) -> Consultant:
    """Create a consultant and the user account that carries their name and e-mail.

    The account has the consultant role and no usable password until the consultant is invited.
    """
    unknown = set(fields) - set(CONSULTANT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown consultant fields: {sorted(unknown)}")
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__lower_exact=email).exists():
        raise ValidationError({"email": EMAIL_UNAVAILABLE})
    user = User(
        email=email, first_name=first_name, last_name=last_name, phone=phone, role=UserRole.CONSULTANT, company=company
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    consultant = Consultant(user=user, company=company, sort_name=name_sort_key(first_name, last_name), **fields)
    consultant.full_clean()
    consultant.save()
    values = {**snapshot(user, PERSON_FIELDS), **snapshot(consultant, CONSULTANT_FIELDS)}
    record_change(obj=consultant, action=ChangeAction.CREATED, actor=by, changes=created(values))
    consultants_written([consultant.pk])
    return consultant


def consultants_written(consultant_ids: Iterable[int]) -> None:
    """What follows every write of these consultants' profile, account or skills, inside the write's
    transaction: their cached pages are outdated and matching is told (it rescores them after commit).
    Their search documents need nothing: PostgreSQL's triggers rewrote them with the write itself
    (migration 0008), and SQLite searches the rows as they are."""
    ids = sorted(set(consultant_ids))
    consultants_invalidate(ids)
    events.consultant_changed(ids)


@transaction.atomic
def consultant_names_refresh(*, user_ids: Iterable[int]) -> list[int]:
    """Copy these accounts' current names to their consultant profiles' `sort_name` (the consultant
    list's order), then treat the profiles as written (`consultants_written`); returns their ids.

    For a write of an account made outside `consultant_update` (the account services, admin)."""
    rows = list(
        Consultant.objects.filter(user_id__in=set(user_ids))
        .order_by("pk")
        .values_list("pk", "sort_name", "user__first_name", "user__last_name")
    )
    for pk, current, first_name, last_name in rows:
        sort_name = name_sort_key(first_name, last_name)
        if sort_name != current:
            Consultant.objects.filter(pk=pk).update(sort_name=sort_name)
    ids = [row[0] for row in rows]
    if ids:
        consultants_written(ids)
    return ids


def on_account_changed(user_id: int, by: User | None, changes: dict[str, list]) -> None:
    """An account was written by the account services (talentmatch.services, subscribed in
    ConsultantsConfig.ready): its consultant profile follows (sort name, page, search document, matching)
    and records the change of name, e-mail or phone in its history."""
    person = {name: change for name, change in changes.items() if name in PERSON_FIELDS}
    for consultant in Consultant.objects.filter(pk__in=consultant_names_refresh(user_ids=[user_id])):
        record_change(obj=consultant, action=ChangeAction.UPDATED, actor=by, changes=person)


@transaction.atomic
def consultant_skill_set(
    *,
    consultant: Consultant,
    skill: Skill,
    proficiency_level: str,
    years_experience: int | None = None,
    details: str | None = None,
    by: User | None = None,
) -> ConsultantSkill:
    """Declare a skill for a consultant, or update its level and years if already declared.

    Validated before anything is written: a bad level or negative years raise ValidationError.
    """
    consultant_skill = skill_row_set(
        model=ConsultantSkill,
        owner=consultant,
        skill=skill,
        values={"proficiency_level": proficiency_level, "years_experience": years_experience, "details": details},
        by=by,
    )
    consultants_written([consultant.pk])
    return consultant_skill


PERSON_FIELDS = ("first_name", "last_name", "email", "phone")


@transaction.atomic
def consultant_update(*, consultant: Consultant, by: User, **fields) -> Consultant:
    """Change a consultant's profile and the names, e-mail and phone of their account.

    `by` must hold CONSULTANT_CHANGE and see the consultant. The e-mail stays unique (ignoring case);
    the company never changes. Every field error is raised at once, before anything is written.
    """
    unknown = set(fields) - set(CONSULTANT_FIELDS) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown consultant fields: {sorted(unknown)}")
    if not (
        access.can(by, access.Capability.CONSULTANT_CHANGE)
        and Consultant.objects.visible_to(by).filter(pk=consultant.pk).exists()
    ):
        raise PermissionDenied
    person = {name: fields.pop(name) for name in PERSON_FIELDS if name in fields}
    errors: dict = {}
    user = consultant.user
    before = {**snapshot(user, PERSON_FIELDS), **snapshot(consultant, CONSULTANT_FIELDS)}
    if person:
        if user is None:
            user = User(role=UserRole.CONSULTANT, company=consultant.company)
            user.set_unusable_password()
        if "email" in person:
            person["email"] = User.objects.normalize_email(person["email"] or "").strip().lower()
            if User.objects.filter(email__lower_exact=person["email"]).exclude(pk=user.pk).exists():
                errors["email"] = [EMAIL_UNAVAILABLE]
        for name, value in person.items():
            setattr(user, name, value if value is not None else "")
        try:
            user.full_clean(exclude=["password", *errors])
        except ValidationError as error:
            error.update_error_dict(errors)
    for name, value in fields.items():
        setattr(consultant, name, value)
    try:
        consultant.full_clean(exclude=["user"])
    except ValidationError as error:
        error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    if person:
        user.save()
        consultant.user = user
    if consultant.user_id:
        consultant.sort_name = name_sort_key(consultant.user.first_name, consultant.user.last_name)
    consultant.save()
    after = {**snapshot(consultant.user, PERSON_FIELDS), **snapshot(consultant, CONSULTANT_FIELDS)}
    record_change(obj=consultant, action=ChangeAction.UPDATED, actor=by, changes=diff(before, after))
    consultants_written([consultant.pk])
    return consultant


@transaction.atomic
def consultant_skill_remove(*, consultant: Consultant, skill: Skill, by: User | None = None) -> None:
    """Withdraw a declared skill; a skill the consultant does not hold raises ValidationError."""
    skill_row_remove(
        model=ConsultantSkill,
        owner=consultant,
        skill=skill,
        by=by,
        missing=_("This skill is not among the consultant's skills."),
    )
    consultants_written([consultant.pk])


@transaction.atomic
def consultant_search_refresh(consultant_ids: Iterable[int] | None = None) -> int:
    """Rebuild the stored search document of the given consultants (of every consultant when None);
    returns the rows updated.

    The database's triggers keep every document current on their own: this is for maintenance, after
    the text-search configuration changed or rows were restored with their triggers disabled.
    PostgreSQL only (a no-op returning 0 elsewhere).
    """
    if connection.vendor != "postgresql":
        return 0
    rebuild = "UPDATE consultants AS c SET search_vector = consultant_search_document(c)"
    with connection.cursor() as cursor:
        if consultant_ids is None:
            cursor.execute(rebuild)
        else:
            ids = sorted({int(pk) for pk in consultant_ids})
            if not ids:
                return 0
            cursor.execute(rebuild + " WHERE c.id = ANY(%s)", [ids])
        return cursor.rowcount


# --- the skill catalogue -----------------------------------------------------------------------


def _alias_errors(skill: Skill, aliases: list[str]) -> list[str]:
    """Why `aliases` cannot belong to `skill`: too long, a skill's name, or another skill's alias."""
    problems = []
    lowered = [alias.lower() for alias in aliases]
    for alias in aliases:
        if len(alias) > SkillAlias._meta.get_field("alias").max_length:
            problems.append(_("“%(alias)s” is too long.") % {"alias": alias})
    named = list(
        Skill.objects.annotate(key=Lower("name"))
        .filter(key__in=lowered)
        .exclude(pk=skill.pk)
        .values_list("name", flat=True)
    )
    if skill.name.lower() in lowered:
        named.append(skill.name)
    for name in named:
        problems.append(_("“%(alias)s” is the name of a skill, it cannot be an alias.") % {"alias": name})
    taken = (
        SkillAlias.objects.annotate(key=Lower("alias"))
        .filter(key__in=lowered)
        .exclude(skill_id=skill.pk)
        .select_related("skill")
    )
    for alias in taken:
        problems.append(
            _("“%(alias)s” is already an alias of %(skill)s.") % {"alias": alias.alias, "skill": alias.skill.name}
        )
    return problems


@transaction.atomic
def skill_create(
    *,
    name: str,
    category: str,
    description: str | None = None,
    aliases: Iterable[str] = (),
    related: Iterable[Skill] = (),
    name_fr: str | None = None,
    description_fr: str | None = None,
) -> Skill:
    """Add a skill to the shared catalogue, with its aliases and related skills (see `skill_update`)."""
    return _skill_write(
        skill=Skill(),
        name=name,
        category=category,
        description=description,
        aliases=aliases,
        related=related,
        french=(name_fr, description_fr),
    )


@transaction.atomic
def skill_update(
    *,
    skill: Skill,
    name: str,
    category: str,
    description: str | None = None,
    aliases: Iterable[str] = (),
    related: Iterable[Skill] = (),
    name_fr: str | None = None,
    description_fr: str | None = None,
) -> Skill:
    """Change a catalogue skill; `aliases` and `related` replace the current ones, and the French name
    and description too unless left None (kept as they are).

    Aliases are unique ignoring case across the catalogue and never a skill's name; the relation is
    symmetrical. The holders' search documents follow through the database's triggers, and the open
    tenders whose candidates a change of relations affects are rescored.
    """
    return _skill_write(
        skill=skill,
        name=name,
        category=category,
        description=description,
        aliases=aliases,
        related=related,
        french=(name_fr, description_fr),
    )


def _skill_write(*, skill: Skill, name, category, description, aliases, related, french) -> Skill:
    seen: dict[str, str] = {}
    for alias in aliases:
        alias = " ".join(alias.split())
        if alias and alias.lower() not in seen:
            seen[alias.lower()] = alias
    aliases = list(seen.values())
    related = list(related)
    skill.name = " ".join((name or "").split())
    skill.category = category
    skill.description = description or None
    name_fr, description_fr = french
    if name_fr is not None:
        skill.name_fr = " ".join(name_fr.split())
    if description_fr is not None:
        skill.description_fr = description_fr.strip()
    errors: dict = {}
    try:
        skill.full_clean()
    except ValidationError as error:
        error.update_error_dict(errors)
    if SkillAlias.objects.filter(alias__lower_exact=skill.name).exclude(skill_id=skill.pk).exists():
        errors.setdefault("name", []).append(_("This name is already an alias of another skill."))
    alias_problems = _alias_errors(skill, aliases)
    if alias_problems:
        errors["aliases"] = alias_problems
    if skill.pk and any(other.pk == skill.pk for other in related):
        errors["related_skills"] = [_("A skill cannot be related to itself.")]
    if errors:
        raise ValidationError(errors)

    skill.save()
    current = {alias.alias.lower(): alias for alias in skill.aliases.all()}
    dropped = [alias.pk for key, alias in current.items() if key not in seen]
    SkillAlias.objects.filter(pk__in=dropped).delete()
    for key, alias in seen.items():
        existing = current.get(key)
        if existing is None:
            SkillAlias.objects.create(skill=skill, alias=alias)
        elif existing.alias != alias:
            existing.alias = alias
            existing.save(update_fields=["alias"])
    before = set(skill.related_skills.values_list("pk", flat=True))
    skill.related_skills.set(related)
    relinked = before ^ {other.pk for other in related}

    catalogue_invalidate()  # the holders' search documents follow through the database's triggers
    if relinked:
        events.skills_relinked(relinked | {skill.pk})
    return skill
