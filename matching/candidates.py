"""Who may be proposed for whose tenders: the candidate pools.

A tender's candidates are its own company's consultants. (Consultants shared by partner companies
through a collaboration join these pools with the collaborations work.)
"""

from __future__ import annotations

import numpy as np

from matching.engine import ConsultantArrays


def pool_company_ids(tender_company_ids: set[int]) -> set[int]:
    """Companies whose consultants may be candidates for tenders of the given companies."""
    return set(tender_company_ids)


def tender_company_ids_for(consultant_company_id: int) -> set[int]:
    """Companies whose tenders may have a consultant of the given company as a candidate."""
    return {consultant_company_id}


def pool_rows(consultants: ConsultantArrays, tender_company_id: int, today: int) -> np.ndarray:
    """Rows of `consultants` who may be proposed for a tender of `tender_company_id`."""
    return np.flatnonzero(consultants.company_ids == tender_company_id)
