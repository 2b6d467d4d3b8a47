"""What the tender page tests share: the board of two companies' tenders, a login helper, a
snapshot of the tender tables and a valid tender form."""

from tenders.models import Tender, TenderSkill

HTMX = {"HTTP_HX_REQUEST": "true"}


def _login(client, user):
    client.force_login(user)
    return client


def _snapshot() -> dict:
    return {
        "tenders": list(Tender.objects.order_by("pk").values()),
        "skills": list(TenderSkill.objects.order_by("pk").values()),
    }


def _tender(**overrides) -> dict:
    data = {
        "title": "Migration Kubernetes",
        "client_name": "Assurance Gamma",
        "description": "Mise en place d'une plateforme.",
        "start_date": "2027-03-01",
        "end_date": "2027-09-30",
        "location": "Lyon",
        "remote_work": "on",
        "budget": "90000",
        "required_consultants": "2",
    }
    data.update(overrides)
    return data
