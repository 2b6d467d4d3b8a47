"""The tender's fields in a call's text: title, client, dates, reply deadline, place, remote work,
budget or daily rate, consultants required and the client's contact. Each rule returns the value
and the sentence it was read from; labelled lines ("Lieu : Lyon") come first, free wording second."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from consultants.skills.detection import strip_accents
from talentmatch.geo import resolve_place
from tenders.intake.dates import add_months, find_amounts, find_dates, first_date, small_number


@dataclass
class Found:
    value: object
    sentence: str


def _label(*names: str) -> re.Pattern:
    return re.compile(r"^\s*(?:[-•*]\s*)?(?:" + "|".join(names) + r")\s*(?:\([^)]*\))?\s*[:=]\s*(.+)$", re.IGNORECASE)


TITLE = _label(r"intitule(?: du poste| de la mission| de la prestation)?", r"titre(?: du poste| de la mission)?",
               r"objet(?: de la (?:mission|consultation|prestation))?", r"poste", r"mission", r"job title",
               r"title", r"position", r"role")  # fmt: skip
CLIENT = _label(r"client(?: final)?", r"donneur d'ordre", r"end client", r"customer", r"client name")
START = _label(r"date de (?:debut|demarrage)", r"demarrage(?: souhaite)?", r"debut(?: de (?:la )?mission)?",
               r"start(?: date)?", r"starting date", r"start of (?:the )?mission")  # fmt: skip
END = _label(r"date de fin", r"fin(?: de (?:la )?mission)?", r"end(?: date)?")
DURATION = _label(r"duree(?: de (?:la )?mission| previsionnelle| estimee)?", r"duration", r"length")
DEADLINE = _label(r"date limite(?: de (?:reponse|remise|depot)(?: des offres)?)?", r"remise des (?:offres|propositions)",  # noqa: E501 - a pattern reads best on one line
                  r"reponse attendue(?: avant le| le)?", r"deadline(?: for (?:replies|answers|submissions))?",
                  r"reply by", r"responses? due", r"submission deadline", r"closing date")  # fmt: skip
PLACE = _label(r"lieu(?: de (?:la )?mission| d'execution)?", r"localisation", r"ville", r"site", r"location", r"place",
               r"workplace", r"place of work")  # fmt: skip
BUDGET = _label(r"budget(?: global| total| previsionnel| max(?:imum)?)?", r"enveloppe(?: budgetaire)?", r"total budget")
RATE = _label(r"tjm(?: max(?:imum)?| cible| plafond)?", r"taux journalier(?: max(?:imum)?)?", r"prix de journee",
              r"daily rate", r"day rate", r"max(?:imum)? daily rate")  # fmt: skip
COUNT = _label(r"nombre de (?:consultants|profils|ressources|postes|intervenants|personnes)", r"nb (?:de )?profils",
               r"number of (?:consultants|profiles|people|resources|positions)", r"headcount", r"profils? recherches?")  # fmt: skip  # noqa: E501 - a pattern reads best on one line
CONTACT = _label(r"contact(?: client)?", r"interlocuteur", r"contact person", r"point of contact", r"votre contact")

_DURATION = re.compile(
    r"(\d{1,2}|un|une|deux|trois|six|douze|one|two|three|six|twelve)\s*(mois|months?|semaines|weeks|ans?|years?)\b",
    re.IGNORECASE,
)
_DURATION_WORDS = {"douze": 12, "twelve": 12}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?:\+\d{2,3}[\s.]?\(?0?\)?\s?[1-9](?:[\s.-]?\d{2}){4}|(?<!\d)0[1-9](?:[\s.-]?\d{2}){4}|\+44\s?\d{2,4}\s?\d{3,4}\s?\d{3,4})(?!\d)"
)
_REMOTE_DAYS = re.compile(
    r"(\d(?:[.,]5)?|un|une|deux|trois|quatre|one|two|three|four)\s*(?:jours?|j|days?)\s*(?:de |of |par semaine de |per week of |a week of )?(?:teletravail|remote|home office|a distance)",  # noqa: E501 - a pattern reads best on one line
    re.IGNORECASE,
)
_ONSITE_DAYS = re.compile(
    r"(\d(?:[.,]5)?|un|une|deux|trois|quatre|cinq|one|two|three|four|five)\s*(?:jours?|j|days?)\s*(?:par semaine |per week |a week )?(?:sur site|en presentiel|de presentiel|on[- ]site|in the office|at the office|onsite|dans (?:nos|les) locaux)",  # noqa: E501 - a pattern reads best on one line
    re.IGNORECASE,
)
_FULL_REMOTE = re.compile(
    r"full[- ]remote|fully remote|100\s?%\s*(?:teletravail|remote|a distance)|entierement (?:en teletravail|a distance)|remote only",  # noqa: E501 - a pattern reads best on one line
    re.IGNORECASE,
)
_NO_REMOTE = re.compile(
    r"pas de teletravail|teletravail (?:non|impossible|exclu)|sans teletravail|no remote|100\s?%\s*(?:sur site|presentiel|on[- ]site)|fully on[- ]site|on[- ]site only|full on[- ]site|remote (?:work )?is not possible",  # noqa: E501 - a pattern reads best on one line
    re.IGNORECASE,
)
_REMOTE_LABEL_DAYS = re.compile(
    r"(?:teletravail|remote)[^.]{0,20}?(\d(?:[.,]5)?|un|une|deux|trois|quatre|one|two|three|four)\s*(?:jours?|j|days?)\b(?![^.]{0,15}(?:sur site|presentiel|on[- ]site|office))",  # noqa: E501 - a pattern reads best on one line
    re.IGNORECASE,
)
_SOME_REMOTE = re.compile(r"teletravail|remote|hybride|hybrid|home office", re.IGNORECASE)
_RATE_WORDS = re.compile(
    r"\btjm\b|taux journalier|prix de journee|par jour|/\s*j(?:our)?\b|per day|/\s*day|a day|daily rate|day rate|\bht/j",  # noqa: E501 - a pattern reads best on one line
    re.IGNORECASE,
)
_BUDGET_WORDS = re.compile(r"\bbudget|enveloppe|montant (?:global|total)", re.IGNORECASE)
_COUNT = re.compile(
    r"(?<![\w.,])(\d{1,2}|deux|trois|quatre|cinq|six|two|three|four|five|six)\s+(?:x\s+)?(?:consultants?|profils?|developpeu(?:r|se)s?|developers?|ingenieur(?:e)?s?|engineers?|testeurs?|testers?|ressources?|intervenants?|chefs? de projet|data engineers?|architectes?|architects?|administrateurs?|people|personnes?)\b",  # noqa: E501 - a pattern reads best on one line
    re.IGNORECASE,
)
_START_WORDS = re.compile(
    r"demarrage|debut|demarre|commence|a partir du|des le|start|starting|from|du\s", re.IGNORECASE
)
_END_WORDS = re.compile(
    r"termine|s'acheve|ends?\b|finish|jusqu'au|jusqu'a|\bau\b|fin\b|until|through|\bto\b|end\b|ending|terme",
    re.IGNORECASE,
)
_DEADLINE_WORDS = re.compile(
    r"reponse|repondre|remise|propositions?|candidatures?|offres?|\bcv\b|deadline|reply|respond|submit|submission|proposals?|responses?",
    re.IGNORECASE,
)
_DEADLINE_LEAD = re.compile(
    r"avant le|au plus tard|d'ici le|no later than|by|before|due|limite|deadline", re.IGNORECASE
)
_PLACE_FREE = re.compile(
    r"(?:base|situe|localise|sur site|dans (?:nos|ses|les) locaux|en presentiel|based|located|on[- ]site|offices?|locaux)\s+(?:a|au|en|in|at|de|du)\s+([A-Z][\w'’-]+(?:[\s-][A-Z][\w'’-]+)?)"  # noqa: E501 - a pattern reads best on one line
)
_CLIENT_FREE = re.compile(
    r"(?i:pour le compte de|pour notre client|notre client|on behalf of|our client|for our client)\s*,?\s+(?:l'|le |la |les )?([A-Z][\w&'’.-]*(?:\s+(?:de |du |des |d'|&\s)?[A-Z][\w&'’.-]*){0,4})"  # noqa: E501 - a pattern reads best on one line
)


def _lines(text: str) -> list[tuple[str, str]]:
    return [(line, strip_accents(line)) for line in text.splitlines() if line.strip()]


def _labelled(lines, pattern: re.Pattern) -> tuple[str, str, str] | None:
    """(value as written, its accent-free form, the line) of the first line labelled by `pattern`."""
    for line, plain in lines:
        match = pattern.match(plain)
        if match:
            start = match.start(1)
            return line[start:].strip(), match[1].strip(), line.strip()
    return None


def _sentences(lines):
    for line, plain in lines:
        for piece, plain_piece in zip(
            re.split(r"(?<=[.!?])\s+", line), re.split(r"(?<=[.!?])\s+", plain), strict=False
        ):
            yield piece.strip(), plain_piece


def title(lines, subject: str) -> Found | None:
    labelled = _labelled(lines, TITLE)
    if labelled:
        return Found(labelled[0].rstrip(". ")[:255], labelled[2])
    cleaned = _bare_title(subject)
    if cleaned:
        return Found(cleaned[:255], subject)
    for line, _plain in lines[:3]:
        if ":" not in line and len(line.split()) <= 12 and not _EMAIL.search(line):
            return Found(_bare_title(line).rstrip(".")[:255], line.strip())
    return None


def _bare_title(text: str) -> str:
    """A subject line without its "Re:", "[AO]" or "Appel d'offres –" prefixes."""
    cleaned = re.sub(r"^(?:\s*(?:re|tr|fwd?|fw)\s*:\s*)+", "", text or "", flags=re.IGNORECASE).strip()
    prefixes = r"^(?:\[[^\]]*\]\s*|(?:appel d['’]offres?|ao|consultation|call for tenders?|request for proposals?|rfp)\s*[:–—-]\s*)+"  # noqa: E501 - a pattern reads best on one line
    return re.sub(prefixes, "", cleaned, flags=re.IGNORECASE).strip()


def client(lines) -> Found | None:
    labelled = _labelled(lines, CLIENT)
    if labelled:
        return Found(re.split(r"\s[-–—(]\s?|[,;]", labelled[0])[0].strip()[:255], labelled[2])
    for sentence, plain in _sentences(lines):
        match = _CLIENT_FREE.search(plain)
        if match:
            return Found(sentence[match.start(1) : match.end(1)].strip(" .,")[:255], sentence)
    return None


def _duration_months(plain: str) -> int | None:
    match = _DURATION.search(plain)
    if not match:
        return None
    count = small_number(match[1]) or _DURATION_WORDS.get(match[1].lower())
    unit = match[2].lower()
    if count is None:
        return None
    if unit.startswith(("an", "year")):
        return count * 12
    if unit.startswith(("semaine", "week")):
        return None
    return count


def dates(lines, today: datetime.date) -> dict[str, Found]:
    """start_date, end_date and reply_deadline, where the text gives them."""
    found: dict[str, Found] = {}
    for key, pattern in (("start_date", START), ("end_date", END), ("reply_deadline", DEADLINE)):
        labelled = _labelled(lines, pattern)
        if labelled and (value := first_date(labelled[1], today)):
            found[key] = Found(value, labelled[2])
    for sentence, plain in _sentences(lines):
        dated = find_dates(plain, today)
        if not dated:
            continue
        before_first = plain[: dated[0][0]]
        if "reply_deadline" not in found and _DEADLINE_WORDS.search(plain) and _DEADLINE_LEAD.search(before_first):
            found["reply_deadline"] = Found(dated[0][1], sentence)
            continue
        if "start_date" not in found and _START_WORDS.search(before_first[-40:]):
            found["start_date"] = Found(dated[0][1], sentence)
            if len(dated) > 1 and "end_date" not in found and _END_WORDS.search(plain[dated[0][0] : dated[1][0]]):
                found["end_date"] = Found(dated[1][1], sentence)
        elif "end_date" not in found and _END_WORDS.search(before_first[-30:]) and found.get("start_date"):
            found["end_date"] = Found(dated[0][1], sentence)
    if "start_date" in found and "end_date" not in found:
        labelled = _labelled(lines, DURATION)
        months = _duration_months(labelled[1]) if labelled else None
        source = labelled[2] if labelled else None
        if months is None:
            for sentence, plain in _sentences(lines):
                if re.search(
                    r"duree|dure\b|duration|lasts?\b|mission de|pour une|pour \d|for a period|for \d",
                    plain,
                    re.IGNORECASE,
                ):
                    months = _duration_months(plain)
                    if months:
                        source = sentence
                        break
        if months:
            start = found["start_date"].value
            found["end_date"] = Found(add_months(start, months) - datetime.timedelta(days=1), source)
    return found


def place(lines) -> Found | None:
    labelled = _labelled(lines, PLACE)
    if labelled:
        written = re.split(r"\s[-–—]\s|[;(]", labelled[0])[0].strip(" .")
        return Found(written[:255], labelled[2])
    for sentence, plain in _sentences(lines):
        for match in _PLACE_FREE.finditer(plain):
            candidate = sentence[match.start(1) : match.end(1)]
            if resolve_place(candidate) is not None:
                return Found(candidate, sentence)
            first = candidate.split()[0]
            if resolve_place(first) is not None:
                return Found(first, sentence)
    return None


def remote(lines) -> dict[str, Found]:
    """remote_work and onsite_days_per_week."""
    for sentence, plain in _sentences(lines):
        if _NO_REMOTE.search(plain):
            return {"remote_work": Found(False, sentence)}
        if _FULL_REMOTE.search(plain):
            return {"remote_work": Found(True, sentence), "onsite_days_per_week": Found(0.0, sentence)}
        if match := _ONSITE_DAYS.search(plain):
            days = _days(match[1])
            if days is not None and days < 5:
                return {"remote_work": Found(True, sentence), "onsite_days_per_week": Found(days, sentence)}
        if match := _REMOTE_DAYS.search(plain) or _REMOTE_LABEL_DAYS.search(plain):
            days = _days(match[1])
            if days is not None and days <= 5:
                return {"remote_work": Found(True, sentence), "onsite_days_per_week": Found(5 - days, sentence)}
    for sentence, plain in _sentences(lines):
        if _SOME_REMOTE.search(plain):
            return {"remote_work": Found(True, sentence)}
    return {}


def _days(word: str) -> float | None:
    number = small_number(word)
    return float(number) if number is not None else float(word.replace(",", ".")) if word[0].isdigit() else None


def money(lines) -> dict[str, Found]:
    """budget (the whole envelope) and daily_rate (a day's ceiling), where stated."""
    found: dict[str, Found] = {}
    for key, pattern in (("budget", BUDGET), ("daily_rate", RATE)):
        labelled = _labelled(lines, pattern)
        if labelled and (amounts := find_amounts(labelled[1])):
            found[key] = Found(max(value for _position, value in amounts), labelled[2])
    for sentence, plain in _sentences(lines):
        amounts = find_amounts(plain)
        if not amounts:
            continue
        if "daily_rate" not in found and _RATE_WORDS.search(plain):
            found["daily_rate"] = Found(max(value for _position, value in amounts), sentence)
        elif "budget" not in found and _BUDGET_WORDS.search(plain):
            found["budget"] = Found(max(value for _position, value in amounts), sentence)
    return found


def consultants_required(lines) -> Found | None:
    labelled = _labelled(lines, COUNT)
    if labelled and (match := re.search(r"\d{1,2}|\w+", labelled[1])):
        number = small_number(match[0])
        if number:
            return Found(number, labelled[2])
    for sentence, plain in _sentences(lines):
        match = _COUNT.search(plain)
        if match and (number := small_number(match[1])) and 1 < number <= 50:
            return Found(number, sentence)
    return None


def contact(lines, sender: str) -> dict[str, Found]:
    """client_contact_name, client_contact_email and client_contact_phone."""
    found: dict[str, Found] = {}
    labelled = _labelled(lines, CONTACT)
    if labelled:
        written, line = labelled[0], labelled[2]
        name = re.split(r"[,;(<|]|\s[-–—]\s|\s\d|\+|" + _EMAIL.pattern, written)[0].strip(" .:")
        if name and not _EMAIL.fullmatch(name):
            found["client_contact_name"] = Found(name[:255], line)
    elif sender:
        name = re.sub(r"\s*<[^>]*>\s*", "", sender).strip(' "')
        if name and not _EMAIL.search(name):
            found["client_contact_name"] = Found(name[:255], sender)
    for line, _plain in lines:
        if "client_contact_email" not in found and (match := _EMAIL.search(line)):
            found["client_contact_email"] = Found(match[0][:254], line.strip())
        if "client_contact_phone" not in found and (match := _PHONE.search(line)):
            found["client_contact_phone"] = Found(" ".join(match[0].split())[:30], line.strip())
    if "client_contact_email" not in found and (match := _EMAIL.search(sender or "")):
        found["client_contact_email"] = Found(match[0][:254], sender)
    return found
