"""Accounts in a real Chromium: a consultant invited by a manager chooses a password from the e-mailed
link and edits their own profile; a manager enrols an authenticator app (the code computed from the
secret the page shows, as an app would), then logs in with a code and with a recovery code."""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from consultants.tests.factories import ConsultantFactory
from talentmatch.tests.mfa import code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "une-phrase-de-passe-solide-42"
LINK = re.compile(r"https?://[^/\s]+(/consultants/invitation/[A-Za-z0-9_-]+/)")


def _password_step(page: Page, email: str, password: str) -> None:
    page.goto("/login/")
    page.locator("#main input[name=username]").fill(email)
    page.locator("#main input[name=password]").fill(password)
    page.locator("#main button[type=submit]").click()


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.locator("h1")).to_have_text("Se connecter")


def test_an_invited_consultant_chooses_a_password_and_edits_their_own_profile(
    cast, log_in, page, page_problems, screenshot, live_server, mailoutbox, _tasks_in_process
):
    consultant = ConsultantFactory(
        company=cast.a.company,
        user__first_name="Léa",
        user__last_name="Moreau",
        user__email="lea.moreau@alpha.test",
        title="Développeuse Python",
    )
    log_in(cast.a.manager)
    page.goto(reverse("consultants:consultant-detail", args=[consultant.pk]))
    panel = page.locator("#access-panel")
    expect(panel).to_contain_text("Ne peut pas encore se connecter")
    panel.get_by_role("button", name="Inviter lea.moreau@alpha.test").click()
    expect(page.locator(".messages, [role=status], #main").first).to_contain_text(
        "Invitation envoyée à lea.moreau@alpha.test."
    )
    expect(page.locator("#access-panel")).to_contain_text("Invitation envoyée à lea.moreau@alpha.test le")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["lea.moreau@alpha.test"]
    assert mailoutbox[0].subject == "Alpha Conseil vous invite sur TalentMatch"
    link = LINK.search(mailoutbox[0].body).group(1)
    _log_out(page)

    page.goto(link)
    expect(page.locator("h1")).to_have_text("Choisissez votre mot de passe")
    expect(page.locator("#main")).to_contain_text("Léa Moreau, Alpha Conseil vous invite sur TalentMatch.")
    screenshot("invitation-accept")
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    page.wait_for_url(f"{live_server.url}{reverse('consultants:consultant-detail', args=[consultant.pk])}")
    expect(page.locator("h1")).to_have_text("Léa Moreau")
    expect(page.locator(".whoami")).to_contain_text("Léa Moreau · Consultant")

    page.get_by_role("link", name="Modifier le profil").click()
    page.locator("input[name=title]").fill("Développeuse Python et Django")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"{live_server.url}{reverse('consultants:consultant-detail', args=[consultant.pk])}")
    expect(page.locator(".lede")).to_contain_text("Développeuse Python et Django")
    screenshot("invited-consultant-profile")

    # The link is used up; the new password opens the account.
    _log_out(page)
    page.goto(link)
    expect(page.locator("#main [role=alert]")).to_contain_text("Ce lien d’invitation n’est pas valide")
    _password_step(page, "lea.moreau@alpha.test", NEW_PASSWORD)
    page.wait_for_url(f"{live_server.url}{reverse('consultants:consultant-detail', args=[consultant.pk])}")
    assert page_problems == []


def test_a_manager_enrols_an_app_then_logs_in_with_a_code_and_with_a_recovery_code(
    cast, page, page_problems, screenshot, live_server, settings
):
    settings.MFA_REQUIRED_ROLES = ["manager", "admin"]
    manager = cast.a.manager
    _password_step(page, manager.email, PASSWORD)
    # A role that must use a second factor lands on the enrolment, whatever it asks for.
    page.wait_for_url(f"{live_server.url}{reverse('mfa-enrol')}")
    expect(page.locator("h1")).to_have_text("Configurer une application d’authentification")
    expect(page.locator(".qr svg.qr-code")).to_be_visible()
    page.goto(reverse("consultants:consultant-list"))
    page.wait_for_url(f"{live_server.url}{reverse('mfa-enrol')}")
    screenshot("mfa-enrol")
    shown = page.locator("#mfa-secret").inner_text()
    secret = b32decode(shown.replace(" ", "")).hex()
    page.locator("input[name=code]").fill(code_for(secret))
    page.get_by_role("button", name="Confirmer").click()
    expect(page.locator("h1")).to_have_text("Vos codes de secours")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}", code) for code in codes)
    screenshot("mfa-recovery-codes")
    page.get_by_role("link", name="Je les ai conservés").click()
    expect(page.locator("h1")).to_have_text(f"Bonjour {manager.first_name}")
    _log_out(page)

    # The password, then a code from the app.
    _password_step(page, manager.email, PASSWORD)
    page.wait_for_url(f"{live_server.url}{reverse('login-code')}")
    expect(page.locator("h1")).to_have_text("Authentification à deux facteurs")
    page.locator("input[name=code]").fill(code_for(secret, steps_ahead=1))
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_have_text(f"Bonjour {manager.first_name}")
    _log_out(page)

    # The password, then a recovery code, typed as shown.
    _password_step(page, manager.email, PASSWORD)
    page.wait_for_url(f"{live_server.url}{reverse('login-code')}")
    page.get_by_role("link", name="Plus d’accès à votre application ? Utilisez un code de secours").click()
    page.locator("input[name=code]").fill(codes[0])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("#main")).to_contain_text("Vous avez utilisé un code de secours : il en reste 9.")
    screenshot("mfa-recovery-login")
    page.goto(reverse("mfa-settings"))
    expect(page.locator("#main")).to_contain_text("9 codes de secours restants.")
    assert page_problems == []
