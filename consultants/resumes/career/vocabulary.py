"""The words and patterns a CV's career sections are read with, French and English: section headings,
field labels, dates and date ranges, role, degree, school and issuer words, languages and their levels.

Everything is matched on `fold(text)`: lower case without accents, of the same length as the text,
so that a position found in the folded text is a position in the original one.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date


def fold(text: str) -> str:
    """Lower case without accents, character for character (the length never changes)."""
    folded = []
    for char in text:
        plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).lower()
        folded.append(plain if len(plain) == 1 else char.lower() if len(char.lower()) == 1 else char)
    return "".join(folded).replace("’", "'")


# --- section headings ----------------------------------------------------------------------------

EXPERIENCES, EDUCATION, CERTIFICATIONS, LANGUAGES, OTHER = (
    "experiences",
    "education",
    "certifications",
    "languages",
    "other",
)
_HEADINGS = {
    EXPERIENCES: r"experiences?( professionnelles?)?|parcours( professionnel)?|missions?( realisees| significatives)?"
    r"|(professional |work )?experiences?|employment( history)?|career( history)?|historique professionnel",
    EDUCATION: r"formations?( academiques?| initiales?)?|diplomes?( et formations?)?|education|cursus|etudes"
    r"|academic background|parcours academique",
    CERTIFICATIONS: r"certifications?( professionnelles?)?|certificats?|certificates?|certifications? et habilitations",
    LANGUAGES: r"langues?( parlees| etrangeres)?|languages?( spoken)?|competences linguistiques|language skills",
    OTHER: r"(competences|skills|technical skills|savoir[- ]faire|outils|tools)( [\w' ]+)?|profil|profile|summary"
    r"|a propos|about( me)?|centres? d'interets?|interests|hobbies|loisirs|projets?( personnels)?|projects?"
    r"|references|contact|informations? personnelles|personal details|publications|benevolat|volunteering",
}
_HEADING_PATTERNS = {kind: re.compile(rf"(?:{pattern})") for kind, pattern in _HEADINGS.items()}


def heading_of(line: str) -> str | None:
    """The section a line opens ("EXPÉRIENCES PROFESSIONNELLES", "Languages:"), or None for any other line."""
    key = " ".join(re.sub(r"[^\w' -]", " ", fold(line)).replace("(s)", "s").split()).strip(" -")
    if not key or len(key) > 45:
        return None
    for kind, pattern in _HEADING_PATTERNS.items():
        if pattern.fullmatch(key):
            return kind
    return None


# --- field labels ("Client : BNP Paribas") ---------------------------------------------------------

EMPLOYER, ROLE, PLACE, PERIOD = "employer", "role", "location", "period"
_LABELS = {
    EMPLOYER: r"client|employeur|societe|entreprise|company|employer|customer|organisation|organization",
    ROLE: r"poste|role|fonction|position|title|intitule|job title",
    PLACE: r"lieu|localisation|location|place|ville|city",
    PERIOD: r"periode|dates?|period|duree|duration",
}
_LABEL = re.compile(r"^\s*(" + "|".join(f"(?P<{kind}>{words})" for kind, words in _LABELS.items()) + r")\s*:\s*")


def label_of(line: str) -> tuple[str, str] | None:
    """("employer", "BNP Paribas") for "Client : BNP Paribas"; None for an unlabelled line."""
    found = _LABEL.match(fold(line))
    if found is None:
        return None
    kind = next(name for name, value in found.groupdict().items() if value)
    return kind, line[found.end() :].strip()


# --- dates -------------------------------------------------------------------------------------

_MONTH_WORDS = {
    1: "janvier janv jan january",
    2: "fevrier fevr fev february feb",
    3: "mars mar march",
    4: "avril avr april apr",
    5: "mai may",
    6: "juin june jun",
    7: "juillet juil july jul",
    8: "aout august aug",
    9: "septembre sept sep september",
    10: "octobre oct october",
    11: "novembre nov november",
    12: "decembre dec december",
}
MONTHS = {word: number for number, words in _MONTH_WORDS.items() for word in words.split()}
_MONTH_ALTERNATION = "|".join(sorted(MONTHS, key=len, reverse=True))


def _token(name: str) -> str:
    return (
        rf"(?:(?P<{name}_month>{_MONTH_ALTERNATION})\.?\s+(?P<{name}_year>(?:19|20)\d\d)"
        rf"|(?<!\d)(?P<{name}_mm>0?[1-9]|1[0-2])\s*[/.\-]\s*(?P<{name}_myear>(?:19|20)\d\d)"
        rf"|(?<![\d/])(?P<{name}_y>(?:19|20)\d\d))(?!\d)"
    )


ONGOING = r"(?:aujourd'hui|present|a ce jour|ce jour|maintenant|en cours|actuellement|now|current|today|ongoing)"
_RANGE = re.compile(
    r"(?:\b(?:de|du|from)\s+)?"
    + _token("start")
    + r"\s*(?:-|–|—|à|a|au|to|until|jusqu'(?:a|en|au))\s*(?:"
    + _token("end")
    + "|(?P<ongoing>"
    + ONGOING
    + r"))"
)
_SINCE = re.compile(r"\b(?:depuis|since)\s+(?:(?:le|l')\s*)?" + _token("start"))
_SINGLE = re.compile(_token("one"))


@dataclass(frozen=True)
class Period:
    start: date
    end: date | None  # None: ongoing
    span: tuple[int, int]  # where the text says it


def _first_day(match: re.Match, name: str) -> tuple[date, bool] | None:
    """The first day the token names, and whether it named a month (False: a year only)."""
    groups = match.groupdict()
    if groups.get(f"{name}_month"):
        return date(int(groups[f"{name}_year"]), MONTHS[groups[f"{name}_month"]], 1), True
    if groups.get(f"{name}_mm"):
        return date(int(groups[f"{name}_myear"]), int(groups[f"{name}_mm"]), 1), True
    if groups.get(f"{name}_y"):
        return date(int(groups[f"{name}_y"]), 1, 1), False
    return None


def _last_day(day: date, has_month: bool) -> date:
    if not has_month:
        return date(day.year, 12, 31)
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def find_period(line: str) -> Period | None:
    """A date range ("03/2019 – 06/2021", "janv. 2020 - aujourd'hui", "Since May 2022") in a line:
    a start on its first day, an end on its last day (None for an ongoing one)."""
    folded = fold(line)
    found = _RANGE.search(folded)
    if found is not None:
        start, _month = _first_day(found, "start")
        if found.group("ongoing"):
            return Period(start, None, found.span())
        end_day, has_month = _first_day(found, "end")
        end = _last_day(end_day, has_month)
        return Period(start, end if end >= start else None, found.span())
    found = _SINCE.search(folded)
    if found is not None:
        return Period(_first_day(found, "start")[0], None, found.span())
    return None


def find_date(text: str) -> tuple[date, tuple[int, int]] | None:
    """The first single date in a text ("mars 2022", "06/2019", "2021"), on its first day."""
    found = _SINGLE.search(fold(text))
    return (_first_day(found, "one")[0], found.span()) if found else None


YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")

# --- what a part of a line is -----------------------------------------------------------------


def _words(text: str) -> re.Pattern:
    return re.compile(r"(?<![\w])(?:" + "|".join(text.split()) + r")", re.IGNORECASE)


ROLE_WORDS = _words(
    r"developpeu\w* developer\w* ingenieur\w* engineer\w* consultant\w* chef\w*\s+de\s+projet project\s+manager lead"
    r" architecte? architect analyste? analyst devops scrum\s+master product\s+owner stagiaire intern\b internship"
    r" administrat\w* expert responsable directeu\w* director head\s+of cto manager technicien\w* designer"
    r" data\s+scientist testeur tester qa pmo sre formateur trainer alternant\w* apprenti\w* coach programm\w*"
    r" integrat\w* dba"
)
DEGREE_WORDS = _words(
    r"master\w* mastere licence bachelor\w* msc m\.sc bsc b\.sc mba doctorat phd ph\.d diplome ingenieur"
    r" bts dut b\.u\.t bac\b baccalaureat dea dess deug degree classes\s+preparatoires"
)
SCHOOL_WORDS = _words(
    r"universit\w* ecole school institut\w* insa epita epitech polytechni\w* centrale mines iut college"
    r" supelec telecom ensimag enseeiht esiea efrei isep hec essec escp edhec sorbonne dauphine cnam lycee"
    r" faculte faculty academ\w* polytech utc ensta ensae ensai"
)
ISSUERS = {
    fold(name): name
    for name in (
        "Amazon Web Services",
        "AWS",
        "Microsoft",
        "Google",
        "Google Cloud",
        "Oracle",
        "Scrum.org",
        "Scrum Alliance",
        "PMI",
        "Axelos",
        "PeopleCert",
        "CNCF",
        "Linux Foundation",
        "The Linux Foundation",
        "Red Hat",
        "Cisco",
        "ISTQB",
        "ISC2",
        "(ISC)²",
        "ISACA",
        "Salesforce",
        "HashiCorp",
        "Databricks",
        "Snowflake",
        "Confluent",
        "MongoDB",
        "Elastic",
        "Atlassian",
        "CompTIA",
        "VMware",
        "SAP",
        "IBM",
        "Scaled Agile",
        "AFNOR",
        "IPMA",
        "ANSSI",
    )
}
ISSUED_BY = re.compile(r"\b(?:delivree?s? par|obtenue? aupres d[e'u]|issued by|by)\s+", re.IGNORECASE)
EXPIRY = re.compile(r"\(?\s*\b(?:valable|valide|expire|expires|expiring|valid)\b[^()]*?(?=$|\))\)?")

# --- spoken languages ---------------------------------------------------------------------------

LANGUAGE_NAMES = (
    "francais anglais espagnol allemand italien portugais neerlandais arabe chinois mandarin japonais russe"
    " polonais roumain turc hindi coreen suedois grec hebreu vietnamien catalan danois norvegien finnois"
    " french english spanish german italian portuguese dutch arabic chinese japanese russian polish"
    " romanian turkish korean swedish greek hebrew vietnamese danish norwegian finnish"
).split()
LANGUAGE = re.compile(r"(?<![\w])(" + "|".join(LANGUAGE_NAMES) + r")(?![\w])")
CEFR = re.compile(r"(?<![\w])([abc][12])(?![\w])")
TOEIC = re.compile(r"toeic\s*:?\s*(\d{3})")
# Checked in this order, so that "full professional" is read before "professional", "langue
# maternelle" before anything else.
LEVEL_WORDS = (
    ("native", "langue maternelle|maternelle|natif|native|mother tongue|first language"),
    ("C2", "bilingue|bilingual|maitrise parfaite"),
    ("C1", "full professional|courant|fluent|fluently|avance|advanced|excellent"),
    ("B2", "professional working|professionnel|professional|bon niveau|good|operationnel|upper intermediate"),
    ("B1", "intermediaire|intermediate|conversationnel|conversational|correct"),
    ("A2", "scolaire|school level|basique|basic|elementaire|elementary|lu, ecrit"),
    ("A1", "notions?|debutant|beginner|rudiments|limited"),
)
_LEVEL_PATTERNS = [(level, re.compile(rf"(?<![\w])(?:{words})(?![\w])")) for level, words in LEVEL_WORDS]
TOEIC_LEVELS = ((945, "C1"), (785, "B2"), (550, "B1"), (225, "A2"), (0, "A1"))


def level_in(folded: str) -> str:
    """The CEFR level (or "native") a folded piece of text gives a language; "" when it gives none."""
    code = CEFR.search(folded)
    if code:
        return code.group(1).upper()
    score = TOEIC.search(folded)
    if score:
        return next(level for floor, level in TOEIC_LEVELS if int(score.group(1)) >= floor)
    for level, pattern in _LEVEL_PATTERNS:
        if pattern.search(folded):
            return level
    return ""
