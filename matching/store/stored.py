"""Reads of what is already stored that a recompute must respect: breakdown fingerprints and pipeline pairs."""

from __future__ import annotations

import numpy as np
from django.db.models import Q

from matching.engine.ranking import KnownFingerprints
from matching.models import Match, MatchStatus
from matching.store.packed import fetch_packed, is_postgresql
from tenders.models import Tender


def known_fingerprints(tender_filter: Q) -> KnownFingerprints:
    """The stored breakdown fingerprints of the matches of the tenders in `tender_filter`."""
    tenders = Tender.objects.filter(tender_filter)
    if is_postgresql():
        where_sql, where_params = tenders.values("pk").query.sql_with_params()
        rows = fetch_packed(
            [
                ("tender", "m.tender_id", "int8"),
                ("consultant", "m.consultant_id", "int8"),
                ("digest", "m.breakdown_fingerprint", "int8"),
            ],
            f"matches m WHERE m.breakdown_fingerprint IS NOT NULL AND m.tender_id IN ({where_sql})",
            list(where_params),
        )
        return KnownFingerprints(rows["tender"], rows["consultant"], rows["digest"])
    rows = list(
        Match.objects.filter(tender__in=tenders, breakdown_fingerprint__isnull=False).values_list(
            "tender_id", "consultant_id", "breakdown_fingerprint"
        )
    )
    return KnownFingerprints(*(zip(*rows, strict=True) if rows else ((), (), ())))


def pipeline_pairs(tender_ids) -> dict[int, np.ndarray]:
    """Consultant ids of the matches already in the pipeline (not suggested), by tender id."""
    pairs: dict[int, list[int]] = {}
    for tender_id, consultant_id in (
        Match.objects.filter(tender_id__in=list(tender_ids))
        .exclude(status=MatchStatus.SUGGESTED)
        .values_list("tender_id", "consultant_id")
    ):
        pairs.setdefault(tender_id, []).append(consultant_id)
    return {tender_id: np.array(sorted(ids), dtype=np.int64) for tender_id, ids in pairs.items()}
