"""Dates, amounts and small numbers as French and English calls for tenders write them."""

from __future__ import annotations

import calendar
import datetime
import re

MONTHS = {
    "janvier": 1, "janv": 1, "january": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "february": 2, "feb": 2,
    "mars": 3, "march": 3, "mar": 3,
    "avril": 4, "avr": 4, "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juin": 6, "june": 6, "jun": 6,
    "juillet": 7, "juil": 7, "july": 7, "jul": 7,
    "aout": 8, "august": 8, "aug": 8,
    "septembre": 9, "sept": 9, "sep": 9, "september": 9,
    "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11,
    "decembre": 12, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:er|st|nd|rd|th|e)?"
_YEAR = r"(\d{4})"
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/-]|\.\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DAY_MONTH = re.compile(r"(?<!\d)" + _DAY + r"\s+" + _MONTH + r"(?:\s+" + _YEAR + r")?(?![\w])", re.IGNORECASE)
_MONTH_DAY = re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(
    r"\b(?:(debut|mi|fin|early|mid|end of|late)[\s-]+)?" + _MONTH + r"\s+" + _YEAR + r"\b", re.IGNORECASE
)


def _safe(year: int, month: int, day: int) -> datetime.date | None:
    if year < 100:
        year += 2000
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _with_year(month: int, day: int, today: datetime.date) -> datetime.date | None:
    """A day written without its year: the next such day from `today`."""
    found = _safe(today.year, month, day)
    if found is not None and found < today - datetime.timedelta(days=31):
        found = _safe(today.year + 1, month, day)
    return found


def find_dates(plain: str, today: datetime.date) -> list[tuple[int, datetime.date]]:
    """Every date of an accent-free text, as (position, date), in reading order."""
    found: dict[int, datetime.date] = {}
    taken: list[range] = []

    def keep(match: re.Match, value: datetime.date | None) -> None:
        if value is None or any(match.start() in span for span in taken):
            return
        taken.append(range(match.start(), match.end()))
        found[match.start()] = value

    for match in _ISO.finditer(plain):
        keep(match, _safe(int(match[1]), int(match[2]), int(match[3])))
    for match in _NUMERIC.finditer(plain):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        if month > 12 and day <= 12:  # an American month/day/year
            day, month = month, day
        keep(match, _safe(year, month, day))
    for match in _DAY_MONTH.finditer(plain):
        month = MONTHS[match[2].lower()]
        keep(match, _safe(int(match[3]), month, int(match[1])) if match[3] else _with_year(month, int(match[1]), today))
    for match in _MONTH_DAY.finditer(plain):
        keep(match, _safe(int(match[3]), MONTHS[match[1].lower()], int(match[2])))
    for match in _MONTH_YEAR.finditer(plain):
        month, year = MONTHS[match[2].lower()], int(match[3])
        part = (match[1] or "").lower()
        day = (
            15
            if part in ("mi", "mid")
            else calendar.monthrange(year, month)[1]
            if part in ("fin", "end of", "late")
            else 1
        )
        keep(match, _safe(year, month, day))
    return sorted(found.items())


def first_date(plain: str, today: datetime.date) -> datetime.date | None:
    dates = find_dates(plain, today)
    return dates[0][1] if dates else None


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def working_days(start: datetime.date, end: datetime.date) -> int:
    """Monday-to-Friday days from `start` to `end` inclusive (the matching engine counts the same way)."""
    if end < start:
        return 0
    weeks, rest = divmod((end - start).days + 1, 7)
    return weeks * 5 + sum((start + datetime.timedelta(days=i)).weekday() < 5 for i in range(rest))


# --- amounts ---------------------------------------------------------------------------------------

_NUMBER = r"(\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
_SCALE = r"\s*(k|m|keur|meur)?"
_EURO = r"\s*(?:€|eur\b|euros?\b)"
AMOUNT = re.compile(
    r"(?:€\s*"
    + _NUMBER
    + _SCALE
    + r"(?![\w])|"
    + _NUMBER
    + _SCALE
    + r"(?:"
    + _EURO
    + r")|"
    + _NUMBER
    + r"\s*(k|m)\s*€?(?![\w]))",
    re.IGNORECASE,
)


def _number(text: str) -> float:
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?:[ .,]\d{3})+", text):
        return float(re.sub(r"[ .,]", "", text))
    if re.fullmatch(r"\d{1,3}(?:[ .,]\d{3})+[.,]\d{1,2}", text):
        head, tail = text[:-3], text[-2:]
        return float(re.sub(r"[ .,]", "", head) + "." + tail.lstrip(".,"))
    return float(text.replace(" ", "").replace(",", "."))


def find_amounts(plain: str) -> list[tuple[int, float]]:
    """Every euro amount of a text as (position, euros): "120 000 €", "120k€", "€650", "1,2 M€"."""
    amounts = []
    for match in AMOUNT.finditer(plain):
        number = match[1] or match[3] or match[5]
        scale = (match[2] or match[4] or match[6] or "").lower()
        value = _number(number) * (1000 if scale.startswith("k") else 1_000_000 if scale.startswith("m") else 1)
        amounts.append((match.start(), value))
    return amounts


NUMBER_WORDS = {
    "un": 1, "une": 1, "one": 1, "a": 1, "an": 1, "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4,
    "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8, "eight": 8, "dix": 10, "ten": 10,
}  # fmt: skip


def small_number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)
