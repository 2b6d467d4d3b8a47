"""Import benchmark on PostgreSQL: a 2,000-row consultant CSV (with skills) through `data_import`,
against the cheapest way to write the same rows (bulk_create of the accounts, profiles and skill
links; the skills' statement trigger rewrites the search documents once, as for the import).

Usage (a disposable copy of the bench data, never tm_bench_v2 itself):

    createdb -h 127.0.0.1 -U postgres -T tm_bench_v2 tm_bench_imp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tm_bench_imp .venv/bin/python bench/import_bench.py

Each run is rolled back, so that every run meets the same 100k-consultant table. Wall-clock seconds
and this process's CPU seconds are reported, with the load average, min and median of 3 runs.

IMPORT_BENCH_ROWS and IMPORT_BENCH_RUNS change the size and the number of runs; IMPORT_BENCH_CHECKOUT
runs another checkout's code (e.g. the one before this work, with PYTHONDONTWRITEBYTECODE=1) on the
same data, its figures written to results-import-<checkout folder>.json.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
ROOT = Path(os.environ.get("IMPORT_BENCH_CHECKOUT", HERE)).resolve()
# The checkout measured comes first, and only it: not this one through the script's folder or the
# current directory.
sys.path[:] = [str(ROOT), *(entry for entry in sys.path if entry not in ("", ".", str(HERE), str(HERE / "bench")))]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentmatch.settings")
os.chdir(ROOT)  # setting up Django puts the current directory first on the path

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from consultants.models import Consultant, ConsultantSkill, Skill  # noqa: E402
from consultants.services import consultant_search_refresh  # noqa: E402
from dataio.services import data_import  # noqa: E402
from dataio.sheets import read_sheet  # noqa: E402
from talentmatch.models import Company, User, UserRole  # noqa: E402
from talentmatch.text import name_sort_key  # noqa: E402

ROWS, SKILLS_PER_ROW = int(os.environ.get("IMPORT_BENCH_ROWS", 2000)), 3
RUNS = int(os.environ.get("IMPORT_BENCH_RUNS", 3))
LEVELS = ("beginner", "intermediate", "advanced", "expert")
MANAGER_EMAIL = "bench-import-manager@bench.example"


class Rollback(Exception):
    pass


def csv_file(skills: list[Skill], run: int) -> bytes:
    chooser = random.Random(run)
    lines = ["first_name,last_name,email,title,experience_years,daily_rate,location,remote_work,skills"]
    for n in range(ROWS):
        held = chooser.sample(skills, SKILLS_PER_ROW)
        cell = "; ".join(f"{skill.name}:{chooser.choice(LEVELS)}:{chooser.randint(0, 15)}" for skill in held)
        lines.append(
            f"Prénom{n},Importé{n},import{run}.{n}@bench-import.example,Consultant {n},{n % 20},"
            f'{400 + n % 500},Lyon,{"true" if n % 2 else "false"},"{cell}"'
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def bulk_baseline(company: Company, content: bytes, *, refresh: bool) -> None:
    """The same rows written with three bulk inserts (the file read by the same reader)."""
    sheet = read_sheet("bench.csv", content)
    by_name = {skill.name: skill for skill in Skill.objects.all()}
    users, consultants, links = [], [], []
    for _line, cells in sheet.rows:
        row = dict(zip(sheet.header, cells, strict=True))
        user = User(
            email=row["email"].lower(),
            first_name=row["first_name"],
            last_name=row["last_name"],
            role=UserRole.CONSULTANT,
            company=company,
        )
        user.set_unusable_password()
        users.append(user)
        consultant = Consultant(
            user=user,
            company=company,
            title=row["title"],
            experience_years=int(row["experience_years"]),
            daily_rate=float(row["daily_rate"]),
            location=row["location"],
            remote_work=row["remote_work"] == "true",
            sort_name=name_sort_key(row["first_name"], row["last_name"]),
        )
        consultants.append(consultant)
        for entry in row["skills"].split(";"):
            name, level, years = entry.strip().rsplit(":", 2)
            links.append(
                ConsultantSkill(
                    consultant=consultant, skill=by_name[name], proficiency_level=level, years_experience=int(years)
                )
            )
    User.objects.bulk_create(users)
    for consultant in consultants:
        consultant.user = consultant.user
    Consultant.objects.bulk_create(consultants)
    ConsultantSkill.objects.bulk_create(links)
    if refresh:
        consultant_search_refresh([consultant.pk for consultant in consultants])


def the_import(company: Company, content: bytes, by: User) -> None:
    report = data_import(kind="consultants", name="bench.csv", content=content, company=company, by=by)
    assert (report.created, report.rejected) == (ROWS, 0), (report.created, report.problems[:3], report.file_errors)


def measure(work, *args, **kwargs) -> dict:
    """Seconds (wall, this process's CPU) of `work` inside a transaction rolled back afterwards."""
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        with transaction.atomic():
            work(*args, **kwargs)
            elapsed = (time.perf_counter() - wall, time.process_time() - cpu)
            raise Rollback
    except Rollback:
        pass
    return {"wall": elapsed[0], "cpu": elapsed[1], "load": load}


def summary(runs: list[dict]) -> dict:
    walls = [run["wall"] for run in runs]
    cpus = [run["cpu"] for run in runs]
    return {
        "wall_min": min(walls),
        "wall_median": statistics.median(walls),
        "cpu_min": min(cpus),
        "cpu_median": statistics.median(cpus),
        "load": [round(run["load"], 1) for run in runs],
    }


def main() -> None:
    assert connection.vendor == "postgresql", "The import benchmark runs on PostgreSQL."
    assert connection.settings_dict["NAME"] != "tm_bench_v2", "Never write to tm_bench_v2: use a copy."
    company = Company.objects.get(pk=Consultant.objects.values("company").order_by().distinct()[:1][0]["company"])
    by = User.objects.filter(email=MANAGER_EMAIL).first()
    if by is None:
        by = User.objects.create_user(
            MANAGER_EMAIL, first_name="Bench", last_name="Importer", role=UserRole.MANAGER, company=company
        )
    skills = list(Skill.objects.order_by("pk"))
    users = User.objects.count()
    print(f"{company.name}: {company.consultants.count()} consultants, {users} accounts; {ROWS} rows", file=sys.stderr)
    print(f"code: {sys.modules['dataio.services'].__file__}", file=sys.stderr)
    results = {"import": [], "baseline": [], "baseline_with_refresh": []}
    for run in range(RUNS):
        content = csv_file(skills, run)
        results["baseline"].append(measure(bulk_baseline, company, content, refresh=False))
        results["baseline_with_refresh"].append(measure(bulk_baseline, company, content, refresh=True))
        results["import"].append(measure(the_import, company, content, by))
        print(run, {name: round(runs[-1]["wall"], 2) for name, runs in results.items()}, file=sys.stderr)
    figures = {name: summary(runs) for name, runs in results.items()}
    for name in ("baseline", "baseline_with_refresh"):
        figures[f"ratio_to_{name}"] = {
            "min": figures["import"]["wall_min"] / figures[name]["wall_min"],
            "median": figures["import"]["wall_median"] / figures[name]["wall_median"],
        }
    figures["ms_per_row_median"] = 1000 * figures["import"]["wall_median"] / ROWS
    figures["rows"] = ROWS
    print(json.dumps(figures, indent=2))
    name = "results-import.json" if ROOT == HERE else f"results-import-{ROOT.name}.json"
    (HERE / "bench" / name).write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
