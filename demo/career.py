"""The demo consultants' careers (missions, a degree, certifications, languages), built from the
"career" section of demo/data/demo_data.json: the same consultant always gets the same career for the
same anchor date, consistent with their profile, skills, years of experience and availability."""

from __future__ import annotations

import datetime
import random
import zlib
from dataclasses import dataclass

from demo.demo_data import _DATA, DEFAULT_SOFT_SKILLS, PROFILES, ConsultantSpec

CAREER = _DATA["career"]
CLIENTS = tuple(tuple(row) for row in CAREER["clients"])
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class MissionSpec:
    values: dict
    skills: tuple[str, ...]


@dataclass(frozen=True)
class CareerSpec:
    missions: tuple[MissionSpec, ...]
    education: tuple[dict, ...]
    certifications: tuple[dict, ...]
    languages: tuple[dict, ...]


def _role(spec: ConsultantSpec) -> str:
    profile = PROFILES[spec.profile_key]
    return profile.title_f if spec.fields["title"].startswith(profile.title_f) else profile.title_m


def _missions(spec: ConsultantSpec, rng: random.Random, anchor: datetime.date) -> list[MissionSpec]:
    years = max(1, spec.fields["experience_years"] or 1)
    career_start = anchor - datetime.timedelta(days=int(years * 365.25))
    hard = [claim.name for claim in spec.skills if claim.name not in DEFAULT_SOFT_SKILLS]
    ongoing = spec.fields["availability_status"] == "on_mission"
    end = None if ongoing else anchor - rng.randint(5, 60) * DAY
    cursor = anchor if ongoing else end
    clients = rng.sample(CLIENTS, 4)
    missions = []
    for client, sector in clients:
        start = max(career_start, cursor - rng.randint(10, 30) * 30 * DAY)
        if (cursor - start).days < 90:
            break
        used = hard[:2] + rng.sample(hard[2:], min(len(hard) - 2, rng.randint(1, 3))) if len(hard) > 2 else hard
        template = rng.choice(CAREER["descriptions"])
        description = template.format(
            purpose=rng.choice(CAREER["purposes"]), team=rng.randint(4, 12), skills=", ".join(used[:3])
        )
        values = {
            "employer": client,
            "sector": sector,
            "role": _role(spec),
            "start_date": start,
            "end_date": end,
            "description": description,
            "location": spec.fields["location"],
        }
        missions.append(MissionSpec(values, tuple(used)))
        end = start - rng.randint(0, 45) * DAY
        cursor = end
        if cursor <= career_start:
            break
    return missions


def build_career(spec: ConsultantSpec, anchor: datetime.date) -> CareerSpec:
    """The career of one demo consultant."""
    rng = random.Random(zlib.crc32(spec.email.encode()))
    years = max(1, spec.fields["experience_years"] or 1)
    school, degree, field = rng.choice(CAREER["schools"])
    graduated = anchor.year - years
    length = 5 if degree.startswith("Diplôme d'ingénieur") else 3 if degree == "BUT" else 2
    education = {"school": school, "degree": degree, "field": field}
    education |= {"start_year": graduated - length, "end_year": graduated}
    name, issuer = rng.choice(CAREER["certifications"][spec.profile_key])
    obtained = anchor - rng.randint(60, max(61, min(years * 365, 2200))) * DAY
    certification = {"name": name, "issuer": issuer, "obtained_on": obtained}
    certification["expires_on"] = obtained + 3 * 365 * DAY if rng.random() < 0.5 else None
    languages = [{"language": "Français", "level": "native"}]
    english, english_levels = CAREER["languages"][0]
    rank = min(len(english_levels) - 1, years // 3 + rng.randint(0, 1))
    languages.append({"language": english, "level": english_levels[rank]})
    if rng.random() < 0.35:
        other, levels = rng.choice(CAREER["languages"][1:])
        languages.append({"language": other, "level": rng.choice(levels)})
    return CareerSpec(tuple(_missions(spec, rng, anchor)), (education,), (certification,), tuple(languages))
