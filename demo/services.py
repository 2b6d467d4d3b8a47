"""Loading the French demo data, or completing it; running it again changes nothing.

Rows are found by natural keys (company by name, user by e-mail, consultant by its user's e-mail,
tender by company, client, title and start date, collaboration by company pair). A row already
present is left as it is, except a demo login whose password no longer matches, which is reset.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from collaborations.models import Collaboration
from collaborations.services import collaboration_accept, collaboration_propose
from consultants.career.models import Experience
from consultants.career.services import career_entries_add
from consultants.catalogue import CATALOGUE, SyncResult, skill_catalogue_sync
from consultants.models import Consultant, ConsultantSkill, Skill
from consultants.services import consultant_create, consultant_skill_set
from demo import demo_data
from demo.career import build_career
from matching.services import rematch_deferred
from talentmatch.models import Company, User, UserRole
from tenders.models import Tender, TenderSkill
from tenders.selectors import owner_candidates
from tenders.services import tender_create, tender_skill_set

# The kinds of rows the summary reports, in display order.
KINDS = {
    "companies": gettext_lazy("Companies"),
    "users": gettext_lazy("Staff and admin users"),
    "collaborations": gettext_lazy("Collaborations"),
    "consultants": gettext_lazy("Consultants"),
    "consultant_skills": gettext_lazy("Consultant skills"),
    "careers": gettext_lazy("Consultant careers"),
    "tenders": gettext_lazy("Tenders"),
    "tender_skills": gettext_lazy("Tender skills"),
}


@dataclass
class SeedReport:
    catalogue: SyncResult | None = None
    created: dict = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    present: dict = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    # (user, password) of every demo login.
    logins: list = field(default_factory=list)

    def count(self, kind: str, *, created: bool) -> None:
        (self.created if created else self.present)[kind] += 1


@transaction.atomic
def demo_seed() -> SeedReport:
    """Create whatever part of the demo data is missing; a second run finds everything and writes nothing."""
    report = SeedReport()
    # One recompute per company once everything is committed, rather than one per skill written.
    with rematch_deferred():
        anchor = _anchor_date()
        companies = _companies(report)
        report.catalogue = skill_catalogue_sync()
        passwords = DemoPasswords()
        _staff(companies, passwords, report)
        _collaboration(companies, anchor, report)
        skills = _catalogue_skills()
        _consultants(companies, skills, anchor, passwords, report)
        _tenders(companies, skills, anchor, report)
    # The platform admin first, then each company's people by role.
    company_rank = {None: -1} | {company.pk: rank for rank, company in enumerate(companies.values())}
    role_rank = {role: rank for rank, role in enumerate(UserRole.values)}
    report.logins.sort(
        key=lambda login: (company_rank.get(login[0].company_id, len(company_rank)), role_rank[login[0].role])
    )
    return report


def _anchor_date() -> datetime.date:
    """The day relative dates count from: the day the demo companies were first created, so that a
    run on a later day finds the same tenders (their start date is part of their natural key)."""
    first_created = (
        Company.objects.filter(name__in=[company.name for company in demo_data.COMPANIES])
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return timezone.localdate(first_created) if first_created else timezone.localdate()


def _companies(report: SeedReport) -> dict[demo_data.DemoCompany, Company]:
    companies = {}
    for spec in demo_data.COMPANIES:
        company = Company.objects.filter(name=spec.name).order_by("pk").first()
        report.count("companies", created=company is None)
        if company is None:
            # No company service exists yet; the model's own validation guards the row.
            company = Company(
                name=spec.name,
                description=spec.description,
                website=spec.website,
                address=spec.address,
                city=spec.city,
                postal_code=spec.postal_code,
                country="France",
            )
            company.full_clean()
            company.save()
        companies[spec] = company
    return companies


class DemoPasswords:
    """Hashes each demo password once per run: the demo accounts of one role share that hash, which
    spares seconds of deliberately slow hashing and costs nothing for passwords printed on screen."""

    def __init__(self):
        self._encoded: dict[str, str] = {}

    def ensure(self, user: User, password: str) -> None:
        """Leave `user` able to log in with `password`, rewriting the row only if it could not."""
        known = self._encoded.get(password)
        if known is not None and user.password == known:
            return
        if user.check_password(password):
            self._encoded.setdefault(password, user.password)
            return
        if known is None:
            known = self._encoded[password] = make_password(password)
        user.password = known
        user.save(update_fields=["password", "updated_at"])


def _staff(companies: dict, passwords: DemoPasswords, report: SeedReport) -> None:
    for spec in demo_data.STAFF:
        user = User.objects.filter(email__lower_exact=spec.email).first()
        report.count("users", created=user is None)
        if user is None:
            user = User.objects.create_user(
                spec.email,
                None,
                first_name=spec.first_name,
                last_name=spec.last_name,
                role=spec.role,
                company=companies[spec.company] if spec.company else None,
            )
        passwords.ensure(user, spec.password)
        report.logins.append((user, spec.password))


def _collaboration(companies: dict, anchor: datetime.date, report: SeedReport) -> None:
    spec = demo_data.COLLABORATION
    initiator, partner = companies[spec["initiator"]], companies[spec["partner"]]
    pair = Q(initiator_company=initiator, partner_company=partner) | Q(
        initiator_company=partner, partner_company=initiator
    )
    exists = Collaboration.objects.filter(pair).exists()
    report.count("collaborations", created=not exists)
    if exists:
        return
    # Proposed by the initiator's manager and accepted by the partner's, as in the app.
    collaboration = collaboration_propose(
        by=_manager(initiator),
        partner=partner,
        start_date=anchor - datetime.timedelta(days=spec["days_since_start"]),
        end_date=None,
        terms=spec["terms"],
    )
    collaboration_accept(collaboration=collaboration, by=_manager(partner))


def _manager(company: Company) -> User:
    return User.objects.filter(company=company, role=UserRole.MANAGER).order_by("pk").first()


def _catalogue_skills() -> dict[str, Skill]:
    """Catalogue skills by name (a same-named skill of another category is not the catalogue's)."""
    category = {entry.name: entry.category for entry in CATALOGUE}
    return {
        skill.name: skill for skill in Skill.objects.filter(name__in=category) if skill.category == category[skill.name]
    }


def _consultants(
    companies: dict, skills: dict, anchor: datetime.date, passwords: DemoPasswords, report: SeedReport
) -> None:
    specs = demo_data.build_consultants(anchor)
    found = {
        consultant.user.email: consultant
        for consultant in Consultant.objects.filter(user__email__in=[spec.email for spec in specs]).select_related(
            "user"
        )
    }
    held = set(ConsultantSkill.objects.filter(consultant__in=found.values()).values_list("consultant_id", "skill_id"))
    with_career = set(Experience.objects.filter(consultant__in=found.values()).values_list("consultant_id", flat=True))
    for spec in specs:
        consultant = found.get(spec.email)
        report.count("consultants", created=consultant is None)
        if consultant is None:
            consultant = consultant_create(
                company=companies[spec.company],
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=spec.email,
                **spec.fields,
            )
        for claim in spec.skills:
            skill = skills[claim.name]
            already = (consultant.pk, skill.pk) in held
            report.count("consultant_skills", created=not already)
            if not already:
                consultant_skill_set(
                    consultant=consultant, skill=skill, proficiency_level=claim.level, years_experience=claim.years
                )
        report.count("careers", created=consultant.pk not in with_career)
        if consultant.pk not in with_career:
            _career(consultant, spec, skills, anchor)
        if spec.has_demo_login:
            password = demo_data.DEMO_PASSWORDS[UserRole.CONSULTANT]
            # consultant_create leaves the account without a password until an invitation, which the demo skips.
            passwords.ensure(consultant.user, password)
            report.logins.append((consultant.user, password))


def _career(consultant: Consultant, spec, skills: dict, anchor: datetime.date) -> None:
    """A consultant's career, added at once when they have none (a career edited in the app is kept)."""
    career = build_career(spec, anchor)
    entries = [
        ("experiences", mission.values, [skills[name] for name in mission.skills]) for mission in career.missions
    ]
    entries += [("education", values, None) for values in career.education]
    entries += [("certifications", values, None) for values in career.certifications]
    entries += [("languages", values, None) for values in career.languages]
    career_entries_add(consultant=consultant, entries=entries, by=None)


def _tenders(companies: dict, skills: dict, anchor: datetime.date, report: SeedReport) -> None:
    found = {
        (tender.company_id, tender.client_name, tender.title, tender.start_date): tender
        for tender in Tender.objects.filter(company__in=companies.values())
    }
    held = set(TenderSkill.objects.filter(tender__in=found.values()).values_list("tender_id", "skill_id"))
    for spec in demo_data.TENDERS:
        company = companies[spec.company]
        fields = spec.fields(anchor)
        tender = found.get((company.pk, fields["client_name"], fields["title"], fields["start_date"]))
        report.count("tenders", created=tender is None)
        if tender is None:
            # The company's salesperson answers its demo calls.
            owner = owner_candidates(company.pk).filter(role=UserRole.SALES).first()
            tender = tender_create(company=company, owner=owner, **fields)
        for need in spec.needs:
            skill = skills[need.name]
            already = (tender.pk, skill.pk) in held
            report.count("tender_skills", created=not already)
            if not already:
                tender_skill_set(
                    tender=tender, skill=skill, importance=need.importance, minimum_level=need.minimum_level
                )
