"""Find the catalogue's skills in a CV's text, with a years-of-experience hint where the text gives one.

Matching ignores case and accents and takes whole words only: "Java" is not found in "JavaScript",
"C" is not found in "C++" or "C#", ".NET" is not found in "ASP.NET" (unless ASP.NET is itself a term),
and a longer term wins over a shorter one at the same place ("Spring Boot" over "Spring").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from consultants.models import Skill, SkillAlias

MAX_YEARS = 50
# How far around a mention the years hint is looked for, in characters.
BEFORE_WINDOW = 60
AFTER_WINDOW = 30

# A term starts where no letter, digit, underscore, dot or apostrophe precedes it, and ends where
# no letter, digit, underscore, plus, hash or apostrophe follows it, nor a dot that starts a word
# ("Node" is not found in "Node.js"); a sentence's final dot is fine.
_BEFORE = r"(?<![\w.'’])"
_AFTER = r"(?![\w+#'’])(?!\.\w)"

_YEARS_WORD = r"(?:ans?|annees?|years?|yrs?)"
# "5 ans de Python", "5 ans d'expérience en Python", "5+ years of Python", "3 years experience with Python".
_YEARS_BEFORE = re.compile(
    r"(\d{1,2})\s*\+?\s*" + _YEARS_WORD + r"\s+"
    r"(?:(?:d['’]\s*|de\s+|of\s+)?(?:experience|exp\.?|pratique)\s+)?"
    r"(?:de|d['’]|en|of|in|with|avec|sur|using)?\s*$",
    re.IGNORECASE,
)
# "Python (3 years)", "Python : 5 ans", "Python – 4 ans d'expérience", "Python, 2 yrs".
_YEARS_AFTER = re.compile(r"^\s*[(\[:,\-–—]?\s*(\d{1,2})\s*\+?\s*" + _YEARS_WORD + r"\b", re.IGNORECASE)


def strip_accents(text: str) -> str:
    """Accents off, case kept: "Développeur ÉLÉMENT" → "Developpeur ELEMENT"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _key(term: str) -> str:
    return " ".join(strip_accents(term).replace("-", " ").casefold().split())


@dataclass(frozen=True)
class DetectedSkill:
    skill_id: int
    name: str
    years: int | None


@dataclass(frozen=True)
class Mention:
    skill_id: int
    name: str
    start: int
    end: int
    written: str


class SkillDetector:
    """A compiled matcher over a set of terms ({term: [(skill id, skill name)]})."""

    def __init__(self, terms: dict[str, list[tuple[int, str]]]):
        self._skills: dict[str, list[tuple[int, str]]] = {}
        for term, skills in terms.items():
            key = _key(term)
            if key and any(char.isalnum() for char in key):
                self._skills.setdefault(key, []).extend(skills)
        # Longest first, so that the alternation prefers "spring boot" to "spring" at one place.
        ordered = sorted(self._skills, key=lambda key: (-len(key), key))
        parts = [r"[\s\-]+".join(re.escape(word) for word in key.split(" ")) for key in ordered]
        self._pattern = re.compile(_BEFORE + "(" + "|".join(parts) + ")" + _AFTER, re.IGNORECASE) if parts else None

    @classmethod
    def from_catalogue(cls) -> SkillDetector:
        """Every catalogue skill by its name, its French name and each of its aliases."""
        terms: dict[str, list[tuple[int, str]]] = {}
        names = {}
        for pk, name, name_fr in Skill.objects.values_list("pk", "name", "name_fr"):
            names[pk] = name
            terms.setdefault(name, []).append((pk, name))
            if name_fr and name_fr.casefold() != name.casefold():
                terms.setdefault(name_fr, []).append((pk, name))
        for skill_id, alias in SkillAlias.objects.values_list("skill_id", "alias"):
            terms.setdefault(alias, []).append((skill_id, names[skill_id]))
        return cls(terms)

    def mentions(self, text: str) -> list[Mention]:
        """Every place the text names a skill, in reading order; positions are those of
        `strip_accents(text)`, as written there (a term naming two skills gives two mentions)."""
        if self._pattern is None or not text:
            return []
        plain = strip_accents(text)
        found = []
        for mention in self._pattern.finditer(plain):
            written = mention.group(1)
            letters = [char for char in written if char.isalpha()]
            # A one-letter language ("C", "R") counts only when written as a capital, not as the
            # "c" of "c'est" or a stray "r".
            if len(letters) == 1 and not letters[0].isupper():
                continue
            for skill_id, name in self._skills.get(_key(written), ()):
                found.append(Mention(skill_id, name, mention.start(1), mention.end(1), written))
        return found

    def detect(self, text: str) -> list[DetectedSkill]:
        """Each skill the text names, once, in order of first mention, with the largest years hint found."""
        plain = strip_accents(text or "")
        found: dict[int, DetectedSkill] = {}
        for mention in self.mentions(text):
            years = _years_near(plain, mention.start, mention.end)
            known = found.get(mention.skill_id)
            if known is None or years is not None and (known.years is None or years > known.years):
                found[mention.skill_id] = DetectedSkill(mention.skill_id, mention.name, years)
        return list(found.values())


def _years_near(text: str, start: int, end: int) -> int | None:
    hints = []
    before = _YEARS_BEFORE.search(text[max(0, start - BEFORE_WINDOW) : start])
    if before:
        hints.append(int(before.group(1)))
    after = _YEARS_AFTER.match(text[end : end + AFTER_WINDOW])
    if after:
        hints.append(int(after.group(1)))
    hints = [years for years in hints if 0 < years <= MAX_YEARS]
    return max(hints) if hints else None


def detect_skills(text: str) -> list[DetectedSkill]:
    """The catalogue skills that `text` names (see the module docstring for the rules)."""
    return SkillDetector.from_catalogue().detect(text)
