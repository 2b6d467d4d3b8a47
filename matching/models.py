"""Matches between consultants and tenders, and the portfolios generated from them."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from talentmatch import access, tenancy
from talentmatch.constraints import choices_check
from talentmatch.models import TimestampedModel
from tenders.models import Tender


class MatchQuerySet(models.QuerySet):
    def visible_to(self, user, links: list | None = None) -> "MatchQuerySet":
        """Matches on the tenders of the user's company that are still current for it: a partner's
        consultant's suggestion only while the partner shares that consultant (revoking shows on the
        next request, before any recompute); submitted, accepted and rejected ones always.

        `links` are the company's in-force links (talentmatch.tenancy.page_links), when the caller
        has already read them; otherwise they are read here (one query, two when one is in force)."""
        if not access.can(user, access.Capability.MATCH_VIEW):
            return self.none()
        if access.sees_all_companies(user):
            return self.all()
        links = tenancy.page_links(user) if links is None else links
        return self.filter(tender__company_id=access.company_id_of(user)).filter(
            tenancy.current_match_q(links, ever_partnered=getattr(links, "ever_partnered", True))
        )


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class RejectionReason(models.TextChoices):
    """Why a match was rejected, counted on the pipeline board; "other" asks for a note."""

    PRICE = "price", _("Price")
    AVAILABILITY = "availability", _("Availability")
    CLIENT_CHOICE = "client_choice", _("Client's choice")
    PROFILE = "profile", _("Profile")
    OTHER = "other", _("Other")


class Match(TimestampedModel):
    """A consultant proposed for a tender, with a 0–1 score and a place in the sales pipeline."""

    Status = MatchStatus
    Reason = RejectionReason

    consultant = models.ForeignKey(
        Consultant, verbose_name=_("consultant"), on_delete=models.CASCADE, related_name="matches"
    )
    tender = models.ForeignKey(Tender, verbose_name=_("tender"), on_delete=models.CASCADE, related_name="matches")
    match_score = models.FloatField(_("score"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUGGESTED)
    notes = models.TextField(_("notes"), null=True, blank=True)
    # The engine's explanation of match_score (see matching/engine/scoring.py for its shape).
    breakdown = models.JSONField(_("score breakdown"), default=dict, blank=True)
    submitted_score = models.FloatField(_("score when submitted"), null=True, blank=True)
    # Digest of the breakdown's inputs (matching.engine.scoring.fingerprints): unchanged → not rewritten.
    breakdown_fingerprint = models.BigIntegerField(null=True, blank=True, editable=False)
    owner = models.ForeignKey(
        "talentmatch.User",
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_matches",
        help_text=_("The person who submitted the consultant."),
    )

    # Set with a rejection (the note stays on its MatchEvent), emptied when the match leaves "rejected".
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=20, choices=RejectionReason.choices, blank=True, default="", db_default=""
    )

    objects = MatchQuerySet.as_manager()

    class Meta:
        db_table = "matches"
        ordering = ["tender", "-match_score", "consultant"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["consultant", "tender"], name="matches_consultant_tender_key"),
            choices_check("matches", "status", MatchStatus),
            models.CheckConstraint(condition=Q(match_score__gte=0) & Q(match_score__lte=1), name="matches_score_0_1"),
            models.CheckConstraint(
                condition=Q(submitted_score__isnull=True) | (Q(submitted_score__gte=0) & Q(submitted_score__lte=1)),
                name="matches_submitted_score_0_1",
            ),
            models.CheckConstraint(
                condition=Q(rejection_reason="") | Q(rejection_reason__in=RejectionReason.values),
                name="matches_rejection_reason_valid",
            ),
        ]
        indexes = [
            models.Index("tender", models.F("match_score").desc(), name="matches_tender_score_idx"),
            models.Index(fields=["tender", "status"], name="matches_tender_status_idx"),
            # The board's columns: each status's best scores first, read in index order.
            models.Index("status", models.F("match_score").desc(), "id", name="matches_status_score_idx"),
            # The same columns sorted by the latest change.
            models.Index("status", models.F("updated_at").desc(), "id", name="matches_status_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.consultant} → {self.tender} ({self.match_score:.2f})"


class TenderCutoff(models.Model):
    """The last place of a tender's top K as the engine last ranked it: (score, consultant), and how
    many candidates it ranked (fewer than K means all of them). Derived data, rewritten by every
    ranking, read by incremental consultant updates so they need not read whole rankings."""

    tender = models.OneToOneField(Tender, on_delete=models.CASCADE, primary_key=True, related_name="cutoff")
    score = models.FloatField()
    consultant_id = models.IntegerField()
    ranked = models.IntegerField()

    class Meta:
        db_table = "match_cutoffs"

    def __str__(self) -> str:
        return f"{self.tender_id}: {self.ranked} ranked, last {self.score:.4f}"


class PoolChange(models.Model):
    """A consultant or tender row written (side 1: a consultant, its skills; side 2: a tender, its
    skills), logged by the database's own triggers (migration 0007), whoever wrote it: the services,
    Django admin, bulk loads or raw SQL. The warm pools of `matching.store.warm` reload exactly the
    rows named since they last looked. Row 0 names every row of its side (a TRUNCATE). Written only
    by the triggers; rows older than a day are deleted by the nightly recompute."""

    CONSULTANT, TENDER = 1, 2

    id = models.BigAutoField(primary_key=True)
    side = models.PositiveSmallIntegerField()
    row_id = models.BigIntegerField()
    # PostgreSQL: the writing transaction's id (xid8); a reader catches up from its last snapshot's xmin.
    transaction_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField()

    class Meta:
        db_table = "matching_pool_changes"
        indexes = [models.Index(fields=["transaction_id"], name="pool_changes_transaction")]

    def __str__(self) -> str:
        return f"{self.side}:{self.row_id}"


class PortfolioQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PortfolioQuerySet":
        """Portfolios built for the tenders of the user's company."""
        if not access.can(user, access.Capability.MATCH_VIEW):
            return self.none()
        if access.sees_all_companies(user):
            return self.all()
        return self.filter(tender__company_id=access.company_id_of(user))


class PortfolioStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class PortfolioGeneration(models.TextChoices):
    QUEUED = "queued", _("Being generated")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class PortfolioLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class Portfolio(TimestampedModel):
    """A skills dossier ("dossier de compétences") of a consultant tailored to a tender."""

    Status = PortfolioStatus
    Generation = PortfolioGeneration
    Language = PortfolioLanguage

    consultant = models.ForeignKey(
        Consultant, verbose_name=_("consultant"), on_delete=models.CASCADE, related_name="portfolios"
    )
    tender = models.ForeignKey(Tender, verbose_name=_("tender"), on_delete=models.CASCADE, related_name="portfolios")
    file_path = models.CharField(_("file path"), max_length=255, null=True, blank=True)
    version = models.IntegerField(_("version"), default=1, db_default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    content = models.TextField(_("content"), null=True, blank=True)
    generated_date = models.DateTimeField(_("generated on"), default=timezone.now)
    # How it was asked for, and where its PDF stands (see matching/portfolios/services.py).
    anonymized = models.BooleanField(_("anonymised"), default=False, db_default=False)
    language = models.CharField(
        _("language"), max_length=2, choices=PortfolioLanguage.choices, default="fr", db_default="fr"
    )
    include_daily_rate = models.BooleanField(_("daily rate shown"), default=False, db_default=False)
    # Employers' and clients' names replaced by their sector (an anonymised dossier's option).
    employers_hidden = models.BooleanField(_("employers hidden"), default=False, db_default=False)
    pitch = models.TextField(_("pitch"), blank=True, default="", db_default="")
    docx_path = models.CharField(_("Word file path"), max_length=255, null=True, blank=True)
    generation = models.CharField(
        _("generation"),
        max_length=10,
        choices=PortfolioGeneration.choices,
        default=PortfolioGeneration.READY,
        db_default="ready",
    )

    objects = PortfolioQuerySet.as_manager()

    class Meta:
        db_table = "portfolios"
        ordering = ["tender", "consultant", "-version"]
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")
        constraints = [
            models.UniqueConstraint(
                fields=["consultant", "tender", "version"], name="portfolios_consultant_tender_version_key"
            ),
            choices_check("portfolios", "status", PortfolioStatus),
            choices_check("portfolios", "generation", PortfolioGeneration),
            choices_check("portfolios", "language", PortfolioLanguage),
            models.CheckConstraint(condition=Q(version__gte=1), name="portfolios_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.consultant} / {self.tender} v{self.version}"


class MatchEvent(models.Model):
    """One change to a match in the pipeline: who, when, from which status to which, and why."""

    match = models.ForeignKey(Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="events")
    by = models.ForeignKey(
        "talentmatch.User", verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=MatchStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=MatchStatus.choices)
    note = models.TextField(_("note"), blank=True, default="")
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        db_table = "match_events"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("match event")
        verbose_name_plural = _("match events")
        constraints = [
            choices_check("match_events", "from_status", MatchStatus),
            choices_check("match_events", "to_status", MatchStatus),
        ]

    def __str__(self) -> str:
        return f"{self.match_id}: {self.from_status} → {self.to_status}"


class RecomputeRunStatus(models.TextChoices):
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
    REQUEUED = "requeued", _("requeued")


class RecomputeRun(models.Model):
    """One delivery of a recompute task being worked on, kept alive by a heartbeat while it runs
    (matching/services/runs.py). A run whose heartbeat stopped (its worker died) is queued again by
    the watchdog within minutes rather than after the broker's visibility timeout. Not company data:
    the task and its keyword arguments, as they were queued."""

    task_id = models.CharField(max_length=64, unique=True)
    task_name = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    queue = models.CharField(max_length=200, blank=True, default="")
    status = models.CharField(max_length=10, choices=RecomputeRunStatus.choices, default=RecomputeRunStatus.RUNNING)
    attempts = models.PositiveIntegerField(default=1)
    worker = models.CharField(max_length=200, blank=True, default="")
    started_at = models.DateTimeField(default=timezone.now)
    heartbeat_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    requeued_as = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        db_table = "match_recompute_runs"
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="recompute_runs_stale_idx")]
        constraints = [choices_check("match_recompute_runs", "status", RecomputeRunStatus)]

    def __str__(self) -> str:
        return f"{self.task_name}[{self.task_id}] {self.status}"


class SendFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"


class SendAnonymisation(models.TextChoices):
    NAMED = "named", _("Named")
    ANONYMISED = "anonymised", _("Anonymised")
    EMPLOYERS_HIDDEN = "employers_hidden", _("Anonymised, employers hidden")


class SendDelivery(models.TextChoices):
    DOWNLOADED = "downloaded", _("Downloaded for the client")


class ProposalSendQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProposalSendQuerySet":
        """The sends of the user's company's tenders."""
        if not access.can(user, access.Capability.MATCH_VIEW):
            return self.none()
        if access.sees_all_companies(user):
            return self.all()
        return self.filter(match__tender__company_id=access.company_id_of(user))


class ProposalSend(models.Model):
    """One proposal of a consultant to the tender's client: who, when, to whom, which dossier version,
    in which format and anonymisation. Kept when the dossier's file is deleted (retention, erasure)."""

    Format = SendFormat
    Anonymisation = SendAnonymisation
    Delivery = SendDelivery

    match = models.ForeignKey(Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="sends")
    portfolio = models.ForeignKey(
        Portfolio, verbose_name=_("dossier"), on_delete=models.SET_NULL, null=True, blank=True, related_name="sends"
    )
    portfolio_version = models.IntegerField(_("dossier version"))
    by = models.ForeignKey(
        "talentmatch.User", verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    contact_name = models.CharField(_("client contact"), max_length=255, blank=True, default="")
    contact_email = models.EmailField(_("contact e-mail"), blank=True, default="")
    file_format = models.CharField(_("format"), max_length=10, choices=SendFormat.choices)
    anonymisation = models.CharField(_("anonymisation"), max_length=20, choices=SendAnonymisation.choices)
    delivery = models.CharField(
        _("delivery"), max_length=20, choices=SendDelivery.choices, default=SendDelivery.DOWNLOADED
    )
    message = models.TextField(_("message"), blank=True, default="")

    objects = ProposalSendQuerySet.as_manager()

    class Meta:
        db_table = "match_sends"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposal sent")
        verbose_name_plural = _("proposals sent")
        constraints = [
            choices_check("match_sends", "file_format", SendFormat),
            choices_check("match_sends", "anonymisation", SendAnonymisation),
            choices_check("match_sends", "delivery", SendDelivery),
            models.CheckConstraint(condition=Q(portfolio_version__gte=1), name="match_sends_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.match_id}: v{self.portfolio_version} {self.file_format}"


class DashboardSnapshot(models.Model):
    """A company's dashboard figures as last computed (matching.dashboard.snapshot): the page reads
    this row instead of scanning the company's consultants and matches on every request."""

    company = models.OneToOneField(
        "talentmatch.Company", verbose_name=_("company"), on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    day = models.DateField(_("figures of the day"))
    computed_at = models.DateTimeField(_("computed at"))
    figures = models.JSONField(_("figures"))

    class Meta:
        db_table = "dashboard_snapshots"
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")

    def __str__(self) -> str:
        return f"{self.company_id}: {self.computed_at.isoformat()}"
