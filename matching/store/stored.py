"""Reads of what is already stored that a recompute must respect: breakdown fingerprints and pipeline pairs."""

from __future__ import annotations

import numpy as np
from django.db import connection
from django.db.models import Q

from matching.engine.ranking import KnownFingerprints
from matching.models import Match, MatchStatus, TenderCutoff
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


def tender_cutoffs(company_ids) -> list[tuple[int, float, int, int]]:
    """(tender id, score, consultant id, ranked) of every ranked tender of these companies: thousands
    of rows read as plain tuples (the ORM's rows cost more than the query)."""
    table, tenders = TenderCutoff._meta.db_table, Tender._meta.db_table
    ids = sorted({int(pk) for pk in company_ids})
    if not ids:
        return []
    with connection.cursor() as cursor:
        # Table names from the models; the values are bound.
        cursor.execute(
            f"SELECT c.tender_id, c.score, c.consultant_id, c.ranked FROM {table} AS c "  # noqa: S608
            f"JOIN {tenders} AS t ON t.id = c.tender_id WHERE t.company_id IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        return cursor.fetchall()
