from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from tenders.models import Tender

PAGE_SIZE = 25


def tender_list(request):
    tenders = Tender.objects.visible_to(request.user).select_related("company")
    page = Paginator(tenders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tenders/tender_list.html", {"page": page})


def tender_detail(request, pk: int):
    tender = get_object_or_404(Tender.objects.visible_to(request.user).select_related("company"), pk=pk)
    skills = tender.tender_skills.select_related("skill")
    return render(request, "tenders/tender_detail.html", {"tender": tender, "skills": skills})
