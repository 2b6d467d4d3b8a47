"""talentmatch.events: announcements run their handlers at once, except inside `deferred()`, which
collects consultant, tender and pool changes and hands them over once at the end."""

import pytest

from talentmatch import events


@pytest.fixture
def heard(monkeypatch):
    """Replace every subscriber with a recorder of (event, arguments)."""
    calls: list = []
    handlers = {event: [lambda *args, event=event: calls.append((event, args))] for event in events.Event}
    monkeypatch.setattr(events, "_handlers", handlers)
    return calls


def test_outside_deferred_each_announcement_is_heard_at_once(heard):
    events.pool_changed([2, 1, 2])
    events.consultant_changed([7])
    assert heard == [(events.Event.POOL_CHANGED, ([1, 2],)), (events.Event.CONSULTANT_CHANGED, ([7],))]


def test_deferred_collects_pool_changes_with_the_rest_and_flushes_once(heard):
    with events.deferred():
        events.pool_changed([1, 2])
        events.consultant_changed([7])
        with events.deferred():
            events.pool_changed([3])
            events.tender_changed([9])
        assert heard == []
    assert heard == [
        (
            events.Event.DEFERRED_FLUSHED,
            (events.Pending(consultant_ids={7}, tender_ids={9}, pool_company_ids={1, 2, 3}),),
        )
    ]


def test_a_deferred_block_with_only_pool_changes_still_flushes(heard):
    with events.deferred():
        events.pool_changed([4])
    assert heard == [(events.Event.DEFERRED_FLUSHED, (events.Pending(pool_company_ids={4}),))]


def test_an_empty_deferred_block_announces_nothing(heard):
    with events.deferred():
        events.pool_changed([])
    assert heard == []
