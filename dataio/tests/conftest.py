import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from consultants.models import SkillAlias, SkillCategory
from consultants.services import consultant_create, consultant_skill_set
from consultants.tests.factories import SkillFactory
from tenders.services import tender_create, tender_skill_set


@pytest.fixture
def catalogue(db):
    """A small catalogue: Python (alias Py), Django, PostgreSQL (alias Postgres), Docker."""
    skills = {
        "Python": SkillFactory(name="Python", category=SkillCategory.PROGRAMMING_LANGUAGE),
        "Django": SkillFactory(name="Django", category=SkillCategory.FRAMEWORK),
        "PostgreSQL": SkillFactory(name="PostgreSQL", category=SkillCategory.DATABASE),
        "Docker": SkillFactory(name="Docker", category=SkillCategory.DEVOPS),
    }
    SkillAlias.objects.create(skill=skills["Python"], alias="Py")
    SkillAlias.objects.create(skill=skills["PostgreSQL"], alias="Postgres")
    return skills


def csv_bytes(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def xlsx_from_rows(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_rows(content: bytes) -> list[list]:
    """Every row of the first sheet, as values (for comparing two workbooks)."""
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def upload(client, kind: str, name: str, content: bytes, action: str = "import"):
    return client.post(
        reverse("dataio:data-import"),
        {"kind": kind, "file": SimpleUploadedFile(name, content), "action": action},
    )


def staff(company, catalogue, *, prefix: str = "a"):
    """Three consultants and two tenders with every kind of value, written through the services."""
    first = consultant_create(
        company=company,
        first_name="Hélène",
        last_name="Lefèvre",
        email=f"helene.lefevre@{prefix}.example",
        phone="+33 6 12 34 56 78",
        title="Architecte Python",
        experience_years=12,
        availability_status="on_mission",
        availability_date=datetime.date(2027, 3, 1),
        daily_rate=720.0,
        hourly_rate=95.5,
        location="Lyon",
        remote_work=True,
        max_travel_distance=80,
        bio="Ligne un\nLigne deux, avec « guillemets »; et point-virgule",
    )
    consultant_skill_set(consultant=first, skill=catalogue["Python"], proficiency_level="expert", years_experience=12)
    consultant_skill_set(consultant=first, skill=catalogue["Django"], proficiency_level="advanced")
    second = consultant_create(
        company=company,
        first_name="Bruno",
        last_name="Arnaud",
        email=f"bruno.arnaud@{prefix}.example",
        title='=HYPERLINK("http://evil.example","clic")',
        location="@Paris",
    )
    consultant_skill_set(consultant=second, skill=catalogue["PostgreSQL"], proficiency_level="beginner")
    consultant_create(
        company=company, first_name="Zoé", last_name="Zimmer", email=f"zoe.zimmer@{prefix}.example", title="PMO"
    )
    tender = tender_create(
        company=company,
        title="Refonte du portail",
        client_name="Banque Exemple",
        description="Portail client en Django.\nDeux lignes.",
        start_date=datetime.date(2027, 1, 4),
        end_date=datetime.date(2027, 6, 30),
        location="Paris",
        budget=60000.0,
        required_consultants=2,
    )
    tender_skill_set(tender=tender, skill=catalogue["Python"], importance="required", minimum_level="advanced")
    tender_skill_set(tender=tender, skill=catalogue["Docker"], importance="nice_to_have")
    tender_create(
        company=company,
        title="-Audit sécurité",
        client_name="Assurance Mutuelle",
        description="Audit",
        status="closed",
        remote_work=True,
    )
    return first, second, tender


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in their English source form."""
    settings.LANGUAGE_CODE = "en"
