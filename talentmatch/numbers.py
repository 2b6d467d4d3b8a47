"""Numbers and amounts in the reader's language: "60 000 €" and "650,5" in French, "€60,000" and
"650.5" in English. Every page, PDF and history line that shows money goes through `money`."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _


def number(value: float | int | Decimal | None, decimals: int | None = None) -> str:
    """The value with the language's decimal mark and thousands grouping; "—" for None. Without
    `decimals`, a whole value shows no decimals and another shows those it has."""
    if value is None or value == "":
        return "—"
    if decimals is None and float(value).is_integer():
        decimals = 0
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def money(value: float | int | Decimal | None) -> str:
    """An amount in euros: whole euros when it has no cents, else two decimals; "—" for None."""
    if value is None or value == "":
        return "—"
    amount = number(value, 0 if float(value).is_integer() else 2)
    # Translators: an amount in euros; French puts the sign after it, with a no-break space.
    return _("€%(amount)s") % {"amount": amount}
