"""How a partner sees a shared consultant's name; the sharing rules themselves live in
talentmatch.tenancy (below the consultants app, so that every app imports them at module level)
and are re-exported here for this app's readers."""

from __future__ import annotations

from talentmatch.tenancy import (  # noqa: F401 - re-exported
    SHARING_HORIZON_DAYS,
    Link,
    available_soon_q,
    in_force_q,
    is_in_force,
    links_and_history,
    links_to,
    partner_company_ids,
    shared_q,
    today,
)


def initials(first_name: str, last_name: str) -> str:
    """ "Hélène Lefèvre" → "H. L."; what a partner sees of a name unless the owner shows names."""
    parts = [f"{part[0].upper()}." for part in (first_name.strip(), last_name.strip()) if part]
    return " ".join(parts) or "—"


def display_name(consultant, show_names: bool) -> str:
    user = consultant.user if consultant.user_id else None
    if user is None:
        return "—"
    return user.full_name if show_names else initials(user.first_name, user.last_name)
