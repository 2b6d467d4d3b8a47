"""The dossier as a Word file (python-docx), from the same context and in the same order as its PDF
(templates/pdf/portfolio.html), so that a firm edits in Word exactly what the PDF says. Its metadata
names the firm and the dossier's title only: an anonymised dossier's name is its initials there too."""

from __future__ import annotations

import io

from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from talentmatch.numbers import money


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _years(count: int) -> str:
    return ngettext("%(counter)s year", "%(counter)s years", count) % {"counter": count}


def month(value) -> str:
    return formats.date_format(value, "M Y") if value else ""


def mission_period(mission) -> str:
    end = month(mission.end) if mission.end else _("ongoing")
    return f"{month(mission.start)} – {end}"


class _Writer:
    def __init__(self, context: dict):
        self.context = context
        self.document = Document()
        self.brand = _rgb(context["brand_colour"])
        self.accent = _rgb(context["accent_colour"])
        section = self.document.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(1.8), Cm(2.0)
        section.left_margin = section.right_margin = Cm(1.6)
        normal = self.document.styles["Normal"]
        normal.font.name, normal.font.size = "DejaVu Sans", Pt(10)
        normal.font.color.rgb = self.accent

    def heading(self, text: str, level: int = 1) -> None:
        paragraph = self.document.add_heading(text, level=level)
        for run in paragraph.runs:
            run.font.color.rgb = self.brand if level == 1 else self.accent

    def line(self, *parts: tuple[str, bool], style: str | None = None):
        """A paragraph of runs: (text, highlighted) — highlighted runs are bold in the firm's colour."""
        paragraph = self.document.add_paragraph(style=style)
        for text, highlighted in parts:
            run = paragraph.add_run(text)
            if highlighted:
                run.bold = True
                run.font.color.rgb = self.brand
        return paragraph

    def cover(self) -> None:
        c = self.context
        if c["logo_png"]:
            self.document.add_picture(io.BytesIO(c["logo_png"]), height=Cm(1.6))
        firm = self.line((c["firm"].upper(), True))
        firm.runs[0].font.size = Pt(9)
        title = self.document.add_heading(_("Skills dossier") + f" — {c['name']}", level=0)
        for run in title.runs:
            run.font.color.rgb = self.accent
        if c["headline"]:
            self.line((c["headline"], False))
        self.line(
            (
                _("Proposed for “%(title)s” (%(client)s)")
                % {"title": c["tender"].title, "client": c["tender"].client_name},
                False,
            )
        )
        for label, value in self.facts():
            self.line((f"{label} : " if get_language() == "fr" else f"{label}: ", True), (value, False))

    def facts(self) -> list[tuple[str, str]]:
        c = self.context
        facts = []
        if c["experience_years"] is not None:
            facts.append((_("Experience"), _years(c["experience_years"])))
        availability = c["availability"]
        if c["available_from"]:
            availability += " · " + _("from %(date)s") % {
                "date": formats.date_format(c["available_from"], "DATE_FORMAT")
            }
        facts.append((_("Availability"), availability))
        if c["location"]:
            location = c["location"] + (" · " + _("open to remote work") if c["remote_work"] else "")
            facts.append((_("Location"), location))
        if c["daily_rate"] is not None:
            facts.append((_("Daily rate"), f"{money(c['daily_rate'])} " + _("excl. VAT")))
        if c["email"]:
            facts.append((_("E-mail"), c["email"]))
        if c["phone"]:
            facts.append((_("Phone"), c["phone"]))
        return facts

    def body(self) -> None:
        c = self.context
        self.heading(_("Why this profile"))
        self.line((c["pitch"], False))
        self.heading(_("Skills"))
        group = None
        for skill in c["skills"]:
            if skill.relevance_group != group:
                group = skill.relevance_group
                self.heading(group, level=2)
            detail = f" — {skill.level}"
            if skill.years is not None:
                detail += " · " + _years(skill.years)
            if skill.relevance:
                detail += f" · {skill.relevance}"
            self.line((skill.name, True), (detail, False), style="List Bullet")
        if not c["skills"]:
            self.line((_("No skill declared."), False))
        if c["missions"]:
            self.heading(_("Missions"))
            for mission in c["missions"]:
                self.line((f"{mission.role} — {mission.employer}", True))
                place = f" · {mission.location}" if mission.location else ""
                self.line((mission_period(mission) + place, False))
                if mission.description:
                    self.line((mission.description, False))
                if mission.skills:
                    parts = [(_("Skills used:") + " ", False)]
                    for index, (name, asked) in enumerate(mission.skills):
                        parts.append((name, asked))
                        if index < len(mission.skills) - 1:
                            parts.append((", ", False))
                    self.line(*parts)
        if c["education"]:
            self.heading(_("Education"))
            for entry in c["education"]:
                text = entry.degree + (f", {entry.field}" if entry.field else "")
                if c["education_details"]:
                    text += f" — {entry.school}"
                years = "–".join(str(year) for year in (entry.start_year, entry.end_year) if year)
                self.line((text, False), (f" ({years})" if years else "", False), style="List Bullet")
        if c["certifications"]:
            self.heading(_("Certifications"))
            for entry in c["certifications"]:
                text = entry.name + (f" — {entry.issuer}" if entry.issuer else "")
                if entry.obtained_on:
                    text += f" ({month(entry.obtained_on)})"
                self.line((text, False), style="List Bullet")
        if c["languages"]:
            self.heading(_("Languages"))
            for entry in c["languages"]:
                self.line((entry.language, True), (f" — {entry.get_level_display()}", False), style="List Bullet")

    def footer(self) -> None:
        c = self.context
        text = _("Version %(version)s, generated on %(date)s by %(firm)s.") % {
            "version": c["portfolio"].version,
            "date": formats.date_format(c["generated"], "DATE_FORMAT"),
            "firm": c["firm"],
        }
        paragraph = self.document.sections[0].footer.paragraphs[0]
        paragraph.text = text
        paragraph.runs[0].font.size = Pt(8)

    def properties(self) -> None:
        """Core properties that say only what the dossier says: nothing of python-docx's template."""
        c = self.context
        now = timezone.now().replace(microsecond=0)
        props = self.document.core_properties
        props.title = c["document_title"]
        props.subject = c["tender"].title
        props.author = props.last_modified_by = c["firm"]
        props.keywords = props.comments = props.category = props.content_status = ""
        props.identifier = props.version = ""
        props.language = get_language() or ""
        props.created = props.modified = now
        props.last_printed = now
        props.revision = c["portfolio"].version
        settings = self.document.settings.element
        for child in settings.findall(qn("w:rsids")):
            settings.remove(child)

    def bytes(self) -> bytes:
        self.cover()
        self.body()
        self.footer()
        self.properties()
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def context_to_docx(context: dict) -> bytes:
    """The Word file of a dossier's context (matching.portfolios.content.portfolio_context)."""
    return _Writer(context).bytes()
