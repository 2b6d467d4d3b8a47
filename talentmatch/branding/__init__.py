"""A company's branding on its dossiers (logo and colours): `services` writes it, `views` is its page."""

from talentmatch.branding.services import company_branding_set, logo_bytes, logo_clean

__all__ = ["company_branding_set", "logo_bytes", "logo_clean"]
