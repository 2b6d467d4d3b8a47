"""The company's dossier branding: a logo checked by content and stored re-encoded, two colours."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from talentmatch.branding import company_branding_set, logo_bytes
from talentmatch.models import Company


@pytest.fixture(autouse=True)
def _english(settings, tmp_path):
    settings.LANGUAGE_CODE = "en"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _png(size=(300, 100), **text) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in text.items():
        info.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGBA", size, (200, 30, 30, 255)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def test_a_logo_is_stored_as_a_png_without_its_metadata_and_fitted_in_its_box(cast):
    company = company_branding_set(
        company=cast.a.company,
        by=cast.a.manager,
        brand_colour="#123456",
        accent_colour="#654321",
        logo=_png((1600, 400), Author="Jeanne Secret"),
    )
    stored = logo_bytes(company)
    assert b"Jeanne Secret" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("PNG", (800, 200))
    saved = Company.objects.get(pk=cast.a.company.pk)
    assert (saved.brand_colour, saved.accent_colour, saved.logo_path) == (
        "#123456",
        "#654321",
        f"branding/{company.pk}/logo.png",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "This file is not a readable PNG or JPEG image."),
        (_png()[:60], "This file is not a readable PNG or JPEG image."),
        (b"", "The file is empty."),
    ],
)
def test_a_file_that_is_not_a_png_or_jpeg_is_refused_and_nothing_changes(cast, data, message):
    with pytest.raises(ValidationError) as error:
        company_branding_set(
            company=cast.a.company, by=cast.a.manager, brand_colour="#000000", accent_colour="#000000", logo=data
        )
    assert error.value.message_dict == {"logo": [message]}
    saved = Company.objects.get(pk=cast.a.company.pk)
    assert (saved.brand_colour, saved.logo_path) == ("#1f5fbf", None)


def test_only_a_manager_of_the_company_changes_its_branding(cast):
    for user in (cast.a.sales, cast.b.manager):
        with pytest.raises(PermissionDenied):
            company_branding_set(company=cast.a.company, by=user, brand_colour="#000000", accent_colour="#000000")


def test_the_branding_page_uploads_a_logo_previews_it_and_refuses_a_bad_colour(client, cast):
    client.force_login(cast.a.manager)
    url = reverse("company-branding")
    upload = SimpleUploadedFile("logo.txt", _png(), content_type="text/plain")  # the content decides
    response = client.post(url, {"brand_colour": "#aa0000", "accent_colour": "#001100", "logo": upload})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert reverse("company-logo") in page
    logo = client.get(reverse("company-logo"))
    assert logo["Content-Type"] == "image/png" and logo.content.startswith(b"\x89PNG")
    response = client.post(url, {"brand_colour": "red", "accent_colour": "#001100"})
    assert response.status_code == 400 and "Enter a colour as #RRGGBB." in response.content.decode()
    assert Company.objects.get(pk=cast.a.company.pk).brand_colour == "#aa0000"
    client.force_login(cast.b.manager)
    assert client.get(reverse("company-logo")).status_code == 404  # b has no logo; a's is never served to b
