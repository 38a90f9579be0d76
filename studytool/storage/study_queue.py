"""Today's study queue, and what will be due on a later day."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date

from studytool.core.daily_limits import DailyLimits
from studytool.storage.connection import Connection
from studytool.storage.records import StudyCard
from studytool.storage.rows import read_cards
from studytool.storage.studyable import (
    AVAILABLE,
    DUE,
    NEW,
    REPEATING,
    DoneToday,
    done_today,
    in_decks,
)

__all__ = ["count_due", "queue"]


def queue(
    db: Connection, today: date, decks: Sequence[str] | None, limits: DailyLimits
) -> list[StudyCard]:
    """Today's cards: due reviews (most overdue first), then new cards, then repeats.

    The limits are per deck, as in Anki and as the deck list counts them. Cards graded
    below 4 today (repeats) come last, in the order they were failed.
    """
    day = today.isoformat()
    if decks is None:
        decks = [row["id"] for row in db.rows("SELECT id FROM decks ORDER BY id")]
    done = done_today(db, today)
    due: list[sqlite3.Row] = []
    new: list[sqlite3.Row] = []
    # Two short index range scans per deck, each stopping at that deck's limit.
    for deck in decks:
        finished = done.get(deck, DoneToday())
        params = {"deck": deck, "today": day}
        due += db.rows(
            "SELECT s.card_id, s.deck, s.due, s.position FROM card_state AS s"
            f" WHERE s.deck = :deck AND {DUE} AND {AVAILABLE}"
            " ORDER BY s.due, s.position LIMIT :room",
            params | {"room": limits.review_room(finished.reviews)},
        )
        new += db.rows(
            "SELECT s.card_id, s.deck, s.position FROM card_state AS s INDEXED BY"
            f" card_state_new WHERE s.deck = :deck AND {NEW} AND {AVAILABLE}"
            " ORDER BY s.position LIMIT :room",
            params | {"room": limits.new_room(finished.new)},
        )
    due.sort(key=lambda row: (row["due"], row["deck"], row["position"]))
    new.sort(key=lambda row: (row["deck"], row["position"]))
    deck_filter, deck_params = in_decks(decks)
    repeats = db.rows(
        f"SELECT s.card_id FROM card_state AS s WHERE {REPEATING} AND {deck_filter}"
        f" AND {AVAILABLE}"
        " ORDER BY (SELECT max(r.id) FROM reviews AS r WHERE r.card_id = s.card_id)",
        {"today": day} | deck_params,
    )
    return read_cards(db, [row["card_id"] for row in (*due, *new, *repeats)])


def count_due(db: Connection, day: date, decks: Sequence[str] | None) -> int:
    """Reviews that will be due on study day `day` (overdue ones included)."""
    deck_filter, deck_params = in_decks(decks)
    (row,) = db.rows(
        f"SELECT count(*) AS n FROM card_state AS s WHERE {DUE} AND {AVAILABLE} AND {deck_filter}",
        {"today": day.isoformat()} | deck_params,
    )
    return int(row["n"])
