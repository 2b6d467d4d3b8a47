"""Portfolios ("dossiers de compétences"): a consultant's skills dossier tailored to a tender, as a PDF
and a Word file.

`content` says what a dossier holds, `services` books and renders them (`word` writes the Word file),
`sending` proposes one to the client, `tasks` runs the rendering, `views` and `urls` are the match's
portfolio panel. The public names of `services` are re-exported: `from matching.portfolios import
portfolio_request`.
"""

from matching.portfolios.content import (
    IMPORTANCE_ORDER,
    SkillRow,
    initials,
    pair_breakdown,
    partner_shows_names,
    pitch_draft,
    portfolio_context,
    scrub,
)
from matching.portfolios.services import (
    GENERATE_TASK,
    PDF_STYLESHEET,
    PDF_TEMPLATE,
    PITCH_MAX_LENGTH,
    STALLED_AFTER_SECONDS,
    dossier_pdf,
    download_name,
    html_to_pdf,
    is_stalled,
    may_generate,
    portfolio_mark_failed,
    portfolio_mark_final,
    portfolio_render,
    portfolio_request,
    private_delete,
    private_path,
    private_write,
    render_files,
    render_html,
    storage_name,
)

__all__ = [
    "GENERATE_TASK",
    "IMPORTANCE_ORDER",
    "PDF_STYLESHEET",
    "PDF_TEMPLATE",
    "PITCH_MAX_LENGTH",
    "STALLED_AFTER_SECONDS",
    "SkillRow",
    "download_name",
    "dossier_pdf",
    "html_to_pdf",
    "initials",
    "is_stalled",
    "may_generate",
    "pair_breakdown",
    "partner_shows_names",
    "pitch_draft",
    "portfolio_context",
    "portfolio_mark_failed",
    "portfolio_mark_final",
    "portfolio_render",
    "portfolio_request",
    "private_delete",
    "private_path",
    "private_write",
    "render_files",
    "render_html",
    "scrub",
    "storage_name",
]
