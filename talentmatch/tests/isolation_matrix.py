"""The role × company permission matrix: the status every route answers each role with, every user
but the platform admin being of company a."""

from __future__ import annotations

from talentmatch.tests.isolation import DATA_FILES, ROLES


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
        # The intake reads a call and answers with the filled form: POST only (GET answers 405).
        ("tenders:tender-intake", None): _rule(dict.fromkeys(_SELLING, 405)),
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
        # The shared catalogue: the platform admin edits it; managers propose additions and follow
        # their company's proposals; only the admin reviews them (writes answer GET with 405).
        ("skills:skill-create", None): _rule({"admin": 200}),
        ("skills:skill-edit", "catalogue"): _rule({"admin": 200}),
        ("skills:proposal-list", None): _rule({"manager": 200, "admin": 200}),
        ("skills:proposal-create", None): _rule({"manager": 200, "admin": 200}),
        **{
            (name, target): _rule({"admin": 405})
            for name in ("skills:proposal-accept", "skills:proposal-reject")
            for target in ("own", "other company", "missing")
        },
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
        # The board's "see more" (one column's next page) and bulk move (POST only); the tender
        # page's ranking fragment (band filter and "see more").
        ("matching:board-column", "suggested"): _rule(dict.fromkeys(_PIPELINE_READERS, 200)),
        ("matching:board-bulk-move", None): _rule(dict.fromkeys(_SELLING, 405)),
        ("matching:tender-ranking", "own"): _rule(dict.fromkeys(_PIPELINE_READERS, 200)),
        ("matching:tender-ranking", "other company"): _rule({**dict.fromkeys(_PIPELINE_READERS, 404), "admin": 200}),
        ("matching:tender-ranking", "missing"): _rule(dict.fromkeys(_PIPELINE_READERS, 404)),
    }
)


# Import and export (dataio): managers import; managers, recruiters and sales export.
MATRIX.update(
    {
        ("dataio:data-home", None): _rule(dict.fromkeys(_PIPELINE_READERS, 200)),
        ("dataio:data-import", None): _rule({"manager": 200, "admin": 200}),
        # A background import is its user's only: anyone else's, in the company or not, is missing.
        ("dataio:import-job", "own"): _rule({"manager": 200, "admin": 404}),
        ("dataio:import-job", "other company"): _rule({"manager": 404, "admin": 404}),
        ("dataio:import-job", "missing"): _rule({"manager": 404, "admin": 404}),
        **{
            ("dataio:import-template", f"{kind}-{fmt}"): _rule({"manager": 200, "admin": 200})
            for kind, fmt in (("consultants", "csv"), ("tenders", "csv"))
        },
        **{
            ("dataio:data-export", f"{kind}-{fmt}"): _rule(dict.fromkeys(_PIPELINE_READERS, 200))
            for kind, fmt in DATA_FILES
        },
    }
)

# CVs (consultants/resumes/urls.py): everyone with a profile in sight reads its CVs; managers and
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
                "consultants:resume-career-accept",
                "consultants:resume-career-ignore",
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
# Invitations (consultants/invitations/): managers and recruiters send and revoke them from a profile
# (POST only: a GET answers 405 once the capability lets it through); the link's page needs no login
# and tells a signed-in visitor to log out first.
_INVITING = ("manager", "recruiter", "admin")
MATRIX.update(
    {
        **{
            (name, target): _rule(dict.fromkeys(_INVITING, 405))
            for name in ("consultants:invitation-send", "consultants:invitation-revoke")
            for target in ("colleague", "other company", "missing")
        },
        ("consultants:invitation-accept", "invalid link"): _everyone(200),
    }
)

# The second factor (talentmatch/mfa/): every signed-in user's own page and enrolment; the login's
# code steps show no company data (without a password step first they go back to the login).
NO_COMPANY_DATA |= {"login-code", "login-recovery"}
MATRIX.update(
    {
        ("mfa-settings", None): {**_everyone(200), "anonymous": 302},
        ("mfa-enrol", None): {**_everyone(200), "anonymous": 302},
        ("mfa-recovery-codes", None): {**_everyone(405), "anonymous": 302},
        ("mfa-disable", None): {**_everyone(405), "anonymous": 302},
    }
)
# A consultant's career (consultants/career/urls.py): POST only, so the roles that change consultants
# get 405 on a GET once the capability lets it through (consultants/tests/test_career.py posts to
# another company's, a colleague's and a missing one). Dossiers: the Word file downloads like the PDF;
# sales and managers propose a match to the client (the form), every pipeline reader reads a send.
# The company's dossier branding and its logo: managers (the platform admin has no company, no logo).
MATRIX.update(
    {
        **{
            (name, target): _rule(dict.fromkeys(_CONSULTANT_EDITORS, 405))
            for name in ("consultants:career-add", "consultants:career-change", "consultants:career-remove")
            for target in ("colleague", "other company", "missing")
        },
        ("matching:portfolio-download-docx", "own"): _rule(dict.fromkeys(_PIPELINE_READERS, 200)),
        ("matching:portfolio-download-docx", "other company"): _rule(
            {**dict.fromkeys(_PIPELINE_READERS, 404), "admin": 200}
        ),
        ("matching:portfolio-download-docx", "missing"): _rule(dict.fromkeys(_PIPELINE_READERS, 404)),
        ("matching:proposal-create", "own"): _rule(dict.fromkeys(_SELLING, 200)),
        ("matching:proposal-create", "other company"): _rule({**dict.fromkeys(_SELLING, 404), "admin": 200}),
        ("matching:proposal-create", "missing"): _rule(dict.fromkeys(_SELLING, 404)),
        ("matching:proposal-detail", "own"): _rule(dict.fromkeys(_PIPELINE_READERS, 200)),
        ("matching:proposal-detail", "other company"): _rule({**dict.fromkeys(_PIPELINE_READERS, 404), "admin": 200}),
        ("matching:proposal-detail", "missing"): _rule(dict.fromkeys(_PIPELINE_READERS, 404)),
        ("company-branding", None): _rule(dict.fromkeys(_MANAGING, 200)),
        ("company-logo", None): _rule({"manager": 200, "admin": 404}),
    }
)


# Privacy (privacy/urls.py): everyone who sees a profile reads its consents; managers, recruiters and
# the consultant themselves record them; managers and the consultant download the person's data;
# managers erase it, set departures and read the access log. A partner's consultant, shared or
# not, answers like a missing one: nobody but their own company reaches their personal data.
_EVERY_SIGNED_IN = ("manager", "recruiter", "sales", "consultant", "admin")
_DATA_EXPORTERS = ("manager", "consultant", "admin")
_CONSENT_RECORDERS = ("manager", "recruiter", "consultant", "admin")
_PARTNER_TARGETS = ("partner shared", "partner not shared")


def _per_consultant(allowed: tuple[str, ...]) -> dict[tuple[str, str], dict[str, int]]:
    """A page about one consultant, for the `allowed` roles: own profile, colleague, other company,
    missing, partners' consultants."""
    return {
        "self": _rule(dict.fromkeys(allowed, 200)),
        "colleague": _rule({**dict.fromkeys(allowed, 200), **({"consultant": 404} if "consultant" in allowed else {})}),
        "other company": _rule({**dict.fromkeys(allowed, 404), "admin": 200}),
        "missing": _rule(dict.fromkeys(allowed, 404)),
        **{target: _rule({**dict.fromkeys(allowed, 404), "admin": 200}) for target in _PARTNER_TARGETS},
    }


MATRIX.update(
    {
        ("privacy:privacy-home", None): _rule(dict.fromkeys(_MANAGING, 200)),
        ("privacy:access-log", None): _rule(dict.fromkeys(_MANAGING, 200)),
        ("privacy:privacy-settings", None): _rule(dict.fromkeys(_MANAGING, 405)),
        **{
            (name, target): statuses
            for name, allowed in (
                ("privacy:consultant-privacy", _EVERY_SIGNED_IN),
                ("privacy:personal-data-export", _DATA_EXPORTERS),
                ("privacy:consultant-erase", _MANAGING),
            )
            for target, statuses in _per_consultant(allowed).items()
        },
        **{
            (name, target): _rule(dict.fromkeys(allowed, 405))
            for name, allowed in (
                ("privacy:consent-record", _CONSENT_RECORDERS),
                ("privacy:consultant-departure", _MANAGING),
            )
            for target in ("colleague", "other company", "missing", *_PARTNER_TARGETS)
        },
    }
)

# Notifications (notifications/urls.py): every signed-in person reaches their own notifications,
# preferences and saved searches, never anyone else's (404 like a missing one); the writes answer GET
# with 405. The one-click unsubscribe link needs no login: a bad token gets its explanation page.
_SIGNED_IN_ONLY = {**_everyone(200), "anonymous": 302}
_POST_ONLY = {**_everyone(405), "anonymous": 302}
MATRIX.update(
    {
        ("notifications:notification-list", None): _SIGNED_IN_ONLY,
        ("notifications:preferences", None): _SIGNED_IN_ONLY,
        ("notifications:notification-read-all", None): _POST_ONLY,
        ("notifications:saved-search-save", None): _POST_ONLY,
        ("notifications:unsubscribe", "invalid link"): _everyone(200),
        **{
            (name, target): _POST_ONLY
            for name in ("notifications:notification-read", "notifications:saved-search-delete")
            for target in ("own", "other company", "missing")
        },
    }
)

# Every row above, privacy and notifications included: the permission test requests each of them.
CASES = [(name, target, role) for (name, target), statuses in MATRIX.items() for role in statuses]
