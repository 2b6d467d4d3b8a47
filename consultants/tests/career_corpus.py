"""Six CVs written for the career-reading tests (French and English, PDF and Word, four layouts),
each with the career entries a recruiter would enter from it. Dates: a start on its first day, an
end on its last day (a year alone: 1 January, 31 December)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from consultants.tests.resume_corpus import valid_pdf


def docx_of(lines: list[str], table: list[tuple[str, str]] = ()) -> bytes:
    """A Word CV: headings in capitals as headings, other lines as paragraphs, then a table."""
    import docx

    document = docx.Document()
    for line in lines:
        if line.isupper():
            document.add_heading(line, level=2)
        else:
            document.add_paragraph(line)
    if table:
        grid = document.add_table(rows=len(table), cols=2)
        for row, (left, right) in zip(grid.rows, table, strict=True):
            row.cells[0].text, row.cells[1].text = left, right
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def experience(employer, role, start, end, location="", description="", skills=()):
    values = {"employer": employer, "role": role, "location": location, "start_date": start, "end_date": end}
    return ("experiences", {**values, "description": description}, list(skills))


def education(school, degree, end_year, field="", start_year=None):
    values = {"school": school, "degree": degree, "field": field, "start_year": start_year, "end_year": end_year}
    return ("education", values, [])


def certification(name, issuer="", obtained_on=None, expires_on=None):
    return (
        "certifications",
        {"name": name, "issuer": issuer, "obtained_on": obtained_on, "expires_on": expires_on},
        [],
    )


def language(name, level):
    return ("languages", {"language": name, "level": level}, [])


@dataclass
class CareerCV:
    name: str
    file_type: str
    lines: list[str]
    expected: list[tuple[str, dict, list[str]]]
    table: list[tuple[str, str]] = field(default_factory=list)

    def data(self) -> bytes:
        return valid_pdf(self.lines) if self.file_type == "pdf" else docx_of(self.lines, self.table)


CORPUS = [
    CareerCV(
        "fr-classic-pdf",
        "pdf",
        [
            "Léa Moreau",
            "Développeuse Python senior — lea.moreau@example.fr — 06 12 34 56 78",
            "EXPÉRIENCES PROFESSIONNELLES",
            "Lead développeuse Django — Clinique du Parc (Lyon)",
            "Janvier 2021 – aujourd'hui",
            "- Refonte du portail patient en Django et PostgreSQL.",
            "- Encadrement de trois développeurs.",
            "Développeuse back-end chez Orange, Rennes",
            "09/2017 – 12/2020",
            "Développement d'API Python pour la facturation.",
            "FORMATION",
            "2017 — Diplôme d'ingénieur en informatique, INSA Lyon",
            "CERTIFICATIONS",
            "Professional Scrum Master I — Scrum.org — 2019",
            "LANGUES",
            "Français : langue maternelle",
            "Anglais : courant (C1)",
            "Espagnol : notions",
            "CENTRES D'INTÉRÊT",
            "Escalade, 2019 – 2022 : présidente du club.",
        ],
        [
            experience(
                "Clinique du Parc",
                "Lead développeuse Django",
                "2021-01-01",
                None,
                "Lyon",
                "Refonte du portail patient en Django et PostgreSQL.\nEncadrement de trois développeurs.",
                ["Django", "PostgreSQL"],
            ),
            experience(
                "Orange",
                "Développeuse back-end",
                "2017-09-01",
                "2020-12-31",
                "Rennes",
                "Développement d'API Python pour la facturation.",
                ["Python"],
            ),
            education("INSA Lyon", "Diplôme d'ingénieur", 2017, field="informatique"),
            certification("Professional Scrum Master I", "Scrum.org", "2019-01-01"),
            language("Français", "native"),
            language("Anglais", "C1"),
            language("Espagnol", "A1"),
        ],
    ),
    CareerCV(
        "fr-esn-docx",
        "docx",
        [
            "DOSSIER DE COMPÉTENCES",
            "Karim B. — Consultant Java / Kafka",
            "MISSIONS SIGNIFICATIVES",
            "Client : BNP Paribas",
            "Poste : Développeur Java senior",
            "Période : 03/2019 – 06/2021",
            "Lieu : Paris",
            "Migration des flux de paiement vers Kafka.",
            "Environnement technique : Java, Spring Boot, Kafka",
            "Client : Airbus",
            "Poste : Tech lead",
            "Période : 07/2021 – 02/2024",
            "Lieu : Toulouse",
            "Conception d'un outil de suivi de production en Java.",
            "FORMATION",
            "Master MIAGE",
            "Université Paris-Dauphine, 2012",
            "COMPÉTENCES TECHNIQUES",
            "Java, Spring Boot, Kafka, Docker",
            "Langues : anglais professionnel, allemand scolaire",
        ],
        [
            experience(
                "BNP Paribas",
                "Développeur Java senior",
                "2019-03-01",
                "2021-06-30",
                "Paris",
                "Migration des flux de paiement vers Kafka.\nEnvironnement technique : Java, Spring Boot, Kafka",
                ["Java", "Spring Boot", "Kafka"],
            ),
            experience(
                "Airbus",
                "Tech lead",
                "2021-07-01",
                "2024-02-29",
                "Toulouse",
                "Conception d'un outil de suivi de production en Java.",
                ["Java"],
            ),
            education("Université Paris-Dauphine", "Master MIAGE", 2012),
            language("Anglais", "B2"),
            language("Allemand", "A2"),
        ],
    ),
    CareerCV(
        "en-single-line-pdf",
        "pdf",
        [
            "John Smith — Data Engineer",
            "WORK EXPERIENCE",
            "Senior Data Engineer at Acme Analytics, London | Jan 2020 – Present",
            "• Built streaming pipelines with Kafka and Python.",
            "• Moved the warehouse to Snowflake.",
            "Data Engineer at Initech, Manchester | Sep 2016 – Dec 2019",
            "• Batch jobs in Python and PostgreSQL.",
            "EDUCATION",
            "MSc in Computer Science — Imperial College London (2014 – 2015)",
            "CERTIFICATIONS",
            "AWS Certified Solutions Architect – Associate (Amazon Web Services, 2021)",
            "Certified Kubernetes Administrator (CKA), CNCF, March 2022",
            "LANGUAGES",
            "English — native",
            "French — fluent",
            "German — basic",
        ],
        [
            experience(
                "Acme Analytics",
                "Senior Data Engineer",
                "2020-01-01",
                None,
                "London",
                "Built streaming pipelines with Kafka and Python.\nMoved the warehouse to Snowflake.",
                ["Kafka", "Python", "Snowflake"],
            ),
            experience(
                "Initech",
                "Data Engineer",
                "2016-09-01",
                "2019-12-31",
                "Manchester",
                "Batch jobs in Python and PostgreSQL.",
                ["Python", "PostgreSQL"],
            ),
            education("Imperial College London", "MSc", 2015, field="Computer Science", start_year=2014),
            certification("AWS Certified Solutions Architect – Associate", "Amazon Web Services", "2021-01-01"),
            certification("Certified Kubernetes Administrator (CKA)", "CNCF", "2022-03-01"),
            language("English", "native"),
            language("French", "C1"),
            language("German", "A2"),
        ],
    ),
    CareerCV(
        "en-pipes-docx",
        "docx",
        [
            "MARIA GARCIA",
            "Backend developer",
            "PROFESSIONAL EXPERIENCE",
            "2019 - 2023 | Backend Developer | Globex Corporation | Berlin",
            "Payment services in Go and PostgreSQL.",
            "2016 - 2019 | Junior developer | Hooli | Madrid",
            "Internal tools in Python.",
            "EDUCATION",
            "Bachelor of Science in Software Engineering, University of Madrid, 2016",
            "PROJECTS",
            "2020 - 2021 | Open-source Go library for retries",
            "LANGUAGES",
        ],
        [
            experience(
                "Globex Corporation",
                "Backend Developer",
                "2019-01-01",
                "2023-12-31",
                "Berlin",
                "Payment services in Go and PostgreSQL.",
                ["Go", "PostgreSQL"],
            ),
            experience(
                "Hooli",
                "Junior developer",
                "2016-01-01",
                "2019-12-31",
                "Madrid",
                "Internal tools in Python.",
                ["Python"],
            ),
            education("University of Madrid", "Bachelor of Science", 2016, field="Software Engineering"),
            language("Spanish", "native"),
            language("English", "C1"),
        ],
        table=[("Spanish", "Native"), ("English", "C1")],
    ),
    CareerCV(
        "fr-sentences-pdf",
        "pdf",
        [
            "Sophie Martin",
            "Cheffe de projet et consultante DevOps",
            "PARCOURS PROFESSIONNEL",
            "Depuis mars 2021 : Consultante DevOps chez Capgemini (Toulouse)",
            "Automatisation des déploiements avec Docker et Kubernetes.",
            "De janvier 2015 à décembre 2017 : Cheffe de projet — Société Générale, Nanterre",
            "Pilotage d'une équipe de huit personnes.",
            "FORMATION",
            "2010 – 2013 : Licence professionnelle en développement web, IUT de Nantes",
            "Baccalauréat S, Lycée Clemenceau, 2010",
            "CERTIFICATIONS",
            "ITIL v4 Foundation - Axelos - 06/2019",
            "Certified Kubernetes Administrator (CKA), CNCF, mars 2022, valable jusqu'en mars 2025",
            "LANGUES",
            "Bilingue anglais",
            "Italien : B2",
        ],
        [
            experience(
                "Capgemini",
                "Consultante DevOps",
                "2021-03-01",
                None,
                "Toulouse",
                "Automatisation des déploiements avec Docker et Kubernetes.",
                ["Docker", "Kubernetes"],
            ),
            experience(
                "Société Générale",
                "Cheffe de projet",
                "2015-01-01",
                "2017-12-31",
                "Nanterre",
                "Pilotage d'une équipe de huit personnes.",
            ),
            education("IUT de Nantes", "Licence professionnelle", 2013, field="développement web", start_year=2010),
            education("Lycée Clemenceau", "Baccalauréat S", 2010),
            certification("ITIL v4 Foundation", "Axelos", "2019-06-01"),
            certification("Certified Kubernetes Administrator (CKA)", "CNCF", "2022-03-01", "2025-03-01"),
            language("Anglais", "C2"),
            language("Italien", "B2"),
        ],
    ),
    CareerCV(
        "en-two-lines-pdf",
        "pdf",
        [
            "Tom Baker — Full-stack developer",
            "EXPERIENCE",
            "Lead Developer — Umbrella Health, Paris",
            "September 2018 – December 2020",
            "React front end and Django back end for a patient portal.",
            "Freelance Python consultant",
            "2021 – today",
            "Audits and training for start-ups.",
            "SKILLS",
            "Python, Django, React",
            "Languages: English (fluent), French (mother tongue), Italian (notions)",
            "INTERESTS",
            "Marathon running since 2015.",
        ],
        [
            experience(
                "Umbrella Health",
                "Lead Developer",
                "2018-09-01",
                "2020-12-31",
                "Paris",
                "React front end and Django back end for a patient portal.",
                ["React", "Django"],
            ),
            experience(
                "",
                "Freelance Python consultant",
                "2021-01-01",
                None,
                "",
                "Audits and training for start-ups.",
                ["Python"],
            ),
            language("English", "C1"),
            language("French", "native"),
            language("Italian", "A1"),
        ],
    ),
]

# Written after the rules above, and not tuned to them: its figures are reported as they come.
UNSEEN = CareerCV(
    "en-employer-first-docx",
    "docx",
    [
        "PRIYA NAIR",
        "EMPLOYMENT HISTORY",
        "Acme Bank — London",
        "Scrum Master, 04/2018 - 03/2020",
        "Coached four teams through their move to Scrum.",
        "Northwind Traders — Leeds",
        "Project Manager, 2014 - 2018",
        "Ran the ERP roll-out.",
        "EDUCATION",
        "Université Claude Bernard Lyon 1 — Licence Informatique (2009)",
        "CERTIFICATIONS",
        "PMP, PMI, 2019",
        "LANGUAGES",
        "Fluent in English and Spanish",
    ],
    [
        experience(
            "Acme Bank",
            "Scrum Master",
            "2018-04-01",
            "2020-03-31",
            "London",
            "Coached four teams through their move to Scrum.",
            ["Scrum"],
        ),
        experience(
            "Northwind Traders", "Project Manager", "2014-01-01", "2018-12-31", "Leeds", "Ran the ERP roll-out."
        ),
        education("Université Claude Bernard Lyon 1", "Licence Informatique", 2009),
        certification("PMP", "PMI", "2019-01-01"),
        language("English", "C1"),
        language("Spanish", "C1"),
    ],
)
