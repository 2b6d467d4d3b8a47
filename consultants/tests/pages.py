"""What the consultant page tests share: a login helper, a snapshot of every row a page may write
and a valid profile form."""

from consultants.models import Consultant, ConsultantSkill
from talentmatch.models import User

HTMX = {"HTTP_HX_REQUEST": "true"}


def _login(client, user):
    client.force_login(user)
    return client


def _snapshot() -> dict:
    """Every row a consultant page may write (a login's own `last_login` aside)."""
    user_columns = [field.attname for field in User._meta.concrete_fields if field.name != "last_login"]
    return {
        "consultants": list(Consultant.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values(*user_columns)),
        "skills": list(ConsultantSkill.objects.order_by("pk").values()),
    }


def _profile(**overrides) -> dict:
    data = {
        "first_name": "Hélène",
        "last_name": "Lefèvre",
        "email": "helene.lefevre@alpha.test",
        "phone": "+33 6 12 34 56 78",
        "title": "Architecte cloud",
        "experience_years": "12",
        "availability_status": "available",
        "availability_date": "2027-02-01",
        "hourly_rate": "90",
        "daily_rate": "720",
        "bio": "Migrations vers le cloud.",
        "location": "Lyon",
        "remote_work": "on",
        "max_travel_distance": "80",
        "profile_picture_url": "",
    }
    data.update(overrides)
    return data
