"""Proposing a consultant to the tender's client in one step: the dossier (an identical ready version
reused, else a new one booked), an entry in the match's send log (who, when, to which contact, which
version, format and anonymisation, the message) and the match submitted through the pipeline.

Sending is by download for now: the entry records "downloaded for the client"."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from matching.models import Match, MatchStatus, Portfolio, PortfolioGeneration, ProposalSend, SendAnonymisation
from matching.portfolios.services import may_generate, partner_shows_names, portfolio_request
from matching.services.pipeline import match_move
from talentmatch import access
from talentmatch.models import User
from talentmatch.storage import private_path

SENDABLE = (MatchStatus.SUGGESTED, MatchStatus.SUBMITTED)


@dataclass(frozen=True)
class ClientContact:
    name: str = ""
    email: str = ""


def tender_contact(tender) -> ClientContact:
    """The tender's client contact, to prefill a proposal."""
    return ClientContact(name=tender.client_contact_name, email=tender.client_contact_email)


def _options(anonymisation: str) -> tuple[bool, bool]:
    """(anonymised, employers hidden) of an anonymisation level."""
    return anonymisation != SendAnonymisation.NAMED, anonymisation == SendAnonymisation.EMPLOYERS_HIDDEN


def reusable_portfolio(match: Match, *, language: str, anonymisation: str, include_daily_rate: bool, pitch: str):
    """The newest version of the pair's dossier made with exactly these options and pitch, ready or
    being generated, whose files exist; None otherwise."""
    anonymized, employers_hidden = _options(anonymisation)
    candidates = Portfolio.objects.filter(
        consultant_id=match.consultant_id,
        tender_id=match.tender_id,
        language=language,
        anonymized=anonymized,
        employers_hidden=employers_hidden,
        include_daily_rate=include_daily_rate,
        pitch=pitch.strip(),
        generation__in=[PortfolioGeneration.READY, PortfolioGeneration.QUEUED],
    ).order_by("-version")
    for portfolio in candidates[:5]:
        if portfolio.generation == PortfolioGeneration.QUEUED:
            return portfolio
        if (
            portfolio.file_path
            and portfolio.docx_path
            and all(private_path(path).exists() for path in (portfolio.file_path, portfolio.docx_path))
        ):
            return portfolio
    return None


@transaction.atomic
def proposal_send(
    *,
    match: Match,
    by: User,
    file_format: str,
    anonymisation: str,
    language: str,
    include_daily_rate: bool = False,
    pitch: str = "",
    contact_name: str = "",
    contact_email: str = "",
    message: str = "",
) -> ProposalSend:
    """Propose the match's consultant to the client: reuse or book the dossier, log the send and
    submit the match (a submitted one stays submitted). `by` moves the pipeline and generates
    dossiers for this pair; a match already accepted or rejected is refused, with nothing written."""
    if not access.can(by, access.Capability.MATCH_MOVE) or not may_generate(by, match.consultant, match.tender):
        raise PermissionDenied
    match = Match.objects.select_for_update().select_related("consultant", "tender").get(pk=match.pk)
    if match.status not in SENDABLE:
        raise ValidationError(_("Only a suggested or submitted match can be proposed to the client."))
    if file_format not in ProposalSend.Format.values:
        raise ValidationError({"file_format": [_("Choose PDF or Word.")]})
    if anonymisation not in SendAnonymisation.values:
        raise ValidationError({"anonymisation": [_("Choose an anonymisation level.")]})
    if anonymisation == SendAnonymisation.NAMED and partner_shows_names(match.consultant, match.tender) is False:
        anonymisation = SendAnonymisation.ANONYMISED  # a partner hiding names: the dossier is anonymised
    send = ProposalSend(
        match=match,
        by=by,
        contact_name=" ".join(contact_name.split()),
        contact_email=contact_email.strip(),
        file_format=file_format,
        anonymisation=anonymisation,
        message=message.strip(),
        portfolio_version=1,
    )
    send.full_clean(exclude=["match", "portfolio", "by"])
    portfolio = reusable_portfolio(
        match, language=language, anonymisation=anonymisation, include_daily_rate=include_daily_rate, pitch=pitch
    )
    if portfolio is None:
        anonymized, employers_hidden = _options(anonymisation)
        portfolio = portfolio_request(
            consultant=match.consultant,
            tender=match.tender,
            by=by,
            anonymized=anonymized,
            employers_hidden=employers_hidden,
            language=language,
            include_daily_rate=include_daily_rate,
            pitch=pitch,
        )
    send.portfolio, send.portfolio_version = portfolio, portfolio.version
    send.save()
    if match.status == MatchStatus.SUGGESTED:
        note = _("Proposed to the client (dossier v%(version)s, %(format)s).") % {
            "version": portfolio.version,
            "format": send.get_file_format_display(),
        }
        match_move(match=match, to=MatchStatus.SUBMITTED, by=by, note=note)
    return send
