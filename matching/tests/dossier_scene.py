"""What the dossier tests share: a consultant with a career matched to a tender, and readers of the
generated PDF (text, metadata) and Word file (paragraphs, every XML part)."""

from __future__ import annotations

import datetime
import io
import zipfile

import docx
from pypdf import PdfReader

from consultants.career.models import Certification, Education, Experience, SpokenLanguage
from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, SkillFactory
from matching import portfolios
from matching.models import Match, Portfolio
from matching.services import matches_recompute
from tenders.tests.factories import TenderFactory, TenderSkillFactory

FIRST_NAME, LAST_NAME = "Camille", "Vasseur-Quintard"
EMAIL, PHONE = "camille.vasseur@example.test", "+33 6 12 34 56 78"
BANK, RETAILER = "Banque Durandal", "Maison Ferrand"
PICTURE = "https://pictures.example.test/camille.jpg"


def build_pair(company) -> Match:
    """A tender asking for Python (required) and SQL (preferred); a consultant holding Python and
    PostgreSQL (related to SQL) with three missions: an old one with no asked skill, a recent one at a
    retailer with Python, an older one at a bank with Python and SQL (the most relevant)."""
    python, sql, postgresql = SkillFactory(name="Python"), SkillFactory(name="SQL"), SkillFactory(name="PostgreSQL")
    excel = SkillFactory(name="Excel")
    sql.related_skills.add(postgresql)
    tender = TenderFactory(company=company, title="Plateforme de données", client_name="Assurances Exemple")
    TenderSkillFactory(tender=tender, skill=python, importance="required")
    TenderSkillFactory(tender=tender, skill=sql, importance="preferred")
    consultant = ConsultantFactory(
        company=company,
        title="Ingénieure data",
        user__first_name=FIRST_NAME,
        user__last_name=LAST_NAME,
        user__email=EMAIL,
        user__phone=PHONE,
        profile_picture_url=PICTURE,
        bio=f"{FIRST_NAME} {LAST_NAME}, {EMAIL}",
    )
    ConsultantSkillFactory(consultant=consultant, skill=python, proficiency_level="expert", years_experience=8)
    ConsultantSkillFactory(consultant=consultant, skill=postgresql, proficiency_level="advanced", years_experience=5)
    ConsultantSkillFactory(consultant=consultant, skill=excel, proficiency_level="expert", years_experience=10)
    old = Experience.objects.create(
        consultant=consultant,
        employer="Cabinet Lenoir",
        sector="Conseil",
        role="Analyste tableur",
        start_date=datetime.date(2012, 1, 1),
        end_date=datetime.date(2014, 6, 30),
        description="Tableaux de bord.",
    )
    old.skills.set([excel])
    recent = Experience.objects.create(
        consultant=consultant,
        employer=RETAILER,
        sector="Retail",
        role="Développeuse Python",
        start_date=datetime.date(2023, 1, 1),
        description=f"API de stock pour {RETAILER}.",
        location="Lyon",
    )
    recent.skills.set([python])
    bank = Experience.objects.create(
        consultant=consultant,
        employer=BANK,
        sector="Banque",
        role="Ingénieure data",
        start_date=datetime.date(2018, 3, 1),
        end_date=datetime.date(2022, 12, 31),
        description=f"Entrepôt de données de {BANK}, contact {EMAIL}.",
    )
    bank.skills.set([python, sql, excel])
    Education.objects.create(consultant=consultant, school="INSA Lyon", degree="Diplôme d'ingénieur", end_year=2011)
    Certification.objects.create(consultant=consultant, name="AWS Data Analytics", issuer="Amazon Web Services")
    SpokenLanguage.objects.create(consultant=consultant, language="Anglais", level="C1")
    matches_recompute(tender_ids=[tender.pk])
    return Match.objects.get(tender=tender, consultant=consultant)


def generate(match: Match, **options) -> Portfolio:
    booked = portfolios.portfolio_request(
        consultant=match.consultant, tender=match.tender, by=None, queue=False, **options
    )
    return portfolios.portfolio_render(portfolio_id=booked.pk, company_id=match.tender.company_id)


def pdf_reader(portfolio: Portfolio) -> PdfReader:
    return PdfReader(io.BytesIO(portfolios.private_path(portfolio.file_path).read_bytes()))


def pdf_text(portfolio: Portfolio) -> str:
    reader = pdf_reader(portfolio)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def docx_bytes(portfolio: Portfolio) -> bytes:
    return portfolios.private_path(portfolio.docx_path).read_bytes()


def docx_text(data: bytes) -> str:
    """The Word file's paragraphs (body and footer) in order, one space between them."""
    document = docx.Document(io.BytesIO(data))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    paragraphs += [paragraph.text for paragraph in document.sections[0].footer.paragraphs]
    return " ".join(" ".join(paragraphs).split())


def docx_parts(data: bytes) -> str:
    """Every text part of the Word file (document, styles, core and app properties...), concatenated."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        )


def in_order(text: str, *parts: str) -> bool:
    positions = [text.find(part) for part in parts]
    return -1 not in positions and positions == sorted(positions)
