"""Bulk writes of ranked matches and their cutoffs, and the clean-up of suggestions.

On PostgreSQL a chunk is COPYed into a staging table followed by one upsert that touches only rows
whose score or breakdown changed; SQLite takes a plain ORM path with the same results.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from matching.engine.ranking import RankedChunk
from matching.models import Match, MatchStatus, TenderCutoff
from matching.store.packed import is_postgresql


@dataclass
class WriteReport:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0

    def add(self, other: WriteReport) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.deleted += other.deleted


def write_ranked(chunk: RankedChunk) -> WriteReport:
    """Store a chunk: upsert its rows and drop suggestions of its ranked tenders that fell out of the top K.

    Status, notes and submitted score of a match in the pipeline are never touched; only its
    current score and breakdown are refreshed.
    """
    if not chunk.ranked_tender_ids and not chunk.tender_ids:
        return WriteReport()
    if is_postgresql():
        return _write_ranked_postgresql(chunk)
    return _write_ranked_orm(chunk)


COPY_NULL = "\\N"


def _write_ranked_postgresql(chunk: RankedChunk) -> WriteReport:
    lines = [
        f"{t}\t{c}\t{s!r}\t{COPY_NULL if b is None else b}\t{f}\n"
        for t, c, s, b, f in zip(
            chunk.tender_ids, chunk.consultant_ids, chunk.scores, chunk.breakdowns, chunk.fingerprints, strict=True
        )
    ]
    report = WriteReport()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS tm_staging "
            "(tender_id int, consultant_id int, score float8, breakdown jsonb, fingerprint int8)"
        )
        cursor.execute("TRUNCATE tm_staging")
        with cursor.cursor.copy("COPY tm_staging FROM STDIN") as copy:
            copy.write("".join(lines))
        cursor.execute("ANALYZE tm_staging")
        # Rows without a breakdown are unchanged since they were stored: only the others are written.
        cursor.execute(
            """WITH upserted AS (
                   INSERT INTO matches (consultant_id, tender_id, match_score, status, breakdown,
                                        breakdown_fingerprint, created_at, updated_at)
                   SELECT consultant_id, tender_id, LEAST(GREATEST(score, 0), 1), %s, breakdown, fingerprint,
                          now(), now()
                   FROM tm_staging WHERE breakdown IS NOT NULL
                   ON CONFLICT (consultant_id, tender_id) DO UPDATE
                   SET match_score = EXCLUDED.match_score, breakdown = EXCLUDED.breakdown,
                       breakdown_fingerprint = EXCLUDED.breakdown_fingerprint, updated_at = now()
                   WHERE matches.match_score IS DISTINCT FROM EXCLUDED.match_score
                      OR matches.breakdown IS DISTINCT FROM EXCLUDED.breakdown
                      OR matches.breakdown_fingerprint IS DISTINCT FROM EXCLUDED.breakdown_fingerprint
                   RETURNING (xmax = 0) AS inserted)
               SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted""",
            [MatchStatus.SUGGESTED],
        )
        report.inserted, report.updated = cursor.fetchone()
        if chunk.ranked_tender_ids:
            cursor.execute(
                """INSERT INTO match_cutoffs (tender_id, score, consultant_id, ranked)
                   SELECT * FROM unnest(%s::int[], %s::float8[], %s::int[], %s::int[])
                   ON CONFLICT (tender_id) DO UPDATE SET score = EXCLUDED.score,
                       consultant_id = EXCLUDED.consultant_id, ranked = EXCLUDED.ranked
                   WHERE (match_cutoffs.score, match_cutoffs.consultant_id, match_cutoffs.ranked)
                       IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.consultant_id, EXCLUDED.ranked)""",
                [
                    list(chunk.ranked_tender_ids),
                    [cutoff[0] for cutoff in chunk.cutoffs],
                    [cutoff[1] for cutoff in chunk.cutoffs],
                    [cutoff[2] for cutoff in chunk.cutoffs],
                ],
            )
            # A suggestion may carry history (moved back to suggested): it goes with it, as the ORM's cascade would.
            cursor.execute(
                """WITH doomed AS (
                       SELECT m.id FROM matches m WHERE m.status = %s AND m.tender_id = ANY(%s::int[])
                       AND NOT EXISTS (SELECT 1 FROM tm_staging s
                                       WHERE s.tender_id = m.tender_id AND s.consultant_id = m.consultant_id)),
                   events AS (DELETE FROM match_events e WHERE e.match_id IN (SELECT id FROM doomed))
                   DELETE FROM matches WHERE id IN (SELECT id FROM doomed)""",
                [MatchStatus.SUGGESTED, list(chunk.ranked_tender_ids)],
            )
            report.deleted = cursor.rowcount
    return report


def _write_ranked_orm(chunk: RankedChunk) -> WriteReport:
    import json

    report = WriteReport()
    now = timezone.now()
    wanted = {
        (t, c): (s, None if b is None else json.loads(b), f)
        for t, c, s, b, f in zip(
            chunk.tender_ids, chunk.consultant_ids, chunk.scores, chunk.breakdowns, chunk.fingerprints, strict=True
        )
    }
    tender_ids = set(chunk.ranked_tender_ids) | set(chunk.tender_ids)
    existing = {(m.tender_id, m.consultant_id): m for m in Match.objects.filter(tender_id__in=tender_ids)}
    to_create, to_update, to_delete = [], [], []
    for key, (score, breakdown, fingerprint) in wanted.items():
        if breakdown is None:
            continue  # unchanged since it was stored
        score = min(max(score, 0.0), 1.0)
        match = existing.get(key)
        if match is None:
            to_create.append(
                Match(
                    tender_id=key[0],
                    consultant_id=key[1],
                    match_score=score,
                    breakdown=breakdown,
                    breakdown_fingerprint=fingerprint,
                    status=MatchStatus.SUGGESTED,
                )
            )
        elif (match.match_score, match.breakdown, match.breakdown_fingerprint) != (score, breakdown, fingerprint):
            match.match_score, match.breakdown, match.updated_at = score, breakdown, now
            match.breakdown_fingerprint = fingerprint
            to_update.append(match)
    ranked = set(chunk.ranked_tender_ids)
    for key, match in existing.items():
        if key[0] in ranked and key not in wanted and match.status == MatchStatus.SUGGESTED:
            to_delete.append(match.pk)
    existing_cutoffs = {c.tender_id: c for c in TenderCutoff.objects.filter(tender_id__in=ranked)}
    for tender_id, (score, consultant_id, count) in zip(chunk.ranked_tender_ids, chunk.cutoffs, strict=True):
        cutoff = existing_cutoffs.get(tender_id)
        if cutoff is None:
            TenderCutoff.objects.create(tender_id=tender_id, score=score, consultant_id=consultant_id, ranked=count)
        elif (cutoff.score, cutoff.consultant_id, cutoff.ranked) != (score, consultant_id, count):
            cutoff.score, cutoff.consultant_id, cutoff.ranked = score, consultant_id, count
            cutoff.save()
    Match.objects.bulk_create(to_create, batch_size=500)
    Match.objects.bulk_update(
        to_update, ["match_score", "breakdown", "breakdown_fingerprint", "updated_at"], batch_size=500
    )
    Match.objects.filter(pk__in=to_delete).delete()
    report.inserted, report.updated, report.deleted = len(to_create), len(to_update), len(to_delete)
    return report


def analyze_matches() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE matches")


def delete_suggestions(tender_filter: Q) -> int:
    """Drop the suggestions of tenders that may no longer receive any (closed, cancelled)."""
    deleted, _ = Match.objects.filter(status=MatchStatus.SUGGESTED).filter(tender_filter).delete()
    return deleted
