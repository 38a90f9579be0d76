"""Counts and history for the screens: each figure is one SQL query over the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from studytool.store import DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY, Store

__all__ = [
    "DayCount",
    "DeckCounts",
    "MuscleLapses",
    "Retention",
    "deck_counts",
    "due_forecast",
    "muscle_lapses",
    "retention",
    "reviews_per_day",
    "streak",
]

_AVAILABLE = (
    "s.retired = 0 AND s.suspended = 0 AND (s.buried_until IS NULL OR s.buried_until <= :today)"
)


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
    """Share of first answers of the day graded 3 or more (same-day repeats excluded)."""

    answers: int
    passed: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.answers if self.answers else None


@dataclass(frozen=True, slots=True)
class MuscleLapses:
    deck: str
    muscle: str
    name: str
    lapses: int


def deck_counts(
    store: Store,
    now: datetime,
    new_per_day: int = DEFAULT_NEW_PER_DAY,
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY,
) -> list[DeckCounts]:
    """New, learning and due counts for today, per deck, in title order.

    New and due are what today's per-deck limits still let in, as the queue applies them.
    """
    today = store.today(now).isoformat()
    # One query; each figure is a correlated count over its own index, so the cost
    # grows with what is due, not with the size of the collection.
    rows = store.query(
        f"""
        SELECT d.id, d.title,
            (SELECT count(*) FROM card_state AS s
              WHERE s.deck = d.id AND s.retired = 0) AS total,
            (SELECT count(*) FROM card_state AS s
              WHERE s.deck = d.id AND s.retired = 0 AND s.suspended = 1) AS suspended,
            (SELECT count(*) FROM card_state AS s INDEXED BY card_state_new
              WHERE s.deck = d.id AND s.due IS NULL AND {_AVAILABLE}) AS new_waiting,
            (SELECT count(*) FROM card_state AS s
              WHERE s.deck = d.id AND s.due <= :today
                AND coalesce(s.learning_day, '') != :today AND {_AVAILABLE}) AS due,
            (SELECT count(*) FROM card_state AS s
              WHERE s.learning_day = :today AND s.deck = d.id AND {_AVAILABLE}) AS learning,
            (SELECT count(*) FROM reviews AS r
              WHERE r.deck = d.id AND r.study_day = :today AND r.kind = 'new') AS new_done,
            (SELECT count(*) FROM reviews AS r
              WHERE r.deck = d.id AND r.study_day = :today AND r.kind = 'review')
              AS review_done,
            (SELECT max(r.answered_at) FROM reviews AS r WHERE r.deck = d.id) AS last_studied
        FROM decks AS d
        ORDER BY d.title, d.id
        """,
        {"today": today},
    )
    return [
        DeckCounts(
            deck=row["id"],
            title=row["title"],
            total=row["total"],
            new=max(0, min(row["new_waiting"], new_per_day - row["new_done"])),
            new_waiting=row["new_waiting"],
            learning=row["learning"],
            due=max(0, min(row["due"], reviews_per_day - row["review_done"])),
            suspended=row["suspended"],
            last_studied=datetime.fromisoformat(row["last_studied"])
            if row["last_studied"]
            else None,
        )
        for row in rows
    ]


def reviews_per_day(store: Store, now: datetime, days: int = 30) -> list[DayCount]:
    """Answers given on each of the last `days` study days, oldest first, zeros included."""
    today = store.today(now)
    first = today - timedelta(days=days - 1)
    counts = {
        row["study_day"]: row["n"]
        for row in store.query(
            "SELECT study_day, count(*) AS n FROM reviews"
            " WHERE study_day BETWEEN :first AND :today GROUP BY study_day",
            {"first": first.isoformat(), "today": today.isoformat()},
        )
    }
    return _fill(first, days, counts)


def due_forecast(store: Store, now: datetime, days: int = 30) -> list[DayCount]:
    """Cards falling due on each of the next `days` study days; today includes overdue."""
    today = store.today(now)
    last = today + timedelta(days=days - 1)
    counts = {
        row["day"]: row["n"]
        for row in store.query(
            f"""
            SELECT max(s.due, :today) AS day, count(*) AS n FROM card_state AS s
            WHERE s.due IS NOT NULL AND s.due <= :last AND {_AVAILABLE}
            GROUP BY day
            """,
            {"today": today.isoformat(), "last": last.isoformat()},
        )
    }
    return _fill(today, days, counts)


def retention(store: Store, now: datetime, days: int = 30) -> Retention:
    """How often the first answer of the day was right (3 or more) over the last `days` days."""
    today = store.today(now)
    (row,) = store.query(
        "SELECT count(*) AS answers, coalesce(sum(quality >= 3), 0) AS passed FROM reviews"
        " WHERE study_day > :since AND study_day <= :today AND kind != 'repeat'",
        {"since": (today - timedelta(days=days)).isoformat(), "today": today.isoformat()},
    )
    return Retention(row["answers"], row["passed"])


def muscle_lapses(store: Store, limit: int = 10) -> list[MuscleLapses]:
    """The muscles whose cards lapsed most: a trainee's weakest muscles."""
    return [
        MuscleLapses(row["deck"], row["muscle"], row["name"], row["lapses"])
        for row in store.query(
            """
            SELECT c.deck, c.muscle, max(c.muscle_name) AS name, sum(s.lapses) AS lapses
            FROM card_state AS s JOIN cards AS c ON c.id = s.card_id
            WHERE c.muscle IS NOT NULL AND s.retired = 0 AND s.lapses > 0
            GROUP BY c.deck, c.muscle
            ORDER BY lapses DESC, name
            LIMIT :limit
            """,
            {"limit": limit},
        )
    ]


def streak(store: Store, now: datetime) -> int:
    """Consecutive study days with answers, ending today (or yesterday, if not yet today)."""
    today = store.today(now)
    days = [
        date.fromisoformat(row["study_day"])
        for row in store.query(
            "SELECT DISTINCT study_day FROM reviews WHERE study_day <= :today"
            " ORDER BY study_day DESC",
            {"today": today.isoformat()},
        )
    ]
    expected = today if days and days[0] == today else today - timedelta(days=1)
    count = 0
    for day in days:
        if day != expected:
            break
        count += 1
        expected -= timedelta(days=1)
    return count


def _fill(first: date, days: int, counts: dict[str, int]) -> list[DayCount]:
    return [
        DayCount(day, counts.get(day.isoformat(), 0))
        for day in (first + timedelta(days=offset) for offset in range(days))
    ]
