"""Today's study queue, and what will be due on a later day."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
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

__all__ = ["DeckPlan", "count_due", "plan", "queue"]

#: Rows read at a time while picking cards, when siblings may be skipped.
_PAGE = 64


@dataclass
class DeckPlan:
    """The reviews and new cards one deck offers today, in the order they come."""

    due: list[sqlite3.Row] = field(default_factory=list)
    new: list[sqlite3.Row] = field(default_factory=list)


def plan(
    db: Connection,
    today: date,
    decks: Sequence[str] | None,
    limits: DailyLimits,
    *,
    bury_siblings: bool,
) -> dict[str, DeckPlan]:
    """Per deck, the due reviews (most overdue first) and new cards (in introduction
    order) that today's queue offers, within the deck's daily limits.

    With `bury_siblings`, a muscle gives at most one card a day, as Anki buries a card's
    siblings: none of a muscle answered today, and one of the others (a due review
    before a new card). Free cards stand alone. The deck list counts this very plan.
    """
    day = today.isoformat()
    if decks is None:
        decks = [row["id"] for row in db.rows("SELECT id FROM decks ORDER BY id")]
    done = done_today(db, today)
    taken = _muscles_answered(db, day) if bury_siblings else set()
    plans: dict[str, DeckPlan] = {}
    for deck in decks:
        finished = done.get(deck, DoneToday())
        params: dict[str, object] = {"deck": deck, "today": day}
        deck_plan = DeckPlan()
        deck_plan.due = _pick(
            db,
            "SELECT s.card_id, s.deck, s.due, s.position, c.muscle FROM card_state AS s"
            f" JOIN cards AS c ON c.id = s.card_id WHERE s.deck = :deck AND {DUE}"
            f" AND {AVAILABLE} ORDER BY s.due, s.position",
            params,
            limits.review_room(finished.reviews),
            taken if bury_siblings else None,
        )
        deck_plan.new = _pick(
            db,
            "SELECT s.card_id, s.deck, s.position, c.muscle FROM card_state AS s INDEXED BY"
            " card_state_new JOIN cards AS c ON c.id = s.card_id"
            f" WHERE s.deck = :deck AND {NEW} AND {AVAILABLE} ORDER BY s.position",
            params,
            limits.new_room(finished.new),
            taken if bury_siblings else None,
        )
        plans[deck] = deck_plan
    return plans


def queue(
    db: Connection,
    today: date,
    decks: Sequence[str] | None,
    limits: DailyLimits,
    *,
    bury_siblings: bool = False,
) -> list[StudyCard]:
    """Today's cards: due reviews (most overdue first), then new cards, then repeats.

    The limits are per deck, as in Anki and as the deck list counts them. Cards graded
    below a pass today (repeats) come last, in the order they were failed.
    """
    plans = plan(db, today, decks, limits, bury_siblings=bury_siblings)
    due = sorted(
        (row for deck_plan in plans.values() for row in deck_plan.due),
        key=lambda row: (row["due"], row["deck"], row["position"]),
    )
    new = sorted(
        (row for deck_plan in plans.values() for row in deck_plan.new),
        key=lambda row: (row["deck"], row["position"]),
    )
    deck_filter, deck_params = in_decks(list(plans))
    repeats = db.rows(
        f"SELECT s.card_id FROM card_state AS s WHERE {REPEATING} AND {deck_filter}"
        f" AND {AVAILABLE}"
        " ORDER BY (SELECT max(r.id) FROM reviews AS r WHERE r.card_id = s.card_id)",
        {"today": today.isoformat()} | deck_params,
    )
    return read_cards(db, [row["card_id"] for row in (*due, *new, *repeats)])


def _pick(
    db: Connection,
    sql: str,
    params: dict[str, object],
    room: int,
    taken: set[tuple[str, str]] | None,
) -> list[sqlite3.Row]:
    """Up to `room` rows of `sql`, in its order. With `taken` (deck, muscle) pairs,
    a row of a muscle already taken is skipped, and each row taken adds its muscle."""
    if room <= 0:
        return []
    if taken is None:
        return db.rows(f"{sql} LIMIT :room", params | {"room": room})
    picked: list[sqlite3.Row] = []
    for row in _pages(db, sql, params):
        muscle = row["muscle"]
        if muscle is not None:
            if (row["deck"], muscle) in taken:
                continue
            taken.add((row["deck"], muscle))
        picked.append(row)
        if len(picked) == room:
            break
    return picked


def _pages(db: Connection, sql: str, params: dict[str, object]) -> Iterator[sqlite3.Row]:
    """The rows of `sql`, read a page at a time (each page under the lock on its own)."""
    offset = 0
    while True:
        rows = db.rows(
            f"{sql} LIMIT :page OFFSET :offset", params | {"page": _PAGE, "offset": offset}
        )
        yield from rows
        if len(rows) < _PAGE:
            return
        offset += _PAGE


def _muscles_answered(db: Connection, day: str) -> set[tuple[str, str]]:
    """The (deck, muscle) pairs with an answer on study day `day`: their siblings wait
    for another day. Crammed answers are practice, not study, and do not count."""
    return {
        (row["deck"], row["muscle"])
        for row in db.rows(
            "SELECT DISTINCT c.deck, c.muscle FROM reviews AS r JOIN cards AS c"
            " ON c.id = r.card_id WHERE r.study_day = :day AND c.muscle IS NOT NULL"
            " AND r.kind != 'cram'",
            {"day": day},
        )
    }


def count_due(db: Connection, day: date, decks: Sequence[str] | None) -> int:
    """Reviews that will be due on study day `day` (overdue ones included)."""
    deck_filter, deck_params = in_decks(decks)
    (row,) = db.rows(
        f"SELECT count(*) AS n FROM card_state AS s WHERE {DUE} AND {AVAILABLE} AND {deck_filter}",
        {"today": day.isoformat()} | deck_params,
    )
    return int(row["n"])
