"""The curated skill catalogue, kept as plain data, and the service that loads it into the database.

Every name is unique across the catalogue, every alias is unique case-insensitively and never
another skill's name, and related skills name other entries; `catalogue_problems` checks all of it.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models.functions import Lower

from consultants.models import Skill, SkillAlias, SkillCategory


@dataclass(frozen=True)
class CatalogueEntry:
    name: str
    category: str
    description: str
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


def _entries(category: str, *rows: tuple) -> tuple[CatalogueEntry, ...]:
    """Rows are (name, description[, aliases[, related]]), all of one category."""
    return tuple(CatalogueEntry(row[0], category, row[1], *(tuple(part) for part in row[2:])) for row in rows)


PROGRAMMING_LANGUAGES = _entries(
    SkillCategory.PROGRAMMING_LANGUAGE,
    (
        "Java",
        "General-purpose, statically typed JVM language for enterprise back ends.",
        ["Java SE", "JDK"],
        ["Kotlin", "Scala", "Spring Boot", "Groovy"],
    ),
    (
        "Kotlin",
        "Concise JVM language, the default for modern Android development.",
        ["Kotlin/JVM"],
        ["Java", "Android", "Jetpack Compose"],
    ),
    (
        "Scala",
        "Functional and object-oriented JVM language, common in big-data pipelines.",
        [],
        ["Java", "Apache Spark", "Haskell"],
    ),
    (
        "Python",
        "Versatile interpreted language for web back ends, data and automation.",
        ["Python 3", "Py"],
        ["Django", "Flask", "FastAPI", "pandas"],
    ),
    (
        "JavaScript",
        "The language of the web browser, also run on servers through Node.js.",
        ["JS", "ECMAScript", "ES6", "Vanilla JS"],
        ["TypeScript", "Node.js", "React", "HTML"],
    ),
    (
        "TypeScript",
        "Typed superset of JavaScript that compiles to plain JavaScript.",
        ["TS"],
        ["JavaScript", "Angular", "NestJS"],
    ),
    (
        "C#",
        "Microsoft's object-oriented language for the .NET platform.",
        ["CSharp", "C Sharp"],
        [".NET", "ASP.NET Core", "Java"],
    ),
    (
        "C",
        "Low-level systems language used for operating systems and embedded software.",
        ["ANSI C", "Langage C"],
        ["C++", "Rust", "Embedded systems"],
    ),
    (
        "C++",
        "Compiled language for performance-critical software, games and embedded systems.",
        ["CPP", "C plus plus"],
        ["C", "Rust", "Qt"],
    ),
    (
        "Go",
        "Compiled language from Google with built-in concurrency, popular for cloud tooling.",
        ["Golang"],
        ["Rust", "Kubernetes"],
    ),
    ("Rust", "Memory-safe systems language without a garbage collector.", ["Rust-lang"], ["C++", "Go", "C"]),
    ("PHP", "Server-side scripting language behind a large share of websites.", ["PHP 8"], ["Symfony", "Laravel"]),
    ("Ruby", "Dynamic, expressive language best known for Ruby on Rails.", [], ["Ruby on Rails", "Python"]),
    ("Swift", "Apple's language for iOS and macOS applications.", [], ["iOS", "Objective-C", "SwiftUI"]),
    (
        "Objective-C",
        "Apple's historical language for iOS and macOS, still found in legacy apps.",
        ["ObjC"],
        ["Swift", "iOS"],
    ),
    ("Dart", "Client-optimised language from Google, used with Flutter.", [], ["Flutter"]),
    (
        "R",
        "Language and environment for statistics and data visualisation.",
        ["R language", "Langage R"],
        ["Python", "MATLAB"],
    ),
    (
        "SQL",
        "Standard language to query and manipulate relational databases.",
        ["Structured Query Language"],
        ["PL/SQL", "T-SQL", "PostgreSQL"],
    ),
    (
        "PL/SQL",
        "Oracle's procedural extension of SQL for stored procedures and packages.",
        ["PLSQL"],
        ["SQL", "Oracle Database"],
    ),
    ("T-SQL", "Microsoft's procedural dialect of SQL for SQL Server.", ["Transact-SQL", "TSQL"], ["SQL", "SQL Server"]),
    (
        "Bash",
        "Unix shell and scripting language for automation on Linux.",
        ["Shell", "Shell scripting"],
        ["Linux", "PowerShell"],
    ),
    ("PowerShell", "Microsoft's task automation shell and scripting language.", ["pwsh"], ["Bash", "Windows Server"]),
    ("Perl", "Text-processing scripting language, common in legacy system administration.", [], ["Bash"]),
    (
        "COBOL",
        "Business language still running core banking and insurance systems on mainframes.",
        [],
        ["IBM Mainframe"],
    ),
    ("ABAP", "SAP's programming language for customising and extending SAP systems.", ["SAP ABAP"], ["SAP S/4HANA"]),
    ("Elixir", "Functional language on the Erlang VM for fault-tolerant services.", [], ["Erlang"]),
    ("Erlang", "Functional language built for highly available telecom systems.", [], ["Elixir"]),
    ("Haskell", "Purely functional, statically typed language.", [], ["OCaml", "Scala"]),
    ("OCaml", "Functional language from INRIA used in finance and compilers.", [], ["Haskell"]),
    ("Lua", "Lightweight embeddable scripting language.", [], []),
    ("Groovy", "Dynamic JVM language used for Gradle builds and Jenkins pipelines.", [], ["Java", "Gradle", "Jenkins"]),
    ("MATLAB", "Numerical computing environment for engineering and signal processing.", [], ["R", "Python"]),
    ("HTML", "Markup language that structures web pages.", ["HTML5"], ["CSS", "JavaScript"]),
    (
        "CSS",
        "Style sheet language that lays out and styles web pages.",
        ["CSS3"],
        ["HTML", "Sass", "Tailwind CSS", "Bootstrap"],
    ),
    (
        "VBA",
        "Visual Basic for Applications, for automating Microsoft Office.",
        ["Visual Basic for Applications"],
        ["Microsoft Excel"],
    ),
)

FRAMEWORKS = _entries(
    SkillCategory.FRAMEWORK,
    (
        "Spring Boot",
        "Opinionated Spring setup for building stand-alone Java services.",
        ["SpringBoot"],
        ["Spring Framework", "Java", "Quarkus", "Hibernate"],
    ),
    (
        "Spring Framework",
        "Java application framework for dependency injection, web and data access.",
        ["Spring", "Spring MVC"],
        ["Spring Boot", "Jakarta EE"],
    ),
    (
        "Hibernate",
        "Object-relational mapping library for Java.",
        ["Hibernate ORM", "JPA"],
        ["Spring Boot", "Entity Framework"],
    ),
    (
        "Jakarta EE",
        "Standard Java platform for enterprise applications.",
        ["Java EE", "J2EE", "JEE"],
        ["Spring Framework", "Java"],
    ),
    ("Quarkus", "Kubernetes-native Java framework with fast start-up.", [], ["Spring Boot", "Java"]),
    (
        "Django",
        "Batteries-included Python web framework.",
        ["Django REST framework", "DRF"],
        ["Flask", "FastAPI", "Python", "Celery"],
    ),
    ("Flask", "Lightweight Python web micro-framework.", [], ["Django", "FastAPI"]),
    ("FastAPI", "Modern, asynchronous Python framework for typed HTTP APIs.", [], ["Django", "Flask"]),
    ("Celery", "Distributed task queue for Python.", [], ["Django", "Redis", "RabbitMQ"]),
    (
        "React",
        "JavaScript library for building component-based user interfaces.",
        ["React.js", "ReactJS"],
        ["Next.js", "Vue.js", "Angular", "React Native", "Redux"],
    ),
    ("Redux", "Predictable state container for JavaScript applications.", ["Redux Toolkit"], ["React"]),
    (
        "Angular",
        "TypeScript front-end framework maintained by Google.",
        ["Angular 2+"],
        ["TypeScript", "React", "Vue.js"],
    ),
    (
        "Vue.js",
        "Progressive JavaScript framework for user interfaces.",
        ["Vue", "VueJS"],
        ["React", "Angular", "Nuxt", "Svelte"],
    ),
    ("Nuxt", "Vue.js meta-framework for server-rendered applications.", ["Nuxt.js"], ["Vue.js", "Next.js"]),
    ("Next.js", "React meta-framework with server-side rendering and routing.", ["NextJS"], ["React", "Nuxt"]),
    ("Svelte", "Compiler-based front-end framework.", ["SvelteKit"], ["Vue.js", "React"]),
    (
        "Node.js",
        "JavaScript runtime for servers and command-line tools.",
        ["Node", "NodeJS"],
        ["JavaScript", "Express", "NestJS"],
    ),
    ("Express", "Minimal web framework for Node.js.", ["Express.js", "ExpressJS"], ["Node.js", "NestJS"]),
    (
        "NestJS",
        "Structured TypeScript framework for Node.js back ends.",
        ["Nest.js"],
        ["Node.js", "Express", "TypeScript"],
    ),
    (
        ".NET",
        "Microsoft's cross-platform development platform.",
        ["dotnet", ".NET Core", ".NET Framework"],
        ["C#", "ASP.NET Core", "Entity Framework"],
    ),
    ("ASP.NET Core", "Web framework of the .NET platform.", ["ASP.NET", "ASP.NET MVC"], [".NET", "C#"]),
    (
        "Entity Framework",
        "Object-relational mapper for .NET.",
        ["EF Core", "Entity Framework Core"],
        [".NET", "Hibernate"],
    ),
    ("Symfony", "PHP framework and set of reusable components, born in France.", [], ["PHP", "Laravel"]),
    ("Laravel", "PHP web framework with an expressive syntax.", [], ["PHP", "Symfony"]),
    ("Ruby on Rails", "Convention-over-configuration web framework for Ruby.", ["Rails", "RoR"], ["Ruby"]),
    ("Flutter", "Google's cross-platform UI toolkit for mobile, web and desktop.", [], ["Dart", "React Native"]),
    ("React Native", "Framework for native mobile apps written with React.", [], ["React", "Flutter"]),
    ("SwiftUI", "Apple's declarative UI framework.", [], ["Swift", "iOS"]),
    (
        "Android",
        "Android SDK and platform APIs for mobile applications.",
        ["Android SDK"],
        ["Kotlin", "Jetpack Compose", "iOS"],
    ),
    (
        "iOS",
        "Apple's mobile platform and its UIKit application APIs.",
        ["iOS SDK", "UIKit"],
        ["Swift", "SwiftUI", "Android"],
    ),
    ("Jetpack Compose", "Declarative UI toolkit for Android.", ["Compose"], ["Android", "Kotlin"]),
    (
        "Apache Spark",
        "Distributed engine for large-scale data processing.",
        ["Spark", "PySpark"],
        ["Scala", "Databricks", "Hadoop"],
    ),
    ("Hadoop", "Ecosystem for distributed storage and batch processing.", ["Apache Hadoop", "HDFS"], ["Apache Spark"]),
    ("pandas", "Python library for tabular data analysis.", [], ["NumPy", "Python", "scikit-learn"]),
    ("NumPy", "Python library for numerical arrays and linear algebra.", [], ["pandas"]),
    (
        "scikit-learn",
        "Python library for classical machine learning.",
        ["sklearn"],
        ["pandas", "TensorFlow", "PyTorch", "Machine learning"],
    ),
    (
        "TensorFlow",
        "Google's library for training and serving neural networks.",
        ["Keras"],
        ["PyTorch", "Deep learning"],
    ),
    ("PyTorch", "Deep-learning library with dynamic computation graphs.", ["Torch"], ["TensorFlow", "Deep learning"]),
    (
        "LangChain",
        "Framework for building applications on top of large language models.",
        [],
        ["Large language models", "Python"],
    ),
    ("JUnit", "Unit testing framework for Java.", ["JUnit 5"], ["Java", "pytest"]),
    ("pytest", "Testing framework for Python.", [], ["Python", "JUnit"]),
    ("Jest", "JavaScript testing framework.", [], ["JavaScript", "Cypress"]),
    ("Selenium", "Browser automation for end-to-end tests.", ["Selenium WebDriver"], ["Cypress", "Playwright"]),
    ("Cypress", "End-to-end testing tool for web applications.", [], ["Playwright", "Selenium", "Jest"]),
    ("Playwright", "Cross-browser automation and end-to-end testing library.", [], ["Cypress", "Selenium"]),
    ("Bootstrap", "CSS framework of responsive layout and components.", [], ["CSS", "Tailwind CSS"]),
    ("Tailwind CSS", "Utility-first CSS framework.", ["Tailwind", "TailwindCSS"], ["CSS", "Bootstrap"]),
    ("Sass", "CSS preprocessor with variables, nesting and mixins.", ["SCSS"], ["CSS"]),
    ("Qt", "C++ framework for cross-platform graphical applications.", [], ["C++"]),
    ("htmx", "Library that adds AJAX and partial page updates through HTML attributes.", [], ["Django"]),
)

DATABASES = _entries(
    SkillCategory.DATABASE,
    (
        "PostgreSQL",
        "Advanced open-source relational database.",
        ["Postgres", "psql", "PgSQL"],
        ["MySQL", "MariaDB", "Oracle Database", "SQL"],
    ),
    ("MySQL", "Widely used open-source relational database.", [], ["MariaDB", "PostgreSQL"]),
    ("MariaDB", "Community fork of MySQL.", [], ["MySQL", "PostgreSQL"]),
    (
        "Oracle Database",
        "Oracle's enterprise relational database.",
        ["Oracle", "Oracle DB"],
        ["PL/SQL", "PostgreSQL", "SQL Server"],
    ),
    (
        "SQL Server",
        "Microsoft's relational database.",
        ["Microsoft SQL Server", "MSSQL", "MS SQL"],
        ["T-SQL", "Oracle Database"],
    ),
    ("SQLite", "Embedded, serverless relational database.", [], ["PostgreSQL"]),
    ("DB2", "IBM's relational database, common on mainframes.", ["IBM Db2"], ["IBM Mainframe"]),
    ("MongoDB", "Document-oriented NoSQL database.", ["Mongo"], ["Cassandra", "Amazon DynamoDB", "Azure Cosmos DB"]),
    (
        "Cassandra",
        "Wide-column NoSQL database for high write throughput.",
        ["Apache Cassandra"],
        ["MongoDB", "Amazon DynamoDB"],
    ),
    ("Redis", "In-memory key-value store used as cache and message broker.", [], ["Memcached", "Celery"]),
    ("Memcached", "Distributed in-memory cache.", [], ["Redis"]),
    (
        "Elasticsearch",
        "Distributed search and analytics engine.",
        ["Elastic", "Elastic Search"],
        ["OpenSearch", "Apache Solr", "ELK Stack"],
    ),
    ("OpenSearch", "Open-source fork of Elasticsearch maintained under the Linux Foundation.", [], ["Elasticsearch"]),
    ("Apache Solr", "Search platform built on Apache Lucene.", ["Solr"], ["Elasticsearch"]),
    ("Neo4j", "Graph database queried with Cypher.", ["Cypher"], []),
    (
        "Amazon DynamoDB",
        "AWS's managed key-value and document database.",
        ["DynamoDB"],
        ["MongoDB", "Cassandra", "AWS"],
    ),
    (
        "Azure Cosmos DB",
        "Azure's globally distributed multi-model database.",
        ["Cosmos DB", "CosmosDB"],
        ["MongoDB", "Azure"],
    ),
    ("Snowflake", "Cloud data warehouse.", [], ["Google BigQuery", "Amazon Redshift", "Databricks"]),
    ("Google BigQuery", "Google Cloud's serverless data warehouse.", ["BigQuery"], ["Snowflake", "GCP"]),
    ("Amazon Redshift", "AWS's data warehouse.", ["Redshift"], ["Snowflake", "AWS"]),
    ("ClickHouse", "Column-oriented database for real-time analytics.", [], ["Snowflake"]),
    ("InfluxDB", "Time-series database for metrics and events.", [], ["Prometheus"]),
)

CLOUD = _entries(
    SkillCategory.CLOUD,
    ("AWS", "Amazon's public cloud platform.", ["Amazon Web Services"], ["Azure", "GCP", "OVHcloud"]),
    ("Azure", "Microsoft's public cloud platform.", ["Microsoft Azure"], ["AWS", "GCP"]),
    ("GCP", "Google's public cloud platform.", ["Google Cloud Platform", "Google Cloud"], ["AWS", "Azure"]),
    ("OVHcloud", "French cloud provider of bare-metal servers and public cloud.", ["OVH"], ["Scaleway", "AWS"]),
    ("Scaleway", "French cloud provider.", [], ["OVHcloud"]),
    ("AWS Lambda", "AWS's function-as-a-service compute.", ["Lambda"], ["Azure Functions", "Serverless", "AWS"]),
    ("Amazon S3", "AWS object storage.", ["S3"], ["AWS"]),
    ("Amazon EC2", "AWS virtual machines.", ["EC2"], ["AWS"]),
    (
        "Amazon EKS",
        "AWS's managed Kubernetes service.",
        ["EKS"],
        ["Kubernetes", "Azure Kubernetes Service", "Google Kubernetes Engine"],
    ),
    (
        "Azure Kubernetes Service",
        "Azure's managed Kubernetes service.",
        ["AKS"],
        ["Kubernetes", "Google Kubernetes Engine"],
    ),
    ("Google Kubernetes Engine", "Google Cloud's managed Kubernetes service.", ["GKE"], ["Kubernetes"]),
    ("Azure Functions", "Azure's function-as-a-service compute.", [], ["Serverless", "Azure"]),
    (
        "Microsoft Entra ID",
        "Microsoft's cloud identity service.",
        ["Azure AD", "Azure Active Directory"],
        ["Active Directory", "Azure"],
    ),
    ("Azure Data Factory", "Azure's managed data integration service.", ["ADF"], ["Azure", "Databricks"]),
    (
        "Databricks",
        "Managed data and AI platform built around Apache Spark.",
        ["Azure Databricks"],
        ["Apache Spark", "Snowflake"],
    ),
    (
        "Firebase",
        "Google's app development platform with hosting, auth and a realtime database.",
        [],
        ["GCP", "Flutter"],
    ),
    ("Heroku", "Platform as a service for deploying web applications.", [], ["AWS"]),
    ("OpenStack", "Open-source software for private and public clouds.", [], ["OVHcloud"]),
    (
        "Serverless",
        "Building on managed functions and services instead of servers.",
        ["Serverless computing", "FaaS"],
        ["AWS Lambda", "Azure Functions"],
    ),
    ("Google Cloud Run", "Google Cloud's managed runtime for containers.", ["Cloud Run"], ["GCP", "Docker"]),
)

DEVOPS = _entries(
    SkillCategory.DEVOPS,
    (
        "Docker",
        "Containers: packaging applications with their dependencies.",
        ["Docker Compose"],
        ["Kubernetes", "Podman"],
    ),
    ("Podman", "Daemonless container engine compatible with Docker.", [], ["Docker"]),
    ("Kubernetes", "Container orchestration platform.", ["K8s", "Kube"], ["Docker", "Helm", "OpenShift"]),
    ("OpenShift", "Red Hat's enterprise Kubernetes distribution.", ["Red Hat OpenShift", "OCP"], ["Kubernetes"]),
    ("Helm", "Package manager for Kubernetes.", ["Helm charts"], ["Kubernetes", "Argo CD"]),
    (
        "Terraform",
        "Infrastructure-as-code tool for provisioning cloud resources.",
        ["HashiCorp Terraform"],
        ["Ansible", "AWS CloudFormation", "Pulumi", "Infrastructure as Code"],
    ),
    ("Pulumi", "Infrastructure as code written in general-purpose languages.", [], ["Terraform"]),
    ("AWS CloudFormation", "AWS's native infrastructure-as-code service.", ["CloudFormation"], ["Terraform", "AWS"]),
    ("Ansible", "Agentless configuration management and automation.", [], ["Puppet", "Terraform"]),
    ("Puppet", "Declarative configuration management.", [], ["Ansible"]),
    ("Jenkins", "Open-source automation server for CI/CD pipelines.", [], ["GitLab CI", "GitHub Actions", "Groovy"]),
    (
        "GitLab CI",
        "GitLab's built-in continuous integration and delivery.",
        ["GitLab CI/CD"],
        ["GitHub Actions", "Jenkins", "Git"],
    ),
    ("GitHub Actions", "GitHub's workflow automation for CI/CD.", [], ["GitLab CI", "Jenkins"]),
    (
        "Azure DevOps",
        "Microsoft's suite of repositories, boards and pipelines.",
        ["Azure Pipelines", "VSTS", "TFS"],
        ["Azure", "GitLab CI"],
    ),
    ("Argo CD", "GitOps continuous delivery for Kubernetes.", ["ArgoCD"], ["Helm", "GitOps", "Kubernetes"]),
    ("Git", "Distributed version control system.", [], ["Subversion", "GitLab CI"]),
    ("Subversion", "Centralised version control system.", ["SVN"], ["Git"]),
    ("Maven", "Build and dependency tool for Java.", ["Apache Maven"], ["Gradle", "Java"]),
    ("Gradle", "Build automation tool for the JVM and Android.", [], ["Maven", "Groovy"]),
    ("Prometheus", "Metrics collection and alerting toolkit.", [], ["Grafana", "InfluxDB"]),
    ("Grafana", "Dashboards for metrics, logs and traces.", [], ["Prometheus", "ELK Stack"]),
    (
        "ELK Stack",
        "Elasticsearch, Logstash and Kibana for centralised logging.",
        ["ELK", "Elastic Stack"],
        ["Elasticsearch", "Grafana"],
    ),
    ("Datadog", "SaaS monitoring and observability platform.", [], ["Prometheus"]),
    ("SonarQube", "Continuous inspection of code quality and security.", ["Sonar"], ["Jenkins"]),
    ("Nginx", "Web server and reverse proxy.", [], ["Apache HTTP Server"]),
    ("Apache HTTP Server", "The Apache web server.", ["Apache httpd"], ["Nginx"]),
    ("HashiCorp Vault", "Secrets management and encryption service.", ["Vault"], ["Terraform"]),
    (
        "CI/CD",
        "Continuous integration, delivery and deployment of software.",
        ["Continuous integration", "Continuous delivery", "Intégration continue", "Déploiement continu"],
        ["GitLab CI", "Jenkins", "DevOps"],
    ),
    (
        "Infrastructure as Code",
        "Managing infrastructure through versioned, reviewed code.",
        ["IaC"],
        ["Terraform", "Ansible"],
    ),
    ("Istio", "Service mesh for traffic management and security between services.", ["Service mesh"], ["Kubernetes"]),
)

METHODOLOGIES = _entries(
    SkillCategory.METHODOLOGY,
    ("Scrum", "Agile framework built on sprints, roles and ceremonies.", ["Scrum Master"], ["Agile", "Kanban", "SAFe"]),
    (
        "Agile",
        "Iterative, incremental delivery driven by feedback.",
        ["Agilité", "Méthodes agiles", "Agile methodologies"],
        ["Scrum", "Kanban", "Lean"],
    ),
    ("Kanban", "Visual flow management with work-in-progress limits.", [], ["Scrum", "Lean"]),
    ("SAFe", "Scaled Agile Framework for agility across many teams.", ["Scaled Agile Framework"], ["Scrum", "Agile"]),
    ("Lean", "Delivering value while removing waste.", ["Lean management"], ["Agile", "Kanban"]),
    (
        "DevOps",
        "Culture and practices bringing development and operations together.",
        ["DevOps culture"],
        ["CI/CD", "Agile"],
    ),
    ("ITIL", "Good-practice framework for IT service management.", ["ITIL v4", "ITSM"], ["PRINCE2"]),
    ("PRINCE2", "Process-based project management method.", [], ["PMP", "Project management", "ITIL"]),
    (
        "PMP",
        "Project Management Professional certification and the PMBOK practices.",
        ["PMBOK"],
        ["PRINCE2", "Project management"],
    ),
    (
        "V-model",
        "Sequential development with a test phase for each design phase.",
        ["Cycle en V", "V-cycle"],
        ["Project management"],
    ),
    (
        "TDD",
        "Writing a failing test before the code that makes it pass.",
        ["Test-driven development", "Développement piloté par les tests"],
        ["BDD", "Software craftsmanship"],
    ),
    (
        "BDD",
        "Specifying behaviour through examples shared with the business.",
        ["Behaviour-driven development", "Behavior-driven development"],
        ["TDD"],
    ),
    (
        "DDD",
        "Modelling software around the business domain and its language.",
        ["Domain-driven design"],
        ["Microservices architecture", "Event-driven architecture"],
    ),
    (
        "Software craftsmanship",
        "Clean code, refactoring and professional development practices.",
        ["Clean code", "Craftsmanship"],
        ["TDD"],
    ),
    (
        "Microservices architecture",
        "Splitting an application into small independently deployable services.",
        ["Microservices", "Architecture microservices"],
        ["DDD", "Event-driven architecture", "Kubernetes"],
    ),
    (
        "Event-driven architecture",
        "Services that communicate through published events.",
        ["Event-driven", "Architecture événementielle"],
        ["Apache Kafka", "Microservices architecture"],
    ),
    (
        "Project management",
        "Planning, steering and delivering projects on time and budget.",
        ["Gestion de projet", "Pilotage de projet"],
        ["PRINCE2", "PMP", "Stakeholder management"],
    ),
    (
        "Product management",
        "Defining and prioritising a product from user needs.",
        ["Product ownership", "Product Owner", "Gestion de produit"],
        ["Scrum", "UX design"],
    ),
    (
        "Change management",
        "Guiding people and organisations through change.",
        ["Conduite du changement", "Accompagnement au changement"],
        ["Project management", "Communication"],
    ),
    (
        "Design thinking",
        "User-centred approach to problem solving through prototyping.",
        [],
        ["UX design", "Creativity"],
    ),
    ("GitOps", "Operating infrastructure from declarations versioned in Git.", [], ["Argo CD", "Git"]),
    (
        "ISTQB",
        "Software testing practices of the ISTQB certification.",
        ["Software testing", "Test logiciel"],
        ["Test automation"],
    ),
)

SOFT_SKILLS = _entries(
    SkillCategory.SOFT_SKILL,
    (
        "Communication",
        "Expressing ideas clearly, orally and in writing.",
        ["Communication skills", "Expression orale"],
        ["Public speaking", "Teamwork"],
    ),
    (
        "Leadership",
        "Giving direction and bringing a team along.",
        ["Team leadership", "Management d'équipe"],
        ["Mentoring", "Communication"],
    ),
    (
        "Teamwork",
        "Working effectively with others towards a common goal.",
        ["Travail en équipe", "Esprit d'équipe"],
        ["Communication"],
    ),
    (
        "Problem solving",
        "Analysing a situation and finding workable solutions.",
        ["Problem-solving", "Résolution de problèmes"],
        ["Analytical skills", "Critical thinking"],
    ),
    (
        "Analytical skills",
        "Breaking complex information down to reason about it.",
        ["Esprit d'analyse", "Capacité d'analyse", "Analytical thinking"],
        ["Problem solving"],
    ),
    ("Critical thinking", "Questioning assumptions and weighing evidence.", ["Esprit critique"], ["Problem solving"]),
    (
        "Adaptability",
        "Adjusting quickly to new contexts and priorities.",
        ["Adaptabilité", "Flexibilité"],
        ["Autonomy"],
    ),
    ("Autonomy", "Working independently and taking initiative.", ["Autonomie", "Self-motivation"], ["Adaptability"]),
    (
        "Time management",
        "Organising work and priorities to meet deadlines.",
        ["Gestion du temps", "Gestion des priorités"],
        ["Rigour"],
    ),
    ("Rigour", "Careful, precise and reliable work.", ["Rigueur", "Attention to detail"], ["Time management"]),
    ("Negotiation", "Reaching agreements that serve both parties.", ["Négociation"], ["Customer focus"]),
    (
        "Public speaking",
        "Presenting to an audience with confidence.",
        ["Prise de parole en public", "Presentation skills"],
        ["Communication"],
    ),
    ("Mentoring", "Helping colleagues grow through guidance and feedback.", ["Tutorat", "Coaching"], ["Leadership"]),
    (
        "Conflict resolution",
        "Defusing disagreements and restoring cooperation.",
        ["Gestion des conflits"],
        ["Negotiation"],
    ),
    (
        "Stakeholder management",
        "Aligning the expectations of everyone a project touches.",
        ["Gestion des parties prenantes"],
        ["Project management", "Communication"],
    ),
    (
        "Customer focus",
        "Understanding and serving the client's needs.",
        ["Relation client", "Orientation client", "Client relationship"],
        ["Negotiation"],
    ),
    ("Creativity", "Producing original ideas and approaches.", ["Créativité"], ["Design thinking"]),
    ("Empathy", "Understanding others' points of view and feelings.", ["Empathie"], ["Customer focus"]),
    (
        "Facilitation",
        "Running workshops and meetings that reach decisions.",
        ["Animation d'ateliers", "Workshop facilitation"],
        ["Communication", "Agile"],
    ),
)

OTHER = _entries(
    SkillCategory.OTHER,
    (
        "Linux",
        "Unix-like operating system administration.",
        ["GNU/Linux", "Administration Linux"],
        ["Bash", "Windows Server"],
    ),
    ("Windows Server", "Microsoft's server operating system.", [], ["PowerShell", "Active Directory"]),
    (
        "Active Directory",
        "Microsoft's directory service for users and machines.",
        ["Microsoft Active Directory"],
        ["Windows Server", "Microsoft Entra ID"],
    ),
    ("Apache Kafka", "Distributed event streaming platform.", ["Kafka"], ["RabbitMQ", "Event-driven architecture"]),
    ("RabbitMQ", "Message broker implementing AMQP.", [], ["Apache Kafka", "Celery"]),
    ("GraphQL", "Query language for APIs.", [], ["REST API design"]),
    (
        "REST API design",
        "Designing resource-oriented HTTP APIs.",
        ["REST", "RESTful API", "API REST"],
        ["GraphQL", "OpenAPI"],
    ),
    ("OpenAPI", "Specification for describing HTTP APIs.", ["Swagger"], ["REST API design"]),
    (
        "Machine learning",
        "Building models that learn from data.",
        ["ML", "Apprentissage automatique"],
        ["Deep learning", "scikit-learn"],
    ),
    (
        "Deep learning",
        "Machine learning with multi-layer neural networks.",
        ["Apprentissage profond"],
        ["Machine learning", "PyTorch", "TensorFlow"],
    ),
    (
        "Large language models",
        "Building on LLMs: prompting, retrieval and fine-tuning.",
        ["LLM", "Generative AI", "GenAI", "IA générative"],
        ["Machine learning", "LangChain"],
    ),
    (
        "Power BI",
        "Microsoft's business intelligence and reporting tool.",
        ["Microsoft Power BI", "PowerBI"],
        ["Tableau", "Microsoft Excel"],
    ),
    ("Tableau", "Data visualisation and BI tool.", ["Tableau Software"], ["Power BI"]),
    ("Apache Airflow", "Workflow orchestration for data pipelines.", ["Airflow"], ["dbt", "Apache Spark"]),
    (
        "dbt",
        "SQL-based transformation tool for analytics engineering.",
        ["data build tool"],
        ["Apache Airflow", "Snowflake"],
    ),
    ("Jira", "Atlassian's issue and project tracker.", ["Atlassian Jira"], ["Confluence", "Scrum"]),
    ("Confluence", "Atlassian's team wiki.", [], ["Jira"]),
    ("Figma", "Collaborative interface design tool.", [], ["UX design"]),
    (
        "UX design",
        "Designing products around their users' needs.",
        ["UX", "UI/UX", "User experience", "Expérience utilisateur"],
        ["Figma", "Accessibility"],
    ),
    (
        "Accessibility",
        "Making digital services usable by everyone.",
        ["RGAA", "WCAG", "Accessibilité numérique"],
        ["UX design", "HTML"],
    ),
    (
        "Cybersecurity",
        "Protecting systems and data against attacks.",
        ["IT security", "Sécurité informatique", "Cybersécurité"],
        ["OWASP", "GDPR"],
    ),
    ("OWASP", "Web application security risks and how to prevent them.", ["OWASP Top 10"], ["Cybersecurity"]),
    ("OAuth 2.0", "Authorisation framework for delegated access.", ["OAuth2", "OAuth"], ["OpenID Connect", "Keycloak"]),
    ("OpenID Connect", "Identity layer on top of OAuth 2.0.", ["OIDC"], ["OAuth 2.0", "Keycloak"]),
    ("Keycloak", "Open-source identity and access management server.", [], ["OAuth 2.0"]),
    (
        "GDPR",
        "EU data protection rules applied to software and data.",
        ["RGPD", "General Data Protection Regulation"],
        ["Cybersecurity"],
    ),
    ("SAP S/4HANA", "SAP's ERP suite.", ["S/4HANA", "SAP", "SAP ERP"], ["ABAP"]),
    ("Salesforce", "CRM platform and its development tools.", ["SFDC", "Salesforce CRM"], []),
    (
        "IBM Mainframe",
        "IBM z/OS mainframe environment, JCL and batch processing.",
        ["z/OS", "Mainframe"],
        ["COBOL", "DB2"],
    ),
    ("Microsoft Excel", "Spreadsheets, formulas and pivot tables.", ["Excel"], ["VBA", "Power BI"]),
    (
        "Embedded systems",
        "Software for microcontrollers and dedicated hardware.",
        ["Systèmes embarqués", "Embedded software"],
        ["C", "C++"],
    ),
    ("Networking", "TCP/IP networks, routing, firewalls and VPNs.", ["TCP/IP", "Réseaux"], ["Linux"]),
    (
        "Test automation",
        "Automated functional and regression testing.",
        ["Automatisation des tests"],
        ["Selenium", "Cypress", "ISTQB"],
    ),
    ("English", "Professional English, spoken and written.", ["Anglais", "Business English"], []),
)

CATALOGUE: tuple[CatalogueEntry, ...] = (
    PROGRAMMING_LANGUAGES + FRAMEWORKS + DATABASES + CLOUD + DEVOPS + METHODOLOGIES + SOFT_SKILLS + OTHER
)


def catalogue_problems(entries=CATALOGUE) -> list[str]:
    """Every inconsistency in the catalogue data; an empty list means it may be loaded."""
    problems = []
    names = {}
    for entry in entries:
        if entry.category not in SkillCategory.values:
            problems.append(f"{entry.name}: unknown category {entry.category!r}")
        if entry.name.lower() in names:
            problems.append(f"{entry.name}: duplicate name")
        names[entry.name.lower()] = entry.name
    seen_aliases = {}
    for entry in entries:
        for alias in entry.aliases:
            key = alias.lower()
            if key in names:
                problems.append(f"{entry.name}: alias {alias!r} is the name of {names[key]}")
            elif key in seen_aliases:
                problems.append(f"{entry.name}: alias {alias!r} is already an alias of {seen_aliases[key]}")
            seen_aliases[key] = entry.name
        for related in entry.related:
            if related not in names.values():
                problems.append(f"{entry.name}: related skill {related!r} is not in the catalogue")
            elif related == entry.name:
                problems.append(f"{entry.name}: related to itself")
    return problems


@dataclass(frozen=True)
class SyncResult:
    skills_created: int = 0
    skills_updated: int = 0
    aliases_created: int = 0
    aliases_skipped: int = 0
    relations_created: int = 0


@transaction.atomic
def skill_catalogue_sync(*, entries=CATALOGUE) -> SyncResult:
    """Bring the database up to the catalogue: safe to run again, it only adds and corrects.

    Skills are matched by (name, category) and get the catalogue description; aliases are matched
    case-insensitively, and one already held by another skill is left there and counted as skipped;
    related-skill links are added in both directions. Nothing is ever deleted.
    """
    problems = catalogue_problems(entries)
    if problems:
        raise ValueError("Inconsistent skill catalogue: " + "; ".join(problems))

    existing = {
        (skill.name, skill.category): skill for skill in Skill.objects.filter(name__in=[e.name for e in entries])
    }
    skills_by_name: dict[str, Skill] = {}
    new_skills = []
    updated = 0
    for entry in entries:
        skill = existing.get((entry.name, entry.category))
        if skill is None:
            skill = Skill(name=entry.name, category=entry.category, description=entry.description)
            # (name, category) is known to be free from the rows read above and the choices are checked
            # field by field, which spares two validation queries per skill on a first load.
            skill.full_clean(validate_unique=False, validate_constraints=False)
            new_skills.append(skill)
        elif skill.description != entry.description:
            skill.description = entry.description
            skill.full_clean()
            skill.save(update_fields=["description", "updated_at"])
            updated += 1
        skills_by_name[entry.name] = skill
    Skill.objects.bulk_create(new_skills)

    alias_owner = dict(SkillAlias.objects.annotate(key=Lower("alias")).values_list("key", "skill_id"))
    new_aliases = []
    skipped = 0
    for entry in entries:
        skill = skills_by_name[entry.name]
        for alias in entry.aliases:
            owner = alias_owner.get(alias.lower())
            if owner is None:
                new_alias = SkillAlias(skill=skill, alias=alias)
                new_alias.clean_fields(exclude=["skill"])
                new_aliases.append(new_alias)
                alias_owner[alias.lower()] = skill.pk
            elif owner != skill.pk:
                skipped += 1
    SkillAlias.objects.bulk_create(new_aliases)

    Relation = Skill.related_skills.through
    linked = set(Relation.objects.values_list("from_skill_id", "to_skill_id"))
    new_links = []
    for entry in entries:
        skill = skills_by_name[entry.name]
        for related_name in entry.related:
            other = skills_by_name[related_name]
            if (skill.pk, other.pk) in linked:
                continue
            # The relation is symmetrical: both directions are stored and counted as one link.
            for pair in ((skill.pk, other.pk), (other.pk, skill.pk)):
                if pair not in linked:
                    linked.add(pair)
                    new_links.append(Relation(from_skill_id=pair[0], to_skill_id=pair[1]))
    Relation.objects.bulk_create(new_links)

    return SyncResult(
        skills_created=len(new_skills),
        skills_updated=updated,
        aliases_created=len(new_aliases),
        aliases_skipped=skipped,
        relations_created=len({frozenset((link.from_skill_id, link.to_skill_id)) for link in new_links}),
    )
