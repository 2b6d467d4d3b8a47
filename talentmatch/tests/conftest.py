"""Fixtures of the talentmatch tests: the pages of the permission matrix, with their ids."""

from __future__ import annotations

import pytest

from consultants.models import Consultant, SkillProposal
from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, SkillFactory
from dataio.services import jobs
from matching.tests.factories import MatchFactory
from notifications.models import Notification, SavedSearch
from talentmatch.tests.factories import CompanyFactory
from talentmatch.tests.isolation import DATA_FILES, Pages
from tenders.models import Tender
from tenders.tests.factories import TenderFactory, TenderSkillFactory

# The privacy routes about one consultant (privacy/urls.py), requested with the consultants' ids.
PRIVACY_CONSULTANT_ROUTES = (
    "privacy:consultant-privacy",
    "privacy:consent-record",
    "privacy:personal-data-export",
    "privacy:consultant-departure",
    "privacy:consultant-erase",
)


@pytest.fixture
def _quick_password_hashing(settings):
    """Hashing is not under test here, and Argon2's deliberate cost would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
        language = {"language": "Anglais", "level": "C1"}
        proposal = {"id": 1, "kind": "languages", "values": language, "skills": [], "lines": [], "state": "pending"}
        resume = Resume.objects.create(
            consultant=consultant,
            file_path=path,
            file_type="pdf",
            status="extracted",
            skill_suggestions=[suggestion],
            career_suggestions=[proposal],
        )
        cvs[target] = {"pk": consultant.pk, "resume_pk": resume.pk}
    cvs["missing"] = {"pk": colleague_a.pk, "resume_pk": cvs["other company"]["resume_pk"] + 1000}
    with_skill = {target: {**key, "skill_pk": skill.pk} for target, key in cvs.items() if target != "self"}
    with_entry = {target: {**key, "number": 1} for target, key in cvs.items() if target != "self"}
    portfolios = {}
    for target, match in (("own", match_a), ("other company", match_b)):
        path = f"portfolios/{match.tender.company_id}/{target.replace(' ', '-')}.pdf"
        private_write(path, b"%PDF-1.4 isolation")
        private_write(path[:-4] + ".docx", b"PK isolation")
        portfolio = Portfolio.objects.create(
            consultant=match.consultant,
            tender=match.tender,
            file_path=path,
            docx_path=path[:-4] + ".docx",
            generation="ready",
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
        "consultants:resume-career-accept": with_entry,
        "consultants:resume-career-ignore": with_entry,
        "matching:portfolio-panel": matches,
        "matching:portfolio-generate": matches,
        "matching:portfolio-download": portfolios,
        "matching:portfolio-download-docx": portfolios,
        "matching:portfolio-final": portfolios,
        **_dossier_ids(cast, consultants, matches),
    }


def _dossier_ids(cast, consultants: dict, matches: dict) -> dict:
    """A mission per consultant, a send per company and company a's logo: the ids of the career,
    proposal and branding routes."""
    import datetime

    from consultants.career.models import Experience
    from matching.models import Match, ProposalSend
    from talentmatch.branding.services import logo_storage_name
    from talentmatch.storage import private_write

    entries = {
        target: Experience.objects.create(
            consultant_id=pk, employer="Isolation-Employer", role="Dev", start_date=datetime.date(2020, 1, 1)
        ).pk
        for target, pk in consultants.items()
        if target != "missing"
    }
    entries["missing"] = max(entries.values()) + 1000
    career = {target: {"pk": pk, "kind": "experiences"} for target, pk in consultants.items()}
    with_entry = {target: {**key, "entry_pk": entries[target]} for target, key in career.items()}
    sends = {
        target: ProposalSend.objects.create(
            match=Match.objects.get(pk=matches[target]), portfolio_version=1, file_format="pdf", anonymisation="named"
        ).pk
        for target in ("own", "other company")
    }
    sends["missing"] = sends["other company"] + 1000
    company = cast.a.company
    company.logo_path = logo_storage_name(company)
    private_write(company.logo_path, b"\x89PNG isolation")
    company.save(update_fields=["logo_path"])
    return {
        "consultants:career-add": career,
        "consultants:career-change": with_entry,
        "consultants:career-remove": with_entry,
        "matching:proposal-create": matches,
        "matching:proposal-detail": sends,
    }


def _notification_ids(cast) -> dict:
    """A notification and a saved search of company a's manager (own) and of company b's (other company)."""
    notifications, searches = {}, {}
    for target, side, title in (("own", cast.a, "Alpha-Tender-Title"), ("other company", cast.b, "Beta-Tender-Title")):
        notifications[target] = Notification.objects.create(
            recipient=side.manager,
            company=side.company,
            kind="reply_deadline",
            key=f"deadline:{target}",
            params={"tender": title, "date": "2030-01-02"},
            link="/tenders/",
        ).pk
        searches[target] = SavedSearch.objects.create(
            owner=side.manager, list_name="tenders", name=f"{title} search", query="q=" + title
        ).pk
    notifications["missing"] = notifications["other company"] + 1000
    searches["missing"] = searches["other company"] + 1000
    return {
        "notifications:notification-read": notifications,
        "notifications:saved-search-delete": searches,
        "notifications:unsubscribe": {"invalid link": {"token": "invalid-token"}},
    }


def _import_job_ids(cast) -> dict:
    """A background import of company a's manager (own) and one of company b's (other company)."""
    content = b"first_name,last_name,email\r\nAnne,Job,anne.job@example.com\r\n"
    own, other = (
        jobs.import_job_start(
            kind="consultants", name="f.csv", content=content, by=side.manager, dry_run=True, language="en", queue=False
        )
        for side in (cast.a, cast.b)
    )
    return {"own": {"job": own}, "other company": {"job": other}, "missing": {"job": "no-such-job"}}


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
    proposal_a, proposal_b = (
        SkillProposal.objects.create(company=side.company, proposed_by=side.manager, name=name, category="other")
        for side, name in ((cast.a, "Alpha-Proposed-Skill"), (cast.b, "Beta-Proposed-Skill"))
    )
    proposals = {"own": proposal_a.pk, "other company": proposal_b.pk, "missing": proposal_b.pk + 1000}
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
            "matching:board-column": {"suggested": {"status": "suggested"}},
            "matching:tender-ranking": tenders,
            "skills:skill-edit": {"catalogue": skill.pk},
            "skills:proposal-accept": proposals,
            "skills:proposal-reject": proposals,
            "dataio:import-template": {f"{kind}-{fmt}": {"kind": kind, "fmt": fmt} for kind, fmt in DATA_FILES},
            "dataio:data-export": {f"{kind}-{fmt}": {"kind": kind, "fmt": fmt} for kind, fmt in DATA_FILES},
            "password_reset_confirm": {"invalid link": {"uidb64": "MQ", "token": "invalid-token"}},
            "consultants:invitation-send": consultants,
            "consultants:invitation-revoke": consultants,
            "consultants:invitation-accept": {"invalid link": {"token": "invalid-token"}},
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
            **_notification_ids(cast),
            "dataio:import-job": _import_job_ids(cast),
            **dict.fromkeys(PRIVACY_CONSULTANT_ROUTES, consultants),
        }
    )
