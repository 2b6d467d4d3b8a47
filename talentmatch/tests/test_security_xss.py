"""Stored and reflected XSS: each payload (a composite of attack strings) is written into every free-text column of
every table (consultants, skills, tenders, match notes, users' names, company names, CVs...), then
every page each role can reach is fetched, plain and as an htmx fragment, and every form of those
pages is sent back with the payload in each text field. The payload must only ever come back
escaped: never raw, never as markup (event handlers, scripts, script URLs), never evaluated.

Pages come from the permission matrix and tables from the project's models, so new pages and
new tables join the sweep by themselves.
"""

import pytest
from django.conf import settings
from django.utils.html import escape

from talentmatch.tests.isolation import _client_for
from talentmatch.tests.sweep import (
    SIGNED_IN_ROLES,
    dangerous_markup,
    distinct_forms,
    is_html,
    pages_for,
    response_text,
)
from talentmatch.tests.sweep_rows import every_row, fill_text, populate_every_table

# Each attack string of the corpus, grouped into three composite payloads: one pass of the sweep
# per composite instead of one per attack string (the sweep fetches ~1,000 pages a pass). Attacks
# that only work at the start of a value (a script URL, a spreadsheet formula) open their composite;
# the others follow, so every breakout is tried where the previous one would have left the parser.
ATTACKS = {
    "script element": "<script>alert(1)</script>",
    "attribute breakout with img onerror": '"><img src=x onerror=alert(1)>',
    "single-quote breakout with svg onload": "'><svg onload=alert(1)>",
    "javascript URL": "javascript:alert(1)",
    "template injection": "{{ settings.SECRET_KEY }}{% debug %}",
    "textarea breakout": "</textarea><script>alert(1)</script>",
    "event handler attribute": 'x" onmouseover="alert(1)',
    "htmx attribute": '<div hx-get="/logout/" hx-trigger="load">',
    "spreadsheet formula": '=HYPERLINK("https://evil.test","x")',
}
COMPOSITES = {
    "script URL, quote breakouts": (
        "javascript URL",
        "attribute breakout with img onerror",
        "single-quote breakout with svg onload",
    ),
    "formula, template, textarea": ("spreadsheet formula", "template injection", "textarea breakout"),
    "script, handler, htmx": ("script element", "event handler attribute", "htmx attribute"),
}
# A cell starting with one of these is a formula to a spreadsheet (CSV/XLSX exports).
FORMULA_STARTS = ("=", "+", "-", "@")
# What `{% debug %}` or a template rendered from user text would print.
EVALUATED = (settings.SECRET_KEY, "DEFAULT_MESSAGE_LEVELS", "sql_queries")


def test_the_composites_hold_every_attack_of_the_corpus_once():
    grouped = [name for names in COMPOSITES.values() for name in names]
    assert sorted(grouped) == sorted(ATTACKS)


def _value_for(parts: tuple[str, ...]):
    """The composite, made unique per row (some columns are unique) when the column is wide enough.
    A column too narrow for the composite gets one of its attacks alone, a different one row by row,
    so narrow columns still see every attack of the composite across the rows."""
    whole = "".join(parts)

    def value(model, column, pk):
        if column.name == "email":
            return f"{whole}{pk}@{model._meta.model_name}.test".replace(" ", "")
        rotation = (
            [parts[(int(pk) + shift) % len(parts)] for shift in range(len(parts))] if str(pk).isdigit() else parts
        )
        for candidate in (whole, *rotation):
            for text in (f"{candidate} #{model._meta.model_name}{pk}", candidate):
                if not column.max_length or len(text) <= column.max_length:
                    return text
        return whole  # skipped by fill_text: too long for the column

    return value


def _problems(response, parts: tuple[str, ...]) -> list[str]:
    if response.status_code >= 500:
        return [f"status {response.status_code}"]
    if not is_html(response):
        # Exports carry the raw text, as data: never sniffed as HTML, never a formula.
        problems = [] if response.get("X-Content-Type-Options") == "nosniff" else ["sniffable"]
        cells = [cell.strip('"') for line in response_text(response).splitlines() for cell in line.split(",")]
        for attack in parts:
            if attack.startswith(FORMULA_STARTS) and any(cell.startswith(attack[:10]) for cell in cells):
                problems.append("formula cell")
        return problems
    content = response_text(response)
    problems = dangerous_markup(content)
    problems += [
        f"unescaped: {attack[:16]}…"
        for attack in ("".join(parts), *parts)
        if attack in content and any(character in attack for character in "<>\"'")
    ]
    problems += [f"evaluated: {leak[:12]}…" for leak in EVALUATED if leak in content]
    return problems


@pytest.mark.parametrize("names", COMPOSITES.values(), ids=COMPOSITES.keys())
def test_every_page_and_form_shows_the_payload_only_escaped(client, cast, pages, names):  # noqa: F811
    parts = tuple(ATTACKS[name] for name in names)
    populate_every_table(cast)
    counts = fill_text(every_row(), _value_for(parts))
    assert counts["written"] >= 60

    found: dict[str, list[str]] = {}
    escaped_on = 0
    requests = 0
    for role in ["anonymous", *SIGNED_IN_ROLES]:
        _client_for(client, cast, role)
        urls = [*pages_for(pages, role), "/no-such-page/"]
        plain = []
        for url in urls:
            for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
                response = client.get(url, **headers)
                requests += 1
                if problems := _problems(response, parts):
                    found[f"{role} GET {url}{' htmx' if headers else ''}"] = problems
                escaped_on += any(escape(attack) in response_text(response) for attack in parts)
                if not headers:
                    plain.append((url, response))
        # Reflected: every form of those pages sent back with the payload in each of its text fields.
        for form in distinct_forms(plain):
            data = dict(form.data)
            for name in form.text_fields:
                data[name] = ["".join(parts)]
            headers = {"HTTP_HX_REQUEST": "true"} if form.htmx else {}
            response = client.post(form.action, data, **headers)
            requests += 1
            if problems := _problems(response, parts):
                found[f"{role} POST {form.action}"] = problems
        client.logout()

    assert found == {}
    # The sweep saw the payload: it was rendered (escaped) on pages of every kind.
    assert escaped_on >= 20, (escaped_on, requests)
