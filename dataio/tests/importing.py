"""What the import tests share: a two-consultant CSV file, an import run as a side's manager, and a
snapshot of everything an import may write."""

from consultants.models import Consultant, ConsultantSkill, Skill, SkillAlias
from dataio.services import data_import
from dataio.tests.conftest import csv_bytes
from history.models import ChangeRecord
from talentmatch.models import User
from tenders.models import Tender, TenderSkill

CONSULTANTS_CSV = csv_bytes(
    "first_name,last_name,email,title,availability_status,availability_date,daily_rate,remote_work,skills",
    "Camille,Martin,camille.martin@example.com,Développeuse Python,available,,650,true,"
    "Python:expert:5; Django:advanced",
    'Hugo,Bernard,hugo.bernard@example.com,"Data engineer, senior",on_mission,2027-02-01,"700,5",non,'
    "Postgres:intermediate",
)


def _state():
    """Everything an import may write, to assert that nothing changed."""
    return (
        sorted(Consultant.objects.values_list("pk", "title", "daily_rate", "availability_status")),
        sorted(
            ConsultantSkill.objects.values_list("consultant_id", "skill_id", "proficiency_level", "years_experience")
        ),
        sorted(Tender.objects.values_list("pk", "title", "status", "budget")),
        sorted(TenderSkill.objects.values_list("tender_id", "skill_id", "importance", "minimum_level")),
        sorted(Skill.objects.values_list("pk", "name", "description")),
        sorted(SkillAlias.objects.values_list("skill_id", "alias")),
        User.objects.count(),
        ChangeRecord.objects.count(),
    )


def _import(cast, kind, content, name="file.csv", dry_run=False, side=None):
    """Import as company a's manager; the shared skill catalogue, which only the platform admin
    edits, as the admin."""
    side = side or cast.a
    by = cast.admin if kind == "skills" else side.manager
    return data_import(kind=kind, name=name, content=content, company=side.company, by=by, dry_run=dry_run)
