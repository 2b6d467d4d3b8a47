"""CVs: what an upload must be to be accepted, where it is kept, and every write on the `resumes` table.

The type of a file is decided by its content — its magic bytes and a successful parse — never by its
name. A refused file leaves nothing behind: no row, no file. Files live under
settings.PRIVATE_MEDIA_ROOT, which no URL serves, under a name the server chooses.
"""

from __future__ import annotations

import io
import logging
import uuid
import zipfile
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from consultants.models import Consultant, ConsultantSkill, ProficiencyLevel, Resume, ResumeStatus, Skill
from talentmatch import access
from talentmatch.models import User
from talentmatch.storage import private_delete, private_path, private_root, private_write  # noqa: F401 — re-exported

logger = logging.getLogger(__name__)

MAX_RESUME_BYTES = 10 * 1024 * 1024
# A DOCX is a zip: refuse before parsing one that would unpack absurdly (a zip bomb).
MAX_DOCX_ENTRIES = 500
MAX_DOCX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_DOCX_ENTRY_RATIO = 200  # uncompressed / compressed size of one entry above 1 MB

PDF = "pdf"
DOCX = "docx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc files and password-protected Office files


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


# --- what a CV file must be ---------------------------------------------------------------------


def sniff_resume(data: bytes) -> str:
    """The type of an uploaded CV, PDF or DOCX, decided by its content; ValidationError (on "file")
    with a message for the user when it is neither, or empty, encrypted, corrupt, or too large."""
    if not data:
        raise _refuse(_("The file is empty."))
    if len(data) > MAX_RESUME_BYTES:
        raise _refuse(_("The file is larger than 10 MB."))
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        return PDF
    if data.startswith(b"PK\x03\x04"):
        _check_docx(data)
        return DOCX
    if data.startswith(_OLE_MAGIC):
        raise _refuse(
            _("Old Word documents (.doc) and password-protected Office files are not accepted: save it as PDF or DOCX.")
        )
    raise _refuse(_("Only PDF and Word (.docx) files are accepted, and this file is neither."))


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError, PdfReadError):
                opened = 0
            if not opened:
                raise _refuse(_("The PDF is protected by a password: upload an unprotected copy."))
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - any parser failure means a damaged file, which the user must hear about
        logger.info("refused a corrupt PDF", exc_info=True)
        raise _refuse(_("The PDF file is damaged and cannot be read.")) from None
    if pages == 0:
        raise _refuse(_("The PDF has no page."))


def _check_docx(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refuse(_("The Word file is damaged and cannot be read.")) from None
    # Python's zipfile never unpacks more than an entry declares, so the declared sizes are a bound.
    if len(entries) > MAX_DOCX_ENTRIES or sum(entry.file_size for entry in entries) > MAX_DOCX_UNPACKED_BYTES:
        raise _refuse(_("The Word file unpacks to an abnormal size and is refused."))
    for entry in entries:
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_DOCX_ENTRY_RATIO * max(entry.compress_size, 1):
            raise _refuse(_("The Word file unpacks to an abnormal size and is refused."))
        if entry.flag_bits & 0x1:
            raise _refuse(_("The Word file is encrypted: upload an unprotected copy."))
    names = {entry.filename for entry in entries}
    if "EncryptedPackage" in names:
        raise _refuse(_("The Word file is encrypted: upload an unprotected copy."))
    if "[Content_Types].xml" not in names:
        raise _refuse(_("Only PDF and Word (.docx) files are accepted, and this file is neither."))
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        document.paragraphs  # noqa: B018 - touching the body proves the main part parses
    except Exception:  # noqa: BLE001 - python-docx raises many types for a file that is not a Word document
        logger.info("refused a file that is not a readable DOCX", exc_info=True)
        raise _refuse(_("The file is not a readable Word (.docx) document.")) from None


# --- writes -------------------------------------------------------------------------------------


def _can_upload(user: User | None, consultant: Consultant) -> bool:
    return access.can(user, access.Capability.RESUME_UPLOAD) and (
        Consultant.objects.visible_to(user).filter(pk=consultant.pk).exists()
    )


def resume_upload(*, consultant: Consultant, data: bytes, by: User | None) -> Resume:
    """Store a CV of `consultant` as its next version and queue its text extraction.

    The content must pass `sniff_resume` (ValidationError otherwise, with nothing written). `by`
    (None for the system) must hold RESUME_UPLOAD and see the consultant. Concurrent uploads get
    distinct versions.
    """
    if by is not None and not _can_upload(by, consultant):
        raise PermissionDenied
    file_type = sniff_resume(data)
    relative = f"resumes/{consultant.company_id}/{uuid.uuid4().hex}.{file_type}"
    private_write(relative, data)
    try:
        resume = _resume_insert(consultant=consultant, relative=relative, file_type=file_type)
    except BaseException:
        private_delete(relative)
        raise
    return resume


def _resume_insert(*, consultant: Consultant, relative: str, file_type: str) -> Resume:
    for attempt in range(5):
        try:
            with transaction.atomic():
                # The consultant's row lock serialises versioning; the unique key backs it up on SQLite.
                Consultant.objects.select_for_update().filter(pk=consultant.pk).first()
                last = Resume.objects.filter(consultant=consultant).aggregate(last=Max("version"))["last"] or 0
                resume = Resume.objects.create(
                    consultant=consultant,
                    file_path=relative,
                    file_type=file_type,
                    version=last + 1,
                    status=ResumeStatus.QUEUED,
                )
                transaction.on_commit(lambda booked=resume: _queue_extraction(booked))
                return resume
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _queue_extraction(resume: Resume) -> None:
    from consultants.tasks import resume_extract_task

    resume_extract_task.delay(resume_id=resume.pk, company_id=resume.consultant.company_id)


@dataclass
class Extraction:
    status: str
    text: str | None


MIN_READABLE_CHARACTERS = 20
MAX_EXTRACTED_PAGES = 40
MAX_EXTRACTED_CHARACTERS = 200_000


def extract_text(data: bytes, file_type: str) -> Extraction:
    """The text of a CV; `unreadable` (and no text) when it holds too little text, e.g. a scanned image."""
    if file_type == PDF:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        chunks = [page.extract_text() or "" for page in reader.pages[:MAX_EXTRACTED_PAGES]]
    elif file_type == DOCX:
        import docx

        document = docx.Document(io.BytesIO(data))
        chunks = [paragraph.text for paragraph in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                chunks.append(" | ".join(cell.text for cell in row.cells))
    else:
        raise ValueError(f"Unknown CV type {file_type!r}")
    lines = [" ".join(line.split()) for chunk in chunks for line in chunk.splitlines()]
    text = "\n".join(line for line in lines if line)[:MAX_EXTRACTED_CHARACTERS]
    if sum(char.isalnum() for char in text) < MIN_READABLE_CHARACTERS:
        return Extraction(ResumeStatus.UNREADABLE, None)
    return Extraction(ResumeStatus.EXTRACTED, text)


def resume_extract(*, resume_id: int, company_id: int) -> Resume | None:
    """Extract the text of a queued CV and detect its skills; a file the parsers fail on marks it failed.

    Safe to run twice: a CV that is no longer queued is left as it is. None when the CV is gone or
    not of `company_id`."""
    from consultants.skill_detection import detect_skills

    resume = Resume.objects.filter(pk=resume_id, consultant__company_id=company_id).first()
    if resume is None or resume.status != ResumeStatus.QUEUED:
        return resume
    try:
        data = private_path(resume.file_path).read_bytes()
        extraction = extract_text(data, resume.file_type)
        suggestions = []
        if extraction.text:
            suggestions = [
                {"skill": found.skill_id, "years": found.years, "state": "pending"}
                for found in detect_skills(extraction.text)
            ]
    except Exception:  # noqa: BLE001 - a CV the parsers choke on is marked failed, never left queued
        logger.exception("CV %s: text extraction failed", resume_id)
        resume_mark_failed(resume_id=resume.pk, company_id=company_id)
        resume.refresh_from_db()
        return resume
    Resume.objects.filter(pk=resume.pk, status=ResumeStatus.QUEUED).update(
        status=extraction.status, extracted_data=extraction.text, skill_suggestions=suggestions
    )
    resume.refresh_from_db()
    return resume


def resume_mark_failed(*, resume_id: int, company_id: int) -> None:
    """A queued CV whose extraction ran out of time or crashed: failed, with no text."""
    Resume.objects.filter(pk=resume_id, consultant__company_id=company_id, status=ResumeStatus.QUEUED).update(
        status=ResumeStatus.FAILED
    )


# --- suggestions --------------------------------------------------------------------------------


def default_level(years: int | None) -> str:
    """A starting level for a suggested skill, from the years the CV gives; the recruiter decides."""
    if years is None:
        return ProficiencyLevel.INTERMEDIATE
    if years < 2:
        return ProficiencyLevel.BEGINNER
    if years < 5:
        return ProficiencyLevel.INTERMEDIATE
    if years < 8:
        return ProficiencyLevel.ADVANCED
    return ProficiencyLevel.EXPERT


def _set_state(resume: Resume, skill_id: int, state: str) -> None:
    suggestions = list(resume.skill_suggestions or [])
    for suggestion in suggestions:
        if suggestion.get("skill") == skill_id:
            suggestion["state"] = state
    resume.skill_suggestions = suggestions
    resume.save(update_fields=["skill_suggestions", "updated_at"])


def _locked_pending(resume: Resume, skill_id: int) -> Resume:
    locked = Resume.objects.select_for_update().get(pk=resume.pk)
    if not any(s.get("skill") == skill_id and s.get("state") == "pending" for s in locked.skill_suggestions or []):
        raise ValidationError(_("This suggestion has already been handled."))
    return locked


def declared_marker(consultant_skill: ConsultantSkill | None) -> str:
    """What the recruiter saw of an already declared skill when reviewing a suggestion ("" for none)."""
    if consultant_skill is None:
        return ""
    years = "" if consultant_skill.years_experience is None else str(consultant_skill.years_experience)
    return f"{consultant_skill.proficiency_level}:{years}"


@transaction.atomic
def resume_suggestion_accept(
    *,
    resume: Resume,
    skill: Skill,
    proficiency_level: str,
    years_experience: int | None,
    seen_declared: str,
    by: User | None,
) -> ConsultantSkill:
    """Declare (or update) a skill suggested by a CV, with the level and years the recruiter chose.

    `seen_declared` is `declared_marker` of the skill as the recruiter saw it: if the declared skill
    changed since (or was declared meanwhile), nothing is written and ValidationError says so, so a
    declared skill is never overwritten by a decision taken on stale information.
    """
    from consultants import services

    consultant = resume.consultant
    if by is not None and not _can_upload(by, consultant):
        raise PermissionDenied
    locked = _locked_pending(resume, skill.pk)
    current = ConsultantSkill.objects.select_for_update().filter(consultant=consultant, skill=skill).first()
    if declared_marker(current) != (seen_declared or ""):
        raise ValidationError(
            _("%(skill)s was changed on the profile meanwhile: review the suggestion again.") % {"skill": skill.name}
        )
    held = services.consultant_skill_set(
        consultant=consultant,
        skill=skill,
        proficiency_level=proficiency_level,
        years_experience=years_experience,
        details=current.details if current else None,
    )
    _set_state(locked, skill.pk, "accepted")
    return held


@transaction.atomic
def resume_suggestion_ignore(*, resume: Resume, skill: Skill, by: User | None) -> Resume:
    """Dismiss a suggested skill; the profile is not touched."""
    if by is not None and not _can_upload(by, resume.consultant):
        raise PermissionDenied
    locked = _locked_pending(resume, skill.pk)
    _set_state(locked, skill.pk, "ignored")
    return locked
