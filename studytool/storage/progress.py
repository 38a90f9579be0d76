"""The store's named queries behind the deck list and the statistics screen.

Each is one query; `studytool/stats.py` turns their rows into the figures people see.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from studytool.core.schedulers.fsrs import FSRSMemory
from studytool.storage.connection import Connection
from studytool.storage.studyable import ACTIVE, AVAILABLE, NEW, REPEATING, in_decks

__all__ = [
    "DeckFigures",
    "MuscleLapses",
    "answers_per_day",
    "deck_figures",
    "due_per_day",
    "first_answers",
    "muscle_lapses",
    "study_days",
]


@dataclass(frozen=True, slots=True)
class DeckFigures:
    """One deck's cards today, before the daily limits are applied (what today's queue
    offers is `study_queue.plan`)."""

    deck: str
    title: str
    total: int  # active cards
    suspended: int
    new_waiting: int  # new cards not suspended or buried (before limits and waits)
    learning: int  # failed today, coming back today
    last_studied: datetime | None


@dataclass(frozen=True, slots=True)
class MuscleLapses:
    deck: str
    muscle: str
    name: str
    lapses: int


def deck_figures(db: Connection, today: date, decks: Sequence[str] | None) -> list[DeckFigures]:
    """The figures of these decks (every deck when None) for study day `today`, in
    course order (each deck file's `order:`), then by title."""
    deck_filter, deck_params = in_decks(decks, "d.id")
    # Each figure is a correlated count over its own index, so the cost grows with
    # what is due, not with the size of the collection.
    rows = db.rows(
        f"""
        SELECT d.id, d.title,
            (SELECT count(*) FROM card_state AS s
              WHERE s.deck = d.id AND {ACTIVE}) AS total,
            (SELECT count(*) FROM card_state AS s
              WHERE s.deck = d.id AND {ACTIVE} AND s.suspended = 1) AS suspended,
            (SELECT count(*) FROM card_state AS s INDEXED BY card_state_new
              WHERE s.deck = d.id AND {NEW} AND {AVAILABLE}) AS new_waiting,
            (SELECT count(*) FROM card_state AS s
              WHERE {REPEATING} AND s.deck = d.id AND {AVAILABLE}) AS learning,
            (SELECT r.answered_at FROM reviews AS r WHERE r.deck = d.id AND r.kind != 'cram'
              ORDER BY r.answered_at DESC LIMIT 1) AS last_studied
        FROM decks AS d
        WHERE {deck_filter}
        ORDER BY d.course_order IS NULL, d.course_order, d.title, d.id
        """,
        {"today": today.isoformat()} | deck_params,
    )
    return [
        DeckFigures(
            deck=row["id"],
            title=row["title"],
            total=row["total"],
            suspended=row["suspended"],
            new_waiting=row["new_waiting"],
            learning=row["learning"],
            last_studied=datetime.fromisoformat(row["last_studied"])
            if row["last_studied"]
            else None,
        )
        for row in rows
    ]


def answers_per_day(db: Connection, first: date, last: date) -> dict[date, int]:
    """Answers given on each study day from `first` to `last` that had any."""
    return {
        date.fromisoformat(row["study_day"]): row["n"]
        for row in db.rows(
            "SELECT study_day, count(*) AS n FROM reviews"
            " WHERE study_day BETWEEN :first AND :last AND kind != 'cram' GROUP BY study_day",
            {"first": first.isoformat(), "last": last.isoformat()},
        )
    }


def due_per_day(
    db: Connection, today: date, last: date, decks: Sequence[str] | None
) -> dict[date, int]:
    """Cards of these decks (every deck when None) falling due on each study day from
    `today` to `last`; today holds the overdue ones too."""
    deck_filter, deck_params = in_decks(decks)
    return {
        date.fromisoformat(row["day"]): row["n"]
        for row in db.rows(
            f"""
            SELECT max(s.due, :today) AS day, count(*) AS n FROM card_state AS s
            WHERE s.due IS NOT NULL AND s.due <= :last AND {AVAILABLE} AND {deck_filter}
            GROUP BY day
            """,
            {"today": today.isoformat(), "last": last.isoformat()} | deck_params,
        )
    }


def first_answers(db: Connection, after: date, last: date, passing: int) -> tuple[int, int]:
    """First answers of the day (same-day repeats and crammed answers left out) on the
    study days after `after` up to `last`: how many, and how many were graded `passing`
    or more."""
    (row,) = db.rows(
        "SELECT count(*) AS answers, coalesce(sum(quality >= :passing), 0) AS passed"
        " FROM reviews WHERE study_day > :after AND study_day <= :last"
        " AND kind IN ('new', 'review')",
        {"after": after.isoformat(), "last": last.isoformat(), "passing": passing},
    )
    return int(row["answers"]), int(row["passed"])


def muscle_lapses(db: Connection, limit: int, decks: Sequence[str] | None) -> list[MuscleLapses]:
    """The muscles of these decks (every deck when None) whose cards lapsed most, most
    first."""
    deck_filter, deck_params = in_decks(decks)
    return [
        MuscleLapses(row["deck"], row["muscle"], row["name"], row["lapses"])
        for row in db.rows(
            f"""
            SELECT c.deck, c.muscle, max(c.muscle_name) AS name, sum(s.lapses) AS lapses
            FROM card_state AS s JOIN cards AS c ON c.id = s.card_id
            WHERE c.muscle IS NOT NULL AND {ACTIVE} AND s.lapses > 0 AND {deck_filter}
            GROUP BY c.deck, c.muscle
            ORDER BY lapses DESC, name
            LIMIT :limit
            """,
            {"limit": limit} | deck_params,
        )
    ]


def study_days(db: Connection, last: date) -> list[date]:
    """The study days up to `last` with at least one answer, newest first."""
    return [
        date.fromisoformat(row["study_day"])
        for row in db.rows(
            "SELECT DISTINCT study_day FROM reviews WHERE study_day <= :last"
            " AND kind != 'cram' ORDER BY study_day DESC",
            {"last": last.isoformat()},
        )
    ]


def memories(db: Connection, decks: Sequence[str] | None) -> list[FSRSMemory]:
    """FSRS's memory of every answered card in use and not suspended (none under SM-2)."""
    deck_filter, deck_params = in_decks(decks)
    return [
        FSRSMemory(
            row["stability"],
            row["difficulty"],
            row["fsrs_phase"],
            row["fsrs_step"],
            date.fromisoformat(row["last_review"]),
        )
        for row in db.rows(
            "SELECT stability, difficulty, fsrs_phase, fsrs_step, last_review"
            f" FROM card_state AS s WHERE s.stability IS NOT NULL AND {ACTIVE}"
            f" AND s.suspended = 0 AND {deck_filter}",
            deck_params,
        )
    ]
