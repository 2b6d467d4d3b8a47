"""A person with a row in every table that can hold something about them, a colleague with the same,
and company b's consultant: what the export and the erasure tests read."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt

from collaborations.models import CollaborationSharing
from collaborations.tests.factories import CollaborationFactory
from consultants.models import Consultant, Resume
from consultants.services import consultant_create, consultant_update
from consultants.tests.factories import ConsultantSkillFactory, SkillFactory
from history.models import ChangeRecord
from matching.models import Match, MatchEvent, Portfolio
from privacy.models import AccessLogEntry
from privacy.services import consent_record
from talentmatch.storage import private_write
from talentmatch.tests.factories import CompanyFactory
from tenders.tests.factories import TenderFactory


@dataclass
class Person:
    consultant: Consultant
    markers: list[str]  # strings only this person's data carries
    files: list[str]


def make_person(company, *, by, name: str, tenders: list, partner_collaboration=None) -> Person:
    """A consultant named `name` with skills, two CVs and a dossier (files written), a submitted,
    a rejected and a suggested match with notes and moves, consents, history and an access-log line."""
    markers = [f"{name}-First", f"{name}-Last", f"{name.lower()}@person.test", f"+33 6 {len(name):02d} 11 22 33"]
    consultant = consultant_create(
        company=company,
        first_name=markers[0],
        last_name=markers[1],
        email=markers[2],
        phone=markers[3],
        by=by,
        title=f"{name}-Title",
        bio=f"{name}-Bio loves Python",
        location="Lyon",
        daily_rate=600.0,
    )
    consultant_update(consultant=consultant, by=by, bio=f"{name}-Bio-Updated likes Django")
    markers += [f"{name}-Title", f"{name}-Bio", f"{name}-Bio-Updated"]
    ConsultantSkillFactory(consultant=consultant, skill=SkillFactory(name="Python"), details=f"{name}-Skill-Details")
    markers.append(f"{name}-Skill-Details")
    files = []
    for version in (1, 2):
        path = f"resumes/{company.pk}/{consultant.pk}-v{version}.pdf"
        private_write(path, f"%PDF-1.4 {name}-CV-{version}".encode())
        Resume.objects.create(
            consultant=consultant,
            file_path=path,
            file_type="pdf",
            version=version,
            status="extracted",
            extracted_data=f"{name}-CV-Text-{version}",
        )
        files.append(path)
        markers.append(f"{name}-CV-Text-{version}")
    submitted = Match.objects.create(
        consultant=consultant, tender=tenders[0], match_score=0.8, status="submitted", notes=f"{name}-Match-Notes"
    )
    MatchEvent.objects.create(
        match=submitted, by=by, from_status="suggested", to_status="submitted", note=f"{name}-Move"
    )
    rejected = Match.objects.create(consultant=consultant, tender=tenders[1], match_score=0.6, status="rejected")
    MatchEvent.objects.create(match=rejected, by=by, from_status="submitted", to_status="rejected", note=f"{name}-Why")
    Match.objects.create(consultant=consultant, tender=tenders[2], match_score=0.7, status="suggested")
    markers += [f"{name}-Match-Notes", f"{name}-Move", f"{name}-Why"]
    path = f"portfolios/{company.pk}/{consultant.pk}.pdf"
    private_write(path, f"%PDF-1.4 {name}-Dossier".encode())
    Portfolio.objects.create(
        consultant=consultant, tender=tenders[0], file_path=path, generation="ready", content=f"{name}-Dossier-Text"
    )
    files.append(path)
    markers.append(f"{name}-Dossier-Text")
    consent_record(consultant=consultant, purpose="proposal", granted=True, by=by, note=f"{name}-Consent-Note")
    consent_record(consultant=consultant, purpose="proposal", granted=False, by=by)
    markers.append(f"{name}-Consent-Note")
    if partner_collaboration is not None:
        sharing = CollaborationSharing.objects.create(
            collaboration=partner_collaboration, company=company, mode="selection"
        )
        sharing.selection.add(consultant)
    AccessLogEntry.objects.create(company=company, user=by, kind="resume_download", consultant=consultant, detail="v1")
    AccessAttempt.objects.create(username=markers[2], ip_address="10.0.0.1", user_agent="test", failures_since_start=1)
    assert ChangeRecord.objects.filter(object_kind="consultant", object_id=consultant.pk).count() >= 2
    return Person(consultant=Consultant.objects.get(pk=consultant.pk), markers=markers, files=files)


@dataclass
class World:
    person: Person
    colleague: Person
    other: Person


@pytest.fixture
def world(cast, settings, tmp_path) -> World:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    partner = CompanyFactory(name="Gamma Partners")
    collaboration = CollaborationFactory(initiator_company=cast.a.company, partner_company=partner)
    tenders_a = [TenderFactory(company=cast.a.company, title=f"Alpha tender {n}") for n in range(3)]
    tenders_b = [TenderFactory(company=cast.b.company, title=f"Beta tender {n}") for n in range(3)]
    person = make_person(
        cast.a.company, by=cast.a.manager, name="Zephyrine", tenders=tenders_a, partner_collaboration=collaboration
    )
    colleague = make_person(cast.a.company, by=cast.a.manager, name="Barnabe", tenders=tenders_a)
    other = make_person(cast.b.company, by=cast.b.manager, name="Octave", tenders=tenders_b)
    return World(person=person, colleague=colleague, other=other)
