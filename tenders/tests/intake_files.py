"""Files of calls for tenders made in the tests: a PDF (WeasyPrint), a Word document (python-docx)
and an e-mail (the standard library), from a call's plain text."""

from __future__ import annotations

import io
from email.message import EmailMessage
from html import escape

import docx
from weasyprint import HTML


def _html(text: str) -> str:
    blocks = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith("- "):
            blocks.append(f"<li>{escape(line[2:])}</li>")
        else:
            blocks.append(f"<p>{escape(line)}</p>")
    return "<html><body>" + "".join(blocks) + "</body></html>"


def pdf_of(text: str) -> bytes:
    # Lists keep their "- " so that the extracted text reads like the original.
    html = (
        "<html><body style='font-family: sans-serif; font-size: 11pt'>"
        + "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
        + "</body></html>"
    )
    return HTML(string=html).write_pdf()


def docx_of(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        if line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def eml_of(text: str, *, subject: str, sender: str, html: bool = False, attachment: bytes | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "commerce@esn.example"
    message["Subject"] = subject
    message["Date"] = "Thu, 03 Dec 2026 09:30:00 +0100"
    if html:
        message.set_content(_html(text), subtype="html")
    elif attachment is not None:
        message.set_content("Bonjour,\nNotre besoin est dans la pièce jointe.\nCordialement.")
    else:
        message.set_content(text)
    if attachment is not None:
        message.add_attachment(attachment, maintype="application", subtype="pdf", filename="besoin.pdf")
    return message.as_bytes()


def file_of(call: dict) -> bytes:
    if call["format"] == "pdf":
        return pdf_of(call["text"])
    if call["format"] == "docx":
        return docx_of(call["text"])
    attachment = pdf_of(call["text"]) if call.get("attachment") == "pdf" else None
    return eml_of(
        call["text"],
        subject=call["subject"],
        sender=call["sender"],
        html=call.get("html", False),
        attachment=attachment,
    )
