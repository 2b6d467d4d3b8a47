import io
import logging
import re

import pytest
import weasyprint
from django.urls import reverse

from talentmatch.logging import LineFormatter, RequestContextFilter, scrub

LINE = re.compile(
    r"^(?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (?P<level>[A-Z]+) (?P<logger>\S+) "
    r"request_id=(?P<request_id>\S+) user_id=(?P<user_id>\S+) company_id=(?P<company_id>\S+) (?P<message>.*)$"
)


@pytest.fixture
def log_lines():
    """What the root logger writes through our filter and formatter, as a list of lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(LineFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: stream.getvalue().splitlines()
    finally:
        root.removeHandler(handler)


def test_settings_send_every_record_through_the_filter_and_the_line_formatter():
    handlers = [handler for handler in logging.getLogger().handlers if isinstance(handler.formatter, LineFormatter)]
    assert len(handlers) == 1
    assert any(isinstance(log_filter, RequestContextFilter) for log_filter in handlers[0].filters)


def test_an_event_outside_a_request_is_one_line_with_dashes_for_the_ids(log_lines):
    logging.getLogger("talentmatch.test").warning("Nightly import: %s rows", 12)
    lines = log_lines()
    assert len(lines) == 1
    fields = LINE.match(lines[0]).groupdict()
    assert fields["level"] == "WARNING"
    assert fields["logger"] == "talentmatch.test"
    assert (fields["request_id"], fields["user_id"], fields["company_id"]) == ("-", "-", "-")
    assert fields["message"] == "Nightly import: 12 rows"


def test_a_multi_line_message_and_its_traceback_stay_on_one_line(log_lines):
    try:
        raise ValueError("bad value\nsecond line")
    except ValueError:
        logging.getLogger("talentmatch.test").exception("Import failed\nfor row 3")
    lines = log_lines()
    assert len(lines) == 1
    message = LINE.match(lines[0])["message"]
    assert message.startswith("Import failed\\nfor row 3\\nTraceback (most recent call last):")
    assert message.endswith("ValueError: bad value\\nsecond line")


def test_a_request_carries_its_id_user_and_company_on_every_line(client, cast, log_lines):
    client.force_login(cast.a.sales)
    response = client.get("/no-such-page/", headers={"X-Request-ID": "req-42"})
    assert response.status_code == 404
    assert response["X-Request-ID"] == "req-42"
    lines = [LINE.match(line).groupdict() for line in log_lines()]
    assert [line["message"] for line in lines] == ["Not Found: /no-such-page/"]
    assert lines[0]["request_id"] == "req-42"
    assert lines[0]["user_id"] == str(cast.a.sales.pk)
    assert lines[0]["company_id"] == str(cast.a.company.pk)


def test_the_platform_admin_logs_without_a_company(client, cast, log_lines):
    client.force_login(cast.admin)
    client.get("/no-such-page/")
    lines = [LINE.match(line).groupdict() for line in log_lines()]
    assert [(line["user_id"], line["company_id"]) for line in lines] == [(str(cast.admin.pk), "-")]


def test_the_context_is_cleared_once_the_request_is_over(client, cast, log_lines):
    client.force_login(cast.a.sales)
    client.get("/no-such-page/", headers={"X-Request-ID": "req-43"})
    logging.getLogger("talentmatch.test").warning("After the request")
    last = LINE.match(log_lines()[-1]).groupdict()
    assert (last["request_id"], last["user_id"], last["company_id"], last["message"]) == (
        "-",
        "-",
        "-",
        "After the request",
    )


@pytest.mark.parametrize(
    "incoming",
    ["has space", "semi;colon", "x" * 65, "é-accent", "line\\nbreak"],
)
def test_an_unsafe_incoming_request_id_is_replaced_by_a_fresh_one(client, incoming):
    response = client.get(reverse("healthz"), headers={"X-Request-ID": incoming})
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_a_sane_incoming_request_id_of_64_characters_is_kept(client):
    incoming = "A-9" + "b" * 61
    response = client.get(reverse("healthz"), headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] == incoming


def test_each_request_without_an_id_gets_its_own(client):
    first = client.get(reverse("healthz"))["X-Request-ID"]
    second = client.get(reverse("healthz"))["X-Request-ID"]
    assert first != second


@pytest.mark.parametrize(
    ("raw", "scrubbed"),
    [
        ("login password=hunter2 ok", "login password=*** ok"),
        ("reset?token=abc123&next=/", "reset?token=***&next=/"),
        ("Authorization: Bearer eyJhbGciOi.x.y rest", "Authorization: *** rest"),
        ("authorization=Basic dXNlcjpwYXNz", "authorization=***"),
        ("Cookie: sessionid=s3cr3t; csrftoken=t0k3n", "Cookie: sessionid=***; csrftoken=***"),
        ("{'password': 'two words', 'email': 'a@b.test'}", "{'password': ***, 'email': 'a@b.test'}"),
        ('{"new_password1": "x", "csrfmiddlewaretoken": "y"}', '{"new_password1": ***, "csrfmiddlewaretoken": ***}'),
        ("DJANGO_SECRET_KEY=abc", "DJANGO_SECRET_KEY=***"),
        ("connect postgres://talent:pa55@db:5432/tm", "connect postgres://talent:***@db:5432/tm"),
        ("redis://:pa55@redis:6379/0", "redis://:***@redis:6379/0"),
        ("Tender 12 closed by user 3", "Tender 12 closed by user 3"),
    ],
)
def test_secrets_are_scrubbed(raw, scrubbed):
    assert scrub(raw) == scrubbed


def test_a_logged_password_never_reaches_the_line(log_lines):
    logging.getLogger("talentmatch.test").info("Login attempt %s", {"email": "a@b.test", "password": "hunter2"})
    try:
        raise RuntimeError("token=abcdef rejected")
    except RuntimeError:
        logging.getLogger("talentmatch.test").exception("Authorization: Bearer zzz failed")
    lines = log_lines()
    assert len(lines) == 2
    output = "\n".join(lines)
    for secret in ("hunter2", "abcdef", "zzz"):
        assert secret not in output
    # The dict, the message, and the exception twice: its text and the quoted `raise` line.
    assert output.count("***") == 4


def test_a_pdf_rendering_logs_none_of_weasyprints_steps_while_the_apps_info_lines_stay(log_lines):
    weasyprint.HTML(string="<p>Dossier de compétences</p>").write_pdf()
    logging.getLogger("talentmatch.test").info("Dossier ready")

    messages = [LINE.match(line).group("logger", "message") for line in log_lines()]
    assert messages == [("talentmatch.test", "Dossier ready")]
    assert logging.getLogger("fontTools.subset").getEffectiveLevel() == logging.WARNING
