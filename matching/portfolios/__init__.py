"""Portfolios ("dossiers de compétences"): a consultant's skills dossier tailored to a tender, as a PDF.

`services` books and renders them, `tasks` runs the rendering, `views` and `urls` are the match's
portfolio panel. The public names of `services` are re-exported: `from matching.portfolios import
portfolio_request`.
"""

from matching.portfolios.services import (
    GENERATE_TASK,
    IMPORTANCE_ORDER,
    PDF_STYLESHEET,
    PDF_TEMPLATE,
    STALLED_AFTER_SECONDS,
    SkillRow,
    download_name,
    html_to_pdf,
    initials,
    is_stalled,
    may_generate,
    pair_breakdown,
    partner_shows_names,
    portfolio_context,
    portfolio_mark_failed,
    portfolio_mark_final,
    portfolio_render,
    portfolio_request,
    private_delete,
    private_path,
    private_write,
    render_html,
    scrub,
    storage_name,
)

__all__ = [
    "GENERATE_TASK",
    "IMPORTANCE_ORDER",
    "PDF_STYLESHEET",
    "PDF_TEMPLATE",
    "STALLED_AFTER_SECONDS",
    "SkillRow",
    "download_name",
    "html_to_pdf",
    "initials",
    "is_stalled",
    "may_generate",
    "pair_breakdown",
    "partner_shows_names",
    "portfolio_context",
    "portfolio_mark_failed",
    "portfolio_mark_final",
    "portfolio_render",
    "portfolio_request",
    "private_delete",
    "private_path",
    "private_write",
    "render_html",
    "scrub",
    "storage_name",
]
