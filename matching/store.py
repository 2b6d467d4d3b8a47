"""The thin database layer around the engine: bulk loads into arrays, bulk writes of ranked matches.

On PostgreSQL the large reads use binary COPY parsed straight into numpy, and the writes COPY into
a staging table followed by one upsert that touches only rows whose score or breakdown changed.
SQLite takes a plain ORM path with the same results.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from consultants.models import PROFICIENCY_RANK, Consultant, ConsultantSkill, Skill
from matching.engine import AVAILABILITY_CODES, IMPORTANCE_CODES, NO_DAY, ConsultantArrays, SkillGraph, TenderArrays
from matching.engine.arrays import csr_from_pairs
from matching.engine.ranking import KnownFingerprints, RankedChunk
from matching.models import Match, MatchStatus, TenderCutoff
from talentmatch.geo import resolve_place
from tenders.models import Tender, TenderSkill


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


_PG_TYPES = {"int4": (">i4", "int4send"), "int8": (">i8", "int8send"), "float8": (">f8", "float8send")}


def fetch_packed(
    columns: list[tuple[str, str, str]], from_sql: str, params: list, order_by: str | None = None
) -> dict[str, np.ndarray]:
    """Read whole columns in one round trip: the server packs every row into one binary string
    (`string_agg` of the `*send` encodings) that numpy reads without a Python loop per row.

    `columns` are (name, SQL expression, type) with type in _PG_TYPES; expressions must not be NULL.
    """
    import psycopg

    packed = " || ".join(f"{_PG_TYPES[kind][1]}(({expression})::{kind})" for _name, expression, kind in columns)
    order = f" ORDER BY {order_by}" if order_by else ""
    sql = f"SELECT string_agg({packed}, ''::bytea{order}) FROM {from_sql}"  # noqa: S608
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:  # server-side binding: binary results
        cursor.execute(sql, params, binary=True)
        data = cursor.fetchone()[0] or b""
    dtype = np.dtype([(name, _PG_TYPES[kind][0]) for name, _expression, kind in columns])
    rows = np.frombuffer(data, dtype=dtype)
    return {name: rows[name].astype(_PG_TYPES[kind][0].replace(">", "=")) for name, _expression, kind in columns}


# --- loading ------------------------------------------------------------------------------------


def load_graph() -> SkillGraph:
    """Every catalogue skill as a column, with symmetric related-skill links."""
    skill_ids = np.array(sorted(Skill.objects.values_list("pk", flat=True)), dtype=np.int64)
    column = {int(skill_id): i for i, skill_id in enumerate(skill_ids)}
    links = Skill.related_skills.through.objects.values_list("from_skill_id", "to_skill_id")
    pairs = {(column[a], column[b]) for a, b in links} | {(column[b], column[a]) for a, b in links}
    pairs = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    indptr, related = csr_from_pairs(pairs[:, 0], pairs[:, 1].astype(np.int32), len(skill_ids))
    return SkillGraph(skill_ids, indptr, related)


def _places(locations) -> dict[str, tuple[float, float]]:
    result = {}
    for location in locations:
        place = resolve_place(location)
        result[location] = (place.latitude, place.longitude) if place else (np.nan, np.nan)
    return result


def _day(value) -> int:
    return value.toordinal() if value else NO_DAY


def load_consultants(graph: SkillGraph, filters: Q | None = None) -> ConsultantArrays:
    """The scoring inputs of the consultants matching `filters`, ordered by id."""
    queryset = Consultant.objects.filter(filters or Q()).order_by("pk")
    if is_postgresql():
        return _load_consultants_copy(graph, queryset)
    rows = list(
        queryset.values_list(
            "pk",
            "company_id",
            "availability_status",
            "availability_date",
            "daily_rate",
            "location",
            "remote_work",
            "max_travel_distance",
            "experience_years",
        )
    )
    places = _places({row[5] for row in rows if row[5]})
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    coordinates = np.array([places.get(row[5], (np.nan, np.nan)) for row in rows], dtype=np.float64).reshape(-1, 2)
    skills = list(
        ConsultantSkill.objects.filter(consultant__in=queryset).values_list(
            "consultant_id", "skill_id", "proficiency_level", "years_experience"
        )
    )
    return _consultant_arrays(
        graph,
        ids=ids,
        company_ids=np.array([row[1] for row in rows], dtype=np.int64),
        status=np.array([AVAILABILITY_CODES[row[2]] for row in rows], dtype=np.int8),
        free_day=np.array([_day(row[3]) for row in rows], dtype=np.int32),
        daily_rate=np.array([np.nan if row[4] is None else row[4] for row in rows], dtype=np.float64),
        coordinates=coordinates,
        remote=np.array([bool(row[6]) for row in rows], dtype=bool),
        max_travel_km=np.array([np.nan if row[7] is None else row[7] for row in rows], dtype=np.float64),
        experience_years=np.array([np.nan if row[8] is None else row[8] for row in rows], dtype=np.float64),
        skill_owner=np.array([row[0] for row in skills], dtype=np.int64),
        skill_id=np.array([row[1] for row in skills], dtype=np.int64),
        skill_rank=np.array([PROFICIENCY_RANK[row[2]] for row in skills], dtype=np.int8),
        skill_years=np.array([np.nan if row[3] is None else row[3] for row in skills], dtype=np.float64),
    )


def _places_table(locations) -> None:
    """Fill the session's temporary `tm_places` table: each location text with its coordinates."""
    places = _places(locations)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS tm_places (location text PRIMARY KEY, latitude float8, longitude float8)"
        )
        cursor.execute("TRUNCATE tm_places")
        if places:
            cursor.executemany(
                "INSERT INTO tm_places VALUES (%s, %s, %s)",
                [(name, float(lat), float(lon)) for name, (lat, lon) in places.items()],
            )


def _load_consultants_copy(graph: SkillGraph, queryset) -> ConsultantArrays:
    where_sql, where_params = queryset.values("pk").query.sql_with_params()
    _places_table(queryset.exclude(location=None).order_by().values_list("location", flat=True).distinct())
    status_case = " ".join(f"WHEN '{name}' THEN {code}" for name, code in AVAILABILITY_CODES.items())
    consultants = fetch_packed(
        [
            ("id", "c.id", "int8"),
            ("company_id", "c.company_id", "int8"),
            ("status", f"CASE c.availability_status {status_case} END", "int4"),
            ("free_day", f"COALESCE(c.availability_date - DATE '0001-01-01' + 1, {NO_DAY})", "int4"),
            ("rate", "COALESCE(c.daily_rate, 'NaN')", "float8"),
            ("lat", "COALESCE(p.latitude, 'NaN')", "float8"),
            ("lon", "COALESCE(p.longitude, 'NaN')", "float8"),
            ("remote", "CASE WHEN c.remote_work THEN 1 ELSE 0 END", "int4"),
            ("travel", "COALESCE(c.max_travel_distance::float8, 'NaN')", "float8"),
            ("experience", "COALESCE(c.experience_years::float8, 'NaN')", "float8"),
        ],
        f"consultants c LEFT JOIN tm_places p ON p.location = c.location WHERE c.id IN ({where_sql})",
        list(where_params),
        "c.id",
    )
    level_case = " ".join(f"WHEN '{name}' THEN {rank}" for name, rank in PROFICIENCY_RANK.items())
    skills = fetch_packed(
        [
            ("owner", "cs.consultant_id", "int8"),
            ("skill", "cs.skill_id", "int8"),
            ("rank", f"CASE cs.proficiency_level {level_case} END", "int4"),
            ("years", "COALESCE(cs.years_experience::float8, 'NaN')", "float8"),
        ],
        f"consultant_skills cs WHERE cs.consultant_id IN ({where_sql})",
        list(where_params),
    )
    return _consultant_arrays(
        graph,
        ids=consultants["id"],
        company_ids=consultants["company_id"],
        status=consultants["status"].astype(np.int8),
        free_day=consultants["free_day"].astype(np.int32),
        daily_rate=consultants["rate"],
        coordinates=np.column_stack([consultants["lat"], consultants["lon"]]),
        remote=consultants["remote"].astype(bool),
        max_travel_km=consultants["travel"],
        experience_years=consultants["experience"],
        skill_owner=skills["owner"],
        skill_id=skills["skill"],
        skill_rank=skills["rank"].astype(np.int8),
        skill_years=skills["years"],
    )


def _consultant_arrays(
    graph: SkillGraph, *, ids, coordinates, skill_owner, skill_id, skill_rank, skill_years, **columns
) -> ConsultantArrays:
    rows = np.searchsorted(ids, skill_owner)
    skill_columns = np.searchsorted(graph.skill_ids, skill_id).astype(np.int32)
    indptr, skill_columns, skill_rank, skill_years = csr_from_pairs(
        rows.astype(np.int64), skill_columns, len(ids), skill_rank, skill_years
    )
    return ConsultantArrays(
        ids=ids,
        skill_indptr=indptr,
        skill_columns=skill_columns,
        skill_ranks=skill_rank,
        skill_years=skill_years,
        latitude=np.ascontiguousarray(coordinates[:, 0]),
        longitude=np.ascontiguousarray(coordinates[:, 1]),
        **columns,
    )


def load_tenders(graph: SkillGraph, filters: Q | None = None) -> TenderArrays:
    """The scoring inputs of the tenders matching `filters`, ordered by id."""
    queryset = Tender.objects.filter(filters or Q()).order_by("pk")
    if is_postgresql():
        return _load_tenders_packed(graph, queryset)
    rows = list(
        queryset.values_list(
            "pk", "company_id", "start_date", "end_date", "location", "remote_work", "budget", "required_consultants"
        )
    )
    places = _places({row[4] for row in rows if row[4]})
    skills = list(
        TenderSkill.objects.filter(tender__in=queryset).values_list(
            "tender_id", "skill_id", "importance", "minimum_level"
        )
    )
    return _tender_arrays(
        graph,
        ids=np.array([row[0] for row in rows], dtype=np.int64),
        company_ids=np.array([row[1] for row in rows], dtype=np.int64),
        start_day=np.array([_day(row[2]) for row in rows], dtype=np.int32),
        end_day=np.array([_day(row[3]) for row in rows], dtype=np.int32),
        coordinates=np.array([places.get(row[4], (np.nan, np.nan)) for row in rows], dtype=np.float64).reshape(-1, 2),
        remote=np.array([bool(row[5]) for row in rows], dtype=bool),
        budget=np.array([np.nan if row[6] is None else row[6] for row in rows], dtype=np.float64),
        required_consultants=np.array([row[7] or 1 for row in rows], dtype=np.int32),
        skill_owner=np.array([row[0] for row in skills], dtype=np.int64),
        skill_id=np.array([row[1] for row in skills], dtype=np.int64),
        skill_importance=np.array([IMPORTANCE_CODES[row[2]] for row in skills], dtype=np.int8),
        skill_minimum=np.array([PROFICIENCY_RANK.get(row[3], 0) for row in skills], dtype=np.int8),
    )


def _load_tenders_packed(graph: SkillGraph, queryset) -> TenderArrays:
    where_sql, where_params = queryset.values("pk").query.sql_with_params()
    _places_table(queryset.exclude(location=None).order_by().values_list("location", flat=True).distinct())
    tenders = fetch_packed(
        [
            ("id", "t.id", "int8"),
            ("company_id", "t.company_id", "int8"),
            ("start", f"COALESCE(t.start_date - DATE '0001-01-01' + 1, {NO_DAY})", "int4"),
            ("end", f"COALESCE(t.end_date - DATE '0001-01-01' + 1, {NO_DAY})", "int4"),
            ("lat", "COALESCE(p.latitude, 'NaN')", "float8"),
            ("lon", "COALESCE(p.longitude, 'NaN')", "float8"),
            ("remote", "CASE WHEN t.remote_work THEN 1 ELSE 0 END", "int4"),
            ("budget", "COALESCE(t.budget, 'NaN')", "float8"),
            ("required", "COALESCE(t.required_consultants, 1)", "int4"),
        ],
        f"tenders t LEFT JOIN tm_places p ON p.location = t.location WHERE t.id IN ({where_sql})",
        list(where_params),
        "t.id",
    )
    importance_case = " ".join(f"WHEN '{name}' THEN {code}" for name, code in IMPORTANCE_CODES.items())
    level_case = " ".join(f"WHEN '{name}' THEN {rank}" for name, rank in PROFICIENCY_RANK.items())
    skills = fetch_packed(
        [
            ("owner", "ts.tender_id", "int8"),
            ("skill", "ts.skill_id", "int8"),
            ("importance", f"CASE ts.importance {importance_case} END", "int4"),
            ("minimum", f"CASE ts.minimum_level {level_case} ELSE 0 END", "int4"),
        ],
        f"tender_skills ts WHERE ts.tender_id IN ({where_sql})",
        list(where_params),
    )
    return _tender_arrays(
        graph,
        ids=tenders["id"],
        company_ids=tenders["company_id"],
        start_day=tenders["start"].astype(np.int32),
        end_day=tenders["end"].astype(np.int32),
        coordinates=np.column_stack([tenders["lat"], tenders["lon"]]),
        remote=tenders["remote"].astype(bool),
        budget=tenders["budget"],
        required_consultants=tenders["required"].astype(np.int32),
        skill_owner=skills["owner"],
        skill_id=skills["skill"],
        skill_importance=skills["importance"].astype(np.int8),
        skill_minimum=skills["minimum"].astype(np.int8),
    )


def _tender_arrays(
    graph: SkillGraph, *, ids, coordinates, skill_owner, skill_id, skill_importance, skill_minimum, **columns
) -> TenderArrays:
    owner = np.searchsorted(ids, skill_owner).astype(np.int64)
    skill_columns = np.searchsorted(graph.skill_ids, skill_id).astype(np.int32)
    indptr, skill_columns, skill_importance, skill_minimum = csr_from_pairs(
        owner, skill_columns, len(ids), skill_importance, skill_minimum
    )
    return TenderArrays(
        ids=ids,
        skill_indptr=indptr,
        skill_columns=skill_columns,
        skill_importance=skill_importance,
        skill_minimum=skill_minimum,
        latitude=np.ascontiguousarray(coordinates[:, 0]),
        longitude=np.ascontiguousarray(coordinates[:, 1]),
        **columns,
    )


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


# --- writing ------------------------------------------------------------------------------------


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
