"""Platform pages: the role landing page (dashboard)."""

from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from consultants.models import Consultant
from matching.dashboard import selectors as dashboard
from matching.models import Match, MatchStatus
from talentmatch import access, tenancy
from tenders.models import Tender

BENCH_LISTED = 10


def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on what it works with; a consultant lands on their own profile. The figures
    and charts are matching.dashboard's (company-scoped, precomputed per company); the lists are live. The
    platform admin keeps this page (they support every company from it) with each line's company named."""
    user = request.user
    if user.role == user.Role.CONSULTANT:
        profile = Consultant.objects.visible_to(user).first()
        if profile is not None:
            return redirect("consultants:consultant-detail", pk=profile.pk)
        return render(request, "talentmatch/home_consultant_without_profile.html")

    today = timezone.localdate()
    # The platform admin sees every company's rows, so each line names its company.
    all_companies = access.sees_all_companies(user)
    figures, refreshing = dashboard.dashboard_figures(user, today)
    horizon = today + timedelta(days=dashboard.BENCH_HORIZON_DAYS)
    context = {
        "role_label": user.get_role_display(),
        "figures": figures,
        "today": today,
        "yesterday": today - timedelta(days=1),
        "bench_horizon": horizon,
        "bench_horizon_days": dashboard.BENCH_HORIZON_DAYS,
        "default_acceptance_rate": dashboard.DEFAULT_ACCEPTANCE_RATE,
        "min_decisions": dashboard.MIN_DECISIONS,
        "refreshing": refreshing,
        "stale_day": figures is not None and figures.today != today,
        "all_companies": all_companies,
    }
    if access.can(user, access.Capability.TENDER_VIEW):
        # What a sales person answers next: open tenders by reply deadline, those nobody is put forward on marked.
        put_forward = Match.objects.filter(
            tender=OuterRef("pk"), status__in=[MatchStatus.SUBMITTED, MatchStatus.ACCEPTED]
        )
        tenders = (
            Tender.objects.visible_to(user)
            .open()
            .annotate(answered=Exists(put_forward))
            .order_by(F("reply_deadline").asc(nulls_last=True), "start_date", "pk")
        )
        open_tenders = list((tenders.select_related("company") if all_companies else tenders)[:10])
        suggestions = dict(
            Match.objects.visible_to(user, links=tenancy.page_links(user))
            .filter(status=Match.Status.SUGGESTED, tender__in=open_tenders)
            .order_by()
            .values_list("tender_id")
            .annotate(n=Count("pk"))
            .values_list("tender_id", "n")
        )
        for tender in open_tenders:
            tender.suggestion_count = suggestions.get(tender.pk, 0)
        context["open_tenders"] = open_tenders
    if access.can(user, access.Capability.CONSULTANT_VIEW):
        context["bench"] = list(
            Consultant.objects.visible_to(user)
            .with_people()
            .free_on(horizon)
            .order_by(F("availability_date").asc(nulls_first=True), "pk")[:BENCH_LISTED]
        )
    return render(request, "talentmatch/home.html", context)
