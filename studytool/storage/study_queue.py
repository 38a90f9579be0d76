"""Today's study queue, and what will be due on a later day."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from studytool.core.card import muscle_in_card_id
from studytool.core.daily_limits import DailyLimits
from studytool.storage.connection import Connection
from studytool.storage.records import StudyCard
from studytool.storage.rows import read_cards
from studytool.storage.studyable import (
    ACTIVE,
    AVAILABLE,
    DUE,
    NEW,
    REPEATING,
    DoneToday,
    done_today,
    in_decks,
)

__all__ = ["DeckPlan", "count_due", "plan", "queue"]

#: The fewest rows read at first while picking cards, when siblings may be skipped.
_FIRST_WINDOW = 64


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
    before a new card). Free cards stand alone, and so do pose and move cards, which
    name several muscles and belong to none (in Anki too they are notes of their own).
    A new pose or move card waits until every muscle it names has been met (one of its
    cards answered), whatever the setting. The deck list counts this very plan.
    """
    with db.reading():  # one state of the database for the whole plan
        return _plan(db, today, decks, limits, bury_siblings)


def _plan(
    db: Connection,
    today: date,
    decks: Sequence[str] | None,
    limits: DailyLimits,
    bury_siblings: bool,
) -> dict[str, DeckPlan]:
    day = today.isoformat()
    deck_filter, deck_params = in_decks(decks, "d.id")
    decks = [  # in course order, so studying every deck begins with the first
        row["id"]
        for row in db.rows(
            f"SELECT d.id FROM decks AS d WHERE {deck_filter}"
            " ORDER BY d.course_order IS NULL, d.course_order, d.title, d.id",
            deck_params,
        )
    ]
    done = done_today(db, today)
    taken = _muscles_answered(db, day) if bury_siblings else set()
    plans: dict[str, DeckPlan] = {}
    for deck in decks:
        finished = done.get(deck, DoneToday())
        params: dict[str, object] = {"deck": deck, "today": day}
        deck_plan = DeckPlan()
        deck_plan.due = _pick(
            db,
            "SELECT s.card_id, s.deck, s.due, s.position FROM card_state AS s"
            f" WHERE s.deck = :deck AND {DUE} AND {AVAILABLE}",
            ("due", "position"),
            params,
            limits.review_room(finished.reviews),
            taken if bury_siblings else None,
        )
        deck_plan.new = _pick(
            db,
            "SELECT s.card_id, s.deck, s.position FROM card_state AS s INDEXED BY"
            f" card_state_new WHERE s.deck = :deck AND {NEW} AND {AVAILABLE}",
            ("position",),
            params,
            limits.new_room(finished.new),
            taken if bury_siblings else None,
            _MusclesMet(db, deck),
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
    with db.reading():
        plans = _plan(db, today, decks, limits, bury_siblings)
        return _queue(db, today, plans)


def _queue(db: Connection, today: date, plans: dict[str, DeckPlan]) -> list[StudyCard]:
    """Today's cards in the order they are studied, from the decks' plans (which come
    in course order)."""
    rank = {deck: index for index, deck in enumerate(plans)}
    due = sorted(
        (row for deck_plan in plans.values() for row in deck_plan.due),
        key=lambda row: (row["due"], rank[row["deck"]], row["position"]),
    )
    new = sorted(
        (row for deck_plan in plans.values() for row in deck_plan.new),
        key=lambda row: (rank[row["deck"]], row["position"]),
    )
    deck_filter, deck_params = in_decks(list(plans))
    repeats = db.rows(
        f"SELECT s.card_id FROM card_state AS s WHERE {REPEATING} AND {deck_filter}"
        f" AND {AVAILABLE}"
        " ORDER BY (SELECT max(r.id) FROM reviews AS r WHERE r.card_id = s.card_id)",
        {"today": today.isoformat()} | deck_params,
    )
    return read_cards(db, [row["card_id"] for row in (*due, *new, *repeats)])


class _MusclesMet:
    """Whether the muscles a new pose or move card names have all been met in its deck.

    A muscle is met once a card of it has been answered, or when none of its new cards
    can be studied (all suspended), so that a card naming it does not wait for ever.
    Each muscle is looked up once a plan, through the index of cards by muscle, and
    only when such a card comes up: a deck without them pays nothing.
    """

    _MET = (
        "SELECT EXISTS (SELECT 1 FROM cards AS c JOIN card_state AS s ON s.card_id = c.id"
        f" WHERE c.muscle = :muscle AND c.deck = :deck AND NOT ({NEW}))"
        " OR NOT EXISTS (SELECT 1 FROM cards AS c JOIN card_state AS s ON s.card_id = c.id"
        f" WHERE c.muscle = :muscle AND c.deck = :deck AND {NEW} AND {ACTIVE}"
        " AND s.suspended = 0) AS met"
    )

    def __init__(self, db: Connection, deck: str) -> None:
        self._db, self._deck = db, deck
        self._met: dict[str, bool] = {}

    def waits(self, row: sqlite3.Row) -> bool:
        """Whether `row`'s card (with its `members`) must wait for its muscles."""
        if row["members"] == "[]":
            return False
        return not all(self._is_met(muscle) for muscle in json.loads(row["members"]))

    def _is_met(self, muscle: str) -> bool:
        met = self._met.get(muscle)
        if met is None:
            (row,) = self._db.rows(self._MET, {"muscle": muscle, "deck": self._deck})
            met = self._met[muscle] = bool(row["met"])
        return met


def _pick(
    db: Connection,
    sql: str,
    order: tuple[str, ...],
    params: dict[str, object],
    room: int,
    taken: set[tuple[str, str]] | None,
    muscles_met: _MusclesMet | None = None,
) -> list[sqlite3.Row]:
    """Up to `room` rows of `sql` (card_state rows as `s`) in the order of the `order`
    columns, each with its card's muscle. With `taken` (deck, muscle) pairs, a row of a muscle
    already taken is skipped, and each row taken adds its muscle. With `muscles_met`, a
    pose or move card whose muscles have not all been met is skipped.

    The rows are read in windows that grow fourfold (a top-N sort each, the muscle
    looked up for those rows only), so skipping siblings costs little more than the
    rows it skips; the caller holds the connection (`Connection.reading`).
    """
    if room <= 0:
        return []
    skips = taken is not None or muscles_met is not None
    window = max(room * 4, _FIRST_WINDOW) if skips else room
    while True:
        inner = ", ".join(f"s.{column}" for column in order)
        outer = ", ".join(f"w.{column}" for column in order)
        rows = db.rows(
            f"SELECT w.*, c.muscle, c.members FROM ({sql} ORDER BY {inner} LIMIT :window)"
            f" AS w JOIN cards AS c ON c.id = w.card_id ORDER BY {outer}",
            params | {"window": window},
        )
        read = len(rows)
        if muscles_met is not None:
            rows = [row for row in rows if not muscles_met.waits(row)]
        chosen: set[tuple[str, str]] = set()
        if taken is None:
            picked = rows[:room]
        else:
            picked, chosen = _one_a_muscle(rows, room, taken)
        if not skips or len(picked) == room or read < window:
            if taken is not None:
                taken |= chosen
            return picked
        window *= 4


def _one_a_muscle(
    rows: list[sqlite3.Row], room: int, taken: set[tuple[str, str]]
) -> tuple[list[sqlite3.Row], set[tuple[str, str]]]:
    """Up to `room` of `rows`, at most one a muscle and none of a muscle in `taken`;
    and the muscles they take."""
    picked: list[sqlite3.Row] = []
    chosen: set[tuple[str, str]] = set()
    for row in rows:
        muscle = row["muscle"]
        if muscle is not None:
            key = (row["deck"], muscle)
            if key in taken or key in chosen:
                continue
            chosen.add(key)
        picked.append(row)
        if len(picked) == room:
            break
    return picked, chosen


def _muscles_answered(db: Connection, day: str) -> set[tuple[str, str]]:
    """The (deck, muscle) pairs with an answer on study day `day`: their siblings wait
    for another day. Crammed answers are practice, not study, and do not count. An index
    holds each day's card ids, and an id names its deck and muscle, so no row is read."""
    pairs: set[tuple[str, str]] = set()
    for row in db.rows(
        "SELECT DISTINCT card_id FROM reviews INDEXED BY reviews_by_day_and_card"
        " WHERE study_day = :day AND kind != 'cram'",
        {"day": day},
    ):
        card_id: str = row["card_id"]
        muscle = muscle_in_card_id(card_id)
        if muscle is not None:
            pairs.add((card_id.split("/", 1)[0], muscle))
    return pairs


def count_due(db: Connection, day: date, decks: Sequence[str] | None) -> int:
    """Reviews that will be due on study day `day` (overdue ones included)."""
    deck_filter, deck_params = in_decks(decks)
    (row,) = db.rows(
        f"SELECT count(*) AS n FROM card_state AS s WHERE {DUE} AND {AVAILABLE} AND {deck_filter}",
        {"today": day.isoformat()} | deck_params,
    )
    return int(row["n"])
