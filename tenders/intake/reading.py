"""The text of a call for tenders: pasted, or read from an uploaded PDF, Word (.docx) or e-mail (.eml).

PDF and DOCX go through the CV rules (consultants.resumes.extraction: type by content, size limit,
zip-bomb and encryption checks). An e-mail is parsed with the standard library: its text/plain part
is preferred, an HTML part is reduced to its text (nothing it links to is fetched), and its PDF and
DOCX attachments are read by the same rules. Nothing is stored: the bytes live only in the request.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from consultants.models import ResumeStatus
from consultants.resumes.extraction import MAX_EXTRACTED_CHARACTERS, MAX_RESUME_BYTES, extract_text, sniff_resume

MAX_UPLOAD_BYTES = MAX_RESUME_BYTES
MAX_ATTACHMENTS = 5
EML = "eml"
# The first line of an e-mail file is a header ("Received: ...", "From: ...", "MIME-Version: 1.0").
_HEADER_LINE = re.compile(rb"^(?:From [^\r\n]*|[A-Za-z][A-Za-z0-9-]{0,60}:[^\r\n]*)\r?\n")
_KNOWN_HEADERS = ("from", "to", "subject", "date", "message-id", "mime-version", "received", "return-path")


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


@dataclass
class CallText:
    """What a document says: its text, its subject line (e-mails) and what could not be read in it."""

    text: str
    subject: str = ""
    sender: str = ""
    notes: list[str] = field(default_factory=list)


def read_upload(data: bytes) -> CallText:
    """The text of an uploaded call: PDF, DOCX or .eml, decided by its content. ValidationError (on
    "file") with a message for the user when the file is refused or holds no readable text."""
    if not data:
        raise _refuse(_("The file is empty."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise _refuse(_("The file is larger than 10 MB."))
    if data.startswith((b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return CallText(_document_text(data))
    if _looks_like_email(data):
        return _email_text(data)
    raise _refuse(_("Only PDF, Word (.docx) and e-mail (.eml) files are accepted, and this file is none of them."))


def _document_text(data: bytes) -> str:
    file_type = sniff_resume(data)
    extraction = extract_text(data, file_type)
    if extraction.status != ResumeStatus.EXTRACTED or not extraction.text:
        raise _refuse(_("The file holds no readable text (a scanned image?): paste the call's text instead."))
    return extraction.text


def _looks_like_email(data: bytes) -> bool:
    head = data[:4096]
    if not _HEADER_LINE.match(head):
        return False
    names = {
        line.split(b":", 1)[0].strip().lower().decode("ascii", "ignore") for line in head.splitlines() if b":" in line
    }
    return len(names & set(_KNOWN_HEADERS)) >= 2


def _email_text(data: bytes) -> CallText:
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        subject = " ".join(str(message.get("subject", "")).split())
        sender = " ".join(str(message.get("from", "")).split())
        plain, html, attachments = _walk(message)
    except Exception:  # noqa: BLE001 - a malformed message is a refused file, never an error page
        raise _refuse(_("The e-mail file is damaged and cannot be read.")) from None
    body = plain or _html_text(html)
    chunks, notes = [body] if body.strip() else [], []
    for name, payload in attachments[:MAX_ATTACHMENTS]:
        try:
            chunks.append(_document_text(payload))
        except ValidationError as error:
            reason = " ".join(error.message_dict.get("file", error.messages))
            notes.append(_("Attachment %(name)s was not read: %(reason)s") % {"name": name, "reason": reason})
    # The subject names the need as often as the body does ("Chef de projet Agile").
    text = _tidy("\n\n".join([subject, *chunks]) if subject else "\n\n".join(chunks))
    if sum(char.isalnum() for char in text) < 20:
        raise _refuse(_("The e-mail holds no readable text."))
    return CallText(text, subject=subject, sender=sender, notes=notes)


def _walk(message) -> tuple[str, str, list[tuple[str, bytes]]]:
    plain, html, attachments = [], [], []
    for part in message.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        filename = part.get_filename() or ""
        if part.get_content_disposition() == "attachment" or filename:
            payload = part.get_payload(decode=True) or b""
            if payload.startswith((b"%PDF-", b"PK\x03\x04")):
                attachments.append((" ".join(filename.split())[:100] or content_type, payload))
            continue
        if content_type == "text/plain":
            plain.append(part.get_content())
        elif content_type == "text/html":
            html.append(part.get_content())
    return "\n".join(plain), "\n".join(html), attachments


class _TextOfHtml(HTMLParser):
    """The visible text of an HTML body: scripts and styles dropped, blocks as line breaks."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head", "title"):
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head", "title"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def _html_text(html: str) -> str:
    if not html:
        return ""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in (text or "").replace("\r", "").splitlines()]
    tidy = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return tidy[:MAX_EXTRACTED_CHARACTERS]


def pasted_text(text: str) -> CallText:
    return CallText(_tidy(text))
