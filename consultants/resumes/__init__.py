"""CVs of consultants: what an upload must be (`extraction`), its writes (`services`), its text
extraction task (`tasks`) and the CV panel of a profile (`views`, `urls`, `forms`).

The public names are re-exported here, so `from consultants.resumes import resume_upload` works.
"""

from consultants.resumes.extraction import (
    CONTENT_TYPES,
    DOCX,
    MAX_DOCX_ENTRIES,
    MAX_DOCX_ENTRY_RATIO,
    MAX_DOCX_UNPACKED_BYTES,
    MAX_EXTRACTED_CHARACTERS,
    MAX_EXTRACTED_PAGES,
    MAX_RESUME_BYTES,
    MIN_READABLE_CHARACTERS,
    PDF,
    Extraction,
    extract_text,
    resume_extract,
    resume_mark_failed,
    sniff_resume,
)
from consultants.resumes.services import (
    declared_marker,
    default_level,
    resume_career_accept,
    resume_career_ignore,
    resume_suggestion_accept,
    resume_suggestion_ignore,
    resume_upload,
)
from talentmatch.storage import private_delete, private_path, private_root, private_write

__all__ = [
    "CONTENT_TYPES",
    "DOCX",
    "MAX_DOCX_ENTRIES",
    "MAX_DOCX_ENTRY_RATIO",
    "MAX_DOCX_UNPACKED_BYTES",
    "MAX_EXTRACTED_CHARACTERS",
    "MAX_EXTRACTED_PAGES",
    "MAX_RESUME_BYTES",
    "MIN_READABLE_CHARACTERS",
    "PDF",
    "Extraction",
    "declared_marker",
    "default_level",
    "extract_text",
    "private_delete",
    "private_path",
    "private_root",
    "private_write",
    "resume_career_accept",
    "resume_career_ignore",
    "resume_extract",
    "resume_mark_failed",
    "resume_suggestion_accept",
    "resume_suggestion_ignore",
    "resume_upload",
    "sniff_resume",
]
