"""The figures on the deck list and the statistics screen, from the store's named queries.

The store counts (`storage/progress.py`); this applies the daily limits and fills in
the days without answers, as people read the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from studytool.core.daily_limits import (
    DEFAULT_NEW_PER_DAY,
    DEFAULT_REVIEWS_PER_DAY,
    DailyLimits,
)
from studytool.core.scheduling import SM2
from studytool.storage import Store
from studytool.storage.progress import MuscleLapses

__all__ = [
    "DayCount",
    "DeckCounts",
    "MuscleLapses",
    "Recall",
    "Retention",
    "deck_counts",
    "due_forecast",
    "estimated_recall",
    "muscle_lapses",
    "retention",
    "reviews_per_day",
    "streak",
]


@dataclass(frozen=True, slots=True)
class DeckCounts:
    """One deck's line on the deck list."""

    deck: str
    title: str
    total: int  # active cards (not retired)
    new: int  # new cards that today's new-card limit still lets in
    new_waiting: int  # all new cards not yet seen
    learning: int  # failed today, coming back this session
    due: int  # reviews due today or overdue
    suspended: int
    last_studied: datetime | None


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True, slots=True)
class Retention:
    """Share of first answers of the day that passed (as the database's scheduler counts
    a pass: `pass_words`); same-day repeats excluded."""

    answers: int
    passed: int
    pass_words: str = SM2.pass_words

    @property
    def rate(self) -> float | None:
        return self.passed / self.answers if self.answers else None


@dataclass(frozen=True, slots=True)
class Recall:
    """Under FSRS: the chance of recalling each answered card now, on average, beside
    the retention it schedules for."""

    cards: int
    average: float | None
    desired: float


def estimated_recall(store: Store, now: datetime) -> Recall | None:
    """FSRS's estimate of how much of what was studied would be recalled now; None
    under SM-2, which makes no such estimate."""
    scheduling = store.scheduling()
    if not scheduling.is_fsrs:
        return None
    today = store.today(now)
    chances = [scheduling.recall(memory, today) or 0.0 for memory in store.memories()]
    average = sum(chances) / len(chances) if chances else None
    return Recall(len(chances), average, scheduling.fsrs.desired_retention)


def deck_counts(
    store: Store,
    now: datetime,
    new_per_day: int = DEFAULT_NEW_PER_DAY,
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY,
    bury_siblings: bool = True,
) -> list[DeckCounts]:
    """New, learning and due counts for today, per deck, in course order then by title.

    New and due are what today's queue offers: the per-deck limits and, with
    `bury_siblings`, one card a muscle a day, applied by the queue's own plan.
    """
    today = store.today(now)
    limits = DailyLimits(new_per_day, reviews_per_day)
    offered = store.offered_today(today, limits, bury_siblings=bury_siblings)
    counts = []
    for figures in store.deck_figures(today):
        new, due = offered.get(figures.deck, (0, 0))
        counts.append(
            DeckCounts(
                deck=figures.deck,
                title=figures.title,
                total=figures.total,
                new=new,
                new_waiting=figures.new_waiting,
                learning=figures.learning,
                due=due,
                suspended=figures.suspended,
                last_studied=figures.last_studied,
            )
        )
    return counts


def reviews_per_day(store: Store, now: datetime, days: int = 30) -> list[DayCount]:
    """Answers given on each of the last `days` study days, oldest first, zeros included."""
    today = store.today(now)
    first = today - timedelta(days=days - 1)
    return _fill(first, days, store.answers_per_day(first, today))


def due_forecast(store: Store, now: datetime, days: int = 30) -> list[DayCount]:
    """Cards falling due on each of the next `days` study days; today includes overdue."""
    today = store.today(now)
    return _fill(today, days, store.due_per_day(today, today + timedelta(days=days - 1)))


def retention(store: Store, now: datetime, days: int = 30) -> Retention:
    """How often the first answer of the day passed over the last `days` days."""
    today = store.today(now)
    scheduling = store.scheduling()
    answers, passed = store.first_answers(
        today - timedelta(days=days), today, scheduling.passing_quality
    )
    return Retention(answers, passed, scheduling.pass_words)


def muscle_lapses(store: Store, limit: int = 10) -> list[MuscleLapses]:
    """The muscles whose cards lapsed most: a trainee's weakest muscles."""
    return store.muscle_lapses(limit)


def streak(store: Store, now: datetime) -> int:
    """Consecutive study days with answers, ending today (or yesterday, if not yet today)."""
    today = store.today(now)
    days = store.study_days(today)
    expected = today if days and days[0] == today else today - timedelta(days=1)
    count = 0
    for day in days:
        if day != expected:
            break
        count += 1
        expected -= timedelta(days=1)
    return count


def _fill(first: date, days: int, counts: dict[date, int]) -> list[DayCount]:
    return [
        DayCount(day, counts.get(day, 0))
        for day in (first + timedelta(days=offset) for offset in range(days))
    ]
