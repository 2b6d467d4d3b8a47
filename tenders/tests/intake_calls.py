"""The intake accuracy set: calls for tenders written for the tests, French and English, each with
what a recruiter would read in it. `skills` maps each expected skill (catalogue name) to its
importance and minimum level (None: not stated); the other keys are the fields the call states."""

import datetime

D = datetime.date
REQ, PREF, NICE = "required", "preferred", "nice_to_have"

CALLS = [
    {
        "name": "fr-java-portal",
        "format": "pdf",
        "text": """Appel d'offres – Développeur Java Spring Boot confirmé
Client : Mutuelle Rhodanienne de Prévoyance
Lieu : Lyon (69)
Démarrage : 04/01/2027
Durée : 6 mois renouvelables
Date limite de réponse : 15/12/2026
Télétravail : 2 jours par semaine
TJM max : 550 € HT
Contexte
Dans le cadre de la refonte de son portail de souscription en ligne, notre client renforce son équipe de développement.
Compétences requises :
- Java 17 (niveau expert)
- Spring Boot
- PostgreSQL
Compétences souhaitées :
- Docker et Kubernetes
- Angular
La connaissance d'Apache Kafka serait un plus.""",
        "fields": {"client_name": "Mutuelle Rhodanienne de Prévoyance", "location": "Lyon",
                   "start_date": D(2027, 1, 4), "end_date": D(2027, 7, 3), "reply_deadline": D(2026, 12, 15),
                   "onsite_days_per_week": 3.0, "remote_work": True},
        "skills": {"Java": (REQ, "expert"), "Spring Boot": (REQ, None), "PostgreSQL": (REQ, None),
                   "Docker": (PREF, None), "Kubernetes": (PREF, None), "Angular": (PREF, None),
                   "Apache Kafka": (NICE, None)},
    },
    {
        "name": "en-data-platform",
        "format": "pdf",
        "text": """Request for proposals: Senior Data Engineer
Client: Northwind Logistics
Location: Paris
Start date: 1 February 2027
End date: 31 July 2027
Deadline for replies: 10 January 2027
Budget: €120,000
Hybrid: 2 days on site per week.
We are building a new data platform on Azure and need an experienced data engineer to join the team.
Must have: Python, Apache Spark and SQL, with strong experience of Databricks.
Experience with Azure Data Factory is required.
Nice to have: dbt, Apache Airflow.
Knowledge of Power BI would be appreciated.""",
        "fields": {"client_name": "Northwind Logistics", "location": "Paris", "start_date": D(2027, 2, 1),
                   "end_date": D(2027, 7, 31), "reply_deadline": D(2027, 1, 10), "budget": 120000.0,
                   "onsite_days_per_week": 2.0, "remote_work": True},
        "skills": {"Python": (REQ, None), "Apache Spark": (REQ, None), "SQL": (REQ, None),
                   "Databricks": (REQ, "advanced"), "Azure Data Factory": (REQ, None), "dbt": (NICE, None),
                   "Apache Airflow": (NICE, None), "Power BI": (PREF, None), "Azure": (REQ, None)},
    },
    {
        "name": "fr-devops-bank",
        "format": "docx",
        "text": """Consultation : Ingénieur DevOps / SRE
Client final : Banque Populaire Méditerranée
Localisation : Marseille
Date de début : 1er mars 2027
Date de fin : 31/12/2027
Réponse attendue avant le 20 janvier 2027.
Budget global : 180 000 € HT
Pas de télétravail, 100 % sur site.
Nous recherchons deux ingénieurs DevOps pour industrialiser les déploiements.
Environnement technique obligatoire : Kubernetes, Terraform, Ansible, GitLab CI.
Une bonne maîtrise de Linux est indispensable.
Connaissances souhaitées : Prometheus, Grafana.
Une expérience sur OpenShift est un atout.""",
        "fields": {"client_name": "Banque Populaire Méditerranée", "location": "Marseille",
                   "start_date": D(2027, 3, 1), "end_date": D(2027, 12, 31), "reply_deadline": D(2027, 1, 20),
                   "budget": 180000.0, "remote_work": False, "required_consultants": 2},
        "skills": {"Kubernetes": (REQ, None), "Terraform": (REQ, None), "Ansible": (REQ, None),
                   "GitLab CI": (REQ, None), "Linux": (REQ, "advanced"), "Prometheus": (PREF, None),
                   "Grafana": (PREF, None), "OpenShift": (NICE, None), "DevOps": (REQ, None)},
    },
    {
        "name": "en-frontend",
        "format": "eml",
        "subject": "RFP - Front-end developer React for our e-commerce site",
        "sender": "Emma Clarke <emma.clarke@brightcart.co.uk>",
        "text": """Hello,

On behalf of BrightCart, we are looking for a front-end developer to rebuild our checkout.

The mission starts on 15 March 2027 and lasts 4 months.
Location: London
Fully remote is possible.
Daily rate: up to €600 per day.
Please reply by 28 February 2027.

Required skills: React, TypeScript, and solid experience with Next.js.
Jest and Cypress are a plus.
Good knowledge of accessibility (WCAG) is preferred.

Best regards,
Emma Clarke
+44 20 7946 0321""",
        "fields": {"client_name": "BrightCart", "location": "London", "start_date": D(2027, 3, 15),
                   "end_date": D(2027, 7, 14), "reply_deadline": D(2027, 2, 28), "remote_work": True,
                   "onsite_days_per_week": 0.0, "client_contact_email": "emma.clarke@brightcart.co.uk"},
        "skills": {"React": (REQ, None), "TypeScript": (REQ, None), "Next.js": (REQ, "advanced"),
                   "Jest": (NICE, None), "Cypress": (NICE, None), "Accessibility": (PREF, "intermediate")},
    },
    {
        "name": "fr-sap",
        "format": "eml",
        "subject": "TR: [AO] Consultant SAP ABAP – Groupe Ardennes Industries",
        "sender": "Luc Perrin <luc.perrin@ardennes-industries.fr>",
        "attachment": "pdf",
        "text": """Bonjour,
Vous trouverez ci-dessous notre besoin pour le compte de Ardennes Industries.
Lieu de la mission : Reims
Démarrage : début avril 2027, pour une durée de 9 mois.
Date limite de remise des offres : 05/03/2027
TJM cible : 700 €
Profil recherché :
- Développement ABAP impératif
- Connaissance de SAP S/4HANA exigée
- Une expérience en SQL serait appréciée
- Anglais courant souhaité
Télétravail possible un jour par semaine.""",
        "fields": {"client_name": "Ardennes Industries", "location": "Reims", "start_date": D(2027, 4, 1),
                   "end_date": D(2027, 12, 31), "reply_deadline": D(2027, 3, 5), "remote_work": True,
                   "onsite_days_per_week": 4.0},
        "skills": {"ABAP": (REQ, None), "SAP S/4HANA": (REQ, None), "SQL": (PREF, None),
                   "English": (PREF, "advanced")},
    },
    {
        "name": "en-dotnet",
        "format": "docx",
        "text": """Position: .NET Back-end Developer
Customer: Helios Energy
Place of work: Toulouse
Start: 2027-05-03
Duration: 12 months
Submission deadline: 2027-04-02
Number of consultants: 3
Maximum daily rate: €520
The team maintains the trading platform of Helios Energy and moves it to the cloud.
Mandatory skills: C#, ASP.NET Core, SQL Server.
Preferred: Azure, Entity Framework.
Experience with RabbitMQ is an asset.
Three days on site per week in Toulouse.""",
        "fields": {"client_name": "Helios Energy", "location": "Toulouse", "start_date": D(2027, 5, 3),
                   "end_date": D(2028, 5, 2), "reply_deadline": D(2027, 4, 2), "required_consultants": 3,
                   "remote_work": True, "onsite_days_per_week": 3.0},
        "skills": {"C#": (REQ, None), "ASP.NET Core": (REQ, None), "SQL Server": (REQ, None),
                   "Azure": (PREF, None), "Entity Framework": (PREF, None), "RabbitMQ": (NICE, None),
                   ".NET": (REQ, None)},
    },
    {
        "name": "fr-python-ml",
        "format": "pdf",
        "text": """Intitulé : Data Scientist Python – détection de fraude
Client : Assurances du Littoral
Lieu : Nantes
La mission démarre le 7 juin 2027 et se termine le 17 décembre 2027.
Les réponses sont attendues au plus tard le 14 mai 2027.
Budget : 95 k€
Télétravail : 3 jours par semaine.
Vous travaillerez sur des modèles de détection de fraude.
Maîtrise de Python et de scikit-learn obligatoire.
Une expertise en Machine learning est requise ; des notions de Deep learning sont appréciées.
La pratique de Docker est un plus.""",
        "fields": {"client_name": "Assurances du Littoral", "location": "Nantes", "start_date": D(2027, 6, 7),
                   "end_date": D(2027, 12, 17), "reply_deadline": D(2027, 5, 14), "budget": 95000.0,
                   "remote_work": True, "onsite_days_per_week": 2.0},
        "skills": {"Python": (REQ, "advanced"), "scikit-learn": (REQ, None), "Machine learning": (REQ, "expert"),
                   "Deep learning": (PREF, "beginner"), "Docker": (NICE, None)},
    },
    {
        "name": "en-security",
        "format": "pdf",
        "text": """Title: Application Security Consultant
Client: Contoso Health
Location: Lille
Start date: 06/09/2027
End date: 28/01/2028
Closing date: 16/08/2027
Budget: 75 000 EUR
The consultant will audit the patient portal and coach the teams.
Essential: OWASP, Cybersecurity, OAuth 2.0 and OpenID Connect.
Keycloak experience is desirable.
Knowledge of GDPR is a bonus.
No remote work: the client requires full on-site presence.""",
        "fields": {"client_name": "Contoso Health", "location": "Lille", "start_date": D(2027, 9, 6),
                   "end_date": D(2028, 1, 28), "reply_deadline": D(2027, 8, 16), "budget": 75000.0,
                   "remote_work": False},
        "skills": {"OWASP": (REQ, None), "Cybersecurity": (REQ, None), "OAuth 2.0": (REQ, None),
                   "OpenID Connect": (REQ, None), "Keycloak": (PREF, None), "GDPR": (NICE, None),
                   "Mentoring": (REQ, None)},
    },
    {
        "name": "fr-mobile",
        "format": "docx",
        "text": """Objet : Développeur mobile Flutter
Donneur d'ordre : Transports Urbains de Bordeaux
Ville : Bordeaux
Date de démarrage : 02/08/2027
Durée de la mission : 5 mois
Date limite de dépôt des offres : 09/07/2027
Taux journalier maximum : 480 €
Nombre de profils : 1
Description : réalisation de la nouvelle application de billettique.
Compétences :
- Flutter et Dart (obligatoire)
- Firebase (souhaité)
- Kotlin ou Swift (un plus)
Méthodologie Scrum.""",
        "fields": {"client_name": "Transports Urbains de Bordeaux", "location": "Bordeaux",
                   "start_date": D(2027, 8, 2), "end_date": D(2028, 1, 1), "reply_deadline": D(2027, 7, 9),
                   "required_consultants": 1},
        "skills": {"Flutter": (REQ, None), "Dart": (REQ, None), "Firebase": (PREF, None), "Kotlin": (NICE, None),
                   "Swift": (NICE, None), "Scrum": (REQ, None)},
    },
    {
        "name": "fr-pmo-html-mail",
        "format": "eml",
        "html": True,
        "subject": "Appel d'offres : Chef de projet Agile",
        "sender": "Claire Dubois <c.dubois@caisse-alpine.fr>",
        "text": """Bonjour,
Pour le compte de la Caisse Alpine, nous cherchons un chef de projet.
Lieu : Grenoble
Démarrage le 13/09/2027 pour 6 mois.
Merci de répondre avant le 27/08/2027.
Budget : 110 000 €
Impératif : Gestion de projet, Scrum, Jira.
Souhaité : SAFe, Confluence.
La certification PRINCE2 est un plus.
Télétravail : 2 jours par semaine.
Claire Dubois – 04 76 12 34 56""",
        "fields": {"client_name": "Caisse Alpine", "location": "Grenoble", "start_date": D(2027, 9, 13),
                   "end_date": D(2028, 3, 12), "reply_deadline": D(2027, 8, 27), "budget": 110000.0,
                   "remote_work": True, "onsite_days_per_week": 3.0, "client_contact_phone": "04 76 12 34 56"},
        "skills": {"Project management": (REQ, None), "Scrum": (REQ, None), "Jira": (REQ, None),
                   "SAFe": (PREF, None), "Confluence": (PREF, None), "PRINCE2": (NICE, None),
                   "Agile": (REQ, None)},
    },
]  # fmt: skip
