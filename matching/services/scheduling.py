"""Coalesced scheduling of the recomputes, and the matching's answers to the domain apps' events.

Many writes within the coalescing window (MATCHING_COALESCE_SECONDS) give one queued run per tender,
consultant or company: the first write marks the cache key `queued_key(kind, pk)` and queues the task
with a countdown; the task clears that key when it starts. Tasks are found by their registered name,
so this module does not import matching.tasks (which imports the services).
"""

from __future__ import annotations

from celery import current_app
from django.conf import settings
from django.db import transaction

from consultants.models import Consultant
from matching.candidates import tender_company_ids_for
from talentmatch import events
from talentmatch.cache import cache
from tenders.models import Tender

RECOMPUTE_TASK = "matching.tasks.matches_recompute_task"
RECOMPUTE_TENDERS_TASK = "matching.tasks.matches_recompute_tenders_task"
RECOMPUTE_TENDER_TASK = "matching.tasks.matches_recompute_tender_task"
UPDATE_FOR_CONSULTANT_TASK = "matching.tasks.matches_update_for_consultant_task"


def task(name: str):
    """The registered Celery task called `name` (`.delay()` honours CELERY_TASK_ALWAYS_EAGER)."""
    return current_app.tasks[name]


def queued_key(kind: str, pk: int) -> str:
    """The cache key marking a queued, not yet started, rescore of one tender, consultant or company."""
    return f"matching:queued:{kind}:{pk}"


def _coalesce_seconds() -> float:
    return float(getattr(settings, "MATCHING_COALESCE_SECONDS", 2.0))


def schedule_tender_rematch(tender_id: int) -> None:
    """Queue a rescore of one tender; many saves within the coalescing window give one run."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        task(RECOMPUTE_TENDER_TASK).delay(tender_id=tender_id)
    elif cache.add(queued_key("tender", tender_id), 1, timeout=300):
        task(RECOMPUTE_TENDER_TASK).apply_async(kwargs={"tender_id": tender_id}, countdown=_coalesce_seconds())


def schedule_consultant_rematch(consultant_id: int) -> None:
    """Queue a rescore of one consultant against open tenders, coalesced like tenders."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        task(UPDATE_FOR_CONSULTANT_TASK).delay(consultant_id=consultant_id)
    elif cache.add(queued_key("consultant", consultant_id), 1, timeout=300):
        task(UPDATE_FOR_CONSULTANT_TASK).apply_async(
            kwargs={"consultant_id": consultant_id}, countdown=_coalesce_seconds()
        )


def schedule_company_rematch(company_id: int) -> None:
    """Queue a recompute of every tender of one company (its candidate pool changed: a collaboration
    started or ended, a partner changed what it shares), coalesced like the others."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        task(RECOMPUTE_TASK).delay(company_id=company_id)
    elif cache.add(queued_key("company", company_id), 1, timeout=600):
        task(RECOMPUTE_TASK).apply_async(kwargs={"company_id": company_id}, countdown=_coalesce_seconds())


def recompute_companies_after_commit(company_ids) -> None:
    """One full recompute of each company's tenders, queued after the transaction commits (not coalesced)."""
    for company_id in sorted(set(company_ids)):
        transaction.on_commit(lambda company_id=company_id: task(RECOMPUTE_TASK).delay(company_id=company_id))


# --- the answers to talentmatch.events (subscribed in MatchingConfig.ready) ----------------------


def on_pool_changed(company_ids) -> None:
    """Recompute the companies whose pools changed, after the transaction commits."""
    for company_id in sorted(set(company_ids)):
        transaction.on_commit(lambda company_id=company_id: schedule_company_rematch(company_id))


def on_tenders_changed(tender_ids) -> None:
    """Rescore each tender after the transaction commits."""
    for tender_id in tender_ids:
        transaction.on_commit(lambda tender_id=tender_id: schedule_tender_rematch(tender_id))


def on_skills_relinked(skill_ids) -> None:
    """The catalogue relinked these skills: rescore every open tender asking for one of them."""
    tenders = Tender.objects.open().filter(tender_skills__skill_id__in=skill_ids).distinct()
    for tender_id in tenders.order_by("pk").values_list("pk", flat=True):
        events.tender_changed([tender_id])


def on_consultants_changed(consultant_ids) -> None:
    """Rescore each consultant after the transaction commits."""
    for consultant_id in consultant_ids:
        transaction.on_commit(lambda consultant_id=consultant_id: schedule_consultant_rematch(consultant_id))


def on_consultants_changed_in_bulk(owner_company_ids) -> None:
    """Recompute, once each, every company whose tenders may rank a consultant of these companies."""
    recompute_companies_after_commit(
        {company for owner in owner_company_ids for company in tender_company_ids_for(owner)}
    )


def on_deferred_flushed(changes: events.Pending) -> None:
    """After a bulk write: one full recompute of every company touched (its tenders, consultants or
    candidate pool), instead of one rescore per row and one per pool change."""
    companies = set(Tender.objects.filter(pk__in=changes.tender_ids).values_list("company_id", flat=True))
    companies |= changes.pool_company_ids
    owners = set(Consultant.objects.filter(pk__in=changes.consultant_ids).values_list("company_id", flat=True))
    recompute_companies_after_commit(
        companies | {company for owner in owners for company in tender_company_ids_for(owner)}
    )


def subscribe() -> None:
    """Subscribe the matching's answers to the domain events (called once, at app ready)."""
    events.subscribe(events.Event.POOL_CHANGED, on_pool_changed)
    events.subscribe(events.Event.TENDER_CHANGED, on_tenders_changed)
    events.subscribe(events.Event.SKILLS_RELINKED, on_skills_relinked)
    events.subscribe(events.Event.CONSULTANT_CHANGED, on_consultants_changed)
    events.subscribe(events.Event.CONSULTANTS_CHANGED_IN_BULK, on_consultants_changed_in_bulk)
    events.subscribe(events.Event.DEFERRED_FLUSHED, on_deferred_flushed)


# The names the domain apps and commands used before the events existed.
rematch_deferred = events.deferred


def on_tender_changed(tender_id: int) -> None:
    """A tender changed: rescore it after the transaction commits (collected inside `rematch_deferred`)."""
    events.tender_changed([tender_id])


def on_consultant_changed(consultant_id: int) -> None:
    """A consultant changed: rescore them after the transaction commits (collected inside `rematch_deferred`)."""
    events.consultant_changed([consultant_id])
