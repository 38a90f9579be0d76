"""Browse: cards found by a search, a card's answers, where a deck's file is."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studytool.storage.connection import Connection
from studytool.storage.records import StudyCard
from studytool.storage.rows import read_cards
from studytool.storage.studyable import STATE_FILTERS, in_decks

if TYPE_CHECKING:
    from studytool.core.search_syntax import Query

__all__ = ["card_history", "deck_path", "search"]

_TEXT_COLUMNS = ("c.front", "c.back", "c.notes", "c.muscle_name")


def search(
    db: Connection, query: Query, today: date, limit: int, decks: Sequence[str] | None
) -> list[StudyCard]:
    """Cards of these decks (every deck when None) matching a browse query (see
    `core/search_syntax.py`), deck by deck in course order."""
    deck_filter, deck_params = in_decks(decks)
    where = ["c.retired = 0", deck_filter]
    params: dict[str, object] = {"today": today.isoformat(), "limit": limit} | deck_params
    if query.deck:
        where.append("c.deck = :deck")
        params["deck"] = query.deck
    if query.muscle:
        # A pose or move card is found under each muscle it names, by id or by name.
        where.append(
            "(c.muscle = :muscle OR c.muscle_name LIKE :muscle_like ESCAPE '\\'"
            " OR (c.members != '[]' AND EXISTS (SELECT 1 FROM json_each(c.members) AS m"
            " WHERE m.value = :muscle OR EXISTS (SELECT 1 FROM cards AS named"
            " WHERE named.muscle = m.value AND named.deck = c.deck"
            " AND named.muscle_name LIKE :muscle_like ESCAPE '\\'))))"
        )
        params |= {"muscle": query.muscle, "muscle_like": _like(query.muscle)}
    if query.region:
        where.append("c.region LIKE :region ESCAPE '\\'")
        params["region"] = _like(query.region)
    if query.kind:
        where.append("c.kind = :kind")
        params["kind"] = query.kind.value
    if query.state:
        where.append(STATE_FILTERS[query.state])
    for index, word in enumerate(query.words):
        name = f"word{index}"
        where.append(
            "("
            + " OR ".join(f"{column} LIKE :{name} ESCAPE '\\'" for column in _TEXT_COLUMNS)
            + ")"
        )
        params[name] = _like(word)
    rows = db.rows(
        "SELECT c.id FROM cards AS c JOIN card_state AS s ON s.card_id = c.id"
        " LEFT JOIN decks AS d ON d.id = c.deck"
        f" WHERE {' AND '.join(where)}"
        " ORDER BY d.course_order IS NULL, d.course_order, d.title, c.deck, c.position"
        " LIMIT :limit",
        params,
    )
    return read_cards(db, [row["id"] for row in rows])


def card_history(db: Connection, card_id: str) -> list[dict[str, Any]]:
    """Every answer a card has had, oldest first."""
    return db.query(
        "SELECT answered_at, study_day, quality, kind, duration_ms, interval_after,"
        " due_after, easiness_after FROM reviews WHERE card_id = ? ORDER BY id",
        [card_id],
    )


def deck_path(db: Connection, deck_id: str) -> Path | None:
    """Where the deck file was found at the last sync."""
    rows = db.rows("SELECT path FROM decks WHERE id = ?", [deck_id])
    return Path(rows[0]["path"]) if rows else None


def _like(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with LIKE's own wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
