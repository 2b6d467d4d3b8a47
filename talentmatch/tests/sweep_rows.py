"""What the security sweeps share about the database: every project model, snapshots of every row,
the rows one company can see and another cannot, test data in every table, and free text written
into every text column."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from consultants.cache import catalogue_invalidate

# --- the database --------------------------------------------------------------------------------


def project_models() -> list[type[models.Model]]:
    """The models of the project's own apps (not Django's, not third-party ones)."""
    base = str(settings.BASE_DIR)
    return [
        model
        for model in apps.get_models()
        if model._meta.app_config.path.startswith(base) and ".venv" not in model._meta.app_config.path
    ]


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every project model, values included, in a comparable form."""
    state = {}
    for model in project_models():
        rows = model._default_manager.order_by("pk").values_list()
        state[model._meta.label] = [tuple(map(repr, row)) for row in rows]
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before.keys() | after.keys() if before.get(label) != after.get(label))


def text_fields(model: type[models.Model]) -> list[models.Field]:
    """The free-text columns of a model: what a user (or an import) can fill with any string."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.name != "password"
        and not field.primary_key
    ]


def private_rows(owner, other) -> dict[type[models.Model], set]:
    """The rows `owner` can see and `other` cannot, by model: for models with `visible_to`, the
    difference of the two scopes; for the others, the rows pointing at such a row (to a fixpoint)."""
    private: dict[type[models.Model], set] = {}
    scoped = [model for model in project_models() if hasattr(model._default_manager, "visible_to")]
    for model in scoped:
        mine = set(model._default_manager.visible_to(owner).values_list("pk", flat=True))
        theirs = set(model._default_manager.visible_to(other).values_list("pk", flat=True))
        private[model] = mine - theirs
    changed = True
    while changed:
        changed = False
        for model in project_models():
            if model in scoped:
                continue
            found = private.setdefault(model, set())
            for relation in model._meta.concrete_fields:
                target = relation.related_model if relation.is_relation else None
                if target is None or not private.get(target):
                    continue
                pks = set(
                    model._default_manager.filter(**{f"{relation.name}__in": private[target]}).values_list(
                        "pk", flat=True
                    )
                )
                if not pks <= found:
                    found |= pks
                    changed = True
    return {model: pks for model, pks in private.items() if pks}


def rows_of(private: dict[type[models.Model], set]) -> Iterator[tuple[type[models.Model], object]]:
    for model, pks in sorted(private.items(), key=lambda item: item[0]._meta.label):
        for pk in sorted(pks):
            yield model, pk


# --- test data in every table --------------------------------------------------------------------


def populate_every_table(cast) -> None:
    """On top of the matrix's `pages` rows: one row of each remaining table, with its free text,
    for each company (a CV, a portfolio, a pipeline event, a collaboration with a third firm...)."""
    from collaborations.models import CollaborationEvent
    from collaborations.tests.factories import CollaborationFactory
    from consultants.career.models import Certification, Education, LanguageLevel, SpokenLanguage
    from consultants.models import Consultant, ConsultantSkill, Resume, SkillAlias
    from consultants.tests.factories import ResumeFactory
    from history.models import ChangeRecord
    from matching.models import Match, MatchEvent, Portfolio
    from matching.tests.factories import PortfolioFactory
    from privacy.models import AccessLogEntry, ConsentRecord
    from talentmatch.models import Company, Invitation
    from talentmatch.tests.factories import CompanyFactory
    from tenders.models import Tender, TenderSkill

    third = CompanyFactory(name="Gamma Partners")
    for side in (cast.a, cast.b):
        company = side.company
        Company.objects.filter(pk=company.pk).update(
            description="About us", website="https://example.test", address="1 rue de la Paix", postal_code="69001"
        )
        consultant = Consultant.objects.filter(company=company).order_by("pk").first()
        tender = Tender.objects.filter(company=company).order_by("pk").first()
        match = Match.objects.filter(tender__company=company).order_by("pk").first()
        ConsultantSkill.objects.filter(consultant__company=company).update(details="Skill details")
        TenderSkill.objects.filter(tender__company=company).update(details="Need details")
        Match.objects.filter(pk=match.pk).update(notes="Pipeline notes")
        MatchEvent.objects.create(
            match=match, by=side.sales, from_status="suggested", to_status="submitted", note="Why"
        )
        # The career rows the matrix's pages do not create: a school, a certification, a language.
        Education.objects.create(consultant=consultant, school="School name", degree="Degree", field="Field of study")
        Certification.objects.create(consultant=consultant, name="Certification name", issuer="Issuer")
        SpokenLanguage.objects.get_or_create(
            consultant=consultant, language="Sweep language", defaults={"level": LanguageLevel.values[0]}
        )
        if not Resume.objects.filter(consultant__company=company).exists():
            ResumeFactory(consultant=consultant, extracted_data="CV text", file_type="pdf")
        Resume.objects.filter(consultant__company=company).update(extracted_data="CV text")
        if not Portfolio.objects.filter(tender__company=company).exists():
            PortfolioFactory(consultant=consultant, tender=tender, content="Portfolio text")
        Portfolio.objects.filter(tender__company=company).update(content="Portfolio text")
        collaboration = CollaborationFactory(
            initiator_company=company, partner_company=third, terms="Terms of the partnership"
        )
        CollaborationEvent.objects.create(collaboration=collaboration, by=side.manager, to_status="active", note="Ok")
        ChangeRecord.objects.create(
            company=company,
            actor=side.manager,
            object_kind="consultant",
            object_id=consultant.pk,
            action="updated",
            subject="Profile",
            changes={"title": ["Before", "After"]},
        )
        ConsentRecord.objects.create(
            consultant=consultant, purpose="proposal", granted=True, recorded_by=side.manager, note="Consent note"
        )
        AccessLogEntry.objects.create(
            company=company, user=side.manager, kind="resume_download", consultant=consultant, detail="Access detail"
        )
        for user in (side.manager, side.recruiter, side.sales, side.consultant_user):
            type(user).objects.filter(pk=user.pk).update(phone="+33 1 23 45 67 89")
        invitee = Consultant.objects.filter(company=company).exclude(user=side.consultant_user).order_by("pk").first()
        now = timezone.now()
        Invitation.objects.create(
            user=invitee.user,
            company=company,
            invited_by=side.recruiter,
            token_hash=hashlib.sha256(company.name.encode()).hexdigest(),
            sent_at=now,
            expires_at=now + timedelta(days=7),
        )
    skill = ConsultantSkill.objects.order_by("pk").first().skill
    SkillAlias.objects.get_or_create(skill=skill, alias="Isolation alias")


# Internal storage locations and codes, never typed by a user: a sweep leaves them alone.
STORAGE_FIELDS = {"file_path", "object_kind", "action", "token_hash"}
# JSON columns that keep copies of user text as {field: [old, new]} (the change history).
CHANGE_COLUMNS = {"changes"}


def fill_text(rows: list[tuple[type[models.Model], object]], value_for) -> dict[str, int]:
    """Write `value_for(model, field, pk)` into every free-text column of the given rows (None:
    leave the column alone). Returns how many columns were written and skipped."""
    counts = {"written": 0, "skipped": 0}
    for model, pk in rows:
        values = {}
        for column in text_fields(model):
            if column.name in STORAGE_FIELDS:
                continue
            value = value_for(model, column, pk)
            if value is None or (column.max_length and len(value) > column.max_length):
                counts["skipped"] += 1
                continue
            values[column.name] = value
        for column in model._meta.concrete_fields:
            if column.name in CHANGE_COLUMNS and isinstance(column, models.JSONField):
                text = value_for(model, column, pk)
                values[column.name] = {"title": [text, text]}
                counts["written"] += 1
        if values:
            model._default_manager.filter(pk=pk).update(**values)
            counts["written"] += len(values)
    # The rows were written behind the services' back: the skill names every cached page holds are
    # outdated as the services would have said, or a later test on a shared Redis would see them.
    catalogue_invalidate()
    return counts


def every_row() -> list[tuple[type[models.Model], object]]:
    return [
        (model, pk)
        for model in sorted(project_models(), key=lambda model: model._meta.label)
        for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)
    ]
