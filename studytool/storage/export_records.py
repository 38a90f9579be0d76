"""What was exported to Anki: each card's content and note time at its last export.

Anki updates a note it already has only when the incoming one is newer, and then
reports it updated even if nothing in it changed. So each card keeps the note time it
was last written with: an unchanged card is written again with that same time (Anki
leaves it alone), a changed or new one with a time later than every earlier export's.
The content hashes also let an export report what changed since.

Per deck, one JSON object: card id -> "CONTENT-HASH NOTE-TIME" (one string rather than
a pair: quicker to write and read, for tens of thousands of cards at each export).
Exports before note times were kept wrote card id -> content hash; every note of such
an export carried the export's one note time, which is read from its `exports` row.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from studytool.storage.connection import Connection
from studytool.storage.rows import utc_text

__all__ = ["exported_hashes", "exported_notes", "next_note_time", "record_export"]


def exported_notes(db: Connection, decks: Sequence[str]) -> dict[str, tuple[str, int]]:
    """Card id -> (content hash, note time) at its last export, for these decks' cards."""
    found: dict[str, tuple[str, int]] = {}
    for deck in decks:
        rows = db.rows(
            "SELECT d.hashes, coalesce(e.note_time, 0) AS note_time FROM exported_decks AS d"
            " LEFT JOIN exports AS e ON e.id = d.export_id WHERE d.deck = ?",
            [deck],
        )
        for row in rows:
            export_time = int(row["note_time"])
            for card_id, recorded in json.loads(row["hashes"]).items():
                content_hash, _, note_time = recorded.partition(" ")
                # Without a time, it was written before note times were kept.
                found[card_id] = (content_hash, int(note_time) if note_time else export_time)
    return found


def exported_hashes(db: Connection, decks: Sequence[str]) -> dict[str, str]:
    """Card id -> content hash at the last export, for every card of these decks."""
    found: dict[str, str] = {}
    for deck in decks:
        for row in db.rows("SELECT hashes FROM exported_decks WHERE deck = ?", [deck]):
            for card_id, recorded in json.loads(row["hashes"]).items():
                found[card_id] = recorded.partition(" ")[0]
    return found


def next_note_time(db: Connection, now: datetime) -> int:
    """A note modification time (whole seconds) later than every earlier export's."""
    (row,) = db.rows("SELECT max(note_time) AS last FROM exports")
    last = row["last"]
    now_seconds = int(now.timestamp())
    return now_seconds if last is None else max(now_seconds, int(last) + 1)


def record_export(
    db: Connection,
    hashes: Mapping[str, Mapping[str, str]],
    path: Path,
    now: datetime,
    note_time: int,
    note_times: Mapping[str, int] | None = None,
) -> None:
    """Remember an export: per deck, card id -> content hash; each card's note time
    (from `note_times`, else the export's `note_time`); and the export's note time."""
    times = note_times or {}
    with db.write() as conn:
        cursor = conn.execute(
            "INSERT INTO exports (exported_at, note_time, path, notes) VALUES (?, ?, ?, ?)",
            (utc_text(now), note_time, str(path), sum(len(cards) for cards in hashes.values())),
        )
        conn.executemany(
            "INSERT INTO exported_decks (deck, hashes, export_id) VALUES (?, ?, ?)"
            " ON CONFLICT (deck) DO UPDATE SET hashes = excluded.hashes,"
            " export_id = excluded.export_id",
            [
                (
                    deck,
                    json.dumps(
                        {
                            card_id: f"{content_hash} {times.get(card_id, note_time)}"
                            for card_id, content_hash in cards.items()
                        }
                    ),
                    cursor.lastrowid,
                )
                for deck, cards in hashes.items()
            ],
        )
