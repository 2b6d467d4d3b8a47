"""The French demo data behind `manage.py seed_demo`, read from demo/data/demo_data.json: invented ESNs,
their people, clients and missions, with the deterministic builders that turn it into rows to create.

No database access: the same anchor date always yields the same consultants and tenders, which is what
makes the command safe to run again. The file holds, by key: the companies (referred to by key
elsewhere in the file), the one active collaboration (Garonne stays outside it), the staff, twenty
people per company ([first name, last name, "f" or "m"]), the consultant profiles (titles by gender,
the skills that define them and those that often go with them) and how many of each a company
employs, a pattern of ten availabilities ([status, days until free], repeated and shuffled per
company), the first year of general use of the younger technologies (nobody claims more years than
they have existed), and the tenders with their skill needs ([skill, importance, minimum level]).
"""

import datetime
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from consultants.models import ProficiencyLevel

DATA_FILE = Path(__file__).resolve().parent / "data" / "demo_data.json"
_DATA = json.loads(DATA_FILE.read_text(encoding="utf-8"))

DEMO_URL: str = _DATA["demo_url"]

# One memorable password per role; demo logins only, never for a real deployment.
DEMO_PASSWORDS: dict[str, str] = _DATA["passwords"]


@dataclass(frozen=True)
class DemoCompany:
    name: str
    domain: str
    city: str
    postal_code: str
    address: str
    description: str

    @property
    def website(self) -> str:
        return f"https://www.{self.domain}"


_COMPANY_BY_KEY = {key: DemoCompany(**fields) for key, fields in _DATA["companies"].items()}
COMPANIES = tuple(_COMPANY_BY_KEY.values())

# The one active partnership of the demo.
COLLABORATION = {
    **_DATA["collaboration"],
    "initiator": _COMPANY_BY_KEY[_DATA["collaboration"]["initiator"]],
    "partner": _COMPANY_BY_KEY[_DATA["collaboration"]["partner"]],
}


def email_local_part(first_name: str, last_name: str) -> str:
    """ "prenom.nom", folded to ASCII: accents dropped, œ/æ spelt out, spaces and apostrophes removed."""
    text = f"{first_name}.{last_name}".lower().replace("œ", "oe").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9.-]", "", text)


@dataclass(frozen=True)
class DemoUser:
    first_name: str
    last_name: str
    role: str
    company: DemoCompany | None

    @property
    def email(self) -> str:
        domain = self.company.domain if self.company else "talentmatch.test"
        return f"{email_local_part(self.first_name, self.last_name)}@{domain}"

    @property
    def password(self) -> str:
        return DEMO_PASSWORDS[self.role]


STAFF = tuple(
    DemoUser(user["first_name"], user["last_name"], user["role"], _COMPANY_BY_KEY.get(user["company"]))
    for user in _DATA["staff"]
)

# (first name, last name, "f" or "m") — twenty per company.
PEOPLE = {_COMPANY_BY_KEY[key]: tuple(tuple(person) for person in people) for key, people in _DATA["people"].items()}

CITIES = tuple(_DATA["cities"])


@dataclass(frozen=True)
class Seniority:
    rank: int  # 0 junior … 3 expert
    label_m: str
    label_f: str
    years: tuple[int, int]
    daily_rate: tuple[int, int]


SENIORITIES = tuple(
    Seniority(row["rank"], row["label_m"], row["label_f"], tuple(row["years"]), tuple(row["daily_rate"]))
    for row in _DATA["seniorities"]
)

DEFAULT_SOFT_SKILLS = tuple(_DATA["default_soft_skills"])


@dataclass(frozen=True)
class Profile:
    """A kind of consultant: titles by gender, the skills that define it and those that often go with it."""

    title_m: str
    title_f: str
    core: tuple[str, ...]
    extra: tuple[str, ...]
    soft: tuple[str, ...] = DEFAULT_SOFT_SKILLS
    min_rank: int = 0
    seniority_in_title: bool = True


PROFILES = {
    key: Profile(
        **{name: tuple(value) if isinstance(value, list) else value for name, value in row.items()},
    )
    for key, row in _DATA["profiles"].items()
}

# How many consultants of each profile a company employs, matching each ESN's speciality.
STAFFING = {_COMPANY_BY_KEY[key]: counts for key, counts in _DATA["staffing"].items()}

# Several missions end within 30 days so that "soon available" searches find someone.
AVAILABILITY_PATTERN = tuple(tuple(row) for row in _DATA["availability_pattern"])

IN_USE_SINCE: dict[str, int] = _DATA["in_use_since"]

# How common each seniority is among the demo consultants, junior to expert.
SENIORITY_WEIGHTS = tuple(_DATA["seniority_weights"])

LEVELS = ProficiencyLevel.values  # beginner … expert, by rank


@dataclass(frozen=True)
class SkillClaim:
    name: str
    level: str
    years: int


@dataclass(frozen=True)
class ConsultantSpec:
    company: DemoCompany
    first_name: str
    last_name: str
    fields: dict
    skills: tuple[SkillClaim, ...]
    # The first consultant of each company gets a demo password, so the consultant role can log in too.
    has_demo_login: bool = False
    profile_key: str = ""  # its Profile in PROFILES

    @property
    def email(self) -> str:
        return f"{email_local_part(self.first_name, self.last_name)}@{self.company.domain}"


def _years_label(years: int) -> str:
    return f"{years} an" if years == 1 else f"{years} ans"


def _consultant(company, person, profile: Profile, rng: random.Random, availability, anchor, **extra) -> ConsultantSpec:
    first_name, last_name, gender = person
    feminine = gender == "f"
    eligible = [seniority for seniority in SENIORITIES if seniority.rank >= profile.min_rank]
    seniority = rng.choices(eligible, weights=[SENIORITY_WEIGHTS[s.rank] for s in eligible])[0]
    experience = rng.randint(*seniority.years)
    title = profile.title_f if feminine else profile.title_m
    if profile.seniority_in_title:
        title = f"{title} {seniority.label_f if feminine else seniority.label_m}"

    def claim(name: str, rank: int, years: int) -> SkillClaim:
        ceiling = anchor.year - IN_USE_SINCE.get(name, anchor.year - years)
        return SkillClaim(name, LEVELS[rank], max(1, min(years, ceiling)))

    skills = []
    for index, name in enumerate(profile.core):
        rank = seniority.rank + 1 - (1 if index >= 2 and rng.random() < 0.5 else 0)
        years = max(1, experience - rng.randint(0, 2))
        skills.append(claim(name, min(3, max(1, rank)), years))
    soft_count = rng.randint(1, 2)
    extra_count = min(len(profile.extra), max(0, rng.randint(6, 11) - len(profile.core) - soft_count))
    for name in rng.sample(profile.extra, extra_count):
        rank = max(0, seniority.rank - rng.randint(0, 1))
        # A higher level takes more years, never more than the whole career.
        fewest = min(experience, rank + 1)
        years = rng.randint(fewest, max(fewest, min(experience, experience // 2 + 2)))
        skills.append(claim(name, rank, years))
    for name in rng.sample(profile.soft, soft_count):
        skills.append(claim(name, 2 if seniority.rank >= 2 else 1, experience))

    status, days_until_free = availability
    location = company.city if rng.random() < 0.6 else rng.choice(CITIES)
    remote_work = rng.random() < 0.6
    low, high = seniority.daily_rate
    bio = (
        f"{title} avec {_years_label(experience)} d'expérience. Compétences clés : {', '.join(profile.core[:3])}. "
        f"{'Basée' if feminine else 'Basé'} à {location}"
    )
    if remote_work:
        bio += ", ouverte au télétravail." if feminine else ", ouvert au télétravail."
    else:
        bio += "."
    fields = {
        "title": title,
        "experience_years": experience,
        "availability_status": status,
        "availability_date": anchor + datetime.timedelta(days=days_until_free) if days_until_free else None,
        "daily_rate": float(round(rng.randint(low, high), -1)),
        "bio": bio,
        "location": location,
        "remote_work": remote_work,
        "max_travel_distance": rng.choice((20, 30, 50, 50, 100, 150, 300, 500)),
    }
    return ConsultantSpec(company, first_name, last_name, fields, tuple(skills), **extra)


def build_consultants(anchor: datetime.date) -> list[ConsultantSpec]:
    """The demo consultants, identical for the same anchor date."""
    specs = []
    for number, company in enumerate(COMPANIES):
        rng = random.Random(2026 + number)
        profiles = [key for key, count in STAFFING[company].items() for _ in range(count)]
        rng.shuffle(profiles)
        availabilities = list(AVAILABILITY_PATTERN) * 2
        rng.shuffle(availabilities)
        for index, person in enumerate(PEOPLE[company]):
            profile = PROFILES[profiles[index]]
            specs.append(
                _consultant(
                    company,
                    person,
                    profile,
                    rng,
                    availabilities[index],
                    anchor,
                    has_demo_login=index == 0,
                    profile_key=profiles[index],
                )
            )
    return specs


@dataclass(frozen=True)
class SkillNeed:
    name: str
    importance: str
    minimum_level: str | None = None


@dataclass(frozen=True)
class TenderSpec:
    company: DemoCompany
    client_name: str
    title: str
    description: str
    location: str
    remote_work: bool
    days_until_start: int
    duration_days: int
    status: str
    budget: float
    required_consultants: int
    reply_in_days: int = 14
    client_contact: tuple[str, str, str] = ("", "", "")
    needs: tuple[SkillNeed, ...] = field(default=())

    def fields(self, anchor: datetime.date) -> dict:
        start = anchor + datetime.timedelta(days=self.days_until_start)
        return {
            "title": self.title,
            "client_name": self.client_name,
            "description": self.description,
            "start_date": start,
            "end_date": start + datetime.timedelta(days=self.duration_days),
            "status": self.status,
            "location": self.location,
            "remote_work": self.remote_work,
            "budget": self.budget,
            "required_consultants": self.required_consultants,
            "reply_deadline": anchor + datetime.timedelta(days=self.reply_in_days),
            "client_contact_name": self.client_contact[0],
            "client_contact_email": self.client_contact[1],
            "client_contact_phone": self.client_contact[2],
        }


TENDERS = tuple(
    TenderSpec(
        **{
            **row,
            "company": _COMPANY_BY_KEY[row["company"]],
            "needs": tuple(SkillNeed(*need) for need in row["needs"]),
            "client_contact": tuple(row.get("client_contact", ("", "", ""))),
        }
    )
    for row in _DATA["tenders"]
)
