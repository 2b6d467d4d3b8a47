"""Stored and reflected XSS: each payload of a corpus is written into every free-text column of
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
from talentmatch.tests.sweep import SIGNED_IN_ROLES, dangerous_markup, harvest_forms, is_html, pages_for, response_text
from talentmatch.tests.sweep_rows import every_row, fill_text, populate_every_table

PAYLOADS = {
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
# A cell starting with one of these is a formula to a spreadsheet (CSV/XLSX exports).
FORMULA_STARTS = ("=", "+", "-", "@")
# What `{% debug %}` or a template rendered from user text would print.
EVALUATED = (settings.SECRET_KEY, "DEFAULT_MESSAGE_LEVELS", "sql_queries")


def _value_for(payload: str):
    """The payload, made unique per row (some columns are unique) when the column is wide enough."""

    def value(model, column, pk):
        if column.name == "email":
            return f"{payload}{pk}@{model._meta.model_name}.test".replace(" ", "")
        unique = f"{payload} #{model._meta.model_name}{pk}"
        if not column.max_length or len(unique) <= column.max_length:
            return unique
        return payload

    return value


def _problems(response, payload: str) -> list[str]:
    if response.status_code >= 500:
        return [f"status {response.status_code}"]
    if not is_html(response):
        # Exports carry the raw text, as data: never sniffed as HTML, never a formula.
        problems = [] if response.get("X-Content-Type-Options") == "nosniff" else ["sniffable"]
        if payload.startswith(FORMULA_STARTS):
            cells = [cell.strip('"') for line in response_text(response).splitlines() for cell in line.split(",")]
            problems += ["formula cell"] if any(cell.startswith(payload[:10]) for cell in cells) else []
        return problems
    content = response_text(response)
    problems = dangerous_markup(content)
    if payload in content and any(character in payload for character in "<>\"'"):
        problems.append("payload unescaped")
    problems += [f"evaluated: {leak[:12]}…" for leak in EVALUATED if leak in content]
    return problems


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_every_page_and_form_shows_the_payload_only_escaped(client, cast, pages, payload):  # noqa: F811
    populate_every_table(cast)
    counts = fill_text(every_row(), _value_for(payload))
    assert counts["written"] >= 60

    found: dict[str, list[str]] = {}
    escaped_on = 0
    requests = 0
    for role in ["anonymous", *SIGNED_IN_ROLES]:
        _client_for(client, cast, role)
        urls = [*pages_for(pages, role), "/no-such-page/"]
        for url in urls:
            for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
                response = client.get(url, **headers)
                requests += 1
                if problems := _problems(response, payload):
                    found[f"{role} GET {url}{' htmx' if headers else ''}"] = problems
                escaped_on += escape(payload) in response_text(response)
        # Reflected: every form sent back with the payload in each of its text fields.
        for form in harvest_forms(client, urls):
            data = dict(form.data)
            for name in form.text_fields:
                data[name] = [payload]
            headers = {"HTTP_HX_REQUEST": "true"} if form.htmx else {}
            response = client.post(form.action, data, **headers)
            requests += 1
            if problems := _problems(response, payload):
                found[f"{role} POST {form.action}"] = problems
        client.logout()

    assert found == {}
    # The sweep saw the payload: it was rendered (escaped) on pages of every kind.
    assert escaped_on >= 20, (escaped_on, requests)
