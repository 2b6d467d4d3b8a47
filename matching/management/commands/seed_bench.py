"""Create large, realistic benchmark data fast: consultants with skewed skill popularity, French cities.

PostgreSQL: rows go in through COPY with explicit ids; SQLite: bulk_create. Each run adds new
companies named "Bench <run> #<n>", so it never touches existing data.
"""

import datetime
import io
import time

import numpy as np
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from consultants.catalogue import skill_catalogue_sync
from consultants.models import AvailabilityStatus, Consultant, ConsultantSkill, ProficiencyLevel, Skill
from talentmatch.models import Company, User, UserRole
from talentmatch.text import name_sort_key
from tenders.models import Tender, TenderSkill, TenderSkillImportance, TenderStatus

FIRST_NAMES = (
    "Camille Léa Manon Chloé Inès Sarah Jade Louise Emma Zoé Hélène Élodie Céline Aurélie Nathalie Sophie "
    "Lucas Hugo Louis Gabriel Arthur Jules Adam Raphaël Théo Nathan Mathis François Jérôme Sébastien Cédric "
    "Thomas Nicolas Julien Maxime Antoine Karim Mehdi Yacine Amine Sofiane"
).split()
LAST_NAMES = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel "
    "Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefebvre Mercier Dupont Lambert Bonnet "
    "François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin "
    "Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin Masson Dupré Lemaire Benoît"
).split()
CITIES = (
    ("Paris", 30),
    ("Lyon", 10),
    ("Marseille", 5),
    ("Toulouse", 7),
    ("Nantes", 6),
    ("Bordeaux", 6),
    ("Lille", 6),
    ("Rennes", 5),
    ("Strasbourg", 3),
    ("Montpellier", 4),
    ("Nice", 3),
    ("Grenoble", 3),
    ("Sophia Antipolis", 2),
    ("Boulogne-Billancourt", 4),
    ("La Défense", 3),
    ("Niort", 1),
    ("Aix-en-Provence", 2),
)
TITLES = (
    "Développeur Java",
    "Développeur Python",
    "Développeur front-end",
    "Développeur full stack",
    "Data engineer",
    "Data scientist",
    "Ingénieur DevOps",
    "Architecte cloud",
    "Chef de projet",
    "Scrum master",
    "Product owner",
    "Administrateur systèmes",
    "Consultant SAP",
    "Ingénieur QA",
    "Tech lead",
    "Consultant cybersécurité",
)
CLIENTS = (
    "Banque du Rhône",
    "Assurances Atlantique",
    "Énergies de l'Ouest",
    "Ministère numérique",
    "Transports Azur",
    "Santé Connect",
    "Retail Hexagone",
    "Aéro Sud",
    "Mutuelle Horizon",
    "Télécom Avenir",
)
LEVELS = ProficiencyLevel.values
STATUSES = AvailabilityStatus.values


def _copy(table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if value is None else str(value) for value in row))
        buffer.write("\n")
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write(buffer.getvalue())


def _next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


class Command(BaseCommand):
    help = "Create N consultants and M tenders of realistic benchmark data, fast."

    def add_arguments(self, parser):
        parser.add_argument("--consultants", type=int, required=True)
        parser.add_argument("--tenders", type=int, required=True)
        parser.add_argument("--companies", type=int, default=1, help="Spread the data over this many companies")
        parser.add_argument("--seed", type=int, default=20261125)

    def handle(self, *args, consultants: int, tenders: int, companies: int, seed: int, **options):
        if consultants < 0 or tenders < 0 or companies < 1:
            raise CommandError("Counts must be positive.")
        started = time.perf_counter()
        skill_catalogue_sync()
        rng = np.random.default_rng(seed)
        with transaction.atomic():
            report = self._seed(rng, consultants, tenders, companies)
        self.stdout.write(f"{report} in {time.perf_counter() - started:.1f} s")

    def _seed(self, rng, n: int, m: int, companies: int) -> str:
        now = timezone.now().isoformat()
        today = timezone.localdate()
        run = Company.objects.filter(name__startswith="Bench ").count() // max(companies, 1) + 1
        company_ids = [
            Company.objects.create(name=f"Bench {run} #{i + 1}", city="Paris", country="France").pk
            for i in range(companies)
        ]
        skill_ids = np.array(list(Skill.objects.order_by("pk").values_list("pk", flat=True)), dtype=np.int64)
        popularity = 1.0 / np.arange(1, len(skill_ids) + 1) ** 1.1
        popularity = rng.permutation(popularity / popularity.sum())
        city_names = [name for name, _ in CITIES]
        city_weights = np.array([weight for _, weight in CITIES], dtype=np.float64)
        city_weights /= city_weights.sum()

        # Consultants and their users.
        user_start, consultant_start = _next_id(User), _next_id(Consultant)
        first = rng.integers(0, len(FIRST_NAMES), n)
        last = rng.integers(0, len(LAST_NAMES), n)
        company = np.array(company_ids)[np.arange(n) % companies]
        status = rng.choice(len(STATUSES), n, p=[0.25, 0.1, 0.1, 0.55])
        free_in = rng.integers(-30, 240, n)
        city = rng.choice(len(city_names), n, p=city_weights)
        experience = np.clip(rng.gamma(2.5, 3.0, n).astype(int), 0, 40)
        rate = np.round(350 + experience * 18 + rng.normal(0, 60, n), -1).clip(300, 1400)
        unusable = make_password(None)
        users = (
            (
                user_start + i,
                f"bench{run}.{user_start + i}@bench.test",
                unusable,
                FIRST_NAMES[first[i]],
                LAST_NAMES[last[i]],
                UserRole.CONSULTANT,
                int(company[i]),
                "",
                True,
                now,
                now,
            )
            for i in range(n)
        )
        consultant_rows = (
            (
                consultant_start + i,
                user_start + i,
                int(company[i]),
                TITLES[i % len(TITLES)],
                int(experience[i]),
                STATUSES[status[i]],
                (today + datetime.timedelta(days=int(free_in[i]))).isoformat() if status[i] >= 2 else None,
                float(rate[i]),
                f"{TITLES[i % len(TITLES)]} — {int(experience[i])} ans d'expérience.",
                city_names[city[i]],
                bool(i % 3 == 0),
                int((20, 50, 100, 300)[i % 4]),
                now,
                now,
                name_sort_key(FIRST_NAMES[first[i]], LAST_NAMES[last[i]]),
            )
            for i in range(n)
        )
        per = rng.integers(10, 21, n)
        owner = np.repeat(np.arange(n), per)
        picked = rng.choice(len(skill_ids), len(owner), p=popularity)
        pairs = np.unique(owner.astype(np.int64) * len(skill_ids) + picked)
        owner, picked = pairs // len(skill_ids), pairs % len(skill_ids)
        level = rng.choice(4, len(owner), p=[0.15, 0.35, 0.35, 0.15])
        years = np.minimum(rng.integers(0, 15, len(owner)), experience[owner] + 1)
        skill_rows = (
            (int(consultant_start + owner[k]), int(skill_ids[picked[k]]), LEVELS[level[k]], int(years[k]), now, now)
            for k in range(len(owner))
        )

        # Tenders and their skill needs.
        tender_start = _next_id(Tender)
        start_in = rng.integers(0, 120, m)
        length = rng.integers(30, 365, m)
        tender_company = np.array(company_ids)[np.arange(m) % companies]
        tender_city = rng.choice(len(city_names), m, p=city_weights)
        tender_rows = (
            (
                tender_start + j,
                int(tender_company[j]),
                f"Mission {TITLES[j % len(TITLES)]} #{j + 1}",
                CLIENTS[j % len(CLIENTS)],
                "Mission de benchmark.",
                (today + datetime.timedelta(days=int(start_in[j]))).isoformat(),
                (today + datetime.timedelta(days=int(start_in[j] + length[j]))).isoformat(),
                TenderStatus.OPEN,
                city_names[tender_city[j]],
                bool(j % 4 == 0),
                float(rng.integers(20, 400) * 1000),
                int(1 + j % 3),
                now,
                now,
            )
            for j in range(m)
        )
        per_tender = rng.integers(4, 13, m)
        tender_owner = np.repeat(np.arange(m), per_tender)
        tender_picked = rng.choice(len(skill_ids), len(tender_owner), p=popularity)
        tender_pairs = np.unique(tender_owner.astype(np.int64) * len(skill_ids) + tender_picked)
        tender_owner, tender_picked = tender_pairs // len(skill_ids), tender_pairs % len(skill_ids)
        importance = rng.choice(3, len(tender_owner), p=[0.5, 0.3, 0.2])
        minimum = np.where(rng.random(len(tender_owner)) < 0.4, rng.integers(0, 4, len(tender_owner)), -1)
        importances = TenderSkillImportance.values
        tender_skill_rows = (
            (
                int(tender_start + tender_owner[k]),
                int(skill_ids[tender_picked[k]]),
                importances[importance[k]],
                LEVELS[minimum[k]] if minimum[k] >= 0 else None,
                now,
                now,
            )
            for k in range(len(tender_owner))
        )

        if connection.vendor == "postgresql":
            _copy(
                "users",
                [
                    "id",
                    "email",
                    "hashed_password",
                    "first_name",
                    "last_name",
                    "role",
                    "company_id",
                    "phone",
                    "is_active",
                    "created_at",
                    "updated_at",
                ],
                users,
            )
            _copy(
                "consultants",
                [
                    "id",
                    "user_id",
                    "company_id",
                    "title",
                    "experience_years",
                    "availability_status",
                    "availability_date",
                    "daily_rate",
                    "bio",
                    "location",
                    "remote_work",
                    "max_travel_distance",
                    "created_at",
                    "updated_at",
                    "sort_name",
                ],
                consultant_rows,
            )
            _copy(
                "consultant_skills",
                ["consultant_id", "skill_id", "proficiency_level", "years_experience", "created_at", "updated_at"],
                skill_rows,
            )
            _copy(
                "tenders",
                [
                    "id",
                    "company_id",
                    "title",
                    "client_name",
                    "description",
                    "start_date",
                    "end_date",
                    "status",
                    "location",
                    "remote_work",
                    "budget",
                    "required_consultants",
                    "created_at",
                    "updated_at",
                ],
                tender_rows,
            )
            _copy(
                "tender_skills",
                ["tender_id", "skill_id", "importance", "minimum_level", "created_at", "updated_at"],
                tender_skill_rows,
            )
            with connection.cursor() as cursor:
                for table in ("users", "consultants", "tenders"):  # our own constant table names
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
                    )
        else:
            User.objects.bulk_create(
                [
                    User(
                        id=r[0], email=r[1], password=r[2], first_name=r[3], last_name=r[4], role=r[5], company_id=r[6]
                    )
                    for r in users
                ],
                batch_size=2000,
            )
            Consultant.objects.bulk_create(
                [
                    Consultant(
                        id=r[0],
                        user_id=r[1],
                        company_id=r[2],
                        title=r[3],
                        experience_years=r[4],
                        availability_status=r[5],
                        availability_date=r[6],
                        daily_rate=r[7],
                        bio=r[8],
                        location=r[9],
                        remote_work=r[10],
                        max_travel_distance=r[11],
                        sort_name=r[14],
                    )
                    for r in consultant_rows
                ],
                batch_size=2000,
            )
            ConsultantSkill.objects.bulk_create(
                [
                    ConsultantSkill(consultant_id=r[0], skill_id=r[1], proficiency_level=r[2], years_experience=r[3])
                    for r in skill_rows
                ],
                batch_size=5000,
            )
            Tender.objects.bulk_create(
                [
                    Tender(
                        id=r[0],
                        company_id=r[1],
                        title=r[2],
                        client_name=r[3],
                        description=r[4],
                        start_date=r[5],
                        end_date=r[6],
                        status=r[7],
                        location=r[8],
                        remote_work=r[9],
                        budget=r[10],
                        required_consultants=r[11],
                    )
                    for r in tender_rows
                ],
                batch_size=2000,
            )
            TenderSkill.objects.bulk_create(
                [
                    TenderSkill(tender_id=r[0], skill_id=r[1], importance=r[2], minimum_level=r[3])
                    for r in tender_skill_rows
                ],
                batch_size=5000,
            )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        return (
            f"companies {companies} (ids {company_ids[0]}–{company_ids[-1]}), consultants {n}, "
            f"consultant skills {len(owner)}, tenders {m}, tender skills {len(tender_owner)}"
        )
