"""Bulk loads of the engine's inputs: the skill graph, consultants and tenders as arrays.

On PostgreSQL the large reads are packed binary columns parsed straight into numpy; SQLite takes a
plain ORM path with the same results.
"""

from __future__ import annotations

import numpy as np
from django.db import connection
from django.db.models import Q

from consultants.models import PROFICIENCY_RANK, Consultant, ConsultantSkill, Skill
from matching.engine import AVAILABILITY_CODES, IMPORTANCE_CODES, NO_DAY, ConsultantArrays, SkillGraph, TenderArrays
from matching.engine.arrays import csr_from_pairs
from matching.engine.sides import years_asked_from_text
from matching.store.packed import fetch_packed, is_postgresql
from talentmatch.geo import resolve_place
from tenders.models import Tender, TenderSkill


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


def load_consultants(graph: SkillGraph, filters: Q | None = None, *, few: bool = False) -> ConsultantArrays:
    """The scoring inputs of the consultants matching `filters`, ordered by id. `few`: a handful of
    rows (one consultant, the rows a warm pool splices in), read by two plain queries rather than
    the packed path's temporary places table and binary columns."""
    queryset = Consultant.objects.filter(filters or Q()).order_by("pk")
    if is_postgresql() and not few:
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


def load_tenders(graph: SkillGraph, filters: Q | None = None, *, few: bool = False) -> TenderArrays:
    """The scoring inputs of the tenders matching `filters`, ordered by id (`few`: as load_consultants)."""
    queryset = Tender.objects.filter(filters or Q()).order_by("pk")
    if is_postgresql() and not few:
        return _load_tenders_packed(graph, queryset)
    rows = list(
        queryset.values_list(
            "pk",
            "company_id",
            "start_date",
            "end_date",
            "location",
            "remote_work",
            "budget",
            "required_consultants",
            "onsite_days_per_week",
            "title",
            "description",
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
        onsite_days=np.array([np.nan if row[8] is None else row[8] for row in rows], dtype=np.float64),
        asked_years=np.array([years_asked_from_text(f"{row[9]} {row[10]}") for row in rows], dtype=np.float64),
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
            ("onsite", "COALESCE(t.onsite_days_per_week, 'NaN')", "float8"),
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
        onsite_days=tenders["onsite"],
        asked_years=_asked_years(queryset, tenders["id"]),
        skill_owner=skills["owner"],
        skill_id=skills["skill"],
        skill_importance=skills["importance"].astype(np.int8),
        skill_minimum=skills["minimum"].astype(np.int8),
    )


def _asked_years(queryset, ids: np.ndarray) -> np.ndarray:
    """Years of experience each tender's title and description ask, aligned on `ids` (NaN when none)."""
    texts = {
        pk: f"{title} {description}" for pk, title, description in queryset.values_list("pk", "title", "description")
    }
    return np.array([years_asked_from_text(texts.get(int(pk), "")) for pk in ids], dtype=np.float64)


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
