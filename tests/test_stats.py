"""Deck counts, reviews per day, the due forecast, retention, weakest muscles, streak."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import at
from sample_decks import seven_muscle_deck

from studytool import stats
from studytool.storage import Store

DECK = "test-deck"


@pytest.fixture
def synced(store: Store, write_deck: Callable[..., Path]) -> Store:
    store.sync(
        [
            write_deck(seven_muscle_deck(), "a.yaml"),
            write_deck(
                seven_muscle_deck()
                .replace("id: test-deck", "id: other")
                .replace("title: Test deck", "title: Another deck"),
                "b.yaml",
            ),
        ],
        at(1),
    )
    return store


def counts(
    store: Store, when: int, hour: int = 12, *, bury_siblings: bool = False
) -> dict[str, stats.DeckCounts]:
    """The deck list's counts; siblings are not buried unless asked, so the limits show."""
    return {
        c.deck: c for c in stats.deck_counts(store, at(when, hour), bury_siblings=bury_siblings)
    }


def test_with_siblings_buried_a_muscle_counts_once_a_day(synced: Store) -> None:
    """7 muscles and 2 free cards: 9 new cards a day, whatever the limit says."""
    assert counts(synced, 1, bury_siblings=True)[DECK].new == 9
    queue = synced.queue(at(1), [DECK], bury_siblings=True)
    synced.answer(queue[0].id, 5, at(1, 9))  # a muscle studied today
    assert counts(synced, 1, 10, bury_siblings=True)[DECK].new == 8
    for day in (1, 2):  # and the counts are the queue, limits and siblings alike
        offered = synced.queue(at(day, 11), [DECK], bury_siblings=True)
        line = counts(synced, day, 11, bury_siblings=True)[DECK]
        assert (line.new, line.due) == (
            sum(card.schedule.is_new for card in offered),
            sum(not card.schedule.is_new for card in offered),
        )


def test_a_fresh_deck_shows_new_cards_within_the_daily_limit(synced: Store) -> None:
    line = counts(synced, 1)[DECK]
    assert (line.title, line.total, line.new, line.new_waiting) == ("Test deck", 41, 20, 41)
    assert (line.learning, line.due, line.suspended, line.last_studied) == (0, 0, 0, None)
    assert [c.deck for c in stats.deck_counts(synced, at(1))] == ["other", DECK]  # by title


def test_counts_follow_answers_through_the_day(synced: Store) -> None:
    queue = synced.queue(at(1), [DECK])
    for card in queue[:5]:
        synced.answer(card.id, 5, at(1, 9))
    synced.answer(queue[5].id, 1, at(1, 9))  # comes back today
    synced.suspend(queue[6].id)
    today = counts(synced, 1, 10)[DECK]
    assert (today.new, today.new_waiting, today.learning, today.due) == (14, 34, 1, 0)
    assert today.suspended == 1
    assert today.last_studied is not None
    assert today.last_studied.isoformat() == "2026-03-01T09:00:00+00:00"
    tomorrow = counts(synced, 2)[DECK]
    assert (tomorrow.new, tomorrow.learning, tomorrow.due) == (20, 0, 6)
    assert counts(synced, 2)["other"].due == 0


def test_reviews_per_day_and_the_forecast(synced: Store) -> None:
    queue = synced.queue(at(1), [DECK])
    for card in queue[:3]:
        synced.answer(card.id, 5, at(1))  # due 2 March
    for card in queue[3:5]:
        synced.answer(card.id, 5, at(3))  # due 4 March
    per_day = stats.reviews_per_day(synced, at(3), days=4)
    assert [(d.day, d.count) for d in per_day] == [
        (date(2026, 2, 28), 0),
        (date(2026, 3, 1), 3),
        (date(2026, 3, 2), 0),
        (date(2026, 3, 3), 2),
    ]
    forecast = stats.due_forecast(synced, at(3), days=3)
    # The three overdue since 2 March count today; two fall due tomorrow.
    assert [(d.day, d.count) for d in forecast] == [
        (date(2026, 3, 3), 3),
        (date(2026, 3, 4), 2),
        (date(2026, 3, 5), 0),
    ]
    assert len(stats.due_forecast(synced, at(3))) == 30


def test_retention_counts_first_answers_of_the_day(synced: Store) -> None:
    queue = synced.queue(at(1), [DECK])
    synced.answer(queue[0].id, 5, at(1))
    synced.answer(queue[1].id, 3, at(1))
    synced.answer(queue[2].id, 2, at(1))
    synced.answer(queue[2].id, 1, at(1))  # a same-day repeat: not counted
    result = stats.retention(synced, at(5))
    # One meaning of a pass everywhere: graded 4 or 5, so the 3 is not one.
    assert (result.answers, result.passed) == (3, 1)
    assert result.rate == pytest.approx(1 / 3)
    assert stats.retention(synced, at(5, month=5)).rate is None  # nothing in the last 30 days


def test_weakest_muscles_sum_lapses_per_muscle(synced: Store) -> None:
    cards = {c.id: c for c in synced.queue(at(1), new_per_day=100)}
    for suffix in ("origin", "insertion"):
        synced.answer(f"{DECK}/muscle-2/{suffix}", 1, at(1))
    synced.answer(f"{DECK}/muscle-5/origin", 0, at(1))
    synced.answer(f"{DECK}/muscle-6/origin", 5, at(1))
    assert f"{DECK}/muscle-2/origin" in cards
    weakest = stats.muscle_lapses(synced)
    assert [(m.muscle, m.name, m.lapses) for m in weakest] == [
        ("muscle-2", "Muscle 2", 2),
        ("muscle-5", "Muscle 5", 1),
    ]


def test_streak_counts_consecutive_study_days(synced: Store) -> None:
    queue = synced.queue(at(1), [DECK], new_per_day=100)
    for day, card in zip([1, 2, 3, 5, 6], queue, strict=False):
        synced.answer(card.id, 5, at(day))
    assert stats.streak(synced, at(6)) == 2
    assert stats.streak(synced, at(7)) == 2  # today not studied yet: the streak still stands
    assert stats.streak(synced, at(8)) == 0
    assert stats.streak(synced, at(3)) == 3
