"""The French demo data behind `manage.py seed_demo`: invented ESNs, their people, clients and missions.

Pure data and deterministic builders, no database access: the same anchor date always yields the
same consultants and tenders, which is what makes the command safe to run again.
"""

import datetime
import random
import re
import unicodedata
from dataclasses import dataclass, field

from consultants.models import AvailabilityStatus, ProficiencyLevel
from talentmatch.models import UserRole
from tenders.models import TenderSkillImportance, TenderStatus

DEMO_URL = "http://127.0.0.1:8000/"

# One memorable password per role; demo logins only, never for a real deployment.
DEMO_PASSWORDS = {
    UserRole.ADMIN: "demo-admin-2026",
    UserRole.MANAGER: "demo-manager-2026",
    UserRole.RECRUITER: "demo-recruiter-2026",
    UserRole.SALES: "demo-sales-2026",
    UserRole.CONSULTANT: "demo-consultant-2026",
}


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


MISTRAL = DemoCompany(
    name="Mistral Conseil Numérique",
    domain="mistral-conseil.test",
    city="Lyon",
    postal_code="69002",
    address="14 quai Saint-Antoine",
    description="ESN lyonnaise spécialisée dans la data, le cloud et le développement Java et Python.",
)
VAUBAN = DemoCompany(
    name="Vauban Ingénierie Logicielle",
    domain="vauban-ingenierie.test",
    city="Paris",
    postal_code="75009",
    address="27 rue de Châteaudun",
    description="ESN parisienne au service de la banque, de l'assurance et du secteur public.",
)
GARONNE = DemoCompany(
    name="Garonne Digital Services",
    domain="garonne-digital.test",
    city="Toulouse",
    postal_code="31000",
    address="8 allée Jean-Jaurès",
    description="ESN toulousaine : systèmes embarqués, qualité logicielle et DevOps pour l'industrie.",
)
COMPANIES = (MISTRAL, VAUBAN, GARONNE)

# The one active partnership of the demo; Garonne stays outside it.
COLLABORATION = {
    "initiator": MISTRAL,
    "partner": VAUBAN,
    "days_since_start": 120,
    "terms": (
        "Partage réciproque des consultants en intercontrat. Taux de revente plafonné à 8 % "
        "au-dessus du taux journalier ; préavis de deux semaines avant toute proposition au client."
    ),
}


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


STAFF = (
    DemoUser("Marc", "Delorme", UserRole.ADMIN, None),
    DemoUser("Claire", "Vidal", UserRole.MANAGER, MISTRAL),
    DemoUser("Mathilde", "Girard", UserRole.RECRUITER, MISTRAL),
    DemoUser("Antoine", "Lemoine", UserRole.SALES, MISTRAL),
    DemoUser("Pascal", "Renaud", UserRole.MANAGER, VAUBAN),
    DemoUser("Sandrine", "Baron", UserRole.RECRUITER, VAUBAN),
    DemoUser("Julien", "Lambert", UserRole.SALES, VAUBAN),
    DemoUser("Nadia", "Bensaïd", UserRole.MANAGER, GARONNE),
    DemoUser("Laurent", "Vasseur", UserRole.RECRUITER, GARONNE),
    DemoUser("Pauline", "Chabert", UserRole.SALES, GARONNE),
)


def email_local_part(first_name: str, last_name: str) -> str:
    """ "prenom.nom", folded to ASCII: accents dropped, œ/æ spelt out, spaces and apostrophes removed."""
    text = f"{first_name}.{last_name}".lower().replace("œ", "oe").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9.-]", "", text)


# (first name, last name, "f" or "m") — twenty per company, in company order.
PEOPLE = {
    MISTRAL: (
        ("Hélène", "Lefèvre", "f"), ("François", "Dupré", "m"), ("Amélie", "Garnier", "f"),
        ("Jérôme", "Rousseau", "m"), ("Léa", "Fontaine", "f"), ("Clément", "Chevalier", "m"),
        ("Chloé", "Bérard", "f"), ("Benoît", "Gauthier", "m"), ("Zoé", "Faure", "f"),
        ("Grégoire", "Lacroix", "m"), ("Anaïs", "Besnard", "f"), ("Loïc", "Hébert", "m"),
        ("Maëlle", "Perrin", "f"), ("Stéphane", "Boucher", "m"), ("Élodie", "Mallet", "f"),
        ("Noël", "Carré", "m"), ("Céline", "Delacroix", "f"), ("Frédéric", "Brémond", "m"),
        ("Inès", "Benali", "f"), ("Raphaël", "Lebœuf", "m"),
    ),
    VAUBAN: (
        ("Aurélie", "Pelletier", "f"), ("Sébastien", "Ménard", "m"), ("Émilie", "Roche", "f"),
        ("Gaël", "Guérin", "m"), ("Mélanie", "Caron", "f"), ("Joël", "Fabre", "m"),
        ("Océane", "Marchand", "f"), ("Régis", "Dufour", "m"), ("Agnès", "Blanchard", "f"),
        ("Cédric", "Giraud", "m"), ("Laëtitia", "Lévêque", "f"), ("Jérémy", "Morel", "m"),
        ("Nathalie", "Joly", "f"), ("Hervé", "Rivière", "m"), ("Solène", "Nguyen", "f"),
        ("Yannick", "Collin", "m"), ("Bérénice", "Arnaud", "f"), ("Aurélien", "Da Silva", "m"),
        ("Camille", "Géraud", "f"), ("Thibault", "Perret", "m"),
    ),
    GARONNE: (
        ("Léonie", "Barbier", "f"), ("Jean-Baptiste", "Aubert", "m"), ("Valérie", "Lécuyer", "f"),
        ("Théo", "Masson", "m"), ("Margaux", "Prévost", "f"), ("Jérémie", "Huet", "m"),
        ("Noémie", "Rolland", "f"), ("Cyril", "Chauvin", "m"), ("Estelle", "Cordier", "f"),
        ("Rémi", "Bouvier", "m"), ("Joëlle", "Leclerc", "f"), ("Gaëtan", "Thénard", "m"),
        ("Capucine", "Rémy", "f"), ("Maxime", "Lamotte", "m"), ("Séverine", "Hoarau", "f"),
        ("Hugo", "Le Goff", "m"), ("Anne-Sophie", "Kervella", "f"), ("Éric", "Schmitt", "m"),
        ("Manon", "Ferrand", "f"), ("Quentin", "Deschamps", "m"),
    ),
}  # fmt: skip

CITIES = (
    "Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Bordeaux", "Lille", "Rennes",
    "Strasbourg", "Montpellier", "Nice", "Grenoble",
)  # fmt: skip


@dataclass(frozen=True)
class Seniority:
    rank: int  # 0 junior … 3 expert
    label_m: str
    label_f: str
    years: tuple[int, int]
    daily_rate: tuple[int, int]


SENIORITIES = (
    Seniority(0, "junior", "junior", (1, 3), (350, 480)),
    Seniority(1, "confirmé", "confirmée", (4, 7), (450, 620)),
    Seniority(2, "senior", "senior", (8, 14), (580, 780)),
    Seniority(3, "expert", "experte", (15, 22), (720, 950)),
)


@dataclass(frozen=True)
class Profile:
    """A kind of consultant: titles by gender, the skills that define it and those that often go with it."""

    title_m: str
    title_f: str
    core: tuple[str, ...]
    extra: tuple[str, ...]
    soft: tuple[str, ...] = ("Communication", "Teamwork", "Autonomy", "Rigour", "Adaptability", "Problem solving")
    min_rank: int = 0
    seniority_in_title: bool = True


PROFILES = {
    "java": Profile(
        "Développeur Java", "Développeuse Java",
        ("Java", "Spring Boot", "Hibernate", "SQL"),
        ("Maven", "JUnit", "Apache Kafka", "Docker", "Kubernetes", "Angular", "Oracle Database", "PostgreSQL",
         "Git", "Microservices architecture", "REST API design", "Jenkins", "Quarkus", "Scrum"),
    ),
    "python": Profile(
        "Développeur Python", "Développeuse Python",
        ("Python", "Django", "PostgreSQL"),
        ("FastAPI", "Flask", "Celery", "Redis", "Docker", "pytest", "GitLab CI", "AWS", "Linux",
         "REST API design", "Git", "htmx", "Agile"),
    ),
    "front": Profile(
        "Développeur front-end", "Développeuse front-end",
        ("JavaScript", "TypeScript", "React", "HTML", "CSS"),
        ("Angular", "Vue.js", "Next.js", "Redux", "Jest", "Cypress", "Sass", "Figma", "Accessibility", "Git",
         "Tailwind CSS", "Agile"),
    ),
    "fullstack_js": Profile(
        "Développeur full stack JavaScript", "Développeuse full stack JavaScript",
        ("JavaScript", "TypeScript", "Node.js", "React"),
        ("NestJS", "Express", "MongoDB", "PostgreSQL", "Docker", "GraphQL", "Jest", "Next.js", "AWS", "Git",
         "Scrum"),
    ),
    "dotnet": Profile(
        "Développeur .NET", "Développeuse .NET",
        ("C#", ".NET", "ASP.NET Core", "SQL Server"),
        ("Entity Framework", "Azure", "Azure DevOps", "Angular", "T-SQL", "TypeScript", "Git", "Scrum",
         "REST API design"),
    ),
    "php": Profile(
        "Développeur PHP Symfony", "Développeuse PHP Symfony",
        ("PHP", "Symfony", "MySQL"),
        ("Laravel", "Vue.js", "JavaScript", "Docker", "Redis", "Elasticsearch", "Git", "REST API design",
         "PostgreSQL"),
    ),
    "mobile": Profile(
        "Développeur mobile", "Développeuse mobile",
        ("Kotlin", "Swift", "Android", "iOS"),
        ("Flutter", "Dart", "React Native", "Jetpack Compose", "SwiftUI", "Firebase", "Git", "REST API design",
         "Agile"),
    ),
    "data_engineer": Profile(
        "Data engineer", "Data engineer",
        ("Python", "SQL", "Apache Spark", "Apache Airflow"),
        ("Databricks", "Snowflake", "dbt", "Apache Kafka", "Scala", "AWS", "Azure", "GCP", "Google BigQuery",
         "Docker", "Git"),
    ),
    "data_scientist": Profile(
        "Data scientist", "Data scientist",
        ("Python", "Machine learning", "pandas", "scikit-learn"),
        ("SQL", "NumPy", "PyTorch", "TensorFlow", "Deep learning", "Large language models", "R", "Power BI",
         "Databricks", "Git"),
        soft=("Analytical skills", "Communication", "Critical thinking", "Creativity"),
    ),
    "devops": Profile(
        "Ingénieur DevOps", "Ingénieure DevOps",
        ("Docker", "Kubernetes", "Terraform", "Linux", "GitLab CI"),
        ("Ansible", "Helm", "AWS", "Azure", "Prometheus", "Grafana", "Argo CD", "Bash", "Python", "Jenkins",
         "OpenShift", "CI/CD"),
    ),
    "cloud_architect": Profile(
        "Architecte cloud", "Architecte cloud",
        ("AWS", "Azure", "Terraform", "Kubernetes", "Microservices architecture"),
        ("GCP", "Amazon EKS", "Serverless", "Cybersecurity", "Infrastructure as Code", "Docker", "DevOps",
         "Event-driven architecture", "English"),
        soft=("Leadership", "Communication", "Stakeholder management", "Mentoring"),
        min_rank=2,
        seniority_in_title=False,
    ),
    "project_manager": Profile(
        "Chef de projet", "Cheffe de projet",
        ("Project management", "Agile", "Jira", "Stakeholder management"),
        ("Scrum", "PRINCE2", "PMP", "V-model", "SAFe", "Confluence", "ITIL", "Microsoft Excel", "English",
         "Change management"),
        soft=("Communication", "Leadership", "Negotiation", "Time management", "Conflict resolution"),
        min_rank=1,
    ),
    "scrum_master": Profile(
        "Scrum Master", "Scrum Master",
        ("Scrum", "Agile", "Kanban", "Facilitation"),
        ("SAFe", "Jira", "Confluence", "Lean", "Change management", "Design thinking"),
        soft=("Communication", "Mentoring", "Conflict resolution", "Empathy"),
        min_rank=1,
        seniority_in_title=False,
    ),
    "product_owner": Profile(
        "Product Owner", "Product Owner",
        ("Product management", "Scrum", "Jira", "UX design"),
        ("Figma", "Agile", "Design thinking", "SQL", "Confluence", "Kanban", "Accessibility"),
        soft=("Communication", "Customer focus", "Negotiation", "Stakeholder management"),
        min_rank=1,
        seniority_in_title=False,
    ),
    "qa": Profile(
        "Ingénieur QA", "Ingénieure QA",
        ("Test automation", "ISTQB", "Selenium"),
        ("Cypress", "Playwright", "Java", "Python", "Jenkins", "BDD", "Jira", "SQL", "JUnit"),
    ),
    "embedded": Profile(
        "Ingénieur logiciel embarqué", "Ingénieure logiciel embarqué",
        ("C", "C++", "Embedded systems", "Linux"),
        ("Python", "Qt", "Git", "V-model", "Rust", "Bash", "Networking", "English"),
    ),
    "sap": Profile(
        "Consultant SAP ABAP", "Consultante SAP ABAP",
        ("ABAP", "SAP S/4HANA", "SQL"),
        ("English", "Microsoft Excel", "Agile", "Project management"),
        soft=("Customer focus", "Rigour", "Communication"),
    ),
    "dba": Profile(
        "Administrateur de bases de données", "Administratrice de bases de données",
        ("PostgreSQL", "Oracle Database", "SQL", "Linux"),
        ("MySQL", "SQL Server", "PL/SQL", "Bash", "Ansible", "MongoDB", "Redis", "Prometheus"),
    ),
    "security": Profile(
        "Ingénieur cybersécurité", "Ingénieure cybersécurité",
        ("Cybersecurity", "OWASP", "Linux", "Networking"),
        ("OAuth 2.0", "OpenID Connect", "Keycloak", "GDPR", "Python", "Azure", "AWS", "Kubernetes",
         "HashiCorp Vault"),
    ),
}  # fmt: skip

# Twenty profiles per company, matching each ESN's speciality.
STAFFING = {
    MISTRAL: {"java": 3, "python": 3, "front": 2, "data_engineer": 3, "data_scientist": 2, "devops": 2,
              "cloud_architect": 1, "project_manager": 2, "scrum_master": 1, "sap": 1},
    VAUBAN: {"java": 4, "dotnet": 3, "fullstack_js": 2, "mobile": 2, "project_manager": 2, "product_owner": 1,
             "cloud_architect": 1, "devops": 1, "dba": 1, "data_engineer": 1, "security": 1, "scrum_master": 1},
    GARONNE: {"embedded": 4, "qa": 2, "devops": 2, "php": 2, "python": 2, "front": 1, "fullstack_js": 1,
              "data_scientist": 1, "mobile": 1, "project_manager": 1, "security": 1, "dba": 1, "product_owner": 1},
}  # fmt: skip

# Availability of ten consultants, repeated and shuffled per company: (status, days until free).
# Several missions end within 30 days so that "soon available" searches find someone.
AVAILABILITY_PATTERN = (
    (AvailabilityStatus.AVAILABLE, None),
    (AvailabilityStatus.AVAILABLE, None),
    (AvailabilityStatus.AVAILABLE, None),
    (AvailabilityStatus.PARTIALLY_AVAILABLE, None),
    (AvailabilityStatus.ON_MISSION, 12),
    (AvailabilityStatus.ON_MISSION, 25),
    (AvailabilityStatus.ON_MISSION, 75),
    (AvailabilityStatus.ON_MISSION, 140),
    (AvailabilityStatus.ON_MISSION, 210),
    (AvailabilityStatus.UNAVAILABLE, 60),
)

# First year of general use of the younger technologies: nobody claims more years than they have existed.
IN_USE_SINCE = {
    "Go": 2012, "Rust": 2015, "Kotlin": 2016, "Swift": 2014, "Dart": 2013, "TypeScript": 2012,
    "Spring Boot": 2014, "Quarkus": 2019, "FastAPI": 2019, "React": 2013, "Angular": 2016, "Vue.js": 2014,
    "Next.js": 2016, "NestJS": 2017, "Node.js": 2009, "ASP.NET Core": 2016, "Flutter": 2018, "SwiftUI": 2019,
    "Jetpack Compose": 2021, "Tailwind CSS": 2017, "htmx": 2020, "Cypress": 2017, "Playwright": 2020,
    "Apache Spark": 2014, "Apache Airflow": 2015, "dbt": 2018, "Snowflake": 2015, "Databricks": 2015,
    "Google BigQuery": 2011, "Power BI": 2015, "Large language models": 2022, "LangChain": 2023,
    "Docker": 2013, "Kubernetes": 2015, "OpenShift": 2015, "Helm": 2016, "Terraform": 2014, "GitLab CI": 2015,
    "Argo CD": 2018, "Prometheus": 2015, "Grafana": 2014, "Amazon EKS": 2018, "Azure": 2010, "GCP": 2011,
    "AWS": 2006, "SAFe": 2011, "Firebase": 2012,
}  # fmt: skip

# How common each seniority is among the demo consultants, junior to expert.
SENIORITY_WEIGHTS = (2, 4, 3, 1)

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
                _consultant(company, person, profile, rng, availabilities[index], anchor, has_demo_login=index == 0)
            )
    return specs


REQUIRED = TenderSkillImportance.REQUIRED
PREFERRED = TenderSkillImportance.PREFERRED
NICE = TenderSkillImportance.NICE_TO_HAVE


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
        }


def _needs(*rows) -> tuple[SkillNeed, ...]:
    return tuple(SkillNeed(*row) for row in rows)


EXPERT, ADVANCED, INTERMEDIATE = ProficiencyLevel.EXPERT, ProficiencyLevel.ADVANCED, ProficiencyLevel.INTERMEDIATE

TENDERS = (
    TenderSpec(
        MISTRAL, "Mutuelle Rhodanienne de Prévoyance", "Refonte de la plateforme de souscription en ligne",
        "Réécriture du parcours de souscription santé et prévoyance : back-end Java en microservices, "
        "front Angular, reprise des données depuis l'ancien système et mise en production progressive.",
        "Lyon", True, 21, 270, TenderStatus.OPEN, 420000.0, 3,
        _needs(("Java", REQUIRED, ADVANCED), ("Spring Boot", REQUIRED, ADVANCED), ("Angular", REQUIRED, INTERMEDIATE),
               ("PostgreSQL", PREFERRED), ("Docker", PREFERRED), ("Scrum", PREFERRED),
               ("Kubernetes", NICE), ("Apache Kafka", NICE)),
    ),
    TenderSpec(
        MISTRAL, "Laiteries Coopératives du Vercors", "Mise en place d'un lakehouse et industrialisation des flux",
        "Construction d'une plateforme de données sur Azure pour consolider la collecte, la production et "
        "les ventes, avec des pipelines orchestrés et des tableaux de bord pour les équipes métier.",
        "Grenoble", True, 35, 180, TenderStatus.OPEN, 260000.0, 2,
        _needs(("Python", REQUIRED, ADVANCED), ("Apache Spark", REQUIRED, ADVANCED), ("SQL", REQUIRED, ADVANCED),
               ("Databricks", REQUIRED, INTERMEDIATE), ("Azure", PREFERRED), ("Apache Airflow", PREFERRED),
               ("dbt", NICE), ("Power BI", NICE)),
    ),
    TenderSpec(
        MISTRAL, "Compagnie des Transports du Grand Confluent", "Migration des applications vers OpenShift",
        "Conteneurisation d'une trentaine d'applications d'exploitation du réseau, mise en place des "
        "chaînes de déploiement et de la supervision, accompagnement des équipes internes.",
        "Lyon", False, -45, 240, TenderStatus.IN_PROGRESS, 310000.0, 2,
        _needs(("Kubernetes", REQUIRED, EXPERT), ("OpenShift", REQUIRED, ADVANCED), ("Helm", REQUIRED),
               ("GitLab CI", REQUIRED), ("Linux", REQUIRED, ADVANCED), ("Terraform", PREFERRED),
               ("Ansible", PREFERRED), ("Prometheus", NICE)),
    ),
    TenderSpec(
        MISTRAL, "Groupement Hospitalier des Monts du Lyonnais", "Développement d'un portail patient",
        "Portail web de prise de rendez-vous, de consultation des comptes rendus et de paiement en ligne, "
        "conforme au RGAA et hébergé chez un hébergeur de données de santé.",
        "Lyon", True, 14, 365, TenderStatus.OPEN, 380000.0, 3,
        _needs(("React", REQUIRED, ADVANCED), ("TypeScript", REQUIRED), ("PostgreSQL", REQUIRED),
               ("Accessibility", REQUIRED, INTERMEDIATE), ("Node.js", PREFERRED), ("NestJS", PREFERRED),
               ("GDPR", PREFERRED), ("Cypress", NICE), ("UX design", NICE)),
    ),
    TenderSpec(
        MISTRAL, "Fonderies Savoyardes Réunies", "Tierce maintenance applicative de l'ERP SAP",
        "Maintenance corrective et évolutive des développements spécifiques SAP de la production et de la "
        "logistique, avec astreinte pendant la clôture mensuelle.",
        "Annecy", False, -300, 270, TenderStatus.CLOSED, 180000.0, 1,
        _needs(("ABAP", REQUIRED, EXPERT), ("SAP S/4HANA", REQUIRED, ADVANCED), ("SQL", PREFERRED), ("English", NICE)),
    ),
    TenderSpec(
        VAUBAN, "Assurances Seine & Loire Vie", "Modernisation de la gestion des contrats d'assurance vie",
        "Découpage du monolithe de gestion des contrats en services Java, alimentation événementielle des "
        "systèmes comptables et décommissionnement progressif de la base Oracle.",
        "Paris", True, 28, 365, TenderStatus.OPEN, 650000.0, 4,
        _needs(("Java", REQUIRED, EXPERT), ("Spring Boot", REQUIRED, ADVANCED),
               ("Microservices architecture", REQUIRED, ADVANCED), ("Apache Kafka", PREFERRED),
               ("Oracle Database", PREFERRED), ("PostgreSQL", PREFERRED),
               ("TDD", PREFERRED), ("OpenShift", NICE), ("DDD", NICE), ("English", NICE)),
    ),
    TenderSpec(
        VAUBAN, "Banque Lutèce Patrimoine", "Application mobile de banque au quotidien",
        "Nouvelle application iOS et Android : consultation des comptes, virements instantanés, "
        "authentification forte et notifications, en lien avec l'équipe sécurité de la banque.",
        "Paris", True, 10, 240, TenderStatus.OPEN, 340000.0, 2,
        _needs(("Kotlin", REQUIRED, ADVANCED), ("Swift", REQUIRED, ADVANCED), ("Android", REQUIRED), ("iOS", REQUIRED),
               ("OAuth 2.0", PREFERRED), ("Cybersecurity", PREFERRED), ("Flutter", NICE), ("Jira", NICE)),
    ),
    TenderSpec(
        VAUBAN, "Groupe Hôtelier Opaline", "Pilotage du programme de migration vers Azure",
        "Direction de projet du transfert des applications de réservation et de gestion hôtelière vers "
        "Azure : planning, budget, comitologie et coordination de quatre équipes.",
        "Paris", False, -60, 300, TenderStatus.IN_PROGRESS, 290000.0, 1,
        _needs(("Project management", REQUIRED, EXPERT), ("Azure", REQUIRED, ADVANCED),
               ("Stakeholder management", REQUIRED, ADVANCED), ("Communication", REQUIRED), ("SAFe", PREFERRED),
               ("English", PREFERRED), ("ITIL", NICE)),
    ),
    TenderSpec(
        VAUBAN, "Énergies Vertes du Bassin Parisien", "Plateforme de facturation en .NET",
        "Développement de la nouvelle chaîne de facturation des contrats d'électricité verte : calcul, "
        "édition des factures, portail client et interfaces avec le système comptable.",
        "Paris", True, 45, 270, TenderStatus.OPEN, 300000.0, 2,
        _needs(("C#", REQUIRED, ADVANCED), ("ASP.NET Core", REQUIRED), ("SQL Server", REQUIRED, INTERMEDIATE),
               ("Entity Framework", PREFERRED), ("Azure DevOps", PREFERRED), ("Angular", NICE), ("Scrum", NICE)),
    ),
    TenderSpec(
        VAUBAN, "Maison Verlaine Parfums", "Plateforme de données commerciales et tableaux de bord",
        "Centralisation des ventes boutiques et e-commerce dans Snowflake, modèles de données avec dbt et "
        "tableaux de bord Power BI pour la direction commerciale.",
        "Paris", True, 21, 150, TenderStatus.OPEN, 150000.0, 1,
        _needs(("SQL", REQUIRED, EXPERT), ("Snowflake", REQUIRED, ADVANCED), ("dbt", REQUIRED),
               ("Power BI", REQUIRED, ADVANCED), ("Python", PREFERRED), ("Communication", NICE)),
    ),
    TenderSpec(
        GARONNE, "Aérostructures Occitanes", "Logiciel embarqué de supervision de bancs d'essais",
        "Développement du logiciel temps réel d'acquisition et de supervision des bancs d'essais "
        "structuraux, selon un cycle en V avec dossier de validation complet.",
        "Toulouse", False, 30, 365, TenderStatus.OPEN, 480000.0, 3,
        _needs(("C++", REQUIRED, EXPERT), ("C", REQUIRED, ADVANCED), ("Embedded systems", REQUIRED, ADVANCED),
               ("V-model", REQUIRED), ("Linux", PREFERRED), ("Qt", PREFERRED), ("English", PREFERRED),
               ("Python", NICE)),
    ),
    TenderSpec(
        GARONNE, "Voyages Pyrénées Horizons", "Automatisation des tests de la chaîne de réservation",
        "Mise en place d'une campagne de tests automatisés de bout en bout sur le site de réservation et "
        "intégration dans la chaîne d'intégration continue.",
        "Toulouse", True, -20, 180, TenderStatus.IN_PROGRESS, 160000.0, 2,
        _needs(("Test automation", REQUIRED, ADVANCED), ("Playwright", REQUIRED), ("Cypress", PREFERRED),
               ("Jenkins", PREFERRED), ("ISTQB", PREFERRED), ("BDD", PREFERRED), ("Java", NICE)),
    ),
    TenderSpec(
        GARONNE, "Coopérative Agricole du Lauragais", "Usine logicielle et infrastructure AWS",
        "Création de l'infrastructure AWS en code, des pipelines de déploiement et de la supervision pour "
        "les applications de traçabilité des récoltes.",
        "Toulouse", True, 7, 120, TenderStatus.OPEN, 120000.0, 1,
        _needs(("AWS", REQUIRED, ADVANCED), ("Terraform", REQUIRED, ADVANCED), ("GitLab CI", REQUIRED),
               ("Docker", REQUIRED), ("Amazon EKS", PREFERRED), ("Datadog", NICE), ("Python", NICE)),
    ),
    TenderSpec(
        GARONNE, "Chocolaterie Montalbanaise", "Refonte du site e-commerce et du back-office",
        "Refonte de la boutique en ligne et du back-office de préparation des commandes, avec recherche "
        "de produits et accessibilité renforcée.",
        "Montauban", True, 40, 210, TenderStatus.OPEN, 210000.0, 2,
        _needs(("PHP", REQUIRED, ADVANCED), ("Symfony", REQUIRED, ADVANCED), ("MySQL", REQUIRED), ("Vue.js", PREFERRED),
               ("Elasticsearch", PREFERRED), ("Redis", NICE), ("Docker", NICE), ("Accessibility", NICE)),
    ),
    TenderSpec(
        GARONNE, "Mutuelle des Enseignants du Sud-Ouest", "Assistant conversationnel pour le service adhérents",
        "Assistant fondé sur un grand modèle de langage pour répondre aux adhérents à partir de la base "
        "documentaire, avec garde-fous et conformité RGPD.",
        "Bordeaux", True, -15, 180, TenderStatus.IN_PROGRESS, 230000.0, 2,
        _needs(("Python", REQUIRED, EXPERT), ("Large language models", REQUIRED, ADVANCED), ("FastAPI", REQUIRED),
               ("GDPR", REQUIRED), ("LangChain", PREFERRED), ("PostgreSQL", PREFERRED), ("GCP", PREFERRED),
               ("Machine learning", NICE)),
    ),
)  # fmt: skip
