"""Platform pages: the role landing page (dashboard)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from consultants.models import Consultant
from matching.models import Match
from talentmatch import access
from tenders.models import Tender

BENCH_HORIZON_DAYS = 30


def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on what it works with; a consultant lands on their own profile."""
    user = request.user
    if user.role == user.Role.CONSULTANT:
        profile = Consultant.objects.visible_to(user).first()
        if profile is not None:
            return redirect("consultants:consultant-detail", pk=profile.pk)
        return render(request, "talentmatch/home_consultant_without_profile.html")

    today = timezone.localdate()
    context = {"role_label": user.get_role_display(), "bench_horizon_days": BENCH_HORIZON_DAYS}
    if access.can(user, access.Capability.TENDER_VIEW):
        context["open_tenders"] = (
            Tender.objects.visible_to(user)
            .open()
            .annotate(suggestion_count=Count("matches", filter=Q(matches__status=Match.Status.SUGGESTED)))
            .order_by("start_date", "pk")[:10]
        )
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
        counts = dict(
            Match.objects.visible_to(user).values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        )
        context["pipeline"] = [(label, counts.get(value, 0)) for value, label in Match.Status.choices]
    return render(request, "talentmatch/home.html", context)
