"""Reading CVs: what a file must be to be accepted, its text, and the extraction step that records the
text and the skills it suggests on a queued CV (run by the extraction task, never by a request).

The type of a file is decided by its content — its magic bytes and a successful parse — never by its
name.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from consultants.models import Resume, ResumeStatus
from consultants.resumes.career import detect_career
from consultants.skills.detection import SkillDetector
from talentmatch.storage import private_path

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


def _skills_in(detector: SkillDetector):
    def skills_in(text: str) -> list[int]:
        return list(dict.fromkeys(mention.skill_id for mention in detector.mentions(text)))

    return skills_in


def resume_extract(*, resume_id: int, company_id: int) -> Resume | None:
    """Extract the text of a queued CV and detect its skills and career entries; a file the parsers
    fail on marks it failed.

    Safe to run twice: a CV that is no longer queued is left as it is. None when the CV is gone or
    not of `company_id`."""
    resume = Resume.objects.filter(pk=resume_id, consultant__company_id=company_id).first()
    if resume is None or resume.status != ResumeStatus.QUEUED:
        return resume
    try:
        data = private_path(resume.file_path).read_bytes()
        extraction = extract_text(data, resume.file_type)
        suggestions, career = [], []
        if extraction.text:
            detector = SkillDetector.from_catalogue()
            suggestions = [
                {"skill": found.skill_id, "years": found.years, "state": "pending"}
                for found in detector.detect(extraction.text)
            ]
            career = [
                {"id": number, **proposal, "state": "pending"}
                for number, proposal in enumerate(detect_career(extraction.text, _skills_in(detector)), start=1)
            ]
    except Exception:  # noqa: BLE001 - a CV the parsers choke on is marked failed, never left queued
        logger.exception("CV %s: text extraction failed", resume_id)
        resume_mark_failed(resume_id=resume.pk, company_id=company_id)
        resume.refresh_from_db()
        return resume
    Resume.objects.filter(pk=resume.pk, status=ResumeStatus.QUEUED).update(
        status=extraction.status,
        extracted_data=extraction.text,
        skill_suggestions=suggestions,
        career_suggestions=career,
    )
    resume.refresh_from_db()
    return resume


def resume_mark_failed(*, resume_id: int, company_id: int) -> None:
    """A queued CV whose extraction ran out of time or crashed: failed, with no text."""
    Resume.objects.filter(pk=resume_id, consultant__company_id=company_id, status=ResumeStatus.QUEUED).update(
        status=ResumeStatus.FAILED
    )
