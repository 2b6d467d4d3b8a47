"""Matching benchmark on PostgreSQL: full recompute against its I/O floor, and the other targets.

Usage (a dedicated, disposable database; it is filled by seed_bench on first use):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tm_bench .venv/bin/python bench/matching_bench.py
    ... bench/matching_bench.py --incremental     # the edit figures alone
    ... bench/matching_bench.py --recompute       # steady state ÷ the I/O it really does, 3 runs

Every figure is measured in the same run; the targets are ratios to baselines of that run.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentmatch.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F, Q  # noqa: E402

from matching import services, store  # noqa: E402
from talentmatch.models import Company  # noqa: E402
from tenders.models import Tender  # noqa: E402

BIG, SMALL, TENDERS = 100_000, 50_000, 5_000


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def ensure_company(consultants: int, tenders: int) -> int:
    """The id of a bench company holding exactly this many consultants and tenders (seeded if missing)."""
    for company in Company.objects.filter(name__startswith="Bench "):
        if company.consultants.count() == consultants and company.tenders.count() == tenders:
            return company.pk
    call_command("seed_bench", consultants=consultants, tenders=tenders, stdout=sys.stderr)
    return Company.objects.filter(name__startswith="Bench ").order_by("-pk").values_list("pk", flat=True).first()


def io_floor(company_id: int) -> tuple[float, float, int]:
    """Read every scoring input of the company, then COPY its T×K stored result rows into a staging table."""
    read_seconds, _ = timed(_read_inputs, company_id)
    copy_seconds, rows = _copy_stored(
        company_id,
        "m.breakdown::text",
        "bench_floor",
        "(tender_id int, consultant_id int, score float8, breakdown jsonb)",
    )
    return read_seconds, copy_seconds, rows


def _copy_stored(company_id: int, last_column: str, table: str, columns: str) -> tuple[float, int]:
    """COPY the company's stored (tender, consultant, score, `last_column`) rows into a temporary
    `table`; the seconds of the COPY alone, and the rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.tender_id, m.consultant_id, m.match_score, {last_column} FROM matches m "  # noqa: S608
            "JOIN tenders t ON t.id = m.tender_id WHERE t.company_id = %s",
            [company_id],
        )
        rows = cursor.fetchall()
    if "fingerprint" in last_column:  # as the steady state sends them: no breakdown, the fingerprint
        text = "".join(f"{t}\t{c}\t{s!r}\t{store.COPY_NULL}\t{f}\n" for t, c, s, f in rows)
    else:
        text = "".join(f"{t}\t{c}\t{s!r}\t{b}\n" for t, c, s, b in rows)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} {columns}")
        cursor.execute(f"TRUNCATE {table}")
        started = time.perf_counter()
        with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
            copy.write(text)
        return time.perf_counter() - started, len(rows)


def io_floor_steady(company_id: int) -> tuple[float, float, int]:
    """The I/O a steady-state recompute really does: read every scoring input and the stored
    breakdown fingerprints, then COPY the T×K ranked rows as it does when nothing changed (ids, score,
    fingerprint; no breakdown JSON) into a staging table. Not counted: the upsert that then compares
    them with the stored rows and updates none."""
    started = time.perf_counter()
    _read_inputs(company_id)
    store.known_fingerprints(Q(company_id=company_id, status__in=Tender.MATCHABLE_STATUSES))
    read_seconds = time.perf_counter() - started
    copy_seconds, rows = _copy_stored(
        company_id,
        "m.breakdown_fingerprint",
        "bench_floor_steady",
        "(tender_id int, consultant_id int, score float8, breakdown jsonb, fingerprint int8)",
    )
    return read_seconds, copy_seconds, rows


def recompute_against_floor(company_id: int, runs: int = 3) -> dict:
    """Steady-state recomputes against the steady floor, alternating, `runs` of each."""
    pairs = []
    for _ in range(runs):
        steady, _report = timed(services.matches_recompute, company_id=company_id)
        read, copy, _rows = io_floor_steady(company_id)
        pairs.append((steady, read + copy, read, copy))
    ratios = sorted(steady / floor for steady, floor, _read, _copy in pairs)
    return {
        "steady_s": [p[0] for p in pairs],
        "floor_steady_s": [p[1] for p in pairs],
        "floor_steady_read_s": [p[2] for p in pairs],
        "floor_steady_copy_s": [p[3] for p in pairs],
        "steady_over_steady_floor_min": ratios[0],
        "steady_over_steady_floor_median": ratios[len(ratios) // 2],
    }


def _read_inputs(company_id: int):
    graph = store.load_graph()
    store.load_consultants(graph, Q(company_id=company_id))
    store.load_tenders(graph, Q(company_id=company_id, status__in=Tender.MATCHABLE_STATUSES))


def sql_group_by(company_id: int, tenders: int = 100) -> float:
    """The skill part alone, computed by PostgreSQL with a join and GROUP BY, for `tenders` tenders."""
    ids = list(Tender.objects.filter(company_id=company_id).order_by("pk").values_list("pk", flat=True)[:tenders])
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT ts.tender_id, cs.consultant_id,
                   sum(CASE ts.importance WHEN 'required' THEN 3 WHEN 'preferred' THEN 2 ELSE 1 END
                       * CASE cs.proficiency_level WHEN 'beginner' THEN 0.55 WHEN 'intermediate' THEN 0.75
                                                   WHEN 'advanced' THEN 0.9 ELSE 1.0 END) AS credit
            FROM tender_skills ts
            JOIN consultant_skills cs ON cs.skill_id = ts.skill_id
            JOIN consultants c ON c.id = cs.consultant_id AND c.company_id = %s
            WHERE ts.tender_id = ANY(%s)
            GROUP BY ts.tender_id, cs.consultant_id
            """,
            [company_id, ids],
        )
        cursor.fetchall()
    return time.perf_counter() - started


def peak_memory(company_id: int) -> float:
    """Peak resident memory (GB) of a separate process running the company's full recompute (kB → GB)."""
    code = (
        "import os, resource, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'talentmatch.settings');"
        "django.setup(); from matching import services;"
        f"services.matches_recompute(company_id={company_id});"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent across exec.
        "print([line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM')][0])"
    )
    output = subprocess.run(  # noqa: S603 — our own interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, env=os.environ
    )
    return int(output.stdout.strip().splitlines()[-1]) / 1024 / 1024  # kB → GB


def incremental(company_id: int, samples: int = 15) -> dict:
    """Edits as a worker sees them: each tender edit writes the tender (so the change log names it)
    and rescores it; each consultant edit rewrites one skill row and rescores the consultant. The
    worker's warm pools start empty: the first edit of each kind reads its pool whole (reported
    apart), the others find it warm. The baseline is reading the consultant skills a tender touches."""
    from consultants.models import Consultant, ConsultantSkill
    from matching.store import warm

    warm.clear()
    tender_ids = list(Tender.objects.filter(company_id=company_id).order_by("pk").values_list("pk", flat=True))
    picked = tender_ids[:: max(1, len(tender_ids) // samples)][: samples + 1]
    tender_times, read_times = [], []
    for tender_id in picked:
        Tender.objects.filter(pk=tender_id).update(description=F("description"))  # logged, same content
        seconds, _ = timed(services.matches_recompute, tender_ids=[tender_id])
        tender_times.append(seconds)
        read_times.append(timed(_read_touched_skills, tender_id)[0])
    consultant_ids = list(
        Consultant.objects.filter(company_id=company_id)
        .order_by("pk")
        .values_list("pk", flat=True)[::5000][: samples + 1]
    )
    consultant_times, spliced_tender_times = [], []
    for consultant_id, tender_id in zip(consultant_ids, picked, strict=False):
        row = ConsultantSkill.objects.filter(consultant_id=consultant_id).order_by("pk").first()
        ConsultantSkill.objects.filter(pk=row.pk).update(years_experience=row.years_experience)
        consultant_times.append(timed(services.matches_update_for_consultant, consultant_id=consultant_id)[0])
        # The next tender edit finds that consultant changed: its pool splices one row in.
        spliced_tender_times.append(timed(services.matches_recompute, tender_ids=[tender_id])[0])
    return {
        "tender_edit_cold_s": tender_times[0],
        "tender_edit_median_s": statistics.median(tender_times[1:]),
        "tender_edit_after_consultant_write_median_s": statistics.median(spliced_tender_times[1:]),
        "touched_skills_read_median_s": statistics.median(read_times),
        "consultant_edit_cold_s": consultant_times[0],
        "consultant_edit_median_s": statistics.median(consultant_times[1:]),
        "warm": str(warm.outcome),
    }


def _read_touched_skills(tender_id: int):
    """Read the consultant skills a tender edit touches: those on its skills and their related skills."""
    return store.fetch_packed(
        [("owner", "cs.consultant_id", "int8"), ("skill", "cs.skill_id", "int8")],
        "consultant_skills cs WHERE cs.skill_id IN (SELECT skill_id FROM tender_skills WHERE tender_id = %s "
        "UNION SELECT r.to_skill_id FROM skill_relations r JOIN tender_skills ts ON ts.skill_id = r.from_skill_id "
        "WHERE ts.tender_id = %s)",
        [tender_id, tender_id],
    )


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("The matching benchmark runs on PostgreSQL: set DATABASE_URL.")
    big = ensure_company(BIG, TENDERS)
    if "--recompute" in sys.argv:  # the steady state against the I/O it really does, alone
        services.matches_recompute(company_id=big)  # steady before measuring
        print(json.dumps(recompute_against_floor(big), indent=2))
        return
    if "--incremental" in sys.argv:  # the edits alone, on the steady-state data
        results = incremental(big)
        results["tender_edit_over_touched_read"] = (
            results["tender_edit_median_s"] / results["touched_skills_read_median_s"]
        )
        print(json.dumps(results, indent=2))
        return
    small = ensure_company(SMALL, TENDERS)
    results = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "python": sys.version.split()[0],
    }

    first, report = timed(services.matches_recompute, company_id=big)
    results["first_recompute_s"] = first
    results["first_recompute_report"] = str(report)
    steady, report = timed(services.matches_recompute, company_id=big)
    results["steady_recompute_s"] = steady
    results["steady_recompute_report"] = str(report)
    read, copy, rows = io_floor(big)
    results.update(floor_read_s=read, floor_copy_s=copy, floor_rows=rows, floor_s=read + copy)
    results["steady_over_floor"] = steady / (read + copy)  # the first run's floor (breakdown JSON)
    read, copy, _rows = io_floor_steady(big)
    results.update(floor_steady_read_s=read, floor_steady_copy_s=copy, floor_steady_s=read + copy)
    results["steady_over_steady_floor"] = steady / (read + copy)

    group_by = sql_group_by(big)
    results["sql_group_by_100_tenders_s"] = group_by
    results["sql_group_by_extrapolated_s"] = group_by * TENDERS / 100

    services.matches_recompute(company_id=small)
    small_seconds, _ = timed(services.matches_recompute, company_id=small)
    results["steady_recompute_50k_s"] = small_seconds
    results["scaling_100k_over_50k"] = steady / small_seconds

    results["peak_memory_gb"] = peak_memory(big)
    results.update(incremental(big))
    results["tender_edit_over_touched_read"] = results["tender_edit_median_s"] / results["touched_skills_read_median_s"]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
