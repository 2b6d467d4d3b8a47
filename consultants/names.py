"""Which name of a catalogue skill a reader reads: the French one for a French reader when the
catalogue has it, else the canonical (English) name, which stays the key everywhere."""

from __future__ import annotations

from django.utils.translation import get_language


def reads_french(language: str | None = None) -> bool:
    """Whether a reader of `language` (default: the active one) reads French."""
    return ((language or get_language()) or "").split("-")[0] == "fr"


def skill_display_name(name: str, name_fr: str, language: str | None = None) -> str:
    """What `Skill.display_name` shows, from the two columns (for reads that take values, not rows)."""
    return name_fr if name_fr and reads_french(language) else name
