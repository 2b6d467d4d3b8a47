"""The audit trails that other apps keep in their own event models, declared at their app's ready().

This module imports no model, so an AppConfig module may import it at its top:

    def ready(self):
        register_event_trail(EventTrail(model="matching.Match", related_name="events", loaded="event_list"))

`history.selectors.audit_trail_for` then reads such an object's trail from its events instead of the
change records.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventTrail:
    """Status moves of `model` ("app_label.ModelName") kept as events reached by `related_name`;
    each event has `by`, `from_status` (may be empty), `to_status`, `note` and `created_at`, and the
    events come in their model's own ordering. `loaded` names an attribute in which a selector may
    already have put the object's events (read instead of a query)."""

    model: str
    related_name: str
    loaded: str = ""


EVENT_TRAILS: dict[str, EventTrail] = {}


def register_event_trail(trail: EventTrail) -> None:
    """Read the trail of `trail.model`'s objects from their events."""
    EVENT_TRAILS[trail.model.lower()] = trail
