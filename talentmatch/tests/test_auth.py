import bcrypt
import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from conftest import PASSWORD, REAL_PASSWORD_HASHERS
from talentmatch.models import User


def test_login_page_is_served_in_french_by_default(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="fr">' in content
    assert "Adresse e-mail" in content


def test_login_with_email_and_password_lands_on_dashboard(client, cast):
    response = client.post(reverse("login"), {"username": "sales@alpha.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_login_email_is_case_insensitive(client, cast):
    response = client.post(reverse("login"), {"username": "Sales@Alpha.TEST", "password": PASSWORD})
    assert response.status_code == 302


def test_wrong_password_is_refused_with_a_message(client, cast):
    response = client.post(reverse("login"), {"username": "sales@alpha.test", "password": "nope-nope-nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_ends_the_session(client, cast):
    client.force_login(cast.a.sales)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_passwords_are_hashed_with_argon2(cast, settings):
    settings.PASSWORD_HASHERS = REAL_PASSWORD_HASHERS
    cast.a.sales.set_password("another-long-password")
    assert cast.a.sales.password.startswith("argon2$")


def test_a_seed_bcrypt_hash_still_logs_in_and_is_upgraded_to_argon2(cast, settings):
    settings.PASSWORD_HASHERS = REAL_PASSWORD_HASHERS
    legacy = bcrypt.hashpw(b"legacy-password-42", bcrypt.gensalt(rounds=4)).decode()
    User.objects.filter(pk=cast.a.sales.pk).update(password=f"bcrypt${legacy}")
    user = authenticate(username="sales@alpha.test", password="legacy-password-42")
    assert user is not None and user.pk == cast.a.sales.pk
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


@pytest.mark.parametrize("role", ["manager", "recruiter", "sales"])
def test_staff_roles_land_on_the_dashboard(client, cast, role):
    client.force_login(cast.a.user(role))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.templates[0].name == "talentmatch/home.html"


def test_only_the_platform_admin_reaches_django_admin(client, cast):
    client.force_login(cast.a.manager)
    assert client.get("/admin/").status_code == 302
    client.force_login(cast.admin)
    assert client.get("/admin/").status_code == 200
