"""A company's branding on its dossiers: a logo (an uploaded PNG or JPEG, checked by what it holds and
stored re-encoded as a PNG without its metadata, in the private files) and two colours."""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from talentmatch import access
from talentmatch.models import Company, User
from talentmatch.storage import private_delete, private_path, private_write

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4000 * 4000
LOGO_BOX = (800, 400)  # a stored logo fits in this box, in pixels


def logo_storage_name(company: Company) -> str:
    return f"branding/{company.pk}/logo.png"


def logo_clean(data: bytes) -> bytes:
    """The uploaded logo as a PNG of at most LOGO_BOX, read from what the file holds (never its name
    or declared type); ValidationError for anything else than a readable PNG or JPEG within limits."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise ValidationError(_("The file is empty."))
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo may weigh at most 1 MB."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind, (width, height) = probe.format, probe.size
            probe.verify()
        if kind not in ("PNG", "JPEG"):
            raise ValidationError(_("The logo must be a PNG or JPEG image."))
        if width * height > LOGO_MAX_PIXELS:
            raise ValidationError(_("The logo may be at most 4000 × 4000 pixels."))
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
            image.thumbnail(LOGO_BOX)
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)  # no text chunks, no EXIF: nothing but pixels
            return out.getvalue()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("This file is not a readable PNG or JPEG image.")) from None


def logo_bytes(company: Company) -> bytes | None:
    """The stored logo's PNG, or None (no logo, or its file is gone)."""
    if not company.logo_path:
        return None
    try:
        return private_path(company.logo_path).read_bytes()
    except (ValueError, OSError):
        return None


@transaction.atomic
def company_branding_set(
    *,
    company: Company,
    by: User,
    brand_colour: str,
    accent_colour: str,
    logo: bytes | None = None,
    remove_logo: bool = False,
) -> Company:
    """Change the company's dossier colours and, when given, its logo (or remove it). `by` holds
    COMPANY_BRANDING and belongs to the company. Nothing is written when anything is refused."""
    if not access.can(by, access.Capability.COMPANY_BRANDING) or (
        not access.sees_all_companies(by) and by.company_id != company.pk
    ):
        raise PermissionDenied
    company = Company.objects.select_for_update().get(pk=company.pk)
    company.brand_colour, company.accent_colour = brand_colour, accent_colour
    errors: dict = {}
    try:
        company.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        error.update_error_dict(errors)
    png = None
    if logo is not None:
        try:
            png = logo_clean(logo)
        except ValidationError as error:
            errors["logo"] = error.messages
    if errors:
        raise ValidationError(errors)
    old = company.logo_path
    if png is not None:
        company.logo_path = logo_storage_name(company)
        private_write(company.logo_path, png)
    elif remove_logo:
        company.logo_path = None
        transaction.on_commit(lambda: private_delete(old))
    company.save(update_fields=["brand_colour", "accent_colour", "logo_path", "updated_at"])
    return company
