"""Who may be proposed for whose tenders: the candidate pools.

A tender's candidates are its own company's consultants, plus the consultants that partner companies
share with that company right now (talentmatch.tenancy decides: an in-force collaboration, the
consultant available within 30 days, not excluded, in the selection when the owner shares only one).
"""

from __future__ import annotations

import datetime

import numpy as np

from consultants.models import Consultant
from matching.engine import ConsultantArrays
from talentmatch import tenancy


def pool_company_ids(tender_company_ids: set[int]) -> set[int]:
    """Companies whose consultants may be candidates for tenders of the given companies. One query."""
    return tenancy.pool_company_ids(tender_company_ids)


def pools_by_company(tender_company_ids: set[int]) -> dict[int, set[int]]:
    """Each company's pool companies (itself and its partners). One query."""
    return tenancy.pools_by_company(tender_company_ids)


def tender_company_ids_for(consultant_company_id: int) -> set[int]:
    """Companies whose tenders may have a consultant of the given company as a candidate."""
    return {consultant_company_id} | tenancy.partner_company_ids(consultant_company_id)


def pool_rows(consultants: ConsultantArrays, tender_company_id: int, today: int) -> np.ndarray:
    """Rows of `consultants` who may be proposed for a tender of `tender_company_id` on day `today`
    (an ordinal): the company's own consultants and those its partners share with it."""
    own = consultants.company_ids == tender_company_id
    if own.all():
        return np.flatnonzero(own)
    day = datetime.date.fromordinal(today)
    links = tenancy.links_to(tender_company_id, day)
    if not links:
        return np.flatnonzero(own)
    partners = [link.sharer_id for link in links]
    loaded = np.isin(consultants.company_ids, partners)
    if not loaded.any():
        return np.flatnonzero(own)
    shared_ids = np.fromiter(
        Consultant.objects.filter(tenancy.shared_q(links, day))
        .values_list("pk", flat=True)
        .iterator(chunk_size=10_000),
        dtype=np.int64,
    )
    return np.flatnonzero(own | (loaded & np.isin(consultants.ids, shared_ids)))
