"""Suspensions and buries that cross with the trainee's Anki account: each card's
state here, what the two sides last agreed, and the agreement applied here (the rule
is `core/set_aside.agree`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from studytool.core.set_aside import SetAside
from studytool.storage.connection import Connection

__all__ = ["apply_here", "last_agreed", "remember_agreed", "set_aside_here"]


def set_aside_here(db: Connection, today: date, card_ids: Iterable[str]) -> dict[str, SetAside]:
    """The suspension and burying (on study day `today`) of these cards here."""
    wanted = set(card_ids)
    return {
        row["card_id"]: SetAside(
            bool(row["suspended"]),
            row["buried_until"] is not None and row["buried_until"] > today.isoformat(),
        )
        for row in db.rows("SELECT card_id, suspended, buried_until FROM card_state")
        if row["card_id"] in wanted
    }


def last_agreed(db: Connection) -> dict[str, SetAside]:
    """What the two sides agreed at the last sync."""
    return {
        row["card_id"]: SetAside(bool(row["suspended"]), bool(row["buried"]))
        for row in db.rows("SELECT card_id, suspended, buried FROM set_aside_agreed")
    }


def apply_here(
    db: Connection, agreed: Mapping[str, SetAside], here: Mapping[str, SetAside], today: date
) -> int:
    """Suspend, bring back, bury or unbury the cards whose agreed state differs from
    theirs here (a card buried by agreement rests until the next study day). Returns
    how many changed; one transaction."""
    changes = [(card_id, state) for card_id, state in agreed.items() if here.get(card_id) != state]
    tomorrow = (today + timedelta(days=1)).isoformat()
    with db.write() as conn:
        for card_id, state in changes:
            conn.execute(
                # A leech brought back stops being one, as when it is brought back here.
                "UPDATE card_state SET suspended = ?, leech = CASE WHEN ? THEN leech ELSE 0 END,"
                " buried_until = CASE WHEN ? THEN coalesce(max(buried_until, ?), ?) END"
                " WHERE card_id = ?",
                (
                    int(state.suspended),
                    int(state.suspended),
                    int(state.buried),
                    tomorrow,
                    tomorrow,
                    card_id,
                ),
            )
    return len(changes)


def remember_agreed(db: Connection, agreed: Mapping[str, SetAside]) -> None:
    """Keep the agreement, for the next sync to tell which side changed."""
    with db.write() as conn:
        conn.executemany(
            "INSERT INTO set_aside_agreed (card_id, suspended, buried) VALUES (?, ?, ?)"
            " ON CONFLICT (card_id) DO UPDATE SET suspended = excluded.suspended,"
            " buried = excluded.buried",
            [(card, int(state.suspended), int(state.buried)) for card, state in agreed.items()],
        )
