"""Tenant isolation through the pages themselves: the role × company permission matrix.

Another company's object answers 404, exactly like a missing one; a member whose role lacks the
capability answers 403; lists never show another company's rows. The last test walks the URL
configuration so that a new page cannot ship without a row in the matrix.
"""

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from consultants.models import Consultant
from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, SkillFactory
from matching.tests.factories import MatchFactory
from talentmatch.tests.factories import CompanyFactory
from tenders.models import Tender
from tenders.tests.factories import TenderFactory, TenderSkillFactory

ROLES = ["anonymous", "manager", "recruiter", "sales", "consultant", "admin"]
_DATA_FILES = [("consultants", "csv"), ("tenders", "csv"), ("pipeline", "csv")]

# Every page carries a CSRF token masked afresh on each response (forms, <body hx-headers>).
CSRF_TOKENS = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[0-9A-Za-z]+')


def without_csrf_tokens(content: bytes) -> str:
    """A page's text with its CSRF tokens blanked, so that two renderings can be compared."""
    return CSRF_TOKENS.sub(r"\1", content.decode())


def comparable(response) -> str:
    """A response's text without what only tells the request apart: CSRF tokens and its own URL
    (the language switcher comes back to it)."""
    return without_csrf_tokens(response.content).replace(response.wsgi_request.get_full_path(), "")


# Strings that only company b's rows carry; none of them may reach a page served to company a.
B_MARKERS = [
    "Beta Services",
    "Bertrand-Beta-Colleague",
    "Beta-Colleague-Title",
    "Beta-Profile-Title",
    "Beta-Tender-Title",
    "Beta-Client-Name",
]
A_MARKERS = ["Alphonse-Alpha-Colleague", "Alpha-Colleague-Title", "Alpha-Tender-Title", "Alpha-Client-Name"]


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    """Hashing is not under test here, and Argon2's deliberate cost would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Pages:
    """The ids each URL of the matrix is requested with, by target."""

    ids: dict[str, dict[str, int]]  # route name → target → pk


def _document_ids(cast, settings, tmp_path, colleague_a, colleague_b, match_a, match_b, skill, partners) -> dict:
    """CVs (of the consultant user, the colleague and company b's colleague) and a ready portfolio per
    company, with small private files under a temporary root: the ids of the CV and portfolio routes."""
    from consultants.models import Resume
    from consultants.resumes import private_write
    from matching.models import Portfolio

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    cvs = {}
    for target, consultant in (
        ("self", cast.a.consultant_user.consultant_profile),
        ("colleague", colleague_a),
        ("other company", colleague_b),
        *partners.items(),
    ):
        path = f"resumes/{consultant.company_id}/{target.replace(' ', '-')}.pdf"
        private_write(path, b"%PDF-1.4 isolation")
        suggestion = {"skill": skill.pk, "years": None, "state": "pending"}
        resume = Resume.objects.create(
            consultant=consultant, file_path=path, file_type="pdf", status="extracted", skill_suggestions=[suggestion]
        )
        cvs[target] = {"pk": consultant.pk, "resume_pk": resume.pk}
    cvs["missing"] = {"pk": colleague_a.pk, "resume_pk": cvs["other company"]["resume_pk"] + 1000}
    with_skill = {target: {**key, "skill_pk": skill.pk} for target, key in cvs.items() if target != "self"}
    portfolios = {}
    for target, match in (("own", match_a), ("other company", match_b)):
        path = f"portfolios/{match.tender.company_id}/{target.replace(' ', '-')}.pdf"
        private_write(path, b"%PDF-1.4 isolation")
        portfolio = Portfolio.objects.create(
            consultant=match.consultant, tender=match.tender, file_path=path, generation="ready"
        )
        portfolios[target] = portfolio.pk
    portfolios["missing"] = portfolios["other company"] + 1000
    consultants = {
        "colleague": colleague_a.pk,
        "self": cast.a.consultant_user.consultant_profile.pk,
        "other company": colleague_b.pk,
        "missing": Consultant.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000,
        **{target: consultant.pk for target, consultant in partners.items()},
    }
    matches = {"own": match_a.pk, "other company": match_b.pk, "missing": match_b.pk + 1000}
    return {
        "consultants:resume-panel": consultants,
        "consultants:resume-upload": consultants,
        "consultants:resume-download": cvs,
        "consultants:resume-suggestion-accept": with_skill,
        "consultants:resume-suggestion-ignore": with_skill,
        "matching:portfolio-panel": matches,
        "matching:portfolio-generate": matches,
        "matching:portfolio-download": portfolios,
        "matching:portfolio-final": portfolios,
    }


def _collaboration_ids(cast, consultants: dict, gamma) -> dict:
    """A collaboration of company a with a third company, and one of company b with a fourth: the ids
    of the collaboration routes (and the consultants' ids for the sharing exclusion)."""
    from collaborations.tests.factories import CollaborationFactory
    from talentmatch.tests.factories import CompanyFactory

    own = CollaborationFactory(initiator_company=cast.a.company, partner_company=gamma)
    other = CollaborationFactory(
        initiator_company=cast.b.company, partner_company=CompanyFactory(name="Delta Partners")
    )
    collaborations = {"own": own.pk, "other company": other.pk, "missing": other.pk + 1000}
    return {
        "collaborations:collaboration-detail": collaborations,
        "collaborations:collaboration-status": collaborations,
        "collaborations:collaboration-sharing": collaborations,
        "collaborations:collaboration-selection": collaborations,
        "collaborations:consultant-exclusion": {
            key: consultants[key] for key in ("colleague", "other company", "missing")
        },
    }


@pytest.fixture
def pages(cast, settings, tmp_path) -> Pages:
    """In each company: the consultant user's own profile, a colleague consultant and a tender."""
    ConsultantFactory(company=cast.a.company, user=cast.a.consultant_user, title="Alpha-Profile-Title")
    colleague_a = ConsultantFactory(
        company=cast.a.company, title="Alpha-Colleague-Title", user__last_name="Alphonse-Alpha-Colleague"
    )
    tender_a = TenderFactory(company=cast.a.company, title="Alpha-Tender-Title", client_name="Alpha-Client-Name")
    ConsultantFactory(company=cast.b.company, user=cast.b.consultant_user, title="Beta-Profile-Title")
    colleague_b = ConsultantFactory(
        company=cast.b.company, title="Beta-Colleague-Title", user__last_name="Bertrand-Beta-Colleague"
    )
    tender_b = TenderFactory(company=cast.b.company, title="Beta-Tender-Title", client_name="Beta-Client-Name")
    match_a = MatchFactory(tender=tender_a, consultant=colleague_a)
    match_b = MatchFactory(tender=tender_b, consultant=colleague_b)
    skill = SkillFactory(name="Isolation-Skill")
    ConsultantSkillFactory(consultant=colleague_a, skill=skill)
    ConsultantSkillFactory(consultant=colleague_b, skill=skill)
    TenderSkillFactory(tender=tender_a, skill=skill)
    TenderSkillFactory(tender=tender_b, skill=skill)
    # Company a's partner (an active, open-ended collaboration, see _collaboration_ids): one consultant it
    # shares (available) and one it does not (on mission, no date), each suggested on a's tender, and the
    # unshared one also submitted on a second tender (kept in a's pipeline history).
    gamma = CompanyFactory(name="Gamma Partners")
    gamma_shared = ConsultantFactory(company=gamma, title="Gamma-Shared-Title", availability_status="available")
    gamma_hidden = ConsultantFactory(
        company=gamma, title="Gamma-Hidden-Title", availability_status="on_mission", availability_date=None
    )
    second_tender_a = TenderFactory(company=cast.a.company, title="Alpha-Second-Tender")
    partner_matches = {
        "partner shared": MatchFactory(tender=tender_a, consultant=gamma_shared).pk,
        "partner revoked": MatchFactory(tender=tender_a, consultant=gamma_hidden).pk,
        "partner submitted": MatchFactory(tender=second_tender_a, consultant=gamma_hidden, status="submitted").pk,
    }
    missing_consultant = Consultant.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    missing_tender = Tender.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    missing_match = match_b.pk + 1000
    consultants = {
        "colleague": colleague_a.pk,
        "self": cast.a.consultant_user.consultant_profile.pk,
        "other company": colleague_b.pk,
        "missing": missing_consultant,
        "partner shared": gamma_shared.pk,
        "partner not shared": gamma_hidden.pk,
    }
    tenders = {"own": tender_a.pk, "other company": tender_b.pk, "missing": missing_tender}
    matches = {"own": match_a.pk, "other company": match_b.pk, "missing": missing_match, **partner_matches}
    with_skill = {target: {"pk": pk, "skill_pk": skill.pk} for target, pk in consultants.items() if target != "self"}
    tender_with_skill = {target: {"pk": pk, "skill_pk": skill.pk} for target, pk in tenders.items()}
    return Pages(
        ids={
            "consultants:consultant-detail": consultants,
            "consultants:consultant-edit": consultants,
            "consultants:consultant-skill-add": consultants,
            "consultants:consultant-skill-change": with_skill,
            "consultants:consultant-skill-remove": with_skill,
            "tenders:tender-detail": tenders,
            "tenders:tender-edit": tenders,
            "tenders:tender-status": tenders,
            "tenders:tender-skill-add": tenders,
            "tenders:tender-skill-change": tender_with_skill,
            "tenders:tender-skill-remove": tender_with_skill,
            "matching:match-detail": matches,
            "matching:match-explanation": matches,
            "matching:match-move": matches,
            "matching:match-notes": matches,
            "skills:skill-edit": {"catalogue": skill.pk},
            "dataio:import-template": {f"{kind}-{fmt}": {"kind": kind, "fmt": fmt} for kind, fmt in _DATA_FILES},
            "dataio:data-export": {f"{kind}-{fmt}": {"kind": kind, "fmt": fmt} for kind, fmt in _DATA_FILES},
            "password_reset_confirm": {"invalid link": {"uidb64": "MQ", "token": "invalid-token"}},
            **_document_ids(
                cast,
                settings,
                tmp_path,
                colleague_a,
                colleague_b,
                match_a,
                match_b,
                skill,
                {"partner shared": gamma_shared, "partner not shared": gamma_hidden},
            ),
            **_collaboration_ids(cast, consultants, gamma),
        }
    )


def _url(pages: Pages, name: str, target: str | None) -> str:
    if target is None:
        return reverse(name)
    key = pages.ids[name][target]
    return reverse(name, kwargs=key if isinstance(key, dict) else {"pk": key})


def _client_for(client, cast, role: str):
    if role == "admin":
        client.force_login(cast.admin)
    elif role != "anonymous":
        client.force_login(cast.a.user(role))
    return client


def _everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


# (route name, target) → expected status per role, every user but the admin being of company a.
MATRIX: dict[tuple[str, str | None], dict[str, int]] = {
    ("home", None): {**_everyone(200), "anonymous": 302, "consultant": 302},
    ("consultants:consultant-list", None): {**_everyone(200), "anonymous": 302},
    ("consultants:consultant-detail", "self"): {**_everyone(200), "anonymous": 302},
    ("consultants:consultant-detail", "colleague"): {**_everyone(200), "anonymous": 302, "consultant": 404},
    ("consultants:consultant-detail", "other company"): {**_everyone(404), "anonymous": 302, "admin": 200},
    ("consultants:consultant-detail", "missing"): {**_everyone(404), "anonymous": 302},
    ("tenders:tender-list", None): {**_everyone(200), "anonymous": 302, "consultant": 403},
    ("tenders:tender-detail", "own"): {**_everyone(200), "anonymous": 302, "consultant": 403},
    ("tenders:tender-detail", "other company"): {
        **_everyone(404),
        "anonymous": 302,
        "consultant": 403,
        "admin": 200,
    },
    ("tenders:tender-detail", "missing"): {**_everyone(404), "anonymous": 302, "consultant": 403},
}


def _rule(allowed: dict[str, int], *, denied: int = 403) -> dict[str, int]:
    """Statuses for a route: `allowed` roles as given, every other signed-in role `denied`."""
    return {**_everyone(denied), "anonymous": 302, **allowed}


_RECRUITING = ("manager", "recruiter", "admin")
_SELLING = ("manager", "sales", "admin")
_PIPELINE_READERS = ("manager", "recruiter", "sales", "admin")
_CONSULTANT_EDITORS = ("manager", "recruiter", "consultant", "admin")

MATRIX.update(
    {
        ("consultants:consultant-create", None): _rule(dict.fromkeys(_RECRUITING, 200)),
        ("consultants:consultant-edit", "self"): _rule(dict.fromkeys(_CONSULTANT_EDITORS, 200)),
        ("consultants:consultant-edit", "colleague"): _rule({**dict.fromkeys(_RECRUITING, 200), "consultant": 404}),
        ("consultants:consultant-edit", "other company"): _rule(
            {**dict.fromkeys(_CONSULTANT_EDITORS, 404), "admin": 200}
        ),
        ("consultants:consultant-edit", "missing"): _rule(dict.fromkeys(_CONSULTANT_EDITORS, 404)),
        # Writes answer GET with 405 once the capability lets the request through.
        **{
            (name, target): _rule(dict.fromkeys(_CONSULTANT_EDITORS, 405))
            for name in (
                "consultants:consultant-skill-add",
                "consultants:consultant-skill-change",
                "consultants:consultant-skill-remove",
            )
            for target in ("colleague", "other company", "missing")
        },
        ("tenders:tender-create", None): _rule(dict.fromkeys(_SELLING, 200)),
        ("tenders:tender-edit", "own"): _rule(dict.fromkeys(_SELLING, 200)),
        ("tenders:tender-edit", "other company"): _rule({**dict.fromkeys(_SELLING, 404), "admin": 200}),
        ("tenders:tender-edit", "missing"): _rule(dict.fromkeys(_SELLING, 404)),
        **{
            (name, target): _rule(dict.fromkeys(_SELLING, 405))
            for name in (
                "tenders:tender-status",
                "tenders:tender-skill-add",
                "tenders:tender-skill-change",
                "tenders:tender-skill-remove",
            )
            for target in ("own", "other company", "missing")
        },
        ("skills:skill-list", None): _rule({role: 200 for role in ROLES if role != "anonymous"}),
        ("skills:skill-create", None): _rule({"manager": 200, "admin": 200}),
        ("skills:skill-edit", "catalogue"): _rule({"manager": 200, "admin": 200}),
        ("matching:match-board", None): _rule(dict.fromkeys(_PIPELINE_READERS, 200)),
        ("matching:match-detail", "own"): _rule(dict.fromkeys(_PIPELINE_READERS, 200)),
        ("matching:match-detail", "other company"): _rule({**dict.fromkeys(_PIPELINE_READERS, 404), "admin": 200}),
        ("matching:match-detail", "missing"): _rule(dict.fromkeys(_PIPELINE_READERS, 404)),
        ("matching:match-explanation", "own"): _rule(dict.fromkeys(_PIPELINE_READERS, 200)),
        ("matching:match-explanation", "other company"): _rule({**dict.fromkeys(_PIPELINE_READERS, 404), "admin": 200}),
        ("matching:match-explanation", "missing"): _rule(dict.fromkeys(_PIPELINE_READERS, 404)),
        **{
            (name, target): _rule(dict.fromkeys(_SELLING, 405))
            for name in ("matching:match-move", "matching:match-notes")
            for target in ("own", "other company", "missing")
        },
    }
)


# Import and export (dataio): managers import; managers, recruiters and sales export.
MATRIX.update(
    {
        ("dataio:data-home", None): _rule(dict.fromkeys(_PIPELINE_READERS, 200)),
        ("dataio:data-import", None): _rule({"manager": 200, "admin": 200}),
        **{
            ("dataio:import-template", f"{kind}-{fmt}"): _rule({"manager": 200, "admin": 200})
            for kind, fmt in (("consultants", "csv"), ("tenders", "csv"))
        },
        **{
            ("dataio:data-export", f"{kind}-{fmt}"): _rule(dict.fromkeys(_PIPELINE_READERS, 200))
            for kind, fmt in _DATA_FILES
        },
    }
)

# CVs (consultants/resume_urls.py): everyone with a profile in sight reads its CVs; managers and
# recruiters upload and review suggestions. The panel alone is an htmx fragment: a plain GET goes
# back to the profile (302). Portfolios (matching/portfolios/urls.py): pipeline readers download,
# and all of them may generate; the consultant role reaches neither.
_CV_UPLOADERS = ("manager", "recruiter", "admin")
_CV_READERS = ("manager", "recruiter", "sales", "consultant", "admin")
MATRIX.update(
    {
        ("consultants:resume-panel", "self"): _rule(dict.fromkeys(_CV_READERS, 302)),
        ("consultants:resume-panel", "colleague"): _rule({**dict.fromkeys(_CV_READERS, 302), "consultant": 404}),
        ("consultants:resume-panel", "other company"): _rule({**dict.fromkeys(_CV_READERS, 404), "admin": 302}),
        ("consultants:resume-panel", "missing"): _rule(dict.fromkeys(_CV_READERS, 404)),
        ("consultants:resume-download", "self"): _rule(dict.fromkeys(_CV_READERS, 200)),
        ("consultants:resume-download", "colleague"): _rule({**dict.fromkeys(_CV_READERS, 200), "consultant": 404}),
        ("consultants:resume-download", "other company"): _rule({**dict.fromkeys(_CV_READERS, 404), "admin": 200}),
        ("consultants:resume-download", "missing"): _rule(dict.fromkeys(_CV_READERS, 404)),
        **{
            (name, target): _rule(dict.fromkeys(_CV_UPLOADERS, 405))
            for name in (
                "consultants:resume-upload",
                "consultants:resume-suggestion-accept",
                "consultants:resume-suggestion-ignore",
            )
            for target in ("colleague", "other company", "missing")
        },
        ("matching:portfolio-panel", "own"): _rule(dict.fromkeys(_PIPELINE_READERS, 302)),
        ("matching:portfolio-panel", "other company"): _rule({**dict.fromkeys(_PIPELINE_READERS, 404), "admin": 302}),
        ("matching:portfolio-panel", "missing"): _rule(dict.fromkeys(_PIPELINE_READERS, 404)),
        ("matching:portfolio-download", "own"): _rule(dict.fromkeys(_PIPELINE_READERS, 200)),
        ("matching:portfolio-download", "other company"): _rule(
            {**dict.fromkeys(_PIPELINE_READERS, 404), "admin": 200}
        ),
        ("matching:portfolio-download", "missing"): _rule(dict.fromkeys(_PIPELINE_READERS, 404)),
        **{
            (name, target): _rule(dict.fromkeys(_PIPELINE_READERS, 405))
            for name in ("matching:portfolio-generate", "matching:portfolio-final")
            for target in ("own", "other company", "missing")
        },
    }
)

# Collaborations: whoever works with partners reads them (own company's only); managers change them.
_MANAGING = ("manager", "admin")
MATRIX.update(
    {
        ("collaborations:collaboration-list", None): _rule(dict.fromkeys(_PIPELINE_READERS, 200)),
        ("collaborations:collaboration-create", None): _rule(dict.fromkeys(_MANAGING, 200)),
        ("collaborations:collaboration-detail", "own"): _rule(dict.fromkeys(_PIPELINE_READERS, 200)),
        ("collaborations:collaboration-detail", "other company"): _rule(
            {**dict.fromkeys(_PIPELINE_READERS, 404), "admin": 200}
        ),
        ("collaborations:collaboration-detail", "missing"): _rule(dict.fromkeys(_PIPELINE_READERS, 404)),
        # Writes answer GET with 405 once the capability lets the request through.
        **{
            (name, target): _rule(dict.fromkeys(_MANAGING, 405))
            for name in (
                "collaborations:collaboration-status",
                "collaborations:collaboration-sharing",
                "collaborations:collaboration-selection",
            )
            for target in ("own", "other company", "missing")
        },
        **{
            ("collaborations:consultant-exclusion", target): _rule(dict.fromkeys(_MANAGING, 405))
            for target in ("colleague", "other company", "missing")
        },
    }
)

# Routes that show no company data at all, so they sit outside the matrix.
NO_COMPANY_DATA = {"login", "logout", "healthz", "readyz"}

# The account pages (talentmatch/account_urls.py): the password reset needs no login.
NO_COMPANY_DATA |= {"password_reset", "password_reset_done", "password_reset_complete"}
MATRIX.update(
    {
        ("password_reset_confirm", "invalid link"): _everyone(200),
        ("password_change", None): {**_everyone(200), "anonymous": 302},
        ("password_change_done", None): {**_everyone(200), "anonymous": 302},
    }
)

# Company a's partner's consultants: the shared one is a limited profile for those who work with
# partners, the other answers like a missing one; nobody of company a edits either.
_PARTNER_READERS = ("manager", "recruiter", "sales")
MATRIX.update(
    {
        ("consultants:consultant-detail", "partner shared"): _rule(
            {**dict.fromkeys(_PARTNER_READERS, 200), "consultant": 404, "admin": 200}
        ),
        ("consultants:consultant-detail", "partner not shared"): _rule(
            {**dict.fromkeys(_PARTNER_READERS, 404), "consultant": 404, "admin": 200}
        ),
        **{
            ("consultants:consultant-edit", target): _rule({**dict.fromkeys(_CONSULTANT_EDITORS, 404), "admin": 200})
            for target in ("partner shared", "partner not shared")
        },
        **{
            (name, target): _rule(dict.fromkeys(_CONSULTANT_EDITORS, 405))
            for name in (
                "consultants:consultant-skill-add",
                "consultants:consultant-skill-change",
                "consultants:consultant-skill-remove",
            )
            for target in ("partner shared", "partner not shared")
        },
        **{
            ("consultants:resume-panel", target): _rule({**dict.fromkeys(_CV_READERS, 404), "admin": 302})
            for target in ("partner shared", "partner not shared")
        },
        # A partner never reaches a CV, shared consultant or not.
        **{
            ("consultants:resume-download", target): _rule({**dict.fromkeys(_CV_READERS, 404), "admin": 200})
            for target in ("partner shared", "partner not shared")
        },
        **{
            (name, target): _rule(dict.fromkeys(_PIPELINE_READERS, status))
            for name in ("matching:match-detail", "matching:match-explanation")
            for target, status in (("partner shared", 200), ("partner revoked", 404), ("partner submitted", 200))
        },
        **{
            (name, target): _rule(dict.fromkeys(_SELLING, 405))
            for name in ("matching:match-move", "matching:match-notes")
            for target in ("partner shared", "partner revoked", "partner submitted")
        },
    }
)
# The platform admin sees every match, a revoked suggestion included.
MATRIX[("matching:match-detail", "partner revoked")]["admin"] = 200
MATRIX[("matching:match-explanation", "partner revoked")]["admin"] = 200
CASES = [(name, target, role) for (name, target), statuses in MATRIX.items() for role in statuses]


@pytest.mark.parametrize(("name", "target", "role"), CASES, ids=[f"{n}-{t}-{r}" for n, t, r in CASES])
def test_every_page_answers_each_role_as_the_matrix_says(client, cast, pages, name, target, role):
    response = _client_for(client, cast, role).get(_url(pages, name, target))
    assert response.status_code == MATRIX[(name, target)][role]
    if response.status_code == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_the_matrix_has_an_answer_for_every_role_on_every_row():
    assert all(sorted(statuses) == sorted(ROLES) for statuses in MATRIX.values())


@pytest.mark.parametrize("role", ["manager", "recruiter", "sales", "consultant"])
def test_a_partners_unshared_consultant_answers_exactly_like_a_missing_one(client, cast, pages, role):
    _client_for(client, cast, role)
    hidden = client.get(_url(pages, "consultants:consultant-detail", "partner not shared"))
    missing = client.get(_url(pages, "consultants:consultant-detail", "missing"))
    assert hidden.status_code == missing.status_code == 404
    assert comparable(hidden) == comparable(missing)


@pytest.mark.parametrize("name", ["consultants:consultant-detail", "tenders:tender-detail"])
@pytest.mark.parametrize("role", ["manager", "recruiter", "sales", "consultant"])
def test_another_companys_object_answers_exactly_like_a_missing_one(client, cast, pages, name, role):
    _client_for(client, cast, role)
    other = client.get(_url(pages, name, "other company"))
    missing = client.get(_url(pages, name, "missing"))
    assert other.status_code == missing.status_code
    assert comparable(other) == comparable(missing)


# The company directory a manager picks a partner from: company names, and nothing else of company b.
DIRECTORY_PAGES = {("collaborations:collaboration-create", None): {"Beta Services"}}


@pytest.mark.parametrize("role", ["manager", "recruiter", "sales", "consultant"])
def test_no_page_served_to_company_a_shows_a_row_of_company_b(client, cast, pages, role):
    _client_for(client, cast, role)
    for name, target in MATRIX:
        response = client.get(_url(pages, name, target), follow=True)
        # File downloads (CVs, portfolios) stream their body.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content = body.decode(errors="replace")
        allowed = DIRECTORY_PAGES.get((name, target), set())
        assert [marker for marker in B_MARKERS if marker in content and marker not in allowed] == [], (name, target)


@pytest.mark.parametrize("role", ["manager", "recruiter", "sales"])
@pytest.mark.parametrize("name", ["home", "consultants:consultant-list", "tenders:tender-list"])
def test_company_lists_show_the_companys_own_rows(client, cast, pages, role, name):
    content = _client_for(client, cast, role).get(reverse(name)).content.decode()
    expected = {
        "home": ["Alpha-Tender-Title", "Alphonse-Alpha-Colleague"],
        "consultants:consultant-list": ["Alphonse-Alpha-Colleague", "Alpha-Colleague-Title"],
        "tenders:tender-list": ["Alpha-Tender-Title", "Alpha-Client-Name"],
    }[name]
    assert [marker for marker in expected if marker in content] == expected


def test_a_consultant_lands_on_their_own_profile_and_lists_only_themselves(client, cast, pages):
    _client_for(client, cast, "consultant")
    own = _url(pages, "consultants:consultant-detail", "self")
    assert client.get(reverse("home"))["Location"] == own
    content = client.get(reverse("consultants:consultant-list")).content.decode()
    assert "Alpha-Profile-Title" in content
    assert [marker for marker in A_MARKERS if marker in content] == []


@pytest.mark.parametrize("name", ["home", "consultants:consultant-list", "tenders:tender-list"])
def test_the_platform_admin_sees_both_companies_in_lists(client, cast, pages, name):
    content = _client_for(client, cast, "admin").get(reverse(name)).content.decode()
    markers = {
        "home": ["Alpha-Tender-Title", "Beta-Tender-Title", "Alphonse-Alpha-Colleague", "Bertrand-Beta-Colleague"],
        "consultants:consultant-list": ["Alphonse-Alpha-Colleague", "Bertrand-Beta-Colleague"],
        "tenders:tender-list": ["Alpha-Tender-Title", "Beta-Tender-Title"],
    }[name]
    assert [marker for marker in markers if marker in content] == markers


@pytest.mark.parametrize("role", ["manager", "recruiter", "sales", "consultant"])
def test_django_admin_sends_every_company_member_to_the_admin_login(client, cast, pages, role):
    _client_for(client, cast, role)
    other = pages.ids["consultants:consultant-detail"]["other company"]
    for url in ("/admin/", f"/admin/consultants/consultant/{other}/change/", "/admin/tenders/tender/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_django_admin_shows_the_platform_admin_both_companies(client, cast, pages):
    _client_for(client, cast, "admin")
    for target in ("colleague", "other company"):
        pk = pages.ids["consultants:consultant-detail"][target]
        assert client.get(f"/admin/consultants/consultant/{pk}/change/").status_code == 200
    content = client.get("/admin/tenders/tender/").content.decode()
    assert "Alpha-Tender-Title" in content and "Beta-Tender-Title" in content


@pytest.mark.parametrize("role", ["manager", "recruiter", "sales", "consultant"])
def test_the_pages_without_company_data_show_none_of_company_b(client, cast, pages, role):
    _client_for(client, cast, role)
    for name in sorted(NO_COMPANY_DATA):
        content = client.get(reverse(name), follow=True).content.decode()
        assert [marker for marker in B_MARKERS if marker in content] == [], name


def _route_names(patterns, namespace: str = "", prefix: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(("admin/", "i18n/")):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _route_names(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {route}>")
    return names


def test_every_route_of_the_app_is_covered_by_the_matrix():
    covered = {name for name, _target in MATRIX} | NO_COMPANY_DATA
    assert _route_names(get_resolver().url_patterns) == covered
