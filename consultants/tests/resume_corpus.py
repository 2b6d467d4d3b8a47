"""The CV upload corpus, built by the tests themselves: two valid files and every kind of bad one."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

CV_TEXT = [
    "Camille Testeur — Développeuse back-end",
    "5 ans de Python, dont 3 avec Django.",
    "PostgreSQL (4 years), Node.js et C++ au quotidien ; un peu de C#.",
    "JavaScript côté front, jamais de Java.",
]


def valid_pdf(lines=CV_TEXT) -> bytes:
    """A real PDF with a text layer, made with WeasyPrint."""
    from weasyprint import HTML

    body = "".join(f"<p>{line}</p>" for line in lines)
    return HTML(string=f"<html lang='fr'><head><meta charset='utf-8'></head><body>{body}</body></html>").write_pdf()


def image_only_pdf() -> bytes:
    """A PDF with a page and no text at all, like a scanned CV."""
    from weasyprint import HTML

    html = "<html><body><div style='width:10cm;height:10cm;background:#333'></div></body></html>"
    return HTML(string=html).write_pdf()


def valid_docx(lines=CV_TEXT) -> bytes:
    """A real DOCX made with python-docx: paragraphs and a table."""
    import docx

    document = docx.Document()
    document.add_heading(lines[0], level=1)
    for line in lines[1:-1]:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Front"
    table.rows[0].cells[1].text = lines[-1]
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(valid_pdf())))
    writer.encrypt(user_password="secret", owner_password="owner-secret", algorithm="RC4-128")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def elf_executable() -> bytes:
    header = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00"
    return header + b"\x00" * 2000


def pe_executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"PE\x00\x00" + b"\x00" * 2000


def html_page() -> bytes:
    return b"<!doctype html><html><head><title>CV</title></head><body><script>alert(1)</script>CV</body></html>"


def oversize_pdf() -> bytes:
    """A PDF header followed by padding: one byte over 10 MB."""
    head = b"%PDF-1.7\n%" + b"\xe2\xe3\xcf\xd3\n"
    return head + b"0" * (10 * 1024 * 1024 + 1 - len(head))


def zip_bomb_docx(unpacked_megabytes: int = 200) -> bytes:
    """A DOCX-shaped zip whose document part unpacks to `unpacked_megabytes` of zeros (a few hundred KB packed)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(unpacked_megabytes):
                part.write(chunk)
    return output.getvalue()


def many_entries_docx(entries: int = 5000) -> bytes:
    """A DOCX-shaped zip with thousands of tiny entries."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for index in range(entries):
            archive.writestr(f"word/media/x{index}.xml", "<x/>")
    return output.getvalue()


def shell_script() -> bytes:
    return b"#!/bin/sh\nrm -rf / --no-preserve-root\n"


@dataclass(frozen=True)
class Sample:
    key: str
    name: str
    data: bytes
    accepted: bool


def corpus() -> list[Sample]:
    """Every file of the issue's corpus; only the first two are to be accepted."""
    return [
        Sample("valid PDF (WeasyPrint)", "cv.pdf", valid_pdf(), True),
        Sample("valid DOCX (python-docx)", "cv.docx", valid_docx(), True),
        Sample("ELF executable renamed .pdf", "cv.pdf", elf_executable(), False),
        Sample("PE executable renamed .pdf", "setup.pdf", pe_executable(), False),
        Sample("HTML file renamed .docx", "cv.docx", html_page(), False),
        Sample("empty file", "empty.pdf", b"", False),
        Sample("encrypted PDF", "locked.pdf", encrypted_pdf(), False),
        Sample("corrupt PDF (first half only)", "cut.pdf", valid_pdf()[: len(valid_pdf()) // 2], False),
        Sample("corrupt DOCX (first half only)", "cut.docx", valid_docx()[: len(valid_docx()) // 2], False),
        Sample("oversize (10 MB + 1 byte)", "big.pdf", oversize_pdf(), False),
        Sample("zip bomb DOCX (200 MB of zeros)", "bomb.docx", zip_bomb_docx(), False),
        Sample("DOCX with 5,000 entries", "many.docx", many_entries_docx(), False),
        Sample("name with ../ and control characters", "../../../etc/cron.d/x\x07\x1b[31m.docx", shell_script(), False),
    ]
