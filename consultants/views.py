from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from consultants.models import Consultant, ConsultantSkill

PAGE_SIZE = 25


def consultant_list(request):
    consultants = (
        Consultant.objects.visible_to(request.user)
        .with_people()
        .prefetch_related(Prefetch("consultant_skills", queryset=ConsultantSkill.objects.select_related("skill")))
    )
    page = Paginator(consultants, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "consultants/consultant_list.html", {"page": page})


def consultant_detail(request, pk: int):
    consultant = get_object_or_404(Consultant.objects.visible_to(request.user).with_people(), pk=pk)
    skills = consultant.consultant_skills.select_related("skill")
    return render(request, "consultants/consultant_detail.html", {"consultant": consultant, "skills": skills})
