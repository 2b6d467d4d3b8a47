"""Platform pages: the role landing page (dashboard)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from consultants.models import Consultant
from matching.models import Match
from matching.selectors import pipeline_counts
from talentmatch import access, tenancy
from tenders.models import Tender

BENCH_HORIZON_DAYS = 30


def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on what it works with; a consultant lands on their own profile. The pipeline
    and suggestion counts are the board's and the rankings' (Match.objects.visible_to). The platform
    admin keeps this page (they support every company from it) with each line's company named."""
    user = request.user
    if user.role == user.Role.CONSULTANT:
        profile = Consultant.objects.visible_to(user).first()
        if profile is not None:
            return redirect("consultants:consultant-detail", pk=profile.pk)
        return render(request, "talentmatch/home_consultant_without_profile.html")

    today = timezone.localdate()
    # The platform admin sees every company's rows, so each line names its company.
    all_companies = access.sees_all_companies(user)
    context = {
        "role_label": user.get_role_display(),
        "bench_horizon_days": BENCH_HORIZON_DAYS,
        "all_companies": all_companies,
    }
    links = tenancy.page_links(user)
    if access.can(user, access.Capability.TENDER_VIEW):
        tenders = Tender.objects.visible_to(user).open().order_by("start_date", "pk")
        open_tenders = list((tenders.select_related("company") if all_companies else tenders)[:10])
        suggestions = dict(
            Match.objects.visible_to(user, links=links)
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
        context["bench"] = (
            Consultant.objects.visible_to(user)
            .with_people()
            .filter(
                Q(availability_status__in=["available", "partially_available"])
                | Q(availability_date__lte=today + timedelta(days=BENCH_HORIZON_DAYS))
            )
            .order_by("availability_date", "pk")[:10]
        )
    if access.can(user, access.Capability.MATCH_VIEW):
        counts = pipeline_counts(user, links=links)
        context["pipeline"] = [(label, counts.get(value, 0)) for value, label in Match.Status.choices]
    return render(request, "talentmatch/home.html", context)
