"""The skills a call for tenders asks for, each with an importance and, where the text states it, a
minimum level — read from the wording around each mention, in French and English.

A cue applies to the mention in its own part of the sentence (parts are cut at commas, semicolons,
colons and slashes); a part without one takes the single cue of its sentence, else the cue of the
heading it is listed under ("Compétences requises :", "Nice to have:"), else "required". A level cue
applies to its own part, or, opening a sentence, to the mentions that follow it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consultants.models import ProficiencyLevel
from consultants.skills.detection import SkillDetector, strip_accents
from tenders.models import TenderSkillImportance

REQUIRED, PREFERRED, NICE = (
    TenderSkillImportance.REQUIRED,
    TenderSkillImportance.PREFERRED,
    TenderSkillImportance.NICE_TO_HAVE,
)
RANK = {REQUIRED: 3, PREFERRED: 2, NICE: 1}


def _cues(pairs: list[tuple[str, str]]) -> list[tuple[re.Pattern, str]]:
    return [(re.compile(r"(?<![\w])(?:" + pattern + r")(?![\w])", re.IGNORECASE), value) for pattern, value in pairs]


# Checked in this order: the longer phrases first ("un plus" before "plus", "nice to have" before "have").
IMPORTANCE_CUES = _cues(
    [
        (r"(?:serait |est |c'est |sera )?un (?:vrai )?(?:plus|atout|bonus)|un \+|appreciables?|bonus|facultati(?:f|ve)s?"  # noqa: E501 - a pattern reads best on one line
         r"|optionnel(?:le)?s?|nice[- ]to[- ]have|(?:is |would be )?an? (?:plus|asset|bonus)|optional", NICE),
        (r"souhaite(?:e|es|s)?|souhaitables?|apprecie(?:e|es|s)?|de preference|preferable(?:ment)?s?|idealement"
         r"|preferred|preferably|desired|desirable|should have|ideally|would be appreciated|valued", PREFERRED),
        (r"imperati(?:f|ve|fs|ves)|imperativement|obligatoires?|obligatoirement|requis(?:e|es)?|exige(?:e|es|s)?"
         r"|indispensables?|incontournables?|essentiel(?:le)?s?|must[- ]haves?|must|required|mandatory|essential"
         r"|pre-?requis|prerequisites?|is a must", REQUIRED),
    ]
)  # fmt: skip

LEVEL_CUES = _cues(
    [
        (r"parfaite maitrise|maitrise parfaite|tres bonne maitrise|expert(?:e|s|es)?|expertise|bilingue|bilingual"
         r"|deep (?:knowledge|expertise|understanding)|in-depth|extensive|mastery", ProficiencyLevel.EXPERT),
        (r"bonne maitrise|maitrise|maitriser|maitrisez|confirme(?:e|s|es)?|avance(?:e|s|es)?|solides?"
         r"|tres bonnes? connaissances?|excellentes? connaissances?|courant|fluent|strong|solid|advanced"
         r"|proficien(?:t|cy)|hands-on", ProficiencyLevel.ADVANCED),
        (r"bonnes? connaissances?|intermediaire|working knowledge|good knowledge|good understanding|intermediate"
         r"|professionnel", ProficiencyLevel.INTERMEDIATE),
        (r"notions?|connaissances? de base|debutant(?:e|s)?|sensibilisation|basic|familiar(?:ity)?"
         r"|exposure|beginner|some knowledge", ProficiencyLevel.BEGINNER),
    ]
)  # fmt: skip

_PART_BREAK = re.compile(r"[,;:/|]|\s[-–—]\s|\bet/ou\b|\band/or\b")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ0-9])")
_BULLET = re.compile(r"^\s*(?:[-•*–·▪◦>+]|\d{1,2}[.)])\s*")

# Catalogue terms that are also everyday words: found only when written with a capital as a name is
# ("Vue", "Tableau", "Lean"), and never inside these phrases.
EVERYDAY_WORDS = {"vue", "tableau", "lean", "spring", "express", "rails", "compose", "shell", "node", "vault",
                  "elastic", "lambda", "torch", "go", "rust", "swift", "helm", "sonar", "lean management", "mainframe",
                  "coaching", "cypher", "py", "ts", "js", "ml", "ux", "kube", "oracle", "flexibilite", "reseaux"}  # fmt: skip  # noqa: E501 - a pattern reads best on one line
_EVERYDAY_PHRASES = re.compile(
    r"tableaux? de bord|points? de vue|en vue d|vue d'ensemble|vue (?:a|sur) |reseaux sociaux|go[- ]live|no[- ]go"
    r"|go/no|plan de communication|communication (?:interne|externe|de crise)|kick[- ]off|spring (?:break|term)",
    re.IGNORECASE,
)


@dataclass
class ProposedNeed:
    skill_id: int
    name: str
    importance: str
    minimum_level: str | None
    sentence: str
    stated: bool  # the importance comes from the wording, not the default


def _cue_in(text: str, cues) -> tuple[int, str] | None:
    """The first cue of `text` as (position, value); the cues' order breaks ties at one position."""
    best = None
    for pattern, value in cues:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), value)
    return best


def _all_cues(text: str, cues) -> list[tuple[int, str]]:
    found = {}
    for pattern, value in cues:
        for match in pattern.finditer(text):
            found.setdefault(match.start(), value)
    return sorted(found.items())


def _parts(plain: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in _PART_BREAK.finditer(plain):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(plain)))
    return bounds


def _heading(line: str) -> tuple[bool, str | None]:
    """Whether a line heads a list ("Compétences requises :", "Nice to have:"), and the importance it gives."""
    stripped = strip_accents(line).strip()
    if _BULLET.match(stripped) or not stripped.endswith(":") or len(stripped.split()) > 8:
        return False, None
    cue = _cue_in(stripped, IMPORTANCE_CUES)
    return True, cue[1] if cue else None


def _kept(plain: str, start: int, end: int, written: str) -> bool:
    key = " ".join(written.lower().split())
    if key in EVERYDAY_WORDS and not written[:1].isupper():
        return False
    window = plain[max(0, start - 25) : end + 25]
    for phrase in _EVERYDAY_PHRASES.finditer(window):
        offset = max(0, start - 25)
        if phrase.start() + offset <= start < phrase.end() + offset:
            return False
    return True


def propose_needs(text: str, detector: SkillDetector) -> list[ProposedNeed]:
    """The skill needs of a call's text, one per skill, in order of first mention."""
    found: dict[int, ProposedNeed] = {}
    heading: str | None = None
    for line in text.splitlines():
        if not line.strip():
            continue
        opens, cue = _heading(line)
        if opens:
            heading = cue
        elif not _BULLET.match(line) and len(line.split()) > 12:
            heading = None  # a paragraph ends the list above it
        for sentence in _SENTENCE_BREAK.split(line):
            _read_sentence(sentence, detector, heading, found)
    return list(found.values())


def _read_sentence(sentence: str, detector: SkillDetector, heading: str | None, found: dict) -> None:
    plain = strip_accents(sentence)
    mentions = [m for m in detector.mentions(sentence) if _kept(plain, m.start, m.end, m.written)]
    if not mentions:
        return
    parts = _parts(plain)
    importances = _all_cues(plain, IMPORTANCE_CUES)
    kinds = {value for _position, value in importances}
    levels = _all_cues(plain, LEVEL_CUES)
    # "Requis : Java, Spring" — a cue in the label before a colon governs the whole sentence.
    label_end = plain.find(":")
    label_cue = _cue_in(plain[:label_end], IMPORTANCE_CUES) if label_end > 0 else None
    first_mention = min(mention.start for mention in mentions)
    opening_level = next((value for position, value in levels if position < first_mention), None)
    for mention in mentions:
        part = next(((a, b) for a, b in parts if a <= mention.start < b), (0, len(plain)))
        own = [value for position, value in importances if part[0] <= position < part[1]]
        if own:
            importance, stated = own[0], True
        elif label_cue is not None and mention.start > label_end:
            importance, stated = label_cue[1], True
        elif len(kinds) == 1:
            importance, stated = next(iter(kinds)), True
        elif kinds:
            later = [value for position, value in importances if position > mention.start]
            importance, stated = (later[0] if later else importances[-1][1]), True
        elif heading is not None:
            importance, stated = heading, True
        else:
            importance, stated = REQUIRED, False
        own_levels = [value for position, value in levels if part[0] <= position < part[1]]
        before = [value for position, value in levels if position < mention.start]
        level = own_levels[0] if own_levels else (before[-1] if before and opening_level else None)
        need = ProposedNeed(mention.skill_id, mention.name, importance, level, " ".join(sentence.split()), stated)
        _merge(found, need)


def _merge(found: dict, need: ProposedNeed) -> None:
    """One need per skill: a stated importance beats the default, then the higher importance wins."""
    known = found.get(need.skill_id)
    if known is None:
        found[need.skill_id] = need
        return
    if (need.stated, RANK[need.importance]) > (known.stated, RANK[known.importance]):
        level = need.minimum_level or known.minimum_level
        found[need.skill_id] = ProposedNeed(
            need.skill_id, need.name, need.importance, level, need.sentence, need.stated
        )
    elif known.minimum_level is None and need.minimum_level is not None:
        known.minimum_level = need.minimum_level
