"""Career entries proposed from a CV's text, rules-based and offline: missions and jobs, education,
certifications and spoken languages, each with the lines of the CV it was read from.

The text is cut into sections by their headings ("Expériences professionnelles", "Education",
"Langues"...); a mission starts at a line giving a date range (with the title line just above it and
any labelled lines such as "Client : ..." around it); a degree at a line naming one; a certification
is a line of its section; a language is named with its level ("Anglais courant", "English — fluent",
"C1"), in its section or on a "Langues : ..." line. Nothing here writes: the proposals are reviewed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from consultants.resumes.career import vocabulary as words
from talentmatch.geo import resolve_place

MAX_LINES = 12  # the source lines kept with a proposal
MAX_DESCRIPTION = 2000
_BULLET = re.compile(r"^\s*[-–•*·▪►◦]\s*")
_SEPARATORS = re.compile(r"\s+[—–\-|@]\s+|\s*\|\s*|,\s+|;\s+|\s+(?:chez|at|pour|for)\s+", re.IGNORECASE)
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_STRAY = " \t-–—|,;:·/"


def _clean(text: str) -> str:
    """Spaces collapsed; stray separators and an unclosed parenthesis at either end removed."""
    text = " ".join(re.sub(r"\(\s*\)", " ", text).split())
    previous = None
    while previous != text:
        previous = text
        text = text.strip(_STRAY)
        text = text.removesuffix("(").removeprefix(")")
        if text.startswith("(") and ")" not in text:
            text = text[1:]
        if text.endswith(")") and "(" not in text:
            text = text[:-1]
    return text


def _parts(text: str) -> list[str]:
    return [part for part in (_clean(piece) for piece in _SEPARATORS.split(text)) if part]


def _unbullet(line: str) -> str:
    return _BULLET.sub("", line).strip()


_OPEN_END = re.compile(r"(?:[,;—–\-(/&]|\b(?:de|du|des|d'|en|et|a|au|aux|chez|la|le|les|l'|of|and|at|the|for|in|to))$")


def _unwrap(lines: list[str]) -> list[str]:
    """Lines a PDF wrapped joined back: a line that ends open ("…, IUT de") or a line that goes on
    in lower case ("jusqu'en mars 2025") continues the one above, unless it is a label or dates."""
    joined: list[str] = []
    for line in lines:
        folded = words.fold(line)
        goes_on = line[:1].islower() and not _BULLET.match(line)
        if (
            joined
            and (goes_on or _OPEN_END.search(words.fold(joined[-1])))
            and words.label_of(line) is None
            and words.find_period(folded[:40]) is None
        ):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


def sections(lines: list[str]) -> dict[str, list[list[str]]]:
    """The lines under each career heading (a heading may come back: each run is kept apart)."""
    found: dict[str, list[list[str]]] = {}
    current: list[str] | None = None
    for line in lines:
        kind = words.heading_of(line)
        if kind is not None:
            current = None if kind == words.OTHER else []
            if current is not None:
                found.setdefault(kind, []).append(current)
        elif current is not None:
            current.append(line)
    return found


def detect_career(text: str, skills_in: Callable[[str], list[int]]) -> list[dict]:
    """Proposals read from a CV's text, in the order of the CV's sections: dicts with "kind" (a key of
    consultants.career.services.CAREER_KINDS), "values" (the entry's fields, dates in ISO format),
    "skills" (catalogue ids found in a mission's lines, by `skills_in`) and "lines" (its source)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    parts = {kind: [_unwrap(block) for block in blocks] for kind, blocks in sections(lines).items()}
    proposals: list[dict] = []
    for block in parts.get(words.EXPERIENCES, []):
        proposals += [_experience(entry, skills_in) for entry in _experience_blocks(block)]
    for block in parts.get(words.EDUCATION, []):
        proposals += [_education(entry) for entry in _education_blocks(block)]
    for block in parts.get(words.CERTIFICATIONS, []):
        proposals += [found for line in block if (found := _certification(line)) is not None]
    language_lines = [line for block in parts.get(words.LANGUAGES, []) for line in block]
    language_lines += [line for line in lines if _language_label(line) and line not in language_lines]
    seen: set[str] = set()
    for line in language_lines:
        for found in _languages(line):
            key = words.fold(found["values"]["language"])
            if key not in seen:
                seen.add(key)
                proposals.append(found)
    for proposal in proposals:
        proposal["lines"] = proposal["lines"][:MAX_LINES]
    return proposals


# --- missions and jobs --------------------------------------------------------------------------


def _experience_blocks(lines: list[str]) -> list[list[str]]:
    """The section cut at each mission: its date line, with the labelled lines just above it (or,
    when the date line says nothing else and nothing above is labelled, the title line above)."""
    starts = []
    for index, line in enumerate(lines):
        period = words.find_period(line)
        if period is None:
            continue
        start = index
        # Labelled lines above belong to this mission, up to the one naming its client or employer.
        while start - 1 >= 0 and (not starts or start - 1 > starts[-1]):
            above = words.label_of(lines[start - 1])
            if above is None or above[0] == words.PERIOD:
                break
            start -= 1
            if above[0] == words.EMPLOYER:
                break
        rest = _clean(line[: period.span[0]] + " " + line[period.span[1] :])
        label = words.label_of(line)
        says_nothing = not rest or (label is not None and label[0] == words.PERIOD)
        alone = says_nothing or (len(_parts(rest)) == 1 and label is None)
        if start == index and alone and index > 0 and (not starts or index - 1 > starts[-1]):
            # The title line above ("Lead Developer — Umbrella Health, Paris" above the dates), or the
            # employer's line above a role given with its dates ("Acme Bank — London" / "Scrum
            # Master, 04/2018 - 03/2020"); never a bullet or a sentence of the mission above.
            above = lines[index - 1]
            sentence = above.rstrip().endswith(".") and not says_nothing
            if not _BULLET.match(above) and words.find_period(above) is None and not sentence:
                start = index - 1
        starts.append(start)
    return [lines[start:end] for start, end in zip(starts, [*starts[1:], len(lines)], strict=False)]


def _split_header(text: str, values: dict) -> None:
    """Role, employer and place from a title such as "Développeur Java chez Orange (Rennes)"."""
    for inside in _PARENTHESES.findall(text):
        if not values["location"] and resolve_place(inside):
            values["location"] = _clean(inside)
            text = text.replace(f"({inside})", " ")
    parts = _parts(text)
    if not values["role"]:
        role = next((part for part in parts if words.ROLE_WORDS.search(words.fold(part))), None)
        if role is None and parts and not values["employer"]:
            role = parts[0]
        if role is not None:
            values["role"] = role
            parts.remove(role)
    if not values["location"] and len(parts) >= 2 and resolve_place(parts[-1]):
        values["location"] = parts.pop()
    if not values["employer"] and parts:
        values["employer"] = parts[0]
    elif not values["role"] and parts:
        values["role"] = parts[0]


def _experience(lines: list[str], skills_in: Callable[[str], list[int]]) -> dict:
    values = {"employer": "", "role": "", "location": "", "start_date": None, "end_date": None}
    header, description = [], []
    for position, line in enumerate(lines):
        label = words.label_of(line)
        if values["start_date"] is None and (period := words.find_period(line)) is not None:
            values["start_date"] = period.start.isoformat()
            values["end_date"] = period.end.isoformat() if period.end else None
            line = line[: period.span[0]] + " " + line[period.span[1] :]
            label = words.label_of(line)
            if label is None:
                header.append(line)
                continue
        if label is not None:
            if label[0] != words.PERIOD:
                values[label[0]] = values[label[0]] or _clean(label[1])
        elif position == 0:
            header.append(line)  # the title line above the dates
        elif _clean(line):
            description.append(_unbullet(line))
    # The line naming a role first, so that the other one gives the employer.
    for line in sorted(header, key=lambda line: not words.ROLE_WORDS.search(words.fold(line))):
        if _clean(line):
            _split_header(line, values)
    values["description"] = "\n".join(description)[:MAX_DESCRIPTION]
    return {"kind": "experiences", "values": values, "skills": skills_in("\n".join(lines)), "lines": lines}


# --- education ----------------------------------------------------------------------------------


def _education_blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    for line in lines:
        if words.DEGREE_WORDS.search(words.fold(line)) or not blocks:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return [block for block in blocks if words.DEGREE_WORDS.search(words.fold(" ".join(block)))]


def _education(lines: list[str]) -> dict:
    text = ", ".join(_unbullet(line) for line in lines)
    years = [int(year) for year in words.YEAR.findall(text)]
    text = re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)(\s*(?:-|–|—|à|a|to)\s*(?=(?:19|20)\d\d))?", " ", text)
    parts = _parts(_PARENTHESES.sub(lambda found: ", " + found.group(1) + ", ", text))
    school = next((part for part in parts if words.SCHOOL_WORDS.search(words.fold(part))), "")
    degree = next((part for part in parts if part != school and words.DEGREE_WORDS.search(words.fold(part))), "")
    field = ""
    split = re.search(r"\s+(?:en|in|of)\s+(?!science\b|arts\b|business\b)", degree, re.IGNORECASE)
    if split and words.DEGREE_WORDS.search(words.fold(degree[: split.start()])):
        degree, field = degree[: split.start()], degree[split.end() :]
    values = {
        "school": school,
        "degree": _clean(degree),
        "field": _clean(field),
        "start_year": years[0] if len(years) >= 2 else None,
        "end_year": years[-1] if years else None,
    }
    return {"kind": "education", "values": values, "skills": [], "lines": lines}


# --- certifications ---------------------------------------------------------------------------


def _pieces(text: str) -> list[tuple[int, str]]:
    """The pieces of a line between separators, with where each starts."""
    pieces, position = [], 0
    for separator in re.finditer(r"\s+-\s+|[—–|,()]", text):
        pieces.append((position, text[position : separator.start()]))
        position = separator.end()
    return [*pieces, (position, text[position:])]


_OBTAINED = re.compile(r"\b(?:obtenue?s?|obtained|passed|en|in)(?:\s+(?:en|le|in|on))?\s*$")


def _certification(line: str) -> dict | None:
    text = _unbullet(line)
    if sum(char.isalpha() for char in text) < 3:
        return None
    expires = None
    expiry = words.EXPIRY.search(words.fold(text))
    if expiry is not None:
        found = words.find_date(text[expiry.start() : expiry.end()])
        expires = found[0] if found else None
        text = text[: expiry.start()] + text[expiry.end() :]
    obtained = words.find_date(text)
    cut = len(text)
    if obtained is not None:
        cut = obtained[1][0]
        said = _OBTAINED.search(words.fold(text[:cut]))
        cut = said.start() if said else cut
    issuer = ""
    by = words.ISSUED_BY.search(words.fold(text))
    if by is not None:
        issuer = next(iter(_parts(text[by.end() : max(cut, by.end())] or text[by.end() :])), "")
        cut = min(cut, by.start())
    else:
        for start, piece in _pieces(text)[1:]:
            if words.fold(_clean(piece)) in words.ISSUERS:
                issuer = _clean(piece)
                cut = min(cut, start)
                break
    name = _clean(text[:cut])
    if "(" in name and ")" not in name:
        name = _clean(name.split("(")[0])
    if not name:
        return None
    values = {
        "name": name,
        "issuer": issuer,
        "obtained_on": obtained[0].isoformat() if obtained else None,
        "expires_on": expires.isoformat() if expires else None,
    }
    return {"kind": "certifications", "values": values, "skills": [], "lines": [line]}


# --- spoken languages -------------------------------------------------------------------------

_LANGUAGE_LABEL = re.compile(r"^\s*(?:langues?(?: parlees| etrangeres)?|languages?(?: spoken)?)\s*:\s*\S")


def _language_label(line: str) -> bool:
    return bool(_LANGUAGE_LABEL.match(words.fold(line)))


def _languages(line: str) -> list[dict]:
    folded = words.fold(line)
    label = _LANGUAGE_LABEL.match(folded)
    offset = label.end() - 1 if label else 0
    found = []
    for segment in re.finditer(r"[^,;/]+", folded[offset:]):
        piece = segment.group()
        for part in re.finditer(r"(?:(?!\s(?:et|and)\s).)+", piece):
            names = list(words.LANGUAGE.finditer(part.group()))
            if len(names) != 1:
                continue
            name = names[0]
            start = offset + segment.start() + part.start() + name.start()
            written = line[start : start + len(name.group())]
            # "Fluent in English and Spanish": a level said once holds for both.
            level = words.level_in(part.group()) or words.level_in(piece)
            values = {"language": written[:1].upper() + written[1:], "level": level}
            found.append({"kind": "languages", "values": values, "skills": [], "lines": [line]})
    return found
