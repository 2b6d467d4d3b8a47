"""Proposals of additions to the shared skill catalogue: a company's manager proposes, the platform
admin accepts (the skill is created by `consultants.services.skill_create`, like any catalogue write)
or rejects, with a note the proposing company reads."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from consultants.models import Skill, SkillAlias, SkillProposal, SkillProposalStatus
from consultants.services import skill_create
from talentmatch import access
from talentmatch.models import User


def _clean_aliases(aliases: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for alias in aliases:
        alias = " ".join(alias.split())
        if alias and alias.lower() not in seen:
            seen[alias.lower()] = alias
    return list(seen.values())


def _known(name: str) -> bool:
    folded = name.lower()
    return (
        Skill.objects.annotate(key=Lower("name")).filter(key=folded).exists()
        or SkillAlias.objects.annotate(key=Lower("alias")).filter(key=folded).exists()
    )


@transaction.atomic
def skill_proposal_create(
    *, by: User, name: str, category: str, description: str = "", aliases: Iterable[str] = ()
) -> SkillProposal:
    """Propose a skill for the catalogue on behalf of `by`'s company (SKILL_PROPOSE). A name the
    catalogue already knows, as a skill or an alias, or one already pending, is refused."""
    if not access.can(by, access.Capability.SKILL_PROPOSE) or by.company_id is None:
        raise PermissionDenied
    name = " ".join((name or "").split())
    if name and _known(name):
        raise ValidationError({"name": _("The catalogue already has this skill (or an alias of that name).")})
    pending = SkillProposal.objects.annotate(key=Lower("name")).filter(
        key=name.lower(), status=SkillProposalStatus.PENDING
    )
    if name and pending.exists():
        raise ValidationError({"name": _("This skill has already been proposed and awaits review.")})
    proposal = SkillProposal(
        company_id=by.company_id,
        proposed_by=by,
        name=name,
        category=category,
        description=(description or "").strip(),
        aliases=_clean_aliases(aliases),
    )
    proposal.full_clean()
    proposal.save()
    return proposal


def _review(proposal: SkillProposal, by: User) -> SkillProposal:
    if not access.can(by, access.Capability.SKILL_CHANGE):
        raise PermissionDenied
    proposal = SkillProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != SkillProposalStatus.PENDING:
        raise ValidationError(_("This proposal has already been reviewed."))
    return proposal


@transaction.atomic
def skill_proposal_accept(*, proposal: SkillProposal, by: User, note: str = "") -> SkillProposal:
    """Accept a pending proposal (platform admin): the skill joins the catalogue with its aliases,
    through the catalogue's service and its checks (a name or alias taken since is refused)."""
    proposal = _review(proposal, by)
    skill = skill_create(
        name=proposal.name, category=proposal.category, description=proposal.description, aliases=proposal.aliases
    )
    proposal.status, proposal.skill = SkillProposalStatus.ACCEPTED, skill
    proposal.reviewed_by, proposal.reviewed_at, proposal.review_note = by, timezone.now(), (note or "").strip()
    proposal.save()
    return proposal


@transaction.atomic
def skill_proposal_reject(*, proposal: SkillProposal, by: User, note: str = "") -> SkillProposal:
    """Reject a pending proposal (platform admin), with a note the proposing company reads."""
    proposal = _review(proposal, by)
    proposal.status = SkillProposalStatus.REJECTED
    proposal.reviewed_by, proposal.reviewed_at, proposal.review_note = by, timezone.now(), (note or "").strip()
    proposal.save()
    return proposal
