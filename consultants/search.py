"""What a consultant search means: typed skill names resolved against the catalogue, the rest as text.

A word (or a run of up to four words) that names a catalogue skill — by its name, French name or an
alias, ignoring case and accents — is matched by the consultants holding that skill, exactly: "C#"
finds C# holders and not C++ ones, "C" the C holders though French full-text drops "c" as a stop word.
A skill word of three letters or more made of letters and digits only ("Java", "Spring Boot") is also
found as a whole word of the text (a title "Développeur Java"); a shorter or symbolic one ("Go", "R",
"C#", ".NET", "Node.js") names the skill only. Every other word goes to the full-text search of names,
title, bio and skill words (as a word or a prefix). Every part must match.

On PostgreSQL the whole query is one tsquery against the stored document, whose triggers (migration
0008) put one lexeme '#<skill id>' per held skill in it: one GIN index answers, at 100,000 consultants
as at 10 (a join on the holders, OR-ed with text, would read every row of the company). On SQLite the
same meaning is computed in Python over the current rows (`folded_matches`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce
from operator import and_

from django.contrib.postgres.search import SearchQuery, SearchQueryCombinable
from django.db import connection
from django.db.models import QuerySet, Value

from consultants.models import Consultant, ConsultantSkill, Skill
from talentmatch.text import fold

SEARCH_CONFIG = "french_unaccent"
MAX_SEARCH_TERMS = 12
# The longest skill name or alias looked for, in words ("Google Kubernetes Engine", "SAP FI CO").
MAX_SKILL_WORDS = 4
# The lexeme of a held skill in the search document: the text parser never produces a '#'.
SKILL_LEXEME_PREFIX = "#"
_WRAPPING = "\"'“”«»()[]{},;:!?"


@dataclass(frozen=True)
class SkillWord:
    typed: str
    skill_ids: frozenset[int]
    # The words also looked for in the text, or "" when only holding the skill counts.
    text: str = ""


@dataclass(frozen=True)
class ParsedQuery:
    skills: tuple[SkillWord, ...]
    rest: str  # the words that name no skill, as typed


def catalogue_terms() -> dict[str, set[int]]:
    """Every folded skill name, French name and alias, with the skills it names.

    Built once per process and catalogue state: a fingerprint query (counts, last ids, last change)
    tells whether a skill or alias was added, removed or saved since; only then are the ~2,500 rows
    read (one more query) and folded again. (A rename by raw SQL that leaves `updated_at` alone shows after the next
    catalogue write.)
    """
    global _memo
    fingerprint = catalogue_fingerprint()
    memo = _memo
    if memo is not None and memo[0] == fingerprint:
        return memo[1]
    terms: dict[str, set[int]] = {}
    rows = Skill.objects.order_by().values_list("pk", "name", "name_fr", "aliases__alias")
    for pk, name, name_fr, alias in rows:
        for term in (name, name_fr, alias):
            if term:
                terms.setdefault(fold(term), set()).add(pk)
    _memo = (fingerprint, terms)
    return terms


def catalogue_fingerprint() -> tuple:
    """What changes whenever a skill or alias is added, removed or saved, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_FINGERPRINT)
        return (connection.alias, *cursor.fetchone())


_memo: tuple[tuple, dict[str, set[int]]] | None = None
_FINGERPRINT = """
SELECT (SELECT count(*) FROM skills), (SELECT max(id) FROM skills), (SELECT max(updated_at) FROM skills),
       (SELECT count(*) FROM skill_aliases), (SELECT max(id) FROM skill_aliases),
       (SELECT sum(skill_id) FROM skill_aliases)
"""


def _text_capable(phrase: str) -> bool:
    return len(phrase.replace(" ", "")) >= 3 and all(char.isalnum() or char == " " for char in phrase)


def parse_query(text: str, terms: dict[str, set[int]] | None = None) -> ParsedQuery:
    """Split what was typed into the skills it names (longest names first) and the other words."""
    # Quotes and brackets around a word, and a sentence's final dots, are not part of it ("(Node.js).").
    tokens = [token.lstrip(_WRAPPING).rstrip(_WRAPPING + ".") for token in (text or "").split()]
    tokens = tokens[: MAX_SEARCH_TERMS * 2]
    tokens = [token for token in tokens if token]
    if not tokens:
        return ParsedQuery(skills=(), rest="")
    terms = catalogue_terms() if terms is None else terms
    skills: list[SkillWord] = []
    rest: list[str] = []
    position = 0
    while position < len(tokens):
        for length in range(min(MAX_SKILL_WORDS, len(tokens) - position), 0, -1):
            typed = " ".join(tokens[position : position + length])
            key = fold(typed)
            found = terms.get(key)
            if found and len(skills) < MAX_SEARCH_TERMS:
                skills.append(SkillWord(typed, frozenset(found), typed if _text_capable(typed) else ""))
                position += length
                break
        else:
            rest.append(tokens[position])
            position += 1
    return ParsedQuery(skills=tuple(skills), rest=" ".join(rest))


def is_ranked(text: str, terms: dict[str, set[int]] | None = None) -> bool:
    """Whether a search has words to rank by (text, or plain skill words also found in the text):
    one made of skill words alone ("C#", "Go R") matches its holders all alike."""
    parsed = parse_query(text, terms)
    return bool(parsed.rest) or any(word.text for word in parsed.skills)


# --- PostgreSQL --------------------------------------------------------------------------------


class SkillLexemes(SearchQuery):
    """A tsquery of held-skill lexemes, cast from its literal so that no parser drops the '#' (a
    SearchQuery, so that the search_vector lookup takes it as it is)."""

    template = "%(expressions)s::tsquery"

    def __init__(self, skill_ids):
        literal = " | ".join(f"'{SKILL_LEXEME_PREFIX}{int(pk)}'" for pk in sorted(skill_ids))
        super().__init__(Value(literal), search_type="raw")


def text_search_query(text: str) -> SearchQuery:
    """What was typed, as whole words (web-search syntax) or as word prefixes ("Lef" finds Lefèvre).

    The prefix form is built from letters and digits only, so nothing typed can reach the tsquery syntax.
    """
    words = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    terms = re.findall(r"[^\W_]+", text)[:MAX_SEARCH_TERMS]
    if not terms:
        return words
    prefixes = SearchQuery(" & ".join(f"{term}:*" for term in terms), config=SEARCH_CONFIG, search_type="raw")
    return words | prefixes


def consultant_search_query(text: str, terms: dict[str, set[int]] | None = None) -> SearchQueryCombinable:
    """The tsquery of what was typed against `Consultant.search_vector`: every skill word (its
    holders, or its words in the text when it is plain) and the other words as text."""
    parsed = parse_query(text, terms)
    parts: list[SearchQueryCombinable] = []
    for word in parsed.skills:
        part = SkillLexemes(word.skill_ids)
        if word.text:
            part = part | SearchQuery(word.text, config=SEARCH_CONFIG, search_type="plain")
        parts.append(part)
    if parsed.rest or not parts:
        parts.append(text_search_query(parsed.rest))
    return reduce(and_, parts)


# --- SQLite (and partners' limited profiles) ---------------------------------------------------


def _has_words(words: str, document: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(words) + r"(?!\w)", document) is not None


def folded_matches(
    queryset: QuerySet[Consultant], text: str, *, private: bool = True, terms: dict[str, set[int]] | None = None
) -> list[int]:
    """Ids of the consultants that match `text` as the module says, with the text words found in
    their names, title, bio, skill names and aliases (ignoring case and accents, as substrings); without
    `private`, names and bio are left out. Five queries whatever the number of rows (three with `terms`)."""
    parsed = parse_query(text, terms)
    words = fold(parsed.rest).split()
    documents = {
        pk: [first, last, title, bio] if private else [title]
        for pk, first, last, title, bio in queryset.order_by().values_list(
            "pk", "user__first_name", "user__last_name", "title", "bio"
        )
    }
    held = (
        ConsultantSkill.objects.filter(consultant_id__in=list(documents))
        .order_by()
        .values_list("consultant_id", "skill_id")
    )
    skills_of: dict[int, set[int]] = {}
    for consultant_id, skill_id in held:
        skills_of.setdefault(consultant_id, set()).add(skill_id)
    wanted = {skill_id for ids in skills_of.values() for skill_id in ids}
    words_of_skill: dict[int, list[str]] = {}
    for skill_id, name, alias in Skill.objects.filter(pk__in=wanted).values_list("pk", "name", "aliases__alias"):
        words_of_skill.setdefault(skill_id, [name]).append(alias or "")
    found = []
    for pk, parts in documents.items():
        own = skills_of.get(pk, set())
        for skill_id in own:
            parts.extend(words_of_skill.get(skill_id, []))
        document = fold(" ".join(part or "" for part in parts))
        if all(word in document for word in words) and all(
            own & word.skill_ids or (word.text and _has_words(fold(word.text), document)) for word in parsed.skills
        ):
            found.append(pk)
    return found
